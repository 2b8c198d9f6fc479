package dev.stevedore.ecsapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.api.v1alpha1.Tag;
import dev.stevedore.api.v1alpha1.TaskDescription;
import dev.stevedore.ecsapi.auth.Caller;
import dev.stevedore.naming.Arns;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import dev.stevedore.status.task.ServiceTasks;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * RunTask, StopTask, DescribeTasks and ListTasks. A RunTask of count N makes N EcsTasks of one task each, so that
 * StopTask stops exactly the task it names; a service's tasks are described from its pods in the same shape.
 */
final class TaskOperations {
  static final String RESOURCE = "ecstasks";
  private static final Set<String> RUN_MEMBERS = Set.of("cluster", "taskDefinition", "count", "launchType",
      "capacityProviderStrategy", "overrides", "startedBy", "group", "placementConstraints", "placementStrategy",
      "tags", "propagateTags", "enableECSManagedTags", "networkConfiguration", "platformVersion",
      "enableExecuteCommand", "clientToken", "volumeConfigurations", "referenceId");

  /** One task as DescribeTasks answers it, with where it came from. */
  record Found(TaskDescription description, List<Tag> tags, EcsTask standalone, Pod servicePod) {}

  private final ApiContext ctx;
  private final TaskDefinitionOperations taskDefinitions;

  TaskOperations(ApiContext ctx, TaskDefinitionOperations taskDefinitions) {
    this.ctx = ctx;
    this.taskDefinitions = taskDefinitions;
  }

  ObjectNode run(Request request, Caller caller) {
    String clusterName = request.cluster();
    ctx.cluster(clusterName);
    String reference = request.required("taskDefinition");
    String family = TaskDefinitionOperations.family(reference);
    try {
      taskDefinitions.resolve(reference);
    } catch (EcsApiException e) {
      throw EcsApiException.invalidParameter("TaskDefinition not found.");
    }
    int count = request.integer("count").orElse(1);
    if (count < 1 || count > 10) {
      throw EcsApiException.invalidParameter("count must be between 1 and 10.");
    }
    ObjectNode body = request.body().deepCopy();
    body.fieldNames().forEachRemaining(member -> {
      if (!RUN_MEMBERS.contains(member)) {
        throw EcsApiException.invalidParameter("Stevedore does not support " + member + " on RunTask.");
      }
    });
    body.remove("count");
    body.remove("referenceId");
    EcsTaskSpec spec = ClusterOperations.convert(body, EcsTaskSpec.class, "RunTask request");
    spec.count = 1;
    List<EcsTask> written = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      EcsTask task = new EcsTask();
      task.setMetadata(new ObjectMetaBuilder().withGenerateName(Names.dnsLabel(family, 50) + "-")
          .withNamespace(ctx.namespace()).build());
      task.setSpec(spec);
      written.add(ctx.access().asCaller(caller, request.operation(),
          client -> client.resources(EcsTask.class).inNamespace(ctx.namespace()).resource(task).create()));
    }
    ObjectNode out = Shapes.NODES.objectNode();
    var tasks = out.putArray("tasks");
    var failures = out.putArray("failures");
    for (EcsTask task : written) {
      Optional<EcsTask> described = ctx.store().awaitState(task, t -> t != null && t.getStatus() != null
          && t.getStatus().tasks != null && !t.getStatus().tasks.isEmpty()
          && t.getStatus().tasks.get(0).taskArn != null, ctx.writeWait());
      if (described.isPresent()) {
        tasks.add(Shapes.task(described.get().getStatus().tasks.get(0), spec.tags));
      } else {
        String why = ctx.store().awaitState(task, t -> true, java.time.Duration.ZERO)
            .flatMap(t -> Optional.ofNullable(t.getStatus())).flatMap(s -> Optional.ofNullable(s.conditions))
            .flatMap(c -> c.stream().filter(x -> "Stalled".equals(x.getType()) && "True".equals(x.getStatus()))
                .map(x -> x.getMessage()).findFirst())
            .orElse("the task was accepted but no pod was created for it within " + ctx.writeWait().toSeconds()
                + " s");
        failures.add(Shapes.NODES.objectNode().put("arn", "EcsTask/" + task.getMetadata().getName())
            .put("reason", "RESOURCE:STEVEDORE").put("detail", why));
      }
    }
    return out;
  }

  ObjectNode stop(Request request, Caller caller) {
    String clusterName = request.cluster();
    ctx.cluster(clusterName);
    String id = EcsNames.taskId(request.required("task"));
    Found found = all(clusterName).get(id);
    if (found == null) {
      throw EcsApiException.invalidParameter("The referenced task was not found.");
    }
    String reason = request.text("reason").orElse(null);
    if (found.standalone() != null) {
      String name = found.standalone().getMetadata().getName();
      EcsTask written = ctx.access().asCaller(caller, request.operation(), client -> client.resources(EcsTask.class)
          .inNamespace(ctx.namespace()).withName(name).edit(t -> {
            t.getSpec().desiredStatus = EcsTaskSpec.STOPPED;
            if (reason != null && !reason.isEmpty()) {
              Map<String, String> annotations = t.getMetadata().getAnnotations() == null ? new TreeMap<>()
                  : new TreeMap<>(t.getMetadata().getAnnotations());
              annotations.put(Labels.STOP_REASON_ANNOTATION, reason);
              t.getMetadata().setAnnotations(annotations);
            }
            return t;
          }));
      ctx.store().awaitSeen(written, ctx.writeWait());
    } else {
      // A service's task: deleting its pod is the stop; the service starts a replacement, as on ECS.
      ctx.access().asCaller(caller, request.operation(), client -> client.pods().inNamespace(ctx.namespace())
          .withName(found.servicePod().getMetadata().getName()).delete());
    }
    ObjectNode task = Shapes.task(found.description(), found.tags());
    task.put("desiredStatus", "STOPPED");
    if (reason != null) {
      task.put("stoppedReason", reason);
    }
    return ClusterOperations.wrap("task", task);
  }

  ObjectNode describe(Request request, Caller caller) {
    ctx.access().authorize(caller, "get", RESOURCE, request.operation());
    ctx.access().authorize(caller, "", "list", "pods", request.operation());
    String clusterName = request.cluster();
    ctx.cluster(clusterName);
    List<String> references = request.texts("tasks");
    if (references.isEmpty()) {
      throw EcsApiException.invalidParameter("tasks is required for DescribeTasks.");
    }
    if (references.size() > 100) {
      throw EcsApiException.invalidParameter("At most 100 tasks can be described at once.");
    }
    Map<String, Found> all = all(clusterName);
    ObjectNode out = Shapes.NODES.objectNode();
    var tasks = out.putArray("tasks");
    var failures = out.putArray("failures");
    for (String reference : references) {
      String id = EcsNames.taskId(reference);
      Found found = all.get(id);
      if (found == null) {
        failures.add(Shapes.failure(reference.startsWith("arn:") ? reference
            : Arns.task(ctx.region(), ctx.account(), clusterName, id), "MISSING"));
      } else {
        tasks.add(Shapes.task(found.description(), found.tags()));
      }
    }
    return out;
  }

  ObjectNode list(Request request, Caller caller) {
    ctx.access().authorize(caller, "list", RESOURCE, request.operation());
    ctx.access().authorize(caller, "", "list", "pods", request.operation());
    String clusterName = request.cluster();
    ctx.cluster(clusterName);
    String serviceName = request.text("serviceName").orElse(null);
    if (serviceName != null && ctx.store().service(clusterName, serviceName).isEmpty()) {
      throw EcsApiException.serviceNotFound();
    }
    String family = request.text("family").orElse(null);
    String startedBy = request.text("startedBy").orElse(null);
    String desired = request.text("desiredStatus").orElse("RUNNING");
    String launchType = request.text("launchType").orElse(null);
    List<String> arns = all(clusterName).values().stream().map(Found::description)
        .filter(t -> serviceName == null || ("service:" + serviceName).equals(t.group))
        .filter(t -> family == null || (t.taskDefinitionArn != null
            && t.taskDefinitionArn.contains(":task-definition/" + family + ":")))
        .filter(t -> startedBy == null || startedBy.equals(t.startedBy))
        .filter(t -> launchType == null || launchType.equals(t.launchType))
        .filter(t -> matches(desired, t))
        .map(t -> t.taskArn).sorted().toList();
    Pages.Page page = Pages.page(arns, request.integer("maxResults").orElse(null),
        request.text("nextToken").orElse(null), 100);
    ObjectNode out = Shapes.NODES.objectNode();
    var array = out.putArray("taskArns");
    page.items().forEach(array::add);
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  /** ListTasks' desiredStatus: RUNNING lists tasks meant to run (PENDING included), PENDING those not yet running. */
  private static boolean matches(String desired, TaskDescription t) {
    return switch (desired) {
      case "STOPPED" -> "STOPPED".equals(t.desiredStatus);
      case "PENDING" -> !"STOPPED".equals(t.desiredStatus) && !"RUNNING".equals(t.lastStatus);
      default -> !"STOPPED".equals(t.desiredStatus);
    };
  }

  /** Every task of the cluster, standalone and of services, by task id. */
  Map<String, Found> all(String clusterName) {
    Map<String, Found> byId = new LinkedHashMap<>();
    for (EcsTask task : ctx.store().tasks()) {
      if (!EcsNames.clusterOf(task).equals(clusterName) || task.getStatus() == null || task.getStatus().tasks == null) {
        continue;
      }
      for (TaskDescription d : task.getStatus().tasks) {
        if (d.taskArn != null) {
          byId.put(EcsNames.taskId(d.taskArn), new Found(d, task.getSpec().tags, task, null));
        }
      }
    }
    for (EcsService service : ctx.store().servicesIn(clusterName)) {
      List<Pod> pods = ctx.store().servicePods(service);
      Map<String, Pod> byName = new TreeMap<>();
      pods.forEach(p -> byName.put(p.getMetadata().getName(), p));
      List<ServiceDeployment> deployments = service.getStatus() == null || service.getStatus().deployments == null
          ? List.of() : service.getStatus().deployments;
      for (TaskDescription d : ServiceTasks.describe(pods, ctx.region(), ctx.account(), clusterName,
          EcsNames.serviceName(service), pod -> deploymentOf(pod, deployments), ctx.clock().instant())) {
        if (d.taskArn != null) {
          byId.put(EcsNames.taskId(d.taskArn), new Found(d, service.getSpec().tags, null, byName.get(d.podName)));
        }
      }
    }
    return byId;
  }

  private static String deploymentOf(Pod pod, List<ServiceDeployment> deployments) {
    String revision = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(Labels.REVISION);
    if (revision == null) {
      return null;
    }
    return deployments.stream().filter(d -> d.taskDefinition != null && d.taskDefinition.endsWith(":" + revision))
        .map(d -> d.id).findFirst().orElse(null);
  }
}
