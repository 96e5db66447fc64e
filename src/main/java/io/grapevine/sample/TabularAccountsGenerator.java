package io.grapevine.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Accounts with a churn flag and about 30 attributes (20 numbers, 8 categories), for the churn
 * benchmark: churn follows a logistic model of 8 of the numbers and 2 of the categories, so a good
 * model finds signal and the other attributes are noise. Seeded and deterministic.
 */
public final class TabularAccountsGenerator {
  public static final int NUMERIC = 20;
  public static final int CATEGORICAL = 8;
  static final double INTERCEPT = -1.2;
  static final double[] NUMERIC_EFFECT = {0.8, -0.6, 0.5, 0.4, -0.3, 0.3, 0.2, -0.2};
  static final double[][] LEVEL_EFFECT = {{0, 0.5, -0.5}, {0, 0.3, 0.6, -0.2}};
  static final String[] LEVELS = {"alpha", "beta", "gamma", "delta", "epsilon"};

  private TabularAccountsGenerator() {}

  /** Writes {@code accounts} rows under {@code out}; returns the rows written. */
  public static long generate(Path out, long accounts, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> header = new ArrayList<>(List.of("account_id"));
    for (int i = 1; i <= NUMERIC; i++) {
      header.add(String.format("num_%02d", i));
    }
    for (int i = 1; i <= CATEGORICAL; i++) {
      header.add("cat_" + i);
    }
    header.add("churned");
    try (ExportWriter w = ExportWriter.csv(out, header, "\n", SampleGenerator.ROWS_PER_FILE)) {
      Object[] row = new Object[header.size()];
      for (long a = 0; a < accounts; a++) {
        double logit = INTERCEPT;
        row[0] = String.format("T%09d", a);
        for (int i = 0; i < NUMERIC; i++) {
          double x = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
          if (i < NUMERIC_EFFECT.length) {
            logit += NUMERIC_EFFECT[i] * x;
          }
          row[1 + i] = String.format("%.4f", x);
        }
        for (int i = 0; i < CATEGORICAL; i++) {
          int levels = i < LEVEL_EFFECT.length ? LEVEL_EFFECT[i].length : 2 + i % 4;
          int level = rnd.nextInt(levels);
          if (i < LEVEL_EFFECT.length) {
            logit += LEVEL_EFFECT[i][level];
          }
          row[1 + NUMERIC + i] = LEVELS[level];
        }
        row[row.length - 1] = rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? "Yes" : "No";
        w.csvRow(row);
      }
      return w.rows();
    }
  }
}
