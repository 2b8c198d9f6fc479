package dev.stevedore.ecsjson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code {{ ... }}} placeholders of template tools (ecspresso, Go templates, mustache) that were never
 * rendered. Such a document is a template, not an ECS document: {@code "networkMode": "{{networkmode}}"} says
 * nothing Stevedore could run. CloudFormation dynamic references ({@code {{resolve:...}}}) are not placeholders:
 * they are left to {@link CloudFormationIntrinsics}.
 */
final class TemplatePlaceholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{.*?}}", Pattern.DOTALL);

  private TemplatePlaceholders() {}

  /** Rejects the document when any member name or string value holds an unrendered placeholder. */
  static void rejectAny(JsonNode body) {
    List<String> found = new ArrayList<>();
    collect(body, "", found);
    if (!found.isEmpty()) {
      throw new DocumentRejected("the document is an unrendered template: {{...}} placeholders at "
          + String.join(", ", found) + "; render the template first");
    }
  }

  private static void collect(JsonNode node, String path, List<String> found) {
    if (node.isTextual()) {
      placeholder(node.asText()).ifPresent(p -> found.add(Paths.display(path) + " (" + p + ")"));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), Paths.index(path, i), found);
      }
    } else if (node.isObject()) {
      node.properties().forEach(member -> {
        String memberPath = Paths.member(path, member.getKey());
        placeholder(member.getKey()).ifPresent(p -> found.add(Paths.display(memberPath) + " (" + p + ")"));
        collect(member.getValue(), memberPath, found);
      });
    }
  }

  private static Optional<String> placeholder(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!CloudFormationIntrinsics.isDynamicReference(m.group())) {
        return Optional.of(m.group());
      }
    }
    return Optional.empty();
  }
}
