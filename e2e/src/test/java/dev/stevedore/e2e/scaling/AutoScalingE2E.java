package dev.stevedore.e2e.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.ScheduledAction;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Waits;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Service auto scaling on the local control plane: the service's HorizontalPodAutoscaler is written by Stevedore,
 * and the controller-manager's autoscaler controller scales the EcsService through its scale subresource (here to
 * minCapacity, which it enforces without metrics; this cluster serves no metrics API), which Stevedore rolls out as
 * tasks. With the autoscaler owning desiredCount, a GitOps apply that leaves desiredCount out keeps it, and one that
 * sets it without force is refused with a conflict naming the autoscaler: the two cannot fight silently. A scheduled
 * action changes the autoscaler's bounds at its time.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AutoScalingE2E {
  private static final Duration WITHIN = Duration.ofSeconds(120);

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTest(Duration.ofSeconds(30));

  @Test
  void theAutoscalerScalesTheServiceAndGitOpsLeavesItsCountAlone(Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    ecs.apply(Ecs.taskDefinition("web", Ecs.IMAGE_V1, true));
    EcsService service = Ecs.replicaService("web", "web", 1);
    service.getSpec().autoScaling = Ecs.cpuAutoScaling(3, 6, 60);
    // Everything about the service is applied by one GitOps field manager, as Argo CD would.
    gitOpsApply(ecs, service, false);

    HorizontalPodAutoscaler hpa = Waits.until("the service's autoscaler", WITHIN, () -> autoscaler(ecs),
        Objects::nonNull, String::valueOf);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("EcsService");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMetrics()).singleElement()
        .satisfies(m -> assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(60));
    assertThat(hpa.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("EcsService"));

    // The controller-manager's autoscaler raises desiredCount to minCapacity through the scale subresource, and
    // Stevedore runs the tasks.
    EcsService scaled = ecs.awaitService("web", "scaled by the autoscaler to 3 running tasks", WITHIN,
        s -> Objects.equals(s.getSpec().desiredCount, 3) && Objects.equals(s.getStatus().runningCount, 3)
            && Ecs.ready(s));
    assertThat(scaled.getMetadata().getManagedFields()).anySatisfy(m -> {
      assertThat(m.getManager()).isEqualTo("kube-controller-manager");
      assertThat(m.getSubresource()).isEqualTo("scale");
    });
    assertThat(ecs.pods("web")).hasSize(3);

    // GitOps, server-side apply as Argo CD does it, with the manifest leaving desiredCount out: the count stays.
    EcsService manifest = Ecs.replicaService("web", "web", 1);
    manifest.getSpec().desiredCount = null;
    manifest.getSpec().autoScaling = Ecs.cpuAutoScaling(3, 6, 60);
    gitOpsApply(ecs, manifest, false);
    assertThat(ecs.service("web").getSpec().desiredCount).isEqualTo(3);
    // The same manifest with a desiredCount, not forced: refused, naming who owns the field.
    EcsService fighting = Serialization.clone(manifest);
    fighting.getSpec().desiredCount = 1;
    assertThatThrownBy(() -> gitOpsApply(ecs, fighting, false)).isInstanceOfSatisfying(
        KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getMessage()).contains(".spec.desiredCount").contains("kube-controller-manager");
        });
    assertThat(ecs.service("web").getSpec().desiredCount).isEqualTo(3);

    // A scheduled action (PutScheduledAction's at()) half a minute ahead raises the minimum to 4 when it fires:
    // Stevedore looks again at that time, the autoscaler's bounds change, and the service runs 4 tasks.
    Instant fireAt = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
    ScheduledAction launch = new ScheduledAction();
    launch.scheduledActionName = "launch";
    launch.schedule = "at(" + LocalDateTime.ofInstant(fireAt, ZoneOffset.UTC) + ")";
    launch.minCapacity = 4;
    manifest.getSpec().autoScaling.scheduledActions = List.of(launch);
    gitOpsApply(ecs, manifest, false);
    assertThat(autoscaler(ecs).getSpec().getMinReplicas()).as("before the action fires").isEqualTo(3);
    HorizontalPodAutoscaler raised = Waits.until("the autoscaler's minimum raised by the scheduled action", WITHIN,
        () -> autoscaler(ecs), h -> h != null && Objects.equals(h.getSpec().getMinReplicas(), 4), String::valueOf);
    assertThat(Instant.now()).as("not before the action's time").isAfterOrEqualTo(fireAt);
    assertThat(raised.getSpec().getMaxReplicas()).isEqualTo(6);
    ecs.awaitService("web", "scaled to the scheduled minimum of 4", WITHIN,
        s -> Objects.equals(s.getSpec().desiredCount, 4) && Objects.equals(s.getStatus().runningCount, 4)
            && Ecs.ready(s));

    // Auto scaling taken off: the autoscaler is deleted, the count stays where it was left.
    gitOpsApply(ecs, Ecs.replicaService("web", "web", 4), true);
    Waits.until("the autoscaler deleted", WITHIN, () -> autoscaler(ecs), Objects::isNull, String::valueOf);
    assertThat(ecs.awaitService("web", "steady at 4 without auto scaling", WITHIN,
        s -> Objects.equals(s.getStatus().runningCount, 4) && Ecs.ready(s)).getSpec().desiredCount).isEqualTo(4);
  }

  private static HorizontalPodAutoscaler autoscaler(Ecs ecs) {
    return ecs.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(ecs.namespace()).withName("web")
        .get();
  }

  private static void gitOpsApply(Ecs ecs, EcsService manifest, boolean force) {
    manifest.getMetadata().setNamespace(ecs.namespace());
    manifest.getMetadata().setManagedFields(null);
    manifest.getMetadata().setResourceVersion(null);
    var resource = ecs.client().resource(manifest).inNamespace(ecs.namespace()).fieldManager("argocd-controller");
    (force ? resource.forceConflicts() : resource).serverSideApply();
  }
}
