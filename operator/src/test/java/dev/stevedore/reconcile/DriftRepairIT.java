package dev.stevedore.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.plan.ServicePlan;
import dev.stevedore.plan.ServicePlanner;
import dev.stevedore.plan.ServiceWorld;
import dev.stevedore.testing.PlannerWorlds;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The planner's drift decisions and the writer's repairs against a real kube-apiserver: what Stevedore applied reads
 * back as needing nothing (defaults, canonical quantities and all), and each kind of foreign change is seen and
 * undone so that the next look needs nothing again. The changes are made the way kubectl makes them: through the
 * scale subresource and with an update under another field manager.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class DriftRepairIT {
  static KubernetesClient client;

  private String namespace;
  private EcsService service;
  private ObjectWriter writer;

  @BeforeAll
  static void installCrds() {
    GeneratedCrds.install(client);
  }

  @BeforeEach
  void createServiceAndApplyItsPlan() {
    namespace = "drift-" + UUID.randomUUID().toString().substring(0, 8);
    client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    service = client.resource(PlannerWorlds.service(namespace, 4)).create();
    writer = new ObjectWriter(client, Clock.systemUTC(), new SimpleMeterRegistry());
    ServicePlan first = plan();
    assertThat(first.writes()).extracting(w -> w.object().getKind())
        .containsExactly("ServiceAccount", "Deployment", "Service");
    first.writes().forEach(writer::write);
  }

  @Test
  void whatStevedoreAppliedNeedsNoWriteWhenReadBack() {
    assertThat(plan().writes()).isEmpty();
  }

  @Test
  void replicasSetThroughTheScaleSubresourceAreRestored() {
    client.apps().deployments().inNamespace(namespace).withName("web").scale(9);
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(9);

    ServicePlan plan = plan();
    assertThat(plan.writes()).singleElement().satisfies(w -> {
      assertThat(w.verb()).isEqualTo(ServicePlan.Verb.REPLACE);
      assertThat(w.drift()).anyMatch(p -> p.startsWith("spec.replicas ("));
    });
    plan.writes().forEach(writer::write);

    assertThat(deployment().getSpec().getReplicas()).isEqualTo(4);
    assertThat(deployment().getMetadata().getManagedFields()).allMatch(e -> e.getManager().startsWith("stevedore")
        || "status".equals(e.getSubresource()));
    assertThat(plan().writes()).as("restored: nothing more to do").isEmpty();
  }

  @Test
  void anEnvironmentVariableAddedUnderAnotherManagerIsRemoved() {
    patchAs("kubectl-edit", """
        {"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"INJECTED","value":"1"}]}]}}}}""");
    assertThat(env(deployment())).contains("INJECTED");

    ServicePlan plan = plan();
    assertThat(plan.writes()).singleElement().satisfies(w -> assertThat(w.drift())
        .anyMatch(p -> p.contains("env[name=INJECTED]") && p.endsWith("(kubectl-edit)")));
    plan.writes().forEach(writer::write);

    assertThat(env(deployment())).doesNotContain("INJECTED");
    assertThat(plan().writes()).isEmpty();
  }

  @Test
  void anImageChangedByAnotherApplierIsPutBack() {
    patchAs("someone", """
        {"spec":{"template":{"spec":{"containers":[{"name":"web","image":"evil:latest"}]}}}}""");

    plan().writes().forEach(writer::write);

    assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("nginx:1.27");
    assertThat(plan().writes()).isEmpty();
  }

  @Test
  void aDeletedServiceAndServiceAccountAreRecreated() {
    client.services().inNamespace(namespace).withName("web").delete();
    client.serviceAccounts().inNamespace(namespace).withName("web-task").delete();

    ServicePlan plan = plan();
    assertThat(plan.writes()).extracting(w -> w.object().getKind()).containsExactly("ServiceAccount", "Service");
    plan.writes().forEach(writer::write);

    assertThat(client.services().inNamespace(namespace).withName("web").get()).isNotNull();
    assertThat(plan().writes()).isEmpty();
  }

  @Test
  void aReplaceAgainstASpecChangedSinceItWasReadFailsInsteadOfOverwritingItUnseen() {
    client.apps().deployments().inNamespace(namespace).withName("web").scale(9);
    ServicePlan plan = plan();
    client.apps().deployments().inNamespace(namespace).withName("web").scale(7);
    org.junit.jupiter.api.Assertions.assertThrows(io.fabric8.kubernetes.client.KubernetesClientException.class,
        () -> plan.writes().forEach(writer::write));
    plan().writes().forEach(writer::write);
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(4);
  }

  @Test
  void aStatusWrittenSinceTheReadDoesNotStopTheRepair() {
    client.apps().deployments().inNamespace(namespace).withName("web").scale(9);
    ServicePlan plan = plan();
    Deployment withStatus = deployment();
    withStatus.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(9)
        .withObservedGeneration(withStatus.getMetadata().getGeneration()).build());
    client.resource(withStatus).subresource("status").update();
    plan.writes().forEach(writer::write);
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(4);
  }

  private ServicePlan plan() {
    ServiceWorld world = PlannerWorlds.world(service,
        client.apps().deployments().inNamespace(namespace).list().getItems(),
        client.services().inNamespace(namespace).list().getItems().stream().filter(this::ours).toList(),
        client.serviceAccounts().inNamespace(namespace).list().getItems().stream().filter(this::ours)
            .map(ServiceAccount.class::cast).toList());
    return ServicePlanner.plan(world);
  }

  private boolean ours(HasMetadata o) {
    return o.getMetadata().getLabels() != null && "stevedore".equals(o.getMetadata().getLabels()
        .get("app.kubernetes.io/managed-by"));
  }

  private Deployment deployment() {
    return client.apps().deployments().inNamespace(namespace).withName("web").get();
  }

  private static List<String> env(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream().map(EnvVar::getName).toList();
  }

  private void patchAs(String manager, String strategicMergePatch) {
    client.apps().deployments().inNamespace(namespace).withName("web").patch(new PatchContext.Builder()
        .withPatchType(PatchType.STRATEGIC_MERGE).withFieldManager(manager).build(), strategicMergePatch);
  }
}
