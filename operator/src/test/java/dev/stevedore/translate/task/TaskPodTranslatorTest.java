package dev.stevedore.translate.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerOverride;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.KeyValuePair;
import dev.stevedore.api.v1alpha1.PlacementConstraint;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskOverride;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.naming.Labels;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.TaskRoleBinding;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskPodTranslatorTest {
  private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/migrate:4";

  @Test
  void aTaskIsABarePodThatIsNeverRestartedAndCarriesTheLabelsOfItsRequest() {
    TaskPodTranslator.Result r = TaskPodTranslator.translate(context(new EcsTaskSpec(), 2));

    Pod pod = r.pod();
    assertThat(pod.getMetadata().getName()).isEqualTo("db-migrate-2");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .containsEntry(Labels.NAME, "migrate")
        .containsEntry(Labels.INSTANCE, "db-migrate")
        .containsEntry(Labels.CLUSTER, "prod")
        .containsEntry(Labels.FAMILY, "migrate")
        .containsEntry(Labels.REVISION, "4")
        .containsEntry(Labels.TASK, "db-migrate")
        .containsEntry(Labels.CAPACITY_PROVIDER, "FARGATE")
        .doesNotContainKey(Labels.SERVICE);
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry(Labels.GROUP_ANNOTATION, "family:migrate")
        .containsEntry(Labels.TASK_DEFINITION_ANNOTATION, ARN);
    assertThat(pod.getSpec().getNodeSelector()).containsEntry(CapacityProviders.EKS_COMPUTE_TYPE, "fargate");
    assertThat(r.serviceAccount()).isEmpty();
    assertThat(r.reports()).as("task pods are never restarted: the service-only note is not reported")
        .noneMatch(f -> f.field.endsWith(".essential"));
  }

  @Test
  void overridesChangeWhatTheContainerRunsAndNotTheRevision() {
    EcsTaskSpec spec = new EcsTaskSpec();
    spec.overrides = new TaskOverride();
    ContainerOverride o = new ContainerOverride();
    o.name = "migrate";
    o.command = List.of("rake", "db:migrate");
    o.environment = List.of(new KeyValuePair("RAILS_ENV", "staging"), new KeyValuePair("DRY_RUN", "0"));
    o.memory = 1024;
    spec.overrides.containerOverrides = List.of(o);
    spec.overrides.cpu = new IntOrString("1 vCPU");
    TaskPodContext ctx = context(spec, 0);

    Container c = TaskPodTranslator.translate(ctx).pod().getSpec().getContainers().get(0);

    assertThat(c.getArgs()).containsExactly("rake", "db:migrate");
    assertThat(c.getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly("DRY_RUN=0", "RAILS_ENV=staging");
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("1024Mi");
    assertThat(TaskPodTranslator.translate(ctx).pod().getSpec().getResources().getLimits().get("cpu").toString())
        .isEqualTo("1000m");
    assertThat(ctx.taskDefinition().spec().containerDefinitions.get(0).command).containsExactly("migrate");
  }

  @Test
  void anOverrideOfAContainerTheTaskDefinitionLacksIsRefusedAsEcsDoes() {
    TaskOverride overrides = new TaskOverride();
    ContainerOverride o = new ContainerOverride();
    o.name = "nope";
    overrides.containerOverrides = List.of(o);

    assertThat(TaskOverrides.errors(taskDefinition().spec(), overrides)).containsExactly(
        "overrides.containerOverrides[0]: Override for container named nope is not a container in the TaskDefinition.");
  }

  @Test
  void aTaskRoleGetsTheEcsTasksOwnServiceAccount() {
    EcsTaskSpec spec = new EcsTaskSpec();
    spec.overrides = new TaskOverride();
    spec.overrides.taskRoleArn = "migrator";

    TaskPodTranslator.Result r = TaskPodTranslator.translate(context(spec, 0));

    assertThat(r.serviceAccount()).hasValueSatisfying(sa -> {
      assertThat(sa.getMetadata().getName()).isEqualTo("db-migrate-task-role");
      assertThat(sa.getMetadata().getAnnotations())
          .containsEntry(TaskRoleBinding.IRSA_ANNOTATION, "arn:aws:iam::123456789012:role/migrator");
    });
    assertThat(r.pod().getSpec().getServiceAccountName()).isEqualTo("db-migrate-task-role");
  }

  @Test
  void distinctInstanceKeepsTheTasksOfOneRequestApart() {
    EcsTaskSpec spec = new EcsTaskSpec();
    PlacementConstraint distinct = new PlacementConstraint();
    distinct.type = "distinctInstance";
    spec.placementConstraints = List.of(distinct);

    Pod pod = TaskPodTranslator.translate(context(spec, 0)).pod();

    var term = pod.getSpec().getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().get(0);
    assertThat(term.getLabelSelector().getMatchLabels()).containsEntry(Labels.TASK, "db-migrate");
    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
  }

  @Test
  void translationIsDeterministic() {
    EcsTaskSpec spec = new EcsTaskSpec();
    spec.startedBy = "ci/1234";
    assertThat(Serialization.asJson(TaskPodTranslator.translate(context(spec, 1)).pod()))
        .isEqualTo(Serialization.asJson(TaskPodTranslator.translate(context(spec, 1)).pod()));
  }

  private static TaskPodContext context(EcsTaskSpec spec, int index) {
    spec.taskDefinition = "migrate";
    return new TaskPodContext("db-migrate", "ns", "prod", spec, taskDefinition(),
        CapacityProviders.builtIn(CapacityProviders.FARGATE), index, TaskRoleBinding.IRSA, "123456789012");
  }

  private static RegisteredTaskDefinition taskDefinition() {
    ContainerDefinition c = new ContainerDefinition();
    c.name = "migrate";
    c.image = "registry.example.com/app:exits-0";
    c.command = new ArrayList<>(List.of("migrate"));
    c.environment = new ArrayList<>(List.of(new KeyValuePair("RAILS_ENV", "production")));
    c.memory = 512;
    ContainerDefinition log = new ContainerDefinition();
    log.name = "log-router";
    log.image = "fluent-bit";
    log.essential = false;
    TaskDefinitionSpec spec = new TaskDefinitionSpec();
    spec.family = "migrate";
    spec.containerDefinitions = new ArrayList<>(List.of(c, log));
    return new RegisteredTaskDefinition("migrate", 4, ARN, spec);
  }
}
