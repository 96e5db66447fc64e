package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
  @Test
  void markupBecomesTheTextAReaderSees() {
    assertThat(HtmlText.plain("<p>Nice, but shipping took <strong>three weeks</strong>.</p>\n"))
        .isEqualTo("Nice, but shipping took three weeks.");
    assertThat(HtmlText.plain("Good food.<br />Would buy again<br>twice")).isEqualTo("Good food.\nWould buy again\ntwice");
    assertThat(HtmlText.plain("<p>One</p><p>Two</p>")).isEqualTo("One\nTwo");
    assertThat(HtmlText.plain("<p>Caf&eacute; &amp; bar, it&#39;s &quot;fine&quot;</p>")).isEqualTo("Café & bar, it's \"fine\"");
    assertThat(HtmlText.plain("<a href=\"https://example.com/x\">link</a> broken")).isEqualTo("link broken");
  }

  @Test
  void textThatOnlyLooksLikeMarkupStaysAsWritten() {
    for (String text : new String[] {"I <3 it", "price < 10 and > 5", "R&D team", "AT&T; again", "<not a tag>",
        "Tom & Jerry", null, ""}) {
      assertThat(HtmlText.plain(text)).isEqualTo(text);
    }
  }
}
