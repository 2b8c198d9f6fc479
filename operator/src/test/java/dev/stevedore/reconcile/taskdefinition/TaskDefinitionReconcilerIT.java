package dev.stevedore.reconcile.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerDependency;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionStatus;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.naming.Labels;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TaskDefinition reconciler in this JVM against a real kube-apiserver. There is no controller-manager, so
 * nothing is garbage collected: where a test needs the collector it deletes the revisions itself.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class TaskDefinitionReconcilerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:task-definition/";

  static KubernetesClient client;

  private final ReconcileRecorder reconciles = new ReconcileRecorder();
  private String namespace;
  private Operator operator;

  @BeforeAll
  static void installCrds() {
    GeneratedCrds.install(client);
  }

  @BeforeEach
  void createNamespace() {
    namespace = "td-" + UUID.randomUUID().toString().substring(0, 8);
    client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
  }

  @Test
  void everyChangeOfContentRegistersTheNextRevisionAndSteadyStateWritesNothing() {
    startOperator(OperatorSettings.defaults());

    apply("web", spec("nginx:1"), Map.of(), Map.of());
    TaskDefinition first = awaitStatus("web", s -> Integer.valueOf(1).equals(s.latestRevision));
    assertReady(first, "revision 1 is ACTIVE");
    assertThat(first.getStatus().taskDefinitionArn).isEqualTo(ARN + "web:1");
    ControllerRevision revision1 = revision("web", 1);
    assertThat(revision1.getRevision()).isEqualTo(1L);
    assertThat(revision1.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getUid()).isEqualTo(first.getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
    });
    assertThat(revision1.getMetadata().getLabels()).containsEntry(RevisionObjects.STATUS_LABEL, "ACTIVE");
    assertThat(lastIssued("web")).isEqualTo("1");
    awaitEvent("web", "Registered");

    apply("web", spec("nginx:2"), Map.of(), Map.of());
    TaskDefinition second = awaitStatus("web", s -> Integer.valueOf(2).equals(s.latestRevision));
    assertThat(second.getStatus().revisions).extracting(r -> r.revision).containsExactly(2, 1);
    assertThat(revisionNumbers()).containsExactly(1, 2);

    // An export of revision 2 pasted back: new generation, same content.
    TaskDefinitionSpec exported = spec("nginx:2");
    exported.taskDefinitionArn = ARN + "web:2";
    exported.revision = 2;
    exported.family = "web";
    apply("web", exported, Map.of(), Map.of());
    TaskDefinition reapplied = awaitStatus("web", s -> s.observedGeneration == 3L);
    assertThat(reapplied.getMetadata().getGeneration()).isEqualTo(3L);
    assertThat(reapplied.getStatus().latestRevision).isEqualTo(2);
    assertThat(revisionNumbers()).containsExactly(1, 2);

    Map<String, String> revisionVersions = revisionVersions();
    for (String trigger : List.of("99", "99,98")) {
      TaskDefinition touched = apply("web", exported, Map.of("team", "shop"),
          Map.of(RevisionObjects.DEREGISTER_ANNOTATION, trigger));
      awaitReconciled(touched);
      assertThat(taskDefinition("web").get().getMetadata().getResourceVersion())
          .as("no status write").isEqualTo(touched.getMetadata().getResourceVersion());
      assertThat(revisionVersions()).as("no revision written").isEqualTo(revisionVersions);
    }
  }

  @Test
  void numbersSurviveOperatorRestartsAndReCreationFromGit() {
    startOperator(OperatorSettings.defaults());
    register("web", spec("nginx:1"), 1);
    register("web", spec("nginx:2"), 2);
    Map<String, String> revisionVersions = revisionVersions();
    // The first operator is done writing (its last status patch can land after revision 2 shows in status):
    // what the restarted one must not write is compared against a settled object.
    String[] seen = {""};
    org.awaitility.Awaitility.await().atMost(WAIT).during(Duration.ofSeconds(2)).until(() -> {
      String now = taskDefinition("web").get().getMetadata().getResourceVersion();
      boolean same = now.equals(seen[0]);
      seen[0] = now;
      return same;
    });

    operator.stop();
    startOperator(OperatorSettings.defaults());
    TaskDefinition afterRestart = taskDefinition("web").get();
    awaitReconciled(afterRestart);
    assertThat(taskDefinition("web").get().getMetadata().getResourceVersion())
        .isEqualTo(afterRestart.getMetadata().getResourceVersion());
    assertThat(revisionVersions()).isEqualTo(revisionVersions);

    register("web", spec("nginx:3"), 3);

    // kubectl delete and the garbage collector, then the same manifest again from Git.
    taskDefinition("web").delete();
    client.apps().controllerRevisions().inNamespace(namespace)
        .withLabel(Labels.FAMILY, "web").delete();
    await().atMost(WAIT).until(() -> taskDefinition("web").get() == null && revisionNumbers().isEmpty());
    apply("web", spec("nginx:3"), Map.of(), Map.of());
    TaskDefinition recreated = awaitStatus("web", s -> s.latestRevision != null);
    assertThat(recreated.getStatus().latestRevision).as("never reused").isEqualTo(4);
    assertThat(revisionNumbers()).containsExactly(4);
    assertThat(lastIssued("web")).isEqualTo("4");
  }

  @Test
  void deregisteredRevisionsBecomeInactiveAndStaySo() {
    startOperator(OperatorSettings.defaults());
    register("web", spec("nginx:1"), 1);
    register("web", spec("nginx:2"), 2);

    apply("web", spec("nginx:2"), Map.of(), Map.of(RevisionObjects.DEREGISTER_ANNOTATION, "1"));
    TaskDefinition deregistered = awaitStatus("web",
        s -> s.revisions.size() == 2 && "INACTIVE".equals(s.revisions.get(1).status));
    assertThat(deregistered.getStatus().revisions.get(0).status).isEqualTo("ACTIVE");
    assertReady(deregistered, "revision 2 is ACTIVE");
    assertThat(revision("web", 1).getMetadata().getLabels()).containsEntry(RevisionObjects.STATUS_LABEL, "INACTIVE");
    awaitEvent("web", "Deregistered");

    TaskDefinition withoutAnnotation = apply("web", spec("nginx:2"), Map.of(), Map.of());
    awaitReconciled(withoutAnnotation);
    assertThat(revision("web", 1).getMetadata().getLabels()).containsEntry(RevisionObjects.STATUS_LABEL, "INACTIVE");
    assertThat(taskDefinition("web").get().getStatus().revisions.get(1).status).isEqualTo("INACTIVE");
  }

  @Test
  void anInvalidSpecStallsAndRegistersNothing() {
    startOperator(OperatorSettings.defaults());
    register("web", spec("nginx:1"), 1);

    apply("web", dependencyCycle(), Map.of(), Map.of());
    TaskDefinition stalled = awaitStatus("web", s -> s.observedGeneration == 2L);
    assertThat(condition(stalled, "Stalled")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("ClientException");
      assertThat(c.getMessage()).contains("dependency cycle");
    });
    assertThat(condition(stalled, "Ready").getStatus()).isEqualTo("False");
    assertThat(stalled.getStatus().latestRevision).isEqualTo(1);
    assertThat(revisionNumbers()).containsExactly(1);
    assertThat(lastIssued("web")).isEqualTo("1");
    awaitEvent("web", "ClientException");

    apply("web", spec("nginx:2"), Map.of(), Map.of());
    TaskDefinition healed = awaitStatus("web", s -> Integer.valueOf(2).equals(s.latestRevision));
    assertThat(condition(healed, "Stalled").getStatus()).isEqualTo("False");
  }

  @Test
  void retentionKeepsTheNewestRevisionsAndThoseServicesUse() {
    startOperator(OperatorSettings.from(Map.of("STEVEDORE_REVISION_RETENTION", "2")));
    register("web", spec("nginx:1"), 1);
    EcsService service = new EcsService();
    service.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace(namespace).build());
    service.setSpec(new EcsServiceSpec());
    service.getSpec().taskDefinition = "web";
    client.resource(service).create();
    runs("web", ARN + "web:1");

    for (int number = 2; number <= 4; number++) {
      register("web", spec("nginx:" + number), number);
    }
    await().atMost(WAIT).untilAsserted(() -> assertThat(revisionNumbers()).containsExactly(1, 3, 4));
    awaitStatus("web", s -> s.revisions.size() == 3);
    awaitEvent("web", "RevisionDeleted");

    runs("web", ARN + "web:4");
    await().atMost(WAIT).untilAsserted(() -> assertThat(revisionNumbers()).containsExactly(3, 4));
    TaskDefinition pruned = awaitStatus("web", s -> s.revisions.size() == 2);
    assertThat(pruned.getStatus().revisions).extracting(r -> r.revision).containsExactly(4, 3);
    assertThat(lastIssued("web")).isEqualTo("4");
  }

  @Test
  void aCounterSomeoneElseMovedIsReadAgainAndNumbersGoOnFromIt() {
    startOperator(OperatorSettings.defaults());
    register("web", spec("nginx:1"), 1);
    // The operator remembers the counter it wrote; a person (or a restore) sets it higher behind its back.
    client.configMaps().inNamespace(namespace).withName(RevisionObjects.counterName("web"))
        .edit(c -> new io.fabric8.kubernetes.api.model.ConfigMapBuilder(c)
            .addToData(RevisionObjects.LAST_REVISION_KEY, "10").build());

    register("web", spec("nginx:2"), 11);
    assertThat(revisionNumbers()).containsExactly(1, 11);
    assertThat(lastIssued("web")).isEqualTo("11");
  }

  @Test
  void aRevisionTheApiServerRefusesSkipsOneNumberAtMostHoweverOftenItIsRetried() {
    refuseRevisionsInTheNamespace();
    startOperator(OperatorSettings.defaults());
    apply("web", spec("nginx:1"), Map.of(), Map.of());
    // Retried, so Reconciling rather than Stalled, with the API server's words.
    awaitStatus("web", s -> s.conditions != null && s.conditions.stream()
        .anyMatch(c -> "Reconciling".equals(c.getType()) && "True".equals(c.getStatus())
            && c.getMessage().contains("revisions are refused here")));
    // JOSDK retries with backoff (2 s, then 3 s, ...): three attempts, each refused.
    await().atMost(WAIT).until(() -> reconciles.failuresOf(namespace, "web") >= 3);
    assertThat(lastIssued("web")).as("only the first attempt moved the counter").isEqualTo("1");
    assertThat(revisionNumbers()).isEmpty();

    client.resources(io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding.class)
        .withName(policyName()).delete();
    await().atMost(WAIT).until(() -> !refused(probe()));
    // JOSDK's retries may be spent by now; the next change of the task definition registers, as the next number.
    apply("web", spec("nginx:2"), Map.of(), Map.of());
    TaskDefinition registered = awaitStatus("web", s -> s.latestRevision != null);
    assertThat(registered.getStatus().latestRevision).isEqualTo(2);
    assertThat(revisionNumbers()).containsExactly(2);
  }

  /** A ValidatingAdmissionPolicy that refuses every ControllerRevision created in this test's namespace. */
  private void refuseRevisionsInTheNamespace() {
    client.resource(new io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder()
        .withNewMetadata().withName(policyName()).endMetadata()
        .withNewSpec().withFailurePolicy("Fail")
          .withNewMatchConstraints().addNewResourceRule().withApiGroups("apps").withApiVersions("v1")
            .withOperations("CREATE").withResources("controllerrevisions").endResourceRule().endMatchConstraints()
          .addNewValidation().withExpression("false").withMessage("revisions are refused here").endValidation()
        .endSpec().build()).create();
    client.resource(new io.fabric8.kubernetes.api.model.admissionregistration.v1
        .ValidatingAdmissionPolicyBindingBuilder()
        .withNewMetadata().withName(policyName()).endMetadata()
        .withNewSpec().withPolicyName(policyName()).withValidationActions("Deny")
          .withNewMatchResources().withNewNamespaceSelector()
            .addToMatchLabels("kubernetes.io/metadata.name", namespace).endNamespaceSelector().endMatchResources()
        .endSpec().build()).create();
    // The policy takes effect once the API server's policy informer has it: until a dry run is refused.
    await().atMost(WAIT).until(() -> refused(probe()));
  }

  private ControllerRevision probe() {
    return new io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder()
        .withNewMetadata().withName("probe").withNamespace(namespace).endMetadata().withRevision(1L)
        .withData(Map.of("probe", true)).build();
  }

  /** Whether the policy refuses to create {@code revision} (as a dry run: nothing is stored). */
  private boolean refused(ControllerRevision revision) {
    try {
      client.resource(revision).dryRun().create();
      return false;
    } catch (io.fabric8.kubernetes.client.KubernetesClientException refusal) {
      if (refusal.getMessage().contains("revisions are refused here")) {
        return true;
      }
      throw refusal;
    }
  }

  private String policyName() {
    return "refuse-revisions-" + namespace;
  }

  @Test
  void aSecondTaskDefinitionOfAFamilyWaitsUntilTheFamilyIsFree() {
    startOperator(OperatorSettings.defaults());
    TaskDefinitionSpec spec = spec("nginx:1");
    spec.family = "web";
    apply("web-a", spec, Map.of(), Map.of());
    awaitStatus("web-a", s -> Integer.valueOf(1).equals(s.latestRevision));

    apply("web-b", spec, Map.of(), Map.of());
    TaskDefinition second = awaitStatus("web-b", s -> s.conditions != null);
    assertThat(condition(second, "Stalled")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("FamilyConflict");
      assertThat(c.getMessage()).contains("'web-a'");
    });
    assertThat(second.getStatus().latestRevision).isNull();
    assertThat(revisionNumbers()).containsExactly(1);

    // The owner goes, and with it (by garbage collection) its revision: the other one takes the family over.
    taskDefinition("web-a").delete();
    client.resource(revision("web", 1)).delete();
    TaskDefinition takenOver = awaitStatus("web-b", s -> s.latestRevision != null);
    assertThat(takenOver.getStatus().latestRevision).isEqualTo(2);
    assertReady(takenOver, "revision 2 is ACTIVE");
  }

  private void startOperator(OperatorSettings settings) {
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false).withMetrics(reconciles));
    operator.register(new TaskDefinitionReconciler(settings, Clock.systemUTC()), o -> o.settingNamespaces(namespace));
    operator.start();
  }

  /** Server-side apply, as kubectl apply --server-side and GitOps tools write: the whole intent each time. */
  private TaskDefinition apply(String name, TaskDefinitionSpec spec, Map<String, String> labels,
                               Map<String, String> annotations) {
    TaskDefinition taskDefinition = new TaskDefinition();
    taskDefinition.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
        .withLabels(labels).withAnnotations(annotations).build());
    taskDefinition.setSpec(spec);
    return client.resource(taskDefinition).fieldManager("git").forceConflicts().serverSideApply();
  }

  /**
   * Applies a spec and waits for the revision it registers. Waiting matters: the reconciler works from the
   * latest state, so specs applied faster than it reconciles are one change, like a Deployment's templates.
   */
  private void register(String name, TaskDefinitionSpec spec, int expectedRevision) {
    apply(name, spec, Map.of(), Map.of());
    awaitStatus(name, s -> Integer.valueOf(expectedRevision).equals(s.latestRevision));
  }

  private Resource<TaskDefinition> taskDefinition(String name) {
    return client.resources(TaskDefinition.class).inNamespace(namespace).withName(name);
  }

  private TaskDefinition awaitStatus(String name, Predicate<TaskDefinitionStatus> condition) {
    return taskDefinition(name).waitUntilCondition(td -> td != null && td.getStatus() != null
        && condition.test(td.getStatus()), WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private void awaitReconciled(TaskDefinition version) {
    await().atMost(WAIT).until(() -> reconciles.finishedFor(version));
  }

  private void awaitEvent(String name, String reason) {
    await().atMost(WAIT).until(() -> client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .anyMatch((Event e) -> name.equals(e.getRegarding().getName()) && reason.equals(e.getReason())));
  }

  /** Writes what the EcsService reconciler would report: the service runs this task definition. */
  private void runs(String service, String taskDefinitionArn) {
    client.resources(EcsService.class).inNamespace(namespace).withName(service).editStatus(s -> {
      s.setStatus(new EcsServiceStatus());
      s.getStatus().taskDefinition = taskDefinitionArn;
      return s;
    });
  }

  private List<ControllerRevision> revisions() {
    return client.apps().controllerRevisions().inNamespace(namespace).list().getItems();
  }

  private List<Integer> revisionNumbers() {
    return revisions().stream().map(r -> r.getRevision().intValue()).sorted().toList();
  }

  private Map<String, String> revisionVersions() {
    return revisions().stream().collect(Collectors.toMap(r -> r.getMetadata().getName(),
        r -> r.getMetadata().getResourceVersion()));
  }

  private ControllerRevision revision(String family, int number) {
    return client.apps().controllerRevisions().inNamespace(namespace)
        .withName(RevisionObjects.controllerRevisionName(family, number)).get();
  }

  private String lastIssued(String family) {
    ConfigMap counter = client.configMaps().inNamespace(namespace).withName(RevisionObjects.counterName(family)).get();
    return counter.getData().get(RevisionObjects.LAST_REVISION_KEY);
  }

  private static void assertReady(TaskDefinition taskDefinition, String message) {
    assertThat(condition(taskDefinition, "Ready")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("Registered");
      assertThat(c.getMessage()).isEqualTo(message);
      assertThat(c.getObservedGeneration()).isEqualTo(taskDefinition.getMetadata().getGeneration());
    });
    assertThat(taskDefinition.getStatus().observedGeneration).isEqualTo(taskDefinition.getMetadata().getGeneration());
  }

  private static Condition condition(TaskDefinition taskDefinition, String type) {
    return taskDefinition.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow();
  }

  private static TaskDefinitionSpec spec(String image) {
    return Fixtures.spec(image);
  }

  /** Two containers that wait for each other: valid for the CRD's CEL rules, rejected by the validator. */
  private static TaskDefinitionSpec dependencyCycle() {
    TaskDefinitionSpec spec = Fixtures.spec("nginx:1");
    ContainerDefinition proxy = new ContainerDefinition();
    proxy.name = "proxy";
    proxy.image = "envoy:1";
    proxy.memory = 128;
    proxy.dependsOn = List.of(dependency("web"));
    spec.containerDefinitions.get(0).dependsOn = List.of(dependency("proxy"));
    spec.containerDefinitions = List.of(spec.containerDefinitions.get(0), proxy);
    return spec;
  }

  private static ContainerDependency dependency(String container) {
    ContainerDependency dependency = new ContainerDependency();
    dependency.containerName = container;
    dependency.condition = "START";
    return dependency;
  }
}
