package dev.stevedore.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.CapacityProviderDefinition;
import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerOverride;
import dev.stevedore.api.v1alpha1.DeploymentCircuitBreaker;
import dev.stevedore.api.v1alpha1.DeploymentConfiguration;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.PreDeployTask;
import dev.stevedore.api.v1alpha1.ServiceRollback;
import dev.stevedore.api.v1alpha1.TaskContainer;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskDescription;
import dev.stevedore.api.v1alpha1.TaskOverride;
import dev.stevedore.naming.Arns;
import dev.stevedore.reconcile.taskdefinition.RevisionManifests;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.status.Conditions;
import dev.stevedore.status.ServiceStatusCalculator;
import dev.stevedore.testing.TestNodes;
import dev.stevedore.translate.TaskRoleBinding;
import dev.stevedore.translate.task.PreDeployTaskTranslator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The planner for every case the EcsService reconciler handles, as tables: the world in, the writes, deletes, stall
 * and status out. Live objects are built from what an earlier plan wrote, the way the API server would return them.
 */
class ServicePlannerTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final ServiceWorld.Environment ENV = new ServiceWorld.Environment("us-east-1", "123456789012",
      TaskRoleBinding.IRSA);
  static final String ARN_1 = Arns.taskDefinition("us-east-1", "123456789012", "web", 1);
  static final String ARN_2 = Arns.taskDefinition("us-east-1", "123456789012", "web", 2);

  // ---- references that do not resolve stall the service and touch nothing --------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no such cluster               | other | web        | ClusterNotFoundException  | Cluster not found.
      unparsable task definition    | prod  | web:x:y    | InvalidParameterException | taskDefinition must be family
      no such family                | prod  | api        | ClientException           | TaskDefinition not found: api.
      no such revision              | prod  | web:9      | ClientException           | TaskDefinition not found: web:9.
      """)
  void aReferenceThatDoesNotResolveStallsAndWritesNothing(String name, String cluster, String taskDefinition,
      String reason, String message) {
    EcsService service = service(2);
    service.getSpec().cluster = cluster;
    service.getSpec().taskDefinition = taskDefinition;
    Deployment running = (Deployment) only(plan(world(service(2))).writes(), "Deployment");

    ServicePlan plan = plan(world(service).live(running));

    assertThat(plan.writes()).isEmpty();
    assertThat(plan.deletes()).as("what runs is not taken down").isEmpty();
    assertThat(plan.newStall().reason()).isEqualTo(reason);
    assertThat(plan.newStall().message()).startsWith(message);
    assertThat(condition(plan, Conditions.STALLED).getReason()).isEqualTo(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      its cluster          | other | web | ClusterNotFoundException
      its task definition  | prod  | api | ClientException
      """)
  void aNewServiceWaitsQuietlyForAMissingReferenceAppliedWithItThenStalls(String name, String cluster,
      String taskDefinition, String reason) {
    EcsService service = service(2);
    service.getSpec().cluster = cluster;
    service.getSpec().taskDefinition = taskDefinition;
    service.getMetadata().setCreationTimestamp(NOW.minusSeconds(5).toString());

    ServicePlan waiting = plan(world(service));
    assertThat(waiting.quiet()).as("no status, no write while the reference may still arrive").isTrue();
    assertThat(waiting.newStall()).isNull();
    assertThat(waiting.newEvents()).isEmpty();
    assertThat(waiting.recheckAfter()).as("looks again when the grace ends")
        .contains(ServicePlanner.REFERENCE_GRACE.minusSeconds(5));

    service.getMetadata().setCreationTimestamp(NOW.minus(ServicePlanner.REFERENCE_GRACE).toString());
    ServicePlan stalled = plan(world(service));
    assertThat(stalled.newStall().reason()).isEqualTo(reason);
    assertThat(condition(stalled, Conditions.STALLED).getReason()).isEqualTo(reason);
  }

  @Test
  void aServiceAlreadyObservedStallsAtOnceWhenAReferenceGoes() {
    EcsService service = service(2);
    service.getMetadata().setCreationTimestamp(NOW.minusSeconds(1).toString());
    service.setStatus(plan(world(service)).status());
    service.getSpec().cluster = "other";
    assertThat(plan(world(service)).newStall().reason()).isEqualTo("ClusterNotFoundException");
  }

  @Test
  void aStallAlreadyReportedIsNotNewsAgain() {
    EcsService service = service(2);
    service.getSpec().cluster = "other";
    ServicePlan first = plan(world(service));
    service.setStatus(first.status());
    ServicePlan again = plan(world(service));
    assertThat(again.newStall()).isNull();
    assertThat(again.statusChanged()).isFalse();
  }

  @Test
  void aDeregisteredRevisionIsRefusedToANewServiceButKeepsRunningWhereItRuns() {
    World world = world(service(2));
    world.revisions.set(0, deregistered(world.revisions.get(0)));
    world.service.getSpec().taskDefinition = "web:1";
    assertThat(plan(world).newStall().message()).isEqualTo("TaskDefinition is inactive: web:1.");

    world.service.setStatus(new EcsServiceStatus());
    world.service.getStatus().taskDefinition = ARN_1;
    ServicePlan plan = plan(world);
    assertThat(plan.newStall()).isNull();
    assertThat(only(plan.writes(), "Deployment")).isNotNull();
  }

  @Test
  void aServiceThatBreaksAServiceRuleStallsWithEcsException() {
    EcsService service = service(2);
    var lb = new dev.stevedore.api.v1alpha1.LoadBalancer();
    lb.containerName = "web";
    lb.containerPort = 8080;
    service.getSpec().loadBalancers = List.of(lb);
    ServicePlan plan = plan(world(service));
    assertThat(plan.writes()).isEmpty();
    assertThat(plan.newStall().reason()).isEqualTo("InvalidParameterException");
    assertThat(plan.newStall().message()).contains("The container web did not have a container port 8080 defined.");
  }

  @Test
  void aPrivilegedTaskInAClusterThatDoesNotAllowItStallsAndWritesNothing() {
    World world = world(service(2));
    TaskDefinitionSpec privileged = taskDefinition("nginx:1.27");
    privileged.containerDefinitions.get(0).privileged = true;
    world.revisions.set(0, revision(privileged, 1));
    ServicePlan plan = plan(world);
    assertThat(plan.writes()).isEmpty();
    assertThat(plan.newStall().reason()).isEqualTo("ClientException");
    assertThat(plan.newStall().message()).contains("privileged");

    world.clusters.get(0).getSpec().taskSecurity = new dev.stevedore.api.v1alpha1.TaskSecurity();
    world.clusters.get(0).getSpec().taskSecurity.allowPrivileged = true;
    assertThat(plan(world).newStall()).isNull();
  }

  // ---- what a new service becomes -------------------------------------------------------------------------------

  @Test
  void aNewReplicaServiceAppliesItsDeploymentAndServiceOwnedByTheService() {
    ServicePlan plan = plan(world(service(3)));

    Deployment deployment = (Deployment) only(plan.writes(), "Deployment");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-web"))
        .satisfies(o -> assertThat(o.getController()).isTrue());
    assertThat(deployment.getMetadata().getAnnotations()).containsKey(LiveComparison.APPLIED_HASH_ANNOTATION);
    assertThat(only(plan.writes(), "Service")).isNotNull();
    assertThat(plan.writes()).allMatch(w -> w.verb() == ServicePlan.Verb.APPLY);
    assertThat(plan.status().desiredCount).isEqualTo(3);
    assertThat(plan.status().serviceArn).isEqualTo("arn:aws:ecs:us-east-1:123456789012:service/prod/web");
    assertThat(plan.status().taskDefinition).isEqualTo(ARN_1);
  }

  @Test
  void autoScalingIsAnAutoscalerOnTheServicesScaleSubresourceWrittenOnceAndDeletedWhenTakenOff() {
    EcsService service = service(2);
    service.getSpec().autoScaling = autoScaling(2, 6);
    ServicePlan plan = plan(world(service));

    var hpa = (io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler) only(plan.writes(),
        "HorizontalPodAutoscaler");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("EcsService");
    assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("ecs.stevedore.dev/v1alpha1");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("web");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
    assertThat(hpa.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-web"));
    assertThat(hpa.getMetadata().getLabels()).containsEntry("ecs.stevedore.dev/service", "web");

    // Steady: the autoscaler as stored, nothing to write.
    World steady = steadyWorld(service);
    assertThat(plan(steady).writes()).isEmpty();
    assertThat(steady.autoscalers).hasSize(1);

    // Taken off: the autoscaler goes, nothing else is written.
    service.getSpec().autoScaling = null;
    ServicePlan off = plan(steady);
    assertThat(off.deletes()).extracting(HasMetadata::getKind).containsExactly("HorizontalPodAutoscaler");
    assertThat(off.writes()).isEmpty();
  }

  @Test
  void eachTargetGroupIsAKubernetesServiceOfTheAnnotatedTypeAndGoesWithItsLoadBalancer() {
    EcsService service = service(2);
    var lb = new dev.stevedore.api.v1alpha1.LoadBalancer();
    lb.targetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/Shop-Web/0123456789abcdef";
    lb.containerName = "web";
    lb.containerPort = 80;
    service.getSpec().loadBalancers = List.of(lb);
    service.getMetadata().setAnnotations(Map.of("ecs.stevedore.dev/load-balancer-type", "NodePort"));
    ServicePlan plan = plan(world(service));

    List<Service> services = plan.writes().stream().map(ServicePlan.Write::object)
        .filter(Service.class::isInstance).map(Service.class::cast).toList();
    assertThat(services).extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder("web", "web-shop-web");
    Service targetGroup = services.stream().filter(s -> s.getMetadata().getName().equals("web-shop-web"))
        .findFirst().orElseThrow();
    assertThat(targetGroup.getSpec().getType()).isEqualTo("NodePort");
    assertThat(targetGroup.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(80);
      assertThat(p.getTargetPort().getIntVal()).isEqualTo(80);
    });
    assertThat(targetGroup.getSpec().getSelector()).containsEntry("ecs.stevedore.dev/service", "web");
    assertThat(targetGroup.getMetadata().getAnnotations()).containsEntry("ecs.stevedore.dev/target-group",
        lb.targetGroupArn);
    assertThat(targetGroup.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-web"));

    World steady = steadyWorld(service);
    assertThat(plan(steady).writes()).isEmpty();
    service.getSpec().loadBalancers = null;
    ServicePlan off = plan(steady);
    assertThat(off.deletes()).extracting(o -> o.getMetadata().getName()).containsExactly("web-shop-web");
  }

  @Test
  void serviceConnectClientAliasesAreServicesOfThatNameAndPortOnTheNamedContainerPort() {
    EcsService service = service(2);
    service.getSpec().serviceConnectConfiguration = new io.fabric8.kubernetes.api.model.AnyType(Map.of(
        "enabled", true, "namespace", "shop",
        "services", List.of(Map.of("portName", "http", "discoveryName", "orders",
            "clientAliases", List.of(Map.of("port", 80), Map.of("port", 8443, "dnsName", "orders-admin.shop"))))));
    ServicePlan plan = plan(world(service));

    Map<String, Service> services = new java.util.TreeMap<>();
    plan.writes().stream().map(ServicePlan.Write::object).filter(Service.class::isInstance)
        .map(Service.class::cast).forEach(s -> services.put(s.getMetadata().getName(), s));
    assertThat(services).containsOnlyKeys("web", "orders", "orders-admin");
    assertThat(services.get("orders").getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(80);
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
    });
    assertThat(services.get("orders-admin").getSpec().getPorts().get(0).getPort()).isEqualTo(8443);
    assertThat(plan.status().fieldReports).extracting(r -> r.field).contains("service.serviceConnectConfiguration");
  }

  @Test
  void aScheduledActionThatFiredSetsTheAutoscalersBoundsAndTheNextOneIsWhenToLookAgain() {
    EcsService service = service(2);
    service.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    service.getSpec().autoScaling = autoScaling(2, 6);
    var before = new dev.stevedore.api.v1alpha1.ScheduledAction();
    before.scheduledActionName = "earlier";
    before.schedule = "at(" + NOW.minusSeconds(60).toString().replace("Z", "") + ")";
    before.minCapacity = 5;
    before.maxCapacity = 12;
    var later = new dev.stevedore.api.v1alpha1.ScheduledAction();
    later.scheduledActionName = "later";
    later.schedule = "at(" + NOW.plusSeconds(300).toString().replace("Z", "") + ")";
    later.minCapacity = 1;
    service.getSpec().autoScaling.scheduledActions = List.of(before, later);
    ServicePlan plan = plan(world(service));

    var hpa = (io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler) only(plan.writes(),
        "HorizontalPodAutoscaler");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(5);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
    assertThat(plan.recheckAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(
        java.time.Duration.ofSeconds(300), java.time.Duration.ofSeconds(302)));

    // An unreadable schedule stalls the service as ECS would refuse the action; nothing is written.
    var bad = new dev.stevedore.api.v1alpha1.ScheduledAction();
    bad.scheduledActionName = "bad";
    bad.schedule = "cron(0 25 * * ? *)";
    bad.minCapacity = 1;
    service.getSpec().autoScaling.scheduledActions = List.of(bad);
    ServicePlan refused = plan(world(service));
    assertThat(refused.writes()).isEmpty();
    assertThat(refused.newStall().message()).contains("autoScaling.scheduledActions[0]", "cron(0 25 * * ? *)");
  }

  static dev.stevedore.api.v1alpha1.ServiceAutoScaling autoScaling(int min, int max) {
    var scaling = new dev.stevedore.api.v1alpha1.ServiceAutoScaling();
    scaling.minCapacity = min;
    scaling.maxCapacity = max;
    var cpu = new dev.stevedore.api.v1alpha1.TargetTrackingScalingPolicy();
    cpu.predefinedMetricType = "ECSServiceAverageCPUUtilization";
    cpu.targetValue = 70.0;
    scaling.targetTrackingPolicies = List.of(cpu);
    return scaling;
  }

  @Test
  void anEmptyLaunchTypeFromAnExportIsAbsentInStatusToo() {
    EcsService service = service(2);
    service.getSpec().launchType = "";
    ServicePlan plan = plan(world(service));
    assertThat(plan.status().deployments).singleElement().satisfies(d -> assertThat(d.launchType).isNull());
  }

  @Test
  void aTaskRoleBecomesAServiceAccountTheServiceOwnsWithoutControllingIt() {
    World world = world(service(1));
    TaskDefinitionSpec withRole = taskDefinition("nginx:1.27");
    withRole.taskRoleArn = "web-role";
    world.revisions.set(0, revision(withRole, 1));
    ServicePlan plan = plan(world);
    assertThat(plan.writes().get(0).object()).isInstanceOf(ServiceAccount.class);
    HasMetadata sa = plan.writes().get(0).object();
    assertThat(sa.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getController()).isNull());
  }

  @ParameterizedTest(name = "desired {0} -> FARGATE {1}, FARGATE_SPOT {2}")
  @CsvSource({"10, 4, 6", "14, 5, 9", "2, 2, 0"})
  void severalCapacityProvidersAreOneDeploymentEachWithItsShare(int desired, int fargate, int spot) {
    EcsService service = service(desired);
    service.getSpec().capacityProviderStrategy = List.of(item("FARGATE", 2, 1), item("FARGATE_SPOT", null, 3));
    ServicePlan plan = plan(world(service));
    List<Deployment> deployments = plan.writes().stream().map(ServicePlan.Write::object)
        .filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactly("web-fargate",
        "web-fargate-spot");
    assertThat(deployments).extracting(d -> d.getSpec().getReplicas()).containsExactly(fargate, spot);
    assertThat(plan.writes()).filteredOn(w -> w.object() instanceof Service).hasSize(1);
  }

  @Test
  void aDaemonRunsOnTheNodesThatAdmitItAndCountsThemAsDesired() {
    EcsService service = service(null);
    service.getSpec().schedulingStrategy = "DAEMON";
    service.getSpec().launchType = "EC2";
    World world = world(service);
    world.nodes = new ArrayList<>(TestNodes.ready(6));
    world.nodes.get(0).getSpec().setUnschedulable(true);
    world.nodes.set(1, TestNodes.node("not-ready", Map.of("kubernetes.io/arch", "amd64"), false));
    ServicePlan plan = plan(world);
    DaemonSet ds = (DaemonSet) only(plan.writes(), "DaemonSet");
    assertThat(plan.status().desiredCount).isEqualTo(4);
    assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .as("ECS's daemon default minimumHealthyPercent 0: all 4 may be replaced at once").isEqualTo(4);
  }

  @Test
  void boundsThatAllowNoReplacementPauseTheDeploymentAndSaySo() {
    EcsService service = service(2);
    service.getSpec().deploymentConfiguration = new DeploymentConfiguration();
    service.getSpec().deploymentConfiguration.minimumHealthyPercent = 100;
    service.getSpec().deploymentConfiguration.maximumPercent = 100;
    ServicePlan plan = plan(world(service));
    assertThat(((Deployment) only(plan.writes(), "Deployment")).getSpec().getPaused()).isTrue();
    assertThat(condition(plan, Conditions.STALLED).getReason()).isEqualTo("DeploymentConfigurationStuck");
  }

  // ---- steady state writes nothing; drift is reverted ----------------------------------------------------------

  @Test
  void whatWasWrittenReadBackAsTheApiServerStoresItNeedsNoWrite() {
    World world = firstPlanApplied(world(service(3)));

    ServicePlan again = plan(world);
    assertThat(again.writes()).isEmpty();
    assertThat(again.deletes()).isEmpty();
  }

  @Test
  void taskCountsAndTheTasksStartedWaitUntilTheStoredCountsAreFiveSecondsOldThenGoInOneWrite() {
    World world = world(service(3));
    world.now = NOW.minusSeconds(2);
    firstPlanApplied(world);
    world.replicaSets.add(replicaSet("web-1", ARN_1, 1, 1));
    world.service.setStatus(plan(world).status());
    assertThat(world.service.getStatus().runningCount).as("stored 2 s ago").isEqualTo(1);

    // Two more tasks, one of them already running.
    world.replicaSets.set(0, replicaSet("web-1", ARN_1, 3, 2));
    world.now = NOW;
    ServicePlan held = plan(world);
    assertThat(held.statusChanged()).as("counts and started tasks alone, 2 s after the last").isFalse();
    assertThat(held.recheckAfter()).as("looks again when they are 5 s old").contains(Duration.ofSeconds(3));
    assertThat(held.status().runningCount).as("the plan's status has the counts of now (metrics read it)")
        .isEqualTo(2);

    world.now = NOW.plusSeconds(3);
    ServicePlan written = plan(world);
    assertThat(written.statusChanged()).isTrue();
    assertThat(written.status().runningCount).isEqualTo(2);
    assertThat(written.status().pendingCount).isEqualTo(1);
    assertThat(condition(written, Conditions.READY).getMessage()).contains("2 of 3 tasks running");
    assertThat(written.status().events.get(0).message).as("the two tasks in one event")
        .startsWith("(service web) has started 2 tasks");
  }

  @Test
  void anythingBesidesTheCountsIsWrittenAtOnceWithTheCountsOfThatMoment() {
    World world = firstPlanApplied(world(service(3)));
    EcsServiceStatus stored = Serialization.clone(plan(world).status());
    stored.pendingCount = 1;
    stored.deployments.get(0).pendingCount = 1;
    stored.deployments.get(0).updatedAt = NOW.minusSeconds(2).toString();
    stored.deployments.get(0).rolloutState = "COMPLETED";
    world.service.setStatus(stored);

    ServicePlan plan = plan(world);
    assertThat(plan.statusChanged()).as("the rollout state changed too").isTrue();
    assertThat(plan.status().pendingCount).isZero();
    assertThat(plan.recheckAfter()).isEmpty();
  }

  @Test
  void replicasSetThroughTheScaleSubresourceAreRevertedByAReplaceThatDropsTheScalersOwnership() {
    World world = steadyWorld(service(4));
    Deployment live = (Deployment) world.liveObject("Deployment", "web");
    live.getSpec().setReplicas(9);
    ManagedFields.add(live, "kubectl", "Update", "scale", Map.of("f:spec", Map.of("f:replicas", Map.of())));

    ServicePlan plan = plan(world);

    ServicePlan.Write write = plan.writes().get(0);
    assertThat(write.verb()).isEqualTo(ServicePlan.Verb.REPLACE);
    assertThat(write.drift()).contains("spec.replicas", "spec.replicas (kubectl)");
    Deployment body = (Deployment) write.object();
    assertThat(body.getSpec().getReplicas()).isEqualTo(4);
    assertThat(body.getMetadata().getResourceVersion()).isEqualTo(live.getMetadata().getResourceVersion());
    assertThat(body.getMetadata().getManagedFields()).noneMatch(e -> "kubectl".equals(e.getManager()));
    assertThat(plan.status().events.get(0).message).isEqualTo("(service web) reverted changes made outside"
        + " Stevedore to Deployment web: spec.replicas, spec.replicas (kubectl).");
    assertThat(plan.newEvents()).extracting(e -> e.message).contains(plan.status().events.get(0).message);
  }

  @Test
  void anEnvironmentVariableSomeoneElseAddedIsRemoved() {
    World world = steadyWorld(service(2));
    Deployment live = (Deployment) world.liveObject("Deployment", "web");
    live.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
        .add(new io.fabric8.kubernetes.api.model.EnvVar("INJECTED", "1", null));
    ManagedFields.add(live, "kubectl-edit", "Update", null, Map.of("f:spec", Map.of("f:template", Map.of("f:spec",
        Map.of("f:containers", Map.of("k:{\"name\":\"web\"}", Map.of("f:env", Map.of("k:{\"name\":\"INJECTED\"}",
            Map.of(".", Map.of(), "f:name", Map.of(), "f:value", Map.of())))))))));

    ServicePlan.Write write = plan(world).writes().get(0);

    assertThat(write.verb()).isEqualTo(ServicePlan.Verb.REPLACE);
    assertThat(write.drift()).containsExactly(
        "spec.template.spec.containers[name=web].env[name=INJECTED] (kubectl-edit)");
    Deployment body = (Deployment) write.object();
    assertThat(body.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .noneMatch(e -> "INJECTED".equals(e.getName()));
  }

  @Test
  void aValueChangedWithNoOwnershipRecordIsRevertedToo() {
    World world = steadyWorld(service(2));
    Deployment live = (Deployment) world.liveObject("Deployment", "web");
    live.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest");
    ServicePlan.Write write = plan(world).writes().get(0);
    assertThat(write.verb()).isEqualTo(ServicePlan.Verb.REPLACE);
    assertThat(write.drift()).containsExactly("spec.template.spec.containers[0].image");
  }

  @Test
  void aLabelOnlyOthersCareAboutIsLeftAlone() {
    World world = steadyWorld(service(2));
    Deployment live = (Deployment) world.liveObject("Deployment", "web");
    live.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "3");
    ManagedFields.add(live, "kube-controller-manager", "Update", null, Map.of("f:metadata", Map.of("f:annotations",
        Map.of(".", Map.of(), "f:deployment.kubernetes.io/revision", Map.of()))));
    live.getMetadata().getLabels().put("team", "payments");
    ManagedFields.add(live, "kubectl-label", "Update", null, Map.of("f:metadata", Map.of("f:labels",
        Map.of("f:team", Map.of()))));
    assertThat(plan(world).writes()).isEmpty();
  }

  @Test
  void aDeletedObjectOfASteadyServiceIsRecreatedAndTheEventSaysSo() {
    World world = steadyWorld(service(2));
    world.services.clear();
    ServicePlan plan = plan(world);
    assertThat(plan.writes()).singleElement().satisfies(w -> assertThat(w.object()).isInstanceOf(Service.class));
    assertThat(plan.status().events.get(0).message)
        .isEqualTo("(service web) recreated Service web, which was deleted outside Stevedore.");
  }

  @Test
  void podsThePodSecurityAdmissionRefusesStallTheServiceWithTheApiServersReason() {
    World world = steadyWorld(service(2));
    String refusal = "pods \"web-5d9f\" is forbidden: violates PodSecurity \"restricted:latest\":"
        + " allowPrivilegeEscalation != false (container \"web\" must set securityContext.allowPrivilegeEscalation=false)";
    world.replicaSets.add(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
        .withNewMetadata().withName("web-5d9f").endMetadata()
        .withNewSpec().withReplicas(2).withNewTemplate().withNewMetadata()
        .addToAnnotations(dev.stevedore.naming.Labels.TASK_DEFINITION_ANNOTATION, ARN_1).endMetadata().endTemplate()
        .endSpec()
        .withNewStatus().addNewCondition().withType("ReplicaFailure").withStatus("True").withReason("FailedCreate")
        .withMessage(refusal).endCondition().endStatus().build());

    ServicePlan plan = plan(world);

    assertThat(condition(plan, Conditions.STALLED).getStatus()).isEqualTo("True");
    assertThat(condition(plan, Conditions.STALLED).getReason()).isEqualTo("TasksRefused");
    assertThat(condition(plan, Conditions.READY).getMessage()).contains("violates PodSecurity \"restricted:latest\"");
    assertThat(plan.newEvents()).extracting(e -> e.message).contains("(service web) was unable to start a task: the"
        + " Kubernetes API server refused it. Reason: " + refusal);
  }

  // ---- objects nobody wants any more go --------------------------------------------------------------------------

  @Test
  void switchingToDaemonDeletesTheDeploymentAndAppliesADaemonSet() {
    World world = steadyWorld(service(2));
    world.service.getSpec().schedulingStrategy = "DAEMON";
    world.service.getSpec().desiredCount = null;
    world.service.getSpec().launchType = "EC2";
    ServicePlan plan = plan(world);
    assertThat(plan.deletes()).extracting(HasMetadata::getKind).containsExactly("Deployment");
    assertThat(only(plan.writes(), "DaemonSet")).isNotNull();
  }

  @Test
  void aTaskDefinitionWithoutPortsNoLongerWantsItsKubernetesService() {
    World world = steadyWorld(service(2));
    TaskDefinitionSpec noPorts = taskDefinition("nginx:1.28");
    noPorts.containerDefinitions.get(0).portMappings = null;
    world.revisions.add(revision(noPorts, 2));
    ServicePlan plan = plan(world);
    assertThat(plan.deletes()).extracting(HasMetadata::getKind).containsExactly("Service");
    assertThat(plan.status().taskDefinition).isEqualTo(ARN_2);
  }

  // ---- the circuit breaker's decision is applied by translation ------------------------------------------------

  @Test
  void aHaltedDeploymentIsWrittenPausedWithRecreate() {
    EcsService service = breakerService(false);
    World world = world(service);
    world.revisions.add(revision(taskDefinition("crashloop:1"), 2));
    service.setStatus(statusWithPrimary(ARN_2, "FAILED", service));
    Deployment d = (Deployment) only(plan(world).writes(), "Deployment");
    assertThat(d.getSpec().getPaused()).isTrue();
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
  }

  @Test
  void aRollbackWritesTheRevisionRolledBackTo() {
    EcsService service = breakerService(true);
    World world = world(service);
    world.revisions.add(revision(taskDefinition("crashloop:1"), 2));
    EcsServiceStatus status = rolledBackFrom2To1();
    service.setStatus(status);

    ServicePlan plan = plan(world);

    Deployment d = (Deployment) only(plan.writes(), "Deployment");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
    assertThat(d.getSpec().getPaused()).isNull();
    assertThat(plan.status().taskDefinition).isEqualTo(ARN_1);
    assertThat(condition(plan, Conditions.STABLE).getReason()).isEqualTo("RolledBack");
  }

  @Test
  void aHaltStopsEveryProvidersDeployment() {
    EcsService service = breakerService(false);
    service.getSpec().capacityProviderStrategy = List.of(item("FARGATE", 2, 1), item("FARGATE_SPOT", null, 3));
    World world = world(service);
    world.revisions.add(revision(taskDefinition("crashloop:1"), 2));
    service.setStatus(statusWithPrimary(ARN_2, "FAILED", service));
    List<Deployment> written = plan(world).writes().stream().map(ServicePlan.Write::object)
        .filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    assertThat(written).hasSize(2).allSatisfy(d -> {
      assertThat(d.getSpec().getPaused()).isTrue();
      assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    });
  }

  /**
   * A known difference from ECS, pinned so that it cannot change unnoticed: ECS starts a new deployment (a new id)
   * to run the revision it rolls back to; Stevedore's deployment ids derive from the service, the revision and the
   * forceNewDeployment token, so the rollback runs under the id of the deployment it rolls back to.
   */
  @Test
  void aRollbackRunsUnderTheIdOfTheDeploymentRolledBackTo() {
    EcsService service = breakerService(true);
    World world = world(service);
    world.revisions.add(revision(taskDefinition("crashloop:1"), 2));
    EcsServiceStatus status = rolledBackFrom2To1();
    service.setStatus(status);
    assertThat(plan(world).status().deployments).filteredOn(d -> "PRIMARY".equals(d.status)).singleElement()
        .satisfies(d -> assertThat(d.id).isEqualTo(status.rollback.deploymentId));
  }

  // ---- a pre-deploy task (Stevedore extension) gates each new deployment --------------------------------------

  static final String DEPLOYMENT_2 = ServiceStatusCalculator.deploymentId("uid-web", ARN_2, null);
  static final String TASK_2 = PreDeployTaskTranslator.name("web", 2, DEPLOYMENT_2);

  @Test
  void aNewRevisionFirstWritesThePreDeployTaskAndHoldsTheRollout() {
    World world = steadyMigratedWorld();
    world.revisions.add(revision(taskDefinition("nginx:1.28"), 2));

    ServicePlan plan = plan(world);

    EcsTask task = (EcsTask) only(plan.writes(), "EcsTask");
    assertThat(plan.writes()).as("the running Deployment is left as it is").hasSize(1);
    assertThat(task.getMetadata().getName()).isEqualTo(TASK_2).startsWith("web-predeploy-2-");
    assertThat(task.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-web"))
        .satisfies(o -> assertThat(o.getController()).isTrue());
    assertThat(task.getMetadata().getLabels()).containsEntry(dev.stevedore.naming.Labels.SERVICE, "web");
    assertThat(task.getSpec().taskDefinition).as("default: the new deployment's own revision").isEqualTo(ARN_2);
    assertThat(task.getSpec().cluster).isEqualTo("prod");
    assertThat(task.getSpec().count).isEqualTo(1);
    assertThat(task.getSpec().startedBy).isEqualTo(DEPLOYMENT_2);
    assertThat(task.getSpec().overrides.containerOverrides.get(0).command).containsExactly("bin/migrate");
    assertThat(plan.status().taskDefinition).isEqualTo(ARN_2);
    assertThat(plan.status().deployments).filteredOn(d -> "PRIMARY".equals(d.status)).singleElement().satisfies(d -> {
      assertThat(d.id).isEqualTo(DEPLOYMENT_2);
      assertThat(d.rolloutState).isEqualTo("IN_PROGRESS");
      assertThat(d.runningCount).isZero();
      assertThat(d.rolloutStateReason).contains("waiting for pre-deploy task " + TASK_2);
    });
    assertThat(plan.status().deployments).filteredOn(d -> "ACTIVE".equals(d.status)).singleElement()
        .satisfies(d -> assertThat(d.taskDefinition).isEqualTo(ARN_1))
        .satisfies(d -> assertThat(d.runningCount).isEqualTo(2));
    assertThat(plan.newEvents()).extracting(e -> e.message).contains(
        "(service web) is running pre-deploy task " + TASK_2 + " for deployment " + DEPLOYMENT_2 + ".");
    assertThat(condition(plan, Conditions.RECONCILING).getReason()).isEqualTo("PreDeployTaskRunning");
    assertThat(condition(plan, Conditions.STABLE).getStatus()).isEqualTo("False");
    assertThat(plan.status().preDeployTask.state).isEqualTo("PENDING");
    assertThat(plan.recheckAfter()).contains(java.time.Duration.ofSeconds(600));
  }

  @Test
  void whileTheTaskRunsNothingIsWrittenAndTheStatusStaysAsItIs() {
    World world = pendingWorld();
    world.tasks.add(storedTask(world, running()));

    ServicePlan plan = plan(world);

    assertThat(plan.quiet()).as("writes %s, status changed %s", plan.writes(), plan.statusChanged()).isTrue();
    assertThat(plan.recheckAfter()).contains(java.time.Duration.ofSeconds(600));
  }

  @Test
  void aTaskThatSucceededStartsTheRolloutAndATaskDeletedAfterwardsIsNotRunAgain() {
    World world = pendingWorld();
    world.tasks.add(storedTask(world, stopped(0)));

    ServicePlan plan = plan(world);

    Deployment d = (Deployment) only(plan.writes(), "Deployment");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");
    assertThat(plan.writes()).noneMatch(w -> w.object() instanceof EcsTask);
    assertThat(plan.status().preDeployTask.state).isEqualTo("SUCCEEDED");
    assertThat(plan.newEvents()).extracting(e -> e.message).contains(
        "(service web) pre-deploy task " + TASK_2 + " for deployment " + DEPLOYMENT_2 + " succeeded.");
    assertThat(condition(plan, Conditions.RECONCILING).getReason()).isEqualTo("RolloutInProgress");

    world.service.setStatus(plan.status());
    world.tasks.clear();
    ServicePlan later = plan(world);
    assertThat(later.writes()).noneMatch(w -> w.object() instanceof EcsTask);
    assertThat(((Deployment) only(later.writes(), "Deployment")).getSpec().getTemplate().getSpec().getContainers()
        .get(0).getImage()).isEqualTo("nginx:1.28");
  }

  @Test
  void aTaskThatFailedFailsTheDeploymentAndTheOldRevisionKeepsServing() {
    World world = pendingWorld();
    world.tasks.add(storedTask(world, stopped(1)));

    ServicePlan plan = plan(world);

    assertThat(plan.writes()).as("nothing of revision 2 starts, and the failed task is not touched").isEmpty();
    assertThat(plan.deletes()).isEmpty();
    String event = "(service web) (deployment " + DEPLOYMENT_2 + ") deployment failed: pre-deploy task " + TASK_2
        + " failed: (task 0123456789abcdef0123456789abcdef) stopped: Essential container in task exited: container"
        + " migrate exited with code 1 (Error).";
    assertThat(plan.newEvents()).extracting(e -> e.message).contains(event);
    assertThat(plan.status().deployments.get(0)).satisfies(d -> {
      assertThat(d.id).isEqualTo(DEPLOYMENT_2);
      assertThat(d.status).isEqualTo("PRIMARY");
      assertThat(d.rolloutState).isEqualTo("FAILED");
      assertThat(d.rolloutStateReason).startsWith("Pre-deploy task " + TASK_2 + " failed: (task ");
    });
    assertThat(plan.status().deployments).filteredOn(d -> "ACTIVE".equals(d.status)).singleElement()
        .satisfies(d -> assertThat(d.runningCount).isEqualTo(2));
    assertThat(condition(plan, Conditions.STALLED).getReason()).isEqualTo("PreDeployTaskFailed");
    assertThat(condition(plan, Conditions.STALLED).getStatus()).isEqualTo("True");
    assertThat(condition(plan, Conditions.STABLE).getStatus()).isEqualTo("False");

    // It stays failed, writes nothing, and still keeps revision 1 as Stevedore wants it.
    world.service.setStatus(plan.status());
    assertThat(plan(world).quiet()).isTrue();
    Deployment live = (Deployment) world.liveObject("Deployment", "web");
    live.getSpec().setReplicas(0);
    ServicePlan.Write repair = only(plan(world).writes());
    assertThat(((Deployment) repair.object()).getSpec().getReplicas()).isEqualTo(2);
    assertThat(((Deployment) repair.object()).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("nginx:1.27");
  }

  @Test
  void aTaskStillRunningAtItsTimeoutIsStoppedAndTheDeploymentFails() {
    World world = pendingWorld();
    world.service.getSpec().preDeployTask.timeoutSeconds = 60;
    world.tasks.add(storedTask(world, running()));
    world.now = NOW.plusSeconds(59);
    assertThat(plan(world).recheckAfter()).contains(java.time.Duration.ofSeconds(1));

    world.now = NOW.plusSeconds(60);
    ServicePlan plan = plan(world);

    EcsTask stop = (EcsTask) only(plan.writes(), "EcsTask");
    assertThat(stop.getSpec().desiredStatus).as("StopTask").isEqualTo("STOPPED");
    assertThat(stop.getSpec().taskDefinition).as("the request as it runs").isEqualTo(ARN_2);
    assertThat(plan.writes()).hasSize(1);
    assertThat(plan.status().preDeployTask.state).isEqualTo("FAILED");
    assertThat(plan.status().preDeployTask.reason).isEqualTo("it did not finish within 60 seconds");
    assertThat(plan.status().deployments.get(0).rolloutState).isEqualTo("FAILED");
    assertThat(plan.newEvents()).extracting(e -> e.message).contains("(service web) (deployment " + DEPLOYMENT_2
        + ") deployment failed: pre-deploy task " + TASK_2 + " failed: it did not finish within 60 seconds.");
  }

  @Test
  void aTaskThatCannotStartBecauseItsRequestIsWrongFailsTheDeploymentAtOnce() {
    World world = pendingWorld();
    EcsTask task = storedTask(world, null);
    task.setStatus(new dev.stevedore.api.v1alpha1.EcsTaskStatus());
    task.getStatus().conditions = List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder().withType("Stalled")
        .withStatus("True").withReason("InvalidParameterException")
        .withMessage("Override for container named migrate is not a container in the TaskDefinition.").build());
    world.tasks.add(task);

    ServicePlan plan = plan(world);

    assertThat(plan.status().preDeployTask.state).isEqualTo("FAILED");
    assertThat(plan.status().preDeployTask.reason).contains("Override for container named migrate");
    assertThat(only(plan.writes(), "EcsTask")).as("stopped, so that it never starts")
        .satisfies(t -> assertThat(((EcsTask) t).getSpec().desiredStatus).isEqualTo("STOPPED"));
  }

  @Test
  void aTaskDeletedWhileTheGateWaitsIsWrittenAgainUnderTheSameNameAndKeepsItsDeadline() {
    World world = pendingWorld();
    world.now = NOW.plusSeconds(30);

    ServicePlan plan = plan(world);

    assertThat(only(plan.writes(), "EcsTask").getMetadata().getName()).isEqualTo(TASK_2);
    assertThat(plan.newEvents()).as("still the same wait").isEmpty();
    assertThat(plan.recheckAfter()).contains(java.time.Duration.ofSeconds(570));
  }

  @Test
  void aNewServiceRunsItsPreDeployTaskBeforeStartingAnyTask() {
    EcsService service = migratedService();
    ServicePlan plan = plan(world(service));

    assertThat(plan.writes()).extracting(w -> w.object().getKind()).containsExactly("EcsTask");
    EcsTask task = (EcsTask) plan.writes().get(0).object();
    assertThat(task.getSpec().taskDefinition).isEqualTo(ARN_1);
    assertThat(plan.status().deployments).singleElement().satisfies(d -> {
      assertThat(d.taskDefinition).isEqualTo(ARN_1);
      assertThat(d.rolloutState).isEqualTo("IN_PROGRESS");
    });
  }

  @Test
  void aPreDeployTaskAddedToARunningServiceRunsNothingUntilTheNextDeployment() {
    World world = steadyWorld(service(2));
    world.service.getSpec().preDeployTask = preDeployTask();
    assertThat(plan(world).writes()).isEmpty();
  }

  @Test
  void theNextRevisionAfterAFailureGetsATaskOfItsOwn() {
    World world = pendingWorld();
    world.tasks.add(storedTask(world, stopped(1)));
    world.service.setStatus(plan(world).status());
    TaskDefinitionSpec v3 = taskDefinition("nginx:1.29");
    world.revisions.add(revision(v3, 3));

    ServicePlan plan = plan(world);

    EcsTask task = (EcsTask) only(plan.writes(), "EcsTask");
    assertThat(task.getMetadata().getName()).startsWith("web-predeploy-3-");
    assertThat(task.getSpec().taskDefinition).endsWith("web:3");
    assertThat(plan.status().preDeployTask.state).isEqualTo("PENDING");
    assertThat(condition(plan, Conditions.STALLED).getStatus()).isEqualTo("False");
  }

  @Test
  void aPreDeployTaskCanRunAnotherTaskDefinition() {
    World world = steadyMigratedWorld();
    world.service.getSpec().preDeployTask.taskDefinition = "migrate:4";
    world.revisions.add(revision(taskDefinition("nginx:1.28"), 2));
    assertThat(((EcsTask) only(plan(world).writes(), "EcsTask")).getSpec().taskDefinition).isEqualTo("migrate:4");
  }

  static PreDeployTask preDeployTask() {
    PreDeployTask preDeploy = new PreDeployTask();
    preDeploy.overrides = new TaskOverride();
    ContainerOverride migrate = new ContainerOverride();
    migrate.name = "web";
    migrate.command = List.of("bin/migrate");
    preDeploy.overrides.containerOverrides = List.of(migrate);
    return preDeploy;
  }

  static EcsService migratedService() {
    EcsService service = service(2);
    service.getSpec().preDeployTask = preDeployTask();
    return service;
  }

  /** A service with a pre-deploy task, steady at revision 1 with its two tasks running. */
  static World steadyMigratedWorld() {
    World world = steadyWorld(service(2));
    world.service.getSpec().preDeployTask = preDeployTask();
    world.replicaSets.add(replicaSet("web-rev1", ARN_1, 2));
    return world;
  }

  /** Revision 2 registered; its pre-deploy task written and waiting, as status recorded at NOW. */
  static World pendingWorld() {
    World world = steadyMigratedWorld();
    world.revisions.add(revision(taskDefinition("nginx:1.28"), 2));
    ServicePlan plan = plan(world);
    world.service.setStatus(plan.status());
    return world;
  }

  /** The pre-deploy task of revision 2 as the API server holds it, created at NOW, with one task, or none. */
  static EcsTask storedTask(World world, TaskDescription task) {
    EcsTask written = PreDeployTaskTranslator.translate(new PreDeployTaskTranslator.Deployment(world.service, "prod",
        DEPLOYMENT_2, ARN_2, 2));
    EcsTask stored = (EcsTask) asStored(Ownership.ownedBy(written, world.service, true));
    stored.getMetadata().setCreationTimestamp(NOW.toString());
    if (task != null) {
      stored.setStatus(new dev.stevedore.api.v1alpha1.EcsTaskStatus());
      stored.getStatus().tasks = List.of(task);
      stored.getStatus().lastStatus = task.lastStatus;
    }
    return stored;
  }

  static TaskDescription running() {
    TaskDescription t = new TaskDescription();
    t.taskArn = "arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef";
    t.lastStatus = "RUNNING";
    t.desiredStatus = "RUNNING";
    TaskContainer c = new TaskContainer();
    c.name = "web";
    c.essential = true;
    c.lastStatus = "RUNNING";
    t.containers = List.of(c);
    return t;
  }

  static TaskDescription stopped(int exitCode) {
    TaskDescription t = running();
    t.lastStatus = "STOPPED";
    t.desiredStatus = "STOPPED";
    t.stopCode = "EssentialContainerExited";
    t.stoppedReason = "Essential container in task exited";
    TaskContainer c = t.containers.get(0);
    c.name = "migrate";
    c.lastStatus = "STOPPED";
    c.exitCode = exitCode;
    c.reason = exitCode == 0 ? "Completed" : "Error";
    return t;
  }

  static io.fabric8.kubernetes.api.model.apps.ReplicaSet replicaSet(String name, String arn, int ready) {
    return replicaSet(name, arn, ready, ready);
  }

  static io.fabric8.kubernetes.api.model.apps.ReplicaSet replicaSet(String name, String arn, int replicas, int ready) {
    return new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
        .withNewMetadata().withName(name).withCreationTimestamp("2026-11-30T12:00:00Z").endMetadata()
        .withNewSpec().withReplicas(replicas).withNewTemplate().withNewMetadata()
        .addToAnnotations(dev.stevedore.naming.Labels.TASK_DEFINITION_ANNOTATION, arn).endMetadata().endTemplate()
        .endSpec()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(ready).endStatus()
        .build();
  }

  static ServicePlan.Write only(List<ServicePlan.Write> writes) {
    assertThat(writes).hasSize(1);
    return writes.get(0);
  }

  // ---- fixtures ---------------------------------------------------------------------------------------------------

  static ServicePlan plan(World world) {
    return ServicePlanner.plan(world.toWorld());
  }

  /** The world once the first plan's writes are stored and its status written. */
  static World firstPlanApplied(World world) {
    ServicePlan first = plan(world);
    first.writes().forEach(w -> world.live(asStored(w.object())));
    world.service.setStatus(first.status());
    return world;
  }

  static World steadyWorld(EcsService service) {
    World world = firstPlanApplied(world(service));
    // Steady: the status said Ready for this generation.
    service.getStatus().observedGeneration = service.getMetadata().getGeneration();
    service.getStatus().conditions = List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder()
        .withType(Conditions.READY).withStatus("True").withReason("SteadyState").build());
    return world;
  }

  private static final java.util.concurrent.atomic.AtomicLong STORED_VERSIONS = new java.util.concurrent.atomic.AtomicLong();

  /** The object as the API server returns it: with identity, a resourceVersion, Stevedore's ownership record. */
  static HasMetadata asStored(HasMetadata written) {
    HasMetadata stored = Serialization.clone(written);
    stored.getMetadata().setUid("uid-" + written.getMetadata().getName());
    // A version no other test's object has: the planner may remember what it found at a resourceVersion.
    stored.getMetadata().setResourceVersion(String.valueOf(STORED_VERSIONS.addAndGet(1000)));
    ManagedFields.add(stored, "stevedore", "Apply", null, Map.of("f:spec", Map.of()));
    if (stored instanceof Deployment d) {
      d.getSpec().setRevisionHistoryLimit(10);
      d.getSpec().setProgressDeadlineSeconds(600);
      d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.setTerminationMessagePath(
          "/dev/termination-log"));
      d.getSpec().getTemplate().getSpec().setDnsPolicy("ClusterFirst");
      d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> {
        if (c.getEnv() == null || c.getEnv().isEmpty()) {
          c.setEnv(new ArrayList<>());
        } else {
          c.setEnv(new ArrayList<>(c.getEnv()));
        }
      });
    }
    if (stored instanceof Service s) {
      Service withIp = new ServiceBuilder(s).editSpec().withClusterIP("10.96.0.12").endSpec().build();
      return withIp;
    }
    return stored;
  }

  static World world(EcsService service) {
    World world = new World();
    world.service = service;
    world.clusters.add(cluster("prod"));
    world.revisions.add(revision(taskDefinition("nginx:1.27"), 1));
    world.nodes = new ArrayList<>(TestNodes.ready(6));
    return world;
  }

  static EcsService service(Integer desired) {
    EcsService service = new EcsService();
    service.getMetadata().setName("web");
    service.getMetadata().setNamespace("shop");
    service.getMetadata().setUid("uid-web");
    service.getMetadata().setGeneration(1L);
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.cluster = "prod";
    spec.taskDefinition = "web";
    spec.desiredCount = desired;
    service.setSpec(spec);
    return service;
  }

  static EcsService breakerService(boolean rollback) {
    EcsService service = service(4);
    service.getSpec().deploymentConfiguration = new DeploymentConfiguration();
    service.getSpec().deploymentConfiguration.deploymentCircuitBreaker = new DeploymentCircuitBreaker();
    service.getSpec().deploymentConfiguration.deploymentCircuitBreaker.enable = true;
    service.getSpec().deploymentConfiguration.deploymentCircuitBreaker.rollback = rollback;
    return service;
  }

  /** A status whose circuit breaker rolled revision 2 back to revision 1. */
  static EcsServiceStatus rolledBackFrom2To1() {
    EcsServiceStatus status = new EcsServiceStatus();
    status.rollback = new ServiceRollback();
    status.rollback.failedDeploymentId = ServiceStatusCalculator.deploymentId("uid-web", ARN_2, null);
    status.rollback.failedTaskDefinition = ARN_2;
    status.rollback.deploymentId = ServiceStatusCalculator.deploymentId("uid-web", ARN_1, null);
    status.rollback.taskDefinition = ARN_1;
    status.rollback.reason = "ECS deployment circuit breaker: rolling back to deploymentId x.";
    return status;
  }

  static EcsServiceStatus statusWithPrimary(String arn, String rolloutState, EcsService service) {
    EcsServiceStatus status = new EcsServiceStatus();
    var d = new dev.stevedore.api.v1alpha1.ServiceDeployment();
    d.id = ServiceStatusCalculator.deploymentId(service.getMetadata().getUid(), arn, null);
    d.status = ServiceStatusCalculator.PRIMARY;
    d.taskDefinition = arn;
    d.rolloutState = rolloutState;
    d.failedTasks = 3;
    d.desiredCount = 4;
    d.runningCount = 0;
    d.pendingCount = 0;
    status.deployments = List.of(d);
    status.taskDefinition = arn;
    return status;
  }

  static EcsCluster cluster(String name) {
    EcsCluster cluster = new EcsCluster();
    cluster.getMetadata().setName(name);
    cluster.getMetadata().setNamespace("shop");
    cluster.setSpec(new EcsClusterSpec());
    CapacityProviderDefinition spot = new CapacityProviderDefinition();
    spot.name = "FARGATE_SPOT";
    spot.nodeSelector = Map.of("stevedore.dev/pool", "spot");
    cluster.getSpec().capacityProviderDefinitions = List.of(spot);
    return cluster;
  }

  static TaskDefinitionSpec taskDefinition(String image) {
    ContainerDefinition web = new ContainerDefinition();
    web.name = "web";
    web.image = image;
    web.memory = 256;
    PortMapping port = new PortMapping();
    port.containerPort = 80;
    web.portMappings = List.of(port);
    TaskDefinitionSpec spec = new TaskDefinitionSpec();
    spec.family = "web";
    spec.containerDefinitions = new ArrayList<>(List.of(web));
    return spec;
  }

  static ControllerRevision revision(TaskDefinitionSpec spec, int number) {
    TaskDefinition owner = new TaskDefinition();
    owner.getMetadata().setName("web");
    owner.getMetadata().setNamespace("shop");
    owner.getMetadata().setUid("uid-td-web");
    return RevisionManifests.revision(owner, "web", RevisionManifests.frozenSpec(spec, "web"), number, NOW);
  }

  static ControllerRevision deregistered(ControllerRevision revision) {
    ControllerRevision copy = Serialization.clone(revision);
    copy.getMetadata().getLabels().put(RevisionObjects.STATUS_LABEL, RevisionObjects.INACTIVE);
    return copy;
  }

  static CapacityProviderStrategyItem item(String provider, Integer base, Integer weight) {
    CapacityProviderStrategyItem item = new CapacityProviderStrategyItem();
    item.capacityProvider = provider;
    item.base = base;
    item.weight = weight;
    return item;
  }

  static HasMetadata only(List<ServicePlan.Write> writes, String kind) {
    return writes.stream().map(ServicePlan.Write::object).filter(o -> kind.equals(o.getKind())).reduce((a, b) -> {
      throw new AssertionError("more than one " + kind);
    }).orElseThrow(() -> new AssertionError("no " + kind + " written: " + writes));
  }

  static Condition condition(ServicePlan plan, String type) {
    return plan.status().conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  /** A mutable world for the tables. */
  static final class World {
    EcsService service;
    final List<EcsCluster> clusters = new ArrayList<>();
    final List<ControllerRevision> revisions = new ArrayList<>();
    final List<Deployment> deployments = new ArrayList<>();
    final List<DaemonSet> daemonSets = new ArrayList<>();
    final List<Service> services = new ArrayList<>();
    final List<ServiceAccount> serviceAccounts = new ArrayList<>();
    final List<io.fabric8.kubernetes.api.model.apps.ReplicaSet> replicaSets = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    final List<EcsTask> tasks = new ArrayList<>();
    final List<io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler> autoscalers =
        new ArrayList<>();
    boolean bindingsServed;
    final List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> bindings = new ArrayList<>();
    Instant now = NOW;

    World live(HasMetadata o) {
      if (o instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource b) bindings.add(b);
      if (o instanceof io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler h) autoscalers.add(h);
      if (o instanceof Deployment d) deployments.add(d);
      if (o instanceof DaemonSet d) daemonSets.add(d);
      if (o instanceof Service s) services.add(s);
      if (o instanceof ServiceAccount s) serviceAccounts.add(s);
      return this;
    }

    HasMetadata liveObject(String kind, String name) {
      List<HasMetadata> all = new ArrayList<>(deployments);
      all.addAll(daemonSets);
      all.addAll(services);
      all.addAll(serviceAccounts);
      all.addAll(bindings);
      return all.stream().filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName())).findFirst()
          .orElseThrow();
    }

    ServiceWorld toWorld() {
      return new ServiceWorld(service, clusters, revisions, deployments, daemonSets, replicaSets, List.of(), nodes,
          services, serviceAccounts, tasks, autoscalers,
          new ServiceWorld.TargetGroupBindings(bindingsServed, bindings), ENV, now);
    }
  }
}
