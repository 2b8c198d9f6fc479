package dev.stevedore.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Kubectl;
import dev.stevedore.e2e.harness.Pods;
import dev.stevedore.e2e.harness.ResourceVersions;
import dev.stevedore.e2e.harness.ServiceEvents;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's life with the operator running: scaled with kubectl, pinned to a revision or following its family,
 * applied before what it refers to, and left alone (when the operator must write nothing). The task definitions
 * here have a health check, so KWOK's pods count as healthy as soon as they are Ready and nothing waits 40 s.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServiceLifecycleE2E {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceLifecycleE2E.class);
  private static final Duration RESYNC = Duration.ofSeconds(5);
  private static final Duration STEADY = Duration.ofSeconds(60);

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(RESYNC);

  @Test
  void kubectlScaleChangesTheDesiredCountAndTheWorkload(KubernetesCluster cluster, Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    ecs.apply(Ecs.taskDefinition("api", Ecs.IMAGE_V1, true));
    ecs.apply(Ecs.replicaService("api", "api", 2, 50, 200));
    String arn = Ecs.arn("api", 1);
    ecs.awaitService("api", "Ready with 2 tasks", STEADY, svc -> Ecs.steadyAt(svc, arn, 2));

    Kubectl.forCluster(cluster).run("--namespace", ecs.namespace(), "scale", "ecsservice/api", "--replicas=6");

    EcsService scaled = ecs.awaitService("api", "Ready with 6 tasks", STEADY, svc -> Ecs.steadyAt(svc, arn, 6));
    assertThat(scaled.getSpec().desiredCount).isEqualTo(6);
    Deployment deployment = ecs.deployment("api");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(6);
    var rolling = deployment.getSpec().getStrategy().getRollingUpdate();
    assertThat(rolling.getMaxSurge().getIntVal()).as("floor(6 * 200 / 100) - 6").isEqualTo(6);
    assertThat(rolling.getMaxUnavailable().getIntVal()).as("6 - ceil(6 * 50 / 100)").isEqualTo(3);
    assertThat(ecs.pods("api")).hasSize(6).allMatch(Pods::isReady);
    List<String> events = Ecs.eventsOldestFirst(scaled);
    int steadyAt2 = events.indexOf("(service api) has reached a steady state.");
    assertThat(events.subList(steadyAt2 + 1, events.size()).stream()
        .map(Pattern.compile("\\(service api\\) has started (\\d+) tasks.*")::matcher)
        .filter(Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).sum())
        .as("tasks started by the scale-out, in " + events).isEqualTo(4);
    assertThat(ServiceEvents.tasksStarted(events)).as("no task is named as started twice, in " + events).doesNotHaveDuplicates();

    // What an autoscaler reads: the scale subresource reports the running count and the pods' selector.
    Scale scale = cluster.client().getKubernetesSerialization().unmarshal(cluster.client().raw(
        "/apis/ecs.stevedore.dev/v1alpha1/namespaces/" + ecs.namespace() + "/ecsservices/api/scale"), Scale.class);
    assertThat(scale.getSpec().getReplicas()).isEqualTo(6);
    assertThat(scale.getStatus().getReplicas()).isEqualTo(6);
    assertThat(cluster.client().pods().inNamespace(ecs.namespace()).withLabelSelector(scale.getStatus().getSelector())
        .list().getItems()).hasSize(6);
  }

  @Test
  void aPinnedServiceKeepsItsRevisionWhileAFollowingServiceMovesToTheNewOne(Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    TaskDefinition v1 = Ecs.taskDefinition("reports", Ecs.IMAGE_V1, true);
    ecs.apply(v1);
    ecs.apply(Ecs.replicaService("reports-v1", "reports:1", 2, null, null));
    ecs.apply(Ecs.replicaService("reports-latest", "reports", 2, null, null));
    String arn1 = Ecs.arn("reports", 1);
    String arn2 = Ecs.arn("reports", 2);
    ecs.awaitService("reports-v1", "Ready on revision 1", STEADY, svc -> Ecs.steadyAt(svc, arn1, 2));
    ecs.awaitService("reports-latest", "Ready on revision 1", STEADY, svc -> Ecs.steadyAt(svc, arn1, 2));
    Deployment pinnedBefore = ecs.deployment("reports-v1");
    List<String> pinnedPods = names(ecs.pods("reports-v1"));

    ecs.apply(Ecs.withImage(v1, Ecs.IMAGE_V2));

    ecs.awaitService("reports-latest", "rolled to revision 2", STEADY, svc -> Ecs.steadyAt(svc, arn2, 2));
    assertThat(ecs.revisions("reports")).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L);
    assertThat(ecs.pods("reports-latest")).hasSize(2)
        .allMatch(p -> "2".equals(p.getMetadata().getLabels().get(Labels.REVISION)))
        .allMatch(p -> Ecs.IMAGE_V2.equals(p.getSpec().getContainers().get(0).getImage()));
    // The pinned service was not touched: same Deployment generation, same pods, still revision 1.
    EcsService pinned = ecs.awaitService("reports-v1", "still on revision 1", STEADY,
        svc -> Ecs.steadyAt(svc, arn1, 2));
    assertThat(pinned.getStatus().deployments).singleElement().satisfies(d -> assertThat(d.taskDefinition).isEqualTo(arn1));
    Deployment pinnedAfter = ecs.deployment("reports-v1");
    assertThat(pinnedAfter.getMetadata().getGeneration()).isEqualTo(pinnedBefore.getMetadata().getGeneration());
    assertThat(pinnedAfter.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(Ecs.IMAGE_V1);
    assertThat(names(ecs.pods("reports-v1"))).containsExactlyInAnyOrderElementsOf(pinnedPods);
  }

  @Test
  void aServiceAppliedBeforeItsClusterAndTaskDefinitionIsStalledUntilTheyExist(Ecs ecs) {
    EcsService orders = Ecs.replicaService("orders", "orders", 2, null, null);
    orders.getSpec().cluster = "shop";
    ecs.apply(orders);

    EcsService noCluster = ecs.awaitService("orders", "Stalled: the cluster does not exist", STEADY,
        svc -> Ecs.stalledWith(svc, "ClusterNotFoundException"));
    assertThat(Ecs.isTrue(noCluster, "Ready")).isFalse();
    assertThat(Ecs.condition(noCluster, "Stalled").orElseThrow().getMessage()).isEqualTo("Cluster not found.");
    assertThat(ecs.deployment("orders")).as("nothing runs without a cluster").isNull();
    ecs.awaitKubernetesEvent("EcsService", "orders", "a Warning event ClusterNotFoundException",
        Duration.ofSeconds(30), e -> "Warning".equals(e.getType()) && "ClusterNotFoundException".equals(e.getReason()));

    ecs.apply(Ecs.cluster("shop"));
    EcsService noTaskDefinition = ecs.awaitService("orders", "Stalled: the task definition does not exist", STEADY,
        svc -> Ecs.stalledWith(svc, "ClientException"));
    assertThat(Ecs.condition(noTaskDefinition, "Stalled").orElseThrow().getMessage()).contains("orders")
        .containsIgnoringCase("not found");
    assertThat(ecs.deployment("orders")).isNull();

    ecs.apply(Ecs.taskDefinition("orders", Ecs.IMAGE_V1, true));
    EcsService ready = ecs.awaitService("orders", "Ready once both exist", STEADY,
        svc -> Ecs.steadyAt(svc, Ecs.arn("orders", 1), 2));
    assertThat(Ecs.condition(ready, "Stalled").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(ready.getStatus().serviceArn).isEqualTo("arn:aws:ecs:us-east-1:123456789012:service/shop/orders");
    assertThat(ecs.deployment("orders").getMetadata().getLabels()).containsEntry(Labels.CLUSTER, "shop");
    assertThat(ecs.kubernetesEvents("orders")).extracting(Event::getReason).contains("ClientException");
  }

  @Test
  void aSteadyServiceWritesNothingOverSeveralResyncPeriods(Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    // A task role (a ServiceAccount) and a port (a Kubernetes Service): every kind of object the service owns.
    TaskDefinition td = Ecs.taskDefinition("quiet", Ecs.IMAGE_V1, true);
    td.getSpec().taskRoleArn = "arn:aws:iam::123456789012:role/quiet-task";
    ecs.apply(td);
    ecs.apply(Ecs.replicaService("quiet", "quiet", 2, 50, 200));
    // And a standalone task that keeps running, so that every controller has something to leave alone.
    ecs.apply(Ecs.task("quiet-run", "quiet", 1));
    ecs.awaitService("quiet", "Ready", STEADY, svc -> Ecs.steadyAt(svc, Ecs.arn("quiet", 1), 2));
    Waits.until("the standalone task is RUNNING", STEADY,
        () -> ecs.client().resources(EcsTask.class).inNamespace(ecs.namespace()).withName("quiet-run").get(),
        t -> t != null && t.getStatus() != null && "RUNNING".equals(t.getStatus().lastStatus),
        t -> t == null ? "no such EcsTask" : String.valueOf(t.getStatus()));
    Waits.until("the Deployment has finished rolling out", STEADY, () -> ecs.deployment("quiet"),
        d -> d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
            && Objects.equals(d.getStatus().getAvailableReplicas(), 2) && Objects.equals(d.getStatus().getUpdatedReplicas(), 2)
            && Objects.equals(d.getStatus().getReplicas(), 2), d -> String.valueOf(d.getStatus()));
    // The cluster counts the three tasks last: its status is written at most once a second.
    ecs.awaitCluster("default", "counts the service's and the standalone task's tasks", STEADY,
        c -> c.getStatus() != null && Objects.equals(c.getStatus().runningTasksCount, 3)
            && Objects.equals(c.getStatus().pendingTasksCount, 0) && Objects.equals(c.getStatus().activeServicesCount, 1));

    Map<String, String> before = resourceVersions(ecs);
    assertThat(before.keySet()).as("the objects whose resourceVersions are watched").anyMatch(k -> k.startsWith("EcsService/"))
        .anyMatch(k -> k.startsWith("TaskDefinition/")).anyMatch(k -> k.startsWith("Deployment/"))
        .anyMatch(k -> k.startsWith("Service/")).anyMatch(k -> k.startsWith("ServiceAccount/"))
        .anyMatch(k -> k.startsWith("ControllerRevision/")).anyMatch(k -> k.startsWith("EcsTask/"));
    List<String> kinds = operator.reconciledKinds();
    Map<String, Double> reconcilesBefore = reconciles(kinds);
    long periods = 3;
    // The test is that nothing happens in this window: every reading in it must find the same resourceVersions.
    Waits.holdsFor("the resourceVersions stay those of the steady service",
        RESYNC.multipliedBy(periods).plus(RESYNC.dividedBy(2)).plusSeconds(1), () -> resourceVersions(ecs),
        before::equals, now -> "changed since the window began: " + ResourceVersions.changed(before, now));
    Map<String, Double> reconciles = reconciles(kinds);
    reconciles.replaceAll((kind, count) -> count - reconcilesBefore.get(kind));
    Map<String, String> after = resourceVersions(ecs);

    LOG.info("over {} resync periods of {}: reconciles {}; resourceVersions {}", periods, RESYNC, reconciles, after);
    assertThat(reconciles).as("every controller reconciled in the window (once per resync at least); counters:\n"
        + operator.reconcileCounters()).containsKey("EcsService").allSatisfy((kind, count) ->
            assertThat(count).as(kind).isGreaterThanOrEqualTo(periods));
    assertThat(after).as("resourceVersions after %d quiet resync periods", periods).isEqualTo(before);
  }

  private static Map<String, Double> reconciles(List<String> kinds) {
    Map<String, Double> counts = new TreeMap<>();
    kinds.forEach(kind -> counts.put(kind, operator.reconciliations(kind)));
    return counts;
  }

  /** kind/name -> resourceVersion of the service, its task definition and everything Stevedore made for them. */
  private static Map<String, String> resourceVersions(Ecs ecs) {
    KubernetesClient client = ecs.client();
    String ns = ecs.namespace();
    return ResourceVersions.of(List.<List<? extends HasMetadata>>of(
            List.of(ecs.service("quiet"), ecs.taskDefinition("quiet"),
                client.resources(EcsCluster.class).inNamespace(ns).withName("default").get(),
                client.resources(EcsTask.class).inNamespace(ns).withName("quiet-run").get()),
            client.configMaps().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems(),
            client.apps().deployments().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems(),
            client.services().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems(),
            client.serviceAccounts().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems(),
            client.apps().controllerRevisions().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .list().getItems()));
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).toList();
  }
}
