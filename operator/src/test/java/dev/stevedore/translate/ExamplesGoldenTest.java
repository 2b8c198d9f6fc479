package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.plan.ServicePlan;
import dev.stevedore.plan.ServicePlanner;
import dev.stevedore.plan.ServiceWorld;
import dev.stevedore.reconcile.taskdefinition.RevisionManifests;
import dev.stevedore.testing.Golden;
import dev.stevedore.testing.Manifests;
import dev.stevedore.testing.TestNodes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example under examples/ becomes the pinned objects in src/test/resources/golden, through exactly what the
 * operator runs: each task definition is registered as revision 1 the way the TaskDefinition reconciler stores it,
 * and each service is planned by {@link ServicePlanner} on the local cluster's six nodes with nothing running yet.
 * The golden file holds what the operator would write.
 */
class ExamplesGoldenTest {
  static final String ACCOUNT = "111122223333";
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final ServiceWorld.Environment ENVIRONMENT = new ServiceWorld.Environment("us-east-1", ACCOUNT,
      TaskRoleBinding.IRSA);

  static Stream<Path> examples() {
    return Manifests.exampleFiles().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void translatesToTheGoldenObjects(Path file) {
    List<HasMetadata> resources = Manifests.read(file);
    String example = file.getParent().getFileName() + "-" + file.getFileName().toString().replaceAll("\\.ya?ml$", "");
    Map<String, Object> golden = new LinkedHashMap<>();
    List<ControllerRevision> revisions = new ArrayList<>();
    for (TaskDefinition td : Manifests.ofKind(resources, TaskDefinition.class)) {
      String family = td.getSpec().family != null ? td.getSpec().family : td.getMetadata().getName();
      td.getMetadata().setNamespace("default");
      td.getMetadata().setUid("uid-td-" + family);
      revisions.add(RevisionManifests.revision(td, family, RevisionManifests.frozenSpec(td.getSpec(), family), 1, NOW));
      RegisteredTaskDefinition registered = new RegisteredTaskDefinition(family, 1,
          RegisteredTaskDefinition.arn("us-east-1", ACCOUNT, family, 1), td.getSpec());
      PodTemplateTranslator.Result pod = PodTemplateTranslator.translate(registered, PodTemplateTranslator.Options.DEFAULTS);
      golden.put("taskDefinition/" + family, ordered("template", pod.template(), "reports", pod.reports()));
    }
    List<EcsCluster> clusters = Manifests.ofKind(resources, EcsCluster.class);
    for (EcsService svc : Manifests.ofKind(resources, EcsService.class)) {
      svc.getMetadata().setNamespace("default");
      svc.getMetadata().setUid("uid-service-" + svc.getMetadata().getName());
      svc.getMetadata().setGeneration(1L);
      ServicePlan plan = ServicePlanner.plan(new ServiceWorld(svc, clusters, revisions, List.of(), List.of(),
          List.of(), List.of(), TestNodes.ready(6), List.of(), List.of(), ENVIRONMENT, NOW));
      assertThat(plan.status().conditions).as("example %s: service %s is planned, not stalled", file,
          svc.getMetadata().getName()).noneMatch(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()));
      golden.put("service/" + svc.getMetadata().getName(), ordered(
          "writes", plan.writes().stream().map(w -> ordered("verb", w.verb(), "object", w.object())).toList(),
          "desiredCount", plan.status().desiredCount,
          "reports", plan.status().fieldReports));
    }
    assertThat(golden).as("%s holds Stevedore resources", file).isNotEmpty();
    Golden.assertMatches(example, golden);
  }

  /** A map that keeps its keys in the given order, so regenerated golden files do not churn. */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
