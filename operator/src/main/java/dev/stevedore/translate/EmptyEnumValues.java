package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Optional ECS enums given as empty strings ({@code "pidMode": ""}), as exported documents carry them. The AWS
 * SDKs leave an empty enum out of the request, so ECS registers such a document as if the member were absent;
 * Stevedore admits them and translates them as absent, and reports each one.
 *
 * <p>An optional enum is a string member whose schema pattern admits the empty string: the API classes write
 * them {@code ^(A|B)?$}. Names and other free text have patterns that need at least one character.
 */
public final class EmptyEnumValues {
  public static final String REASON = "empty value treated as absent, as ECS does";
  private static final String API_PACKAGE = TaskDefinitionSpec.class.getPackageName();
  private static final ClassValue<List<Member>> MEMBERS = new ClassValue<>() {
    @Override
    protected List<Member> computeValue(Class<?> type) {
      List<Member> members = new ArrayList<>();
      for (Field field : type.getFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          members.add(new Member(field, isOptionalEnum(field)));
        }
      }
      return List.copyOf(members);
    }
  };

  /** A public field of an API class, and whether it holds an optional enum. */
  private record Member(Field field, boolean optionalEnum) {}

  private EmptyEnumValues() {}

  /** Paths of the empty optional enums in a spec, e.g. containerDefinitions[0].versionConsistency, in spec order. */
  public static List<String> find(Object spec) {
    List<String> paths = new ArrayList<>();
    walk(spec, "", paths, false);
    return paths;
  }

  /** The spec itself when it has no empty optional enum, else a copy in which they are absent. */
  public static <T> T cleared(T spec) {
    if (spec == null || find(spec).isEmpty()) {
      return spec;
    }
    @SuppressWarnings("unchecked")
    T copy = (T) Serialization.jsonMapper().convertValue(spec, spec.getClass());
    walk(copy, "", new ArrayList<>(), true);
    return copy;
  }

  private static void walk(Object value, String path, List<String> found, boolean clear) {
    if (value == null) {
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", found, clear);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      new TreeMap<>(map).forEach((key, element) -> walk(element, path + "." + key, found, clear));
      return;
    }
    if (!value.getClass().getPackageName().equals(API_PACKAGE)) {
      return;
    }
    for (Member m : MEMBERS.get(value.getClass())) {
      Field field = m.field();
      String where = path.isEmpty() ? field.getName() : path + "." + field.getName();
      Object member = read(field, value);
      if (member instanceof String text) {
        if (text.isEmpty() && m.optionalEnum()) {
          found.add(where);
          if (clear) {
            write(field, value, null);
          }
        }
      } else {
        walk(member, where, found, clear);
      }
    }
  }

  private static boolean isOptionalEnum(Field field) {
    Pattern pattern = field.getAnnotation(Pattern.class);
    return pattern != null && java.util.regex.Pattern.compile(pattern.value()).matcher("").matches();
  }

  private static Object read(Field field, Object owner) {
    try {
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Field field, Object owner, Object value) {
    try {
      field.set(owner, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
