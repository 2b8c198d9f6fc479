package dev.stevedore.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.testing.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/architecture.md's rule, checked on the sources: the pure packages hold the ECS semantics and reach no API
 * server. They may use fabric8's model and its serialization utilities, never a client, JOSDK, the reconcilers or
 * the operator's settings.
 */
class PurePackagesTest {
  private static final List<String> FORBIDDEN = List.of("import dev.stevedore.reconcile", "import dev.stevedore.config",
      "import io.javaoperatorsdk", "import io.fabric8.kubernetes.client.KubernetesClient",
      "import io.fabric8.kubernetes.client.dsl", "import io.fabric8.kubernetes.client.informers");

  @ParameterizedTest
  @ValueSource(strings = {"translate", "validate", "status", "plan", "revision", "naming"})
  void aPurePackageImportsNoClientNoOperatorFrameworkAndNoReconciler(String pkg) throws IOException {
    Path dir = RepositoryRoot.get().resolve("operator/src/main/java/dev/stevedore").resolve(pkg);
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          if (FORBIDDEN.stream().anyMatch(line::startsWith)) {
            offences.add(dir.relativize(file) + ": " + line);
          }
        }
      }
    }
    assertThat(offences).as("imports a pure package must not have").isEmpty();
  }
}
