package dev.stevedore.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.validate.PodSecurityStandard;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pod Security Admission against {@link PodSecurityStandard} on generated tasks, beyond the hand-written table:
 * for 100 accepted cases of the property test, the pod of the translated workload is created (dry run) in
 * namespaces enforcing baseline and restricted, and the API server must refuse it exactly when the validator
 * names a field.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class GeneratedPodSecurityIT {
  private static final int SAMPLE = 100;
  private static final List<String> LEVELS = List.of("baseline", "restricted");

  static KubernetesClient client;

  @BeforeAll
  static void namespaces() {
    for (String level : LEVELS) {
      String namespace = "generated-" + level;
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
          .addToLabels(PodSecurityStandard.ENFORCE_LABEL, level).endMetadata().build()).serverSideApply();
      client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
          .withName("default").endMetadata().build()).serverSideApply();
    }
  }

  @Test
  void podSecurityAdmissionAgreesWithTheValidatorOnGeneratedTasks() {
    List<String> disagreements = new ArrayList<>();
    Map<String, Integer> admitted = new TreeMap<>();
    int cases = 0;
    for (long seed = TranslationPropertiesTest.DEFAULT_SEED; cases < SAMPLE; seed++) {
      FuzzCase c = new SpecGenerator(seed).next();
      OperatorPipeline.Outcome outcome = OperatorPipeline.run(c);
      if (!outcome.accepted()) {
        continue;
      }
      cases++;
      PodTemplateSpec template = outcome.objects().stream()
          .map(o -> o instanceof Deployment d ? d.getSpec().getTemplate()
              : o instanceof DaemonSet ds ? ds.getSpec().getTemplate() : null)
          .filter(t -> t != null).findFirst().orElseThrow();
      Pod pod = new PodBuilder().withNewMetadata().withName("task").endMetadata()
          .withSpec(template.getSpec()).build();
      // The task role's ServiceAccount is not the point here, and would have to exist.
      pod.getSpec().setServiceAccountName(null);
      for (String level : LEVELS) {
        boolean predicted = PodSecurityStandard.violations(level, c.taskDefinition()).isEmpty();
        String refusal = refusal(pod, "generated-" + level);
        if (predicted != (refusal == null)) {
          disagreements.add("seed " + seed + " " + level + ": validator "
              + PodSecurityStandard.violations(level, c.taskDefinition()) + ", API server "
              + (refusal == null ? "admitted" : refusal));
        }
        if (refusal == null) {
          admitted.merge(level, 1, Integer::sum);
        }
      }
    }
    System.out.printf("generated pod security: %d tasks, admitted per level %s%n", cases, admitted);
    assertThat(disagreements).isEmpty();
    assertThat(admitted.getOrDefault("baseline", 0)).as("tasks baseline admits").isPositive();
    assertThat(admitted.getOrDefault("restricted", 0)).as("tasks restricted admits").isPositive();
  }

  private static String refusal(Pod pod, String namespace) {
    try {
      client.pods().inNamespace(namespace).resource(pod).dryRun().create();
      return null;
    } catch (KubernetesClientException e) {
      return e.getCode() + " " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
    }
  }
}
