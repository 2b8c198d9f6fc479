package dev.stevedore.reconcile.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.revision.TaskDefinitionReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceReferencesTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:task-definition/";

  @Test
  void aServiceUsesWhatItRunsWhatItMayRollBackToAndWhatItPins() {
    EcsService service = service("web:4", ARN + "web:3", ARN + "web:3", ARN + "web:2");
    assertThat(ServiceReferences.of(service)).extracting(TaskDefinitionReference::toString)
        .containsExactlyInAnyOrder("web:4", "web:3", "web:2");
    assertThat(ServiceReferences.revisionsInUse(List.of(service), "web")).containsExactlyInAnyOrder(4, 3, 2);
  }

  @Test
  void theLeanCopyOfAServiceKeepsExactlyItsReferences() {
    EcsService service = service("web:4", ARN + "web:3", ARN + "web:3", ARN + "api:2");
    service.getSpec().desiredCount = 5;
    service.getStatus().runningCount = 4;
    service.getStatus().deployments.get(0).runningCount = 4;
    EcsService lean = Serialization.clone(service);

    ServiceReferences.keepReferencesOnly(lean);

    assertThat(ServiceReferences.of(lean)).isEqualTo(ServiceReferences.of(service));
    assertThat(ServiceReferences.familyIndexKeys(lean)).isEqualTo(ServiceReferences.familyIndexKeys(service));
    assertThat(lean.getSpec().desiredCount).isNull();
    assertThat(lean.getStatus().runningCount).isNull();
    assertThat(lean.getStatus().deployments.get(0).runningCount).isNull();
  }

  @Test
  void followingAFamilyPinsNoRevision() {
    EcsService service = service("web", null);
    assertThat(ServiceReferences.revisionsInUse(List.of(service), "web")).isEmpty();
    assertThat(ServiceReferences.familyIndexKeys(service)).containsExactly("shop/web");
  }

  @Test
  void onlyTheAskedFamilyCounts() {
    EcsService web = service("web:1", null);
    EcsService api = service("api:5", null, ARN + "api:4");
    assertThat(ServiceReferences.revisionsInUse(List.of(web, api), "api")).containsExactlyInAnyOrder(5, 4);
  }

  @Test
  void aServiceRefersToEachFamilyOnce() {
    EcsService moving = service("api:1", ARN + "web:3", ARN + "web:3", ARN + "api:1");
    assertThat(ServiceReferences.familyIndexKeys(moving)).containsExactlyInAnyOrder("shop/api", "shop/web");
  }

  @Test
  void unreadableReferencesAreIgnored() {
    assertThat(ServiceReferences.of(service("not a task definition!", null))).isEmpty();
    EcsService empty = new EcsService();
    empty.setMetadata(new ObjectMetaBuilder().withName("empty").withNamespace("shop").build());
    assertThat(ServiceReferences.of(empty)).isEmpty();
  }

  private static EcsService service(String taskDefinition, String running, String... deployments) {
    EcsService service = new EcsService();
    service.setMetadata(new ObjectMetaBuilder().withName("svc").withNamespace("shop").build());
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.taskDefinition = taskDefinition;
    service.setSpec(spec);
    EcsServiceStatus status = new EcsServiceStatus();
    status.taskDefinition = running;
    status.deployments = Arrays.stream(deployments).map(arn -> {
      ServiceDeployment deployment = new ServiceDeployment();
      deployment.taskDefinition = arn;
      return deployment;
    }).toList();
    service.setStatus(status);
    return service;
  }
}
