package dev.stevedore.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One handwritten input per kind (RegisterTaskDefinition JSON, describe-task-definition output, CreateService
 * with its task definition, CloudFormation JSON and YAML templates, Terraform container_definitions) converts to
 * exactly the pinned manifests and report, for Stevedore and for plain Kubernetes. Regenerate with
 * -Dgolden.update=true after a deliberate change, and review the diff.
 */
class GoldenConversionTest {
  static Stream<Arguments> casesAndTargets() {
    List<Arguments> arguments = new ArrayList<>();
    for (Path dir : ConvertCases.cases()) {
      arguments.add(Arguments.of(dir.getFileName().toString(), "stevedore"));
      arguments.add(Arguments.of(dir.getFileName().toString(), "kubernetes"));
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} --to {1}")
  @MethodSource("casesAndTargets")
  void convertsToThePinnedManifestsAndReport(String name, String target) throws IOException {
    Path dir = ConvertCases.ROOT.resolve(name);
    List<String> args = new ArrayList<>(ConvertCases.args(dir, target));
    args.addAll(List.of("--stdout", "--report", "json"));

    ConvertRun run = ConvertRun.of(args);

    assertThat(run.exitCode()).as("exit status; report:%n%s", run.stderr()).isZero();
    assertThat(run.stdout()).as("manifests").isNotBlank();
    assertGolden(dir.resolve("expected-" + target + ".yaml"), run.stdout());
    assertGolden(dir.resolve("expected-" + target + "-report.json"), run.stderr());
  }

  private static void assertGolden(Path file, String actual) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(file, actual);
    }
    assertThat(file).as("golden file %s (create it with -Dgolden.update=true)", file).exists();
    assertThat(actual).as("differs from %s", file).isEqualTo(Files.readString(file));
  }
}
