package io.grapevine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** How far two labelings of the same rows agree: what the theme tests and the theme benchmark measure. */
public final class Agreement {
  private Agreement() {}

  /** NMI (arithmetic mean normalization) of two labelings given as (a, b, count) rows. */
  public static double nmi(List<Row> pairs) {
    Map<String, Double> a = new HashMap<>();
    Map<String, Double> b = new HashMap<>();
    double n = 0;
    for (Row r : pairs) {
      a.merge(r.getString(0), (double) r.getLong(2), Double::sum);
      b.merge(String.valueOf(r.get(1)), (double) r.getLong(2), Double::sum);
      n += r.getLong(2);
    }
    double mi = 0;
    for (Row r : pairs) {
      double pab = r.getLong(2) / n;
      mi += pab * Math.log(pab / (a.get(r.getString(0)) / n * b.get(String.valueOf(r.get(1))) / n));
    }
    double ha = entropy(a.values(), n);
    double hb = entropy(b.values(), n);
    return ha + hb == 0 ? 0 : 2 * mi / (ha + hb);
  }

  private static double entropy(java.util.Collection<Double> counts, double n) {
    double h = 0;
    for (double c : counts) {
      h -= c / n * Math.log(c / n);
    }
    return h;
  }
}
