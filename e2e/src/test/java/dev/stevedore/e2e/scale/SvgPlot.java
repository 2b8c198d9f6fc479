package dev.stevedore.e2e.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A line chart as SVG text, written by hand: a few series of points against one x axis, with a legend. */
final class SvgPlot {
  static final int WIDTH = 560;
  static final int HEIGHT = 380;
  private static final int LEFT = 64;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 110;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  SvgPlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  SvgPlot series(String name, String color, boolean dashed, double[] x, double[] y) {
    series.add(new Series(name, color, dashed, x, y));
    return this;
  }

  /** Several plots in one row, as one SVG document. */
  static String sideBySide(SvgPlot... plots) {
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
        WIDTH * plots.length, HEIGHT, WIDTH * plots.length, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (int i = 0; i < plots.length; i++) {
      svg.append(String.format(Locale.ROOT, "<g transform=\"translate(%d,0)\">\n", WIDTH * i));
      plots[i].draw(svg);
      svg.append("</g>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  private void draw(StringBuilder svg) {
    double xMax = niceCeiling(series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x)).max().orElse(1));
    double yMax = niceCeiling(series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y)).max().orElse(1));
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    svg.append(text(WIDTH / 2.0, 22, title, "middle", "font-weight=\"bold\""));
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
        + " stroke=\"#444\"/>\n", LEFT, TOP, plotWidth, plotHeight));
    for (int i = 0; i <= 5; i++) {
      double xv = xMax * i / 5;
      double yv = yMax * i / 5;
      double px = LEFT + plotWidth * i / 5.0;
      double py = TOP + plotHeight - plotHeight * i / 5.0;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
          px, TOP, px, TOP + plotHeight));
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
          LEFT, py, LEFT + plotWidth, py));
      svg.append(text(px, TOP + plotHeight + 16, number(xv), "middle", ""));
      svg.append(text(LEFT - 6, py + 4, number(yv), "end", ""));
    }
    svg.append(text(LEFT + plotWidth / 2.0, TOP + plotHeight + 34, xLabel, "middle", ""));
    svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\""
        + " transform=\"rotate(-90 16 %.1f)\">%s</text>\n", TOP + plotHeight / 2.0, TOP + plotHeight / 2.0,
        escape(yLabel)));
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < line.x.length; i++) {
        double px = LEFT + plotWidth * line.x[i] / xMax;
        double py = TOP + plotHeight - plotHeight * line.y[i] / yMax;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px, py,
            line.color));
      }
      svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
          points.toString().trim(), line.color, line.dashed ? " stroke-dasharray=\"6,4\"" : ""));
      double ly = TOP + plotHeight + 52 + 16 * (s / 2);
      double lx = LEFT + (s % 2) * (plotWidth / 2.0);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
          + " stroke-width=\"2\"%s/>\n", lx, ly - 4, lx + 24, ly - 4, line.color,
          line.dashed ? " stroke-dasharray=\"6,4\"" : ""));
      svg.append(text(lx + 30, ly, line.name, "start", ""));
    }
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code value}. */
  static double niceCeiling(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String text(double x, double y, String text, String anchor, String attributes) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>\n", x, y, anchor,
        attributes, escape(text));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private record Series(String name, String color, boolean dashed, double[] x, double[] y) {}
}
