package dev.stevedore.e2e.scale;

import dev.stevedore.e2e.harness.ChildProcessOperator;
import dev.stevedore.e2e.harness.Metrics;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The operator's counters at one moment: its /metrics (API requests, reconciles, writes, the reconcile timer's
 * histogram) and its CPU time. Figures over a span are the difference of two readings.
 */
record OperatorReading(double apiRequests, Map<String, Double> apiRequestsByVerb,
                       Map<String, Double> apiRequestsByResource, double reconciles, double writes,
                       SortedMap<Double, Double> reconcileBuckets, Map<String, Double> reconcilesByKind,
                       Map<String, SortedMap<Double, Double>> bucketsByKind, double cpuSeconds) {
  /** The kinds whose reconcilers a service's life goes through. */
  static final java.util.List<String> KINDS = java.util.List.of("TaskDefinition", "EcsService");
  /** The verbs of stevedore_api_requests_total. */
  static final java.util.List<String> VERBS = java.util.List.of("get", "list", "watch", "create", "update", "patch",
      "delete", "other");
  /** JOSDK's timer of each reconcile (MicrometerMetrics, "operator.sdk.controllers.execution.reconcile"). */
  static final String RECONCILE_TIMER = "operator_sdk_controllers_execution_reconcile_seconds";

  static OperatorReading of(ChildProcessOperator operator) {
    String text = operator.metricsText();
    Map<String, Double> byVerb = new TreeMap<>();
    VERBS.forEach(verb -> byVerb.put(verb, Metrics.sum(text, "stevedore_api_requests_total", verb)));
    Map<String, Double> reconcilesByKind = new TreeMap<>();
    Map<String, SortedMap<Double, Double>> bucketsByKind = new TreeMap<>();
    for (String kind : KINDS) {
      reconcilesByKind.put(kind, Metrics.sum(text, "operator_sdk_reconciliations_started_total", kind));
      bucketsByKind.put(kind, Metrics.buckets(text, RECONCILE_TIMER, kind));
    }
    return new OperatorReading(
        Metrics.sum(text, "stevedore_api_requests_total", null),
        byVerb,
        Metrics.sumBy(text, "stevedore_api_requests_total", java.util.List.of("verb", "resource")),
        Metrics.sum(text, "operator_sdk_reconciliations_started_total", null),
        Metrics.sum(text, "stevedore_writes_total", null),
        Metrics.buckets(text, RECONCILE_TIMER),
        reconcilesByKind,
        bucketsByKind,
        ProcessFigures.cpuSeconds(operator.pid()));
  }

  /** Requests per verb sent between {@code before} and this reading; verbs with none left out. */
  Map<String, Double> requestsByVerbSince(OperatorReading before) {
    return since(apiRequestsByVerb, before.apiRequestsByVerb);
  }

  /** Requests per verb and resource ("patch ecsservices/status") sent since {@code before}; none left out. */
  Map<String, Double> requestsByResourceSince(OperatorReading before) {
    return since(apiRequestsByResource, before.apiRequestsByResource);
  }

  private static Map<String, Double> since(Map<String, Double> now, Map<String, Double> before) {
    Map<String, Double> delta = new TreeMap<>();
    now.forEach((series, count) -> {
      double sent = count - before.getOrDefault(series, 0.0);
      if (sent > 0) {
        delta.put(series, sent);
      }
    });
    return delta;
  }

  /** Quantile {@code q} of the reconciles between {@code before} and this reading, in ms. */
  double reconcileQuantileMs(OperatorReading before, double q) {
    return quantile(difference(reconcileBuckets, before.reconcileBuckets), q) * 1000;
  }

  /**
   * Per kind (TaskDefinition, EcsService), the reconciles started between {@code before} and this reading and
   * their p50 and p99 in ms.
   */
  Map<String, SizeResult.KindFigures> byKindSince(OperatorReading before) {
    Map<String, SizeResult.KindFigures> figures = new java.util.LinkedHashMap<>();
    for (String kind : KINDS) {
      SortedMap<Double, Double> buckets = difference(bucketsByKind.get(kind), before.bucketsByKind.get(kind));
      figures.put(kind, new SizeResult.KindFigures(
          reconcilesByKind.get(kind) - before.reconcilesByKind.get(kind),
          quantile(buckets, 0.5) * 1000, quantile(buckets, 0.99) * 1000));
    }
    return figures;
  }

  private static SortedMap<Double, Double> difference(SortedMap<Double, Double> after,
      SortedMap<Double, Double> before) {
    SortedMap<Double, Double> delta = new TreeMap<>();
    after.forEach((bound, count) -> delta.put(bound, count - before.getOrDefault(bound, 0.0)));
    return delta;
  }

  /**
   * As Prometheus' histogram_quantile: the bucket the rank falls in, interpolated linearly within it (from 0 for the
   * first bucket); a rank in the +Inf bucket gives the highest finite bound.
   */
  static double quantile(SortedMap<Double, Double> cumulative, double q) {
    if (cumulative.isEmpty()) {
      return Double.NaN;
    }
    double total = cumulative.get(cumulative.lastKey());
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= rank) {
        if (bucket.getKey().isInfinite()) {
          return lowerBound;
        }
        double inBucket = bucket.getValue() - lowerCount;
        return inBucket <= 0 ? bucket.getKey()
            : lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
      }
      lowerBound = bucket.getKey();
      lowerCount = bucket.getValue();
    }
    return lowerBound;
  }
}
