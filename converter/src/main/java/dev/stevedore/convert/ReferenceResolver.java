package dev.stevedore.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves what a stack or a template tool would fill in, from {@code --param} values and from the template itself:
 * CloudFormation's intrinsic functions (Ref, Fn::Sub, Fn::GetAtt, Fn::ImportValue, Fn::Join, Fn::Select, Fn::Split,
 * Fn::FindInMap, Fn::If with the template's Conditions, Fn::Base64, and AWS::NoValue), dynamic references
 * ({@code {{resolve:...}}}) and the {@code {{ ... }}} placeholders of template tools such as ecspresso
 * ({@code {{ must_env `NAME` }}}, {@code {{ env `NAME` `default` }}}). What it cannot resolve becomes an
 * {@link Unresolved} marker; nothing is guessed.
 */
final class ReferenceResolver {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Stands for AWS::NoValue: the member or element is removed. */
  private static final JsonNode NO_VALUE = NODES.objectNode().put("Stevedore::NoValue", true);
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
  private static final Pattern TEMPLATE_ARGUMENT = Pattern.compile("`([^`]*)`|\"([^\"]*)\"");
  private static final Map<String, String> PSEUDO_DEFAULTS = Map.of("AWS::Partition", "aws",
      "AWS::URLSuffix", "amazonaws.com");

  /**
   * What a template defines that references can point at.
   *
   * @param parameters the Parameters section (for Default)
   * @param mappings the Mappings section
   * @param conditions the Conditions section
   * @param resourceRefs what {@code Ref} of a converted resource gives (a task definition's family, a cluster's name)
   * @param attributes what {@code Fn::GetAtt} of a converted resource gives, by {@code Resource.Attribute}
   */
  record Template(JsonNode parameters, JsonNode mappings, JsonNode conditions, Map<String, String> resourceRefs,
                  Map<String, String> attributes) {
    static final Template NONE = new Template(NODES.objectNode(), NODES.objectNode(), NODES.objectNode(), Map.of(),
        Map.of());
  }

  private final Map<String, String> params;
  private final Template template;
  private final boolean cloudFormation;

  /**
   * @param params the {@code --param} values
   * @param template the template the document is part of ({@link Template#NONE} for a document on its own)
   * @param cloudFormation whether intrinsic functions are read (CloudFormation documents) or kept as written
   */
  ReferenceResolver(Map<String, String> params, Template template, boolean cloudFormation) {
    this.params = params;
    this.template = template;
    this.cloudFormation = cloudFormation;
  }

  JsonNode resolve(JsonNode node) {
    JsonNode resolved = value(node);
    return resolved == NO_VALUE ? NODES.nullNode() : resolved;
  }

  private JsonNode value(JsonNode node) {
    if (node.isTextual()) {
      return text(node.asText());
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(element -> {
        JsonNode value = value(element);
        if (value != NO_VALUE) {
          out.add(value);
        }
      });
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    if (cloudFormation && node.size() == 1) {
      String key = node.fieldNames().next();
      if (key.equals("Ref") || key.startsWith("Fn::")) {
        return function(key, node.get(key), node);
      }
    }
    ObjectNode out = NODES.objectNode();
    node.properties().forEach(member -> {
      JsonNode value = value(member.getValue());
      if (value != NO_VALUE) {
        out.set(member.getKey(), value);
      }
    });
    return out;
  }

  private JsonNode function(String name, JsonNode argument, JsonNode expression) {
    return switch (name) {
      case "Ref" -> argument.isTextual() ? ref(argument.asText()) : unresolved(expression, null);
      case "Fn::GetAtt" -> getAtt(argument, expression);
      case "Fn::Sub" -> sub(argument, expression);
      case "Fn::Join" -> join(argument, expression);
      case "Fn::Select" -> select(argument, expression);
      case "Fn::Split" -> split(argument, expression);
      case "Fn::ImportValue" -> importValue(argument, expression);
      case "Fn::FindInMap" -> findInMap(argument, expression);
      case "Fn::If" -> ifFunction(argument, expression);
      case "Fn::Base64" -> base64(argument, expression);
      default -> unresolved(expression, null);
    };
  }

  private JsonNode ref(String name) {
    if (params.containsKey(name)) {
      return TextNode.valueOf(params.get(name));
    }
    if (name.equals("AWS::NoValue")) {
      return NO_VALUE;
    }
    if (PSEUDO_DEFAULTS.containsKey(name)) {
      return TextNode.valueOf(PSEUDO_DEFAULTS.get(name));
    }
    if (template.resourceRefs().containsKey(name)) {
      return TextNode.valueOf(template.resourceRefs().get(name));
    }
    JsonNode parameter = template.parameters().get(name);
    if (parameter != null && parameter.has("Default")) {
      JsonNode fallback = parameter.get("Default");
      return fallback.isValueNode() ? TextNode.valueOf(fallback.asText()) : value(fallback);
    }
    return new Unresolved(name, "Ref " + name, name).marker();
  }

  private JsonNode getAtt(JsonNode argument, JsonNode expression) {
    List<String> parts = texts(value(argument)).orElse(null);
    if (parts == null || parts.size() != 2) {
      return unresolved(expression, null);
    }
    String key = parts.get(0) + "." + parts.get(1);
    if (params.containsKey(key)) {
      return TextNode.valueOf(params.get(key));
    }
    if (template.attributes().containsKey(key)) {
      return TextNode.valueOf(template.attributes().get(key));
    }
    return new Unresolved(key, "Fn::GetAtt " + key, key).marker();
  }

  private JsonNode sub(JsonNode argument, JsonNode expression) {
    String text;
    ObjectNode variables = NODES.objectNode();
    if (argument.isTextual()) {
      text = argument.asText();
    } else if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual()
        && argument.get(1).isObject()) {
      text = argument.get(0).asText();
      variables = (ObjectNode) argument.get(1);
    } else {
      return unresolved(expression, null);
    }
    StringBuilder resolved = new StringBuilder();
    StringBuilder placeholder = new StringBuilder();
    Set<String> missing = new LinkedHashSet<>();
    Matcher m = SUB_VARIABLE.matcher(text);
    int last = 0;
    while (m.find()) {
      String literal = text.substring(last, m.start());
      resolved.append(literal);
      placeholder.append(literal);
      last = m.end();
      String variable = m.group(1);
      if (variable.startsWith("!")) {
        // ${!Literal} is the text ${Literal}.
        resolved.append("${").append(variable.substring(1)).append('}');
        placeholder.append("${").append(variable.substring(1)).append('}');
        continue;
      }
      JsonNode value = variables.has(variable) ? value(variables.get(variable))
          : variable.contains(".") && !variable.startsWith("AWS::")
              ? getAtt(NODES.arrayNode().add(variable.substring(0, variable.indexOf('.')))
                  .add(variable.substring(variable.indexOf('.') + 1)), expression)
              : ref(variable);
      Optional<String> valueText = scalarText(value);
      if (valueText.isPresent()) {
        resolved.append(valueText.get());
        placeholder.append(valueText.get());
      } else {
        Unresolved inner = Unresolved.of(value).orElse(null);
        missing.add(inner != null && inner.parameter() != null ? inner.parameter() : variable);
        placeholder.append("${").append(variable).append('}');
      }
    }
    resolved.append(text.substring(last));
    placeholder.append(text.substring(last));
    if (missing.isEmpty()) {
      return text(resolved.toString());
    }
    return new Unresolved(placeholder.toString(), "Fn::Sub " + Unresolved.show(argument),
        String.join(", ", missing)).marker();
  }

  private JsonNode join(JsonNode argument, JsonNode expression) {
    if (!argument.isArray() || argument.size() != 2 || !argument.get(0).isTextual()) {
      return unresolved(expression, null);
    }
    String delimiter = argument.get(0).asText();
    JsonNode list = value(argument.get(1));
    if (!list.isArray()) {
      return Unresolved.isMarker(list) ? list : unresolved(expression, null);
    }
    List<String> resolved = new ArrayList<>();
    List<String> placeholders = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    for (JsonNode element : list) {
      Optional<String> text = scalarText(element);
      if (text.isPresent()) {
        resolved.add(text.get());
        placeholders.add(text.get());
      } else {
        Optional<Unresolved> inner = Unresolved.of(element);
        placeholders.add(inner.map(Unresolved::placeholder).orElse("?"));
        missing.add(inner.map(Unresolved::parameter).orElse("?"));
      }
    }
    if (missing.isEmpty()) {
      return TextNode.valueOf(String.join(delimiter, resolved));
    }
    missing.remove("?");
    return new Unresolved(String.join(delimiter, placeholders), "Fn::Join " + Unresolved.show(argument),
        missing.isEmpty() ? null : String.join(", ", missing)).marker();
  }

  private JsonNode select(JsonNode argument, JsonNode expression) {
    if (!argument.isArray() || argument.size() != 2) {
      return unresolved(expression, null);
    }
    Optional<String> index = scalarText(value(argument.get(0)));
    JsonNode list = value(argument.get(1));
    if (index.isEmpty() || !index.get().matches("[0-9]+") || !list.isArray()
        || Integer.parseInt(index.get()) >= list.size()) {
      return unresolved(expression, null);
    }
    return list.get(Integer.parseInt(index.get()));
  }

  private JsonNode split(JsonNode argument, JsonNode expression) {
    if (!argument.isArray() || argument.size() != 2 || !argument.get(0).isTextual()) {
      return unresolved(expression, null);
    }
    Optional<String> text = scalarText(value(argument.get(1)));
    if (text.isEmpty()) {
      return unresolved(expression, null);
    }
    ArrayNode out = NODES.arrayNode();
    for (String part : text.get().split(Pattern.quote(argument.get(0).asText()), -1)) {
      out.add(part);
    }
    return out;
  }

  private JsonNode importValue(JsonNode argument, JsonNode expression) {
    JsonNode name = value(argument);
    Optional<String> exportName = scalarText(name);
    if (exportName.isPresent()) {
      return params.containsKey(exportName.get()) ? TextNode.valueOf(params.get(exportName.get()))
          : new Unresolved(exportName.get(), "Fn::ImportValue " + exportName.get(), exportName.get()).marker();
    }
    Optional<Unresolved> inner = Unresolved.of(name);
    return new Unresolved(inner.map(Unresolved::placeholder).orElse("ImportValue"),
        "Fn::ImportValue " + Unresolved.show(argument), inner.map(Unresolved::parameter).orElse(null)).marker();
  }

  private JsonNode findInMap(JsonNode argument, JsonNode expression) {
    Optional<List<String>> keys = texts(value(argument));
    if (keys.isEmpty() || keys.get().size() != 3) {
      return unresolved(expression, null);
    }
    JsonNode found = template.mappings().path(keys.get().get(0)).path(keys.get().get(1)).path(keys.get().get(2));
    return found.isMissingNode() ? unresolved(expression, null) : value(found);
  }

  private JsonNode ifFunction(JsonNode argument, JsonNode expression) {
    if (!argument.isArray() || argument.size() != 3 || !argument.get(0).isTextual()) {
      return unresolved(expression, null);
    }
    Optional<Boolean> condition = condition(argument.get(0).asText(), 0);
    if (condition.isEmpty()) {
      return unresolved(expression, "Condition " + argument.get(0).asText());
    }
    return value(argument.get(condition.get() ? 1 : 2));
  }

  /** A named condition of the template, when every value it compares resolves. */
  private Optional<Boolean> condition(String name, int depth) {
    if (params.containsKey("Condition " + name)) {
      return Optional.of(Boolean.parseBoolean(params.get("Condition " + name)));
    }
    JsonNode definition = template.conditions().get(name);
    return definition == null || depth > 20 ? Optional.empty() : conditionValue(definition, depth + 1);
  }

  private Optional<Boolean> conditionValue(JsonNode node, int depth) {
    if (!node.isObject() || node.size() != 1) {
      return Optional.empty();
    }
    String key = node.fieldNames().next();
    JsonNode argument = node.get(key);
    switch (key) {
      case "Condition":
        return argument.isTextual() ? condition(argument.asText(), depth) : Optional.empty();
      case "Fn::Equals": {
        if (!argument.isArray() || argument.size() != 2) {
          return Optional.empty();
        }
        Optional<String> left = scalarText(value(argument.get(0)));
        Optional<String> right = scalarText(value(argument.get(1)));
        return left.isPresent() && right.isPresent() ? Optional.of(left.get().equals(right.get())) : Optional.empty();
      }
      case "Fn::Not":
        return argument.isArray() && argument.size() == 1
            ? conditionValue(argument.get(0), depth).map(b -> !b) : Optional.empty();
      case "Fn::And":
      case "Fn::Or": {
        if (!argument.isArray()) {
          return Optional.empty();
        }
        boolean and = key.equals("Fn::And");
        for (JsonNode operand : argument) {
          Optional<Boolean> value = conditionValue(operand, depth);
          if (value.isEmpty()) {
            return Optional.empty();
          }
          if (value.get() != and) {
            return Optional.of(!and);
          }
        }
        return Optional.of(and);
      }
      default:
        return Optional.empty();
    }
  }

  private JsonNode base64(JsonNode argument, JsonNode expression) {
    Optional<String> text = scalarText(value(argument));
    return text.<JsonNode>map(t -> TextNode.valueOf(
        Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8)))).orElseGet(() -> unresolved(expression, null));
  }

  /** A string: dynamic references and template placeholders resolved from --param, or unresolved. */
  private JsonNode text(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    if (!m.find()) {
      return TextNode.valueOf(text);
    }
    m.reset();
    StringBuilder resolved = new StringBuilder();
    StringBuilder placeholder = new StringBuilder();
    Set<String> missing = new LinkedHashSet<>();
    String onlyParameter = null;
    int last = 0;
    int count = 0;
    while (m.find()) {
      count++;
      String literal = text.substring(last, m.start());
      resolved.append(literal);
      placeholder.append(literal);
      last = m.end();
      String body = m.group(1).trim();
      Placeholder parsed = Placeholder.parse(body);
      String value = params.containsKey(parsed.parameter()) ? params.get(parsed.parameter()) : parsed.fallback();
      if (value != null) {
        resolved.append(value);
        placeholder.append(value);
      } else {
        missing.add(parsed.parameter());
        onlyParameter = parsed.parameter();
        placeholder.append("${").append(parsed.parameter()).append('}');
      }
    }
    resolved.append(text.substring(last));
    placeholder.append(text.substring(last));
    if (missing.isEmpty()) {
      return TextNode.valueOf(resolved.toString());
    }
    // A value that is one placeholder and nothing else stands in as the bare parameter name.
    boolean whole = count == 1 && text.strip().startsWith("{{") && text.strip().endsWith("}}");
    return new Unresolved(whole ? onlyParameter : placeholder.toString(), text, String.join(", ", missing)).marker();
  }

  /**
   * One {@code {{ ... }}}: a CloudFormation dynamic reference ({@code resolve:ssm:name}), a template function call
   * ({@code env `NAME` `default`}, {@code must_env `NAME`}, {@code tfstate `address`}) or a bare name.
   *
   * @param parameter the --param name that gives its value
   * @param fallback the value the template itself gives when the parameter is not passed, or null
   */
  private record Placeholder(String parameter, String fallback) {
    static Placeholder parse(String body) {
      if (body.startsWith("resolve:")) {
        return new Placeholder("{{" + body + "}}", null);
      }
      List<String> arguments = new ArrayList<>();
      Matcher m = TEMPLATE_ARGUMENT.matcher(body);
      while (m.find()) {
        arguments.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
      if (arguments.isEmpty()) {
        return new Placeholder(body, null);
      }
      String function = body.split("[\\s`\"]", 2)[0];
      String fallback = function.equals("env") && arguments.size() > 1 ? arguments.get(1) : null;
      return new Placeholder(arguments.get(0), fallback);
    }
  }

  private static JsonNode unresolved(JsonNode expression, String parameter) {
    return new Unresolved(parameter != null ? parameter : "unresolved", Unresolved.show(expression), parameter).marker();
  }

  private static Optional<String> scalarText(JsonNode node) {
    return node != null && node.isValueNode() && !node.isNull() ? Optional.of(node.asText()) : Optional.empty();
  }

  private static Optional<List<String>> texts(JsonNode node) {
    if (!node.isArray()) {
      return Optional.empty();
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode element : node) {
      Optional<String> text = scalarText(element);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      texts.add(text.get());
    }
    return Optional.of(texts);
  }
}
