package dev.stevedore.ecsapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.ecsapi.auth.Caller;
import dev.stevedore.ecsjson.EcsJsonLoader;
import dev.stevedore.ecsjson.LoadResult;
import dev.stevedore.naming.Arns;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import dev.stevedore.validate.ServiceValidator;
import dev.stevedore.validate.ValidationIssue;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** CreateService, UpdateService, DeleteService, DescribeServices and ListServices over EcsService. */
final class ServiceOperations {
  static final String RESOURCE = "ecsservices";
  /** UpdateService's members that are not members of the service itself. */
  private static final Set<String> UPDATE_ONLY = Set.of("cluster", "service", "forceNewDeployment");

  private final ApiContext ctx;
  private final TaskDefinitionOperations taskDefinitions;

  ServiceOperations(ApiContext ctx, TaskDefinitionOperations taskDefinitions) {
    this.ctx = ctx;
    this.taskDefinitions = taskDefinitions;
  }

  ObjectNode create(Request request, Caller caller) {
    String serviceName = request.required("serviceName");
    if (!serviceName.matches("[A-Za-z0-9_-]{1,255}")) {
      throw EcsApiException.invalidParameter("Service name must be 1-255 letters, numbers, hyphens and underscores.");
    }
    String clusterName = request.cluster();
    ctx.cluster(clusterName);
    var existing = ctx.store().service(clusterName, serviceName);
    if (existing.isPresent()) {
      String token = request.text("clientToken").orElse(null);
      if (token != null && token.equals(existing.get().getSpec().clientToken)) {
        return ClusterOperations.wrap("service", Shapes.service(existing.get(), ctx.region(), ctx.account(), false));
      }
      throw EcsApiException.invalidParameter("Creation of service was not idempotent.");
    }
    EcsServiceSpec spec = load(request.body());
    validate(spec);
    String plain = Names.dnsLabel(serviceName);
    String name = ctx.store().services().stream().anyMatch(s -> s.getMetadata().getName().equals(plain))
        ? Names.dnsLabel(clusterName + "-" + serviceName) : plain;
    EcsService created = new EcsService();
    created.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ctx.namespace()).build());
    spec.serviceName = serviceName;
    created.setSpec(spec);
    EcsService written = ctx.access().asCaller(caller, request.operation(),
        client -> client.resources(EcsService.class).inNamespace(ctx.namespace()).resource(created).create());
    return ClusterOperations.wrap("service", Shapes.service(observed(written), ctx.region(), ctx.account(), false));
  }

  ObjectNode update(Request request, Caller caller) {
    String clusterName = request.cluster();
    ctx.cluster(clusterName);
    EcsService service = find(clusterName, request.required("service"));
    if (service.getMetadata().getDeletionTimestamp() != null) {
      throw EcsApiException.serviceNotActive();
    }
    ObjectNode merged = Shapes.tree(service.getSpec());
    request.body().fields().forEachRemaining(member -> {
      if (!UPDATE_ONLY.contains(member.getKey())) {
        merged.set(member.getKey(), member.getValue());
      }
    });
    EcsServiceSpec spec = load(merged);
    validate(spec);
    boolean restart = request.flag("forceNewDeployment");
    String restartedAt = ctx.clock().instant().toString();
    EcsService written = ctx.access().asCaller(caller, request.operation(), client -> client
        .resources(EcsService.class).inNamespace(ctx.namespace()).withName(service.getMetadata().getName())
        .edit(s -> {
          s.setSpec(spec);
          if (restart) {
            Map<String, String> annotations = s.getMetadata().getAnnotations() == null ? new TreeMap<>()
                : new TreeMap<>(s.getMetadata().getAnnotations());
            annotations.put(Labels.RESTARTED_AT_ANNOTATION, restartedAt);
            s.getMetadata().setAnnotations(annotations);
          }
          return s;
        }));
    return ClusterOperations.wrap("service", Shapes.service(observed(written), ctx.region(), ctx.account(), false));
  }

  /**
   * The service once the operator has planned the written generation, so that the answer and every DescribeServices
   * after it show the new deployment, as ECS's do (a servicesStable waiter started right after UpdateService must
   * not see the old deployment's counts as stable). Without an operator within the wait, the written object.
   */
  private EcsService observed(EcsService written) {
    long generation = written.getMetadata().getGeneration() == null ? 0 : written.getMetadata().getGeneration();
    return ctx.store().awaitState(written, s -> s != null && s.getStatus() != null
            && s.getStatus().observedGeneration != null && s.getStatus().observedGeneration >= generation,
        ctx.writeWait()).orElse(written);
  }

  ObjectNode delete(Request request, Caller caller) {
    String clusterName = request.cluster();
    ctx.cluster(clusterName);
    EcsService service = find(clusterName, request.required("service"));
    boolean replica = !"DAEMON".equals(service.getSpec().schedulingStrategy);
    int desired = service.getSpec().desiredCount == null ? 0 : service.getSpec().desiredCount;
    if (replica && desired > 0 && !request.flag("force")) {
      throw EcsApiException.invalidParameter("The service cannot be stopped while it is scaled above 0.");
    }
    ctx.access().asCaller(caller, request.operation(), client -> client.resources(EcsService.class)
        .inNamespace(ctx.namespace()).withName(service.getMetadata().getName()).delete());
    ObjectNode shape = Shapes.service(service, ctx.region(), ctx.account(), false);
    shape.put("status", "DRAINING");
    return ClusterOperations.wrap("service", shape);
  }

  ObjectNode describe(Request request, Caller caller) {
    ctx.access().authorize(caller, "get", RESOURCE, request.operation());
    String clusterName = request.cluster();
    ctx.cluster(clusterName);
    List<String> references = request.texts("services");
    if (references.isEmpty()) {
      throw EcsApiException.invalidParameter("services is required for DescribeServices.");
    }
    if (references.size() > 10) {
      throw EcsApiException.invalidParameter("At most 10 services can be described at once.");
    }
    boolean tags = request.texts("include").contains("TAGS");
    ObjectNode out = Shapes.NODES.objectNode();
    var services = out.putArray("services");
    var failures = out.putArray("failures");
    for (String reference : references) {
      String name = EcsNames.service(reference, clusterName);
      ctx.store().service(clusterName, name).ifPresentOrElse(
          s -> services.add(Shapes.service(s, ctx.region(), ctx.account(), tags)),
          () -> failures.add(Shapes.failure(Arns.service(ctx.region(), ctx.account(), clusterName, name),
              "MISSING")));
    }
    return out;
  }

  ObjectNode list(Request request, Caller caller) {
    ctx.access().authorize(caller, "list", RESOURCE, request.operation());
    String clusterName = request.cluster();
    ctx.cluster(clusterName);
    String launchType = request.text("launchType").orElse(null);
    String scheduling = request.text("schedulingStrategy").orElse(null);
    // Every ARN of a cluster shares its prefix, so names sort as their ARNs do: page the names and build the ARNs
    // of one page only.
    List<String> names = launchType == null && scheduling == null ? ctx.store().serviceNamesIn(clusterName)
        : ctx.store().servicesIn(clusterName).stream()
            .filter(s -> launchType == null || launchType.equals(s.getSpec().launchType))
            .filter(s -> scheduling == null || scheduling.equals(s.getSpec().schedulingStrategy == null ? "REPLICA"
                : s.getSpec().schedulingStrategy))
            .map(EcsNames::serviceName).sorted().toList();
    Pages.Page page = Pages.page(names, request.integer("maxResults").orElse(null),
        request.text("nextToken").orElse(null), 10);
    ObjectNode out = Shapes.NODES.objectNode();
    var array = out.putArray("serviceArns");
    page.items().forEach(name -> array.add(Arns.service(ctx.region(), ctx.account(), clusterName, name)));
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  EcsService find(String clusterName, String reference) {
    return ctx.store().service(clusterName, EcsNames.service(reference, clusterName))
        .orElseThrow(EcsApiException::serviceNotFound);
  }

  private static EcsServiceSpec load(ObjectNode body) {
    LoadResult<EcsServiceSpec> loaded = EcsJsonLoader.service(body.toString());
    if (!loaded.isLoaded()) {
      throw EcsApiException.invalidParameter(loaded.rejection());
    }
    return loaded.spec();
  }

  private void validate(EcsServiceSpec spec) {
    boolean external = spec.deploymentController != null && "EXTERNAL".equals(spec.deploymentController.type);
    if (spec.taskDefinition == null || spec.taskDefinition.isEmpty()) {
      if (!external) {
        throw EcsApiException.invalidParameter("TaskDefinition must be specified.");
      }
      return;
    }
    TaskDefinitionSpec taskDefinition;
    try {
      taskDefinition = taskDefinitions.resolve(spec.taskDefinition).spec();
    } catch (EcsApiException e) {
      throw EcsApiException.invalidParameter("TaskDefinition not found.");
    }
    List<ValidationIssue> issues = ServiceValidator.validate(spec, taskDefinition);
    if ("DAEMON".equals(spec.schedulingStrategy) && spec.deploymentConfiguration != null
        && spec.deploymentConfiguration.maximumPercent != null && spec.deploymentConfiguration.maximumPercent > 100) {
      throw EcsApiException.invalidParameter("The daemon scheduling strategy does not support values above 100 for"
          + " maximumPercent on a deployment configuration. Change the maximumPercent value to 100, and try again");
    }
    if (!issues.isEmpty()) {
      throw EcsApiException.invalidParameter(issues.stream().map(ValidationIssue::toString)
          .collect(Collectors.joining("; ")));
    }
  }
}
