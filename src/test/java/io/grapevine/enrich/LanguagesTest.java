package io.grapevine.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguagesTest {
  @Test
  void namesTheLanguageOfFeedbackInSeveralScripts() {
    assertThat(Languages.detect("The flight was delayed for three hours and nobody told us why.")).isEqualTo("en");
    assertThat(Languages.detect("Очень вкусно, но официанты были невнимательны и медленны.")).isEqualTo("ru");
    assertThat(Languages.detect("Der Kundenservice war freundlich, aber die Lieferung kam zu spät.")).isEqualTo("de");
    assertThat(Languages.detect("Le service client n'a jamais répondu à mes messages.")).isEqualTo("fr");
    assertThat(Languages.detect("El pedido llegó roto y nadie me devolvió el dinero.")).isEqualTo("es");
  }

  @Test
  void handlesMentionsLinksAndTooLittleText() {
    // Mentions, links and numbers are not language: what is left decides.
    assertThat(Languages.detect("@united @AmericanAir https://t.co/abc123 thanks for nothing, worst airline ever"))
        .isEqualTo("en");
    assertThat(Languages.detect("@united 👍 12:30 https://t.co/x")).isEqualTo("und");
    assertThat(Languages.detect("ok!")).isEqualTo("und");
    assertThat(Languages.detect(null)).isNull();
  }
}
