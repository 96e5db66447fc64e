package io.grapevine.enrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
import io.grapevine.core.SessionDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains the default sentiment models that ship in the jar, one per language, from the public corpora
 * listed in {@code jobs/default-sentiment-corpora.tsv} (checked out under CORPORA by
 * {@code jobs/train-default-sentiment}): the same MLlib pipeline enrich trains on a run's own labels,
 * fitted on four fifths of each corpus and measured on the fifth it never saw. Writes each model in the
 * compact {@link FastScorer} form and one card with the corpora, their licences and sizes, and the
 * held-out figures.
 *
 * <p>Arguments: CORPORA_LIST CORPORA_DIR OUT_DIR.
 */
public final class TrainDefaultSentiment {
  private TrainDefaultSentiment() {}

  record Corpus(String language, String repository, String commit, String path, String format, String licence) {}

  record Text(String id, String text, String label) {}

  public static void main(String[] args) throws Exception {
    List<Corpus> corpora = readList(Paths.get(args[0]));
    Path root = Paths.get(args[1]);
    Path out = Paths.get(args[2]);
    Files.createDirectories(out);
    GrapevineConfig.SentimentModel cfg = GrapevineConfig.defaults().enrich.sentimentModel;
    SparkSession spark = SessionDefaults.apply(SparkSession.builder().appName("train-default-sentiment"))
        .master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();

    Map<String, List<Corpus>> byLanguage = new TreeMap<>();
    for (Corpus c : corpora) {
      byLanguage.computeIfAbsent(c.language(), k -> new ArrayList<>()).add(c);
    }
    Map<String, Object> languages = new LinkedHashMap<>();
    for (Map.Entry<String, List<Corpus>> l : byLanguage.entrySet()) {
      String language = l.getKey();
      List<Row> rows = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      List<Map<String, Object>> sources = new ArrayList<>();
      for (Corpus c : l.getValue()) {
        Path file = root.resolve(c.repository().replace('/', '+')).resolve(c.path());
        List<Text> texts = read(c, file);
        int kept = 0;
        for (Text t : texts) {
          // The same text twice (a retweet, a file that repeats another) is learned once.
          if (seen.add(t.text().strip().toLowerCase(java.util.Locale.ROOT))) {
            rows.add(RowFactory.create(c.repository() + ":" + c.path() + ":" + t.id(), t.text(), t.label()));
            kept++;
          }
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repository", c.repository());
        source.put("commit", c.commit());
        source.put("path", c.path());
        source.put("licence", c.licence());
        source.put("bytes", Files.size(file));
        source.put("texts", texts.size());
        source.put("texts_kept", kept);
        sources.add(source);
      }
      StructType schema = new StructType().add(FeedbackSchema.FEEDBACK_ID, DataTypes.StringType)
          .add(FeedbackSchema.TEXT, DataTypes.StringType).add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType);
      Dataset<Row> labelled = spark.createDataFrame(rows, schema).cache();
      SentimentModel.Trained trained = SentimentModel.train(labelled, language, cfg);
      FastScorer scorer = new FastScorer(trained.model(), SentimentModel.stemPrefix(language));
      Path model = out.resolve(DefaultModels.fileName(language));
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(model))) {
        scorer.write(o);
      }
      labelled.unpersist();
      SentimentModel.Evaluation e = trained.evaluation();
      e.model = "default";
      e.used = true;
      e.reason = "held out: the fifth of the corpora (by a hash of the text's id) the model never saw";
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("corpora", sources);
      entry.put("model_bytes", Files.size(model));
      entry.put("held_out", e);
      languages.put(language, entry);
      System.out.printf("%s: %d texts, held-out accuracy %.4f, macro-F1 %.4f, model %,d bytes%n",
          language, rows.size(), e.accuracy, e.macroF1, Files.size(model));
    }
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("trained_by", "jobs/train-default-sentiment");
    card.put("pipeline", "words and word pairs, TF-IDF, unit length, multinomial logistic regression "
        + "(io.grapevine.enrich.SentimentModel), classes weighted equally");
    card.put("settings", cfg);
    card.put("languages", languages);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("default-models.json").toFile(), card);
    spark.stop();
  }

  static List<Corpus> readList(Path list) throws IOException {
    List<Corpus> out = new ArrayList<>();
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      out.add(new Corpus(f[0], f[1], f[2], f[3], f[4], f[5]));
    }
    return out;
  }

  static List<Text> read(Corpus c, Path file) throws IOException, XMLStreamException {
    return switch (c.format()) {
      case "semeval_tsv" -> semeval(file);
      case "lines_labels" -> linesWithLabels(file);
      case "sentirueval_xml" -> sentiRuEval(file);
      case "cedr_csv" -> cedr(file);
      default -> throw new IllegalArgumentException("unknown corpus format " + c.format());
    };
  }

  /**
   * CEDR (text, labels, source; labels a list of emotion numbers: 0 joy, 1 sadness, 2 surprise,
   * 3 fear, 4 anger): no emotion is neutral, joy alone positive, only sadness, fear or anger negative;
   * surprise and joy mixed with another emotion are left out.
   */
  static List<Text> cedr(Path file) {
    List<Text> out = new ArrayList<>();
    List<Row> rows = SparkSession.active().read().option("header", true).option("multiLine", true)
        .option("escape", "\"").csv(file.toString()).collectAsList();
    int n = 0;
    for (Row r : rows) {
      n++;
      String text = r.getAs("text");
      String labels = r.getAs("labels");
      if (text == null || labels == null) {
        continue;
      }
      Set<String> emotions = new HashSet<>(List.of(labels.replaceAll("[\\[\\]]", "").trim().split("\\s+")));
      emotions.remove("");
      String label = emotions.isEmpty() ? Sentiment.NEUTRAL
          : emotions.equals(Set.of("0")) ? Sentiment.POSITIVE
          : Set.of("1", "3", "4").containsAll(emotions) ? Sentiment.NEGATIVE : null;
      if (label != null) {
        out.add(new Text(String.valueOf(n), text, label));
      }
    }
    return out;
  }

  private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

  /** SemEval Task 4 subtask A as downloaded: id, label, text (with \\uXXXX escapes), tab-separated. */
  static List<Text> semeval(Path file) throws IOException {
    List<Text> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", 3);
      if (f.length < 3 || !Set.of(Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE).contains(f[1])) {
        continue;
      }
      Matcher m = ESCAPE.matcher(f[2].strip());
      StringBuilder text = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(text, Matcher.quoteReplacement(
            String.valueOf((char) Integer.parseInt(m.group(1), 16))));
      }
      m.appendTail(text);
      if (!text.toString().equals("Not Available")) {
        out.add(new Text(f[0], text.toString(), f[1]));
      }
    }
    return out;
  }

  /** UMSAB / TweetEval: one text per line, the labels (0 negative, 1 neutral, 2 positive) in a twin file. */
  static List<Text> linesWithLabels(Path file) throws IOException {
    List<String> texts = Files.readAllLines(file, StandardCharsets.UTF_8);
    Path labelsFile = file.resolveSibling(file.getFileName().toString().replace("_text.txt", "_labels.txt"));
    List<String> labels = Files.readAllLines(labelsFile, StandardCharsets.UTF_8);
    if (texts.size() != labels.size()) {
      throw new IOException(file + " has " + texts.size() + " texts but " + labelsFile + " " + labels.size() + " labels");
    }
    List<Text> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String label = switch (labels.get(i).strip()) {
        case "0" -> Sentiment.NEGATIVE;
        case "1" -> Sentiment.NEUTRAL;
        case "2" -> Sentiment.POSITIVE;
        default -> throw new IOException(labelsFile + " line " + (i + 1) + ": label '" + labels.get(i) + "'");
      };
      out.add(new Text(String.valueOf(i + 1), texts.get(i), label));
    }
    return out;
  }

  /**
   * SentiRuEval tweets (phpMyAdmin XML): a row per tweet, one column per bank or operator holding
   * -1, 0, 1 or NULL. A tweet whose named companies all carry the same value gets that label; a tweet
   * that praises one and blames another is left out.
   */
  static List<Text> sentiRuEval(Path file) throws IOException, XMLStreamException {
    List<Text> out = new ArrayList<>();
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader x = factory.createXMLStreamReader(in);
      Map<String, String> row = null;
      while (x.hasNext()) {
        int event = x.next();
        // A row is a <table> without a namespace; pma:table elements describe the schema.
        if (event == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("table")
            && (x.getNamespaceURI() == null || x.getNamespaceURI().isEmpty())) {
          row = new LinkedHashMap<>();
        } else if (event == XMLStreamConstants.START_ELEMENT && row != null && x.getLocalName().equals("column")) {
          row.put(x.getAttributeValue(null, "name"), x.getElementText());
        } else if (event == XMLStreamConstants.END_ELEMENT && row != null && x.getLocalName().equals("table")) {
          Set<String> values = new HashSet<>();
          for (Map.Entry<String, String> c : row.entrySet()) {
            if (!Set.of("id", "twitid", "date", "text").contains(c.getKey()) && !"NULL".equals(c.getValue())) {
              values.add(c.getValue().strip());
            }
          }
          if (values.size() == 1 && row.get("text") != null) {
            String label = switch (values.iterator().next()) {
              case "-1" -> Sentiment.NEGATIVE;
              case "0" -> Sentiment.NEUTRAL;
              case "1" -> Sentiment.POSITIVE;
              default -> null;
            };
            if (label != null) {
              out.add(new Text(row.get("id"), row.get("text"), label));
            }
          }
          row = null;
        }
      }
    }
    return out;
  }
}
