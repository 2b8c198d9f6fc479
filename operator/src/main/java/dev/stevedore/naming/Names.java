package dev.stevedore.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns ECS names (up to 255 letters, digits, '_' and '-') into Kubernetes names. A name that is already a
 * valid Kubernetes name is kept as it is. Any other name is lower-cased, cleaned, shortened and suffixed with
 * five hex digits of its SHA-256, so two different ECS names never meet in one Kubernetes name. Callers keep
 * the original in an annotation.
 */
public final class Names {
  /** RFC 1123 label: container names, label values, most object names. */
  public static final int DNS_LABEL_MAX = 63;
  /** IANA service name: container port names. */
  public static final int PORT_NAME_MAX = 15;

  /** Longest Deployment name whose ReplicaSets (name, '-', up to 10 hash characters) are still valid names. */
  public static final int WORKLOAD_NAME_MAX = 253 - 11;

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final int SUFFIX = 5;

  private Names() {}

  /** A DNS-1123 label of at most {@code max} characters. */
  public static String dnsLabel(String ecsName, int max) {
    if (ecsName.length() <= max && DNS_LABEL.matcher(ecsName).matches()) {
      return ecsName;
    }
    String cleaned = ecsName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return withSuffix(cleaned, ecsName, max);
  }

  /** A DNS-1123 label of at most 63 characters. */
  public static String dnsLabel(String ecsName) {
    return dnsLabel(ecsName, DNS_LABEL_MAX);
  }

  /**
   * A DNS-1035 label (a letter first, at most 63), as a Service's name must be. Kubernetes object names may start
   * with a digit, contain dots and run to 253 characters: those are cleaned and suffixed like ECS names.
   */
  public static String dns1035Label(String name) {
    if (name.length() <= DNS_LABEL_MAX && DNS_1035_LABEL.matcher(name).matches()) {
      return name;
    }
    String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String label = withSuffix(cleaned, name, DNS_LABEL_MAX - 1);
    return Character.isLetter(label.charAt(0)) ? label : "s" + label;
  }

  /** An IANA service name for a container port: at most 15 characters, at least one letter. */
  public static String portName(String ecsName) {
    if (ecsName.length() <= PORT_NAME_MAX && PORT_NAME.matcher(ecsName).matches()
        && !ecsName.contains("--") && ecsName.chars().anyMatch(Character::isLetter)) {
      return ecsName;
    }
    String cleaned = ecsName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    String name = withSuffix(cleaned, ecsName, PORT_NAME_MAX).replaceAll("-+", "-");
    return name.chars().anyMatch(Character::isLetter) ? name : "p" + name.substring(1);
  }

  /** A label value (at most 63 characters of letters, digits, '-', '_' and '.'); empty stays empty. */
  public static String labelValue(String value) {
    if (value.isEmpty() || (value.length() <= DNS_LABEL_MAX && LABEL_VALUE.matcher(value).matches())) {
      return value;
    }
    String cleaned = value.replaceAll("[^A-Za-z0-9_.-]", "-");
    return withSuffix(cleaned, value, DNS_LABEL_MAX);
  }

  private static String withSuffix(String cleaned, String original, int max) {
    String base = trimToAlphanumeric(cleaned.substring(0, Math.min(cleaned.length(), max - SUFFIX - 1)));
    String suffix = hash(original).substring(0, SUFFIX);
    return base.isEmpty() ? "x" + suffix : base + "-" + suffix;
  }

  private static String trimToAlphanumeric(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && !Character.isLetterOrDigit(s.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetterOrDigit(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes. */
  public static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
