package io.grapevine.core;

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
    // The masks privacy wrote are no English words.
    assertThat(Languages.detect("@[user] u/[user] [name] [email] спасибо")).isEqualTo("und");
    assertThat(Languages.detect("ok!")).isEqualTo("und");
    assertThat(Languages.detect(null)).isNull();
  }

  @Test
  void aSourcesDeclaredLanguagesArePriorsNotVerdicts() {
    // Short and between Russian and Ukrainian: undecided alone, decided by the source's declaration.
    assertThat(Languages.detect("дуже дякую банку")).isEqualTo("und");
    assertThat(Languages.detect("дуже дякую банку", java.util.List.of("uk"))).isEqualTo("uk");
    // Clear evidence wins over a declaration.
    assertThat(Languages.detect("Дякую, все добре працює", java.util.List.of("ru"))).isEqualTo("uk");
    assertThat(Languages.detect("Das Paket ist nicht angekommen", java.util.List.of("ru"))).isEqualTo("de");
  }

  @Test
  void onlyTheSupportedLanguagesAreNamed() {
    // Languages outside the supported ten are not candidates: Czech is not named as Czech, Bulgarian
    // not as Bulgarian; a declared language joins the candidates when the detector has its profile.
    assertThat(Languages.detect("banka opět strhla poplatek za vedení účtu")).isIn(Languages.SUPPORTED);
    assertThat(Languages.detect("Банката отново ми взе такса за поддръжка на сметката")).isIn(Languages.SUPPORTED);
    assertThat(Languages.detect("banka opět strhla poplatek za vedení účtu", java.util.List.of("cs"))).isEqualTo("cs");
  }

  @Test
  void aLanguageGivenByNameOrCodeBecomesItsIsoCode() {
    java.util.List<String> given = java.util.List.of("en", "EN-us", "pt_BR", "English", " deutsch ", "eng", "schinese",
        "koreana", "brazilian", "Русский", "klingon", "", "e");
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = io.grapevine.SparkTestSession.get()
        .createDataset(given, org.apache.spark.sql.Encoders.STRING()).toDF("v");
    assertThat(rows.select(Languages.code(org.apache.spark.sql.functions.col("v"))).collectAsList())
        .extracting(r -> r.<String>getAs(0))
        .containsExactly("en", "en", "pt", "en", "de", "en", "zh", "ko", "pt", "ru", null, null, null);
  }
}
