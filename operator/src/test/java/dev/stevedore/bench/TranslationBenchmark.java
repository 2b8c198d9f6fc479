package dev.stevedore.bench;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerDependency;
import dev.stevedore.api.v1alpha1.DeploymentConfiguration;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.HealthCheck;
import dev.stevedore.api.v1alpha1.KeyValuePair;
import dev.stevedore.api.v1alpha1.MountPoint;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.Volume;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.ServiceContext;
import dev.stevedore.translate.TaskRoleBinding;
import dev.stevedore.translate.WorkloadTranslator;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Translation throughput on one thread: a three-container task definition (app with health check, port,
 * environment and volume; a HEALTHY proxy sidecar; a log router) and its REPLICA service to a Deployment.
 * Run: mvn -B -pl operator -Pbench verify (see README, "Benchmarks").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class TranslationBenchmark {
  private ServiceContext context;

  @Setup
  public void setUp() {
    TaskDefinitionSpec td = new TaskDefinitionSpec();
    td.family = "checkout";
    td.networkMode = "awsvpc";
    td.requiresCompatibilities = List.of("FARGATE");
    td.cpu = new IntOrString("1024");
    td.memory = new IntOrString("2048");
    Volume cache = new Volume();
    cache.name = "cache";
    td.volumes = List.of(cache);

    ContainerDefinition app = container("app", "ghcr.io/example/checkout:5.2.0");
    app.cpu = 512;
    app.memoryReservation = 1024;
    PortMapping http = new PortMapping();
    http.containerPort = 8080;
    http.name = "http";
    app.portMappings = List.of(http);
    app.environment = List.of(new KeyValuePair("PORT", "8080"), new KeyValuePair("REGION", "us-east-1"),
        new KeyValuePair("LOG_LEVEL", "info"), new KeyValuePair("FEATURES", "a,b,c"));
    app.healthCheck = check("curl -fs http://localhost:8080/health || exit 1");
    MountPoint mount = new MountPoint();
    mount.sourceVolume = "cache";
    mount.containerPath = "/var/cache/app";
    app.mountPoints = List.of(mount);
    ContainerDependency onProxy = new ContainerDependency();
    onProxy.containerName = "proxy";
    onProxy.condition = "HEALTHY";
    app.dependsOn = List.of(onProxy);

    ContainerDefinition proxy = container("proxy", "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod");
    proxy.memoryReservation = 256;
    proxy.healthCheck = check("curl -s http://localhost:9901/ready");

    ContainerDefinition logs = container("log_router", "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4");
    logs.essential = false;
    logs.memoryReservation = 64;
    td.containerDefinitions = new ArrayList<>(List.of(app, proxy, logs));

    EcsServiceSpec svc = new EcsServiceSpec();
    svc.taskDefinition = "checkout";
    svc.desiredCount = 6;
    svc.deploymentConfiguration = new DeploymentConfiguration();
    svc.deploymentConfiguration.minimumHealthyPercent = 50;
    svc.deploymentConfiguration.maximumPercent = 200;
    RegisteredTaskDefinition revision = new RegisteredTaskDefinition("checkout", 12,
        RegisteredTaskDefinition.arn("us-east-1", "111122223333", "checkout", 12), td);
    context = new ServiceContext("checkout", "shop", "prod", svc, revision, null, 6, List.of(), TaskRoleBinding.IRSA,
        "111122223333", null);
  }

  @Benchmark
  public Deployment translateServiceToDeployment() {
    return WorkloadTranslator.deployment(context).deployment();
  }

  private static ContainerDefinition container(String name, String image) {
    ContainerDefinition c = new ContainerDefinition();
    c.name = name;
    c.image = image;
    return c;
  }

  private static HealthCheck check(String shell) {
    HealthCheck check = new HealthCheck();
    check.command = List.of("CMD-SHELL", shell);
    check.interval = 10;
    return check;
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(TranslationBenchmark.class.getSimpleName()).build()).run();
  }
}
