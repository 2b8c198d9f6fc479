package dev.stevedore.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.GeneratedCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The CRDs against the ECS API model itself, as the AWS SDK for Java ships it: every member of
 * RegisterTaskDefinition, CreateService and CreateCluster, and every member of the describe output
 * (TaskDefinition, Service) that exported documents carry, must be a property of the CRD's spec, with a compatible
 * type, and every value of an ECS enum must be admitted. When a new SDK version brings a member ECS added, this
 * test names it: add it to the API class (honoured, or reported field by field) and refresh the CRDs.
 *
 * <p>The walk stops at a property that keeps any content ({@code x-kubernetes-preserve-unknown-fields}): such a
 * member (read-only describe output, or a feature reported as not supported as a whole) accepts whatever ECS puts
 * under it.
 */
class EcsApiModelTest {
  private static final String TASK_DEFINITIONS = "taskdefinitions.ecs.stevedore.dev-v1.yml";
  private static final String SERVICES = "ecsservices.ecs.stevedore.dev-v1.yml";
  private static final String CLUSTERS = "ecsclusters.ecs.stevedore.dev-v1.yml";

  /**
   * ECS members deliberately not in the CRDs, with the reason. Keep it small: a member listed here is refused
   * by the API server as an unknown field.
   */
  private static final Map<String, String> NOT_IN_CRD = Map.of();

  /** Stevedore's own additions to ECS's documents: the only spec properties ECS does not have. */
  private static final Map<String, String> STEVEDORE_ADDITIONS = Map.of(
      CLUSTERS + " .capacityProviderDefinitions",
      "how each capacity provider's tasks reach their nodes: ECS has Auto Scaling groups, Kubernetes node pools",
      CLUSTERS + " .taskSecurity",
      "which privileges, host namespaces, host paths and capabilities the cluster's tasks may use (docs/security.md)",
      SERVICES + " .preDeployTask",
      "a task that must succeed before each new deployment starts, e.g. a migration (docs/tasks.md)",
      SERVICES + " .autoScaling",
      "Application Auto Scaling's scalable target and target tracking policies, on the service (docs/autoscaling.md)");

  /**
   * One ECS shape and the CRD whose spec must accept it.
   *
   * @param shape the SDK's model class
   * @param crd the generated CRD file
   */
  record Mapping(Class<? extends SdkPojo> shape, String crd) {
    @Override
    public String toString() {
      return shape.getSimpleName() + " -> " + crd;
    }

    /** The shape's builder, which lists the same members as the shape. */
    SdkPojo emptyInstance() {
      try {
        return (SdkPojo) shape.getMethod("builder").invoke(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static Stream<Mapping> mappings() {
    return Stream.of(
        new Mapping(RegisterTaskDefinitionRequest.class, TASK_DEFINITIONS),
        new Mapping(TaskDefinition.class, TASK_DEFINITIONS),
        new Mapping(CreateServiceRequest.class, SERVICES),
        new Mapping(Service.class, SERVICES),
        new Mapping(CreateClusterRequest.class, CLUSTERS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mappings")
  void everyEcsMemberIsASpecProperty(Mapping mapping) {
    List<String> problems = new ArrayList<>();
    walk(mapping.emptyInstance().sdkFields(), mapping.shape(), spec(mapping.crd()), "", mapping.crd(), problems,
        new ArrayList<>());

    assertThat(problems)
        .as("ECS members the CRD %s does not accept as ECS does (add them to the API classes, honoured or"
            + " reported, then refresh the CRDs; or list them in NOT_IN_CRD with the reason)", mapping.crd())
        .isEmpty();
  }

  @Test
  void everySpecPropertyIsAnEcsMemberOrAStevedoreAddition() {
    Set<String> ecsMembers = new TreeSet<>();
    mappings().forEach(m -> collectPaths(m.emptyInstance().sdkFields(), "", m.crd(), ecsMembers));
    List<String> strangers = new ArrayList<>();
    for (String crd : List.of(TASK_DEFINITIONS, SERVICES, CLUSTERS)) {
      collectSchemaPaths(spec(crd), "", crd, ecsMembers, strangers);
    }

    assertThat(strangers).as("spec properties ECS does not have").isEmpty();
  }

  @Test
  void theAllowListsNameRealMembers() {
    Set<String> ecsMembers = new TreeSet<>();
    mappings().forEach(m -> collectPaths(m.emptyInstance().sdkFields(), "", m.crd(), ecsMembers));
    assertThat(ecsMembers).containsAll(NOT_IN_CRD.keySet());
    assertThat(ecsMembers).doesNotContainAnyElementsOf(STEVEDORE_ADDITIONS.keySet());
  }

  private static JSONSchemaProps spec(String crd) {
    return GeneratedCrds.load(crd).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
        .getProperties().get("spec");
  }

  private static void walk(List<SdkField<?>> fields, Class<?> owner, JSONSchemaProps schema, String path,
                           String crd, List<String> problems, List<Class<?>> stack) {
    for (SdkField<?> field : fields) {
      String name = field.locationName();
      String where = path + "." + name;
      if (NOT_IN_CRD.containsKey(crd + " " + where)) {
        continue;
      }
      JSONSchemaProps property = schema.getProperties() == null ? null : schema.getProperties().get(name);
      if (property == null) {
        problems.add(where + ": unknown field (ECS " + field.marshallingType() + ")");
        continue;
      }
      if (keepsAnyContent(property)) {
        continue;
      }
      MarshallingType<?> type = field.marshallingType();
      String expected = jsonType(type);
      if (!typeAccepts(property, expected)) {
        problems.add(where + ": ECS has " + expected + ", the CRD " + property.getType());
        continue;
      }
      if (type == MarshallingType.STRING) {
        enumValues(owner, field).ifPresent(values -> checkEnum(values, property, null, schema, name, where, problems));
      } else if (type == MarshallingType.SDK_POJO) {
        descend(field, property, where, crd, problems, stack);
      } else if (type == MarshallingType.LIST) {
        SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
        JSONSchemaProps items = property.getItems() == null ? null : property.getItems().getSchema();
        if (items == null) {
          problems.add(where + ": a list without an item schema");
        } else if (member.marshallingType() == MarshallingType.SDK_POJO) {
          if (!keepsAnyContent(items)) {
            descend(member, items, where + "[]", crd, problems, stack);
          }
        } else if (member.marshallingType() == MarshallingType.STRING) {
          enumValues(owner, field).ifPresent(values -> checkEnum(values, items, property, null, null, where + "[]",
              problems));
        }
      } else if (type == MarshallingType.MAP) {
        SdkField<?> value = field.getTrait(MapTrait.class).valueFieldInfo();
        JSONSchemaProps values = property.getAdditionalProperties() == null ? null
            : property.getAdditionalProperties().getSchema();
        if (value.marshallingType() == MarshallingType.SDK_POJO && values != null && !keepsAnyContent(values)) {
          descend(value, values, where + "{}", crd, problems, stack);
        }
      }
    }
  }

  private static void descend(SdkField<?> field, JSONSchemaProps property, String where, String crd,
                              List<String> problems, List<Class<?>> stack) {
    SdkPojo pojo = (SdkPojo) field.constructor().get();
    Class<?> type = modelClass(pojo);
    if (stack.contains(type)) {
      return;
    }
    stack.add(type);
    walk(pojo.sdkFields(), type, property, where, crd, problems, stack);
    stack.remove(stack.size() - 1);
  }

  /** The model class of a builder instance (BuilderImpl is nested in the class it builds). */
  private static Class<?> modelClass(SdkPojo builder) {
    Class<?> type = builder.getClass();
    return type.getEnclosingClass() != null ? type.getEnclosingClass() : type;
  }

  /**
   * Every value of an ECS enum must be admitted, and an optional one must admit "" too: exported documents carry
   * unset enums as empty strings, and the AWS SDKs leave them out, so ECS registers such a file.
   */
  private static void checkEnum(Collection<String> values, JSONSchemaProps property, JSONSchemaProps list,
                                JSONSchemaProps parent, String name, String where, List<String> problems) {
    for (String value : values) {
      if (!admits(property, list, value)) {
        problems.add(where + ": the ECS value \"" + value + "\" is not admitted");
      }
    }
    boolean required = parent != null && parent.getRequired() != null && parent.getRequired().contains(name);
    if (parent != null && !required && !admits(property, null, "")) {
      problems.add(where + ": an optional enum must admit \"\" (an unset value in an export)");
    }
  }

  /** A pattern or enum on the value, or a CEL rule on the list naming the value. */
  private static boolean admits(JSONSchemaProps property, JSONSchemaProps list, String value) {
    if (property.getEnum() != null && !property.getEnum().isEmpty()) {
      return property.getEnum().stream().anyMatch(e -> value.equals(e.asText()));
    }
    if (property.getPattern() != null) {
      return Pattern.compile(property.getPattern()).matcher(value).find();
    }
    if (list != null && list.getXKubernetesValidations() != null && !list.getXKubernetesValidations().isEmpty()) {
      return list.getXKubernetesValidations().stream().map(ValidationRule::getRule)
          .anyMatch(rule -> rule.contains("'" + value + "'"));
    }
    // Not constrained: anything is admitted.
    return true;
  }

  /** The known values of an enum member, read from the model class's typed getter. */
  private static java.util.Optional<List<String>> enumValues(Class<?> owner, SdkField<?> field) {
    String getter = field.memberName().substring(0, 1).toLowerCase() + field.memberName().substring(1);
    for (Method method : owner.getMethods()) {
      if (!method.getName().equalsIgnoreCase(getter) || method.getParameterCount() != 0) {
        continue;
      }
      Type returned = method.getGenericReturnType();
      Class<?> enumType = returned instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c
          ? c : method.getReturnType();
      if (enumType.isEnum()) {
        try {
          @SuppressWarnings("unchecked")
          Set<? extends Enum<?>> known = (Set<? extends Enum<?>>) enumType.getMethod("knownValues").invoke(null);
          return java.util.Optional.of(known.stream().map(Object::toString).sorted().toList());
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean keepsAnyContent(JSONSchemaProps property) {
    return Boolean.TRUE.equals(property.getXKubernetesPreserveUnknownFields())
        && (property.getProperties() == null || property.getProperties().isEmpty());
  }

  private static String jsonType(MarshallingType<?> type) {
    if (type == MarshallingType.STRING) return "string";
    if (type == MarshallingType.INTEGER || type == MarshallingType.LONG) return "integer";
    if (type == MarshallingType.BOOLEAN) return "boolean";
    if (type == MarshallingType.LIST) return "array";
    if (type == MarshallingType.MAP || type == MarshallingType.SDK_POJO) return "object";
    if (type == MarshallingType.DOUBLE || type == MarshallingType.FLOAT) return "number";
    return type.toString();
  }

  private static boolean typeAccepts(JSONSchemaProps property, String expected) {
    if (Boolean.TRUE.equals(property.getXKubernetesIntOrString())) {
      return expected.equals("string") || expected.equals("integer");
    }
    return expected.equals(property.getType());
  }

  private static void collectPaths(List<SdkField<?>> fields, String path, String crd, Set<String> into) {
    collectPaths(fields, path, crd, into, new ArrayList<>());
  }

  private static void collectPaths(List<SdkField<?>> fields, String path, String crd, Set<String> into,
                                   List<Class<?>> stack) {
    for (SdkField<?> field : fields) {
      String where = path + "." + field.locationName();
      into.add(crd + " " + where);
      SdkField<?> nested = field.marshallingType() == MarshallingType.LIST
          ? field.getTrait(ListTrait.class).memberFieldInfo()
          : field.marshallingType() == MarshallingType.MAP ? field.getTrait(MapTrait.class).valueFieldInfo() : field;
      if (nested.marshallingType() == MarshallingType.SDK_POJO) {
        SdkPojo pojo = (SdkPojo) nested.constructor().get();
        Class<?> type = modelClass(pojo);
        if (!stack.contains(type)) {
          stack.add(type);
          String suffix = field.marshallingType() == MarshallingType.LIST ? "[]"
              : field.marshallingType() == MarshallingType.MAP ? "{}" : "";
          collectPaths(pojo.sdkFields(), where + suffix, crd, into, stack);
          stack.remove(stack.size() - 1);
        }
      }
    }
  }

  private static void collectSchemaPaths(JSONSchemaProps schema, String path, String crd, Set<String> ecsMembers,
                                         List<String> strangers) {
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> {
        String where = path + "." + name;
        String key = crd + " " + where;
        if (STEVEDORE_ADDITIONS.containsKey(key)) {
          return;
        }
        if (!ecsMembers.contains(key)) {
          strangers.add(key);
          return;
        }
        collectSchemaPaths(property, where, crd, ecsMembers, strangers);
      });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectSchemaPaths(schema.getItems().getSchema(), path + "[]", crd, ecsMembers, strangers);
    }
    if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
      collectSchemaPaths(schema.getAdditionalProperties().getSchema(), path + "{}", crd, ecsMembers, strangers);
    }
  }
}
