package dev.stevedore.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stevedore.api.v1alpha1.ApiGroup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * AdmissionManifests read from YAML files as the API server will receive them: every document of a file, untyped, so
 * that values keep the exact form they were written in ({@code cpu: 256} stays a number, {@code "256"} a string).
 */
final class AdmissionManifests {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern EXPECTATION = Pattern.compile("^# expect: (.+)$", Pattern.MULTILINE);

  private AdmissionManifests() {}

  /** Every document of the file; empty documents (only comments, or a trailing {@code ---}) are skipped. */
  static List<GenericKubernetesResource> read(Path file) {
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<GenericKubernetesResource> manifests = new ArrayList<>();
      for (JsonNode document : documents.readAll()) {
        if (!document.isNull()) {
          manifests.add(YAML.treeToValue(document, GenericKubernetesResource.class));
        }
      }
      return manifests;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifests of " + file, e);
    }
  }

  static boolean isStevedore(GenericKubernetesResource manifest) {
    return manifest.getApiVersion() != null && manifest.getApiVersion().startsWith(ApiGroup.GROUP + "/");
  }

  /**
   * The fragments of the API server's rejection that the file promises, one per {@code # expect: <fragment>}
   * comment: one per cause the API server reports, so usually exactly one.
   */
  static List<String> expectedRejections(Path file) {
    try {
      List<String> fragments = EXPECTATION.matcher(Files.readString(file)).results()
          .map(expectation -> expectation.group(1).strip())
          .toList();
      if (fragments.isEmpty()) {
        throw new IllegalStateException(file + " has no '# expect: <message fragment>' comment");
      }
      return fragments;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The YAML files under a directory and its subdirectories, in a stable order. */
  static List<Path> yamlFilesUnder(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A directory of test resources, e.g. {@code admission/invalid}. */
  static Path testResourceDir(String name) {
    URL dir = AdmissionManifests.class.getResource("/" + name);
    if (dir == null) {
      throw new IllegalStateException("test resource directory " + name + " is missing");
    }
    try {
      return Path.of(dir.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
