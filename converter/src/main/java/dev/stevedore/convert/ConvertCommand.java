package dev.stevedore.convert;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code stevedore convert}: ECS documents in, Stevedore resources, plain Kubernetes manifests or a Helm chart out.
 * Exit status 0 when every document converted, 1 when any file or document could not be converted (the others
 * still are), 2 for a wrong command line.
 */
public final class ConvertCommand {
  static final int OK = 0;
  static final int SOME_FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT = """
      usage: stevedore convert [FILE|DIR|-]... [-o DIR | --stdout] [--to stevedore|kubernetes|helm]
                               [--param NAME=VALUE]... [--report table|json] [--nodes N] [--chart-name NAME]
                               [--target-group-bindings]

        FILE|DIR|-        ECS documents: task definitions (RegisterTaskDefinition JSON, describe-task-definition
                          output, Terraform container_definitions), services (CreateService JSON), clusters, and
                          CloudFormation templates (JSON or YAML). A directory is read for *.json, *.yaml, *.yml
                          and *.template files; - reads standard input.
        -o DIR            write one file per object into DIR (for --to helm: the chart directory)
        --stdout          write every object to standard output, as one YAML stream (the default)
        --to              stevedore (default): TaskDefinition, EcsService, EcsCluster resources for the operator;
                          kubernetes: Deployment/DaemonSet, ServiceAccount, Service, HorizontalPodAutoscaler;
                          helm: a chart of those Kubernetes objects
        --param NAME=VALUE  resolves Ref NAME, Fn::ImportValue NAME, Fn::GetAtt NAME (Resource.Attribute),
                          ${NAME} in Fn::Sub, and template placeholders such as {{ must_env `NAME` }}
        --report          table (default) or json, on standard error
        --nodes N         nodes a DAEMON service's rolling-update bounds are computed for (default 3)
        --chart-name      the Helm chart's name (default: the first service's or task definition's)
        --target-group-bindings  for a cluster with the AWS Load Balancer Controller: each target group of a
                          service's loadBalancers gets a TargetGroupBinding (elbv2.k8s.aws/v1beta1) to its Service;
                          without it the target groups are reported not registered
      """;

  private ConvertCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      stderr.println("stevedore convert: " + e.getMessage());
      stderr.print(USAGE_TEXT);
      return USAGE;
    }
    if (arguments.help) {
      stdout.print(USAGE_TEXT);
      return OK;
    }
    List<Conversion.Input> inputs = new ArrayList<>();
    for (String path : arguments.inputs) {
      if (path.equals("-")) {
        try {
          inputs.add(Conversion.Input.of("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
          inputs.add(new Conversion.Input("<stdin>", null, "cannot read standard input: " + e.getMessage()));
        }
        continue;
      }
      Path file = Path.of(path);
      if (Files.isDirectory(file)) {
        List<Path> found = documentsUnder(file);
        if (found.isEmpty()) {
          inputs.add(new Conversion.Input(path, null, "the directory holds no .json, .yaml, .yml or .template file"));
        }
        found.forEach(f -> inputs.add(read(f)));
      } else {
        inputs.add(read(file));
      }
    }
    Conversion.Outcome outcome = Conversion.run(inputs, new Conversion.Options(arguments.target, arguments.params,
        arguments.nodes, arguments.chartName, arguments.targetGroupBindings));
    try {
      write(arguments, outcome, stdout);
    } catch (IOException e) {
      stderr.println("stevedore convert: cannot write " + arguments.outputDir + ": " + e.getMessage());
      return SOME_FAILED;
    }
    if (arguments.jsonReport) {
      ReportPrinter.json(outcome, stderr);
    } else {
      ReportPrinter.table(outcome, stderr);
    }
    return outcome.failed() ? SOME_FAILED : OK;
  }

  private static void write(Arguments arguments, Conversion.Outcome outcome, PrintStream stdout) throws IOException {
    List<HasMetadata> objects = outcome.objects();
    if (arguments.target == Target.HELM) {
      String name = arguments.chartName != null ? arguments.chartName : chartName(outcome);
      Path dir = Path.of(arguments.outputDir);
      for (Map.Entry<String, String> file : HelmChart.files(name, objects).entrySet()) {
        Path path = dir.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      }
      return;
    }
    if (arguments.outputDir == null) {
      stdout.print(Manifests.stream(objects));
      stdout.flush();
      return;
    }
    Path dir = Path.of(arguments.outputDir);
    Files.createDirectories(dir);
    for (HasMetadata object : objects) {
      Files.writeString(dir.resolve(Manifests.fileName(object)), Manifests.yaml(object));
    }
  }

  private static String chartName(Conversion.Outcome outcome) {
    return outcome.reports().stream()
        .filter(r -> r.resource.startsWith("EcsService ") || r.resource.startsWith("TaskDefinition "))
        .map(r -> dev.stevedore.naming.Names.dnsLabel(r.resource.substring(r.resource.indexOf(' ') + 1)))
        .findFirst().orElse("converted");
  }

  private static Conversion.Input read(Path file) {
    try {
      return Conversion.Input.of(file.toString(), Files.readString(file));
    } catch (IOException e) {
      return new Conversion.Input(file.toString(), null, "cannot read the file: " + e.getMessage());
    }
  }

  private static List<Path> documentsUnder(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*\\.(json|ya?ml|template)$"))
          .sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The command line, checked. */
  static final class Arguments {
    final List<String> inputs = new ArrayList<>();
    final Map<String, String> params = new LinkedHashMap<>();
    Target target = Target.STEVEDORE;
    String outputDir;
    boolean stdout;
    boolean jsonReport;
    boolean help;
    int nodes = 3;
    String chartName;
    boolean targetGroupBindings;

    static Arguments parse(String[] args) {
      Arguments a = new Arguments();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "-h", "--help" -> a.help = true;
          case "-o", "--output" -> a.outputDir = value(args, ++i, arg);
          case "--stdout" -> a.stdout = true;
          case "--to" -> a.target = Target.parse(value(args, ++i, arg));
          case "--param" -> {
            String param = value(args, ++i, arg);
            int equals = param.indexOf('=');
            if (equals <= 0) {
              throw new IllegalArgumentException("--param takes NAME=VALUE, not \"" + param + "\"");
            }
            a.params.put(param.substring(0, equals), param.substring(equals + 1));
          }
          case "--report" -> {
            String format = value(args, ++i, arg);
            if (!format.equals("json") && !format.equals("table")) {
              throw new IllegalArgumentException("--report takes table or json, not \"" + format + "\"");
            }
            a.jsonReport = format.equals("json");
          }
          case "--nodes" -> {
            String n = value(args, ++i, arg);
            if (!n.matches("[1-9][0-9]{0,3}")) {
              throw new IllegalArgumentException("--nodes takes a number from 1 to 9999, not \"" + n + "\"");
            }
            a.nodes = Integer.parseInt(n);
          }
          case "--chart-name" -> a.chartName = value(args, ++i, arg);
          case "--target-group-bindings" -> a.targetGroupBindings = true;
          default -> {
            if (arg.startsWith("-") && !arg.equals("-")) {
              throw new IllegalArgumentException("unknown option " + arg);
            }
            a.inputs.add(arg);
          }
        }
      }
      if (a.help) {
        return a;
      }
      if (a.inputs.isEmpty()) {
        throw new IllegalArgumentException("no input: name files or directories of ECS documents, or - for"
            + " standard input");
      }
      if (a.stdout && a.outputDir != null) {
        throw new IllegalArgumentException("-o and --stdout exclude each other");
      }
      if (a.target == Target.HELM && a.outputDir == null) {
        throw new IllegalArgumentException("--to helm writes a chart directory: name it with -o DIR");
      }
      return a;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
