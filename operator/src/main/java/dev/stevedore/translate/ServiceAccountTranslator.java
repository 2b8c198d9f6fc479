package dev.stevedore.translate;

import dev.stevedore.naming.Names;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Arns;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A task role as the family's ServiceAccount. */
public final class ServiceAccountTranslator {
  private ServiceAccountTranslator() {}

  /** The ServiceAccount for the revision's task role, or empty when it has none or binding is off. */
  public static Optional<ServiceAccount> serviceAccount(RegisteredTaskDefinition td, String namespace,
      TaskRoleBinding binding, String awsAccount) {
    String role = td.spec().taskRoleArn;
    if (role == null || role.isEmpty() || binding == TaskRoleBinding.NONE) {
      return Optional.empty();
    }
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.NAME, Names.labelValue(td.family()));
    labels.put(Labels.FAMILY, Names.labelValue(td.family()));
    Map<String, String> annotations = new TreeMap<>();
    if (binding == TaskRoleBinding.IRSA) {
      annotations.put(TaskRoleBinding.IRSA_ANNOTATION, roleArn(role, awsAccount));
    }
    return Optional.of(new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(PodTemplateTranslator.serviceAccountName(td.family()))
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .endMetadata()
        .build());
  }

  /** ECS accepts a role name where it wants an ARN; IRSA needs the ARN. */
  public static String roleArn(String role, String awsAccount) {
    return Arns.role(awsAccount, role);
  }
}
