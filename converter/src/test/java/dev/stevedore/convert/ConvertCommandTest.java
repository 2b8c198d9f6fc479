package dev.stevedore.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit statuses, messages for bad input, and that one bad file does not stop the others. */
class ConvertCommandTest {
  private static final String GOOD = "src/test/resources/convert/register-task-definition/input.json";

  @TempDir
  Path tmp;

  @Test
  void invalidJsonIsNamedWithItsLineAndTheOtherFilesStillConvert() throws IOException {
    Path broken = write("broken.json", "{\n  \"family\": \"x\",\n  \"containerDefinitions\": [\n}\n");

    ConvertRun run = ConvertRun.of(List.of(broken.toString(), GOOD, "--stdout"));

    assertThat(run.exitCode()).isEqualTo(ConvertCommand.SOME_FAILED);
    assertThat(run.stderr()).contains("error: " + broken + ": not valid JSON").contains("(line 4, column 1)");
    assertThat(run.stdout()).contains("name: \"billing-api\"");
  }

  @Test
  void aWrongValueIsNamedByItsJsonPath() throws IOException {
    Path wrong = write("wrong.json", """
        {"family": "x", "containerDefinitions": [{"name": "a", "image": "i", "memory": "lots"}]}
        """);

    ConvertRun run = ConvertRun.of(List.of(wrong.toString(), "--stdout"));

    assertThat(run.exitCode()).isEqualTo(ConvertCommand.SOME_FAILED);
    assertThat(run.stderr()).contains("error: " + wrong + ": containerDefinitions[0].memory: expected an integer,"
        + " found the string \"lots\"");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void anUnknownFieldIsNamedByItsPath() throws IOException {
    Path wrong = write("unknown.json", """
        {"family": "x", "containerDefinitions": [{"name": "a", "image": "i", "memroy": 512}]}
        """);

    ConvertRun run = ConvertRun.of(List.of(wrong.toString(), "--stdout"));

    assertThat(run.exitCode()).isEqualTo(ConvertCommand.SOME_FAILED);
    assertThat(run.stderr()).contains("containerDefinitions[0].memroy: unknown field");
  }

  @Test
  void aBrokenResourceOfATemplateIsNamedAndItsSiblingsConvert() throws IOException {
    Path template = write("stack.yaml", """
        Resources:
          Good:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Family: good
              ContainerDefinitions:
                - {Name: app, Image: nginx}
          Bad:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Family: bad
              ContainerDefinitions:
                - {Name: app, Image: nginx, PortMappings: {ContainerPort: 80}}
        """);

    ConvertRun run = ConvertRun.of(List.of(template.toString(), "--stdout"));

    assertThat(run.exitCode()).isEqualTo(ConvertCommand.SOME_FAILED);
    assertThat(run.stderr()).contains("error: " + template + " Resources.Bad: containerDefinitions[0].portMappings:"
        + " expected a list");
    assertThat(run.stdout()).contains("family: \"good\"").doesNotContain("family: \"bad\"");
  }

  @Test
  void invalidYamlIsNamedWithItsLine() throws IOException {
    Path broken = write("broken.yaml", "Resources:\n  A: [unclosed\n");

    ConvertRun run = ConvertRun.of(List.of(broken.toString()));

    assertThat(run.exitCode()).isEqualTo(ConvertCommand.SOME_FAILED);
    assertThat(run.stderr()).contains("error: " + broken + ": not valid YAML").contains("(line 3, column 1)");
  }

  @Test
  void aDocumentThatIsNoEcsDocumentSaysWhatWasExpected() throws IOException {
    Path other = write("other.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}");

    ConvertRun run = ConvertRun.of(List.of(other.toString()));

    assertThat(run.exitCode()).isEqualTo(ConvertCommand.SOME_FAILED);
    assertThat(run.stderr()).contains("not an ECS document").contains("found the members apiVersion, kind");
  }

  @Test
  void aMissingFileIsAnErrorOfThatFile() {
    ConvertRun run = ConvertRun.of(List.of(tmp.resolve("absent.json").toString(), GOOD));

    assertThat(run.exitCode()).isEqualTo(ConvertCommand.SOME_FAILED);
    assertThat(run.stderr()).contains("absent.json: cannot read the file");
    assertThat(run.stdout()).contains("billing-api");
  }

  @Test
  void wrongCommandLinesExitWithTwoAndTheUsage() {
    for (List<String> args : List.of(List.<String>of(), List.of(GOOD, "--to", "nomad"), List.of(GOOD, "--param", "x"),
        List.of(GOOD, "--to", "helm"), List.of(GOOD, "--bogus"), List.of(GOOD, "-o", "x", "--stdout"))) {
      ConvertRun run = ConvertRun.of(args);
      assertThat(run.exitCode()).as("%s", args).isEqualTo(ConvertCommand.USAGE);
      assertThat(run.stderr()).as("%s", args).startsWith("stevedore convert: ").contains("usage: stevedore convert");
    }
  }

  @Test
  void standardInputIsRead() {
    ConvertRun run = ConvertRun.of(List.of("-", "--to", "kubernetes"),
        "[{\"name\": \"app\", \"image\": \"nginx:1.27\", \"memory\": 128}]");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("kind: \"Deployment\"").contains("image: \"nginx:1.27\"");
  }

  @Test
  void outputDirectoryGetsOneFilePerObject() {
    Path out = tmp.resolve("out");

    ConvertRun run = ConvertRun.of(List.of("src/test/resources/convert/cloudformation-yaml/template.yaml",
        "--param", "ImageTag=1", "--to", "kubernetes", "-o", out.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(out.resolve("deployment-orders.yaml")).exists();
    assertThat(out.resolve("horizontalpodautoscaler-orders.yaml")).exists();
    assertThat(out.resolve("service-orders.yaml")).exists();
  }

  @Test
  void helmWritesAChartWhoseValuesHoldReplicasAndImages() throws IOException {
    Path chart = tmp.resolve("chart");

    ConvertRun run = ConvertRun.of(List.of("src/test/resources/convert/create-service/service.json",
        "src/test/resources/convert/create-service/taskdef.json", "--to", "helm", "-o", chart.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readString(chart.resolve("Chart.yaml"))).contains("name: storefront");
    assertThat(Files.readString(chart.resolve("values.yaml"))).contains("replicas: 4")
        .contains("web: \"registry.example.com/shop/storefront:1.9.0\"");
    assertThat(Files.readString(chart.resolve("templates/deployment-storefront.yaml")))
        .contains("replicas: {{ index .Values.workloads \"storefront\" \"replicas\" }}")
        .contains("image: {{ index .Values.workloads \"storefront\" \"images\" \"web\" | quote }}");
  }

  @Test
  void theTableNamesEveryUnhonouredFieldAndUnresolvedReference() {
    ConvertRun run = ConvertRun.of(List.of("src/test/resources/convert/cloudformation-yaml/template.yaml"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.stderr()).contains("FILE").contains("STATUS")
        .contains("UNRESOLVED    Fn::ImportValue orders-database-host unresolved; left out; pass --param orders-database-host=...")
        .contains("Image").contains("Fn::Sub");
  }

  @Test
  void targetGroupBindingsAreWrittenOnlyWhenAskedForAndTheirAbsenceIsReported() throws IOException {
    String service = Files.readString(Path.of("src/test/resources/convert/create-service/service.json"))
        .replace("\"desiredCount\": 4,", "\"desiredCount\": 4, \"loadBalancers\": [{\"targetGroupArn\":"
            + " \"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/storefront/0123456789abcdef\","
            + " \"containerName\": \"web\", \"containerPort\": 3000}],");
    Path serviceFile = write("service.json", service);
    String taskDefinition = "src/test/resources/convert/create-service/taskdef.json";

    ConvertRun without = ConvertRun.of(List.of(serviceFile.toString(), taskDefinition, "--to", "kubernetes"));
    ConvertRun with = ConvertRun.of(List.of(serviceFile.toString(), taskDefinition, "--to", "kubernetes",
        "--target-group-bindings"));

    assertThat(without.exitCode()).as(without.stderr()).isZero();
    assertThat(without.stdout()).doesNotContain("TargetGroupBinding");
    assertThat(without.stderr()).contains("loadBalancers[0].targetGroupArn").contains("--target-group-bindings");
    assertThat(with.exitCode()).as(with.stderr()).isZero();
    // networkMode bridge: the target group registers instances, through the Service's node port.
    assertThat(with.stdout()).contains("kind: \"TargetGroupBinding\"").contains("targetType: \"instance\"")
        .contains("name: \"storefront-storefront\"").contains("type: \"NodePort\"");
    assertThat(with.stderr()).doesNotContain("loadBalancers[0].targetGroupArn");
  }

  private Path write(String name, String text) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
