package dev.stevedore.e2e.loadbalancing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.LoadBalancer;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Waits;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service's loadBalancers on the local control plane: each target group is a Kubernetes Service of the type the
 * EcsService's annotation asks for, whose endpoints are the service's ready tasks at the target group's
 * containerPort; it is restored when deleted by someone else, and deleted with its load balancer.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TargetGroupServicesE2E {
  private static final Duration WITHIN = Duration.ofSeconds(90);
  private static final String TARGET_GROUP =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-public/0123456789abcdef";

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTest(Duration.ofSeconds(30));

  @Test
  void eachTargetGroupIsAServiceOfTheAnnotatedTypeWithTheReadyTasksAsEndpoints(Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    ecs.apply(Ecs.taskDefinition("web", Ecs.IMAGE_V1, true));
    EcsService service = Ecs.replicaService("web", "web", 2);
    LoadBalancer lb = new LoadBalancer();
    lb.targetGroupArn = TARGET_GROUP;
    lb.containerName = "web";
    lb.containerPort = 8080;
    service.getSpec().loadBalancers = List.of(lb);
    service.getMetadata().setAnnotations(Map.of("ecs.stevedore.dev/load-balancer-type", "NodePort"));
    ecs.apply(service);
    ecs.awaitService("web", "Ready with 2 tasks", WITHIN, s -> Ecs.ready(s)
        && Objects.equals(s.getStatus().runningCount, 2));

    Service targetGroup = Waits.until("the target group's Service", WITHIN, () -> service(ecs), Objects::nonNull,
        String::valueOf);
    assertThat(targetGroup.getSpec().getType()).isEqualTo("NodePort");
    assertThat(targetGroup.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(8080);
      assertThat(p.getNodePort()).as("allocated by the API server").isPositive();
    });
    assertThat(targetGroup.getMetadata().getAnnotations()).containsEntry("ecs.stevedore.dev/target-group",
        TARGET_GROUP);
    // The endpoints are the two ready tasks at the containerPort: what the target group would hold.
    List<String> podIps = ecs.pods("web").stream().map(p -> p.getStatus().getPodIP()).sorted().toList();
    Waits.until("the Service's endpoints are the ready tasks", WITHIN, () -> readyAddresses(ecs),
        podIps::equals, String::valueOf);

    // Deleted by someone else: restored.
    ecs.client().services().inNamespace(ecs.namespace()).withName("web-web-public").delete();
    Waits.until("the target group's Service restored", WITHIN, () -> service(ecs),
        s -> s != null && s.getMetadata().getDeletionTimestamp() == null, String::valueOf);

    // The load balancer taken off the service: its Service goes, the service's own stays.
    ecs.apply(Ecs.replicaService("web", "web", 2));
    Waits.until("the target group's Service deleted", WITHIN, () -> service(ecs), Objects::isNull,
        String::valueOf);
    assertThat(ecs.client().services().inNamespace(ecs.namespace()).withName("web").get()).isNotNull();
  }

  private static Service service(Ecs ecs) {
    return ecs.client().services().inNamespace(ecs.namespace()).withName("web-web-public").get();
  }

  private static List<String> readyAddresses(Ecs ecs) {
    return ecs.client().discovery().v1().endpointSlices().inNamespace(ecs.namespace())
        .withLabel("kubernetes.io/service-name", "web-web-public").list().getItems().stream()
        .map(EndpointSlice::getEndpoints).filter(Objects::nonNull).flatMap(List::stream)
        .filter(e -> e.getConditions() != null && Boolean.TRUE.equals(e.getConditions().getReady()))
        .flatMap(e -> e.getAddresses().stream()).sorted().toList();
  }
}
