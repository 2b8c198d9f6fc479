package dev.stevedore.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Makes a failing case small: removes members and list elements and halves strings, one at a time, keeping each
 * change that still fails the same way, until no single change does. Works on the JSON form, so it needs no
 * knowledge of the spec types; a change that no longer reads as a case is skipped.
 */
final class Shrinker {
  private static final int MAX_ATTEMPTS = 5_000;

  private Shrinker() {}

  /**
   * @param failure the failure's kind for a case, or null when it passes; shrinking keeps the kind
   */
  static FuzzCase shrink(FuzzCase failing, Function<FuzzCase, String> failure) {
    String kind = failure.apply(failing);
    JsonNode current = failing.toJson();
    int attempts = 0;
    boolean progress = true;
    while (progress && attempts < MAX_ATTEMPTS) {
      progress = false;
      for (JsonNode candidate : smaller(current)) {
        if (++attempts >= MAX_ATTEMPTS) {
          break;
        }
        FuzzCase c = FuzzCase.fromJson(candidate);
        if (c != null && Objects.equals(kind, failure.apply(c))) {
          current = candidate;
          progress = true;
          break;
        }
      }
    }
    return FuzzCase.fromJson(current);
  }

  /** Every tree one step smaller than {@code root}, biggest steps first. */
  static List<JsonNode> smaller(JsonNode root) {
    List<List<Object>> paths = new ArrayList<>();
    collect(root, new ArrayList<>(), paths);
    List<JsonNode> removals = new ArrayList<>();
    List<JsonNode> halvings = new ArrayList<>();
    for (List<Object> path : paths) {
      if (path.size() > 1) {
        removals.add(remove(root, path));
      }
      JsonNode node = at(root, path);
      if (node.isTextual() && node.asText().length() > 1) {
        String text = node.asText();
        halvings.add(replace(root, path, new TextNode(text.substring(0, text.length() / 2))));
      }
    }
    List<JsonNode> all = new ArrayList<>(removals);
    all.addAll(halvings);
    return all;
  }

  private static void collect(JsonNode node, List<Object> path, List<List<Object>> paths) {
    paths.add(List.copyOf(path));
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(name -> {
        path.add(name);
        collect(node.get(name), path, paths);
        path.remove(path.size() - 1);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(i);
        collect(node.get(i), path, paths);
        path.remove(path.size() - 1);
      }
    }
  }

  private static JsonNode at(JsonNode root, List<Object> path) {
    JsonNode node = root;
    for (Object step : path) {
      node = step instanceof Integer i ? node.get(i) : node.get((String) step);
    }
    return node;
  }

  private static JsonNode remove(JsonNode root, List<Object> path) {
    JsonNode copy = root.deepCopy();
    JsonNode parent = at(copy, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer i) {
      ((ArrayNode) parent).remove(i);
    } else {
      ((ObjectNode) parent).remove((String) last);
    }
    return copy;
  }

  private static JsonNode replace(JsonNode root, List<Object> path, JsonNode value) {
    if (path.isEmpty()) {
      return value;
    }
    JsonNode copy = root.deepCopy();
    JsonNode parent = at(copy, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer i) {
      ((ArrayNode) parent).set(i, value);
    } else {
      ((ObjectNode) parent).set((String) last, value);
    }
    return copy;
  }
}
