package dev.stevedore.ecsjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the spec sits in a document, and in which dialect it is written: a bare spec in ECS API or
 * CloudFormation names, a whole CloudFormation resource, or the output of a describe command.
 */
final class DocumentEnvelope {
  /** The members of a DescribeTaskDefinition output (tags with --include TAGS). */
  private static final Set<String> TASK_DEFINITION_OUTPUT_MEMBERS = Set.of("taskDefinition", "tags");
  /** The members of a DescribeServices output. */
  private static final Set<String> SERVICES_OUTPUT_MEMBERS = Set.of("services", "failures");
  /** Attributes a CloudFormation resource has besides Type and Properties; none of them shapes the spec. */
  private static final Set<String> RESOURCE_ATTRIBUTES = Set.of("Condition", "CreationPolicy", "DeletionPolicy",
      "DependsOn", "Metadata", "UpdatePolicy", "UpdateReplacePolicy");

  /** The spec's JSON and the dialect it is in. */
  record Opened(DocumentFormat format, JsonNode body) {}

  private DocumentEnvelope() {}

  static Opened open(JsonNode root, DocumentKind kind, List<LoadNote> notes) {
    if (!root.isObject()) {
      throw new DocumentRejected("a " + kind.displayName + " document is a JSON object, found "
          + JsonValues.describe(root));
    }
    if (kind == DocumentKind.TASK_DEFINITION && root.has("taskDefinition")) {
      return describedTaskDefinition(root, notes);
    }
    if (kind == DocumentKind.SERVICE && (root.has("service") || root.has("services"))) {
      return describedService(root, notes);
    }
    if (kind == DocumentKind.SERVICE && root.has("serviceArn")) {
      // One service cut out of a describe output: only a described service has an ARN.
      notes.add(new LoadNote("", "read as a service printed by DescribeServices, since it has a serviceArn"));
      return new Opened(DocumentFormat.DESCRIBE_OUTPUT, ServiceDescription.asCreateServiceRequest(root, notes));
    }
    if (root.has("Type") && root.has("Properties")) {
      return cloudFormationResource(root, kind, notes);
    }
    return bare(root, notes);
  }

  private static Opened bare(JsonNode root, List<LoadNote> notes) {
    List<String> pascal = new ArrayList<>();
    List<String> camel = new ArrayList<>();
    root.fieldNames().forEachRemaining(name -> (CloudFormationNames.isPascalCase(name) ? pascal : camel).add(name));
    if (!pascal.isEmpty() && !camel.isEmpty()) {
      throw new DocumentRejected("the document mixes CloudFormation property names (" + String.join(", ", pascal)
          + ") with ECS API member names (" + String.join(", ", camel) + "); use one or the other");
    }
    if (pascal.isEmpty()) {
      return new Opened(DocumentFormat.ECS_API, root);
    }
    notes.add(new LoadNote("", "CloudFormation property names read as the ECS API's member names"));
    return new Opened(DocumentFormat.CLOUDFORMATION, root);
  }

  private static Opened describedTaskDefinition(JsonNode root, List<LoadNote> notes) {
    rejectOtherMembers(root, TASK_DEFINITION_OUTPUT_MEMBERS, "a DescribeTaskDefinition output");
    JsonNode taskDefinition = root.get("taskDefinition");
    if (!taskDefinition.isObject()) {
      throw new DocumentRejected("taskDefinition: expected the task definition object, found "
          + JsonValues.describe(taskDefinition));
    }
    notes.add(new LoadNote("", "read the taskDefinition member of a DescribeTaskDefinition output"));
    ObjectNode body = taskDefinition.deepCopy();
    JsonNode tags = root.get("tags");
    if (tags != null && !tags.isEmpty() && !body.has("tags")) {
      body.set("tags", tags);
      notes.add(new LoadNote("tags", "taken from the output's tags, which DescribeTaskDefinition prints beside the task definition"));
    }
    return new Opened(DocumentFormat.DESCRIBE_OUTPUT, body);
  }

  private static Opened describedService(JsonNode root, List<LoadNote> notes) {
    JsonNode service;
    if (root.has("service")) {
      rejectOtherMembers(root, Set.of("service"), "a CreateService or UpdateService output");
      service = root.get("service");
      notes.add(new LoadNote("", "read the service member of a CreateService or UpdateService output"));
    } else {
      rejectOtherMembers(root, SERVICES_OUTPUT_MEMBERS, "a DescribeServices output");
      JsonNode services = root.get("services");
      if (!services.isArray() || services.size() != 1) {
        throw new DocumentRejected("services: a document holds one service, this DescribeServices output holds "
            + (services.isArray() ? services.size() : "no list of") + " services");
      }
      service = services.get(0);
      notes.add(new LoadNote("", "read the single service of a DescribeServices output"));
    }
    if (!service.isObject()) {
      throw new DocumentRejected("service: expected the service object, found " + JsonValues.describe(service));
    }
    return new Opened(DocumentFormat.DESCRIBE_OUTPUT, ServiceDescription.asCreateServiceRequest(service, notes));
  }

  private static Opened cloudFormationResource(JsonNode root, DocumentKind kind, List<LoadNote> notes) {
    String type = root.get("Type").asText();
    if (!type.equals(kind.cloudFormationType)) {
      throw new DocumentRejected("the CloudFormation resource is of Type " + root.get("Type") + ", not "
          + kind.cloudFormationType);
    }
    root.fieldNames().forEachRemaining(name -> {
      if (RESOURCE_ATTRIBUTES.contains(name)) {
        notes.add(new LoadNote("", "ignored the CloudFormation resource attribute " + name));
      } else if (!name.equals("Type") && !name.equals("Properties")) {
        throw new DocumentRejected(name + ": not an attribute of a CloudFormation resource");
      }
    });
    notes.add(new LoadNote("", "read the Properties of an " + type + " resource, CloudFormation property names"
        + " as the ECS API's member names"));
    return new Opened(DocumentFormat.CLOUDFORMATION, root.get("Properties"));
  }

  private static void rejectOtherMembers(JsonNode root, Set<String> allowed, String what) {
    root.fieldNames().forEachRemaining(name -> {
      if (!allowed.contains(name)) {
        throw new DocumentRejected(name + ": unknown field: " + what + " has only " + String.join(" and ",
            allowed.stream().sorted().toList()));
      }
    });
  }
}
