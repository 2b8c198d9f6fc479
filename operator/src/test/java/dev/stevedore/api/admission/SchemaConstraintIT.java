package dev.stevedore.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.api.v1alpha1.ApiGroup;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Every OpenAPI constraint of the CRDs (minimum, maximum, lengths, item counts, patterns) refuses a value that
 * breaks it, on a real API server: one generated case per constraint, each a small valid document with the one
 * value set just past the limit. Each case is named after the ECS member the limit belongs to, read from the ECS
 * API model (the AWS SDK), so the ECS API reference for that member is where to read the limit; a constrained
 * property ECS does not have is named a Stevedore extension. Item counts ECS states no limit for (environment,
 * links, command, ...) are bounds the API server needs to cost the CEL rules, set well above anything that fits in
 * ECS's size limit of a task definition. The CEL rules have their own cases with their ECS source
 * ({@link AdmissionRuleCoverageTest}, {@link CrdAdmissionIT}).
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class SchemaConstraintIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> CONSTRAINTS =
      List.of("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern");

  static KubernetesClient client;

  /**
   * A kind, a document that it admits, and the ECS request whose members its spec holds.
   *
   * @param crd the generated CRD file
   * @param kind the kind
   * @param validSpec a spec the API server admits
   * @param ecsShapes the ECS request the spec is, and the describe output exports carry
   */
  record Kind(String crd, String kind, String validSpec, List<Class<? extends SdkPojo>> ecsShapes) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("taskdefinitions.ecs.stevedore.dev-v1.yml", "TaskDefinition",
          "{\"family\": \"t\", \"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx\", \"memory\": 256}]}",
          List.of(RegisterTaskDefinitionRequest.class, TaskDefinition.class)),
      new Kind("ecsservices.ecs.stevedore.dev-v1.yml", "EcsService",
          "{\"taskDefinition\": \"web\", \"desiredCount\": 1}", List.of(CreateServiceRequest.class, Service.class)),
      new Kind("ecsclusters.ecs.stevedore.dev-v1.yml", "EcsCluster", "{}", List.of(CreateClusterRequest.class)));

  /**
   * One constraint of one property.
   *
   * @param path the property's path under spec, segments like ["containerDefinitions", "[]", "memory"]
   * @param constraint minimum, maximum, ...
   * @param property the property's schema
   */
  record Constraint(List<String> path, String constraint, JSONSchemaProps property) {
    String display() {
      return "spec" + String.join("", path.stream().map(s -> s.equals("[]") ? s : "." + s).toList());
    }

    /** The field the API server names in its answer: list elements are the first ones. */
    String field() {
      return display().replace("[]", "[0]");
    }
  }

  @BeforeAll
  static void installCrds() {
    GeneratedCrds.install(client);
    // kube-api-test runs no controller-manager, which would create the default namespace.
    if (client.namespaces().withName("default").get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
          .create();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyConstraintRefusesAValuePastIt() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Kind kind : KINDS) {
      CustomResourceDefinition crd = GeneratedCrds.load(kind.crd());
      JSONSchemaProps spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
          .getProperties().get("spec");
      List<Constraint> constraints = new ArrayList<>();
      collect(spec, new ArrayList<>(), constraints);
      for (Constraint c : constraints) {
        String name = kind.kind() + " " + c.display() + " " + c.constraint() + " " + value(c)
            + " -- ECS: " + kind.ecsShapes().stream().flatMap(shape -> ecsMember(shape, c.path()).stream())
                .findFirst().map(m -> "member " + m + " (ECS API reference)")
                .orElse("Stevedore extension, not an ECS member");
        tests.add(DynamicTest.dynamicTest(name, () -> assertRefused(kind, c)));
      }
    }
    assertThat(tests).as("constraints found").hasSizeGreaterThan(100);
    return tests.stream();
  }

  private static void assertRefused(Kind kind, Constraint c) throws Exception {
    ObjectNode spec = (ObjectNode) JSON.readTree(kind.validSpec());
    set(spec, c.path(), 0, breaking(c));
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(ApiGroup.GROUP + "/v1alpha1");
    resource.setKind(kind.kind());
    resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("constraint")
        .withNamespace("default").build());
    resource.setAdditionalProperty("spec", JSON.convertValue(spec, Map.class));

    KubernetesClientException refusal = catchThrowableOfType(KubernetesClientException.class,
        () -> client.resource(resource).inNamespace("default").dryRun().create());

    assertThat(refusal).as("the API server must refuse %s", spec).isNotNull();
    assertThat(refusal.getStatus().getDetails().getCauses()).extracting(StatusCause::getField)
        .as(refusal.getStatus().getMessage())
        .contains(c.field());
  }

  /** Walks the spec schema and lists every constraint, at every depth. */
  private static void collect(JSONSchemaProps schema, List<String> path, List<Constraint> into) {
    if (!path.isEmpty()) {
      if (schema.getMinimum() != null) into.add(new Constraint(List.copyOf(path), "minimum", schema));
      if (schema.getMaximum() != null) into.add(new Constraint(List.copyOf(path), "maximum", schema));
      if (schema.getMinLength() != null && schema.getMinLength() > 0) {
        into.add(new Constraint(List.copyOf(path), "minLength", schema));
      }
      if (schema.getMaxLength() != null) into.add(new Constraint(List.copyOf(path), "maxLength", schema));
      if (schema.getMinItems() != null && schema.getMinItems() > 0) {
        into.add(new Constraint(List.copyOf(path), "minItems", schema));
      }
      if (schema.getMaxItems() != null) into.add(new Constraint(List.copyOf(path), "maxItems", schema));
      if (schema.getPattern() != null) into.add(new Constraint(List.copyOf(path), "pattern", schema));
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> {
        path.add(name);
        collect(property, path, into);
        path.remove(path.size() - 1);
      });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      path.add("[]");
      collect(schema.getItems().getSchema(), path, into);
      path.remove(path.size() - 1);
    }
  }

  private static String value(Constraint c) {
    JSONSchemaProps p = c.property();
    return switch (c.constraint()) {
      case "minimum" -> String.valueOf(p.getMinimum().longValue());
      case "maximum" -> String.valueOf(p.getMaximum().longValue());
      case "minLength" -> String.valueOf(p.getMinLength());
      case "maxLength" -> String.valueOf(p.getMaxLength());
      case "minItems" -> String.valueOf(p.getMinItems());
      case "maxItems" -> String.valueOf(p.getMaxItems());
      default -> p.getPattern();
    };
  }

  /** A value just past the constraint. */
  private static JsonNode breaking(Constraint c) {
    JSONSchemaProps p = c.property();
    return switch (c.constraint()) {
      case "minimum" -> NODES.numberNode(p.getMinimum().longValue() - 1);
      case "maximum" -> NODES.numberNode(p.getMaximum().longValue() + 1);
      case "minLength" -> NODES.textNode("");
      case "maxLength" -> NODES.textNode("a".repeat(p.getMaxLength().intValue() + 1));
      case "minItems" -> NODES.arrayNode();
      case "maxItems" -> {
        ArrayNode items = NODES.arrayNode();
        for (long i = 0; i <= p.getMaxItems(); i++) {
          items.add(element(p.getItems().getSchema(), i));
        }
        yield items;
      }
      // "!" is no enum value, name or range.
      default -> NODES.textNode("!");
    };
  }

  /** A list element of the item type: distinct, so that uniqueness rules are not what refuses the list. */
  private static JsonNode element(JSONSchemaProps items, long i) {
    if ("integer".equals(items.getType())) {
      return NODES.numberNode(i + 1);
    }
    if ("object".equals(items.getType())) {
      return NODES.objectNode();
    }
    return NODES.textNode("x" + i);
  }

  /** Sets the value at the path, creating objects and first list elements on the way. */
  private static void set(ObjectNode node, List<String> path, int at, JsonNode value) {
    String name = path.get(at);
    boolean last = at == path.size() - 1;
    boolean listFollows = !last && path.get(at + 1).equals("[]");
    if (last) {
      node.set(name, value);
      return;
    }
    if (!listFollows) {
      ObjectNode child = node.get(name) instanceof ObjectNode existing ? existing : node.putObject(name);
      set(child, path, at + 1, value);
      return;
    }
    ArrayNode list = node.get(name) instanceof ArrayNode existing ? existing : node.putArray(name);
    boolean elementIsLast = at + 1 == path.size() - 1;
    if (elementIsLast) {
      list.removeAll();
      list.add(value);
      return;
    }
    if (list.isEmpty() || !(list.get(0) instanceof ObjectNode)) {
      list.removeAll();
      list.addObject();
    }
    set((ObjectNode) list.get(0), path, at + 2, value);
  }

  /** The ECS shape and member a spec path belongs to, e.g. HealthCheck.interval, if ECS has it. */
  private static Optional<String> ecsMember(Class<? extends SdkPojo> root, List<String> path) {
    try {
      SdkPojo shape = (SdkPojo) root.getMethod("builder").invoke(null);
      String owner = root.getSimpleName();
      String member = null;
      for (String segment : path) {
        if (segment.equals("[]")) {
          continue;
        }
        if (shape == null) {
          return Optional.empty();
        }
        SdkField<?> field = shape.sdkFields().stream().filter(f -> segment.equals(f.locationName())).findFirst()
            .orElse(null);
        if (field == null) {
          return Optional.empty();
        }
        member = owner + "." + segment;
        SdkField<?> nested = field.marshallingType() == MarshallingType.LIST
            ? field.getTrait(ListTrait.class).memberFieldInfo() : field;
        if (nested.marshallingType() == MarshallingType.SDK_POJO) {
          shape = (SdkPojo) nested.constructor().get();
          Class<?> type = shape.getClass().getEnclosingClass() != null
              ? shape.getClass().getEnclosingClass() : shape.getClass();
          owner = type.getSimpleName();
        } else {
          shape = null;
        }
      }
      return Optional.ofNullable(member);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
