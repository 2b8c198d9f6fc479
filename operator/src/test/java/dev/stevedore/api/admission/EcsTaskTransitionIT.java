package dev.stevedore.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.Tag;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EcsTask's transition rules on a real API server: they need an object that exists (CEL's oldSelf), so unlike
 * the create cases of {@link CrdAdmissionIT} each test creates a task and then changes it as a user would, with
 * server-side apply.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class EcsTaskTransitionIT {
  static KubernetesClient client;

  @BeforeAll
  static void installCrds() {
    GeneratedCrds.install(client);
  }

  @Test
  void stoppingARunningTaskIsAccepted() {
    EcsTask task = create(null);

    EcsTask stopped = apply(task, s -> s.desiredStatus = EcsTaskSpec.STOPPED);

    assertThat(stopped.getSpec().desiredStatus).isEqualTo("STOPPED");
  }

  @Test
  void aStoppedTaskCannotBeStartedAgain() {
    EcsTask task = create(EcsTaskSpec.STOPPED);

    KubernetesClientException refused = refused(task, s -> s.desiredStatus = EcsTaskSpec.RUNNING);

    assertThat(refused.getStatus().getMessage()).contains("InvalidParameterException: desiredStatus cannot go from"
        + " STOPPED back to RUNNING");
  }

  @Test
  void aStoppedTaskCannotBeStartedAgainByDroppingDesiredStatus() {
    EcsTask task = create(EcsTaskSpec.STOPPED);

    KubernetesClientException refused = refused(task, s -> s.desiredStatus = null);

    assertThat(refused.getStatus().getMessage()).contains("desiredStatus cannot go from STOPPED back to RUNNING");
  }

  @Test
  void whatATaskRunsCannotChangeOnceItRuns() {
    EcsTask task = create(null);

    assertThat(refused(task, s -> s.count = 3).getStatus().getMessage()).contains("a task cannot be changed once run");
    assertThat(refused(task, s -> s.taskDefinition = "batch:2").getStatus().getMessage())
        .contains("a task cannot be changed once run");
    assertThat(refused(task, s -> s.launchType = "FARGATE").getStatus().getMessage())
        .as("a field added later").contains("a task cannot be changed once run");
  }

  @Test
  void tagsMayChange() {
    EcsTask task = create(null);

    EcsTask tagged = apply(task, s -> s.tags = List.of(new Tag("team", "data")));

    assertThat(tagged.getSpec().tags).extracting(t -> t.key).containsExactly("team");
  }

  private static EcsTask create(String desiredStatus) {
    EcsTask task = new EcsTask();
    task.getMetadata().setName("task-" + UUID.randomUUID().toString().substring(0, 8));
    task.getMetadata().setNamespace("default");
    task.setSpec(new EcsTaskSpec());
    task.getSpec().taskDefinition = "batch";
    task.getSpec().count = 2;
    task.getSpec().desiredStatus = desiredStatus;
    return client.resource(task).fieldManager("user").serverSideApply();
  }

  private static EcsTask apply(EcsTask task, Consumer<EcsTaskSpec> change) {
    EcsTask next = new EcsTask();
    next.getMetadata().setName(task.getMetadata().getName());
    next.getMetadata().setNamespace(task.getMetadata().getNamespace());
    next.setSpec(task.getSpec());
    EcsTaskSpec spec = io.fabric8.kubernetes.client.utils.Serialization.clone(task.getSpec());
    change.accept(spec);
    next.setSpec(spec);
    return client.resource(next).fieldManager("user").serverSideApply();
  }

  private static KubernetesClientException refused(EcsTask task, Consumer<EcsTaskSpec> change) {
    KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> apply(task, change));
    assertThat(e).as("the API server must refuse the change").isNotNull();
    assertThat(e.getCode()).isEqualTo(422);
    return e;
  }
}
