package dev.stevedore.e2e.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.EcsEndpoint;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.StevedoreCrds;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.ecsapi.EcsApiServer;
import dev.stevedore.ecsapi.EcsApiSettings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The ECS endpoint's read latency as a client sees it (the AWS SDK, SigV4 signed, RBAC decided): DescribeServices
 * of 10 services in a cluster of 100, and ListServices paging through a cluster of 1000. Only the endpoint runs
 * (no reconcilers), on the local control plane. Reports figures for docs/benchmarks.md; asserts only that every
 * answer is complete, never a time. Run: {@code mvn -B -pl e2e -am verify -Pbenchmarks -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class EcsApiBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(EcsApiBenchmark.class);
  /** Until the JIT has compiled the hot paths of server and client; on 2 cores its compiler threads compete too. */
  private static final Duration WARMUP = Duration.ofSeconds(30);
  private static final int CALLS = 3000;

  @Test
  void describeAndListServicesLatency(Ecs ecs) throws Exception {
    StevedoreCrds.install(ecs.client());
    EcsEndpoint.grant(ecs.client(), ecs.namespace(), InProcessOperator.ECS_API_KEYS);
    ecs.apply(Ecs.cluster("small"));
    ecs.apply(Ecs.cluster("large"));
    create(ecs, "small", 100);
    create(ecs, "large", 1000);
    int port = InProcessOperator.freePort();
    // The endpoint's own request timer, as /metrics publishes it (cumulative buckets): the server's share of a call.
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (EcsApiServer server = new EcsApiServer(ecs.client(), new EcsApiSettings(port, ecs.namespace(), false,
        InProcessOperator.ECS_API_KEYS, ecs.namespace()), "us-east-1", InProcessOperator.ACCOUNT, Clock.systemUTC(),
        meters).start();
         EcsClient aws = new EcsEndpoint(URI.create("http://127.0.0.1:" + port), ecs.namespace())
             .client(EcsEndpoint.ADMIN)) {
      Waits.until("the endpoint's cache holds 1100 services", Duration.ofSeconds(60),
          () -> count(aws, "large") + count(aws, "small"), n -> n == 1100, String::valueOf);

      Random random = new Random(42);
      long warmupEnd = System.nanoTime() + WARMUP.toNanos();
      int warmupCalls = 0;
      while (System.nanoTime() < warmupEnd) {
        describeTen(aws, random);
        aws.listServices(r -> r.cluster("large").maxResults(100));
        warmupCalls++;
      }
      LOG.info("warm-up: {} DescribeServices and ListServices calls in {}", warmupCalls, WARMUP);
      ServerShare describeServer = new ServerShare(meters, "DescribeServices");
      long[] describe = new long[CALLS];
      for (int i = 0; i < CALLS; i++) {
        long start = System.nanoTime();
        assertThat(describeTen(aws, random)).isEqualTo(10);
        describe[i] = System.nanoTime() - start;
      }
      String describeFigures = figures("DescribeServices (10 of 100 services), sequential", describe) + "\n  "
          + describeServer.figures();

      ServerShare concurrentServer = new ServerShare(meters, "DescribeServices");
      long[] concurrent = concurrentDescribe(aws, 4);
      String concurrentFigures = figures("DescribeServices (10 of 100 services), 4 clients at once", concurrent)
          + "\n  " + concurrentServer.figures();

      ServerShare listServer = new ServerShare(meters, "ListServices");
      List<Long> pages = new ArrayList<>();
      List<Long> walks = new ArrayList<>();
      for (int round = 0; round < 20; round++) {
        long walkStart = System.nanoTime();
        int listed = 0;
        String token = null;
        do {
          String next = token;
          long start = System.nanoTime();
          var page = aws.listServices(r -> r.cluster("large").maxResults(100).nextToken(next));
          pages.add(System.nanoTime() - start);
          listed += page.serviceArns().size();
          token = page.nextToken();
        } while (token != null);
        walks.add(System.nanoTime() - walkStart);
        assertThat(listed).isEqualTo(1000);
      }
      String pageFigures = figures("ListServices page (maxResults 100) over 1000 services",
          pages.stream().mapToLong(Long::longValue).toArray()) + "\n  " + listServer.figures();
      String walkFigures = figures("ListServices, all 1000 services (10 pages)",
          walks.stream().mapToLong(Long::longValue).toArray());
      long defaultWalk = System.nanoTime();
      int pagesAtDefault = 0;
      String token = null;
      do {
        String next = token;
        token = aws.listServices(r -> r.cluster("large").nextToken(next)).nextToken();
        pagesAtDefault++;
      } while (token != null);
      String defaultFigures = String.format(Locale.ROOT, "ListServices at the default page size (10): %d pages"
          + " in %.0f ms", pagesAtDefault, (System.nanoTime() - defaultWalk) / 1e6);
      assertThat(pagesAtDefault).isEqualTo(100);
      LOG.info("ECS endpoint benchmark ({} cores):\n{}\n{}\n{}\n{}\n{}", Runtime.getRuntime().availableProcessors(),
          describeFigures, concurrentFigures, pageFigures, walkFigures, defaultFigures);
    }
  }

  private static int count(EcsClient aws, String cluster) {
    int n = 0;
    String token = null;
    do {
      String next = token;
      var page = aws.listServices(r -> r.cluster(cluster).maxResults(100).nextToken(next));
      n += page.serviceArns().size();
      token = page.nextToken();
    } while (token != null);
    return n;
  }

  private static int describeTen(EcsClient aws, Random random) {
    List<String> names = new ArrayList<>();
    while (names.size() < 10) {
      String name = "small-" + random.nextInt(100);
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return aws.describeServices(r -> r.cluster("small").services(names)).services().size();
  }

  private static long[] concurrentDescribe(EcsClient aws, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int seed = c;
        results.add(pool.submit(() -> {
          Random random = new Random(seed);
          long[] times = new long[CALLS / clients];
          for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            describeTen(aws, random);
            times[i] = System.nanoTime() - start;
          }
          return times;
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<long[]> f : results) {
        for (long t : f.get()) {
          all.add(t);
        }
      }
      return all.stream().mapToLong(Long::longValue).toArray();
    } finally {
      pool.shutdownNow();
    }
  }

  private static void create(Ecs ecs, String cluster, int count) {
    for (int i = 0; i < count; i++) {
      EcsService service = Ecs.replicaService(cluster + "-" + i, "web", 0);
      service.getSpec().cluster = cluster;
      ecs.client().resource(service).inNamespace(ecs.namespace()).create();
    }
  }

  /**
   * The server's own time for the calls of one phase: the difference of the endpoint's cumulative request histogram
   * between the phase's start and now, read as the upper bound of the bucket each quantile falls in.
   */
  private static final class ServerShare {
    private final Timer timer;
    private final CountAtBucket[] before;
    private final long beforeCount;

    ServerShare(PrometheusMeterRegistry meters, String operation) {
      timer = meters.get("stevedore.ecs.api.requests").tag("operation", operation).tag("outcome", "ok").timer();
      HistogramSnapshot snapshot = timer.takeSnapshot();
      before = snapshot.histogramCounts();
      beforeCount = snapshot.count();
    }

    String figures() {
      HistogramSnapshot snapshot = timer.takeSnapshot();
      CountAtBucket[] after = snapshot.histogramCounts();
      double[] counts = new double[after.length];
      for (int i = 0; i < after.length; i++) {
        counts[i] = after[i].count() - before[i].count();
      }
      long total = snapshot.count() - beforeCount;
      return String.format(Locale.ROOT, "server's share (its request timer, bucket bounds): n=%d p50<=%.2f ms"
          + " p90<=%.2f ms p99<=%.2f ms", total, bound(after, counts, total, 0.50),
          bound(after, counts, total, 0.90), bound(after, counts, total, 0.99));
    }

    private static double bound(CountAtBucket[] buckets, double[] cumulative, long total, double quantile) {
      for (int i = 0; i < cumulative.length; i++) {
        if (cumulative[i] >= quantile * total) {
          return buckets[i].bucket(TimeUnit.MILLISECONDS);
        }
      }
      return Double.POSITIVE_INFINITY;
    }
  }

  private static String figures(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms", what,
        sorted.length, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
  }

  private static double at(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }
}
