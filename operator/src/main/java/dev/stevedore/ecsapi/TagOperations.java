package dev.stevedore.ecsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.Tag;
import dev.stevedore.ecsapi.auth.Caller;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TagResource, UntagResource and ListTagsForResource on clusters, services, tasks and task definitions. The tags are
 * the resources' own spec.tags; a task definition's tags belong to its revision, which is immutable, so they can be
 * listed but changed only by registering a new revision.
 */
final class TagOperations {
  private static final Pattern ARN = Pattern.compile("arn:[^:]+:ecs:[^:]*:[^:]*:(cluster|service|task|task-definition)/(.+)");

  private final ApiContext ctx;
  private final TaskOperations tasks;
  private final TaskDefinitionOperations taskDefinitions;

  TagOperations(ApiContext ctx, TaskOperations tasks, TaskDefinitionOperations taskDefinitions) {
    this.ctx = ctx;
    this.tasks = tasks;
    this.taskDefinitions = taskDefinitions;
  }

  ObjectNode list(Request request, Caller caller) {
    Target target = target(request.required("resourceArn"));
    ctx.access().authorize(caller, "get", target.resource(), request.operation());
    ObjectNode out = Shapes.NODES.objectNode();
    var array = out.putArray("tags");
    target.tags().forEach(t -> array.add(Shapes.NODES.objectNode().put("key", t.key).put("value", t.value)));
    return out;
  }

  ObjectNode tag(Request request, Caller caller) {
    Target target = target(request.required("resourceArn"));
    JsonNode given = request.body().get("tags");
    if (given == null || !given.isArray() || given.isEmpty()) {
      throw EcsApiException.invalidParameter("tags is required for TagResource.");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    target.tags().forEach(t -> tags.put(t.key, t.value));
    for (JsonNode t : given) {
      String key = t.path("key").asText("");
      if (key.isEmpty() || key.length() > 128 || t.path("value").asText("").length() > 256) {
        throw EcsApiException.invalidParameter("Each tag needs a key of 1-128 characters and a value of at most 256.");
      }
      if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
        throw EcsApiException.invalidParameter("Tag keys starting with aws: are reserved.");
      }
      tags.put(key, t.path("value").asText(""));
    }
    if (tags.size() > 50) {
      throw EcsApiException.invalidParameter("A resource can have at most 50 tags.");
    }
    write(target, request, caller, tags);
    return Shapes.NODES.objectNode();
  }

  ObjectNode untag(Request request, Caller caller) {
    Target target = target(request.required("resourceArn"));
    List<String> keys = request.texts("tagKeys");
    Map<String, String> tags = new LinkedHashMap<>();
    target.tags().forEach(t -> tags.put(t.key, t.value));
    keys.forEach(tags::remove);
    write(target, request, caller, tags);
    return Shapes.NODES.objectNode();
  }

  private void write(Target target, Request request, Caller caller, Map<String, String> tags) {
    if (target.write() == null) {
      throw EcsApiException.invalidParameter(target.readOnly());
    }
    List<Tag> list = new ArrayList<>();
    tags.forEach((k, v) -> {
      Tag t = new Tag();
      t.key = k;
      t.value = v;
      list.add(t);
    });
    HasMetadata written = ctx.access().asCaller(caller, request.operation(),
        client -> target.write().apply(client, list.isEmpty() ? null : list));
    ctx.store().awaitSeen(written, ctx.writeWait());
  }

  private interface TagWriter {
    HasMetadata apply(KubernetesClient client, List<Tag> tags);
  }

  /** A taggable resource: its RBAC resource, its tags, and how to change them (null with the reason when not). */
  private record Target(String resource, List<Tag> tags, TagWriter write, String readOnly) {
    Target {
      tags = tags == null ? List.of() : tags;
    }

    Target(String resource, List<Tag> tags, TagWriter write) {
      this(resource, tags, write, null);
    }
  }

  private Target target(String arn) {
    Matcher m = ARN.matcher(arn);
    if (!m.matches()) {
      throw EcsApiException.invalidParameter("Invalid resource ARN: " + arn);
    }
    String[] parts = m.group(2).split("/");
    switch (m.group(1)) {
      case "cluster" -> {
        EcsCluster c = ctx.store().cluster(parts[0]).orElseThrow(TagOperations::notFound);
        return new Target(ClusterOperations.RESOURCE, c.getSpec() == null ? null : c.getSpec().tags,
            (client, tags) -> edit(client, EcsCluster.class, c.getMetadata().getName(), x -> {
              x.getSpec().tags = tags;
              return x;
            }));
      }
      case "service" -> {
        String cluster = parts.length == 2 ? parts[0] : dev.stevedore.naming.Arns.DEFAULT_CLUSTER;
        EcsService s = ctx.store().service(cluster, parts[parts.length - 1]).orElseThrow(TagOperations::notFound);
        return new Target(ServiceOperations.RESOURCE, s.getSpec().tags,
            (client, tags) -> edit(client, EcsService.class, s.getMetadata().getName(), x -> {
              x.getSpec().tags = tags;
              return x;
            }));
      }
      case "task" -> {
        String cluster = parts.length == 2 ? parts[0] : dev.stevedore.naming.Arns.DEFAULT_CLUSTER;
        TaskOperations.Found found = tasks.all(cluster).get(parts[parts.length - 1]);
        if (found == null) {
          throw notFound();
        }
        if (found.standalone() == null) {
          return new Target(ServiceOperations.RESOURCE, found.tags(), null, "A service's task has its service's"
              + " tags: tag the service instead.");
        }
        EcsTask t = found.standalone();
        return new Target(TaskOperations.RESOURCE, t.getSpec().tags,
            (client, tags) -> edit(client, EcsTask.class, t.getMetadata().getName(), x -> {
              x.getSpec().tags = tags;
              return x;
            }));
      }
      default -> {
        try {
          var revision = taskDefinitions.resolve(m.group(2));
          return new Target(TaskDefinitionOperations.RESOURCE, revision.spec().tags, null, "A task definition"
              + " revision's tags are part of the revision, which Stevedore never changes: register a new revision"
              + " with the tags instead.");
        } catch (EcsApiException e) {
          throw notFound();
        }
      }
    }
  }

  private <T extends HasMetadata> T edit(KubernetesClient client, Class<T> type, String name, UnaryOperator<T> change) {
    return client.resources(type).inNamespace(ctx.namespace()).withName(name).edit(change);
  }

  private static EcsApiException notFound() {
    return new EcsApiException("ResourceNotFoundException", "The specified resource could not be found.");
  }
}
