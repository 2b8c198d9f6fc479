package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.KeyValuePair;
import dev.stevedore.api.v1alpha1.Secret;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A container's environment: variables, secrets and environment files, read from Kubernetes objects. */
final class ContainerEnvironment {
  private ContainerEnvironment() {}

  /** Sorted by name, so that reordering the ECS list does not roll the pods; a secret wins over a plain value. */
  static List<EnvVar> variables(ContainerDefinition c, String path, TranslationReport report) {
    Map<String, EnvVar> env = new TreeMap<>();
    if (c.environment != null) {
      for (KeyValuePair kv : c.environment) {
        if (kv.name != null) {
          env.put(kv.name, new EnvVarBuilder().withName(kv.name).withValue(kv.value == null ? "" : kv.value).build());
        }
      }
    }
    if (c.secrets != null && !c.secrets.isEmpty()) {
      report.approximated(path + ".secrets", "read from the Kubernetes Secrets "
          + c.secrets.stream().map(s -> SecretReference.of(s.valueFrom).secretName()).distinct().sorted()
              .collect(Collectors.joining(", "))
          + ", which must exist in the namespace; Stevedore does not fetch from Secrets Manager or SSM");
      for (Secret s : c.secrets) {
        SecretReference ref = SecretReference.of(s.valueFrom);
        env.put(s.name, new EnvVarBuilder().withName(s.name)
            .withNewValueFrom().withNewSecretKeyRef(ref.key(), ref.secretName(), false).endValueFrom().build());
      }
    }
    return List.copyOf(env.values());
  }

  static List<EnvFromSource> files(ContainerDefinition c, String path, TranslationReport report) {
    if (c.environmentFiles == null || c.environmentFiles.isEmpty()) {
      return List.of();
    }
    List<EnvFromSource> sources = new ArrayList<>();
    for (var file : c.environmentFiles) {
      sources.add(new EnvFromSourceBuilder().withNewConfigMapRef(SecretReference.objectName(file.value), false).build());
    }
    report.approximated(path + ".environmentFiles", "read from ConfigMaps named after each S3 object ("
        + sources.stream().map(s -> s.getConfigMapRef().getName()).collect(Collectors.joining(", "))
        + "); Stevedore does not fetch from S3");
    return sources;
  }
}
