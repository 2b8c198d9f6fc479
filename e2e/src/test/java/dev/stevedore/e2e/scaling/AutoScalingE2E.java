package dev.stevedore.e2e.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Waits;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
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
 * sets it without force is refused with a conflict naming the autoscaler: the two cannot fight silently.
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

    // Auto scaling taken off: the autoscaler is deleted, the count stays where it was left.
    gitOpsApply(ecs, Ecs.replicaService("web", "web", 3), true);
    Waits.until("the autoscaler deleted", WITHIN, () -> autoscaler(ecs), Objects::isNull, String::valueOf);
    assertThat(ecs.awaitService("web", "steady at 3 without auto scaling", WITHIN,
        s -> Objects.equals(s.getStatus().runningCount, 3) && Ecs.ready(s)).getSpec().desiredCount).isEqualTo(3);
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
