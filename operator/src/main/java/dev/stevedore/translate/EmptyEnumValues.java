package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  /** The members worth visiting: optional enums, and members whose type can hold one. Computed once per class. */
  private static final ClassValue<List<Member>> MEMBERS = new ClassValue<>() {
    @Override
    protected List<Member> computeValue(Class<?> type) {
      List<Member> members = new ArrayList<>();
      for (Field field : type.getFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        if (field.getType() == String.class) {
          if (isOptionalEnum(field)) {
            members.add(new Member(field, true));
          }
        } else if (canHoldOptionalEnum(field.getGenericType(), new HashSet<>())) {
          members.add(new Member(field, false));
        }
      }
      return List.copyOf(members);
    }
  };

  /**
   * A member worth visiting.
   *
   * @param field the public field
   * @param optionalEnum true: a string holding an optional enum; false: a member whose value can contain one
   */
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
      Object member = read(m.field(), value);
      if (member == null) {
        continue;
      }
      if (m.optionalEnum()) {
        if (((String) member).isEmpty()) {
          found.add(join(path, m.field().getName()));
          if (clear) {
            write(m.field(), value, null);
          }
        }
      } else {
        walk(member, join(path, m.field().getName()), found, clear);
      }
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Whether a value of this type can contain an optional enum: an API class with one, or a list or map of such. */
  private static boolean canHoldOptionalEnum(Type type, Set<Class<?>> visiting) {
    if (type instanceof ParameterizedType parameterized) {
      Type[] arguments = parameterized.getActualTypeArguments();
      return canHoldOptionalEnum(arguments[arguments.length - 1], visiting);
    }
    if (!(type instanceof Class<?> raw) || !raw.getPackageName().equals(API_PACKAGE) || !visiting.add(raw)) {
      return false;
    }
    for (Field field : raw.getFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      if (field.getType() == String.class ? isOptionalEnum(field) : canHoldOptionalEnum(field.getGenericType(), visiting)) {
        return true;
      }
    }
    return false;
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
