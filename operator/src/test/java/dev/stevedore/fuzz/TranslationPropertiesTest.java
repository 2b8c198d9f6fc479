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
    // A generator that only makes refused specs would prove nothing about translation.
    assertThat(accepted).as("accepted cases").isGreaterThan(tries / 2);
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
