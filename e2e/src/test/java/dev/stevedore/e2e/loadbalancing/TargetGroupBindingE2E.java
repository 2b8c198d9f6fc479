package dev.stevedore.e2e.loadbalancing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.LoadBalancer;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Kubectl;
import dev.stevedore.e2e.harness.TargetGroupBindingCrd;
import dev.stevedore.e2e.harness.Waits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Target groups registered by the AWS Load Balancer Controller: with its TargetGroupBinding CRD installed (the test
 * stand-in under src/test/resources/crds, since the controller itself cannot run here), each target group of a
 * service gets a binding to its Kubernetes Service, ip for awsvpc tasks and instance (with node ports) for bridge
 * tasks; someone's edit is reverted with ECS's event; the binding goes with its load balancer; and a service made
 * while the CRD was missing gets its binding once the CRD is installed, and reports it unregistered again once the
 * CRD is removed, without restarting the operator. The resync period is longer than the test, so none of this waits
 * for a periodic pass.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TargetGroupBindingE2E {
  private static final Duration WITHIN = Duration.ofSeconds(90);
  private static final String WEB_TARGET_GROUP =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-public/0123456789abcdef";
  private static final String API_TARGET_GROUP =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-public/fedcba9876543210";

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTest(Duration.ofMinutes(10));

  /** The cluster is shared by the suite: no test after this class may find the controller's kind served. */
  @AfterAll
  static void removeTheCrd(KubernetesCluster cluster) {
    TargetGroupBindingCrd.remove(cluster.client());
  }

  @Test
  void eachTargetGroupIsBoundToItsServiceKeptAsWrittenAndUnboundWithItsLoadBalancer(KubernetesCluster cluster,
      Ecs ecs) {
    TargetGroupBindingCrd.install(ecs.client());
    ecs.apply(Ecs.cluster("default"));
    TaskDefinition awsvpc = Ecs.taskDefinition("web", Ecs.IMAGE_V1, true);
    awsvpc.getSpec().networkMode = "awsvpc";
    ecs.apply(awsvpc);
    // No networkMode: bridge, ECS's default on EC2, whose target groups register instances.
    ecs.apply(Ecs.taskDefinition("api", Ecs.IMAGE_V1, true));
    ecs.apply(balanced("web", WEB_TARGET_GROUP));
    ecs.apply(balanced("api", API_TARGET_GROUP));

    GenericKubernetesResource web = awaitBinding(ecs, "web", "web-web-public", "ip", 8080);
    assertThat(spec(web)).containsEntry("targetGroupARN", WEB_TARGET_GROUP);
    assertThat(web.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("EcsService"));
    assertThat(service(ecs, "web-web-public").getSpec().getType()).isEqualTo("ClusterIP");
    GenericKubernetesResource api = awaitBinding(ecs, "api", "api-api-public", "instance", 8080);
    assertThat(spec(api)).containsEntry("targetGroupARN", API_TARGET_GROUP);
    Service apiService = service(ecs, "api-api-public");
    assertThat(apiService.getSpec().getType()).as("instance targets are reached through node ports")
        .isEqualTo("NodePort");
    assertThat(apiService.getSpec().getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getNodePort()).isPositive());
    EcsService ready = ecs.awaitService("web", "Ready", WITHIN, Ecs::ready);
    assertThat(ready.getStatus().fieldReports).noneMatch(r -> r.field.endsWith(".targetGroupArn"));

    // Someone points the binding at another port: reverted, and the service's events say so.
    String name = web.getMetadata().getName();
    Kubectl.forCluster(cluster).run("--namespace", ecs.namespace(), "patch", "targetgroupbinding/" + name,
        "--type=merge", "-p", "{\"spec\":{\"serviceRef\":{\"port\":9999}}}");
    ecs.awaitService("web", "the binding's edit reverted", WITHIN, s -> Ecs.eventsOldestFirst(s).stream()
        .anyMatch(e -> e.startsWith("(service web) reverted changes made outside Stevedore to TargetGroupBinding "
            + name + ": ") && e.contains("spec.serviceRef.port")));
    awaitBinding(ecs, "web", "web-web-public", "ip", 8080);

    // The load balancer taken off: the binding goes with its Service.
    ecs.apply(Ecs.replicaService("web", "web", 1));
    Waits.until("web's binding deleted", WITHIN, () -> bindings(ecs, "web"), List::isEmpty, String::valueOf);
    Waits.until("web's target group Service deleted", WITHIN, () -> service(ecs, "web-web-public"),
        Objects::isNull, String::valueOf);
    assertThat(bindings(ecs, "api")).as("the other service's binding stays").hasSize(1);
  }

  @Test
  void aServiceMadeBeforeTheControllerIsInstalledGetsItsBindingOnceItIs(Ecs ecs) {
    TargetGroupBindingCrd.remove(ecs.client());
    ecs.apply(Ecs.cluster("default"));
    TaskDefinition awsvpc = Ecs.taskDefinition("web", Ecs.IMAGE_V1, true);
    awsvpc.getSpec().networkMode = "awsvpc";
    ecs.apply(awsvpc);
    ecs.apply(balanced("web", WEB_TARGET_GROUP));

    // Without the kind: the Service is made as always, the service is Ready, and the target group is reported.
    ecs.awaitService("web", "Ready, reporting its target group unregistered", WITHIN, s -> Ecs.ready(s)
        && s.getStatus().fieldReports != null && s.getStatus().fieldReports.stream().anyMatch(r ->
            r.field.equals("service.loadBalancers[0].targetGroupArn") && r.reason.contains("not registered")));
    assertThat(service(ecs, "web-web-public")).isNotNull();

    TargetGroupBindingCrd.install(ecs.client());

    awaitBinding(ecs, "web", "web-web-public", "ip", 8080);
    EcsService registered = ecs.awaitService("web", "no longer reporting the target group", WITHIN,
        s -> s.getStatus().fieldReports == null
            || s.getStatus().fieldReports.stream().noneMatch(r -> r.field.endsWith(".targetGroupArn")));
    assertThat(Ecs.eventsOldestFirst(registered)).as("a binding never made was not 'recreated'")
        .noneMatch(e -> e.contains("recreated TargetGroupBinding"));

    // The controller uninstalled again: its bindings go with the CRD, the operator stops watching them, and the
    // service stays Ready, reporting its target group unregistered again.
    TargetGroupBindingCrd.remove(ecs.client());
    ecs.awaitService("web", "Ready, reporting its target group unregistered again", WITHIN, s -> Ecs.ready(s)
        && s.getStatus().fieldReports != null && s.getStatus().fieldReports.stream()
            .anyMatch(r -> r.field.equals("service.loadBalancers[0].targetGroupArn")));
    assertThat(service(ecs, "web-web-public")).isNotNull();
  }

  private static EcsService balanced(String name, String targetGroupArn) {
    EcsService service = Ecs.replicaService(name, name, 1);
    LoadBalancer lb = new LoadBalancer();
    lb.targetGroupArn = targetGroupArn;
    lb.containerName = "web";
    lb.containerPort = 8080;
    service.getSpec().loadBalancers = List.of(lb);
    return service;
  }

  /** Waits for the service's one binding to read as Stevedore writes it. */
  private static GenericKubernetesResource awaitBinding(Ecs ecs, String service, String targetGroupService,
      String targetType, int port) {
    return Waits.until(service + "'s binding to " + targetGroupService + ":" + port + " (" + targetType + ")",
        WITHIN, () -> bindings(ecs, service),
        found -> found.size() == 1 && targetType.equals(spec(found.get(0)).get("targetType"))
            && Map.of("name", targetGroupService, "port", port).equals(spec(found.get(0)).get("serviceRef")),
        String::valueOf).get(0);
  }

  private static List<GenericKubernetesResource> bindings(Ecs ecs, String service) {
    return ecs.client().genericKubernetesResources(TargetGroupBindingCrd.API_VERSION, TargetGroupBindingCrd.KIND)
        .inNamespace(ecs.namespace()).withLabel("ecs.stevedore.dev/service", service).list().getItems();
  }

  private static Service service(Ecs ecs, String name) {
    return ecs.client().services().inNamespace(ecs.namespace()).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource binding) {
    return (Map<String, Object>) binding.getAdditionalProperties().get("spec");
  }
}
