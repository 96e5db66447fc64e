package io.grapevine.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's charts, drawn by JFreeChart and written as inline SVG by JFreeSVG. Each method takes
 * plain values (already read from the tables) and returns one {@code <svg>} element.
 */
final class Charts {
  static final int WIDTH = 760;
  private static final Color[] SERIES = {
      new Color(0xc0392b), new Color(0x2980b9), new Color(0x27ae60), new Color(0x8e44ad),
      new Color(0xd35400), new Color(0x7f8c8d)};
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  static {
    // Charts are drawn on servers and cluster drivers: never look for a display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** One estimate with its interval, per series and category: dots with whiskers. */
  record Estimate(String series, String category, double value, double low, double high) {}

  /** Dots with interval whiskers, categories down the side, the value axis in percent. */
  static String intervals(String id, String title, String axis, List<String> categories,
      List<Estimate> estimates) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    Map<String, YIntervalSeries> bySeries = new java.util.LinkedHashMap<>();
    for (Estimate e : estimates) {
      YIntervalSeries s = bySeries.computeIfAbsent(e.series(), YIntervalSeries::new);
      // Several series on one category sit side by side, a little apart.
      double offset = (bySeries.size() == 1 ? 0 : 0.18 * (indexOf(bySeries, e.series()) - 0.5));
      s.add(categories.indexOf(e.category()) + offset, e.value(), e.low(), e.high());
    }
    bySeries.values().forEach(data::addSeries);
    // The last category drawn lowest reads top-down in the order given.
    SymbolAxis categoryAxis = new SymbolAxis(null, categories.toArray(new String[0]));
    categoryAxis.setInverted(true);
    categoryAxis.setGridBandsVisible(false);
    categoryAxis.setRange(-0.6, categories.size() - 0.4);
    NumberAxis valueAxis = percentAxis(axis);
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setDrawYError(true);
    renderer.setCapLength(8);
    renderer.setErrorStroke(new BasicStroke(2f));
    renderer.setErrorPaint(Color.DARK_GRAY);
    renderer.setDefaultLinesVisible(false);
    for (int i = 0; i < bySeries.size(); i++) {
      renderer.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
      renderer.setSeriesPaint(i, SERIES[i % SERIES.length]);
    }
    XYPlot plot = new XYPlot(data, categoryAxis, valueAxis, renderer);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    return svg(id, chart(title, plot, bySeries.size() > 1), 60 + 42 * categories.size());
  }

  /** Bars per category, one bar per series; {@code percent} switches the axis to percent. */
  static String bars(String id, String title, String axis, Map<String, Map<String, Double>> series,
      boolean percent) {
    DefaultCategoryDataset data = dataset(series);
    NumberAxis valueAxis = percent ? percentAxis(axis) : new NumberAxis(axis);
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    colour(renderer, series.size());
    CategoryPlot plot = new CategoryPlot(data, new org.jfree.chart.axis.CategoryAxis(), valueAxis, renderer);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    int categories = data.getColumnCount();
    return svg(id, chart(title, plot, series.size() > 1), 70 + categories * (16 + 14 * series.size()));
  }

  /** Bars stacked per month, one colour per part (such as the churn tiers), in the given colours. */
  static String stacked(String id, String title, String axis, Map<String, Map<String, Double>> parts,
      Map<String, Color> colours) {
    DefaultCategoryDataset data = dataset(parts);
    StackedBarRenderer renderer = new StackedBarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setMaximumBarWidth(0.12);
    int i = 0;
    for (String part : parts.keySet()) {
      renderer.setSeriesPaint(i, colours.getOrDefault(part, SERIES[i % SERIES.length]));
      i++;
    }
    NumberAxis valueAxis = new NumberAxis(axis);
    valueAxis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
    CategoryPlot plot = new CategoryPlot(data, new org.jfree.chart.axis.CategoryAxis(), valueAxis, renderer);
    return svg(id, chart(title, plot, true), 300);
  }

  /** One line per series over the months, the value axis in percent. */
  static String trend(String id, String title, String axis, Map<String, Map<String, Double>> series) {
    DefaultCategoryDataset data = dataset(series);
    LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
    colour(renderer, series.size());
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    org.jfree.chart.axis.CategoryAxis months = new org.jfree.chart.axis.CategoryAxis();
    months.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    CategoryPlot plot = new CategoryPlot(data, months, percentAxis(axis), renderer);
    return svg(id, chart(title, plot, true), 320);
  }

  private static DefaultCategoryDataset dataset(Map<String, Map<String, Double>> series) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    series.forEach((name, values) -> values.forEach((category, v) -> data.addValue(v, name, category)));
    return data;
  }

  private static void colour(org.jfree.chart.renderer.category.AbstractCategoryItemRenderer r, int n) {
    for (int i = 0; i < n; i++) {
      r.setSeriesPaint(i, SERIES[i % SERIES.length]);
    }
  }

  private static NumberAxis percentAxis(String label) {
    NumberAxis axis = new NumberAxis(label);
    NumberFormat format = NumberFormat.getPercentInstance(Locale.ROOT);
    format.setMaximumFractionDigits(0);
    axis.setNumberFormatOverride(format);
    axis.setAutoRangeIncludesZero(true);
    return axis;
  }

  private static int indexOf(Map<String, ?> map, String key) {
    int i = 0;
    for (String k : map.keySet()) {
      if (k.equals(key)) {
        return i;
      }
      i++;
    }
    return -1;
  }

  private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, boolean legend) {
    JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
    StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
    theme.setRegularFont(LABEL);
    theme.setLargeFont(LABEL);
    theme.setExtraLargeFont(TITLE);
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setChartBackgroundPaint(Color.WHITE);
    theme.setDomainGridlinePaint(new Color(0xdddddd));
    theme.setRangeGridlinePaint(new Color(0xdddddd));
    theme.setBarPainter(new StandardBarPainter());
    theme.setShadowVisible(false);
    theme.apply(chart);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinesVisible(false);
    }
    if (plot instanceof CategoryPlot cp) {
      cp.setDomainGridlinesVisible(false);
    }
    return chart;
  }

  private static String svg(String id, JFreeChart chart, int height) {
    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, height);
    // Several charts share one page: keep their clip and gradient ids apart.
    g2.setDefsKeyPrefix(id + "-");
    chart.draw(g2, new Rectangle(WIDTH, height));
    return g2.getSVGElement(id, false, new ViewBox(0, 0, WIDTH, height), null, null);
  }
}
