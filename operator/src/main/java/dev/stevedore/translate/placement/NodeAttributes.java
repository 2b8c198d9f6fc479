package dev.stevedore.translate.placement;

import dev.stevedore.api.v1alpha1.ApiGroup;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * ECS container instance attributes as Kubernetes node labels.
 *
 * <ul>
 *   <li>{@code ecs.availability-zone} is {@code topology.kubernetes.io/zone}, {@code ecs.instance-type} is
 *       {@code node.kubernetes.io/instance-type}, {@code ecs.os-type} is {@code kubernetes.io/os},
 *       {@code ecs.cpu-architecture} is {@code kubernetes.io/arch} (x86_64 becomes amd64) and {@code ecs.os-family}
 *       LINUX is {@code kubernetes.io/os=linux}: the well-known labels every node has.</li>
 *   <li>An attribute whose name is already a qualified label key ({@code example.com/team},
 *       {@code stevedore.dev/pool}) is that node label, unchanged.</li>
 *   <li>Any other attribute (custom ones, and ECS built-ins Kubernetes has no label for, such as
 *       {@code ecs.ami-id}) is the node label {@code attribute.ecs.stevedore.dev/<name>}: give a node the attribute
 *       by labelling it so.</li>
 * </ul>
 */
public final class NodeAttributes {
  /** Prefix of the node labels that carry custom ECS attributes. */
  public static final String CUSTOM_PREFIX = "attribute." + ApiGroup.GROUP + "/";
  public static final String ZONE = "topology.kubernetes.io/zone";
  public static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
  public static final String OS = "kubernetes.io/os";
  public static final String ARCH = "kubernetes.io/arch";
  public static final String HOSTNAME = "kubernetes.io/hostname";

  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final int LABEL_NAME_MAX = 63;
  private static final int PREFIX_MAX = 253;

  /** An attribute that cannot be matched against node labels, and why. */
  public static final class NotTranslatable extends Exception {
    public NotTranslatable(String reason) {
      super(reason);
    }
  }

  /**
   * The node label of an attribute.
   *
   * @param attribute the ECS attribute name
   * @param key the node label key
   * @param values how an ECS value becomes the label's value
   * @param approximation why matching the label is not quite what ECS does, or null when it is
   */
  public record Label(String attribute, String key, UnaryOperator<String> values, String approximation) {

    /** The label value for an ECS value. */
    public String value(String ecsValue) throws NotTranslatable {
      String value = values.apply(ecsValue);
      if (value == null) {
        throw new NotTranslatable("attribute:" + attribute + " value '" + ecsValue + "' has no node label value: "
            + "Stevedore maps only " + describeValues(attribute));
      }
      if (!isLabelValue(value)) {
        throw new NotTranslatable("'" + ecsValue + "' cannot be the value of a node label (at most 63 letters, digits,"
            + " '-', '_' and '.', starting and ending with a letter or digit)");
      }
      return value;
    }
  }

  private static final Map<String, String> ARCHITECTURES = Map.of("x86_64", "amd64", "arm64", "arm64");

  private NodeAttributes() {}

  /** The node label of {@code attribute:<name>}. */
  public static Label of(String attribute) throws NotTranslatable {
    switch (attribute) {
      case "ecs.availability-zone" -> {
        return new Label(attribute, ZONE, UnaryOperator.identity(), null);
      }
      case "ecs.instance-type" -> {
        return new Label(attribute, INSTANCE_TYPE, UnaryOperator.identity(), null);
      }
      case "ecs.os-type" -> {
        return new Label(attribute, OS, v -> v.toLowerCase(Locale.ROOT), null);
      }
      case "ecs.cpu-architecture" -> {
        return new Label(attribute, ARCH, v -> ARCHITECTURES.getOrDefault(v.toLowerCase(Locale.ROOT), v), null);
      }
      case "ecs.os-family" -> {
        return new Label(attribute, OS, v -> "LINUX".equalsIgnoreCase(v) ? "linux" : null, null);
      }
      default -> {
        // handled below
      }
    }
    int slash = attribute.lastIndexOf('/');
    if (slash > 0) {
      if (isQualifiedKey(attribute)) {
        return new Label(attribute, attribute, UnaryOperator.identity(), null);
      }
      throw new NotTranslatable("attribute:" + attribute + " is neither a node label key (prefix/name) nor a plain"
          + " name Stevedore can put under " + CUSTOM_PREFIX);
    }
    if (attribute.length() > LABEL_NAME_MAX || !LABEL_NAME.matcher(attribute).matches()) {
      throw new NotTranslatable("attribute:" + attribute + " cannot be a node label name (at most 63 letters, digits,"
          + " '-', '_' and '.', starting and ending with a letter or digit)");
    }
    String key = CUSTOM_PREFIX + attribute;
    String approximation = attribute.startsWith("ecs.")
        ? "attribute:" + attribute + " is matched against the node label " + key + ", which nodes carry only when"
            + " they are labelled so"
        : null;
    return new Label(attribute, key, UnaryOperator.identity(), approximation);
  }

  /** A valid label value: at most 63 characters, alphanumeric at both ends, '-', '_' and '.' inside. */
  public static boolean isLabelValue(String value) {
    return value != null && !value.isEmpty() && value.length() <= LABEL_NAME_MAX && LABEL_NAME.matcher(value).matches();
  }

  /** A valid label key with a prefix: {@code dns.subdomain/name}. */
  static boolean isQualifiedKey(String key) {
    int slash = key.indexOf('/');
    if (slash <= 0 || slash != key.lastIndexOf('/')) {
      return false;
    }
    String prefix = key.substring(0, slash);
    String name = key.substring(slash + 1);
    return prefix.length() <= PREFIX_MAX && DNS_SUBDOMAIN.matcher(prefix).matches()
        && name.length() <= LABEL_NAME_MAX && LABEL_NAME.matcher(name).matches();
  }

  private static String describeValues(String attribute) {
    return "ecs.os-family".equals(attribute)
        ? "LINUX (kubernetes.io/os=linux); for Windows nodes use attribute:ecs.os-type == windows"
        : "values that are node label values";
  }
}
