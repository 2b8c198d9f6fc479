package dev.stevedore.e2e.harness;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads counters out of Prometheus' text format. */
public final class Metrics {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+).*$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private Metrics() {}

  /**
   * The sum of the samples of {@code name}; when {@code labelValue} is not null, only of the samples that have a
   * label with that value (a controller or kind name, say).
   */
  public static double sum(String text, String name, String labelValue) {
    double sum = 0;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> labels = labels(m.group(3));
      if (labelValue == null || labels.containsValue(labelValue)) {
        sum += Double.parseDouble(m.group(4));
      }
    }
    return sum;
  }

  /**
   * The samples of {@code name} summed per combination of the values of {@code labelNames}, each key those values
   * joined by a space in the order given ("create events"); a missing label counts as an empty value.
   */
  public static Map<String, Double> sumBy(String text, String name, java.util.List<String> labelNames) {
    Map<String, Double> sums = new TreeMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> labels = labels(m.group(3));
      String key = String.join(" ", labelNames.stream().map(l -> labels.getOrDefault(l, "")).toList());
      sums.merge(key, Double.parseDouble(m.group(4)), Double::sum);
    }
    return sums;
  }

  /**
   * The cumulative buckets of histogram {@code name} (its {@code name_bucket} samples), upper bound to count, summed
   * over all its series (say, every controller's); +Inf is {@link Double#POSITIVE_INFINITY}.
   */
  public static SortedMap<Double, Double> buckets(String text, String name) {
    return buckets(text, name, null);
  }

  /** As {@link #buckets(String, String)}, only of the series that have a label with value {@code labelValue}. */
  public static SortedMap<Double, Double> buckets(String text, String name, String labelValue) {
    SortedMap<Double, Double> buckets = new TreeMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name + "_bucket")) {
        continue;
      }
      Map<String, String> labels = labels(m.group(3));
      String le = labels.get("le");
      if (le != null && (labelValue == null || labels.containsValue(labelValue))) {
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        buckets.merge(bound, Double.parseDouble(m.group(4)), Double::sum);
      }
    }
    return buckets;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new HashMap<>();
    if (text != null) {
      Matcher m = LABEL.matcher(text);
      while (m.find()) {
        labels.put(m.group(1), m.group(2));
      }
    }
    return labels;
  }
}
