package dev.stevedore.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import io.fabric8.generator.annotation.Required;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settles every {@link Unresolved} marker left in a document, walking it alongside the API type it becomes (the
 * classes of {@code dev.stevedore.api.v1alpha1}, whose field names are ECS's, matched without regard to case so
 * CloudFormation's PascalCase finds them too). Where the API requires a value — a {@code @Required} member such as
 * a container's name or image, or a service's taskDefinition — the placeholder stands in, so the document still
 * converts; anywhere else the member or element is left out. Each is recorded with its path as written.
 */
final class RequiredValues {
  /** One unresolved reference and what became of it. */
  record Settled(String path, Unresolved reference, boolean placeholderUsed) {
    @Override
    public String toString() {
      return path + ": " + reference.expression() + " unresolved; "
          + (placeholderUsed ? "\"" + reference.placeholder() + "\" stands in (the field needs a value)" : "left out")
          + (reference.parameter() == null ? "" : "; pass --param " + reference.parameter() + "=...");
    }
  }

  private final List<Settled> settled = new ArrayList<>();

  /** Settles the markers in {@code node} (changed in place, or returned anew when it is a marker itself). */
  JsonNode settle(JsonNode node, Type type, String path) {
    return walk(node, type, path, false);
  }

  List<Settled> settled() {
    return List.copyOf(settled);
  }

  private JsonNode walk(JsonNode node, Type type, String path, boolean required) {
    var marker = Unresolved.of(node);
    if (marker.isPresent()) {
      boolean stands = required && (type == null || rawClass(type) == String.class || rawClass(type) == Object.class);
      settled.add(new Settled(path, marker.get(), stands));
      return stands ? TextNode.valueOf(marker.get().placeholder()) : null;
    }
    Class<?> raw = type == null ? null : rawClass(type);
    if (node.isArray()) {
      Type element = raw == List.class ? lastTypeArgument(type) : null;
      ArrayNode array = (ArrayNode) node;
      List<JsonNode> kept = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = walk(array.get(i), element, path + "[" + i + "]", required);
        if (value != null) {
          kept.add(value);
        }
      }
      array.removeAll();
      array.addAll(kept);
      return array;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode object = (ObjectNode) node;
    boolean map = raw == Map.class;
    Map<String, Field> fields = map || raw == null ? Map.of() : fields(raw);
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      Field field = fields.get(name.toLowerCase(Locale.ROOT));
      Type memberType = map ? lastTypeArgument(type) : field == null ? null : field.getGenericType();
      boolean memberRequired = field != null && isRequired(field);
      JsonNode value = walk(object.get(name), memberType, path.isEmpty() ? name : path + "." + name, memberRequired);
      if (value == null) {
        object.remove(name);
      } else {
        object.set(name, value);
      }
    }
    return object;
  }

  /** Required by the CRD schema, or a service's taskDefinition (a service without one cannot run anything). */
  private static boolean isRequired(Field field) {
    return field.isAnnotationPresent(Required.class)
        || (field.getDeclaringClass() == EcsServiceSpec.class && field.getName().equals("taskDefinition"));
  }

  private static Map<String, Field> fields(Class<?> type) {
    if (!type.getPackageName().equals(EcsServiceSpec.class.getPackageName())) {
      return Map.of();
    }
    Map<String, Field> fields = new java.util.HashMap<>();
    for (Field field : type.getFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        fields.put(field.getName().toLowerCase(Locale.ROOT), field);
      }
    }
    return fields;
  }

  private static Class<?> rawClass(Type type) {
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : type instanceof Class<?> c ? c : Object.class;
  }

  private static Type lastTypeArgument(Type type) {
    if (!(type instanceof ParameterizedType p)) {
      return null;
    }
    Type[] arguments = p.getActualTypeArguments();
    return arguments[arguments.length - 1];
  }

}
