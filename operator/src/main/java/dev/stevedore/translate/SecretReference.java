package dev.stevedore.translate;

import dev.stevedore.naming.Names;

/**
 * Where an ECS secret reference is read from on Kubernetes: a Secret named after the Secrets Manager secret or
 * SSM parameter, keyed by the JSON key of the reference (or "value").
 *
 * @param secretName the Kubernetes Secret
 * @param key the key in it
 */
public record SecretReference(String secretName, String key) {
  public static final String DEFAULT_KEY = "value";

  /** From a Secrets Manager ARN (optionally :jsonKey:versionStage:versionId), an SSM ARN or a plain name. */
  public static SecretReference of(String valueFrom) {
    String[] parts = valueFrom.split(":", -1);
    if (parts.length >= 7 && "arn".equals(parts[0]) && "secretsmanager".equals(parts[2]) && "secret".equals(parts[5])) {
      String key = parts.length > 7 && !parts[7].isEmpty() ? parts[7] : DEFAULT_KEY;
      return new SecretReference(Names.dnsLabel(parts[6]), keyName(key));
    }
    return new SecretReference(objectName(valueFrom), DEFAULT_KEY);
  }

  /** A Kubernetes object name for an AWS ARN or name: its resource part, sanitised. */
  public static String objectName(String arnOrName) {
    String resource = arnOrName;
    if (arnOrName.startsWith("arn:")) {
      String[] parts = arnOrName.split(":", 6);
      resource = parts.length == 6 ? parts[5] : arnOrName;
    }
    int slash = resource.indexOf('/');
    if (resource.startsWith("parameter/") || resource.startsWith("secret:")) {
      resource = resource.substring(slash < 0 ? resource.indexOf(':') + 1 : slash + 1);
    }
    return Names.dnsLabel(resource.replace('/', '-').replaceAll("^-+", ""));
  }

  private static String keyName(String key) {
    return key.matches("[-._a-zA-Z0-9]+") ? key : Names.dnsLabel(key);
  }
}
