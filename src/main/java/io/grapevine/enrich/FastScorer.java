package io.grapevine.enrich;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;

/**
 * A fitted {@link SentimentModel} pipeline computed in one pass per text: the same tokens, stop words,
 * stems, word pairs, hashed term counts, IDF weights, unit length and logistic regression as the
 * MLlib stages, read from those stages, without building a vector column between each pair of them.
 * Spark runs the stages as a chain of functions that each turn arrays and vectors into rows and back;
 * this does the arithmetic once. A test holds its labels and scores to the pipeline's own.
 */
final class FastScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String pattern;
  private final boolean lowercase;
  private final int minTokenLength;
  private final Set<String> stopWords;
  /** Stop words compare in this locale's lower case; null when the remover is case-sensitive. */
  private final Locale stopCase;
  private final Integer stemPrefix;
  private final HashingTF hashing;
  private final double[] idf;
  private final boolean normalize;
  private final int classes;
  /** Coefficients by feature, then class: {@code coefficients[feature * classes + class]}. */
  private final double[] coefficients;
  private final double[] intercepts;
  private transient Pattern compiled;

  private FastScorer(String pattern, boolean lowercase, int minTokenLength, Set<String> stopWords,
      Locale stopCase, Integer stemPrefix, int numFeatures, double[] idf, boolean normalize, int classes,
      double[] coefficients, double[] intercepts) {
    this.pattern = pattern;
    this.lowercase = lowercase;
    this.minTokenLength = minTokenLength;
    this.stopWords = stopWords;
    this.stopCase = stopCase;
    this.stemPrefix = stemPrefix;
    this.hashing = new HashingTF().setNumFeatures(numFeatures);
    this.idf = idf;
    this.normalize = normalize;
    this.classes = classes;
    this.coefficients = coefficients;
    this.intercepts = intercepts;
  }

  FastScorer(PipelineModel model, Integer stemPrefix) {
    RegexTokenizer tokenizer = null;
    StopWordsRemover remover = null;
    HashingTF tf = null;
    IDFModel idfModel = null;
    boolean norm = false;
    LogisticRegressionModel lr = null;
    for (Transformer t : model.stages()) {
      if (t instanceof RegexTokenizer r) {
        tokenizer = r;
      } else if (t instanceof StopWordsRemover s) {
        remover = s;
      } else if (t instanceof HashingTF h) {
        tf = h;
      } else if (t instanceof IDFModel i) {
        idfModel = i;
      } else if (t instanceof Normalizer n) {
        if (n.getP() != 2.0) {
          throw new IllegalArgumentException("only unit L2 length is computed here, not p=" + n.getP());
        }
        norm = true;
      } else if (t instanceof LogisticRegressionModel l) {
        lr = l;
      }
    }
    if (tokenizer == null || remover == null || tf == null || idfModel == null || lr == null
        || tokenizer.getGaps() || tf.getBinary()) {
      throw new IllegalArgumentException("not a pipeline of SentimentModel.pipeline: "
          + Arrays.toString(model.stages()));
    }
    this.pattern = tokenizer.getPattern();
    this.lowercase = tokenizer.getToLowercase();
    this.minTokenLength = tokenizer.getMinTokenLength();
    this.stopCase = remover.getCaseSensitive() ? null
        : Locale.forLanguageTag(remover.getLocale().replace('_', '-'));
    Set<String> stop = new HashSet<>();
    for (String w : remover.getStopWords()) {
      stop.add(stopCase == null ? w : w.toLowerCase(stopCase));
    }
    this.stopWords = stop;
    this.stemPrefix = stemPrefix;
    this.hashing = tf;
    this.idf = idfModel.idf().toArray();
    this.normalize = norm;
    this.classes = lr.numClasses();
    int features = lr.numFeatures();
    this.coefficients = new double[features * classes];
    org.apache.spark.ml.linalg.DenseMatrix m = lr.coefficientMatrix().toDense();
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < features; j++) {
        coefficients[j * classes + c] = m.apply(c, j);
      }
    }
    this.intercepts = lr.interceptVector().toArray();
  }

  /** The words of one text as the pipeline sees them, word pairs included. */
  List<String> terms(String text) {
    if (compiled == null) {
      compiled = Pattern.compile(pattern);
    }
    String s = lowercase ? text.toLowerCase() : text;
    List<String> words = new ArrayList<>();
    Matcher m = compiled.matcher(s);
    while (m.find()) {
      String w = m.group();
      if (w.length() < minTokenLength) {
        continue;
      }
      if (stopWords.contains(stopCase == null ? w : w.toLowerCase(stopCase))) {
        continue;
      }
      if (stemPrefix != null && w.codePointCount(0, w.length()) > stemPrefix) {
        w = w.substring(0, w.offsetByCodePoints(0, stemPrefix));
      }
      words.add(w);
    }
    int n = words.size();
    for (int i = 0; i + 1 < n; i++) {
      words.add(words.get(i) + " " + words.get(i + 1));
    }
    return words;
  }

  /** Class probabilities of one text (null text: null), and the most probable class first. */
  double[] probabilities(String text) {
    List<String> terms = terms(text);
    int[] index = new int[terms.size()];
    for (int i = 0; i < index.length; i++) {
      index[i] = hashing.indexOf(terms.get(i));
    }
    Arrays.sort(index);
    // Term counts (run lengths of the sorted indices) times IDF, then unit length.
    int distinct = 0;
    double[] value = new double[index.length];
    int[] feature = new int[index.length];
    for (int i = 0; i < index.length; ) {
      int j = i;
      while (j < index.length && index[j] == index[i]) {
        j++;
      }
      feature[distinct] = index[i];
      value[distinct] = (j - i) * idf[index[i]];
      distinct++;
      i = j;
    }
    double scale = 1.0;
    if (normalize) {
      double sum = 0;
      for (int i = 0; i < distinct; i++) {
        sum += value[i] * value[i];
      }
      scale = sum == 0 ? 1.0 : 1.0 / Math.sqrt(sum);
    }
    double[] margin = intercepts.clone();
    for (int i = 0; i < distinct; i++) {
      double x = value[i] * scale;
      int base = feature[i] * classes;
      for (int c = 0; c < classes; c++) {
        margin[c] += coefficients[base + c] * x;
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : margin) {
      max = Math.max(max, v);
    }
    double total = 0;
    double[] p = new double[classes];
    for (int c = 0; c < classes; c++) {
      p[c] = Math.exp(margin[c] - max);
      total += p[c];
    }
    for (int c = 0; c < classes; c++) {
      p[c] /= total;
    }
    return p;
  }

  private static final String MAGIC = "grapevine-sentiment-scorer/1";

  /**
   * Writes the scorer compactly: its text settings, then only the features that carry a weight
   * (a hashed feature no training text had keeps a zero coefficient), as floats. This is the form the
   * default models ship in: a fraction of an MLlib model directory, and read without Spark.
   */
  void write(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeUTF(MAGIC);
    d.writeUTF(pattern);
    d.writeBoolean(lowercase);
    d.writeInt(minTokenLength);
    d.writeUTF(stopCase == null ? "" : stopCase.toLanguageTag());
    d.writeInt(stopWords.size());
    for (String w : stopWords.stream().sorted().toList()) {
      d.writeUTF(w);
    }
    d.writeInt(stemPrefix == null ? -1 : stemPrefix);
    d.writeInt(hashing.getNumFeatures());
    d.writeBoolean(normalize);
    d.writeInt(classes);
    for (double v : intercepts) {
      d.writeDouble(v);
    }
    int used = 0;
    for (int j = 0; j < idf.length; j++) {
      used += carries(j) ? 1 : 0;
    }
    d.writeInt(used);
    for (int j = 0; j < idf.length; j++) {
      if (carries(j)) {
        d.writeInt(j);
        d.writeFloat((float) idf[j]);
        for (int c = 0; c < classes; c++) {
          d.writeFloat((float) coefficients[j * classes + c]);
        }
      }
    }
    d.flush();
  }

  private boolean carries(int feature) {
    if (idf[feature] == 0) {
      return false;
    }
    for (int c = 0; c < classes; c++) {
      if (coefficients[feature * classes + c] != 0) {
        return true;
      }
    }
    return false;
  }

  /** Reads what {@link #write} wrote. */
  static FastScorer read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    String magic = d.readUTF();
    if (!MAGIC.equals(magic)) {
      throw new IOException("not a Grapevine sentiment scorer (starts with '" + magic + "')");
    }
    String pattern = d.readUTF();
    boolean lowercase = d.readBoolean();
    int minTokenLength = d.readInt();
    String tag = d.readUTF();
    Locale stopCase = tag.isEmpty() ? null : Locale.forLanguageTag(tag);
    int n = d.readInt();
    Set<String> stop = new HashSet<>();
    for (int i = 0; i < n; i++) {
      stop.add(d.readUTF());
    }
    int prefix = d.readInt();
    int features = d.readInt();
    boolean normalize = d.readBoolean();
    int classes = d.readInt();
    double[] intercepts = new double[classes];
    for (int c = 0; c < classes; c++) {
      intercepts[c] = d.readDouble();
    }
    double[] idf = new double[features];
    double[] coefficients = new double[features * classes];
    int used = d.readInt();
    for (int i = 0; i < used; i++) {
      int j = d.readInt();
      idf[j] = d.readFloat();
      for (int c = 0; c < classes; c++) {
        coefficients[j * classes + c] = d.readFloat();
      }
    }
    return new FastScorer(pattern, lowercase, minTokenLength, stop, stopCase, prefix < 0 ? null : prefix,
        features, idf, normalize, classes, coefficients, intercepts);
  }

  /** The predicted class: the largest margin, first on a tie, as MLlib decides. */
  static int argmax(double[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }
}
