package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.testing.Golden;
import dev.stevedore.testing.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example under examples/ translates to the pinned objects in src/test/resources/golden. */
class ExamplesGoldenTest {
  static final String ACCOUNT = "111122223333";
  static final int NODES = 6;

  static Stream<Path> examples() {
    return Manifests.exampleFiles().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void translatesToTheGoldenObjects(Path file) {
    List<HasMetadata> resources = Manifests.read(file);
    Map<String, RegisteredTaskDefinition> families = new LinkedHashMap<>();
    for (TaskDefinition td : Manifests.ofKind(resources, TaskDefinition.class)) {
      String family = td.getSpec().family != null ? td.getSpec().family : td.getMetadata().getName();
      families.put(family, new RegisteredTaskDefinition(family, 1,
          RegisteredTaskDefinition.arn("us-east-1", ACCOUNT, family, 1), td.getSpec()));
    }
    String example = file.getParent().getFileName() + "-" + file.getFileName().toString().replaceAll("\\.ya?ml$", "");
    Map<String, Object> golden = new LinkedHashMap<>();
    families.forEach((family, td) -> {
      PodTemplateTranslator.Result pod = PodTemplateTranslator.translate(td, PodTemplateTranslator.Options.DEFAULTS);
      golden.put("taskDefinition/" + family, ordered("template", pod.template(), "reports", pod.reports()));
    });
    for (EcsService svc : Manifests.ofKind(resources, EcsService.class)) {
      String family = svc.getSpec().taskDefinition.split(":")[0];
      RegisteredTaskDefinition td = families.get(family);
      assertThat(td).as("example %s: service %s names a task definition of the same file", file, svc.getMetadata().getName())
          .isNotNull();
      ServiceTranslator.Objects objects = ServiceTranslator.translate(context(svc, td));
      golden.put("service/" + svc.getMetadata().getName(), ordered(
          "objects", objects.all(), "bounds", objects.bounds(), "reports", objects.reports()));
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

  static ServiceContext context(EcsService svc, RegisteredTaskDefinition td) {
    var spec = svc.getSpec();
    return new ServiceContext(svc.getMetadata().getName(), "default", spec.cluster == null ? "default" : spec.cluster,
        spec, td, null, spec.desiredCount == null ? 1 : spec.desiredCount, NODES, TaskRoleBinding.IRSA, ACCOUNT, null);
  }
}
