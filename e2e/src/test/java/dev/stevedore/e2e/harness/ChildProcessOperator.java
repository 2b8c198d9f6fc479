package dev.stevedore.e2e.harness;

import dev.stevedore.StevedoreOperator;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as its own JVM ({@code java dev.stevedore.StevedoreOperator}, configured by its environment as in
 * a pod), so a test can kill it the hard way: SIGKILL, no shutdown hook, no chance to finish what it was doing.
 */
public final class ChildProcessOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildProcessOperator.class);
  /** Small and quick to start: the tests' operators reconcile a handful of services. */
  private static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC");

  private final Process process;
  private final int httpPort;
  private final Path log;

  private ChildProcessOperator(Process process, int httpPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  /** Starts the operator watching {@code namespace} and waits until it says it is ready (/readyz). */
  public static ChildProcessOperator start(KubernetesCluster cluster, String namespace, Duration resyncPeriod,
      Path log) {
    return start(cluster, namespace, resyncPeriod, log, Map.of());
  }

  /**
   * As {@link #start(KubernetesCluster, String, Duration, Path)}, with more environment variables (say
   * STEVEDORE_LEADER_ELECTION), which win over the defaults.
   */
  public static ChildProcessOperator start(KubernetesCluster cluster, String namespace, Duration resyncPeriod,
      Path log, Map<String, String> extraEnvironment) {
    return start(cluster, namespace, resyncPeriod, log, extraEnvironment, TEST_JVM_OPTIONS);
  }

  /**
   * As {@link #start(KubernetesCluster, String, Duration, Path, Map)}, with the JVM's options instead of the tests'
   * quick-start ones: a benchmark runs it as the chart's pod would.
   */
  public static ChildProcessOperator start(KubernetesCluster cluster, String namespace, Duration resyncPeriod,
      Path log, Map<String, String> extraEnvironment, List<String> jvmOptions) {
    int port = OperatorHttp.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), StevedoreOperator.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
    builder.environment().putAll(InProcessOperator.environment(namespace, port, resyncPeriod));
    builder.environment().putAll(extraEnvironment);
    try {
      Files.createDirectories(log.getParent());
      ChildProcessOperator child = new ChildProcessOperator(builder.start(), port, log);
      LOG.info("operator started as process {} (log {})", child.process.pid(), log);
      child.awaitReady(Duration.ofSeconds(90));
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    Waits.until("the operator process answers /readyz", timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("the operator process exited with " + process.exitValue() + "; see " + log);
      }
      return OperatorHttp.status(httpPort, "/readyz");
    }, code -> code == 200, code -> "HTTP " + code + " (log " + log + ")");
  }

  public long pid() {
    return process.pid();
  }

  /** The file its standard output and error go to. */
  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Reconciles started so far, summed over the controllers of {@code kind}, or over all when it is null. */
  public double reconciliations(String kind) {
    return Metrics.sum(OperatorHttp.metrics(httpPort), "operator_sdk_reconciliations_started_total", kind);
  }

  /** Its /metrics, as Prometheus text. */
  public String metricsText() {
    return OperatorHttp.metrics(httpPort);
  }

  /** What it has logged so far. */
  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the operator process " + process.pid() + " did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    LOG.info("operator process {} killed (exit {})", process.pid(), process.exitValue());
  }

  /**
   * SIGTERM, as the kubelet stops a pod, and waits up to {@code timeout} for the process to exit by itself; true
   * when it did. It is not killed when it does not: {@link #close()} does that.
   */
  public boolean terminate(Duration timeout) {
    process.destroy();
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Stops it gracefully (SIGTERM runs its shutdown hook), or kills it if it hangs. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static Path logFile(String name) {
    return Path.of(System.getProperty("user.dir"), "target", "operator-logs", name + ".log")
        .toAbsolutePath().normalize();
  }
}
