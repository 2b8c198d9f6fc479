package dev.stevedore.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sample of the property test's cases on a real API server: every object the translation makes of an accepted
 * case is accepted by a server-side dry-run create with strict field validation, so {@link KubernetesObjectRules}
 * does not miss a rule that matters. The generated TaskDefinition and EcsService are sent too: a generator that
 * made what admission refuses would test inputs Stevedore never sees.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class TranslationDryRunIT {
  private static final int SAMPLE = Integer.getInteger("stevedore.fuzz.dryRunSample", 200);

  static KubernetesClient client;

  @BeforeAll
  static void prepare() {
    GeneratedCrds.install(client);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OperatorPipeline.NAMESPACE)
        .endMetadata().build()).serverSideApply();
  }

  @Test
  void translatedObjectsOfGeneratedSpecsAreAcceptedByTheApiServer() {
    List<String> refused = new ArrayList<>();
    int cases = 0;
    int objects = 0;
    long started = System.nanoTime();
    for (long seed = TranslationPropertiesTest.DEFAULT_SEED; cases < SAMPLE; seed++) {
      FuzzCase c = new SpecGenerator(seed).next();
      OperatorPipeline.Outcome outcome = OperatorPipeline.run(c);
      if (!outcome.accepted()) {
        continue;
      }
      cases++;
      admitted(seed, "TaskDefinition", taskDefinition(c), refused);
      admitted(seed, "EcsService", service(c), refused);
      for (List<HasMetadata> plan : outcome.plans()) {
        for (HasMetadata o : plan) {
          objects++;
          admitted(seed, o.getKind() + " " + o.getMetadata().getName(), o, refused);
        }
      }
    }
    System.out.printf("translation dry run: %d cases, %d objects, %.1f s%n", cases, objects,
        (System.nanoTime() - started) / 1e9);
    assertThat(refused).as("refused by the API server").isEmpty();
  }

  private static void admitted(long seed, String what, HasMetadata o, List<String> refused) {
    try {
      client.resource(o).inNamespace(OperatorPipeline.NAMESPACE).dryRun().fieldValidation(Validation.STRICT).create();
    } catch (KubernetesClientException e) {
      refused.add("seed " + seed + " " + what + ": " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()));
    }
  }

  private static TaskDefinition taskDefinition(FuzzCase c) {
    TaskDefinition td = new TaskDefinition();
    td.getMetadata().setName("family");
    td.setSpec(c.taskDefinition());
    return td;
  }

  private static EcsService service(FuzzCase c) {
    EcsService s = new EcsService();
    s.getMetadata().setName(c.name());
    s.setSpec(c.service());
    return s;
  }
}
