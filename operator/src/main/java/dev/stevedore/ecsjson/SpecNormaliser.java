package dev.stevedore.ecsjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Walks a document alongside the API type it must become and returns it in the ECS API's shape, or rejects it
 * with every problem found. The walk is driven by the Java types of {@code dev.stevedore.api.v1alpha1}, so each
 * member is checked against the field it lands in:
 * <ul>
 *   <li>a member the type does not have is an unknown field;</li>
 *   <li>a value of the wrong JSON type is a type error, except that CloudFormation's strings are converted into
 *       the number or boolean the field holds (and numbers and booleans into the string it holds);</li>
 *   <li>a CloudFormation value only a stack can resolve is dropped and noted, or rejected when the field must
 *       have a value;</li>
 *   <li>a required member that is missing is an error.</li>
 * </ul>
 */
final class SpecNormaliser {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

  private final boolean cloudFormation;
  private final List<LoadNote> notes;
  private final List<String> problems = new ArrayList<>();

  SpecNormaliser(DocumentFormat format, List<LoadNote> notes) {
    this.cloudFormation = format == DocumentFormat.CLOUDFORMATION;
    this.notes = notes;
  }

  /** The body in the ECS API's shape, ready to bind to {@code type}. */
  JsonNode normalise(JsonNode body, Class<?> type) {
    JsonNode normalised = object(body, type, "");
    if (!problems.isEmpty()) {
      throw new DocumentRejected(String.join("; ", problems));
    }
    return normalised;
  }

  /** The value in API shape, or null when it had a problem (recorded) and must be left out. */
  private JsonNode value(JsonNode node, Type type, String path) {
    if (node.isNull()) {
      return mismatch(node, "a value", path);
    }
    Class<?> raw = ApiSchema.rawClass(type);
    if (raw == List.class) {
      return list(node, ApiSchema.lastTypeArgument(type), path);
    }
    if (raw == Map.class) {
      return map(node, ApiSchema.lastTypeArgument(type), path);
    }
    if (raw == String.class) {
      return text(node, path);
    }
    if (raw == Integer.class) {
      return integer(node, path);
    }
    if (raw == Boolean.class) {
      return bool(node, path);
    }
    if (raw == IntOrString.class) {
      return intOrString(node, path);
    }
    if (raw == AnyType.class) {
      return cloudFormation ? freeForm(node, path, false) : node;
    }
    if (ApiSchema.isApiType(raw)) {
      return object(node, raw, path);
    }
    // A Kubernetes type embedded in the API (none in task definitions or services today): Jackson checks it.
    return node;
  }

  private JsonNode object(JsonNode node, Class<?> type, String path) {
    if (!node.isObject()) {
      return mismatch(node, "an object", path);
    }
    Map<String, Field> fields = ApiSchema.fields(type);
    ObjectNode out = NODES.objectNode();
    Set<String> given = new HashSet<>();
    node.properties().forEach(member -> {
      String key = member.getKey();
      if (cloudFormation && CloudFormationNames.isCloudFormationOnly(type, key)) {
        notes.add(new LoadNote(Paths.member(path, key), "dropped: a CloudFormation-only property with no ECS API member"));
        return;
      }
      String name = cloudFormation ? CloudFormationNames.apiName(type, key) : key;
      Field field = name == null ? null : fields.get(name);
      if (field == null) {
        problems.add(Paths.member(path, key) + ": unknown field: the ECS " + ApiSchema.ecsName(type)
            + " has no member \"" + key + "\"" + (cloudFormation && name == null
                ? " (CloudFormation property names start with a capital letter)" : ""));
        return;
      }
      if (member.getValue().isNull()) {
        // An explicit null says what leaving the member out says.
        return;
      }
      given.add(name);
      String where = Paths.member(path, name);
      if (cloudFormation && CloudFormationNames.isRenamed(type, key)) {
        notes.add(new LoadNote(where, "read from the CloudFormation property " + key));
      }
      member(member.getValue(), field, where).ifPresent(value -> out.set(name, value));
    });
    fields.values().stream()
        .filter(field -> ApiSchema.isRequired(field) && !given.contains(field.getName()))
        .forEach(field -> problems.add(Paths.member(path, field.getName()) + ": required, but missing"));
    return out;
  }

  private Optional<JsonNode> member(JsonNode value, Field field, String path) {
    if (ApiSchema.mustResolve(field)) {
      Optional<String> unresolvable = unresolvable(value).or(() -> everyElementUnresolvable(value));
      if (unresolvable.isPresent()) {
        problems.add(path + ": " + unresolvable.get() + " cannot be resolved outside a CloudFormation stack,"
            + " and this field needs a value");
        return Optional.empty();
      }
    }
    if (dropUnresolvable(value, path)) {
      return Optional.empty();
    }
    return Optional.ofNullable(value(value, field.getGenericType(), path));
  }

  /** Names the elements of a non-empty list that holds nothing but values only a stack can resolve. */
  private Optional<String> everyElementUnresolvable(JsonNode value) {
    if (!value.isArray() || value.isEmpty()) {
      return Optional.empty();
    }
    List<String> elements = new ArrayList<>();
    for (JsonNode element : value) {
      Optional<String> unresolvable = unresolvable(element);
      if (unresolvable.isEmpty()) {
        return Optional.empty();
      }
      elements.add(unresolvable.get());
    }
    return Optional.of("every element (" + String.join(", ", elements) + ")");
  }

  private JsonNode list(JsonNode node, Type elementType, String path) {
    if (!node.isArray()) {
      return mismatch(node, "a list", path);
    }
    ArrayNode out = NODES.arrayNode();
    for (int i = 0; i < node.size(); i++) {
      String where = Paths.index(path, i);
      if (dropUnresolvable(node.get(i), where)) {
        continue;
      }
      JsonNode element = value(node.get(i), elementType, where);
      if (element != null) {
        out.add(element);
      }
    }
    return out;
  }

  /** A map of user data (dockerLabels, log options): keys are kept exactly as written. */
  private JsonNode map(JsonNode node, Type valueType, String path) {
    if (!node.isObject()) {
      return mismatch(node, "an object of names to values", path);
    }
    ObjectNode out = NODES.objectNode();
    node.properties().forEach(entry -> {
      String where = Paths.member(path, entry.getKey());
      if (dropUnresolvable(entry.getValue(), where)) {
        return;
      }
      JsonNode value = value(entry.getValue(), valueType, where);
      if (value != null) {
        out.set(entry.getKey(), value);
      }
    });
    return out;
  }

  private JsonNode text(JsonNode node, String path) {
    if (node.isTextual()) {
      return node;
    }
    if (cloudFormation && (node.isNumber() || node.isBoolean())) {
      notes.add(new LoadNote(path, JsonValues.describe(node) + " read as the string \"" + node.asText() + "\""));
      return TextNode.valueOf(node.asText());
    }
    return mismatch(node, "a string", path);
  }

  private JsonNode integer(JsonNode node, String path) {
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return node;
    }
    if (cloudFormation && node.isTextual() && INTEGER.matcher(node.asText().trim()).matches()) {
      try {
        IntNode number = IntNode.valueOf(Integer.parseInt(node.asText().trim()));
        notes.add(new LoadNote(path, JsonValues.describe(node) + " read as the number " + number));
        return number;
      } catch (NumberFormatException tooLarge) {
        return mismatch(node, "an integer of at most 10 digits", path);
      }
    }
    return mismatch(node, "an integer", path);
  }

  private JsonNode bool(JsonNode node, String path) {
    if (node.isBoolean()) {
      return node;
    }
    String text = node.isTextual() ? node.asText().trim().toLowerCase(Locale.ROOT) : "";
    if (cloudFormation && (text.equals("true") || text.equals("false"))) {
      notes.add(new LoadNote(path, JsonValues.describe(node) + " read as the boolean " + text));
      return BooleanNode.valueOf(text.equals("true"));
    }
    return mismatch(node, "true or false", path);
  }

  /** Task cpu and memory: ECS takes a number or a text such as "1 vCPU" or "2 GB" in every dialect. */
  private JsonNode intOrString(JsonNode node, String path) {
    if (node.isTextual() || (node.isIntegralNumber() && node.canConvertToInt())) {
      return node;
    }
    return mismatch(node, "an integer or a string", path);
  }

  /**
   * Content Stevedore keeps as free-form JSON. Without a type to follow, CloudFormation names are only
   * decapitalised and values kept as they are; the content of user-data maps is kept verbatim.
   */
  private JsonNode freeForm(JsonNode node, String path, boolean userData) {
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        freeFormMember(node.get(i), Paths.index(path, i), userData).ifPresent(out::add);
      }
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = NODES.objectNode();
    node.properties().forEach(member -> {
      String key = member.getKey();
      String name = userData ? key : CloudFormationNames.decapitalise(key);
      boolean childIsUserData = userData || CloudFormationNames.isFreeFormMap(key);
      freeFormMember(member.getValue(), Paths.member(path, name), childIsUserData)
          .ifPresent(value -> out.set(name, value));
    });
    return out;
  }

  private Optional<JsonNode> freeFormMember(JsonNode value, String path, boolean userData) {
    return dropUnresolvable(value, path) ? Optional.empty() : Optional.of(freeForm(value, path, userData));
  }

  /** Notes and drops a value only a CloudFormation stack could resolve; true when the value was one. */
  private boolean dropUnresolvable(JsonNode value, String path) {
    Optional<String> unresolvable = unresolvable(value);
    unresolvable.ifPresent(what -> notes.add(new LoadNote(path, "dropped " + what
        + ": it cannot be resolved outside a CloudFormation stack")));
    return unresolvable.isPresent();
  }

  private Optional<String> unresolvable(JsonNode value) {
    return cloudFormation ? CloudFormationIntrinsics.describe(value) : Optional.empty();
  }

  private JsonNode mismatch(JsonNode node, String expected, String path) {
    problems.add(Paths.display(path) + ": expected " + expected + ", found " + JsonValues.describe(node));
    return null;
  }
}
