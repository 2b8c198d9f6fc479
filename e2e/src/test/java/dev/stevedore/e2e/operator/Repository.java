package dev.stevedore.e2e.operator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Files of the repository the tests need at run time: the CRDs, and the shared corpus next to the repository. */
public final class Repository {
  private static final String ROOT_PROPERTY = "stevedore.repositoryRoot";

  private Repository() {}

  /** The repository root: from -Dstevedore.repositoryRoot (failsafe sets it), else found above the working directory. */
  public static Path root() {
    List<Path> starts = Stream.of(System.getProperty(ROOT_PROPERTY), System.getProperty("user.dir"))
        .filter(dir -> dir != null && !dir.isBlank() && !dir.startsWith("${"))
        .map(dir -> Path.of(dir).toAbsolutePath().normalize())
        .toList();
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        if (Files.isDirectory(dir.resolve("crds")) && Files.isDirectory(dir.resolve("operator"))) {
          return dir;
        }
      }
    }
    throw new IllegalStateException("cannot find the repository root (a directory with crds/ and operator/) above "
        + starts + "; set -D" + ROOT_PROPERTY + "=<repository root>");
  }

  static Path crds() {
    return root().resolve("crds");
  }

  /** {@code <repository>/../shared/corpus}, if it is there. */
  static Optional<Path> corpus() {
    Path corpus = root().resolveSibling("shared").resolve("corpus").normalize();
    return Files.isDirectory(corpus) ? Optional.of(corpus) : Optional.empty();
  }
}
