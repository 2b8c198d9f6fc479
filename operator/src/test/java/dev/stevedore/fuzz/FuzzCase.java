package dev.stevedore.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;

/**
 * One generated input: an EcsService named {@code name}, the task definition revision it runs and its cluster.
 * It travels as JSON so that the shrinker can cut any member out of it without knowing the types.
 *
 * @param name the EcsService's metadata.name (its Kubernetes objects are named after it)
 * @param taskDefinition the task definition's spec
 * @param service the EcsService's spec
 * @param cluster the EcsCluster's spec
 */
record FuzzCase(String name, TaskDefinitionSpec taskDefinition, EcsServiceSpec service, EcsClusterSpec cluster) {
  static final ObjectMapper JSON = new ObjectMapper();

  JsonNode toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", name);
    node.set("taskDefinition", JSON.valueToTree(taskDefinition));
    node.set("service", JSON.valueToTree(service));
    node.set("cluster", JSON.valueToTree(cluster));
    return node;
  }

  /** Null when the tree no longer reads as a case (the shrinker cut something a type needs). */
  static FuzzCase fromJson(JsonNode node) {
    try {
      JsonNode name = node.get("name");
      if (name == null || !name.isTextual() || !node.has("taskDefinition") || !node.has("service")
          || !node.has("cluster")) {
        return null;
      }
      return new FuzzCase(name.asText(), JSON.treeToValue(node.get("taskDefinition"), TaskDefinitionSpec.class),
          JSON.treeToValue(node.get("service"), EcsServiceSpec.class),
          JSON.treeToValue(node.get("cluster"), EcsClusterSpec.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return toJson().toPrettyString();
  }
}
