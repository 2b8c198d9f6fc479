package dev.stevedore.translate.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.PreDeployTask;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreDeployTaskTranslatorTest {
  private static final String ARN_2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";

  @Test
  void theNameIsAValidLabelForAnyServiceNameAndDiffersPerDeployment() {
    String longName = "a".repeat(250);
    String name = PreDeployTaskTranslator.name(longName, 12345, "ecs-svc/1234567890123456789");

    assertThat(name).hasSizeLessThanOrEqualTo(Names.DNS_LABEL_MAX).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(TaskPodTranslator.podName(name, 0)).hasSizeLessThanOrEqualTo(Names.DNS_LABEL_MAX);
    assertThat(PreDeployTaskTranslator.name("web", 2, "ecs-svc/1")).startsWith("web-predeploy-2-")
        .isNotEqualTo(PreDeployTaskTranslator.name("web", 2, "ecs-svc/2"))
        .isEqualTo(PreDeployTaskTranslator.name("web", 2, "ecs-svc/1"));
  }

  @Test
  void theTaskRunsOnTheServicesCapacityAndManagedInstancesPlaceLikeEc2() {
    EcsService service = service();
    service.getSpec().launchType = "MANAGED_INSTANCES";
    assertThat(translate(service).getSpec().launchType).isEqualTo("EC2");

    service.getSpec().launchType = null;
    CapacityProviderStrategyItem spot = new CapacityProviderStrategyItem();
    spot.capacityProvider = "FARGATE_SPOT";
    spot.weight = 1;
    service.getSpec().capacityProviderStrategy = List.of(spot);
    EcsTask task = translate(service);
    assertThat(task.getSpec().launchType).isNull();
    assertThat(task.getSpec().capacityProviderStrategy).singleElement()
        .satisfies(i -> assertThat(i.capacityProvider).isEqualTo("FARGATE_SPOT"))
        .isNotSameAs(spot);
  }

  @Test
  void translatingTwiceGivesTheSameObject() {
    assertThat(Serialization.asJson(translate(service()))).isEqualTo(Serialization.asJson(translate(service())));
  }

  private static EcsTask translate(EcsService service) {
    return PreDeployTaskTranslator.translate(new PreDeployTaskTranslator.Deployment(service, "default",
        "ecs-svc/1", ARN_2, 2));
  }

  private static EcsService service() {
    EcsService service = new EcsService();
    service.getMetadata().setName("web");
    service.getMetadata().setNamespace("shop");
    service.setSpec(new EcsServiceSpec());
    service.getSpec().taskDefinition = "web";
    service.getSpec().preDeployTask = new PreDeployTask();
    return service;
  }
}
