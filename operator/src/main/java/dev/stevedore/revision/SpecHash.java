package dev.stevedore.revision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.naming.Names;
import java.util.List;

/**
 * The canonical form of a task definition spec: JSON with sorted keys, without the read-only members of an
 * export (they do not make a new revision), and its SHA-256.
 */
public final class SpecHash {
  static final List<String> READ_ONLY = List.of("taskDefinitionArn", "revision", "status", "requiresAttributes",
      "compatibilities", "registeredAt", "deregisteredAt", "registeredBy");
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);

  private SpecHash() {}

  public static String canonicalJson(TaskDefinitionSpec spec) {
    ObjectNode tree = MAPPER.valueToTree(spec);
    READ_ONLY.forEach(tree::remove);
    try {
      // Re-read into a sorted tree: valueToTree keeps declaration order for nested maps.
      Object sorted = MAPPER.treeToValue(tree, Object.class);
      return MAPPER.writeValueAsString(sorted);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise the task definition", e);
    }
  }

  public static String of(TaskDefinitionSpec spec) {
    return Names.hash(canonicalJson(spec));
  }

  /** Reads a stored spec (the ControllerRevision's data) back. */
  static final class Reader {
    TaskDefinitionSpec convert(Object data) {
      return MAPPER.convertValue(data, TaskDefinitionSpec.class);
    }
  }

  static final Reader MAPPER_READER = new Reader();

  /** The canonical spec as a JSON tree, for a ControllerRevision's data. */
  public static Object canonicalTree(TaskDefinitionSpec spec) {
    try {
      return MAPPER.readValue(canonicalJson(spec), Object.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise the task definition", e);
    }
  }

  public static TaskDefinitionSpec parse(String canonicalJson) {
    try {
      return MAPPER.readValue(canonicalJson, TaskDefinitionSpec.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("stored revision is not a task definition", e);
    }
  }
}
