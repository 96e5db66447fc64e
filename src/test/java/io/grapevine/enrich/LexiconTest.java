package io.grapevine.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.core.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexiconTest {
  private static final Lexicon BUILT_IN = Lexicon.load(null);

  @Test
  void countsWordsAndTurnsThemAroundAfterANegator() {
    assertThat(BUILT_IN.score("Great staff, really helpful.", "en")).isEqualTo(1.0);
    assertThat(BUILT_IN.score("Rude staff and a terrible wait.", "en")).isEqualTo(-1.0);
    assertThat(BUILT_IN.score("The food was not good.", "en")).isEqualTo(-1.0);
    assertThat(BUILT_IN.score("Good food, awful service.", "en")).isEqualTo(0.0);
    assertThat(BUILT_IN.score("I called on Tuesday.", "en")).isNull();
  }

  @Test
  void russianWordsMatchByTheirStemAndNegation() {
    // хорош* covers хороший, хорошая, хорошо; "не понравилось" is negative.
    assertThat(BUILT_IN.score("Хорошая кухня и вежливые официанты.", "ru")).isEqualTo(1.0);
    assertThat(BUILT_IN.score("Нам не понравилось, ужасное обслуживание.", "ru")).isEqualTo(-1.0);
    assertThat(BUILT_IN.score("Great", "ja")).isNull();
  }

  @Test
  void aUserLexiconAddsALanguageAndBadFilesSayWhy(@TempDir Path dir) throws IOException {
    Path mine = dir.resolve("lexicon.yaml");
    Files.writeString(mine, "de:\n  positive: [gut, toll*]\n  negative: [schlecht*]\n  negators: [nicht]\n");
    Lexicon de = Lexicon.load(mine.toString());
    assertThat(de.score("Das Essen war nicht gut und der Service schlecht.", "de")).isEqualTo(-1.0);
    assertThat(de.score("Tolles Hotel!", "de")).isEqualTo(1.0);

    Files.writeString(mine, "deutsch:\n  positive: [gut]\n");
    assertThatThrownBy(() -> Lexicon.load(mine.toString())).isInstanceOf(UserInputException.class)
        .hasMessageContaining("'deutsch' is not an ISO 639-1 language code");
    Files.writeString(mine, "de:\n  good: [gut]\n");
    assertThatThrownBy(() -> Lexicon.load(mine.toString())).isInstanceOf(UserInputException.class)
        .hasMessageContaining("unknown list 'good'");
  }
}
