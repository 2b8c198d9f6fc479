package dev.stevedore.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Property-based test of the pure path from specs to Kubernetes objects: for every generated task definition,
 * service and cluster, validation and translation never throw; whatever validation accepts translates into
 * objects the API server would accept ({@link KubernetesObjectRules}); and translating twice gives byte-equal
 * JSON. A failure is shrunk to a small case and printed with the seed that reproduces it.
 *
 * <p>{@code -Dstevedore.fuzz.tries=N} (default 10,000) and {@code -Dstevedore.fuzz.seed=S} (default fixed, so a
 * build is reproducible; {@code random} for a fresh seed) change the run.
 */
class TranslationPropertiesTest {
  static final long DEFAULT_SEED = 20_261_206L;

  @Test
  void generatedSpecsNeverCrashAndTranslateIntoValidDeterministicObjects() {
    int tries = Integer.getInteger("stevedore.fuzz.tries", 10_000);
    long seed = seed();
    long started = System.nanoTime();
    // CPU time as well as wall time: on a shared machine the wall clock says more about the neighbours.
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuStarted = threads.getCurrentThreadCpuTime();
    int accepted = 0;
    int objects = 0;
    Map<String, Integer> refusedFields = new java.util.TreeMap<>();
    Map<String, Long> firstSeedOfFailure = new LinkedHashMap<>();
    Map<String, Integer> failures = new LinkedHashMap<>();
    Map<String, Integer> covered = new java.util.TreeMap<>();
    for (int i = 0; i < tries; i++) {
      long caseSeed = seed + i;
      FuzzCase c = new SpecGenerator(caseSeed).next();
      assertThat(Admissible.test(c)).as("generated case %d keeps the schema's rules", caseSeed).isTrue();
      Verdict verdict = judge(c);
      if (verdict.failure() != null) {
        firstSeedOfFailure.putIfAbsent(verdict.failure(), caseSeed);
        failures.merge(verdict.failure(), 1, Integer::sum);
        continue;
      }
      OperatorPipeline.Outcome outcome = verdict.outcome();
      if (outcome.accepted()) {
        accepted++;
        objects += outcome.plans().stream().mapToInt(List::size).sum();
        features(c).forEach(feature -> covered.merge(feature, 1, Integer::sum));
      } else {
        outcome.refused().stream().map(issue -> issue.field().replaceAll("\\[\\d+]", "[]")).distinct()
            .forEach(field -> refusedFields.merge(field, 1, Integer::sum));
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
    if (!failures.isEmpty()) {
      StringBuilder report = new StringBuilder();
      firstSeedOfFailure.forEach((kind, caseSeed) -> {
        FuzzCase small = Shrinker.shrink(new SpecGenerator(caseSeed).next(), TranslationPropertiesTest::failure);
        report.append(String.format("%n%d tries fail with %s; first at seed %d, shrunk to:%n%s%n%s%n",
            failures.get(kind), kind, caseSeed, small, describe(small)));
      });
      fail("%d of %d tries fail, in %d ways:%s", failures.values().stream().mapToInt(n -> n).sum(), tries,
          failures.size(), report);
    }
    System.out.printf("translation properties: %d tries from seed %d, %d accepted (%d objects), %d refused,"
        + " %.1f s (%.1f s CPU); refused fields: %s%n", tries, seed, accepted, objects, tries - accepted, seconds,
        cpuSeconds, refusedFields);
    System.out.printf("accepted cases with: %s%n", covered);
    // A generator that only makes refused specs would prove nothing about translation, nor one that lost a shape.
    assertThat(accepted).as("accepted cases").isGreaterThan(tries / 2);
    for (String feature : FEATURES) {
      assertThat(covered.getOrDefault(feature, 0)).as("accepted cases with %s", feature)
          .isGreaterThanOrEqualTo(accepted / 200);
    }
    assertThat(tries - accepted).as("refused cases (dependency cycles at least)").isPositive();
  }

  /**
   * What became of a case.
   *
   * @param failure null, or the failure's kind: an exception's type and where it was thrown, or the first rule
   *     the output breaks
   * @param outcome the pipeline's outcome when it did not throw
   */
  record Verdict(String failure, OperatorPipeline.Outcome outcome) {}

  private static final List<String> FEATURES = List.of("DAEMON", "FARGATE", "several providers", "10 containers",
      "dependsOn", "health check", "host network", "task role", "volumes", "100 port mappings", "255-char name");

  /** The shapes of an accepted case, so a run shows (and asserts) that each was exercised. */
  private static List<String> features(FuzzCase c) {
    var td = c.taskDefinition();
    var s = c.service();
    List<String> f = new java.util.ArrayList<>();
    if ("DAEMON".equals(s.schedulingStrategy)) f.add("DAEMON");
    if (td.requiresCompatibilities != null && td.requiresCompatibilities.contains("FARGATE")) f.add("FARGATE");
    var strategy = dev.stevedore.translate.CapacityProviders.strategy(s, c.cluster());
    if (strategy.size() > 1) f.add("several providers");
    if (td.containerDefinitions.size() == 10) f.add("10 containers");
    if (td.containerDefinitions.stream().anyMatch(x -> x.dependsOn != null)) f.add("dependsOn");
    if (td.containerDefinitions.stream().anyMatch(x -> x.healthCheck != null)) f.add("health check");
    if ("host".equals(td.networkMode)) f.add("host network");
    if (td.taskRoleArn != null) f.add("task role");
    if (td.volumes != null) f.add("volumes");
    if (td.containerDefinitions.stream().anyMatch(x -> x.portMappings != null && x.portMappings.size() == 100)) {
      f.add("100 port mappings");
    }
    if (td.containerDefinitions.stream().anyMatch(x -> x.name.length() == 255)) f.add("255-char name");
    return f;
  }

  static String failure(FuzzCase c) {
    return Admissible.test(c) ? judge(c).failure() : null;
  }

  static Verdict judge(FuzzCase c) {
    try {
      OperatorPipeline.Outcome first = OperatorPipeline.run(c);
      if (!first.accepted()) {
        return new Verdict(null, first);
      }
      List<String> problems = first.plans().stream().flatMap(plan -> KubernetesObjectRules.check(plan).stream())
          .toList();
      if (!problems.isEmpty()) {
        return new Verdict("invalid output: " + problems.get(0).replaceAll("^[^:]*: ", "")
            .replaceAll("'[^']*'", "'…'").replaceAll("\\d+", "#"), first);
      }
      String again = Serialization.asJson(OperatorPipeline.run(c).plans());
      if (!Serialization.asJson(first.plans()).equals(again)) {
        return new Verdict("not deterministic", first);
      }
      return new Verdict(null, first);
    } catch (RuntimeException | StackOverflowError e) {
      StackTraceElement top = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
      return new Verdict(e.getClass().getName() + " at " + top, null);
    }
  }

  private static String describe(FuzzCase c) {
    try {
      OperatorPipeline.Outcome outcome = OperatorPipeline.run(c);
      return String.join("\n", outcome.plans().stream().flatMap(p -> KubernetesObjectRules.check(p).stream()).toList());
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      return trace.toString();
    }
  }

  private static long seed() {
    String value = System.getProperty("stevedore.fuzz.seed");
    if (value == null) {
      return DEFAULT_SEED;
    }
    return "random".equals(value) ? System.nanoTime() : Long.parseLong(value);
  }
}
