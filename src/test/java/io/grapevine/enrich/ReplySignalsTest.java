package io.grapevine.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplySignalsTest {
  private static List<Row> signals(String... replies) {
    return ReplySignals.apply(SparkTestSession.get()
            .createDataset(Arrays.asList(replies), Encoders.STRING()).toDF(FeedbackSchema.RESPONSE_TEXT),
        ReplySignals.load(null))
        .select("reply_apology", "reply_you_are_wrong", "reply_calm_down", "reply_nothing_more", "reply_shouting")
        .collectAsList();
  }

  @Test
  void readsEnglishAndRussianReplies() {
    List<Row> out = signals(
        "We're SORRY for the delay, the refund is on its way.",
        "The charge is correct according to our records.",
        "Please calm down. That's all we can do.",
        "Приносим извинения за задержку.",
        "Вы ошибаетесь, успокойтесь.",
        "PLEASE READ THE FAQ BEFORE WRITING!!",
        "Your ticket has been updated.",
        null);
    assertThat(out.get(0).getBoolean(0)).isTrue();
    assertThat(out.get(0).getBoolean(4)).isFalse();
    assertThat(out.get(1).getBoolean(1)).isTrue();
    assertThat(out.get(1).getBoolean(0)).isFalse();
    assertThat(out.get(2).getBoolean(2)).isTrue();
    assertThat(out.get(2).getBoolean(3)).isTrue();
    assertThat(out.get(3).getBoolean(0)).isTrue();
    assertThat(out.get(4).getBoolean(1)).isTrue();
    assertThat(out.get(4).getBoolean(2)).isTrue();
    assertThat(out.get(5).getBoolean(4)).isTrue();
    assertThat(List.of(0, 1, 2, 3, 4)).allSatisfy(i -> assertThat(out.get(6).getBoolean(i)).isFalse());
    assertThat(List.of(0, 1, 2, 3, 4)).allSatisfy(i -> assertThat(out.get(7).isNullAt(i)).isTrue());
  }

  @Test
  void usersExtendTheRulesWithAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("signals.yaml");
    Files.writeString(file, "apology:\n  de: [\"\\\\bentschuldig\"]\n");
    Map<String, String> rules = ReplySignals.load(file.toString());
    assertThat(rules).containsOnlyKeys("apology");
    assertThat("Wir entschuldigen uns.").containsPattern(rules.get("apology"));
    Files.writeString(file, "apology:\n  en: [\"(sorry\"]\n");
    assertThatThrownBy(() -> ReplySignals.load(file.toString()))
        .isInstanceOf(UserInputException.class).hasMessageContaining("Reply signal 'apology' has an invalid pattern");
  }
}
