package dev.stevedore.ecsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskDescription;
import dev.stevedore.naming.Arns;
import dev.stevedore.revision.FamilyRevisions.Revision;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Stevedore's resources in the shapes ECS answers with (Cluster, Service, TaskDefinition, Task). Pure. Timestamps
 * become epoch seconds, as the awsJson1_1 protocol writes them; Kubernetes-only members (conditions,
 * observedGeneration, field reports, pod names) are left out, and a member ECS does not know is never added.
 */
public final class Shapes {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Set<String> TIMESTAMPS = Set.of("createdAt", "updatedAt", "registeredAt", "startedAt",
      "stoppedAt", "stoppingAt", "pullStartedAt", "pullStoppedAt", "connectivityAt", "executionStoppedAt",
      "deregisteredAt", "restartedAt");
  /** Members of EcsServiceSpec that are the state of a described service, not a request: never echoed. */
  private static final Set<String> SERVICE_READ_ONLY = Set.of("serviceArn", "clusterArn", "status", "runningCount",
      "pendingCount", "platformFamily", "deployments", "taskSets", "roleArn", "events", "createdAt", "createdBy",
      "currentServiceDeployment", "currentServiceRevisions", "resourceManagementType", "cluster", "clientToken",
      "tags");

  private Shapes() {}

  public static ObjectNode tree(Object value) {
    JsonNode node = SERIALIZATION.convertValue(value, JsonNode.class);
    ObjectNode object = node instanceof ObjectNode o ? o : NODES.objectNode();
    removeNulls(object);
    return object;
  }

  public static ObjectNode cluster(EcsCluster c, String region, String account, int activeServices, int running,
      int pending, boolean withTags) {
    String name = EcsCluster.clusterName(c);
    ObjectNode out = NODES.objectNode();
    out.put("clusterArn", Arns.cluster(region, account, name));
    out.put("clusterName", name);
    out.put("status", c.getMetadata().getDeletionTimestamp() == null ? "ACTIVE" : "DEPROVISIONING");
    out.put("registeredContainerInstancesCount", c.getStatus() == null || c.getStatus().registeredContainerInstancesCount
        == null ? 0 : c.getStatus().registeredContainerInstancesCount);
    out.put("runningTasksCount", running);
    out.put("pendingTasksCount", pending);
    out.put("activeServicesCount", activeServices);
    out.set("statistics", NODES.arrayNode());
    if (c.getSpec() != null) {
      ObjectNode spec = tree(c.getSpec());
      for (String member : List.of("settings", "configuration", "capacityProviders", "defaultCapacityProviderStrategy",
          "serviceConnectDefaults")) {
        if (spec.has(member)) {
          out.set(member, spec.get(member));
        }
      }
      if (withTags) {
        out.set("tags", spec.has("tags") ? spec.get("tags") : NODES.arrayNode());
      }
    }
    return out;
  }

  public static ObjectNode service(EcsService s, String region, String account, boolean withTags) {
    EcsServiceSpec spec = s.getSpec() == null ? new EcsServiceSpec() : s.getSpec();
    String cluster = EcsNames.clusterOf(s);
    String name = EcsNames.serviceName(s);
    ObjectNode out = NODES.objectNode();
    out.put("serviceArn", Arns.service(region, account, cluster, name));
    out.put("serviceName", name);
    out.put("clusterArn", Arns.cluster(region, account, cluster));
    ObjectNode requested = tree(spec);
    SERVICE_READ_ONLY.forEach(requested::remove);
    requested.remove("serviceName");
    out.setAll(requested);
    var status = s.getStatus();
    boolean deleting = s.getMetadata().getDeletionTimestamp() != null;
    out.put("status", deleting ? "DRAINING" : "ACTIVE");
    out.put("desiredCount", status != null && status.desiredCount != null ? status.desiredCount
        : spec.desiredCount == null ? 0 : spec.desiredCount);
    out.put("runningCount", status == null || status.runningCount == null ? 0 : status.runningCount);
    out.put("pendingCount", status == null || status.pendingCount == null ? 0 : status.pendingCount);
    if (status != null && status.taskDefinition != null) {
      out.put("taskDefinition", status.taskDefinition);
    }
    out.put("schedulingStrategy", spec.schedulingStrategy == null || spec.schedulingStrategy.isEmpty() ? "REPLICA"
        : spec.schedulingStrategy);
    if (!out.has("deploymentController")) {
      out.set("deploymentController", NODES.objectNode().put("type", "ECS"));
    }
    ArrayNode deployments = NODES.arrayNode();
    if (status != null && status.deployments != null) {
      status.deployments.forEach(d -> deployments.add(epochs(tree(d))));
    }
    out.set("deployments", deployments);
    ArrayNode events = NODES.arrayNode();
    if (status != null && status.events != null) {
      status.events.forEach(e -> events.add(epochs(tree(e))));
    }
    out.set("events", events);
    epoch(s.getMetadata().getCreationTimestamp()).ifPresent(t -> out.put("createdAt", t));
    if (withTags) {
      out.set("tags", spec.tags == null ? NODES.arrayNode() : tree(new TagList(spec.tags)).get("tags"));
    }
    return out;
  }

  public static ObjectNode taskDefinition(String family, Revision revision, String region, String account) {
    TaskDefinitionSpec spec = revision.spec();
    ObjectNode out = NODES.objectNode();
    out.put("taskDefinitionArn", Arns.taskDefinition(region, account, family, revision.number()));
    ObjectNode body = tree(spec);
    body.remove("tags");
    for (String readOnly : List.of("taskDefinitionArn", "revision", "status", "registeredAt", "registeredBy",
        "deregisteredAt", "compatibilities", "requiresAttributes")) {
      body.remove(readOnly);
    }
    out.setAll(body);
    out.put("family", family);
    out.put("revision", revision.number());
    out.put("status", revision.status());
    ArrayNode compatibilities = out.putArray("compatibilities");
    compatibilities.add("EC2");
    compatibilities.add("FARGATE");
    epoch(revision.registeredAt()).ifPresent(t -> out.put("registeredAt", t));
    return out;
  }

  public static ArrayNode tags(TaskDefinitionSpec spec) {
    return spec == null || spec.tags == null ? NODES.arrayNode() : (ArrayNode) tree(new TagList(spec.tags)).get("tags");
  }

  public static ObjectNode task(TaskDescription task, List<dev.stevedore.api.v1alpha1.Tag> tags) {
    ObjectNode out = epochs(tree(task));
    out.remove("podName");
    if (out.has("containers")) {
      out.get("containers").forEach(c -> ((ObjectNode) c).put("taskArn", task.taskArn));
    }
    out.set("tags", tags == null ? NODES.arrayNode() : tree(new TagList(tags)).get("tags"));
    return out;
  }

  public static ObjectNode failure(String arn, String reason) {
    return NODES.objectNode().put("arn", arn).put("reason", reason);
  }

  /** Converts every RFC 3339 timestamp member, at any depth, to epoch seconds. */
  static ObjectNode epochs(ObjectNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode value = node.get(name);
      if (TIMESTAMPS.contains(name) && value.isTextual()) {
        epoch(value.asText()).ifPresentOrElse(t -> node.put(name, t), () -> node.remove(name));
      } else if (value instanceof ObjectNode child) {
        epochs(child);
      } else if (value.isArray()) {
        value.forEach(v -> {
          if (v instanceof ObjectNode child) {
            epochs(child);
          }
        });
      }
    }
    return node;
  }

  static java.util.Optional<BigDecimal> epoch(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      Instant instant = Instant.parse(rfc3339);
      return java.util.Optional.of(BigDecimal.valueOf(instant.getEpochSecond())
          .add(BigDecimal.valueOf(instant.getNano(), 9)).stripTrailingZeros());
    } catch (DateTimeParseException e) {
      return java.util.Optional.empty();
    }
  }

  private static void removeNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> nulls = new java.util.ArrayList<>();
      object.fields().forEachRemaining(e -> {
        if (e.getValue().isNull()) {
          nulls.add(e.getKey());
        } else {
          removeNulls(e.getValue());
        }
      });
      nulls.forEach(object::remove);
    } else if (node.isArray()) {
      node.forEach(Shapes::removeNulls);
    }
  }

  /** Wraps tags so that they serialise with the API classes' own member names (key, value). */
  private record TagList(List<dev.stevedore.api.v1alpha1.Tag> tags) {}
}
