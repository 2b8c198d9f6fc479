package dev.stevedore.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.StevedoreOperator;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.LoadBalancer;
import dev.stevedore.api.v1alpha1.PreDeployTask;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.cluster.TestNamespace;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.Helm;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Leases;
import dev.stevedore.e2e.harness.Repository;
import dev.stevedore.e2e.harness.StevedoreCrds;
import dev.stevedore.e2e.harness.TargetGroupBindingCrd;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import dev.stevedore.translate.PodTemplateTranslator;
import dev.stevedore.translate.TaskRoleBinding;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chart's RBAC is exactly what the operator needs. The chart is installed with helm, and the operator runs
 * with the identity of the chart's ServiceAccount (its client impersonates it), so a permission the chart lacks
 * fails the scenario it breaks. Every request the operator's client makes is recorded as the permission it needs:
 * each one must be granted by the chart (or by Kubernetes' default roles for every user), and each permission the
 * chart grants must have been used by some scenario, so a grant nobody needs fails the test too.
 *
 * <p>The scenarios walk every code path that calls the API: revisions and their counter, deregistration and
 * retention, the task role's ServiceAccount, REPLICA and DAEMON workloads and the switch between them, the
 * Kubernetes Service and its removal, cluster status, a stalled service's Warning Event, a standalone task run
 * and stopped, a service's pre-deploy task, a target group's TargetGroupBinding (with a stand-in for the AWS Load
 * Balancer Controller's CRD) and its removal, and leader election.
 *
 * <p>The chart's own operator pod is scheduled on a KWOK node and reported Running; it runs nothing.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ChartRbacE2E {
  private static final Logger LOG = LoggerFactory.getLogger(ChartRbacE2E.class);
  private static final Duration STEADY = Duration.ofSeconds(120);
  private static final String FAMILY = "web";
  private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/web-task";
  /** The groups Kubernetes puts a ServiceAccount's token in; the default roles bound to them count as granted. */
  private static final String EVERY_USER = "system:authenticated";
  private static final String EVERY_SERVICE_ACCOUNT = "system:serviceaccounts";

  /** The two RBAC layouts of the chart. */
  enum Mode {
    /** watchNamespaces empty: a ClusterRole; with leader election, so its Role is checked too. */
    CLUSTER_ROLE,
    /** watchNamespaces set: a Role in each watched namespace; without leader election. */
    NAMESPACED_ROLES
  }

  @Test
  void clusterRoleMode(KubernetesCluster cluster, TestNamespace namespace) {
    verify(cluster, namespace, Mode.CLUSTER_ROLE);
  }

  @Test
  void roleMode(KubernetesCluster cluster, TestNamespace namespace) {
    verify(cluster, namespace, Mode.NAMESPACED_ROLES);
  }

  private void verify(KubernetesCluster cluster, TestNamespace namespace, Mode mode) {
    KubernetesClient admin = cluster.client();
    StevedoreCrds.install(admin);
    // The AWS Load Balancer Controller's kind (the tests' stand-in CRD), so that its bindings' grants are used.
    TargetGroupBindingCrd.install(admin);
    String operatorNamespace = namespace.name();
    // The operator runs in one namespace and manages another, as a platform team installs it.
    String apps = operatorNamespace + "-apps";
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(apps)
        .addToLabels(TestNamespace.LABEL, "true").endMetadata().build()).create();
    admin.serviceAccounts().inNamespace(apps).withName("default")
        .waitUntilCondition(Objects::nonNull, 60, TimeUnit.SECONDS);
    // Unique: the chart's ClusterRoles are named after the release.
    String release = operatorNamespace;
    Helm helm = Helm.forCluster(cluster);
    List<String> values = new ArrayList<>(List.of("--set", "aws.region=us-east-1",
        "--set-string", "aws.account=123456789012", "--set", "revisionRetention=1", "--set", "resyncSeconds=60",
        "--set", "leaderElection.enabled=" + (mode == Mode.CLUSTER_ROLE)));
    if (mode == Mode.NAMESPACED_ROLES) {
      values.addAll(List.of("--set", "watchNamespaces={" + apps + "}"));
    }
    try {
      List<HasMetadata> manifest = helm.install(release, Repository.chart(), operatorNamespace, values);
      verifyInstalled(cluster, manifest, operatorNamespace, apps, mode);
    } finally {
      try {
        helm.uninstall(release, operatorNamespace);
      } catch (AssertionError e) {
        LOG.warn("helm uninstall failed: {}", e.getMessage());
      }
      admin.namespaces().withName(apps).delete();
      TargetGroupBindingCrd.remove(admin);
    }
  }

  private void verifyInstalled(KubernetesCluster cluster, List<HasMetadata> manifest, String operatorNamespace,
      String apps, Mode mode) {
    KubernetesClient admin = cluster.client();
    List<PolicyRule> chartRules = RbacGrants.rulesOf(manifest);
    assertThat(RbacGrants.wildcards(chartRules)).as("chart rules with wildcards").isEmpty();
    String serviceAccount = manifest.stream().filter(ServiceAccount.class::isInstance).findFirst()
        .orElseThrow(() -> new AssertionError("the chart made no ServiceAccount")).getMetadata().getName();
    Deployment deployment = manifest.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .findFirst().orElseThrow(() -> new AssertionError("the chart made no Deployment"));

    Map<String, String> environment = environment(deployment, operatorNamespace);
    assertThat(environment).containsEntry("STEVEDORE_REVISION_RETENTION", "1")
        .containsEntry("STEVEDORE_LEADER_ELECTION", Boolean.toString(mode == Mode.CLUSTER_ROLE))
        .containsEntry("STEVEDORE_WATCH_NAMESPACES", mode == Mode.CLUSTER_ROLE ? "" : apps);
    if (mode == Mode.CLUSTER_ROLE) {
      // The chart's operator would watch every namespace; on a cluster other test runs share, this one must keep to
      // its own. The ClusterRole's cluster-wide reach is checked below with access reviews instead.
      environment.put("STEVEDORE_WATCH_NAMESPACES", apps);
    }
    environment.put("STEVEDORE_HTTP_PORT", Integer.toString(InProcessOperator.freePort()));
    OperatorSettings settings = OperatorSettings.from(environment);

    ApiRequestRecorder recorder = new ApiRequestRecorder();
    Config config = impersonating(cluster, operatorNamespace, serviceAccount);
    long start = System.nanoTime();
    try (KubernetesClient operatorClient = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(ApiRequestRecorder.NAME, recorder)).build()) {
      AtomicBoolean leaseLost = new AtomicBoolean();
      StevedoreOperator operator = startOperator(operatorClient, settings, () -> leaseLost.set(true));
      try {
        driveEveryApiPath(admin, apps);
        if (mode == Mode.CLUSTER_ROLE) {
          String identity = operator.leaseIdentity().orElseThrow();
          // fabric8's lock renews with a patch.
          Waits.until("the operator holds the Lease and has renewed it", Duration.ofSeconds(30),
              () -> Leases.lease(admin, operatorNamespace),
              lease -> Leases.holder(lease).equals(identity)
                  && recorder.used().containsKey(Permission.resource("coordination.k8s.io", "leases", "patch")),
              lease -> "holder " + Leases.holder(lease) + ", used " + recorder.used().keySet());
        }
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nrequests refused with 403: " + recorder.forbidden(), e);
      } finally {
        operator.close();
      }
      assertThat(leaseLost).as("the operator lost its Lease; requests refused: " + recorder.forbidden()).isFalse();
    }
    LOG.info("{}: scenarios took {} s", mode, Duration.ofNanos(System.nanoTime() - start).toSeconds());

    Map<Permission, Long> used = recorder.used();
    LOG.info("{}: permissions the operator used (requests):\n{}", mode, used.entrySet().stream()
        .map(e -> String.format("  %-60s %6d", e.getKey(), e.getValue())).collect(Collectors.joining("\n")));
    List<PolicyRule> everyUser = RbacGrants.rulesBoundToGroups(admin, Set.of(EVERY_USER, EVERY_SERVICE_ACCOUNT));
    List<PolicyRule> granted = Stream.concat(chartRules.stream(), everyUser.stream()).toList();
    Set<Permission> notGranted = used.keySet().stream().filter(p -> !RbacGrants.allows(granted, p))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<Permission> unused = new TreeSet<>(RbacGrants.expand(chartRules));
    unused.removeAll(used.keySet());
    SoftAssertions.assertSoftly(softly -> {
      softly.assertThat(recorder.forbidden()).as("requests the API server refused (403)").isEmpty();
      softly.assertThat(notGranted).as("permissions the operator used that the chart does not grant").isEmpty();
      softly.assertThat(unused).as("permissions the chart grants that no scenario used (" + mode + ")").isEmpty();
    });

    verifyScope(cluster, operatorNamespace, serviceAccount, apps, mode, used.keySet());
  }

  // -----------------------------------------------------------------------------------------------------------
  // The scenarios

  /** Drives every code path of the operator that calls the API, each to the state it must reach. */
  private static void driveEveryApiPath(KubernetesClient admin, String namespace) {
    Ecs ecs = new Ecs(admin, namespace);
    String arn1 = Ecs.arn(FAMILY, 1);
    String arn2 = Ecs.arn(FAMILY, 2);
    String arn3 = Ecs.arn(FAMILY, 3);

    // A cluster: its status is patched.
    ecs.apply(Ecs.cluster("default"));
    awaitCluster(ecs, "reported ACTIVE", c -> "ACTIVE".equals(c.getStatus().status));

    // Revision 1 of a task definition with a task role: the family counter, the revision, an Event. The counter is
    // there already, as a family applied again from Git finds it: creating it fails, so it is read, then updated.
    admin.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
        .withName(RevisionObjects.counterName(FAMILY)).withNamespace(namespace).endMetadata()
        .addToData(RevisionObjects.LAST_REVISION_KEY, "0").build()).create();
    TaskDefinition v1 = Ecs.taskDefinition(FAMILY, Ecs.IMAGE_V1, true);
    v1.getSpec().taskRoleArn = ROLE_ARN;
    ecs.apply(v1);
    awaitTaskDefinition(ecs, "revision 1 registered", td -> Objects.equals(td.getStatus().latestRevision, 1));
    assertThat(counter(admin, namespace)).isEqualTo("1");

    // A REPLICA service with a container port: the task role's ServiceAccount, the Deployment and the Service are
    // created by server-side apply; status and Events.
    ecs.apply(Ecs.replicaService(FAMILY, FAMILY, 2, null, null));
    ecs.awaitService(FAMILY, "Ready on revision 1", STEADY, s -> Ecs.steadyAt(s, arn1, 2));
    ServiceAccount role = admin.serviceAccounts().inNamespace(namespace)
        .withName(PodTemplateTranslator.serviceAccountName(FAMILY)).get();
    assertThat(role).as("the task role's ServiceAccount").isNotNull();
    assertThat(role.getMetadata().getAnnotations()).containsEntry(TaskRoleBinding.IRSA_ANNOTATION, ROLE_ARN);
    assertThat(admin.services().inNamespace(namespace).withName(FAMILY).get()).as("the Service").isNotNull();

    // Revision 2, deregistering revision 1 in the same apply: the counter is updated, revision 1 labelled INACTIVE
    // (a patch); once the service runs revision 2 only, retention (1) deletes revision 1.
    TaskDefinition v2 = Ecs.withImage(v1, Ecs.IMAGE_V2);
    v2.getMetadata().setAnnotations(Map.of(RevisionObjects.DEREGISTER_ANNOTATION, "1"));
    ecs.apply(v2);
    ecs.awaitService(FAMILY, "Ready on revision 2", STEADY, s -> Ecs.steadyAt(s, arn2, 2));
    awaitRevisions(admin, namespace, List.of(2L));
    assertThat(counter(admin, namespace)).isEqualTo("2");
    awaitEvent(ecs, "TaskDefinition", FAMILY, "Deregistered", "revision 1 is INACTIVE");
    awaitEvent(ecs, "TaskDefinition", FAMILY, "RevisionDeleted", "deleted revision 1");

    // Switched to DAEMON: a DaemonSet is created and the Deployment deleted.
    ecs.apply(Ecs.daemonService(FAMILY, FAMILY, 50));
    ecs.awaitService(FAMILY, "Ready as a DAEMON on revision 2, without its Deployment", STEADY,
        s -> Ecs.ready(s) && arn2.equals(s.getStatus().taskDefinition) && ecs.daemonSet(FAMILY) != null
            && ecs.deployment(FAMILY) == null);

    // Revision 3 has no container port: the Service is deleted; retention deletes revision 2 once the daemon runs 3.
    TaskDefinition v3 = Serialization.clone(v2);
    v3.getSpec().containerDefinitions.get(0).portMappings = null;
    ecs.apply(v3);
    ecs.awaitService(FAMILY, "Ready as a DAEMON on revision 3, without a Service", STEADY,
        s -> Ecs.ready(s) && arn3.equals(s.getStatus().taskDefinition)
            && admin.services().inNamespace(namespace).withName(FAMILY).get() == null);
    awaitRevisions(admin, namespace, List.of(3L));

    // Back to REPLICA: the DaemonSet is deleted and a Deployment created again.
    ecs.apply(Ecs.replicaService(FAMILY, FAMILY, 1, null, null));
    ecs.awaitService(FAMILY, "Ready as a REPLICA on revision 3, without its DaemonSet", STEADY,
        s -> Ecs.steadyAt(s, arn3, 1) && ecs.daemonSet(FAMILY) == null && ecs.deployment(FAMILY) != null);

    // Auto scaling on, then off: its HorizontalPodAutoscaler is created, then deleted.
    EcsService scaled = Ecs.replicaService(FAMILY, FAMILY, 1, null, null);
    scaled.getSpec().autoScaling = Ecs.cpuAutoScaling(1, 3, 70);
    // Without a count of its own: the operator gives it minCapacity through the scale subresource.
    scaled.getSpec().desiredCount = null;
    ecs.apply(scaled);
    ecs.awaitService(FAMILY, "given its minimum count", STEADY, s -> Objects.equals(s.getSpec().desiredCount, 1));
    Waits.until("the service's autoscaler", STEADY, () -> admin.autoscaling().v2().horizontalPodAutoscalers()
        .inNamespace(namespace).withName(FAMILY).get(), Objects::nonNull, String::valueOf);
    ecs.apply(Ecs.replicaService(FAMILY, FAMILY, 1, null, null));
    Waits.until("the autoscaler deleted", STEADY, () -> admin.autoscaling().v2().horizontalPodAutoscalers()
        .inNamespace(namespace).withName(FAMILY).get(), Objects::isNull, String::valueOf);

    // A service whose cluster does not exist: Stalled, and a Warning Event.
    EcsService lost = Ecs.replicaService("lost", FAMILY, 1, null, null);
    lost.getSpec().cluster = "missing";
    ecs.apply(lost);
    ecs.awaitService("lost", "Stalled: ClusterNotFoundException", STEADY,
        s -> Ecs.stalledWith(s, "ClusterNotFoundException"));
    awaitEvent(ecs, "EcsService", "lost", "ClusterNotFoundException", "Cluster not found");

    // The cluster counts the one service that names it.
    awaitCluster(ecs, "counting one active service",
        c -> Objects.equals(c.getStatus().activeServicesCount, 1));

    // A standalone task (RunTask): its task role's ServiceAccount and pod are created and its status patched;
    // StopTask deletes the pod.
    EcsTask task = new EcsTask();
    task.getMetadata().setName("web-once");
    task.setSpec(new EcsTaskSpec());
    task.getSpec().taskDefinition = FAMILY;
    ecs.apply(task);
    awaitTask(admin, namespace, "RUNNING", t -> "RUNNING".equals(t.getStatus().lastStatus));
    task.getSpec().desiredStatus = EcsTaskSpec.STOPPED;
    ecs.apply(task);
    awaitTask(admin, namespace, "STOPPED by the user", t -> "STOPPED".equals(t.getStatus().lastStatus)
        && "UserInitiated".equals(t.getStatus().tasks.get(0).stopCode));

    // A service with a pre-deploy task: the service reconciler creates the EcsTask by server-side apply, and
    // rolls out once its migration exited 0.
    TaskDefinition migrate = Ecs.taskDefinition("migrate", "registry.example.com/stevedore/migrate:exits-0", false);
    migrate.getSpec().containerDefinitions.get(0).portMappings = null;
    ecs.apply(migrate);
    EcsService migrated = Ecs.replicaService("migrated", FAMILY, 1, null, null);
    migrated.getSpec().preDeployTask = new PreDeployTask();
    migrated.getSpec().preDeployTask.taskDefinition = "migrate";
    ecs.apply(migrated);
    ecs.awaitService("migrated", "Ready on revision 3 after its pre-deploy task", STEADY,
        s -> Ecs.steadyAt(s, arn3, 1) && s.getStatus().preDeployTask != null
            && "SUCCEEDED".equals(s.getStatus().preDeployTask.state));

    // A target group where the AWS Load Balancer Controller's kind is served: the binding informer is started, the
    // service's TargetGroupBinding is created by server-side apply, and deleted when the load balancer is taken off.
    ecs.apply(Ecs.taskDefinition("balanced", Ecs.IMAGE_V1, true));
    EcsService balanced = Ecs.replicaService("balanced", "balanced", 1, null, null);
    LoadBalancer lb = new LoadBalancer();
    lb.targetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/balanced/0123456789abcdef";
    lb.containerName = "web";
    lb.containerPort = 8080;
    balanced.getSpec().loadBalancers = List.of(lb);
    ecs.apply(balanced);
    Waits.until("the service's TargetGroupBinding", STEADY, () -> bindings(admin, namespace, "balanced"),
        found -> found.size() == 1, String::valueOf);
    ecs.apply(Ecs.replicaService("balanced", "balanced", 1, null, null));
    Waits.until("the TargetGroupBinding deleted", STEADY, () -> bindings(admin, namespace, "balanced"),
        List::isEmpty, String::valueOf);
  }

  private static List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> bindings(KubernetesClient admin,
      String namespace, String service) {
    return admin.genericKubernetesResources(TargetGroupBindingCrd.API_VERSION, TargetGroupBindingCrd.KIND)
        .inNamespace(namespace).withLabel(Labels.SERVICE, service).list().getItems();
  }

  private static EcsTask awaitTask(KubernetesClient admin, String namespace, String what,
      java.util.function.Predicate<EcsTask> condition) {
    return Waits.until("EcsTask web-once " + what, STEADY,
        () -> admin.resources(EcsTask.class).inNamespace(namespace).withName("web-once").get(),
        t -> t != null && t.getStatus() != null && t.getStatus().tasks != null && condition.test(t),
        t -> t == null ? "no EcsTask" : Serialization.asYaml(t.getStatus()));
  }

  private static EcsCluster awaitCluster(Ecs ecs, String what, Predicate<EcsCluster> condition) {
    return ecs.awaitCluster("default", what, STEADY, c -> c != null && c.getStatus() != null
        && Objects.equals(c.getStatus().observedGeneration, c.getMetadata().getGeneration()) && condition.test(c));
  }

  private static TaskDefinition awaitTaskDefinition(Ecs ecs, String what, Predicate<TaskDefinition> condition) {
    return ecs.awaitTaskDefinition(FAMILY, what, STEADY, td -> td != null && td.getStatus() != null
        && condition.test(td));
  }

  /**
   * Waits until the family's task definition revisions are {@code numbers}. Only those carry the status label: a
   * DaemonSet's own ControllerRevisions are labelled like its pods, family included.
   */
  private static void awaitRevisions(KubernetesClient admin, String namespace, List<Long> numbers) {
    Waits.until("the family's revisions are " + numbers, STEADY,
        () -> admin.apps().controllerRevisions().inNamespace(namespace)
            .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).withLabel(Labels.FAMILY, Names.labelValue(FAMILY))
            .withLabel(RevisionObjects.STATUS_LABEL).list().getItems().stream()
            .map(ControllerRevision::getRevision).sorted().toList(),
        numbers::equals, String::valueOf);
  }

  private static String counter(KubernetesClient admin, String namespace) {
    ConfigMap counter = admin.configMaps().inNamespace(namespace).withName(RevisionObjects.counterName(FAMILY)).get();
    return counter == null || counter.getData() == null ? null
        : counter.getData().get(RevisionObjects.LAST_REVISION_KEY);
  }

  private static void awaitEvent(Ecs ecs, String kind, String name, String reason, String noteContains) {
    ecs.awaitKubernetesEvent(kind, name, "an Event " + reason, STEADY,
        e -> reason.equals(e.getReason()) && e.getNote() != null && e.getNote().contains(noteContains));
  }

  // -----------------------------------------------------------------------------------------------------------
  // The operator as the chart runs it

  private static StevedoreOperator startOperator(KubernetesClient client, OperatorSettings settings,
      Runnable onLeaseLost) {
    try {
      // Losing the Lease halts the JVM by default: here, the test's JVM.
      return new StevedoreOperator(client, settings, Clock.systemUTC()).onLeaseLost(onLeaseLost).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The operator container's environment as the chart renders it, with the pod's namespace filled in. */
  private static Map<String, String> environment(Deployment deployment, String podNamespace) {
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> environment = new HashMap<>();
    for (EnvVar variable : container.getEnv()) {
      if (variable.getValue() != null) {
        environment.put(variable.getName(), variable.getValue());
      } else if (variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null
          && "metadata.namespace".equals(variable.getValueFrom().getFieldRef().getFieldPath())) {
        environment.put(variable.getName(), podNamespace);
      }
    }
    return environment;
  }

  /** The admin kubeconfig, impersonating the chart's ServiceAccount as its token would authenticate. */
  private static Config impersonating(KubernetesCluster cluster, String namespace, String serviceAccount) {
    Config config = cluster.config();
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
    config.setImpersonateGroups(EVERY_SERVICE_ACCOUNT, EVERY_SERVICE_ACCOUNT + ":" + namespace, EVERY_USER);
    return config;
  }


  // -----------------------------------------------------------------------------------------------------------
  // Where the permissions reach

  /**
   * Every namespaced list and watch the operator used reaches all namespaces with the ClusterRole and only the
   * watched namespace with Roles. Asked of the API server by the ServiceAccount itself (SelfSubjectAccessReview).
   */
  private static void verifyScope(KubernetesCluster cluster, String operatorNamespace, String serviceAccount,
      String apps, Mode mode, Set<Permission> used) {
    List<Permission> reads = used.stream().filter(p -> !p.isNonResource())
        .filter(p -> p.verb().equals("list") || p.verb().equals("watch"))
        .filter(p -> !p.resource().equals("nodes")).toList();
    assertThat(reads).as("the operator's list and watch permissions").isNotEmpty();
    List<String> wrong = new ArrayList<>();
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(impersonating(cluster, operatorNamespace, serviceAccount)).build()) {
      for (Permission read : reads) {
        if (!allowed(client, read, apps)) {
          wrong.add(read + " in " + apps + ": denied");
        }
        boolean everywhere = allowed(client, read, "");
        if (everywhere != (mode == Mode.CLUSTER_ROLE)) {
          wrong.add(read + " in all namespaces: " + (everywhere ? "allowed" : "denied"));
        }
      }
    }
    assertThat(wrong).as(mode + ": reach of the operator's reads").isEmpty();
  }

  private static boolean allowed(KubernetesClient client, Permission permission, String namespace) {
    SelfSubjectAccessReview review = client.resource(new SelfSubjectAccessReviewBuilder().withNewSpec()
        .withNewResourceAttributes().withGroup(permission.apiGroup()).withResource(permission.resource())
        .withVerb(permission.verb()).withNamespace(namespace).endResourceAttributes().endSpec().build()).create();
    return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
  }
}
