package dev.stevedore.e2e.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@code e2e/cluster/local-cluster}, the script that installs, starts and stops the local control plane. */
final class LocalClusterScript {

  /** A cold install builds Kubernetes from source, which takes tens of minutes on a small machine. */
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(120);
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration QUICK_TIMEOUT = Duration.ofMinutes(1);
  private static final String KUBECONFIG_EXPORT = "export KUBECONFIG=";

  private static final Logger LOG = LoggerFactory.getLogger(LocalClusterScript.class);

  private final Path script;

  LocalClusterScript(Path script) {
    this.script = script;
  }

  /** Makes sure the pinned binaries are in the cache; quick when they already are. */
  void install() {
    runOrFail(INSTALL_TIMEOUT, "install");
  }

  boolean isRunning() {
    return run(QUICK_TIMEOUT, "status").exitCode() == 0;
  }

  void up() {
    Result first = run(UP_TIMEOUT, "up");
    if (first.exitCode() != 0 && first.output().stream().anyMatch(l -> l.contains("address already in use"))) {
      // The script picks free ports before it starts the components; another process (a second cluster on the
      // machine, an outgoing connection's ephemeral port) can take one in between. New ports, once.
      LOG.warn("local-cluster up lost a port it had picked to another process; starting again on new ports");
      runOrFail(UP_TIMEOUT, "up");
    } else if (first.exitCode() != 0) {
      throw new IllegalStateException(script + " up failed with exit code " + first.exitCode());
    }
  }

  void down() {
    runOrFail(QUICK_TIMEOUT, "down");
  }

  /** The kubeconfig path, read from the {@code export KUBECONFIG='...'} line that {@code env} prints. */
  Path kubeconfig() {
    Result env = runOrFail(QUICK_TIMEOUT, "env");
    return env.output().stream()
        .filter(line -> line.startsWith(KUBECONFIG_EXPORT))
        .map(line -> Path.of(unquote(line.substring(KUBECONFIG_EXPORT.length()))))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(script + " env printed no KUBECONFIG line: " + env.output()));
  }

  private static String unquote(String singleQuoted) {
    return singleQuoted.substring(1, singleQuoted.length() - 1).replace("'\\''", "'");
  }

  /** Stops one control-plane component, keeps it stopped for {@code downFor}, and starts it again as up did. */
  void restart(String component, Duration downFor) {
    runOrFail(UP_TIMEOUT, "restart", component, "--down-for", Long.toString(downFor.toSeconds()), "--kill");
  }

  private Result runOrFail(Duration timeout, String... args) {
    String command = String.join(" ", args);
    Result result = run(timeout, args);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(script + " " + command + " failed with exit code " + result.exitCode());
    }
    return result;
  }

  /** Runs one subcommand and logs its output (the script reports progress on stderr) as it comes. */
  private Result run(Duration timeout, String... args) {
    String command = String.join(" ", args);
    List<String> line = new ArrayList<>(List.of(script.toString()));
    line.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      process.getOutputStream().close();
      List<String> output = new ArrayList<>();
      Thread reader = new Thread(() -> collect(process, output), "local-cluster-" + args[0]);
      reader.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        // SIGTERM first: the script's exit trap stops the components it had started.
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
        throw new IllegalStateException(script + " " + command + " did not finish within " + timeout);
      }
      reader.join();
      synchronized (output) {
        return new Result(process.exitValue(), List.copyOf(output));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script + " " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script + " " + command, e);
    }
  }

  private static void collect(Process process, List<String> output) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        LOG.info("{}", line);
        synchronized (output) {
          output.add(line);
        }
      }
    } catch (IOException e) {
      LOG.warn("lost the output of the local-cluster script", e);
    }
  }

  private record Result(int exitCode, List<String> output) {}
}
