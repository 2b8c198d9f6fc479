package dev.stevedore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden, compared as parsed trees. Run with -Dgolden.update=true to
 * rewrite them after a deliberate change, then review the diff.
 */
public final class Golden {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Golden() {}

  public static void assertMatches(String name, Object actual) {
    Path file = RepositoryRoot.get().resolve("operator/src/test/resources/golden").resolve(name + ".yaml");
    String yaml = Serialization.asYaml(actual);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
      }
      assertThat(file).as("golden file %s (create it with -Dgolden.update=true)", file).exists();
      JsonNode expected = YAML.readTree(file.toFile());
      JsonNode got = YAML.readTree(yaml);
      assertThat(got).as("translation differs from %s; actual:%n%s", file, yaml).isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
