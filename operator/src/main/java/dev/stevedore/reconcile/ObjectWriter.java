package dev.stevedore.reconcile;

import dev.stevedore.plan.ServicePlan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries out the writes of a plan: server-side apply as the field manager "stevedore", or a replace that carries the
 * live resourceVersion (a concurrent change fails it with a conflict, and the next reconcile looks again).
 *
 * <p>A replace undoes someone else's change. If that someone changes it back at once (another controller, a
 * mutating webhook), the two would write forever: replaces of the same object back off (1 s, 2 s, 4 s, ... up to
 * {@link #MAX_BACKOFF}; the count starts again after a quiet {@link #MAX_BACKOFF}), and the reconciler looks again
 * when the wait is over. Every write is counted in
 * {@code stevedore_writes_total{verb}}, so a steady state that writes anything shows.
 */
public final class ObjectWriter {
  public static final String FIELD_MANAGER = "stevedore";
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private static final PatchContext REPLACE = new PatchContext.Builder().withPatchType(PatchType.JSON)
      .withFieldManager(FIELD_MANAGER).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Replaced> replaced = new ConcurrentHashMap<>();
  private final Counter applies;
  private final Counter replaces;
  private final Counter deletes;

  public ObjectWriter(KubernetesClient client, Clock clock, MeterRegistry registry) {
    this.client = client;
    this.clock = clock;
    MeterRegistry meters = registry == null ? new SimpleMeterRegistry() : registry;
    applies = Counter.builder("stevedore.writes").tag("verb", "apply").register(meters);
    replaces = Counter.builder("stevedore.writes").tag("verb", "replace").register(meters);
    deletes = Counter.builder("stevedore.writes").tag("verb", "delete").register(meters);
  }

  /** Writes what it may; returns when to come back for a replace it held back. */
  public Optional<Duration> write(ServicePlan.Write write) {
    HasMetadata object = write.object();
    if (write.verb() == ServicePlan.Verb.APPLY) {
      client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      applies.increment();
      return Optional.empty();
    }
    String key = object.getKind() + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    Instant now = clock.instant();
    Replaced before = replaced.get(key);
    int count = before == null || now.isAfter(before.at().plus(MAX_BACKOFF)) ? 0 : before.count();
    if (count > 0) {
      Instant allowed = before.at().plus(backoff(count));
      if (now.isBefore(allowed)) {
        return Optional.of(Duration.between(now, allowed));
      }
    }
    client.resource(object).patch(REPLACE, replacement(object));
    // Counted once it happened: a replace refused for a stale resourceVersion is retried as soon as JOSDK retries.
    replaced.put(key, new Replaced(now, count + 1));
    // An entry older than the longest back-off counts as none; dropping such entries keeps the map to the objects
    // fought over lately, not every object ever repaired (deleted services' included).
    replaced.values().removeIf(r -> now.isAfter(r.at().plus(MAX_BACKOFF)));
    replaces.increment();
    return Optional.empty();
  }

  /**
   * A JSON patch that replaces every part of the live object that Stevedore owns with the body's, provided its spec
   * is still the one that was read (its generation; objects without one, a Service or ServiceAccount, are replaced
   * as they are). Not the resourceVersion: the workload controllers write status all the time, and a guard on it
   * failed most repairs of a Deployment in the middle of a rollout on a real cluster. An update (PUT) would do the
   * same but cannot name its field manager through this client, and a write under another manager's name would
   * itself look foreign next time.
   */
  static String replacement(HasMetadata body) {
    ObjectNode object = JSON.convertValue(body, ObjectNode.class);
    ArrayNode ops = JSON.createArrayNode();
    if (body.getMetadata().getGeneration() != null) {
      ops.add(op("test", "/metadata/generation", LongNode.valueOf(body.getMetadata().getGeneration())));
    }
    object.fields().forEachRemaining(field -> {
      if (!List.of("apiVersion", "kind", "metadata", "status").contains(field.getKey())) {
        ops.add(op("add", "/" + field.getKey(), field.getValue()));
      }
    });
    JsonNode metadata = object.get("metadata");
    for (String part : List.of("labels", "annotations", "ownerReferences", "managedFields")) {
      if (metadata.has(part)) {
        ops.add(op("add", "/metadata/" + part, metadata.get(part)));
      }
    }
    return ops.toString();
  }

  private static ObjectNode op(String op, String path, JsonNode value) {
    ObjectNode node = JSON.createObjectNode();
    node.put("op", op).put("path", path).set("value", value);
    return node;
  }

  static Duration backoff(int replacesSoFar) {
    Duration d = Duration.ofSeconds(1L << Math.min(replacesSoFar - 1, 16));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private record Replaced(Instant at, int count) {}

  public void delete(HasMetadata object) {
    client.resource(object).delete();
    deletes.increment();
  }
}
