package dev.stevedore.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the build passes it as stevedore.root; from an IDE, walk up to the parent pom. */
public final class RepositoryRoot {
  private RepositoryRoot() {}

  public static Path get() {
    String property = System.getProperty("stevedore.root");
    if (property != null) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("operator/pom.xml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
