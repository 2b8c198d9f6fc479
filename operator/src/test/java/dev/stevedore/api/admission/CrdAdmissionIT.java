package dev.stevedore.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.testing.RepositoryRoot;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRDs on a real API server: they accept every example and ECS's valid edge cases, and reject
 * each invalid manifest with the message its file promises. Creates are dry runs: the API server validates them
 * exactly like real ones but stores nothing. Field validation is Strict, as kubectl's, so a field the schema
 * does not know is an error instead of being pruned silently.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class CrdAdmissionIT {
  private static final int MIN_INVALID_CASES = 30;
  private static final String DEFAULT_NAMESPACE = "default";

  static KubernetesClient client;

  @BeforeAll
  static void installCrds() {
    GeneratedCrds.install(client);
  }

  static Stream<Named<Path>> invalidManifests() {
    return filesIn("admission/invalid");
  }

  static Stream<Named<Path>> validEdgeCases() {
    return filesIn("admission/valid");
  }

  @Test
  void coversAtLeastThirtyInvalidManifests() {
    assertThat(invalidManifests()).hasSizeGreaterThanOrEqualTo(MIN_INVALID_CASES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void invalidManifestIsRejectedWithTheExpectedMessage(Path file) {
    List<String> expected = AdmissionManifests.expectedRejections(file);
    List<GenericKubernetesResource> manifests = AdmissionManifests.read(file);
    assertThat(manifests).as("an invalid case is one manifest").singleElement().matches(AdmissionManifests::isStevedore);

    KubernetesClientException rejection =
        catchThrowableOfType(KubernetesClientException.class, () -> dryRunCreate(manifests.get(0)));

    assertThat(rejection).as("the API server must reject %s", file.getFileName()).isNotNull();
    String message = rejection.getStatus().getMessage();
    assertThat(rejection.getCode()).as(message).isEqualTo(422);
    assertThat(message).contains(expected);
    // One cause per expected fragment: a case that breaks a second rule by accident does not test what it says.
    assertThat(rejection.getStatus().getDetails().getCauses())
        .as("causes of: %s", message)
        .hasSameSizeAs(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validEdgeCases")
  void validEdgeCaseIsAccepted(Path file) {
    List<GenericKubernetesResource> manifests = AdmissionManifests.read(file);
    assertThat(manifests).isNotEmpty().allMatch(AdmissionManifests::isStevedore);
    manifests.forEach(CrdAdmissionIT::assertAccepted);
  }

  @TestFactory
  Stream<DynamicTest> everyStevedoreManifestUnderExamplesIsAccepted() {
    Path root = RepositoryRoot.get();
    Path examples = root.resolve("examples");
    assertThat(examples).isDirectory();
    List<DynamicTest> tests = AdmissionManifests.yamlFilesUnder(examples).stream()
        .flatMap(file -> AdmissionManifests.read(file).stream()
            .filter(AdmissionManifests::isStevedore)
            .map(manifest -> DynamicTest.dynamicTest(
                root.relativize(file) + ": " + manifest.getKind() + " " + manifest.getMetadata().getName(),
                () -> assertAccepted(manifest))))
        .toList();
    assertThat(tests).as("Stevedore manifests under %s", examples).isNotEmpty();
    return tests.stream();
  }

  private static Stream<Named<Path>> filesIn(String resourceDir) {
    return AdmissionManifests.yamlFilesUnder(AdmissionManifests.testResourceDir(resourceDir)).stream()
        .map(file -> Named.of(file.getFileName().toString(), file));
  }

  private static void assertAccepted(GenericKubernetesResource manifest) {
    assertThatCode(() -> dryRunCreate(manifest)).doesNotThrowAnyException();
  }

  private static void dryRunCreate(GenericKubernetesResource manifest) {
    String namespace = manifest.getMetadata().getNamespace() == null
        ? DEFAULT_NAMESPACE
        : manifest.getMetadata().getNamespace();
    ensureNamespace(namespace);
    client.resource(manifest).inNamespace(namespace).dryRun().fieldValidation(Validation.STRICT).create();
  }

  /** Examples may name their own namespace; a dry-run create into a namespace that does not exist fails. */
  private static void ensureNamespace(String name) {
    if (client.namespaces().withName(name).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }
}
