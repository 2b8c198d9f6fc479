package dev.stevedore.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapesTest {
  @Test
  void aServiceIsDescribedInEcsShapeWithEpochSecondsAndWithoutKubernetesMembers() {
    EcsService service = new EcsService();
    service.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop")
        .withCreationTimestamp("2026-12-06T10:00:00Z").build());
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.serviceName = "Web_Frontend";
    spec.cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
    spec.taskDefinition = "web";
    spec.desiredCount = 3;
    service.setSpec(spec);
    EcsServiceStatus status = new EcsServiceStatus();
    status.runningCount = 2;
    status.pendingCount = 1;
    status.desiredCount = 3;
    status.taskDefinition = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:4";
    status.conditions = List.of(new ConditionBuilder().withType("Ready").withStatus("False").build());
    ServiceDeployment deployment = new ServiceDeployment();
    deployment.id = "ecs-svc/1234567890123456789";
    deployment.status = "PRIMARY";
    deployment.createdAt = "2026-12-06T10:00:01.250Z";
    status.deployments = List.of(deployment);
    ServiceEvent event = new ServiceEvent();
    event.id = "e1";
    event.createdAt = "2026-12-06T10:00:02Z";
    event.message = "(service Web_Frontend) has started 1 tasks.";
    status.events = List.of(event);
    service.setStatus(status);

    ObjectNode shape = Shapes.service(service, "us-east-1", "123456789012", false);

    assertThat(shape.get("serviceArn").asText()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:service/prod/Web_Frontend");
    assertThat(shape.get("clusterArn").asText()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
    assertThat(shape.get("taskDefinition").asText()).endsWith("task-definition/web:4");
    assertThat(shape.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(shape.get("runningCount").asInt()).isEqualTo(2);
    assertThat(shape.get("createdAt").isNumber()).isTrue();
    assertThat(shape.get("createdAt").decimalValue()).isEqualByComparingTo("1796551200");
    assertThat(shape.get("deployments").get(0).get("createdAt").decimalValue()).isEqualByComparingTo("1796551201.25");
    assertThat(shape.get("events").get(0).get("createdAt").isNumber()).isTrue();
    assertThat(shape.get("schedulingStrategy").asText()).isEqualTo("REPLICA");
    assertThat(shape.has("conditions")).isFalse();
    assertThat(shape.has("cluster")).isFalse();
    assertThat(shape.has("tags")).isFalse();
  }

  @Test
  void aServiceBeingDeletedIsDraining() {
    EcsService service = new EcsService();
    service.setMetadata(new ObjectMetaBuilder().withName("web").withDeletionTimestamp("2026-12-06T10:00:00Z").build());
    service.setSpec(new EcsServiceSpec());
    assertThat(Shapes.service(service, "us-east-1", "1", true).get("status").asText()).isEqualTo("DRAINING");
  }
}
