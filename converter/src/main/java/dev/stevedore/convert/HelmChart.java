package dev.stevedore.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain Kubernetes objects as a Helm chart: Chart.yaml, values.yaml with what people change per environment
 * (each workload's replicas and each container's image), and one template per object that reads those values.
 */
final class HelmChart {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private HelmChart() {}

  /** The chart's files by path inside the chart directory, in a stable order. */
  static Map<String, String> files(String name, List<HasMetadata> objects) {
    ObjectNode workloads = NODES.objectNode();
    Map<String, String> templates = new LinkedHashMap<>();
    for (HasMetadata object : objects) {
      JsonNode tree = Serialization.jsonMapper().valueToTree(object);
      List<String[]> substitutions = new ArrayList<>();
      String kind = object.getKind();
      String objectName = object.getMetadata().getName();
      if (kind.equals("Deployment") || kind.equals("DaemonSet")) {
        ObjectNode values = workloads.putObject(objectName);
        ObjectNode spec = (ObjectNode) tree.get("spec");
        if (spec.has("replicas")) {
          values.set("replicas", spec.get("replicas"));
          substitute(spec, "replicas", "{{ index .Values.workloads \"" + objectName + "\" \"replicas\" }}",
              substitutions);
        }
        ObjectNode images = values.putObject("images");
        JsonNode podSpec = spec.path("template").path("spec");
        for (String list : List.of("initContainers", "containers")) {
          if (podSpec.get(list) instanceof ArrayNode containers) {
            for (JsonNode container : containers) {
              String containerName = container.get("name").asText();
              images.set(containerName, container.get("image"));
              substitute((ObjectNode) container, "image", "{{ index .Values.workloads \"" + objectName
                  + "\" \"images\" \"" + containerName + "\" | quote }}", substitutions);
            }
          }
        }
      }
      String yaml = Serialization.asYaml(tree);
      yaml = yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
      for (String[] substitution : substitutions) {
        yaml = yaml.replace("\"" + substitution[0] + "\"", substitution[1])
            .replace("'" + substitution[0] + "'", substitution[1])
            .replace(substitution[0], substitution[1]);
      }
      templates.put("templates/" + Manifests.fileName(object), yaml);
    }
    ObjectNode values = NODES.objectNode();
    values.set("workloads", workloads);
    Map<String, String> files = new LinkedHashMap<>();
    files.put("Chart.yaml", "apiVersion: v2\nname: " + name + "\ndescription: Converted from Amazon ECS documents by"
        + " stevedore convert\ntype: application\nversion: 0.1.0\n");
    String valuesYaml = Serialization.asYaml(values);
    files.put("values.yaml", "# Per workload: replicas (Deployments) and the image of each container.\n"
        + (valuesYaml.startsWith("---\n") ? valuesYaml.substring(4) : valuesYaml));
    files.putAll(templates);
    return files;
  }

  private static void substitute(ObjectNode parent, String field, String expression, List<String[]> substitutions) {
    String token = "STEVEDORE_VALUE_" + substitutions.size() + "_TOKEN";
    parent.put(field, token);
    substitutions.add(new String[] {token, expression});
  }
}
