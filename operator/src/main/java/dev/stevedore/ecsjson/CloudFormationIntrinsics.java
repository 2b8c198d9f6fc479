package dev.stevedore.ecsjson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * Values of a CloudFormation template that only a stack can resolve: intrinsic functions (an object with the
 * single member {@code Ref} or {@code Fn::...}) and dynamic references ({@code {{resolve:ssm:name}}} inside a
 * string). The loader has no stack, so it can only recognise them.
 */
final class CloudFormationIntrinsics {
  private static final String DYNAMIC_REFERENCE = "{{resolve:";

  private CloudFormationIntrinsics() {}

  /** How to name the value in a message, when it is one the loader cannot resolve. */
  static Optional<String> describe(JsonNode value) {
    if (value.isTextual() && value.asText().contains(DYNAMIC_REFERENCE)) {
      return Optional.of("the dynamic reference \"" + value.asText() + "\"");
    }
    if (!value.isObject() || value.size() != 1) {
      return Optional.empty();
    }
    Map.Entry<String, JsonNode> function = value.properties().iterator().next();
    if (function.getKey().equals("Ref")) {
      return Optional.of("the intrinsic function " + value);
    }
    if (function.getKey().startsWith("Fn::")) {
      return Optional.of("the intrinsic function " + function.getKey());
    }
    return Optional.empty();
  }

  static boolean isDynamicReference(String text) {
    return text.contains(DYNAMIC_REFERENCE);
  }
}
