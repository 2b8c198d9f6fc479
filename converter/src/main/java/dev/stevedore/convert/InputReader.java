package dev.stevedore.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.convert.EcsDocument.ClusterDocument;
import dev.stevedore.convert.EcsDocument.ServiceDocument;
import dev.stevedore.convert.EcsDocument.Source;
import dev.stevedore.convert.EcsDocument.TaskDefinitionDocument;
import dev.stevedore.ecsjson.DocumentFormat;
import dev.stevedore.ecsjson.EcsJsonLoader;
import dev.stevedore.ecsjson.LoadResult;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one input file into ECS documents. Recognises, from the content and not the file name: a
 * RegisterTaskDefinition request, a describe-task-definition output ({@code {"taskDefinition": ...}}), a
 * CreateService request or a describe output of one service, a CreateCluster request, Terraform's
 * {@code container_definitions} (a bare list of container definitions), a single CloudFormation resource or its
 * Properties, and a whole CloudFormation template (JSON or YAML). Task definitions and services go through the
 * operator's own loader ({@link EcsJsonLoader}) once references are resolved.
 */
final class InputReader {
  static final String TASK_DEFINITION_TYPE = "AWS::ECS::TaskDefinition";
  static final String SERVICE_TYPE = "AWS::ECS::Service";
  static final String CLUSTER_TYPE = "AWS::ECS::Cluster";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final Set<String> SERVICE_MEMBERS = Set.of("servicename", "desiredcount", "launchtype",
      "schedulingstrategy", "deploymentconfiguration", "loadbalancers", "cluster", "capacityproviderstrategy",
      "networkconfiguration", "serviceregistries", "placementconstraints", "placementstrategy",
      "placementstrategies", "deploymentcontroller", "serviceconnectconfiguration", "serviceArn".toLowerCase(Locale.ROOT),
      "service", "services", "enableexecutecommand", "healthcheckgraceperiodseconds", "propagatetags");
  private static final Set<String> CLUSTER_MEMBERS = Set.of("clustername", "capacityproviders",
      "defaultcapacityproviderstrategy", "clustersettings", "settings", "configuration", "serviceconnectdefaults");

  private final Map<String, String> params;

  InputReader(Map<String, String> params) {
    this.params = params;
  }

  FileResult read(String file, String text) {
    FileResult result = new FileResult(file);
    List<JsonNode> roots;
    try {
      roots = DocumentReader.read(file, text);
    } catch (InputError e) {
      result.fail("", e.getMessage());
      return result;
    }
    for (int i = 0; i < roots.size(); i++) {
      String where = roots.size() == 1 ? "" : "document " + (i + 1);
      try {
        document(result, roots.get(i), new Source(file, where));
      } catch (InputError e) {
        result.fail(where, e.getMessage());
      }
    }
    return result;
  }

  private void document(FileResult result, JsonNode root, Source source) {
    if (root.isArray()) {
      terraformContainerDefinitions(result, (ArrayNode) root, source);
      return;
    }
    if (!root.isObject()) {
      throw new InputError("expected an ECS document (a JSON object) or a list of container definitions, found "
          + describe(root));
    }
    if (root.has("Resources")) {
      new CloudFormationTemplate(this, params).read(result, root, source);
      return;
    }
    if (root.has("Type") && root.has("Properties")) {
      new CloudFormationTemplate(this, params).readResource(result, root, source, stem(source.file()));
      return;
    }
    boolean cloudFormation = pascalCase(root);
    ReferenceResolver resolver = new ReferenceResolver(params, ReferenceResolver.Template.NONE, cloudFormation);
    switch (kind(root)) {
      case TASK_DEFINITION -> result.documents.add(taskDefinition(resolver, root, source, stem(source.file()), List.of()));
      case SERVICE -> result.documents.add(service(resolver, root, source, stem(source.file()), List.of()));
      case CLUSTER -> result.documents.add(cluster(resolver, root, source, stem(source.file()), List.of()));
    }
  }

  enum Kind { TASK_DEFINITION, SERVICE, CLUSTER }

  private static Kind kind(JsonNode root) {
    if (root.path("taskDefinition").isObject() || root.has("containerDefinitions")
        || root.has("ContainerDefinitions")) {
      return Kind.TASK_DEFINITION;
    }
    List<String> names = new ArrayList<>();
    root.fieldNames().forEachRemaining(names::add);
    if (names.stream().map(n -> n.toLowerCase(Locale.ROOT)).anyMatch(SERVICE_MEMBERS::contains) || root.has("taskDefinition")
        || root.has("TaskDefinition")) {
      return Kind.SERVICE;
    }
    if (names.stream().map(n -> n.toLowerCase(Locale.ROOT)).anyMatch(CLUSTER_MEMBERS::contains)) {
      return Kind.CLUSTER;
    }
    throw new InputError("not an ECS document: a task definition has containerDefinitions, a service names its"
        + " taskDefinition, cluster or desiredCount, a cluster its clusterName; found the members "
        + String.join(", ", names));
  }

  TaskDefinitionDocument taskDefinition(ReferenceResolver resolver, JsonNode root, Source source,
      String defaultFamily, List<String> readingNotes) {
    JsonNode resolved = resolver.resolve(root);
    RequiredValues required = new RequiredValues();
    JsonNode body = settle(required, resolved, TaskDefinitionSpec.class, "taskDefinition");
    List<String> notes = new ArrayList<>(readingNotes);
    String family = body.path(pascalCase(body) ? "Family" : "family").asText("");
    if (family.isEmpty()) {
      family = defaultFamily;
      ((ObjectNode) body).put(pascalCase(body) ? "Family" : "family", family);
      notes.add("family: none given; \"" + family + "\" (from the " + (source.where().isEmpty() ? "file name"
          : "logical ID") + ") stands in");
    }
    LoadResult<TaskDefinitionSpec> loaded = EcsJsonLoader.taskDefinition(resolved.toString());
    if (!loaded.isLoaded()) {
      throw new InputError(loaded.rejection());
    }
    loaded.notes().forEach(n -> notes.add(n.toString()));
    return new TaskDefinitionDocument(source, family, loaded.spec(), new EcsDocument.Reading(List.copyOf(notes),
        required.settled()));
  }

  ServiceDocument service(ReferenceResolver resolver, JsonNode root, Source source, String defaultName,
      List<String> readingNotes) {
    JsonNode resolved = resolver.resolve(root);
    RequiredValues required = new RequiredValues();
    JsonNode body = resolved;
    if (resolved.has("service")) {
      body = resolved.get("service");
    } else if (resolved.path("services").isArray() && resolved.get("services").size() == 1) {
      body = resolved.get("services").get(0);
    } else if (resolved.has("Type") && resolved.has("Properties")) {
      body = resolved.get("Properties");
    }
    required.settle(body, EcsServiceSpec.class, "");
    LoadResult<EcsServiceSpec> loaded = EcsJsonLoader.service(resolved.toString());
    if (!loaded.isLoaded()) {
      throw new InputError(loaded.rejection());
    }
    List<String> notes = new ArrayList<>(readingNotes);
    loaded.notes().forEach(n -> notes.add(n.toString()));
    EcsServiceSpec spec = loaded.spec();
    if (loaded.format() == DocumentFormat.DESCRIBE_OUTPUT && "DAEMON".equals(spec.schedulingStrategy)
        && spec.desiredCount != null) {
      // DescribeServices prints a daemon's task count as desiredCount; CreateService takes none for DAEMON.
      spec.desiredCount = null;
      notes.add("desiredCount: dropped: a described DAEMON service reports how many tasks run; a DAEMON service"
          + " takes no desiredCount");
    }
    String name = spec.serviceName;
    if (name == null || name.isEmpty()) {
      name = defaultName;
      notes.add("serviceName: none given; \"" + name + "\" (from the " + (source.where().isEmpty() ? "file name"
          : "logical ID") + ") stands in");
    }
    return new ServiceDocument(source, name, spec, new EcsDocument.Reading(List.copyOf(notes), required.settled()));
  }

  ClusterDocument cluster(ReferenceResolver resolver, JsonNode root, Source source, String defaultName,
      List<String> readingNotes) {
    JsonNode resolved = resolver.resolve(root);
    if (resolved.has("Type") && resolved.has("Properties")) {
      resolved = resolved.get("Properties");
    } else if (resolved.path("clusters").isArray() && resolved.get("clusters").size() == 1) {
      resolved = resolved.get("clusters").get(0);
    } else if (resolved.path("cluster").isObject()) {
      resolved = resolved.get("cluster");
    }
    RequiredValues required = new RequiredValues();
    JsonNode body = pascalCase(resolved) ? camelCase(resolved, false) : resolved;
    body = required.settle(body, EcsClusterSpec.class, "");
    List<String> notes = new ArrayList<>(readingNotes);
    ObjectNode spec = NODES.objectNode();
    body.properties().forEach(member -> {
      if (ClusterOutputFields.READ_ONLY.contains(member.getKey())) {
        notes.add(member.getKey() + ": dropped: read-only state of a described cluster");
      } else {
        spec.set(member.getKey(), member.getValue());
      }
    });
    EcsClusterSpec cluster;
    try {
      cluster = STRICT.treeToValue(spec, EcsClusterSpec.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InputError(path(e) + ": unknown field: the ECS CreateCluster request has no member \""
          + e.getPropertyName() + "\"");
    } catch (JsonProcessingException e) {
      throw new InputError(path(e) + ": " + e.getOriginalMessage());
    }
    String name = cluster.clusterName;
    if (name == null || name.isEmpty()) {
      name = defaultName;
      cluster.clusterName = name;
      notes.add("clusterName: none given; \"" + name + "\" stands in");
    }
    return new ClusterDocument(source, name, cluster, new EcsDocument.Reading(List.copyOf(notes), required.settled()));
  }

  private void terraformContainerDefinitions(FileResult result, ArrayNode root, Source source) {
    for (int i = 0; i < root.size(); i++) {
      if (!root.get(i).isObject()) {
        throw new InputError("[" + i + "]: Terraform's container_definitions is a list of container definitions"
            + " (objects), found " + describe(root.get(i)));
      }
    }
    String family = stem(source.file());
    ObjectNode td = NODES.objectNode();
    td.put("family", family);
    td.set("containerDefinitions", root);
    ReferenceResolver resolver = new ReferenceResolver(params, ReferenceResolver.Template.NONE, false);
    result.documents.add(taskDefinition(resolver, td, source, family, List.of(
        "read as Terraform container_definitions; family \"" + family + "\" from the file name (set "
            + "family in the aws_ecs_task_definition resource)")));
  }

  /** The spec inside a document's envelope, with its unresolved references settled. */
  private static JsonNode settle(RequiredValues required, JsonNode resolved, Type type, String wrapper) {
    JsonNode body = resolved;
    if (resolved.path(wrapper).isObject()) {
      body = resolved.get(wrapper);
    } else if (resolved.has("Type") && resolved.has("Properties")) {
      body = resolved.get("Properties");
    }
    required.settle(body, type, "");
    return body;
  }

  /** CloudFormation names of a cluster as the API's: decapitalised, ClusterSettings as settings. */
  private static JsonNode camelCase(JsonNode node, boolean userData) {
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(e -> out.add(camelCase(e, userData)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = NODES.objectNode();
    node.properties().forEach(m -> {
      String key = m.getKey();
      String name = userData || key.isEmpty() ? key : key.equals("ClusterSettings") ? "settings"
          : key.substring(0, 1).toLowerCase(Locale.ROOT) + key.substring(1);
      out.set(name, camelCase(m.getValue(), userData));
    });
    return out;
  }

  static boolean pascalCase(JsonNode node) {
    if (!node.isObject() || node.isEmpty()) {
      return false;
    }
    for (var names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
        return false;
      }
    }
    return true;
  }

  static String stem(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    // The stand-in for a family or service name: ECS names allow letters, digits, '_' and '-'.
    String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_-]+", "-")
        .replaceAll("^-+|-+$", "");
    return stem.isEmpty() ? "converted" : stem;
  }

  static String describe(JsonNode node) {
    String json = node.toString();
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + (json.length() > 60 ? json.substring(0, 57) + "..." : json);
  }

  private static String path(JsonProcessingException e) {
    if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping)) {
      return "(the document)";
    }
    StringBuilder path = new StringBuilder();
    for (var reference : mapping.getPath()) {
      if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      }
    }
    return path.length() == 0 ? "(the document)" : path.toString();
  }

  /** Members a DescribeClusters output has that CreateCluster does not. */
  static final class ClusterOutputFields {
    static final Set<String> READ_ONLY = Set.of("clusterArn", "status", "registeredContainerInstancesCount",
        "runningTasksCount", "pendingTasksCount", "activeServicesCount", "statistics", "attachments",
        "attachmentsStatus");

    private ClusterOutputFields() {}
  }
}
