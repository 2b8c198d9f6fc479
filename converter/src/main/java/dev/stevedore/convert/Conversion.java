package dev.stevedore.convert;

import dev.stevedore.api.v1alpha1.AllowedHostPath;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskSecurity;
import dev.stevedore.convert.EcsDocument.ClusterDocument;
import dev.stevedore.convert.EcsDocument.ScalingDocument;
import dev.stevedore.convert.EcsDocument.ServiceDocument;
import dev.stevedore.convert.EcsDocument.TaskDefinitionDocument;
import dev.stevedore.naming.Arns;
import dev.stevedore.naming.Names;
import dev.stevedore.plan.ServicePlan;
import dev.stevedore.plan.ServicePlanner;
import dev.stevedore.plan.ServiceWorld;
import dev.stevedore.reconcile.taskdefinition.RevisionManifests;
import dev.stevedore.revision.TaskDefinitionReference;
import dev.stevedore.status.Conditions;
import dev.stevedore.translate.PodTemplateTranslator;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.TaskRoleBinding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One run of {@code stevedore convert}: reads every input, links services to their task definitions (and to their
 * clusters and auto scaling), and turns them into the objects of the chosen {@link Target}.
 *
 * <p>Kubernetes objects come from exactly what the operator runs: each task definition is registered as revision 1
 * the way the TaskDefinition reconciler stores it, and each service is planned by {@link ServicePlanner} with
 * nothing running yet; the plan's writes, without the owner references that tie them to an EcsService, are the
 * manifests. The field reports the planner and the pod template translation make are the report's, so nothing is
 * dropped silently and no second translator exists.
 */
final class Conversion {
  /** The time revisions are registered at: fixed, so the output is the same on every run. */
  static final Instant REGISTERED_AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final String NAMESPACE = "default";
  private static final ServiceWorld.Environment ENVIRONMENT = new ServiceWorld.Environment("us-east-1",
      "000000000000", TaskRoleBinding.IRSA);

  /**
   * @param target what to write
   * @param params --param values
   * @param nodes how many nodes a DAEMON service's rolling-update bounds are computed for
   * @param chartName the Helm chart's name, or null for one taken from the inputs
   * @param targetGroupBindings plan as on a cluster with the AWS Load Balancer Controller: a TargetGroupBinding per
   *     target group
   */
  record Options(Target target, Map<String, String> params, int nodes, String chartName,
                 boolean targetGroupBindings) {
    Options(Target target, Map<String, String> params, int nodes, String chartName) {
      this(target, params, nodes, chartName, false);
    }
  }

  /**
   * One input file.
   *
   * @param name its path as given
   * @param text its text, or null when it could not be read
   * @param readError why it could not be read, or null
   */
  record Input(String name, String text, String readError) {
    static Input of(String name, String text) {
      return new Input(name, text, null);
    }
  }

  /**
   * The outcome.
   *
   * @param files what became of each input file, in input order
   * @param reports one per converted resource, in input order
   * @param objects the objects to write, in a stable order
   */
  record Outcome(List<FileResult> files, List<DocumentReport> reports, List<HasMetadata> objects) {
    boolean failed() {
      return files.stream().anyMatch(f -> !f.failures.isEmpty());
    }
  }

  private final Options options;
  private final List<FileResult> files = new ArrayList<>();
  private final Map<EcsDocument, DocumentReport> reports = new LinkedHashMap<>();
  private final Map<EcsDocument, FileResult> fileOf = new LinkedHashMap<>();
  private final Map<String, TaskDefinitionDocument> families = new LinkedHashMap<>();
  private final Map<String, ClusterDocument> clusters = new LinkedHashMap<>();
  private final Map<String, ServiceDocument> services = new LinkedHashMap<>();
  private final List<ScalingDocument> scalings = new ArrayList<>();
  private final Map<String, HasMetadata> objects = new TreeMap<>();

  private Conversion(Options options) {
    this.options = options;
  }

  static Outcome run(List<Input> inputs, Options options) {
    return new Conversion(options).convert(inputs);
  }

  private Outcome convert(List<Input> inputs) {
    InputReader reader = new InputReader(options.params());
    for (Input input : inputs) {
      FileResult file;
      if (input.readError() != null) {
        file = new FileResult(input.name());
        file.fail("", input.readError());
      } else {
        file = reader.read(input.name(), input.text());
      }
      files.add(file);
      file.documents.forEach(d -> index(file, d));
    }
    if (options.target() == Target.STEVEDORE) {
      List.copyOf(reports.keySet()).forEach(d -> stevedoreObject(d).ifPresent(this::add));
    }
    List<ControllerRevision> revisions = new ArrayList<>();
    families.values().forEach(td -> revisions.add(register(td)));
    List<EcsCluster> clusterObjects = new ArrayList<>();
    clusters.values().forEach(c -> clusterObjects.add(clusterObject(c)));

    Map<String, String> workloadOfService = new LinkedHashMap<>();
    List<String> linkedFamilies = new ArrayList<>();
    for (ServiceDocument service : services.values()) {
      plan(service, revisions, clusterObjects, linkedFamilies, workloadOfService);
    }
    if (options.target() != Target.STEVEDORE) {
      // A task definition no service runs becomes a Deployment of one task, as `aws ecs create-service` with
      // nothing but the task definition would.
      for (TaskDefinitionDocument td : families.values()) {
        if (!linkedFamilies.contains(td.family()) && !services.containsKey(td.family())) {
          ServiceDocument standIn = standInService(td);
          reports.get(td).notes.add("no service runs it: converted as a REPLICA service \"" + standIn.name()
              + "\" with desiredCount 1");
          planStandIn(td, standIn, revisions, clusterObjects, workloadOfService);
        }
      }
    }
    for (ScalingDocument scaling : scalings) {
      autoScaling(scaling, workloadOfService);
    }
    return new Outcome(List.copyOf(files), List.copyOf(reports.values()), List.copyOf(objects.values()));
  }

  private void index(FileResult file, EcsDocument document) {
    String clash = null;
    if (document instanceof TaskDefinitionDocument td) {
      if (families.containsKey(td.family())) {
        clash = "family \"" + td.family() + "\" is also defined by " + families.get(td.family()).source().display();
      } else {
        families.put(td.family(), td);
      }
    } else if (document instanceof ServiceDocument s) {
      if (services.containsKey(s.name())) {
        clash = "service \"" + s.name() + "\" is also defined by " + services.get(s.name()).source().display();
      } else {
        services.put(s.name(), s);
      }
    } else if (document instanceof ClusterDocument c) {
      if (clusters.containsKey(c.name())) {
        clash = "cluster \"" + c.name() + "\" is also defined by " + clusters.get(c.name()).source().display();
      } else {
        clusters.put(c.name(), c);
      }
    } else if (document instanceof ScalingDocument s) {
      scalings.add(s);
    }
    if (clash != null) {
      file.fail(document.source().where(), clash);
      return;
    }
    fileOf.put(document, file);
    reports.put(document, new DocumentReport(document));
  }

  /** The revision the operator would register, and the pod template's field reports for the task definition. */
  private ControllerRevision register(TaskDefinitionDocument td) {
    TaskDefinition owner = new TaskDefinition();
    owner.setMetadata(new ObjectMetaBuilder().withName(Names.dnsLabel(td.family())).withNamespace(NAMESPACE)
        .withUid("uid-" + td.family()).build());
    owner.setSpec(td.spec());
    TaskDefinitionSpec frozen = RevisionManifests.frozenSpec(td.spec(), td.family());
    RegisteredTaskDefinition registered = new RegisteredTaskDefinition(td.family(), 1,
        RegisteredTaskDefinition.arn(ENVIRONMENT.region(), ENVIRONMENT.account(), td.family(), 1), frozen);
    String serviceAccount = frozen.taskRoleArn == null ? null : PodTemplateTranslator.serviceAccountName(td.family());
    reports.get(td).addFields(PodTemplateTranslator.translate(registered,
        new PodTemplateTranslator.Options(0, serviceAccount)).reports());
    return RevisionManifests.revision(owner, td.family(), frozen, 1, REGISTERED_AT);
  }

  private void plan(ServiceDocument service, List<ControllerRevision> revisions, List<EcsCluster> clusterObjects,
      List<String> linkedFamilies, Map<String, String> workloadOfService) {
    DocumentReport report = reports.get(service);
    EcsServiceSpec spec = service.spec();
    Optional<TaskDefinitionReference> reference = spec.taskDefinition == null ? Optional.empty()
        : TaskDefinitionReference.parse(spec.taskDefinition);
    TaskDefinitionDocument td = reference.map(r -> families.get(r.family())).orElse(null);
    if (td == null) {
      String why = spec.taskDefinition == null ? "it names no taskDefinition"
          : "taskDefinition \"" + spec.taskDefinition + "\" is not among the inputs";
      if (options.target() == Target.STEVEDORE) {
        report.notes.add(why + ": apply its TaskDefinition too, or the operator holds the service until it exists");
      } else {
        fileOf.get(service).fail(service.source().where(), why + ": convert the service together with its task"
            + " definition");
      }
      return;
    }
    linkedFamilies.add(td.family());
    report.notes.add("taskDefinition: linked to " + td.title() + " of " + td.source().display());
    ServicePlan plan = plan(service, spec, revisions, clusterObjects);
    // The plan repeats the pod template's reports, which the task definition's own report already lists.
    List<FieldReport> taskDefinitionFields = reports.get(td).fields;
    (plan.status().fieldReports == null ? List.<FieldReport>of() : plan.status().fieldReports)
        .stream().filter(r -> !taskDefinitionFields.contains(r)).map(this::forManifests)
        .forEach(r -> report.addFields(List.of(r)));
    Optional<String> stall = stall(plan);
    if (stall.isPresent()) {
      if (options.target() == Target.STEVEDORE) {
        report.notes.add("the operator will hold this service: " + stall.get());
      } else {
        fileOf.get(service).fail(service.source().where(), "cannot run: " + stall.get());
      }
      return;
    }
    if (options.target() != Target.STEVEDORE) {
      addPlanned(plan, service, workloadOfService);
    }
  }

  private void planStandIn(TaskDefinitionDocument td, ServiceDocument standIn, List<ControllerRevision> revisions,
      List<EcsCluster> clusterObjects, Map<String, String> workloadOfService) {
    ServicePlan plan = plan(standIn, standIn.spec(), revisions, clusterObjects);
    reports.get(td).addFields(plan.status().fieldReports == null ? List.of() : plan.status().fieldReports);
    Optional<String> stall = stall(plan);
    if (stall.isPresent()) {
      fileOf.get(td).fail(td.source().where(), "cannot run: " + stall.get());
      return;
    }
    addPlanned(plan, standIn, workloadOfService);
  }

  private ServicePlan plan(ServiceDocument service, EcsServiceSpec spec, List<ControllerRevision> revisions,
      List<EcsCluster> clusterObjects) {
    EcsService object = new EcsService();
    object.setMetadata(new ObjectMetaBuilder().withName(Names.dnsLabel(service.name())).withNamespace(NAMESPACE)
        .withUid("uid-service-" + service.name()).withGeneration(1L).build());
    EcsServiceSpec planned = copy(spec);
    planned.taskDefinition = TaskDefinitionReference.parse(spec.taskDefinition).orElseThrow().family();
    planned.serviceName = service.name();
    object.setSpec(planned);
    String clusterName = Arns.clusterName(spec.cluster);
    List<EcsCluster> world = new ArrayList<>(clusterObjects);
    if (world.stream().noneMatch(c -> clusterName.equals(EcsCluster.clusterName(c)))) {
      if (options.target() == Target.STEVEDORE) {
        // Planned as in a new EcsCluster of that name, so what such a cluster would refuse is reported.
        reports.get(service).notes.add("cluster \"" + clusterName + "\" is not among the inputs: the operator"
            + " holds the service until an EcsCluster of that name exists");
        world.add(newCluster(clusterName));
      } else {
        world.add(permissiveCluster(clusterName));
      }
    }
    return ServicePlanner.plan(new ServiceWorld(object, world, revisions, List.of(), List.of(), List.of(), List.of(),
        nodes(), List.of(), List.of(), List.of(), List.of(),
        new ServiceWorld.TargetGroupBindings(options.targetGroupBindings(), List.of()), ENVIRONMENT, REGISTERED_AT));
  }

  /**
   * The operator's report of a target group left unregistered speaks of the cluster it runs in; manifests are
   * written for a cluster the converter does not know, so the report says what was written and how to get the
   * binding instead.
   */
  private FieldReport forManifests(FieldReport report) {
    if (options.target() == Target.STEVEDORE || report.field == null
        || !report.field.matches("service\\.loadBalancers\\[\\d+\\]\\.targetGroupArn")) {
      return report;
    }
    return new FieldReport(report.field, report.disposition, "the tasks are not registered in the target group: no"
        + " TargetGroupBinding is written; --target-group-bindings writes one, for a cluster with the AWS Load"
        + " Balancer Controller");
  }

  private static Optional<String> stall(ServicePlan plan) {
    return plan.status().conditions == null ? Optional.empty() : plan.status().conditions.stream()
        .filter(c -> Conditions.STALLED.equals(c.getType()) && "True".equals(c.getStatus()))
        .map(c -> c.getReason() + ": " + c.getMessage()).findFirst();
  }

  private void addPlanned(ServicePlan plan, ServiceDocument service, Map<String, String> workloadOfService) {
    List<String> workloads = new ArrayList<>();
    for (ServicePlan.Write write : plan.writes()) {
      HasMetadata object = write.object();
      ObjectMeta meta = object.getMetadata();
      // Without the operator nothing owns them: an owner reference to an EcsService that does not exist would
      // have the garbage collector delete them at once.
      meta.setOwnerReferences(null);
      meta.setNamespace(null);
      meta.setUid(null);
      meta.setResourceVersion(null);
      meta.setManagedFields(null);
      if (meta.getAnnotations() != null) {
        // The operator's record of what it applied means nothing to anyone else.
        meta.getAnnotations().keySet().removeIf(k -> k.endsWith("/applied-hash"));
      }
      if ("Deployment".equals(object.getKind()) || "DaemonSet".equals(object.getKind())) {
        workloads.add(object.getKind() + "/" + meta.getName());
      }
      add(object);
    }
    workloadOfService.put(service.name(), String.join(",", workloads));
    reportWhatOnlyTheOperatorKeeps(service, workloads);
  }

  /** What the operator recomputes as the cluster changes, and plain Kubernetes objects keep as written. */
  private void reportWhatOnlyTheOperatorKeeps(ServiceDocument service, List<String> workloads) {
    DocumentReport report = reports.containsKey(service) ? reports.get(service)
        : reports.get(families.get(service.spec().taskDefinition));
    if (workloads.stream().anyMatch(w -> w.startsWith("DaemonSet/"))) {
      report.addFields(List.of(new FieldReport("deploymentConfiguration", FieldReport.Disposition.APPROXIMATED,
          "the DaemonSet's maxUnavailable is a whole number computed for " + options.nodes() + " nodes (--nodes);"
              + " the operator recomputes it as nodes come and go, plain Kubernetes keeps it")));
    }
    if (workloads.size() > 1) {
      report.addFields(List.of(new FieldReport("capacityProviderStrategy", FieldReport.Disposition.APPROXIMATED,
          "the tasks are split over " + workloads.size() + " Deployments by base and weight for the desired count;"
              + " the operator keeps the split when the count changes and rolls them under one budget, plain"
              + " Kubernetes rolls each on its own")));
    }
  }

  private void autoScaling(ScalingDocument scaling, Map<String, String> workloadOfService) {
    DocumentReport report = reports.get(scaling);
    ServiceDocument service = services.get(scaling.service());
    FileResult file = fileOf.get(scaling);
    if (service == null) {
      file.fail(scaling.source().where(), "scales the service \"" + scaling.service()
          + "\", which is not among the inputs");
      return;
    }
    AutoScaling.Result hpa = options.target() == Target.STEVEDORE
        ? AutoScaling.forEcsService(scaling, Names.dnsLabel(service.name()))
        : AutoScaling.forWorkload(scaling, workloadOfService.get(service.name()), service.spec());
    report.notes.addAll(hpa.notes());
    report.addFields(hpa.reports());
    hpa.autoscaler().ifPresent(this::add);
  }

  private Optional<HasMetadata> stevedoreObject(EcsDocument document) {
    if (document instanceof TaskDefinitionDocument td) {
      TaskDefinition object = new TaskDefinition();
      object.setMetadata(new ObjectMetaBuilder().withName(Names.dnsLabel(td.family())).build());
      TaskDefinitionSpec spec = td.spec();
      spec.family = td.family();
      object.setSpec(spec);
      return Optional.of(object);
    }
    if (document instanceof ServiceDocument s) {
      EcsService object = new EcsService();
      String name = Names.dnsLabel(s.name());
      object.setMetadata(new ObjectMetaBuilder().withName(name).build());
      EcsServiceSpec spec = copy(s.spec());
      if (!name.equals(s.name())) {
        spec.serviceName = s.name();
      }
      Optional<TaskDefinitionReference> ref = spec.taskDefinition == null ? Optional.empty()
          : TaskDefinitionReference.parse(spec.taskDefinition);
      if (ref.isPresent() && families.containsKey(ref.get().family())
          && !spec.taskDefinition.equals(ref.get().family())) {
        reports.get(s).notes.add("taskDefinition: \"" + spec.taskDefinition + "\" written as the family \""
            + ref.get().family() + "\": Stevedore numbers the revisions it registers from 1");
        spec.taskDefinition = ref.get().family();
      }
      object.setSpec(spec);
      return Optional.of(object);
    }
    if (document instanceof ClusterDocument c) {
      EcsCluster object = clusterObject(c);
      object.getMetadata().setNamespace(null);
      return Optional.of(object);
    }
    return Optional.empty();
  }

  private static EcsCluster clusterObject(ClusterDocument c) {
    EcsCluster object = new EcsCluster();
    object.setMetadata(new ObjectMetaBuilder().withName(Names.dnsLabel(c.name())).withNamespace(NAMESPACE).build());
    object.setSpec(c.spec());
    return object;
  }

  /**
   * The cluster a service names when no input defines it. Without the operator, what a pod may ask of its node is
   * the Kubernetes cluster's admission's to decide (Pod Security Admission), so it allows every EC2 task setting
   * and leaves placement to the built-in capacity providers.
   */
  private static EcsCluster permissiveCluster(String name) {
    EcsClusterSpec spec = new EcsClusterSpec();
    spec.clusterName = name;
    TaskSecurity security = new TaskSecurity();
    security.allowPrivileged = true;
    security.allowHostNetwork = true;
    security.allowHostPID = true;
    security.allowHostIPC = true;
    AllowedHostPath everything = new AllowedHostPath();
    everything.pathPrefix = "/";
    security.allowedHostPaths = List.of(everything);
    security.allowedCapabilities = List.of("ALL");
    spec.taskSecurity = security;
    EcsCluster cluster = new EcsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(Names.dnsLabel(name)).withNamespace(NAMESPACE).build());
    cluster.setSpec(spec);
    return cluster;
  }

  private static EcsCluster newCluster(String name) {
    EcsClusterSpec spec = new EcsClusterSpec();
    spec.clusterName = name;
    EcsCluster cluster = new EcsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(Names.dnsLabel(name)).withNamespace(NAMESPACE).build());
    cluster.setSpec(spec);
    return cluster;
  }

  private ServiceDocument standInService(TaskDefinitionDocument td) {
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.taskDefinition = td.family();
    spec.desiredCount = 1;
    return new ServiceDocument(td.source(), td.family(), spec, EcsDocument.Reading.NONE);
  }

  /** Ready nodes for a DAEMON service's count: one label set that every built-in capacity provider selects. */
  private List<Node> nodes() {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < options.nodes(); i++) {
      nodes.add(new NodeBuilder().withNewMetadata().withName("node-" + i).withLabels(Map.of(
              "kubernetes.io/os", "linux", "eks.amazonaws.com/compute-type", "fargate",
              "karpenter.sh/capacity-type", "spot")).endMetadata()
          .withNewSpec().endSpec()
          .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
          .build());
    }
    return nodes;
  }

  private void add(HasMetadata object) {
    String key = order(object.getKind()) + "/" + object.getKind() + "/" + object.getMetadata().getName();
    objects.putIfAbsent(key, object);
  }

  /** Objects in the order kubectl applies them well: what others refer to first. */
  private static int order(String kind) {
    return switch (kind) {
      case "EcsCluster" -> 0;
      case "TaskDefinition" -> 1;
      case "ServiceAccount" -> 2;
      case "EcsService", "Deployment", "DaemonSet" -> 3;
      case "Service" -> 4;
      default -> 5;
    };
  }

  private static EcsServiceSpec copy(EcsServiceSpec spec) {
    return io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().convertValue(spec, EcsServiceSpec.class);
  }
}
