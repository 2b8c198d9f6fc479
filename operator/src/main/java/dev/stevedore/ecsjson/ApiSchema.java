package dev.stevedore.ecsjson;

import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import io.fabric8.generator.annotation.Required;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of the API types as the loader needs it: which members a type has, of which Java type, and which
 * ones are required. Read from the public fields of {@code dev.stevedore.api.v1alpha1}, whose names are the ECS
 * API's member names, so the loader and the CRD schema can never disagree.
 */
final class ApiSchema {
  private static final String API_PACKAGE = TaskDefinitionSpec.class.getPackageName();
  private static final ClassValue<Map<String, Field>> FIELDS = new ClassValue<>() {
    @Override
    protected Map<String, Field> computeValue(Class<?> type) {
      Map<String, Field> fields = new LinkedHashMap<>();
      for (Field field : type.getFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          fields.put(field.getName(), field);
        }
      }
      return Collections.unmodifiableMap(fields);
    }
  };

  private ApiSchema() {}

  /** The members of an API type by their ECS name, in declaration order. */
  static Map<String, Field> fields(Class<?> type) {
    return FIELDS.get(type);
  }

  static boolean isApiType(Class<?> type) {
    return type.getPackageName().equals(API_PACKAGE);
  }

  /** Required by the CRD schema: a document without it cannot be a valid resource. */
  static boolean isRequired(Field field) {
    return field.isAnnotationPresent(Required.class);
  }

  /**
   * A member whose value cannot be left out when the document gave one the loader cannot resolve. Beyond the
   * required members, this is a service's taskDefinition: CreateService only lets an EXTERNAL controller omit it
   * (the CRD says so in CEL), and a service whose task definition is unknown cannot run anything.
   */
  static boolean mustResolve(Field field) {
    return isRequired(field)
        || (field.getDeclaringClass() == EcsServiceSpec.class && field.getName().equals("taskDefinition"));
  }

  /** How the ECS documentation names an API type in messages. */
  static String ecsName(Class<?> type) {
    if (type == TaskDefinitionSpec.class) {
      return "RegisterTaskDefinition request";
    }
    if (type == EcsServiceSpec.class) {
      return "CreateService request";
    }
    return type.getSimpleName();
  }

  static Class<?> rawClass(Type type) {
    return type instanceof ParameterizedType parameterized
        ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
  }

  /** The element type of a List, or the value type of a Map. */
  static Type lastTypeArgument(Type type) {
    Type[] arguments = ((ParameterizedType) type).getActualTypeArguments();
    return arguments[arguments.length - 1];
  }
}
