package io.grapevine.enrich;

import io.grapevine.core.Languages;
import io.grapevine.core.Sentiment;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Measures a shipped default model on a labelled file it never saw, as enrich would label it: language
 * detected (no prior), texts in another language or {@code und} left unlabelled. Prints coverage,
 * accuracy and macro-F1. Arguments: FORMAT FILE LANGUAGE (formats of {@link TrainDefaultSentiment}).
 * Only for measuring: nothing is trained or chosen from what it prints.
 */
public final class EvaluateDefaultSentiment {
  private EvaluateDefaultSentiment() {}

  public static void main(String[] args) throws Exception {
    String format = args[0];
    Path file = Paths.get(args[1]);
    String language = args[2];
    List<TrainDefaultSentiment.Text> texts = TrainDefaultSentiment.read(
        new TrainDefaultSentiment.Corpus(language, "", "", "", format, ""), file);
    FastScorer scorer = DefaultModels.scorer(language).orElseThrow();
    long[][] confusion = new long[3][3];
    long covered = 0;
    for (TrainDefaultSentiment.Text t : texts) {
      if (!language.equals(Languages.detect(t.text()))) {
        continue;
      }
      covered++;
      int predicted = FastScorer.argmax(scorer.probabilities(t.text()));
      confusion[SentimentModel.CLASSES.indexOf(t.label())][predicted]++;
    }
    SentimentModel.Evaluation e = new SentimentModel.Evaluation();
    SentimentModel.evaluate(e, confusion);
    System.out.printf("%s: %d texts, %.3f labelled (detected as %s); on those accuracy %.4f, macro-F1 %.4f, "
        + "F1 %s%n", file.getFileName(), texts.size(), (double) covered / texts.size(), language, e.accuracy,
        e.macroF1, e.f1ByClass);
    long neg = confusion[0][0] + confusion[0][1] + confusion[0][2];
    long calledNeg = confusion[0][0] + confusion[1][0] + confusion[2][0];
    System.out.printf("  negative share: truth %.3f, labelled %.3f (%s)%n", (double) neg / covered,
        (double) calledNeg / covered, Sentiment.NEGATIVE);
  }
}
