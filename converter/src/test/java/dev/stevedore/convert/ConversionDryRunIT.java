package dev.stevedore.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What convert writes is what a real API server accepts: every object, for Stevedore (with the generated CRDs
 * installed) and for plain Kubernetes, is created as a server-side dry run with Strict field validation, as kubectl
 * would; the Helm chart is rendered by the pinned helm and its objects dry-run too. Corpus documents that ECS
 * itself would refuse are passed through to Stevedore resources and must be refused by the CRD's rules.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class ConversionDryRunIT {
  private static final List<String> CRDS = List.of("ecsclusters.ecs.stevedore.dev-v1.yml",
      "ecsservices.ecs.stevedore.dev-v1.yml", "ecstasks.ecs.stevedore.dev-v1.yml",
      "taskdefinitions.ecs.stevedore.dev-v1.yml");
  /** Corpus documents ECS itself would refuse, and the rule of the CRD that refuses them. */
  private static final Map<String, String> REFUSED_BY_ECS_RULES = Map.of(
      "aws-samples__aws-containers-task-definitions__kibana-awsvpc-hostport-mismatch.json",
      "portMappings.hostPort must be omitted or equal to containerPort",
      "awsdocs__amazon-ecs-developer-guide__task-definition-template-all-fields.json",
      "spec.containerDefinitions[0].name in body should be at least 1 chars long",
      "awsdocs__amazon-ecs-developer-guide__fsx-windows-volume.json",
      "mountPoints.sourceVolume must name a volume of this task definition",
      "awsdocs__amazon-ecs-developer-guide__service-definition-template.json",
      "spec.cluster in body should be at least 1 chars long",
      "awsdocs__amazon-ecs-developer-guide__external-controller-skeleton.json",
      "spec.cluster in body should be at least 1 chars long",
      "kayac__ecspresso__daemon-minimal.json", "taskDefinition is required",
      "kayac__ecspresso__alarms-circuit-breaker.json", "taskDefinition is required",
      // ecspresso adds the task definition from its own configuration; with their placeholders rendered from
      // defaults these two reach the same rule.
      "kayac__ecspresso__ci-capacity-provider-ebs.json", "taskDefinition is required",
      "kayac__ecspresso__ec2-awsvpc-circuit-breaker.json", "taskDefinition is required");
  /**
   * Corpus task definitions ECS would refuse that the converter still translates (it does not run the CRD's CEL
   * rules), so the API server refuses the pod template instead.
   */
  private static final Map<String, String> POD_REFUSED = Map.of(
      "awsdocs__amazon-ecs-developer-guide__fsx-windows-volume.json", "volumeMounts[0].name: Not found",
      "awsdocs__amazon-ecs-developer-guide__task-definition-template-all-fields.json",
      "spec.template.spec.containers: Required value");

  static KubernetesClient client;

  @TempDir
  Path tmp;

  @BeforeAll
  static void installCrds() throws IOException {
    for (String file : CRDS) {
      try (InputStream in = ConversionDryRunIT.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
        assertThat(in).as("generated CRD %s", file).isNotNull();
        CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        client.resource(crd).forceConflicts().serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
            .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                && c.getStatus().getConditions().stream()
                    .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                60, TimeUnit.SECONDS);
      }
    }
  }

  static Stream<Arguments> casesAndTargets() {
    return GoldenConversionTest.casesAndTargets();
  }

  @ParameterizedTest(name = "{0} --to {1}")
  @MethodSource("casesAndTargets")
  void everyCaseIsAccepted(String name, String target) {
    List<String> args = new ArrayList<>(ConvertCases.args(ConvertCases.ROOT.resolve(name), target));
    args.add("--stdout");
    ConvertRun run = ConvertRun.of(args);
    assertThat(run.exitCode()).as(run.stderr()).isZero();

    List<HasMetadata> objects = objects(run.stdout());

    assertThat(objects).isNotEmpty();
    objects.forEach(ConversionDryRunIT::assertAccepted);
  }

  static List<Path> corpus() {
    return CorpusConversionTest.documents();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void corpusAsStevedoreResourcesIsAcceptedUnlessEcsWouldRefuseIt(Path document) {
    ConvertRun run = ConvertRun.of(List.of(document.toString(), "--stdout"));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String refusal = REFUSED_BY_ECS_RULES.get(document.getFileName().toString());

    List<HasMetadata> objects = objects(run.stdout());

    if (refusal == null) {
      objects.forEach(ConversionDryRunIT::assertAccepted);
      return;
    }
    assertThat(refusals(objects)).as("the API server refuses what ECS would").anySatisfy(m -> assertThat(m).contains(refusal));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void corpusAsKubernetesObjectsIsAccepted(Path document) {
    List<String> args = new ArrayList<>(List.of(document.toString()));
    if (document.getParent().getFileName().toString().equals("services")) {
      Optional<Path> taskDefinition = CorpusConversionTest.taskDefinitionOf(document);
      if (taskDefinition.isEmpty()) {
        return; // CorpusConversionTest pins the refusal of a service converted without its task definition.
      }
      args.add(taskDefinition.get().toString());
    }
    args.addAll(List.of("--to", "kubernetes", "--stdout"));
    ConvertRun run = ConvertRun.of(args);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String refusal = POD_REFUSED.get(document.getFileName().toString());

    List<HasMetadata> objects = objects(run.stdout());

    if (refusal == null) {
      objects.forEach(ConversionDryRunIT::assertAccepted);
    } else {
      assertThat(refusals(objects)).anySatisfy(m -> assertThat(m).contains(refusal));
    }
  }

  private static List<String> refusals(List<HasMetadata> objects) {
    List<String> messages = new ArrayList<>();
    for (HasMetadata object : objects) {
      KubernetesClientException rejection = catchThrowableOfType(KubernetesClientException.class,
          () -> dryRunCreate(object));
      if (rejection != null) {
        messages.add(rejection.getStatus().getMessage());
      }
    }
    return messages;
  }

  @Test
  void theHelmChartRendersToObjectsTheApiServerAccepts() throws Exception {
    Path chart = tmp.resolve("orders");
    ConvertRun run = ConvertRun.of(List.of("src/test/resources/convert/cloudformation-yaml/template.yaml", "--param",
        "ImageTag=4.1.0", "--to", "helm", "-o", chart.toString()));
    assertThat(run.exitCode()).as(run.stderr()).isZero();

    Path helm = Path.of(System.getProperty("user.home"), ".cache/stevedore/bin/helm");
    assertThat(helm).as("the pinned helm (e2e/cluster/local-cluster install)").isExecutable();
    Process lint = new ProcessBuilder(helm.toString(), "lint", chart.toString()).redirectErrorStream(true).start();
    String linted = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lint.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(lint.exitValue()).as(linted).isZero();
    Process process = new ProcessBuilder(helm.toString(), "template", "orders", chart.toString(), "--set",
        "workloads.orders.replicas=5").redirectErrorStream(true).start();
    String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(rendered).isZero();

    List<HasMetadata> objects = objects(rendered);

    assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "Service",
        "HorizontalPodAutoscaler");
    assertThat(rendered).contains("replicas: 5").contains("image: \"registry.example.com/orders:4.1.0\"");
    objects.forEach(ConversionDryRunIT::assertAccepted);
  }

  private static List<HasMetadata> objects(String yaml) {
    try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
      List<HasMetadata> objects = new ArrayList<>();
      for (HasMetadata object : client.load(in).items()) {
        if (object != null) {
          objects.add(object);
        }
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertAccepted(HasMetadata object) {
    KubernetesClientException rejection = catchThrowableOfType(KubernetesClientException.class,
        () -> dryRunCreate(object));
    assertThat(rejection).as("%s %s: %s", object.getKind(), object.getMetadata().getName(),
        rejection == null ? "" : rejection.getMessage()).isNull();
  }

  private static void dryRunCreate(HasMetadata object) {
    GenericKubernetesResource generic = Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
    client.resource(generic).inNamespace("default").dryRun().fieldValidation(Validation.STRICT).create();
  }
}
