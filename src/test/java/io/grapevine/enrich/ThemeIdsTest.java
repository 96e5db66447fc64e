package io.grapevine.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A theme learned again keeps its id; names come from the words specific to a theme. */
class ThemeIdsTest {
  private static Themes.Theme learned(String id, String... words) {
    return new Themes.Theme(id, String.join(" / ", List.of(words).subList(0, 3)), List.of(words), false, false);
  }

  @Test
  void aRecurringThemeKeepsItsIdAndANewOneTakesTheNextFreeId() {
    List<Themes.Theme> before = List.of(
        learned("t01", "refund", "charge", "bill", "invoice", "money"),
        learned("t02", "delivery", "parcel", "courier", "late", "package"),
        learned("t03", "app", "login", "crash", "update", "phone"));
    List<List<String>> now = List.of(
        List.of("parcel", "delivery", "courier", "package", "tracking"),   // t02 again, reordered
        List.of("network", "outage", "signal", "internet", "down"),        // new
        List.of("refund", "charge", "bill", "invoice", "waiting"));        // t01 again
    assertThat(Themes.stableIds(now, before, 0.3)).containsExactly("t02", "t04", "t01");
    // Pinned themes' names are not learned ids: a learned theme never takes one.
    List<Themes.Theme> pinned = List.of(new Themes.Theme("refunds", "refunds", List.of("refund", "charge", "bill",
        "invoice", "waiting"), true, false));
    assertThat(Themes.stableIds(now.subList(2, 3), pinned, 0.3)).containsExactly("t01");
  }

  @Test
  void aThemeIsNamedByItsOwnWordsNotTheCorpussCommonest() {
    String[] vocabulary = {"service", "refund", "parcel"};
    // "service" weighs as much in both centres; each centre's own word names it.
    double[][] centres = {{0.6, 0.8, 0.0}, {0.6, 0.0, 0.8}};
    List<List<String>> top = Themes.topWords(centres, vocabulary);
    assertThat(top.get(0).get(0)).isEqualTo("refund");
    assertThat(top.get(1).get(0)).isEqualTo("parcel");
    assertThat(top.get(0)).doesNotContain("parcel");
  }

  @Test
  void aPinnedThemesIdIsItsNameAndOverlapIsJaccard() {
    assertThat(Themes.pinnedId("Money back!")).isEqualTo("money_back");
    assertThat(Themes.jaccard(List.of("a", "b"), List.of("b", "c"))).isEqualTo(1.0 / 3);
  }
}
