package dev.stevedore.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A namespace that enforces the restricted Pod Security Standard refuses a task that does not meet it. The
 * service does not sit at "0 of 2 running" with nothing said: it is Stalled with reason TasksRefused and the API
 * server's own reason, and its events say so, as the local control plane runs the PodSecurity admission plugin.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PodSecurityE2E {
  private static final Duration STALLED = Duration.ofSeconds(90);

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(30));

  @Test
  void aTaskTheNamespacesPodSecurityLevelRefusesStallsTheServiceWithTheReason(KubernetesCluster cluster, Ecs ecs) {
    cluster.client().namespaces().withName(ecs.namespace()).edit(ns -> {
      var labels = new java.util.HashMap<String, String>();
      if (ns.getMetadata().getLabels() != null) {
        labels.putAll(ns.getMetadata().getLabels());
      }
      labels.put("pod-security.kubernetes.io/enforce", "restricted");
      ns.getMetadata().setLabels(labels);
      return ns;
    });
    ecs.apply(Ecs.cluster("default"));
    ecs.apply(Ecs.taskDefinition("web", Ecs.IMAGE_V1, true));
    ecs.apply(Ecs.replicaService("web", "web", 2));

    EcsService stalled = ecs.awaitService("web", "Stalled: the tasks are refused", STALLED,
        svc -> Ecs.stalledWith(svc, "TasksRefused"));

    assertThat(Ecs.condition(stalled, "Stalled").orElseThrow().getMessage())
        .contains("violates PodSecurity \"restricted:latest\"");
    assertThat(Ecs.eventsOldestFirst(stalled)).anyMatch(e -> e.startsWith(
        "(service web) was unable to start a task: the Kubernetes API server refused it. Reason: "));
    assertThat(ecs.pods("web")).isEmpty();
  }
}
