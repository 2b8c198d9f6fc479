package dev.stevedore.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A task gets Kubernetes API credentials only through its task role, as an ECS task gets AWS credentials only
 * through its role. Checked on the pods the real API server admitted, with its ServiceAccount admission plugin
 * (which kube-api-test switches off) mounting tokens as it does in any cluster.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TaskRoleTokenE2E {
  private static final Duration READY = Duration.ofSeconds(90);

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(30));

  @Test
  void aTaskWithoutARoleHasNoServiceAccountToken(Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    ecs.apply(Ecs.taskDefinition("norole", Ecs.IMAGE_V1, true));
    ecs.apply(Ecs.replicaService("norole", "norole", 1));
    List<Pod> pods = ecs.awaitPods("norole", "one pod", READY, p -> p.size() == 1);

    Pod pod = pods.get(0);
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName).noneMatch(n -> n.startsWith("kube-api-access"));
  }

  @Test
  void aTaskWithARoleRunsAsItsFamilysServiceAccountWithAToken(Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    TaskDefinition td = Ecs.taskDefinition("withrole", Ecs.IMAGE_V1, true);
    td.getSpec().taskRoleArn = "arn:aws:iam::123456789012:role/withrole";
    ecs.apply(td);
    ecs.apply(Ecs.replicaService("withrole", "withrole", 1));
    List<Pod> pods = ecs.awaitPods("withrole", "one pod", READY, p -> p.size() == 1);

    Pod pod = pods.get(0);
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("withrole-task");
    assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName).anyMatch(n -> n.startsWith("kube-api-access"));
    assertThat(ecs.client().serviceAccounts().inNamespace(ecs.namespace()).withName("withrole-task").get()
        .getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn",
            "arn:aws:iam::123456789012:role/withrole");
  }
}
