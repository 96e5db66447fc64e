package io.grapevine.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The sentiment models shipped in the jar, one per language, trained from public labelled corpora by
 * {@code jobs/train-default-sentiment} (corpora, licences, sizes and held-out figures in
 * {@value #CARD} and in NOTICE). Enrich uses one where the run has too few labels of its own or its
 * own model does worse on the run's held-out texts. Each is a {@link FastScorer} in its compact form.
 */
public final class DefaultModels {
  /** Where the models and their card live on the classpath. */
  public static final String DIR = "io/grapevine/sentiment/";
  public static final String CARD = DIR + "default-models.json";

  private static final Map<String, FastScorer> LOADED = new ConcurrentHashMap<>();
  /** The card, read once per JVM (it is small and never changes while the jar runs). */
  private static volatile Map<String, JsonNode> cards;

  private DefaultModels() {}

  /** The file name of a language's model under {@link #DIR}. */
  public static String fileName(String language) {
    return language + ".scorer.gz";
  }

  /** Each shipped language's card entry (corpora, held-out accuracy and macro-F1, confusion). */
  public static Map<String, JsonNode> cards() {
    Map<String, JsonNode> read = cards;
    if (read == null) {
      read = readCards();
      cards = read;
    }
    return read;
  }

  private static Map<String, JsonNode> readCards() {
    Map<String, JsonNode> out = new TreeMap<>();
    try (InputStream in = DefaultModels.class.getClassLoader().getResourceAsStream(CARD)) {
      if (in == null) {
        return java.util.Collections.unmodifiableMap(out);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      root.path("languages").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
      return java.util.Collections.unmodifiableMap(out);
    } catch (IOException e) {
      throw new UncheckedIOException("the default models' card " + CARD + " cannot be read", e);
    }
  }

  /** A shipped model's confusion on its corpora's held-out fifth (rows: truth; columns: prediction). */
  static Map<String, Map<String, Long>> heldOutConfusion(String language) {
    Map<String, Map<String, Long>> out = new java.util.LinkedHashMap<>();
    JsonNode card = cards().get(language);
    if (card != null) {
      card.path("held_out").path("confusion").fields().forEachRemaining(truth -> {
        Map<String, Long> row = new java.util.LinkedHashMap<>();
        truth.getValue().fields().forEachRemaining(p -> row.put(p.getKey(), p.getValue().asLong()));
        out.put(truth.getKey(), row);
      });
    }
    return out;
  }

  /** The shipped model of a language, read once per JVM; empty when none ships. */
  static Optional<FastScorer> scorer(String language) {
    FastScorer cached = LOADED.get(language);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (InputStream in = DefaultModels.class.getClassLoader().getResourceAsStream(DIR + fileName(language))) {
      if (in == null) {
        return Optional.empty();
      }
      FastScorer read = FastScorer.read(new GZIPInputStream(in, 1 << 16));
      LOADED.put(language, read);
      return Optional.of(read);
    } catch (IOException e) {
      throw new UncheckedIOException("the default sentiment model for '" + language + "' cannot be read", e);
    }
  }
}
