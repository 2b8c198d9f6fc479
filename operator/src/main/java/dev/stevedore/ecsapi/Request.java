package dev.stevedore.ecsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The members of one request body, read with the types ECS's model gives them; a wrong type is refused. */
public record Request(String operation, ObjectNode body) {
  public Optional<String> text(String member) {
    JsonNode value = body.get(member);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw wrongType(member, "a string");
    }
    return Optional.of(value.asText());
  }

  public String required(String member) {
    return text(member).filter(s -> !s.isEmpty()).orElseThrow(() -> EcsApiException.invalidParameter(
        member + " is required for " + operation + "."));
  }

  public Optional<Integer> integer(String member) {
    JsonNode value = body.get(member);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw wrongType(member, "an integer");
    }
    return Optional.of(value.asInt());
  }

  public boolean flag(String member) {
    JsonNode value = body.get(member);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw wrongType(member, "a boolean");
    }
    return value.asBoolean();
  }

  public List<String> texts(String member) {
    JsonNode value = body.get(member);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw wrongType(member, "a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw wrongType(member, "a list of strings");
      }
      out.add(item.asText());
    }
    return out;
  }

  public boolean has(String member) {
    JsonNode value = body.get(member);
    return value != null && !value.isNull();
  }

  public String cluster() {
    return EcsNames.cluster(text("cluster").orElse(null));
  }

  private static EcsApiException wrongType(String member, String expected) {
    return new EcsApiException("SerializationException", "Member " + member + " must be " + expected + ".");
  }
}
