package io.grapevine.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The forms of a word are one word for themes, in the text's language, and shown as they are most often written. */
class StemsTest {
  @Test
  void formsOfAWordShareAStemInTheTextsLanguage() {
    assertThat(Stems.stem("thanks", "en")).isEqualTo(Stems.stem("thank", "en"));
    assertThat(Stems.stem("flights", "en")).isEqualTo("flight");
    assertThat(Stems.stem("delayed", "en")).isEqualTo(Stems.stem("delay", "en"));
    assertThat(Stems.stem("заказа", "ru")).isEqualTo(Stems.stem("заказ", "ru"));
    assertThat(Stems.stem("lieferungen", "de")).isEqualTo(Stems.stem("lieferung", "de"));
    // A language without a stemmer, or none detected: the word as written.
    assertThat(Stems.stem("zamówienia", "pl")).isEqualTo("zamówienia");
    assertThat(Stems.stem("flights", null)).isEqualTo("flights");
  }

  @Test
  void themeWordsAreStemsShownInTheirCommonestForm() {
    StructType schema = new StructType().add("text", DataTypes.StringType).add("language", DataTypes.StringType);
    Dataset<Row> rows = SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create("Thanks for the flights", "en"),
        RowFactory.create("thanks again, the flight was fine", "en"),
        RowFactory.create("I thank you", "en"),
        RowFactory.create("Спасибо за заказ", "ru")), schema);
    Dataset<Row> words = Themes.words(rows);
    List<Row> first = words.select(Themes.SURFACE, Themes.WORDS).collectAsList();
    assertThat(first.get(0).getList(0)).containsExactly("thanks", "flights");
    assertThat(first.get(0).getList(1)).containsExactly("thank", "flight");
    assertThat(first.get(3).getList(1)).hasSize(2);
    String[] shown = Themes.shownWords(words, new String[] {"thank", "flight", "never"});
    // thanks twice against thank once; flights and flight once each: the first in alphabetical order.
    assertThat(shown).containsExactly("thanks", "flight", "never");
  }
}
