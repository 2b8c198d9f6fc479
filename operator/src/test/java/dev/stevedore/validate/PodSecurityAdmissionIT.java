package dev.stevedore.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.translate.PodTemplateTranslator;
import dev.stevedore.translate.RegisteredTaskDefinition;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API server's own Pod Security Admission plugin agrees with {@link PodSecurityStandard}: the pod Stevedore
 * makes of a task is admitted by a namespace enforcing a level exactly when the validator finds nothing at that
 * level, for every row of {@link PodSecurityStandardTest}. A Deployment is never refused by Pod Security (only its
 * pods are), so the pods are created directly, as dry runs.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class PodSecurityAdmissionIT {
  private static final List<String> LEVELS = List.of("privileged", "baseline", "restricted");

  static KubernetesClient client;

  @BeforeAll
  static void namespaces() {
    for (String level : LEVELS) {
      String namespace = "psa-" + level;
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
          .addToLabels(PodSecurityStandard.ENFORCE_LABEL, level).endMetadata().build()).serverSideApply();
      // No controller manager here to create the namespace's default account.
      for (String account : List.of("default")) {
        client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
            .withName(account).endMetadata().build()).serverSideApply();
      }
    }
  }

  static List<org.junit.jupiter.params.provider.Arguments> table() {
    return PodSecurityStandardTest.table().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  @SuppressWarnings("unchecked")
  void podSecurityAdmissionAdmitsExactlyWhatTheValidatorAccepts(String title, Consumer<TaskDefinitionSpec> task,
      List<String> baseline, List<String> restricted) {
    TaskDefinitionSpec td = TaskSecurityPolicyTest.taskDefinition();
    task.accept(td);
    List<String> disagreements = new ArrayList<>();
    for (String level : LEVELS) {
      List<ValidationIssue> predicted = PodSecurityStandard.violations(level, td);
      String refusal = refusal(pod(td, null), "psa-" + level);
      if (predicted.isEmpty() != (refusal == null)) {
        disagreements.add(level + ": validator " + predicted + ", API server " + (refusal == null ? "admitted" : refusal));
      }
      if (refusal != null) {
        assertThat(refusal).contains("violates PodSecurity \"" + level);
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void theTableAdmitsAndRefusesAtEveryLevel() {
    // A table whose pods were all admitted (or all refused) would prove nothing about the levels.
    assertThat(table()).anyMatch(row -> ((List<?>) row.get()[3]).isEmpty())
        .anyMatch(row -> !((List<?>) row.get()[2]).isEmpty());
  }

  private static Pod pod(TaskDefinitionSpec td, String serviceAccount) {
    RegisteredTaskDefinition revision = new RegisteredTaskDefinition("app", 1,
        RegisteredTaskDefinition.arn("us-east-1", "123456789012", "app", 1), td);
    var template = PodTemplateTranslator.translate(revision, new PodTemplateTranslator.Options(0, serviceAccount))
        .template();
    return new PodBuilder().withNewMetadata().withName("task").withLabels(template.getMetadata().getLabels())
        .endMetadata().withSpec(template.getSpec()).build();
  }

  /** Null when admitted, else the API server's message. */
  private static String refusal(Pod pod, String namespace) {
    try {
      create(pod, namespace);
      return null;
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403);
      return e.getStatus().getMessage();
    }
  }

  private static Pod create(Pod pod, String namespace) {
    return client.pods().inNamespace(namespace).resource(pod).dryRun().create();
  }

}
