package dev.stevedore.ecsjson;

import com.fasterxml.jackson.databind.JsonNode;

/** How messages name a JSON value: {@code the string "true"}, {@code the list [1,2]}. */
final class JsonValues {
  private static final int SHOWN = 60;

  private JsonValues() {}

  static String describe(JsonNode node) {
    if (node.isNull()) {
      return "null";
    }
    String json = node.toString();
    return "the " + type(node) + " " + (json.length() <= SHOWN ? json : json.substring(0, SHOWN - 3) + "...");
  }

  private static String type(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case ARRAY -> "list";
      case OBJECT -> "object";
      default -> "value";
    };
  }
}
