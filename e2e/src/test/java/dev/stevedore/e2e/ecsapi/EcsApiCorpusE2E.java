package dev.stevedore.e2e.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.EcsEndpoint;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Repository;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.ecsjson.DocumentFormat;
import dev.stevedore.ecsjson.EcsJsonLoader;
import dev.stevedore.ecsjson.LoadResult;
import dev.stevedore.revision.SpecHash;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every corpus task definition written in ECS's API shape, registered through the endpoint (the request body is
 * the document, as {@code aws ecs register-task-definition --cli-input-json} sends it), gives the same
 * TaskDefinition as {@code kubectl apply} of the same document in another namespace: the same spec, revision 1,
 * or a refusal on both paths.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EcsApiCorpusE2E {
  private static final Logger LOG = LoggerFactory.getLogger(EcsApiCorpusE2E.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET = "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition";

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTestWithEcsApi(Duration.ofSeconds(30));

  @Test
  void registeringThroughTheApiEqualsKubectlApply(Ecs ecs) throws Exception {
    Path corpus = Repository.corpus().resolve("taskdefs");
    assumeTrue(Files.isDirectory(corpus), "no corpus at " + corpus + " (it is read in place, never copied)");
    EcsEndpoint endpoint = EcsEndpoint.granted(operator, ecs);
    // kubectl's side runs in a namespace of its own, where the same test operator does not look: only the
    // TaskDefinition objects are compared, and the API server stores them as written.
    String kubectlNamespace = "e2e-kubectl-" + Integer.toHexString(ecs.namespace().hashCode());
    EcsEndpoint.namespace(ecs.client(), kubectlNamespace);
    try {
      List<Path> files;
      try (Stream<Path> listing = Files.list(corpus)) {
        files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      }
      Map<String, String> outcomes = new TreeMap<>();
      int index = 0;
      for (Path file : files) {
        String text = Files.readString(file);
        LoadResult<TaskDefinitionSpec> loaded = EcsJsonLoader.taskDefinition(text);
        if (loaded.format() == DocumentFormat.CLOUDFORMATION) {
          continue;
        }
        String family = String.format("api%02d", index++);
        JsonNode document = JSON.readTree(text);
        ObjectNode request = (ObjectNode) (loaded.format() == DocumentFormat.DESCRIBE_OUTPUT
            && document.has("taskDefinition") ? document.get("taskDefinition") : document).deepCopy();
        request.put("family", family);
        EcsEndpoint.Answer answer = endpoint.post(EcsEndpoint.ADMIN, TARGET, request.toString());
        String viaKubectl = kubectlApply(ecs, kubectlNamespace, family, loaded);
        String viaApi;
        if (answer.status() == 200) {
          JsonNode registered = JSON.readTree(answer.body()).get("taskDefinition");
          assertThat(registered.get("revision").asInt()).as(file.getFileName().toString()).isEqualTo(1);
          TaskDefinition stored = ecs.client().resources(TaskDefinition.class).inNamespace(ecs.namespace())
              .withName(family).get();
          viaApi = "registered " + SpecHash.canonicalJson(stored.getSpec());
        } else {
          viaApi = "refused";
        }
        assertThat(viaApi).as("%s through the API (%s) versus kubectl apply", file.getFileName(), answer.body())
            .isEqualTo(viaKubectl);
        outcomes.merge(viaApi.startsWith("registered") ? "registered" : "refused", file.getFileName().toString(),
            (a, b) -> a + ", " + b);
      }
      assertThat(outcomes).containsKey("registered");
      LOG.info("corpus through the ECS endpoint, same as kubectl apply: {}", outcomes);
    } finally {
      ecs.client().namespaces().withName(kubectlNamespace).delete();
    }
  }

  /** kubectl apply of the document as a TaskDefinition, and whether the operator would register it. */
  private static String kubectlApply(Ecs ecs, String namespace, String family, LoadResult<TaskDefinitionSpec> loaded) {
    if (!loaded.isLoaded()) {
      return "refused";
    }
    TaskDefinitionSpec spec = loaded.spec();
    spec.family = family;
    if (!dev.stevedore.validate.TaskDefinitionValidator.validate(spec).isEmpty()) {
      return "refused";
    }
    TaskDefinition td = new TaskDefinition();
    td.setMetadata(new ObjectMeta());
    td.getMetadata().setName(family);
    td.getMetadata().setNamespace(namespace);
    td.setSpec(spec);
    try {
      TaskDefinition stored = ecs.client().resource(td).create();
      return "registered " + SpecHash.canonicalJson(Waits.until("stored", Duration.ofSeconds(5),
          () -> stored, s -> true, String::valueOf).getSpec());
    } catch (KubernetesClientException e) {
      return "refused";
    }
  }
}
