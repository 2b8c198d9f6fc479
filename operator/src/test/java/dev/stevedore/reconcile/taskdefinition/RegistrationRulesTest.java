package dev.stevedore.reconcile.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerDependency;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.validate.ValidationIssue;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationRulesTest {
  private static final DeregisterAnnotation NONE = DeregisterAnnotation.parse(null);

  @Test
  void aValidSpecPasses() {
    assertThat(RegistrationRules.check(Fixtures.spec("nginx:1"), "web", NONE)).isEmpty();
  }

  @Test
  void aFamilyTakenFromMetadataNameMustBeAnEcsFamily() {
    assertThat(RegistrationRules.check(Fixtures.spec("nginx:1"), "web.v2", NONE)).singleElement()
        .satisfies(issue -> {
          assertThat(issue.field()).isEqualTo("metadata.name");
          assertThat(issue.message()).contains("family 'web.v2'");
        });
  }

  @Test
  void dependencyCyclesThatCelCannotSeeAreRejected() {
    TaskDefinitionSpec spec = Fixtures.spec("nginx:1");
    ContainerDefinition web = spec.containerDefinitions.get(0);
    ContainerDefinition proxy = new ContainerDefinition();
    proxy.name = "proxy";
    proxy.image = "envoy:1";
    proxy.memory = 128;
    web.dependsOn = List.of(dependency("proxy"));
    proxy.dependsOn = List.of(dependency("web"));
    spec.containerDefinitions = List.of(web, proxy);
    assertThat(RegistrationRules.check(spec, "web", NONE)).extracting(ValidationIssue::field)
        .containsExactly("containerDefinitions[].dependsOn");
  }

  @Test
  void anUnreadableDeregisterAnnotationIsAnIssue() {
    assertThat(RegistrationRules.check(Fixtures.spec("nginx:1"), "web", DeregisterAnnotation.parse("one")))
        .extracting(ValidationIssue::field).containsExactly("metadata.annotations[ecs.stevedore.dev/deregister]");
  }

  @Test
  void aTaskDefinitionWithoutSpecIsRejected() {
    assertThat(RegistrationRules.check(null, "web", NONE)).extracting(ValidationIssue::field).containsExactly("spec");
  }

  private static ContainerDependency dependency(String container) {
    ContainerDependency dependency = new ContainerDependency();
    dependency.containerName = container;
    dependency.condition = "START";
    return dependency;
  }
}
