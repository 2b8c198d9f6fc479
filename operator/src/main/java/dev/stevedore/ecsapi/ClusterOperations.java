package dev.stevedore.ecsapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.ecsapi.auth.Caller;
import dev.stevedore.naming.Arns;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** CreateCluster, DescribeClusters, ListClusters, DeleteCluster and PutClusterCapacityProviders over EcsCluster. */
final class ClusterOperations {
  static final String RESOURCE = "ecsclusters";
  private static final Set<String> CREATE_MEMBERS = Set.of("clusterName", "tags", "settings", "configuration",
      "capacityProviders", "defaultCapacityProviderStrategy", "serviceConnectDefaults");
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private final ApiContext ctx;

  ClusterOperations(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** Creates the cluster; like ECS, creating a cluster that exists answers with it and changes nothing. */
  ObjectNode create(Request request, Caller caller) {
    String name = request.text("clusterName").filter(s -> !s.isEmpty()).orElse(Arns.DEFAULT_CLUSTER);
    if (!name.matches("[A-Za-z0-9_-]{1,255}")) {
      throw EcsApiException.invalidParameter("Cluster name must be 1-255 letters, numbers, hyphens and underscores.");
    }
    for (Iterator<String> it = request.body().fieldNames(); it.hasNext(); ) {
      String member = it.next();
      if (!CREATE_MEMBERS.contains(member)) {
        throw EcsApiException.invalidParameter("Stevedore does not support " + member + " on CreateCluster.");
      }
    }
    EcsCluster cluster = ctx.store().cluster(name).orElse(null);
    if (cluster == null) {
      EcsClusterSpec spec = spec(request.body());
      spec.clusterName = Names.dnsLabel(name).equals(name) ? null : name;
      EcsCluster created = new EcsCluster();
      created.setMetadata(new ObjectMetaBuilder().withName(Names.dnsLabel(name)).withNamespace(ctx.namespace())
          .build());
      created.setSpec(spec);
      cluster = ctx.access().asCaller(caller, request.operation(),
          client -> client.resources(EcsCluster.class).inNamespace(ctx.namespace()).resource(created).create());
      ctx.store().awaitSeen(cluster, ctx.writeWait());
    } else {
      ctx.access().authorize(caller, "get", RESOURCE, request.operation());
    }
    return wrap("cluster", shape(cluster, true));
  }

  ObjectNode describe(Request request, Caller caller) {
    ctx.access().authorize(caller, "get", RESOURCE, request.operation());
    List<String> names = request.texts("clusters");
    if (names.size() > 100) {
      throw EcsApiException.invalidParameter("At most 100 clusters can be described at once.");
    }
    if (names.isEmpty()) {
      names = List.of(Arns.DEFAULT_CLUSTER);
    }
    boolean tags = request.texts("include").contains("TAGS");
    ObjectNode out = Shapes.NODES.objectNode();
    var clusters = out.putArray("clusters");
    var failures = out.putArray("failures");
    for (String reference : names) {
      String name = EcsNames.cluster(reference);
      ctx.store().cluster(name).ifPresentOrElse(c -> clusters.add(shape(c, tags)),
          () -> failures.add(Shapes.failure(Arns.cluster(ctx.region(), ctx.account(), name), "MISSING")));
    }
    return out;
  }

  ObjectNode list(Request request, Caller caller) {
    ctx.access().authorize(caller, "list", RESOURCE, request.operation());
    List<String> arns = ctx.store().clusters().stream()
        .map(c -> Arns.cluster(ctx.region(), ctx.account(), EcsCluster.clusterName(c))).sorted().toList();
    Pages.Page page = Pages.page(arns, request.integer("maxResults").orElse(null),
        request.text("nextToken").orElse(null), 100);
    ObjectNode out = Shapes.NODES.objectNode();
    var array = out.putArray("clusterArns");
    page.items().forEach(array::add);
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  ObjectNode delete(Request request, Caller caller) {
    String name = EcsNames.cluster(request.required("cluster"));
    EcsCluster cluster = ctx.cluster(name);
    if (!ctx.store().servicesIn(name).isEmpty()) {
      throw new EcsApiException("ClusterContainsServicesException",
          "The Cluster cannot be deleted while Services are active.");
    }
    boolean tasksActive = ctx.store().tasks().stream().anyMatch(t -> EcsNames.clusterOf(t).equals(name)
        && !EcsTaskSpec.STOPPED.equals(t.getSpec().desiredStatus)
        && (t.getStatus() == null || t.getStatus().tasks == null
            || t.getStatus().tasks.stream().anyMatch(d -> !"STOPPED".equals(d.lastStatus))));
    if (tasksActive) {
      throw new EcsApiException("ClusterContainsTasksException",
          "The Cluster cannot be deleted while Tasks are active.");
    }
    ctx.access().asCaller(caller, request.operation(), client -> client.resources(EcsCluster.class)
        .inNamespace(ctx.namespace()).withName(cluster.getMetadata().getName()).delete());
    ObjectNode shape = shape(cluster, false);
    shape.put("status", "INACTIVE");
    return wrap("cluster", shape);
  }

  ObjectNode putCapacityProviders(Request request, Caller caller) {
    String name = EcsNames.cluster(request.required("cluster"));
    EcsCluster cluster = ctx.cluster(name);
    if (!request.has("capacityProviders") || !request.has("defaultCapacityProviderStrategy")) {
      throw EcsApiException.invalidParameter("capacityProviders and defaultCapacityProviderStrategy are required for"
          + " PutClusterCapacityProviders.");
    }
    List<String> providers = request.texts("capacityProviders");
    List<CapacityProviderStrategyItem> strategy = new ArrayList<>();
    for (JsonNode item : request.body().get("defaultCapacityProviderStrategy")) {
      strategy.add(convert(item, CapacityProviderStrategyItem.class, "defaultCapacityProviderStrategy"));
    }
    EcsCluster written = ctx.access().asCaller(caller, request.operation(), client -> client
        .resources(EcsCluster.class).inNamespace(ctx.namespace()).withName(cluster.getMetadata().getName())
        .edit(c -> {
          if (c.getSpec() == null) {
            c.setSpec(new EcsClusterSpec());
          }
          c.getSpec().capacityProviders = providers.isEmpty() ? null : providers;
          c.getSpec().defaultCapacityProviderStrategy = strategy.isEmpty() ? null : strategy;
          return c;
        }));
    ctx.store().awaitSeen(written, ctx.writeWait());
    return wrap("cluster", shape(written, false));
  }

  ObjectNode shape(EcsCluster cluster, boolean withTags) {
    String name = EcsCluster.clusterName(cluster);
    int activeServices = ctx.store().servicesIn(name).size();
    int running = 0;
    int pending = 0;
    for (var s : ctx.store().servicesIn(name)) {
      if (s.getStatus() != null) {
        running += s.getStatus().runningCount == null ? 0 : s.getStatus().runningCount;
        pending += s.getStatus().pendingCount == null ? 0 : s.getStatus().pendingCount;
      }
    }
    for (var t : ctx.store().tasks()) {
      if (EcsNames.clusterOf(t).equals(name) && t.getStatus() != null) {
        running += t.getStatus().runningCount == null ? 0 : t.getStatus().runningCount;
        pending += t.getStatus().pendingCount == null ? 0 : t.getStatus().pendingCount;
      }
    }
    return Shapes.cluster(cluster, ctx.region(), ctx.account(), activeServices, running, pending, withTags);
  }

  static EcsClusterSpec spec(ObjectNode body) {
    ObjectNode copy = body.deepCopy();
    copy.remove("clusterName");
    return convert(copy, EcsClusterSpec.class, "the request");
  }

  static <T> T convert(JsonNode node, Class<T> type, String where) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw EcsApiException.invalidParameter("Invalid " + where + ": " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw EcsApiException.invalidParameter("Invalid " + where + ": " + e.getMessage());
    }
  }

  static ObjectNode wrap(String member, ObjectNode value) {
    ObjectNode out = Shapes.NODES.objectNode();
    out.set(member, value);
    return out;
  }
}
