package dev.stevedore.e2e.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the kubectl the local cluster installed (or one on PATH), as a user at a terminal would. */
public final class Kubectl {
  private Kubectl() {}

  /** $STEVEDORE_CACHE/bin/kubectl (default ~/.cache/stevedore), else the first kubectl on PATH. */
  public static Optional<Path> find() {
    String cache = System.getenv().getOrDefault("STEVEDORE_CACHE",
        Path.of(System.getProperty("user.home"), ".cache", "stevedore").toString());
    Stream<Path> candidates = Stream.concat(Stream.of(Path.of(cache, "bin", "kubectl")),
        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "kubectl")));
    return candidates.filter(Files::isExecutable).findFirst();
  }

  /** Runs kubectl with the given kubeconfig; returns its output, or fails with it. */
  public static String run(Path kubectl, Path kubeconfig, String... args) {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig=" + kubeconfig));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
