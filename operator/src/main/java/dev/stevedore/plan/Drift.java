package dev.stevedore.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a live object still is what Stevedore wants, decided against the live object itself rather than a record
 * of what was last sent (ARCHITECTURE.md §9, "a hash is not drift detection"). Two ways it can have drifted:
 * <ul>
 *   <li>a value Stevedore sets reads differently (server-side apply by anyone, an update that dropped ownership);
 *       read with the API server's own leniency: omitted zero values, canonical quantities, defaulted fields;</li>
 *   <li>another field manager owns part of what Stevedore owns: the spec (replicas set through the scale
 *       subresource, an env var added with {@code kubectl edit}, a {@code kubectl rollout restart} annotation) or a
 *       label or annotation Stevedore sets. Server-side apply alone cannot take those back: it never removes what
 *       another manager owns, which is why the repair is a replace ({@link #repair}).</li>
 * </ul>
 * Fields nobody owns (defaults the API server filled in) and status are not drift. Pure.
 */
public final class Drift {
  /** Field managers that are Stevedore: the operator applies as "stevedore", and may repair as the same manager. */
  static final String OWN_MANAGER_PREFIX = "stevedore";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Set<String> NOT_OWNED_TOP_LEVEL = Set.of("f:metadata", "f:status", "f:apiVersion", "f:kind");

  private Drift() {}

  /**
   * What has drifted, as readable paths, each with who changed it where the live object says so; empty when the live
   * object is what Stevedore wants.
   */
  public static List<String> between(HasMetadata desired, HasMetadata live) {
    List<String> paths = new ArrayList<>();
    ObjectNode want = JSON.convertValue(desired, ObjectNode.class);
    ObjectNode have = JSON.convertValue(live, ObjectNode.class);
    Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!Set.of("metadata", "status", "apiVersion", "kind").contains(field.getKey())) {
        compare(field.getKey(), field.getValue(), have.get(field.getKey()), paths);
      }
    }
    compareKeys("metadata.labels", desired.getMetadata().getLabels(), live.getMetadata().getLabels(), paths);
    compareKeys("metadata.annotations", desired.getMetadata().getAnnotations(), live.getMetadata().getAnnotations(),
        paths);
    if (!ownersKept(desired.getMetadata().getOwnerReferences(), live.getMetadata().getOwnerReferences())) {
      paths.add("metadata.ownerReferences");
    }
    for (ManagedFieldsEntry entry : foreignEntries(desired, live)) {
      for (String path : ownedPaths(desired, entry)) {
        String named = path + " (" + entry.getManager() + ")";
        if (!paths.contains(named)) {
          paths.add(named);
        }
      }
    }
    return paths;
  }

  /**
   * The body that puts {@code desired} back over {@code live} with an update: Stevedore's spec, the live object's
   * identity, resourceVersion and generation (a spec changed again since it was read makes the write fail rather
   * than be overwritten unseen), labels,
   * annotations and owners merged, and the ownership records of the managers that changed Stevedore's fields
   * dropped, so that what they added goes too and the next look finds nothing foreign.
   */
  public static <T extends HasMetadata> T repair(T desired, HasMetadata live) {
    T body = JSON.clone(desired);
    var meta = body.getMetadata();
    var was = live.getMetadata();
    meta.setUid(was.getUid());
    meta.setResourceVersion(was.getResourceVersion());
    meta.setGeneration(was.getGeneration());
    meta.setLabels(merged(was.getLabels(), meta.getLabels()));
    meta.setAnnotations(merged(was.getAnnotations(), meta.getAnnotations()));
    Map<String, OwnerReference> owners = new LinkedHashMap<>();
    if (was.getOwnerReferences() != null) {
      was.getOwnerReferences().forEach(o -> owners.put(o.getUid(), o));
    }
    if (meta.getOwnerReferences() != null) {
      meta.getOwnerReferences().forEach(o -> owners.put(o.getUid(), o));
    }
    meta.setOwnerReferences(new ArrayList<>(owners.values()));
    List<ManagedFieldsEntry> foreign = foreignEntries(desired, live);
    List<ManagedFieldsEntry> kept = new ArrayList<>();
    if (was.getManagedFields() != null) {
      was.getManagedFields().stream().filter(e -> !foreign.contains(e)).forEach(kept::add);
    }
    // An empty list would leave managedFields as they are; one empty entry is the API's way to say "none".
    meta.setManagedFields(kept.isEmpty() ? List.of(new ManagedFieldsEntry()) : kept);
    return body;
  }

  /** The live object's ownership records, other than Stevedore's and status writers', that own something of ours. */
  private static List<ManagedFieldsEntry> foreignEntries(HasMetadata desired, HasMetadata live) {
    List<ManagedFieldsEntry> foreign = new ArrayList<>();
    if (live.getMetadata().getManagedFields() == null) {
      return foreign;
    }
    for (ManagedFieldsEntry entry : live.getMetadata().getManagedFields()) {
      boolean ours = entry.getManager() != null && entry.getManager().startsWith(OWN_MANAGER_PREFIX);
      if (!ours && !"status".equals(entry.getSubresource()) && !ownedPaths(desired, entry).isEmpty()) {
        foreign.add(entry);
      }
    }
    return foreign;
  }

  /** The paths of an ownership record that fall in what Stevedore owns of {@code desired}. */
  private static List<String> ownedPaths(HasMetadata desired, ManagedFieldsEntry entry) {
    List<String> paths = new ArrayList<>();
    if (entry.getFieldsV1() == null || entry.getFieldsV1().getAdditionalProperties() == null) {
      return paths;
    }
    Map<String, Object> fields = entry.getFieldsV1().getAdditionalProperties();
    for (Map.Entry<String, Object> top : fields.entrySet()) {
      if (!NOT_OWNED_TOP_LEVEL.contains(top.getKey())) {
        leaves(readable(top.getKey()), top.getValue(), paths);
      }
    }
    if (fields.get("f:metadata") instanceof Map<?, ?> metadata) {
      ownedKeys("metadata.labels", metadata.get("f:labels"), desired.getMetadata().getLabels(), paths);
      ownedKeys("metadata.annotations", metadata.get("f:annotations"), desired.getMetadata().getAnnotations(), paths);
    }
    return paths;
  }

  private static void ownedKeys(String path, Object owned, Map<String, String> ours, List<String> paths) {
    if (owned instanceof Map<?, ?> keys && ours != null) {
      for (Object key : keys.keySet()) {
        String name = key.toString().startsWith("f:") ? key.toString().substring(2) : key.toString();
        if (ours.containsKey(name)) {
          paths.add(path + "[" + name + "]");
        }
      }
    }
  }

  /**
   * FieldsV1 down to the fields and list elements it names. "." marks the node itself as owned: a list element
   * (its fields under it) is reported as the element; a list or map that was created with the entries under it is
   * reported by its entries.
   */
  private static void leaves(String path, Object node, List<String> paths) {
    if (!(node instanceof Map<?, ?> children) || children.isEmpty()) {
      paths.add(path);
      return;
    }
    boolean hasEntries = children.keySet().stream().map(Object::toString)
        .anyMatch(k -> k.startsWith("k:") || k.startsWith("v:") || k.startsWith("i:"));
    if (children.containsKey(".") && !hasEntries) {
      paths.add(path);
      return;
    }
    for (Map.Entry<?, ?> child : children.entrySet()) {
      String key = child.getKey().toString();
      if (!".".equals(key)) {
        leaves(key.startsWith("f:") ? path + "." + readable(key) : path + readable(key), child.getValue(), paths);
      }
    }
  }

  /** f:replicas -> replicas, k:{"name":"web"} -> [name=web], v:"x" -> [x], i:0 -> [0]. */
  private static String readable(String key) {
    if (key.startsWith("f:")) {
      return key.substring(2);
    }
    String body = key.length() > 2 ? key.substring(2) : key;
    if (key.startsWith("k:")) {
      body = body.replaceAll("[{}\"]", "").replace(':', '=');
    } else if (key.startsWith("v:")) {
      body = body.replace("\"", "");
    }
    return "[" + body + "]";
  }

  /** Desired is contained in live, with the API server's omitted zero values and canonical quantities. */
  private static void compare(String path, JsonNode want, JsonNode have, List<String> paths) {
    if (have == null || have.isNull() || have.isMissingNode()) {
      if (!isZero(want)) {
        paths.add(path);
      }
      return;
    }
    if (want.isObject()) {
      if (!have.isObject()) {
        paths.add(path);
        return;
      }
      want.fields().forEachRemaining(f -> compare(path + "." + f.getKey(), f.getValue(), have.get(f.getKey()), paths));
    } else if (want.isArray()) {
      if (!have.isArray() || have.size() != want.size()) {
        paths.add(path);
        return;
      }
      for (int i = 0; i < want.size(); i++) {
        compare(path + "[" + i + "]", want.get(i), have.get(i), paths);
      }
    } else if (!sameScalar(path, want, have)) {
      paths.add(path);
    }
  }

  private static boolean sameScalar(String path, JsonNode want, JsonNode have) {
    if (want.isNumber() && have.isNumber()) {
      return want.decimalValue().compareTo(have.decimalValue()) == 0;
    }
    if (want.asText().equals(have.asText()) && want.isNumber() == have.isNumber()) {
      return true;
    }
    // Quantities are stored in canonical form: "1000m" reads back as "1", "1024Mi" as "1Gi".
    if (isQuantityPath(path) && want.isValueNode() && have.isValueNode()) {
      try {
        BigDecimal a = Quantity.getAmountInBytes(new Quantity(want.asText()));
        BigDecimal b = Quantity.getAmountInBytes(new Quantity(have.asText()));
        return a.compareTo(b) == 0;
      } catch (IllegalArgumentException | ArithmeticException e) {
        return false;
      }
    }
    return false;
  }

  private static boolean isQuantityPath(String path) {
    return path.contains(".resources.") || path.endsWith("sizeLimit") || path.contains(".overhead.");
  }

  /** What the API server leaves out when it writes JSON (Go's omitempty). */
  private static boolean isZero(JsonNode node) {
    return node.isNull() || (node.isBoolean() && !node.booleanValue()) || (node.isNumber() && node.asDouble() == 0)
        || (node.isTextual() && node.asText().isEmpty()) || (node.isContainerNode() && node.isEmpty());
  }

  private static void compareKeys(String path, Map<String, String> want, Map<String, String> have,
      List<String> paths) {
    if (want == null) {
      return;
    }
    want.forEach((k, v) -> {
      String live = have == null ? null : have.get(k);
      if (!v.equals(live) && !(v.isEmpty() && live == null)) {
        paths.add(path + "[" + k + "]");
      }
    });
  }

  private static boolean ownersKept(List<OwnerReference> want, List<OwnerReference> have) {
    if (want == null || want.isEmpty()) {
      return true;
    }
    return want.stream().allMatch(w -> have != null && have.stream().anyMatch(h -> w.getUid().equals(h.getUid())));
  }

  private static Map<String, String> merged(Map<String, String> live, Map<String, String> ours) {
    Map<String, String> all = new LinkedHashMap<>();
    if (live != null) {
      all.putAll(live);
    }
    if (ours != null) {
      all.putAll(ours);
    }
    return all;
  }
}
