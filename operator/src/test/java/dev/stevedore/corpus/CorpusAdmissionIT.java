package dev.stevedore.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.ecsjson.LoadResult;
import dev.stevedore.naming.Names;
import dev.stevedore.translate.PodTemplateTranslator;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The corpus against a real API server: every document that loads is created as its custom resource, and every
 * task definition's pod template as a pod, all with server-side dry run. What ECS accepts must be admitted, what
 * ECS would refuse must be refused with a clear message, and the counts are pinned so that any change in what
 * gets through shows up as a failure.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class CorpusAdmissionIT {
  private static final String NAMESPACE = "default";
  /** Pinned: any change in what gets through changes one of these numbers and fails the test. */
  private static final AdmissionTally.Counts EXPECTED = new AdmissionTally.Counts(
      72, // documents
      61, // loaded
      52, // translated: every loaded task definition
      49, // TaskDefinitions admitted
      49, // pods admitted: one per admitted TaskDefinition
      5, // EcsServices admitted
      6, // refused by the loader, as ECS would refuse them
      7, // refused by the API server, as ECS would refuse them
      5); // CloudFormation fragments that need their stack

  static KubernetesClient client;

  @Test
  void theApiServerAdmitsWhatEcsAcceptsAndRefusesWhatEcsWouldRefuse() {
    // In the test, not in @BeforeAll: JUnit reports a test skipped by an assumption, not a skipped class.
    Corpus.assumePresent();
    GeneratedCrds.install(client);
    AdmissionTally tally = new AdmissionTally();
    for (CorpusDocument document : Corpus.documents()) {
      tally.record(document.kind() == CorpusDocument.Kind.TASK_DEFINITION
          ? admitTaskDefinition(document) : admitService(document));
    }
    AdmissionTally.Counts counts = tally.counts();
    System.out.println(counts.summary());

    assertThat(tally.surprises()).isEmpty();
    assertThat(counts).isEqualTo(EXPECTED);
  }

  private static Admission admitTaskDefinition(CorpusDocument document) {
    LoadResult<TaskDefinitionSpec> loaded = document.loadTaskDefinition();
    if (!loaded.isLoaded()) {
      return Admission.rejectedByLoader(document, loaded.rejection());
    }
    TaskDefinitionSpec spec = loaded.spec();
    String name = Names.dnsLabel(CorpusTranslation.family(document, spec));
    PodTemplateTranslator.Result translation = CorpusTranslation.translate(document, spec);

    TaskDefinition resource = new TaskDefinition();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    resource.setSpec(spec);
    Optional<String> refusal = dryRunCreate(resource);
    if (refusal.isPresent()) {
      return Admission.rejectedByApiServer(document, true, refusal.get());
    }
    return Admission.accepted(document, true, dryRunCreate(pod(name, translation.template())).orElse(null));
  }

  private static Admission admitService(CorpusDocument document) {
    LoadResult<EcsServiceSpec> loaded = document.loadService();
    if (!loaded.isLoaded()) {
      return Admission.rejectedByLoader(document, loaded.rejection());
    }
    EcsServiceSpec spec = loaded.spec();
    EcsService resource = new EcsService();
    String name = spec.serviceName == null || spec.serviceName.isEmpty() ? document.stem() : spec.serviceName;
    resource.setMetadata(new ObjectMetaBuilder().withName(Names.dnsLabel(name)).withNamespace(NAMESPACE).build());
    resource.setSpec(spec);
    return dryRunCreate(resource)
        .map(refusal -> Admission.rejectedByApiServer(document, false, refusal))
        .orElseGet(() -> Admission.accepted(document, false, null));
  }

  /** A pod as a workload controller would stamp it out of the template. */
  private static Pod pod(String name, PodTemplateSpec template) {
    return new PodBuilder()
        .withMetadata(new ObjectMetaBuilder(template.getMetadata()).withName(name).withNamespace(NAMESPACE).build())
        .withSpec(template.getSpec())
        .build();
  }

  /** Server-side dry run: the API server validates and admits (or refuses) without storing anything. */
  private static Optional<String> dryRunCreate(HasMetadata resource) {
    try {
      client.resource(resource).inNamespace(NAMESPACE).dryRun().create();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 400 || e.getCode() == 422) {
        return Optional.of(e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage() : e.getMessage());
      }
      throw e;
    }
  }
}
