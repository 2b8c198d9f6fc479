package dev.stevedore.plan;

import static dev.stevedore.plan.ServicePlannerTest.asStored;
import static dev.stevedore.plan.ServicePlannerTest.plan;
import static dev.stevedore.plan.ServicePlannerTest.revision;
import static dev.stevedore.plan.ServicePlannerTest.service;
import static dev.stevedore.plan.ServicePlannerTest.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.LoadBalancer;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.plan.ServicePlannerTest.World;
import dev.stevedore.status.Conditions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The planner's TargetGroupBindings (AWS Load Balancer Controller): written where the kind is served, with the target
 * type of the task's network mode; reported where it is not, and for classic load balancers; deleted with their
 * target group; restored when changed; nothing written in steady state.
 */
class TargetGroupBindingPlanTest {
  static final String SHOP_WEB =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/Shop-Web/0123456789abcdef";
  static final String SHOP_WEB_V2 =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/Shop-Web/fedcba9876543210";

  @Test
  void withoutTheControllerTheServiceIsMadeAndTheUnregisteredTargetGroupIsReported() {
    World world = world(balanced(SHOP_WEB), null, false);

    ServicePlan plan = plan(world);

    assertThat(kinds(plan)).doesNotContain("TargetGroupBinding");
    assertThat(targetGroupService(plan).getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(plan.status().fieldReports).anySatisfy(r -> {
      assertThat(r.field).isEqualTo("service.loadBalancers[0].targetGroupArn");
      assertThat(r.disposition).isEqualTo(FieldReport.Disposition.APPROXIMATED);
      assertThat(r.reason).contains("not registered in the target group", "targetgroupbindings.elbv2.k8s.aws",
          "web-shop-web");
    });
    assertThat(plan.newStall()).isNull();
  }

  @Test
  void anAwsvpcServiceGetsAnIpBindingToItsTargetGroupServiceOwnedByTheService() {
    World world = world(balanced(SHOP_WEB), "awsvpc", true);

    ServicePlan plan = plan(world);

    GenericKubernetesResource binding = binding(plan);
    assertThat(binding.getApiVersion()).isEqualTo("elbv2.k8s.aws/v1beta1");
    assertThat(binding.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(binding.getMetadata().getName()).startsWith("web-shop-web-");
    assertThat(spec(binding)).containsEntry("targetGroupARN", SHOP_WEB).containsEntry("targetType", "ip")
        .containsEntry("serviceRef", Map.of("name", "web-shop-web", "port", 80));
    assertThat(binding.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "stevedore")
        .containsEntry("ecs.stevedore.dev/service", "web").containsEntry("app.kubernetes.io/instance", "web")
        .containsEntry("ecs.stevedore.dev/cluster", "prod");
    assertThat(binding.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo("uid-web");
      assertThat(o.getController()).isTrue();
    });
    assertThat(targetGroupService(plan).getSpec().getType()).as("ip targets need no node port")
        .isEqualTo("ClusterIP");
    assertThat(plan.status().fieldReports).noneMatch(r -> r.field.endsWith(".targetGroupArn"));
    assertThat(kinds(plan).indexOf("TargetGroupBinding")).as("written after the Service it points at")
        .isGreaterThan(kinds(plan).lastIndexOf("Service"));
  }

  @ParameterizedTest(name = "networkMode {0}, launchType {1}, annotation {2}")
  @CsvSource(nullValues = "-", textBlock = """
      awsvpc, -,       -,            ip,       ClusterIP
      -,      FARGATE, -,            ip,       ClusterIP
      -,      -,       -,            instance, NodePort
      -,      EC2,     LoadBalancer, instance, LoadBalancer
      bridge, -,       -,            instance, NodePort
      host,   -,       NodePort,     instance, NodePort
      bridge, -,       ClusterIP,    instance, NodePort
      """)
  void theTargetTypeFollowsTheNetworkModeAndInstanceTargetsGetNodePorts(String networkMode, String launchType,
      String annotation, String targetType, String serviceType) {
    EcsService service = balanced(SHOP_WEB);
    service.getSpec().launchType = launchType;
    if (annotation != null) {
      service.getMetadata().setAnnotations(Map.of("ecs.stevedore.dev/load-balancer-type", annotation));
    }
    World world = world(service, networkMode, true);

    ServicePlan plan = plan(world);

    assertThat(spec(binding(plan))).containsEntry("targetType", targetType);
    assertThat(targetGroupService(plan).getSpec().getType()).isEqualTo(serviceType);
    boolean overridden = "ClusterIP".equals(annotation) && "NodePort".equals(serviceType);
    assertThat(plan.status().fieldReports).as("the annotation's ClusterIP overridden is reported")
        .filteredOn(r -> r.reason.contains("asks for")).hasSize(overridden ? 1 : 0);
  }

  @Test
  void aClassicLoadBalancerGetsItsServiceButNoBindingAndIsReportedWithOrWithoutTheController() {
    for (boolean controller : List.of(false, true)) {
      EcsService service = balanced(null);
      service.getSpec().loadBalancers.get(0).loadBalancerName = "shop-classic";
      World world = world(service, "awsvpc", controller);

      ServicePlan plan = plan(world);

      assertThat(kinds(plan)).doesNotContain("TargetGroupBinding");
      assertThat(plan.writes()).extracting(w -> w.object().getMetadata().getName()).contains("web-shop-classic");
      assertThat(plan.status().fieldReports).anySatisfy(r -> {
        assertThat(r.field).isEqualTo("service.loadBalancers[0].loadBalancerName");
        assertThat(r.disposition).isEqualTo(FieldReport.Disposition.UNSUPPORTED);
        assertThat(r.reason).contains("Classic Load Balancer");
      });
    }
  }

  @Test
  void steadyStateWritesNothingEvenWithWhatTheControllersWebhookFilledIn() {
    World world = steady(world(balanced(SHOP_WEB), "awsvpc", true));
    GenericKubernetesResource live = world.bindings.get(0);
    mutableSpec(live).put("ipAddressType", "ipv4");
    mutableSpec(live).put("vpcID", "vpc-0abc");

    ServicePlan plan = plan(world);

    assertThat(plan.writes()).isEmpty();
    assertThat(plan.deletes()).isEmpty();
  }

  @Test
  void aForeignEditIsRevertedByAReplaceThatKeepsTheWebhooksDefaultsAndTheEventSaysSo() {
    World world = steady(world(balanced(SHOP_WEB), "awsvpc", true));
    GenericKubernetesResource live = world.bindings.get(0);
    mutableSpec(live).put("vpcID", "vpc-0abc");
    mutableSpec(live).put("serviceRef", Map.of("name", "web-shop-web", "port", 8080));
    ManagedFields.add(live, "kubectl-patch", "Update", null, Map.of("f:spec", Map.of("f:serviceRef",
        Map.of("f:port", Map.of()))));

    ServicePlan plan = plan(world);

    ServicePlan.Write write = ServicePlannerTest.only(plan.writes());
    assertThat(write.verb()).isEqualTo(ServicePlan.Verb.REPLACE);
    assertThat(write.drift()).contains("spec.serviceRef.port", "spec.serviceRef.port (kubectl-patch)");
    GenericKubernetesResource body = (GenericKubernetesResource) write.object();
    assertThat(spec(body)).containsEntry("serviceRef", Map.of("name", "web-shop-web", "port", 80))
        .containsEntry("vpcID", "vpc-0abc");
    assertThat(body.getMetadata().getManagedFields()).noneMatch(e -> "kubectl-patch".equals(e.getManager()));
    assertThat(plan.status().events.get(0).message).startsWith("(service web) reverted changes made outside"
        + " Stevedore to TargetGroupBinding " + live.getMetadata().getName() + ": spec.serviceRef.port");
  }

  @Test
  void aDeletedBindingOfASteadyServiceIsRecreated() {
    World world = steady(world(balanced(SHOP_WEB), "awsvpc", true));
    world.bindings.clear();

    ServicePlan plan = plan(world);

    assertThat(kinds(plan)).containsExactly("TargetGroupBinding");
    assertThat(plan.status().events.get(0).message).startsWith("(service web) recreated TargetGroupBinding web-shop-web-");
  }

  @Test
  void aControllerInstalledLaterGetsTheBindingWrittenWithoutCallingItRecreated() {
    World world = steady(world(balanced(SHOP_WEB), "awsvpc", false));
    assertThat(world.bindings).isEmpty();
    world.bindingsServed = true;

    ServicePlan plan = plan(world);

    assertThat(kinds(plan)).containsExactly("TargetGroupBinding");
    assertThat(plan.statusChanged()).as("the unregistered target group is no longer reported").isTrue();
    assertThat(plan.status().fieldReports).noneMatch(r -> r.field.endsWith(".targetGroupArn"));
    assertThat(plan.newEvents()).noneMatch(e -> e.message.contains("recreated"));
  }

  @Test
  void aLoadBalancerTakenOffDeletesItsBindingAndItsService() {
    World world = steady(world(balanced(SHOP_WEB), "awsvpc", true));
    world.service.getSpec().loadBalancers = null;

    ServicePlan plan = plan(world);

    assertThat(kinds(plan)).doesNotContain("TargetGroupBinding");
    assertThat(plan.deletes()).extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder("Service", "TargetGroupBinding");
  }

  @Test
  void anotherTargetGroupIsANewBindingAndTheOldOneGoesSinceABindingCannotChangeItsArn() {
    World world = steady(world(balanced(SHOP_WEB), "awsvpc", true));
    String old = world.bindings.get(0).getMetadata().getName();
    world.service.getSpec().loadBalancers.get(0).targetGroupArn = SHOP_WEB_V2;

    ServicePlan plan = plan(world);

    GenericKubernetesResource created = binding(plan);
    assertThat(created.getMetadata().getName()).isNotEqualTo(old).startsWith("web-shop-web-");
    assertThat(spec(created)).containsEntry("targetGroupARN", SHOP_WEB_V2);
    assertThat(plan.deletes()).extracting(d -> d.getMetadata().getName()).containsExactly(old);
  }

  @Test
  void theBindingIsTheSameEveryTime() {
    ServicePlan a = plan(world(balanced(SHOP_WEB), "bridge", true));
    ServicePlan b = plan(world(balanced(SHOP_WEB), "bridge", true));
    assertThat(binding(a)).isEqualTo(binding(b));
  }

  // ---- fixtures ---------------------------------------------------------------------------------------------------

  /** A service behind one target group (or none: set loadBalancerName) on the tasks' port 80. */
  static EcsService balanced(String targetGroupArn) {
    EcsService service = service(2);
    LoadBalancer lb = new LoadBalancer();
    lb.targetGroupArn = targetGroupArn;
    lb.containerName = "web";
    lb.containerPort = 80;
    service.getSpec().loadBalancers = new ArrayList<>(List.of(lb));
    return service;
  }

  /**
   * The world of {@code service}, its task definition in {@code networkMode} (null: none given), with the
   * TargetGroupBinding kind served or not.
   */
  static World world(EcsService service, String networkMode, boolean served) {
    World world = ServicePlannerTest.world(service);
    world.bindingsServed = served;
    if (networkMode != null) {
      TaskDefinitionSpec td = taskDefinition("nginx:1.27");
      td.networkMode = networkMode;
      world.revisions.set(0, revision(td, 1));
    }
    // The host network is the cluster's to allow.
    world.clusters.get(0).getSpec().taskSecurity = new dev.stevedore.api.v1alpha1.TaskSecurity();
    world.clusters.get(0).getSpec().taskSecurity.allowHostNetwork = true;
    return world;
  }

  /** What a first plan wrote, stored, with a Ready status for this generation. */
  static World steady(World world) {
    ServicePlan first = plan(world);
    first.writes().forEach(w -> world.live(asStored(w.object())));
    world.service.setStatus(first.status());
    world.service.getStatus().observedGeneration = world.service.getMetadata().getGeneration();
    world.service.getStatus().conditions = List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder()
        .withType(Conditions.READY).withStatus("True").withReason("SteadyState").build());
    return world;
  }

  static List<String> kinds(ServicePlan plan) {
    return plan.writes().stream().map(w -> w.object().getKind()).toList();
  }

  static GenericKubernetesResource binding(ServicePlan plan) {
    return (GenericKubernetesResource) ServicePlannerTest.only(plan.writes(), "TargetGroupBinding");
  }

  static Service targetGroupService(ServicePlan plan) {
    return plan.writes().stream().map(ServicePlan.Write::object).filter(Service.class::isInstance)
        .map(Service.class::cast).filter(s -> s.getMetadata().getName().equals("web-shop-web")).findFirst()
        .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(GenericKubernetesResource binding) {
    return (Map<String, Object>) binding.getAdditionalProperties().get("spec");
  }

  static Map<String, Object> mutableSpec(GenericKubernetesResource binding) {
    Map<String, Object> spec = new LinkedHashMap<>(spec(binding));
    binding.setAdditionalProperty("spec", spec);
    return spec;
  }
}
