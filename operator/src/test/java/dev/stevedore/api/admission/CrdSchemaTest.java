package dev.stevedore.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.api.v1alpha1.ApiGroup;
import dev.stevedore.testing.RepositoryRoot;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The generated CRDs as files: documented for kubectl explain, with the right subresources, committed fresh. */
class CrdSchemaTest {
  private static final String REFRESH = "run `mvn -pl operator -Pupdate-crds process-classes`";

  /** Declared by fabric8's CustomResource, so the generator has no field of ours to take a description from. */
  private static final List<String> CUSTOM_RESOURCE_PROPERTIES = List.of(".spec", ".status");

  /**
   * Kubernetes' own types embedded in our schemas (metav1 Condition, core Toleration): fabric8's model classes
   * carry no descriptions. The fields holding them are described.
   */
  private static final List<String> KUBERNETES_TYPES =
      List.of(".status.conditions[].", ".spec.capacityProviderDefinitions[].tolerations[].");

  static Stream<String> crdFiles() {
    return GeneratedCrds.FILES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crdFiles")
  void everyPropertyHasADescription(String file) {
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(onlyVersion(GeneratedCrds.load(file)).getSchema().getOpenAPIV3Schema(), "", undescribed);

    assertThat(undescribed)
        .as("properties without a description (kubectl explain shows nothing for them)")
        .filteredOn(path -> !CUSTOM_RESOURCE_PROPERTIES.contains(path))
        .filteredOn(path -> KUBERNETES_TYPES.stream().noneMatch(path::startsWith))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crdFiles")
  void hasStatusSubresourceCategoryAndShortNames(String file) {
    CustomResourceDefinition crd = GeneratedCrds.load(file);

    assertThat(onlyVersion(crd).getSubresources().getStatus()).isNotNull();
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly(ApiGroup.CATEGORY);
    assertThat(crd.getSpec().getNames().getShortNames()).isNotEmpty();
  }

  @Test
  void ecsServiceScalesThroughDesiredCount() {
    CustomResourceSubresourceScale scale =
        onlyVersion(GeneratedCrds.load("ecsservices.ecs.stevedore.dev-v1.yml")).getSubresources().getScale();

    assertThat(scale).isNotNull();
    assertThat(scale.getSpecReplicasPath()).isEqualTo(".spec.desiredCount");
    assertThat(scale.getStatusReplicasPath()).isEqualTo(".status.runningCount");
    assertThat(scale.getLabelSelectorPath()).isEqualTo(".status.selector");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crdFiles")
  void committedCopiesAreTheGeneratedFile(String file) {
    byte[] generated = generatedBytes(file);
    Path root = RepositoryRoot.get();

    for (Path committed : List.of(root.resolve("crds").resolve(file), root.resolve("helm/stevedore/crds").resolve(file))) {
      assertThat(committed).withFailMessage("%s is missing: %s", root.relativize(committed), REFRESH).exists();
      assertThat(committed)
          .withFailMessage("%s differs from the generated CRD: %s", root.relativize(committed), REFRESH)
          .hasBinaryContent(generated);
    }
  }

  @Test
  void noCommittedCrdIsLeftOver() {
    Path root = RepositoryRoot.get();
    for (Path dir : List.of(root.resolve("crds"), root.resolve("helm/stevedore/crds"))) {
      assertThat(yamlFileNamesIn(dir))
          .withFailMessage("%s holds CRDs the build no longer generates: %s", root.relativize(dir), REFRESH
              + " and delete the others")
          .isSubsetOf(GeneratedCrds.FILES);
    }
  }

  private static CustomResourceDefinitionVersion onlyVersion(CustomResourceDefinition crd) {
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    return crd.getSpec().getVersions().get(0);
  }

  /** Walks every property at every depth, through list items and map values; paths look like .spec.a[].b. */
  private static void collectUndescribed(JSONSchemaProps schema, String path, List<String> undescribed) {
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> {
        String propertyPath = path + "." + name;
        if (property.getDescription() == null || property.getDescription().isBlank()) {
          undescribed.add(propertyPath);
        }
        collectUndescribed(property, propertyPath, undescribed);
      });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndescribed(schema.getItems().getSchema(), path + "[]", undescribed);
    }
    if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
      collectUndescribed(schema.getAdditionalProperties().getSchema(), path + "{}", undescribed);
    }
  }

  private static byte[] generatedBytes(String file) {
    try (InputStream in = GeneratedCrds.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
      assertThat(in).as("generated CRD %s: run the build (process-classes)", file).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> yamlFileNamesIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".yml") || name.endsWith(".yaml"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
