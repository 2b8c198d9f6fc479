package dev.stevedore.e2e.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository the tests run from, found once for every end-to-end test: the directory failsafe names in
 * {@code -Dstevedore.repositoryRoot}, or (from an IDE) the first directory above the working directory that holds
 * the CRDs and the operator module. Also where the tools the local cluster installs live.
 */
public final class Repository {
  /** Set by the e2e module's failsafe configuration to Maven's multi-module project directory. */
  public static final String ROOT_PROPERTY = "stevedore.repositoryRoot";

  private static final Path ROOT = locate();

  private Repository() {}

  public static Path root() {
    return ROOT;
  }

  public static Path crds() {
    return ROOT.resolve("crds");
  }

  public static Path examples() {
    return ROOT.resolve("examples");
  }

  public static Path chart() {
    return ROOT.resolve("helm/stevedore");
  }

  public static Path localClusterScript() {
    return ROOT.resolve("e2e/cluster/local-cluster");
  }

  /** The shared corpus of real ECS documents, read in place next to the repository and never copied into it. */
  public static Path corpus() {
    return ROOT.resolveSibling("shared").resolve("corpus").normalize();
  }

  /** Where {@code local-cluster install} puts the pinned binaries: {@code $STEVEDORE_CACHE/bin}. */
  public static Path toolCache() {
    String cache = System.getenv().getOrDefault("STEVEDORE_CACHE",
        Path.of(System.getProperty("user.home"), ".cache", "stevedore").toString());
    return Path.of(cache, "bin");
  }

  /**
   * One of the pinned tools (kubectl, helm) from the cache, never from PATH: a check that needs it fails, with the
   * command that installs it, rather than being skipped or running another version.
   */
  public static Path tool(String name) {
    Path tool = toolCache().resolve(name);
    if (!Files.isExecutable(tool)) {
      throw new AssertionError("this check runs " + name + ", and there is no " + tool + "; install the pinned tools"
          + " with " + ROOT.relativize(localClusterScript()) + " install (the Maven build runs it)");
    }
    return tool;
  }

  private static Path locate() {
    List<Path> starts = Stream.of(System.getProperty(ROOT_PROPERTY), System.getProperty("user.dir"))
        .filter(dir -> dir != null && !dir.isBlank() && !dir.startsWith("${"))
        .map(dir -> Path.of(dir).toAbsolutePath().normalize())
        .toList();
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        if (Files.isDirectory(dir.resolve("crds")) && Files.isRegularFile(dir.resolve("operator/pom.xml"))) {
          return dir;
        }
      }
    }
    throw new IllegalStateException("cannot find the repository root (a directory with crds/ and operator/) in or"
        + " above " + starts + "; set -D" + ROOT_PROPERTY + "=<repository root>");
  }
}
