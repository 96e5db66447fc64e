package io.grapevine;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Two outputs' tables compared row for row (every column but {@code run_id}; fractions to nine
 * decimals, since a sum's last bits depend on the order tasks finish in). Used by jobs/cluster-test:
 * {@code TableComparison EXPECTED ACTUAL} prints one line per table and exits 1 on any difference.
 *
 * <p>The churn model's outputs are compared with a tolerance instead: its optimizer sums gradients
 * in the order partitions finish, so a model fitted on executors differs from one fitted embedded
 * in the last digits (on the sample, churn probabilities by at most 1.3e-6). Its scores must agree
 * within {@link #MODEL_TOLERANCE} (relative, for revenue at risk and other values above 1) with every
 * other column equal, and its smooth test metrics
 * (ROC and PR AUC, Brier score, log loss, base rate, rows) likewise. Left out: what counts rows on
 * either side of a cut, where a score on the edge moves a whole row for a change in its last digits
 * (calibration bins and their expected calibration error; top-decile lift, which on the sample's
 * attributes-only model moved from 1.1715 to 1.1807 with tied scores at the cut), and the candidates'
 * validation scores (the trees subsample per partition).
 */
public final class TableComparison {
  private TableComparison() {}

  static final double MODEL_TOLERANCE = 1e-4;

  public static void main(String[] args) {
    Path expected = Path.of(args[0]);
    Path actual = Path.of(args[1]);
    int differing = 0;
    int compared = 0;
    for (Table t : Table.values()) {
      boolean inExpected = Files.isDirectory(expected.resolve(t.dirName()).resolve("_delta_log"));
      boolean inActual = Files.isDirectory(actual.resolve(t.dirName()).resolve("_delta_log"));
      if (!inExpected && !inActual) {
        continue;
      }
      if (inExpected != inActual) {
        System.out.printf("%-26s only in %s%n", t.dirName(), inExpected ? expected : actual);
        differing++;
        continue;
      }
      Dataset<Row> a = comparable(SparkTestSession.table(expected, t), t);
      Dataset<Row> b = comparable(SparkTestSession.table(actual, t), t).select(a.columns()[0],
          java.util.Arrays.copyOfRange(a.columns(), 1, a.columns().length));
      long rows = a.count();
      boolean model = t == Table.ACCOUNT_RISK || t == Table.MODEL_METRICS;
      long missing = model ? unmatched(a, b) : a.exceptAll(b).count();
      long extra = model ? unmatched(b, a) : b.exceptAll(a).count();
      compared++;
      System.out.printf("%-26s %,8d rows  %s%n", t.dirName(), rows,
          missing + extra == 0 ? "same" : missing + " missing, " + extra + " different or extra");
      if (missing + extra > 0) {
        differing++;
        // The columns that differ, from one row of each side with the same values elsewhere.
        for (Row r : a.exceptAll(b).limit(model ? 0 : 2).collectAsList()) {
          System.out.println("    expected: " + r.json());
        }
        for (Row r : b.exceptAll(a).limit(model ? 0 : 2).collectAsList()) {
          System.out.println("    actual:   " + r.json());
        }
      }
    }
    SparkTestSession.get().stop();
    System.out.printf("%d table(s) compared, %d differ%n", compared, differing);
    System.exit(differing == 0 && compared > 0 ? 0 : 1);
  }

  private static Dataset<Row> comparable(Dataset<Row> rows, Table table) {
    boolean model = table == Table.ACCOUNT_RISK || table == Table.MODEL_METRICS;
    if (table == Table.MODEL_METRICS) {
      rows = rows.where(functions.col("split").equalTo("test")
          .and(functions.col("metric").isin("roc_auc", "pr_auc", "brier", "log_loss", "base_rate", "rows")));
    }
    List<Column> cols = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      if (f.name().equals(FeedbackSchema.RUN_ID)) {
        continue;
      }
      Column c = functions.col(f.name());
      cols.add(f.dataType().equals(DataTypes.DoubleType) || f.dataType().equals(DataTypes.FloatType)
          && !model ? functions.round(c, 9).as(f.name()) : c);
    }
    return rows.select(cols.toArray(Column[]::new));
  }

  /**
   * Rows of {@code a} with no row in {@code b} that has the same values in every other column and
   * fractions within {@link #MODEL_TOLERANCE} (of the value, for values above 1).
   */
  private static long unmatched(Dataset<Row> a, Dataset<Row> b) {
    Column same = functions.lit(true);
    Column close = functions.lit(true);
    for (StructField f : a.schema().fields()) {
      Column x = a.col(f.name());
      Column y = b.col(f.name());
      if (f.dataType().equals(DataTypes.DoubleType) || f.dataType().equals(DataTypes.FloatType)) {
        // Relative above 1: revenue at risk is a probability times a value in the thousands.
        close = close.and(x.eqNullSafe(y).or(functions.abs(x.minus(y))
            .leq(functions.greatest(functions.lit(1.0), functions.abs(x)).multiply(MODEL_TOLERANCE))));
      } else {
        same = same.and(x.eqNullSafe(y));
      }
    }
    return a.join(b, same.and(close), "left_anti").count();
  }
}
