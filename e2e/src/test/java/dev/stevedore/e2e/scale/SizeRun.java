package dev.stevedore.e2e.scale;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.cluster.TestNamespace;
import dev.stevedore.e2e.harness.ChildProcessOperator;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.ResourceVersions;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One size of the benchmark: the bare Deployments, the Stevedore documents with no operator, then Stevedore, in the
 * same cluster one after the other, each in a fresh namespace that is deleted (and its pods gone) before the next part starts.
 */
final class SizeRun {
  private static final Logger LOG = LoggerFactory.getLogger(SizeRun.class);
  private static final String FIELD_MANAGER = "scale-benchmark";

  private final KubernetesCluster cluster;
  private final KubernetesClient client;
  private final ScaleSettings settings;
  private final int size;
  private final List<Node> nodes;
  private final ScaleDocuments documents;
  private final List<String> names;
  private final Duration timeout;
  private final Path output;

  SizeRun(KubernetesCluster cluster, ScaleSettings settings, int size, List<Node> nodes, Path output) {
    this.output = output;
    this.cluster = cluster;
    this.client = cluster.client();
    this.settings = settings;
    this.size = size;
    this.nodes = nodes;
    this.documents = new ScaleDocuments(settings.tasksPerService());
    this.names = IntStream.range(0, size).mapToObj(ScaleDocuments::name).toList();
    this.timeout = settings.timeout(size);
  }

  SizeResult run() {
    Map<String, SizeResult.Gap> timeline = SizeResult.newTimeline();
    Baseline baseline = baseline(timeline);
    LOG.info("{} services, bare Deployments: created {} s, Ready {} s, rolled out {} s", size,
        baseline.created, baseline.ready, baseline.rollout);
    documentsAlone(timeline);
    return stevedore(baseline, timeline);
  }

  /**
   * The documents applied as in the Stevedore part, with no operator running: what the API server's admission of a
   * TaskDefinition and an EcsService (schema, CEL rules, server-side apply) costs by itself, the floor under
   * "Stevedore created".
   */
  private void documentsAlone(Map<String, SizeResult.Gap> timeline) {
    String namespace = createNamespace("scale-documents-" + size);
    try {
      applyAsUser(namespace, ScaleDocuments.cluster());
      long t0 = System.currentTimeMillis();
      Map<String, Long> applied = inParallel(name -> {
        applyAsUser(namespace, ScaleDocuments.taskDefinition(name, 1));
        applyAsUser(namespace, documents.service(name));
      });
      Map<String, Long> start = new HashMap<>();
      names.forEach(name -> start.put(name, t0));
      timeline.put(DOCUMENTS_ALONE, gap(start, applied));
      LOG.info("{} services, documents alone (no operator): all applied in {} s", size, seconds(t0, applied.values()));
    } finally {
      deleteNamespace(namespace);
    }
  }

  /** The timeline entry of {@link #documentsAlone}: its maximum is the time to apply them all. */
  static final String DOCUMENTS_ALONE = "documents alone, no operator: first sent -> each service's pair applied";

  private record Baseline(double created, double ready, double rollout, Map<String, Double> controlPlaneCpu) {}

  private Baseline baseline(Map<String, SizeResult.Gap> timeline) {
    String namespace = createNamespace("scale-baseline-" + size);
    try {
      Map<String, List<HasMetadata>> workloads = new HashMap<>();
      Map<String, String> templatePatches = new HashMap<>();
      for (String name : names) {
        workloads.put(name, documents.bareWorkload(name, 1, namespace, nodes));
        PodTemplateSpec v2 = documents.podTemplate(name, 2, namespace, nodes);
        templatePatches.put(name, Serialization.asJson(Map.of("spec", Map.of("template", v2))));
      }
      try (Milestones<Deployment> deployments = Milestones.follow(
          client.apps().deployments().inNamespace(namespace).runnableInformer(0),
          d -> Optional.of(d.getMetadata().getName()))) {
        deployments.track("ready1", d -> current(d) && "1".equals(revision(d)));
        deployments.track("rolled", d -> current(d) && "2".equals(revision(d)));

        Map<String, Double> cpuBefore = ControlPlaneCpu.read();
        long t0 = System.currentTimeMillis();
        Map<String, Long> created = inParallel(name -> workloads.get(name).forEach(o -> create(namespace, o)));
        awaitAll(deployments, "ready1", "bare Deployments Ready");
        double createdAt = seconds(t0, created.values());
        double readyAt = seconds(t0, deployments.times("ready1").values());
        timeline.put("bare: created -> Ready", gap(created, deployments.times("ready1")));

        long t1 = System.currentTimeMillis();
        Map<String, Long> patched = inParallel(name -> client.apps().deployments().inNamespace(namespace)
            .withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), templatePatches.get(name)));
        awaitAll(deployments, "rolled", "bare Deployments rolled out");
        double rollout = seconds(t1, deployments.times("rolled").values());
        Map<String, Double> cpu = ControlPlaneCpu.since(cpuBefore, ControlPlaneCpu.read());
        timeline.put("bare rollout: template patched -> rolled out", gap(patched, deployments.times("rolled")));
        record("bare", deployments.objects());
        return new Baseline(createdAt, readyAt, rollout, cpu);
      }
    } finally {
      deleteNamespace(namespace);
    }
  }

  private SizeResult stevedore(Baseline baseline, Map<String, SizeResult.Gap> timeline) {
    String namespace = createNamespace("scale-stevedore-" + size);
    try {
      applyAsUser(namespace, ScaleDocuments.cluster());
      ChildProcessOperator operator = ChildProcessOperator.start(cluster, namespace, settings.resync(),
          ChildProcessOperator.logFile("scale-benchmark-" + size), Map.of(), settings.operatorJvm());
      try (operator;
           Milestones<ControllerRevision> revisions = Milestones.follow(
               client.apps().controllerRevisions().inNamespace(namespace).runnableInformer(0),
               r -> Optional.ofNullable(label(r, Labels.FAMILY)));
           Milestones<Deployment> deployments = Milestones.follow(
               client.apps().deployments().inNamespace(namespace).runnableInformer(0),
               d -> Optional.ofNullable(label(d, Labels.SERVICE)));
           Milestones<EcsService> services = Milestones.follow(
               client.resources(EcsService.class).inNamespace(namespace).runnableInformer(0),
               s -> Optional.of(s.getMetadata().getName()))) {
        revisions.track("rev1", r -> r.getRevision() == 1);
        revisions.track("rev2", r -> r.getRevision() == 2);
        deployments.track("created", d -> true);
        deployments.track("ready1", d -> current(d) && "1".equals(revision(d)));
        deployments.track("updated2", d -> "2".equals(revision(d)));
        deployments.track("rolled", d -> current(d) && "2".equals(revision(d)));
        services.track("stable1", s -> stableAt(s, 1));
        services.track("stable2", s -> stableAt(s, 2));

        OperatorReading start = OperatorReading.of(operator);
        Map<String, Double> cpuBefore = ControlPlaneCpu.read();
        long t0 = System.currentTimeMillis();
        Map<String, Long> applied = inParallel(name -> {
          applyAsUser(namespace, ScaleDocuments.taskDefinition(name, 1));
          applyAsUser(namespace, documents.service(name));
        });
        awaitAll(services, "stable1", "EcsServices Stable at revision 1", running(operator));
        double createdAt = seconds(t0, applied.values());
        double stableAt = seconds(t0, services.times("stable1").values());
        timeline.put("Stevedore: service applied -> revision 1 registered", gap(applied, revisions.times("rev1")));
        timeline.put("Stevedore: revision 1 registered -> Deployment created",
            gap(revisions.times("rev1"), deployments.times("created")));
        timeline.put("Stevedore: Deployment created -> Deployment Ready",
            gap(deployments.times("created"), deployments.times("ready1")));
        timeline.put("Stevedore: Deployment Ready -> Stable", gap(deployments.times("ready1"),
            services.times("stable1")));
        timeline.put("Stevedore: service applied -> Stable", gap(applied, services.times("stable1")));

        long t1 = System.currentTimeMillis();
        Map<String, Long> revised = inParallel(name -> applyAsUser(namespace, ScaleDocuments.taskDefinition(name, 2)));
        awaitAll(services, "stable2", "EcsServices Stable at revision 2", running(operator));
        double rollout = seconds(t1, services.times("stable2").values());
        OperatorReading end = OperatorReading.of(operator);
        Map<String, Double> controlPlaneCpu = ControlPlaneCpu.since(cpuBefore, ControlPlaneCpu.read());
        timeline.put("Stevedore rollout: revision 2 applied -> registered", gap(revised, revisions.times("rev2")));
        timeline.put("Stevedore rollout: revision 2 registered -> Deployment updated",
            gap(revisions.times("rev2"), deployments.times("updated2")));
        timeline.put("Stevedore rollout: Deployment updated -> rolled out",
            gap(deployments.times("updated2"), deployments.times("rolled")));
        timeline.put("Stevedore rollout: Deployment rolled out -> Stable",
            gap(deployments.times("rolled"), services.times("stable2")));
        timeline.put("Stevedore rollout: revision 2 applied -> Stable", gap(revised, services.times("stable2")));

        record("stevedore", deployments.objects());
        double heap = ProcessFigures.heapAfterFullGcMiB(operator.pid());
        double rss = ProcessFigures.rssMiB(operator.pid());

        Duration idle = settings.idleWindow(size);
        Map<String, String> versionsBefore = resourceVersions(namespace);
        OperatorReading idleStart = OperatorReading.of(operator);
        Waits.holdsFor("the operator runs through the idle window", idle, operator::isAlive, alive -> alive,
            alive -> alive ? "running" : "exited; see " + operator.log());
        OperatorReading idleEnd = OperatorReading.of(operator);
        Map<String, String> versionsAfter = resourceVersions(namespace);
        List<String> changed = List.copyOf(ResourceVersions.changed(versionsBefore, versionsAfter).keySet());
        if (!changed.isEmpty()) {
          LOG.warn("{} services: {} objects changed while idle, first ones: {}", size, changed.size(),
              changed.subList(0, Math.min(10, changed.size())));
        }
        timeline.forEach((what, g) -> LOG.info("{} services, timeline: {}: median {} ms, max {} ms", size, what,
            g.medianMs(), g.maxMs()));
        return new SizeResult(size, settings.tasksPerService(), nodes.size(), baseline.created, baseline.ready,
            createdAt, stableAt, baseline.rollout, rollout, end.cpuSeconds() - start.cpuSeconds(), heap, rss,
            end.apiRequests() - start.apiRequests(), end.requestsByVerbSince(start),
            end.requestsByResourceSince(start), baseline.controlPlaneCpu, controlPlaneCpu,
            end.reconciles() - start.reconciles(),
            end.reconcileQuantileMs(start, 0.5), end.reconcileQuantileMs(start, 0.99), end.byKindSince(start),
            idle.toSeconds(),
            idleEnd.writes() - idleStart.writes(), changed.size(), idleEnd.apiRequests() - idleStart.apiRequests(),
            timeline);
      }
    } finally {
      deleteNamespace(namespace);
    }
  }

  /**
   * Logs how often the Deployments' specs were written (their generation after create and one rollout is 2 when each
   * was written once per revision) and keeps the first one as YAML, so that the two sides can be compared by eye.
   */
  private void record(String side, List<Deployment> deployments) {
    long[] generations = deployments.stream().mapToLong(d -> d.getMetadata().getGeneration()).sorted().toArray();
    LOG.info("{} services, {} Deployments after the rollout: generation median {}, max {}", size, side,
        generations[(generations.length - 1) / 2], generations[generations.length - 1]);
    deployments.stream().filter(d -> d.getMetadata().getName().equals(names.get(0))).findFirst().ifPresent(d -> {
      Deployment copy = Serialization.clone(d);
      copy.getMetadata().setManagedFields(null);
      try {
        Files.createDirectories(output);
        Files.writeString(output.resolve("deployment-" + side + "-" + size + ".yaml"), Serialization.asYaml(copy));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  // ---------------------------------------------------------------------------------------------------------

  /** Ready for its generation: every replica updated and available, none of an older template left. */
  static boolean current(Deployment d) {
    DeploymentStatus s = d.getStatus();
    int replicas = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    return s != null && s.getObservedGeneration() != null
        && s.getObservedGeneration() >= d.getMetadata().getGeneration()
        && Objects.equals(s.getUpdatedReplicas(), replicas) && Objects.equals(s.getAvailableReplicas(), replicas)
        && Objects.equals(s.getReplicas(), replicas);
  }

  private static String revision(Deployment d) {
    var labels = d.getSpec().getTemplate().getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.REVISION);
  }

  private static String label(HasMetadata object, String key) {
    return object.getMetadata().getLabels() == null ? null : object.getMetadata().getLabels().get(key);
  }

  /** Stable=True for the current generation, at the given revision of the service's own family. */
  private static boolean stableAt(EcsService s, int revision) {
    return s.getStatus() != null
        && Objects.equals(s.getStatus().observedGeneration, s.getMetadata().getGeneration())
        && Ecs.arn(s.getMetadata().getName(), revision).equals(s.getStatus().taskDefinition)
        && Ecs.isTrue(s, "Stable");
  }

  /**
   * Creates the object. A create the client retried after a timeout (the API server can be that busy at 1000
   * services) may find the object made by its first try: that one counts.
   */
  private void create(String namespace, HasMetadata object) {
    try {
      client.resource(object).inNamespace(namespace).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** Server-side apply, as {@code kubectl apply --server-side} or a GitOps tool sends a user's document. */
  private void applyAsUser(String namespace, HasMetadata document) {
    client.resource(document).inNamespace(namespace).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  /** Runs {@code action} for every service name, {@code clientThreads} at a time; when each one returned. */
  private Map<String, Long> inParallel(Consumer<String> action) {
    ExecutorService pool = Executors.newFixedThreadPool(settings.clientThreads());
    Map<String, Long> done = new ConcurrentHashMap<>();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String name : names) {
        futures.add(pool.submit(() -> {
          action.accept(name);
          done.put(name, System.currentTimeMillis());
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return done;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a request of the benchmark failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private void awaitAll(Milestones<?> milestones, String milestone, String what) {
    awaitAll(milestones, milestone, what, () -> { });
  }

  /** Waits until every service reached {@code milestone}; {@code alive} throws AssertionError to end it early. */
  private void awaitAll(Milestones<?> milestones, String milestone, String what, Runnable alive) {
    Waits.until(size + " " + what, timeout, () -> {
      alive.run();
      return milestones.count(milestone);
    }, n -> n == size, n -> n + " of " + size);
  }

  private static Runnable running(ChildProcessOperator operator) {
    return () -> {
      if (!operator.isAlive()) {
        throw new AssertionError("the operator process exited; see " + operator.log());
      }
    };
  }

  private static double seconds(long start, Collection<Long> times) {
    return (times.stream().mapToLong(Long::longValue).max().orElseThrow() - start) / 1000.0;
  }

  private static SizeResult.Gap gap(Map<String, Long> from, Map<String, Long> to) {
    List<Long> millis = new ArrayList<>();
    from.forEach((key, start) -> {
      Long end = to.get(key);
      if (end != null) {
        millis.add(end - start);
      }
    });
    return SizeResult.Gap.of(millis);
  }

  /** kind/name to resourceVersion of everything Stevedore and the user own in the namespace. */
  private Map<String, String> resourceVersions(String namespace) {
    return ResourceVersions.of(List.of(
        client.resources(EcsService.class).inNamespace(namespace).list().getItems(),
        client.resources(TaskDefinition.class).inNamespace(namespace).list().getItems(),
        client.apps().deployments().inNamespace(namespace).list().getItems(),
        client.apps().controllerRevisions().inNamespace(namespace).list().getItems(),
        client.configMaps().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list()
            .getItems()));
  }

  private String createNamespace(String prefix) {
    String name = prefix + "-" + Long.toString(System.currentTimeMillis() % 46656, 36);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels(TestNamespace.LABEL, "true").endMetadata().build()).create();
    Waits.until("the default ServiceAccount of " + name, Duration.ofSeconds(60),
        () -> client.serviceAccounts().inNamespace(name).withName("default").get(), Objects::nonNull,
        sa -> "none yet");
    return name;
  }

  /** Deletes the namespace and waits until it is gone, and with it every pod in it. */
  private void deleteNamespace(String name) {
    long start = System.currentTimeMillis();
    client.namespaces().withName(name).delete();
    Waits.until("namespace " + name + " deleted with all its pods", timeout,
        () -> client.namespaces().withName(name).get() == null, gone -> gone, gone -> "still terminating");
    LOG.info("namespace {} gone after {} s", name, (System.currentTimeMillis() - start) / 1000.0);
  }
}
