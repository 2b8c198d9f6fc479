package dev.stevedore.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Kubectl;
import dev.stevedore.e2e.harness.Pods;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Someone else changes what Stevedore owns, the way people do it, with kubectl: each kind of change is undone within
 * seconds, the service's events say what was reverted, and the service ends steady on its own revision. The resync
 * period is long (60 s) so that what undoes the change is the watch event, not a periodic pass.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DriftE2E {
  private static final Logger LOG = LoggerFactory.getLogger(DriftE2E.class);
  private static final Duration STEADY = Duration.ofSeconds(60);
  /** "Within seconds": the bound every revert is held to. */
  private static final Duration REVERTED = Duration.ofSeconds(15);
  private static final String ARN = Ecs.arn("web", 1);

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(60));

  @Test
  void aScaledDeploymentGoesBackToTheDesiredCount(KubernetesCluster cluster, Ecs ecs) {
    steadyService(ecs, 4);

    Instant t0 = Instant.now();
    kubectl(cluster, ecs, "scale", "deployment/web", "--replicas=9");

    ecs.awaitService("web", "reverted and steady with 4 tasks again", REVERTED.plus(STEADY),
        svc -> reverted(svc, "spec.replicas") && Ecs.steadyAt(svc, ARN, 4));
    assertThat(ecs.deployment("web").getSpec().getReplicas()).isEqualTo(4);
    LOG.info("scale reverted and steady again after {} ms", Duration.between(t0, Instant.now()).toMillis());
  }

  @Test
  void anEnvironmentVariableSetWithKubectlIsRemovedFromThePods(KubernetesCluster cluster, Ecs ecs) {
    steadyService(ecs, 2);

    kubectl(cluster, ecs, "set", "env", "deployment/web", "INJECTED=1");

    ecs.awaitService("web", "the env var reverted", REVERTED, svc -> reverted(svc, "env"));
    assertThat(env(ecs.deployment("web"))).doesNotContain("INJECTED");
    ecs.awaitPods("web", "2 Ready pods, none with INJECTED", STEADY, pods -> pods.size() == 2
        && pods.stream().allMatch(p -> Pods.isReady(p) && !env(p).contains("INJECTED")));
    ecs.awaitService("web", "steady on revision 1", STEADY, svc -> Ecs.steadyAt(svc, ARN, 2));
  }

  @Test
  void aLabelAddedToThePodTemplateIsRemoved(KubernetesCluster cluster, Ecs ecs) {
    steadyService(ecs, 2);

    kubectl(cluster, ecs, "patch", "deployment/web", "--type=merge",
        "-p", "{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"intruder\":\"yes\"}}}}}");

    ecs.awaitService("web", "the template label reverted", REVERTED, svc -> reverted(svc, "labels"));
    assertThat(ecs.deployment("web").getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("intruder");
  }

  @Test
  void aRolloutRestartIsUndone(KubernetesCluster cluster, Ecs ecs) {
    steadyService(ecs, 2);

    kubectl(cluster, ecs, "rollout", "restart", "deployment/web");

    ecs.awaitService("web", "the restart annotation reverted", REVERTED, svc -> reverted(svc, "annotations"));
    assertThat(ecs.deployment("web").getSpec().getTemplate().getMetadata().getAnnotations())
        .doesNotContainKey("kubectl.kubernetes.io/restartedAt");
    ecs.awaitService("web", "steady on revision 1", STEADY, svc -> Ecs.steadyAt(svc, ARN, 2));
  }

  @Test
  void aDeletedServiceAccountIsRecreated(KubernetesCluster cluster, Ecs ecs) {
    steadyService(ecs, 1);
    String uid = ecs.client().serviceAccounts().inNamespace(ecs.namespace()).withName("web-task").get()
        .getMetadata().getUid();

    kubectl(cluster, ecs, "delete", "serviceaccount/web-task");

    ecs.awaitService("web", "the ServiceAccount recreated", REVERTED, svc -> Ecs.eventsOldestFirst(svc).contains(
        "(service web) recreated ServiceAccount web-task, which was deleted outside Stevedore."));
    assertThat(ecs.client().serviceAccounts().inNamespace(ecs.namespace()).withName("web-task").get()
        .getMetadata().getUid()).isNotEqualTo(uid);
  }

  @Test
  void aDeletedKubernetesServiceIsRecreated(KubernetesCluster cluster, Ecs ecs) {
    steadyService(ecs, 1);

    kubectl(cluster, ecs, "delete", "service/web");

    ecs.awaitService("web", "the Service recreated", REVERTED, svc -> Ecs.eventsOldestFirst(svc).contains(
        "(service web) recreated Service web, which was deleted outside Stevedore."));
    assertThat(ecs.client().services().inNamespace(ecs.namespace()).withName("web").get()).isNotNull();
  }

  private static void steadyService(Ecs ecs, int tasks) {
    ecs.apply(Ecs.cluster("default"));
    TaskDefinition td = Ecs.taskDefinition("web", Ecs.IMAGE_V1, true);
    td.getSpec().taskRoleArn = "web-role";
    ecs.apply(td);
    ecs.apply(Ecs.replicaService("web", "web", tasks, 50, 200));
    ecs.awaitService("web", "steady with " + tasks + " tasks", STEADY, svc -> Ecs.steadyAt(svc, ARN, tasks));
  }

  private static boolean reverted(EcsService svc, String what) {
    return Ecs.eventsOldestFirst(svc).stream().anyMatch(e -> e.startsWith(
        "(service web) reverted changes made outside Stevedore to Deployment web: ") && e.contains(what));
  }

  private static void kubectl(KubernetesCluster cluster, Ecs ecs, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--namespace";
    all[1] = ecs.namespace();
    System.arraycopy(args, 0, all, 2, args.length);
    Kubectl.forCluster(cluster).run(all);
  }

  private static List<String> env(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream().map(EnvVar::getName).toList();
  }

  private static List<String> env(Pod p) {
    return p.getSpec().getContainers().get(0).getEnv().stream().map(EnvVar::getName).toList();
  }
}
