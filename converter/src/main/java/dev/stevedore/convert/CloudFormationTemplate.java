package dev.stevedore.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.convert.EcsDocument.ScalingDocument;
import dev.stevedore.convert.EcsDocument.Source;
import dev.stevedore.convert.EcsDocument.TargetTracking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A CloudFormation template's ECS resources: AWS::ECS::TaskDefinition, AWS::ECS::Service and AWS::ECS::Cluster, and
 * the service auto scaling of AWS::ApplicationAutoScaling::ScalableTarget with its target tracking ScalingPolicy.
 * References between them resolve the way the stack would ({@code Ref} of a task definition is its family, of a
 * cluster its name; {@code Fn::GetAtt Service.Name} the service's name), so a service is linked to its task
 * definition; references to anything else come from {@code --param}, the parameters' defaults, or stay unresolved.
 */
final class CloudFormationTemplate {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String SCALABLE_TARGET = "AWS::ApplicationAutoScaling::ScalableTarget";
  private static final String SCALING_POLICY = "AWS::ApplicationAutoScaling::ScalingPolicy";

  private final InputReader reader;
  private final Map<String, String> params;

  CloudFormationTemplate(InputReader reader, Map<String, String> params) {
    this.reader = reader;
    this.params = params;
  }

  void read(FileResult result, JsonNode template, Source file) {
    JsonNode resources = template.get("Resources");
    if (!resources.isObject()) {
      throw new InputError("Resources: expected the template's resources (an object), found "
          + InputReader.describe(resources));
    }
    // Names first, so any resource can refer to any other, whatever their order.
    ReferenceResolver.Template bare = new ReferenceResolver.Template(template.path("Parameters"),
        template.path("Mappings"), template.path("Conditions"), Map.of(), Map.of());
    ReferenceResolver names = new ReferenceResolver(params, bare, true);
    Map<String, String> refs = new LinkedHashMap<>();
    Map<String, String> attributes = new LinkedHashMap<>();
    Map<String, String> serviceNames = new LinkedHashMap<>();
    resources.properties().forEach(r -> {
      String id = r.getKey();
      JsonNode properties = r.getValue().path("Properties");
      switch (r.getValue().path("Type").asText()) {
        case InputReader.TASK_DEFINITION_TYPE -> {
          String family = name(names, properties.get("Family"), id);
          refs.put(id, family);
          attributes.put(id + ".TaskDefinitionArn", family);
        }
        case InputReader.CLUSTER_TYPE -> refs.put(id, name(names, properties.get("ClusterName"), id));
        case InputReader.SERVICE_TYPE -> {
          String name = name(names, properties.get("ServiceName"), id);
          attributes.put(id + ".Name", name);
          serviceNames.put(id, name);
        }
        default -> { }
      }
    });
    ReferenceResolver.Template context = new ReferenceResolver.Template(template.path("Parameters"),
        template.path("Mappings"), template.path("Conditions"), Map.copyOf(refs), Map.copyOf(attributes));
    ReferenceResolver resolver = new ReferenceResolver(params, context, true);

    Map<String, List<String>> skipped = new TreeMap<>();
    Map<String, JsonNode> scalableTargets = new LinkedHashMap<>();
    List<Map.Entry<String, JsonNode>> policies = new ArrayList<>();
    resources.properties().forEach(r -> {
      String id = r.getKey();
      JsonNode resource = r.getValue();
      String type = resource.path("Type").asText();
      Source source = new Source(file.file(), "Resources." + id);
      if (resource.has("Condition") && resource.get("Condition").isTextual()) {
        JsonNode included = resolver.resolve(NODES.objectNode().set("Fn::If", NODES.arrayNode()
            .add(resource.get("Condition").asText()).add(true).add(false)));
        if (included.isBoolean() && !included.asBoolean()) {
          result.notes.add(source.where() + ": left out: its Condition " + resource.get("Condition").asText()
              + " is false");
          return;
        }
      }
      try {
        switch (type) {
          case InputReader.TASK_DEFINITION_TYPE, InputReader.SERVICE_TYPE, InputReader.CLUSTER_TYPE ->
              ecsResource(result, resolver, resource, source, id);
          case SCALABLE_TARGET -> scalableTargets.put(id, resource);
          case SCALING_POLICY -> policies.add(Map.entry(id, resource));
          default -> skipped.computeIfAbsent(type.isEmpty() ? "(no Type)" : type, t -> new ArrayList<>()).add(id);
        }
      } catch (InputError e) {
        result.fail(source.where(), e.getMessage());
      }
    });
    scalableTargets.forEach((id, target) -> {
      Source source = new Source(file.file(), "Resources." + id);
      try {
        scaling(resolver, id, target, policies, serviceNames, source).ifPresent(result.documents::add);
      } catch (InputError e) {
        result.fail(source.where(), e.getMessage());
      }
    });
    skipped.forEach((type, ids) -> result.notes.add("not ECS, not converted: " + type + " " + String.join(", ", ids)));
  }

  /** A file that is one CloudFormation resource ({@code {"Type": ..., "Properties": ...}}). */
  void readResource(FileResult result, JsonNode resource, Source source, String logicalId) {
    ReferenceResolver resolver = new ReferenceResolver(params, ReferenceResolver.Template.NONE, true);
    String type = resource.path("Type").asText();
    if (!type.equals(InputReader.TASK_DEFINITION_TYPE) && !type.equals(InputReader.SERVICE_TYPE)
        && !type.equals(InputReader.CLUSTER_TYPE)) {
      throw new InputError("Type: " + resource.get("Type") + " is not an ECS resource (" + InputReader.TASK_DEFINITION_TYPE
          + ", " + InputReader.SERVICE_TYPE + " or " + InputReader.CLUSTER_TYPE + ")");
    }
    ecsResource(result, resolver, resource, source, logicalId);
  }

  private void ecsResource(FileResult result, ReferenceResolver resolver, JsonNode resource, Source source,
      String logicalId) {
    // The loader reads Type and Properties; the other resource attributes shape the stack, not the resource.
    ObjectNode body = NODES.objectNode();
    body.set("Type", resource.get("Type"));
    body.set("Properties", resource.path("Properties").isObject() ? resource.get("Properties") : NODES.objectNode());
    List<String> notes = new ArrayList<>();
    resource.fieldNames().forEachRemaining(n -> {
      if (!n.equals("Type") && !n.equals("Properties")) {
        notes.add(n + ": a CloudFormation resource attribute, not part of the ECS resource");
      }
    });
    switch (resource.get("Type").asText()) {
      case InputReader.TASK_DEFINITION_TYPE -> result.documents.add(reader.taskDefinition(resolver, body, source,
          logicalId, notes));
      case InputReader.SERVICE_TYPE -> result.documents.add(reader.service(resolver, body, source, logicalId, notes));
      default -> result.documents.add(reader.cluster(resolver, body, source, logicalId, notes));
    }
  }

  private Optional<EcsDocument> scaling(ReferenceResolver resolver, String id, JsonNode target,
      List<Map.Entry<String, JsonNode>> policies, Map<String, String> serviceNames, Source source) {
    JsonNode properties = resolver.resolve(target.path("Properties"));
    if (!"ecs:service:DesiredCount".equals(properties.path("ScalableDimension").asText())) {
      return Optional.empty();
    }
    List<String> notes = new ArrayList<>();
    String service = serviceOf(properties.get("ResourceId"), target.path("Properties").get("ResourceId"),
        serviceNames);
    if (service == null) {
      throw new InputError("Properties.ResourceId: cannot tell which service it scales: expected"
          + " service/<cluster>/<service>, found " + Unresolved.show(target.path("Properties").path("ResourceId")));
    }
    int min = capacity(properties, "MinCapacity");
    int max = capacity(properties, "MaxCapacity");
    List<TargetTracking> tracking = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : policies) {
      JsonNode raw = entry.getValue().path("Properties");
      JsonNode policy = resolver.resolve(raw);
      boolean ours = id.equals(raw.path("ScalingTargetId").path("Ref").asText())
          || service.equals(serviceOf(policy.get("ResourceId"), raw.get("ResourceId"), serviceNames));
      if (!ours) {
        continue;
      }
      String where = "Resources." + entry.getKey();
      if (!"TargetTrackingScaling".equals(policy.path("PolicyType").asText())) {
        notes.add(where + ".Properties.PolicyType: " + policy.path("PolicyType").asText()
            + " is not converted: only target tracking becomes a HorizontalPodAutoscaler metric");
        continue;
      }
      JsonNode config = policy.path("TargetTrackingScalingPolicyConfiguration");
      String metric = config.path("PredefinedMetricSpecification").path("PredefinedMetricType").asText(null);
      if (!config.path("TargetValue").isValueNode() || config.path("TargetValue").asText().isEmpty()) {
        throw new InputError(where + ".Properties.TargetTrackingScalingPolicyConfiguration.TargetValue: required,"
            + " but missing or unresolved");
      }
      double value;
      try {
        value = Double.parseDouble(config.get("TargetValue").asText());
      } catch (NumberFormatException e) {
        throw new InputError(where + ".Properties.TargetTrackingScalingPolicyConfiguration.TargetValue: expected"
            + " a number, found " + config.get("TargetValue"));
      }
      Integer cooldown = config.path("ScaleInCooldown").isValueNode() && config.get("ScaleInCooldown").asText().matches("[0-9]+")
          ? Integer.valueOf(config.get("ScaleInCooldown").asText()) : null;
      tracking.add(new TargetTracking(where, metric, value, cooldown,
          "true".equalsIgnoreCase(config.path("DisableScaleIn").asText())));
    }
    return Optional.of(new ScalingDocument(source, service, min, max, List.copyOf(tracking),
        new EcsDocument.Reading(List.copyOf(notes), List.of())));
  }

  /** The service a ResourceId names: service/cluster/name once resolved, or the service it refers to. */
  private static String serviceOf(JsonNode resolved, JsonNode raw, Map<String, String> serviceNames) {
    if (resolved != null && resolved.isTextual()) {
      String[] parts = resolved.asText().split("/");
      return parts.length == 3 && parts[0].equals("service") ? parts[2] : null;
    }
    if (raw == null) {
      return null;
    }
    for (Map.Entry<String, String> service : serviceNames.entrySet()) {
      String json = raw.toString();
      if (json.contains("\"" + service.getKey() + "\"") || json.contains(service.getKey() + ".Name")) {
        return service.getValue();
      }
    }
    return null;
  }

  private static int capacity(JsonNode properties, String name) {
    JsonNode value = properties.get(name);
    if (value == null || !value.isValueNode() || !value.asText().matches("[0-9]+")) {
      throw new InputError("Properties." + name + ": expected a whole number, found "
          + (value == null ? "nothing" : Unresolved.isMarker(value)
              ? "the unresolved " + Unresolved.of(value).get().expression() : value.toString()));
    }
    return Integer.parseInt(value.asText());
  }

  private static String name(ReferenceResolver resolver, JsonNode value, String logicalId) {
    if (value == null) {
      return logicalId;
    }
    JsonNode resolved = resolver.resolve(value);
    return resolved.isTextual() ? resolved.asText() : logicalId;
  }
}
