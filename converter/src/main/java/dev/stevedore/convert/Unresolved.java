package dev.stevedore.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A value only a CloudFormation stack (or a template tool such as ecspresso) could give, which neither
 * {@code --param} nor the template itself resolved. While the document is converted it stands in the tree as a
 * marker object; {@link RequiredValues} then replaces it with its placeholder where ECS requires a value, or
 * leaves the member out, and records which.
 *
 * @param placeholder the text that stands in where a value is required: the parameter's name, or the text with
 *     what is unresolved left as {@code ${...}}
 * @param expression the reference as written, for the report
 * @param parameter the {@code --param} name that would resolve it, or null when none can
 */
record Unresolved(String placeholder, String expression, String parameter) {
  private static final String MARKER = "Stevedore::Unresolved";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int SHOWN = 100;

  JsonNode marker() {
    ObjectNode body = NODES.objectNode();
    body.put("placeholder", placeholder);
    body.put("expression", expression);
    if (parameter != null) {
      body.put("parameter", parameter);
    }
    ObjectNode marker = NODES.objectNode();
    marker.set(MARKER, body);
    return marker;
  }

  static Optional<Unresolved> of(JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1 || !node.has(MARKER)) {
      return Optional.empty();
    }
    JsonNode body = node.get(MARKER);
    return Optional.of(new Unresolved(body.get("placeholder").asText(), body.get("expression").asText(),
        body.has("parameter") ? body.get("parameter").asText() : null));
  }

  static boolean isMarker(JsonNode node) {
    return of(node).isPresent();
  }

  /** How a report shows an expression: compact JSON, shortened. */
  static String show(JsonNode expression) {
    String json = expression.isTextual() ? expression.asText() : expression.toString();
    return json.length() <= SHOWN ? json : json.substring(0, SHOWN - 3) + "...";
  }
}
