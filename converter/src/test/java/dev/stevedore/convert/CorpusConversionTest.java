package dev.stevedore.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document of the shared corpus (../shared/corpus, read in place) converts: to Stevedore resources on its own,
 * including the CloudFormation fragments whose references only a stack could resolve (reported as unresolved, with
 * a placeholder where ECS needs a value) and the ecspresso templates with unrendered placeholders; to plain
 * Kubernetes, each task definition on its own and each service together with the corpus task definition of its
 * family, while a service whose task definition the corpus lacks is refused with a message naming it.
 */
class CorpusConversionTest {
  static final int DOCUMENTS = 72;

  static Path corpus() {
    String root = System.getProperty("stevedore.root");
    return root == null ? null : Path.of(root).resolve("../shared/corpus").toAbsolutePath().normalize();
  }

  static List<Path> documents() {
    Path corpus = corpus();
    if (corpus == null || !Files.isDirectory(corpus.resolve("taskdefs"))) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    for (String folder : List.of("taskdefs", "services")) {
      try (Stream<Path> list = Files.list(corpus.resolve(folder))) {
        list.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  @Test
  void theCorpusIsThere() {
    assumeTrue(corpus() != null && Files.isDirectory(corpus()), "the corpus is not at ../shared/corpus: skipped");
    assertThat(documents()).hasSize(DOCUMENTS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void convertsToStevedoreResources(Path document) {
    ConvertRun run = ConvertRun.of(List.of(document.toString(), "--stdout", "--report", "json"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("apiVersion: \"ecs.stevedore.dev/v1alpha1\"");
    assertThat(run.stderr()).contains("\"failed\" : false");
    if (needsAStackOrATemplateTool(document)) {
      assertThat(run.stderr()).as("its unresolved references are reported").contains("\"expression\" : ");
    }
  }

  /** Holds CloudFormation intrinsic functions or {{...}} placeholders of a template tool. */
  private static boolean needsAStackOrATemplateTool(Path document) {
    try {
      String text = Files.readString(document);
      return text.contains("\"Ref\"") || text.contains("\"Fn::") || text.contains("{{");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void convertsToKubernetesWithItsTaskDefinition(Path document) {
    List<String> args = new ArrayList<>(List.of(document.toString()));
    Optional<Path> taskDefinition = document.getParent().getFileName().toString().equals("services")
        ? taskDefinitionOf(document) : Optional.empty();
    taskDefinition.ifPresent(td -> args.add(td.toString()));
    args.addAll(List.of("--to", "kubernetes", "--stdout"));

    ConvertRun run = ConvertRun.of(args);

    boolean orphanService = document.getParent().getFileName().toString().equals("services")
        && taskDefinition.isEmpty();
    if (orphanService) {
      assertThat(run.exitCode()).isEqualTo(ConvertCommand.SOME_FAILED);
      assertThat(run.stderr()).contains("error: " + document).containsAnyOf("is not among the inputs",
          "names no taskDefinition");
    } else {
      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.stdout()).containsAnyOf("kind: \"Deployment\"", "kind: \"DaemonSet\"");
    }
  }

  /** The corpus task definition whose family the service names, if the corpus has one. */
  static Optional<Path> taskDefinitionOf(Path service) {
    ConvertRun read = ConvertRun.of(List.of(service.toString(), "--stdout"));
    String reference = read.stdout().lines().filter(l -> l.startsWith("  taskDefinition: ")).findFirst()
        .map(l -> l.substring("  taskDefinition: ".length()).replace("\"", "")).orElse(null);
    if (reference == null || reference.isEmpty()) {
      return Optional.empty();
    }
    String family = reference.contains("/") ? reference.substring(reference.lastIndexOf('/') + 1) : reference;
    String bare = family.contains(":") ? family.substring(0, family.indexOf(':')) : family;
    return documents().stream().filter(d -> d.getParent().getFileName().toString().equals("taskdefs"))
        .filter(d -> ConvertRun.of(List.of(d.toString(), "--stdout")).stdout()
            .contains("  family: \"" + bare + "\"\n"))
        .findFirst();
  }
}
