package dev.stevedore.e2e.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.EcsEndpoint;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * The ECS endpoint driven by the real AWS SDK for Java v2, as a script that used ECS would drive it, on the local
 * control plane: task definitions, clusters, services and tasks made and changed through the API run as pods, the
 * SDK's own waiters (servicesStable, tasksRunning, tasksStopped) return, and what the API made is what kubectl sees
 * and the reverse.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EcsApiE2E {
  private static final Logger LOG = LoggerFactory.getLogger(EcsApiE2E.class);
  private static final String ARN = "arn:aws:ecs:us-east-1:" + InProcessOperator.ACCOUNT + ":";
  /** The SDK's waiters poll every 15 s by default; these poll every second for up to two minutes. */
  private static final java.util.function.Consumer<WaiterOverrideConfiguration.Builder> WAIT = w -> w
      .waitTimeout(Duration.ofSeconds(120)).backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofSeconds(1)));

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTestWithEcsApi(Duration.ofSeconds(30));

  private EcsEndpoint endpoint;

  @BeforeEach
  void keys(Ecs ecs) {
    endpoint = EcsEndpoint.granted(operator, ecs);
  }

  @Test
  void aServiceMadeThroughTheSdkRunsScalesStopsATaskAndIsDeleted(Ecs ecs) {
    try (EcsClient aws = endpoint.client(EcsEndpoint.ADMIN)) {
      assertThat(aws.createCluster(r -> r.clusterName("default")).cluster().clusterArn())
          .isEqualTo(ARN + "cluster/default");
      RegisterTaskDefinitionResponse registered = aws.registerTaskDefinition(r -> r.family("web")
          .containerDefinitions(web(Ecs.IMAGE_V1)).tags(Tag.builder().key("team").value("shop").build()));
      assertThat(registered.taskDefinition().taskDefinitionArn()).isEqualTo(ARN + "task-definition/web:1");
      assertThat(registered.taskDefinition().revision()).isEqualTo(1);
      assertThat(registered.taskDefinition().status()).isEqualTo(TaskDefinitionStatus.ACTIVE);
      assertThat(registered.taskDefinition().registeredAt()).isNotNull();
      assertThat(registered.tags()).extracting(Tag::key).containsExactly("team");

      Service created = aws.createService(r -> r.serviceName("web").taskDefinition("web").desiredCount(2)).service();
      assertThat(created.serviceArn()).isEqualTo(ARN + "service/default/web");
      assertThat(created.status()).isEqualTo("ACTIVE");

      // The SDK's waiter: DescribeServices until one deployment runs desiredCount tasks.
      WaiterResponse<DescribeServicesResponse> stable = aws.waiter().waitUntilServicesStable(
          r -> r.services("web"), WAIT);
      Service running = stable.matched().response().orElseThrow().services().get(0);
      assertThat(running.runningCount()).isEqualTo(2);
      assertThat(running.deployments()).hasSize(1);
      // The waiter looks at counts only; the deployment completes once its tasks count as healthy.
      Waits.until("the deployment completed", Duration.ofSeconds(60), () -> aws.describeServices(r -> r
          .services("web")).services().get(0).deployments().get(0).rolloutStateAsString(), "COMPLETED"::equals,
          String::valueOf);
      assertThat(running.taskDefinition()).isEqualTo(ARN + "task-definition/web:1");
      assertThat(running.events()).isNotEmpty();
      assertThat(running.createdAt()).isNotNull();

      // What the API made is the EcsService kubectl sees.
      EcsService object = ecs.service("web");
      assertThat(object.getSpec().desiredCount).isEqualTo(2);
      assertThat(ecs.pods("web")).hasSize(2);

      // A new revision and a new count through UpdateService, then the waiter again.
      aws.registerTaskDefinition(r -> r.family("web").containerDefinitions(web(Ecs.IMAGE_V2)));
      aws.updateService(r -> r.service("web").desiredCount(3).taskDefinition("web:2"));
      Service updated = aws.waiter().waitUntilServicesStable(r -> r.services(ARN + "service/default/web"), WAIT)
          .matched().response().orElseThrow().services().get(0);
      assertThat(updated.taskDefinition()).isEqualTo(ARN + "task-definition/web:2");
      assertThat(updated.runningCount()).isEqualTo(3);
      assertThat(ecs.service("web").getSpec().taskDefinition).isEqualTo("web:2");

      // The service's tasks, in the DescribeTasks shape.
      List<String> taskArns = aws.listTasks(r -> r.serviceName("web")).taskArns();
      assertThat(taskArns).hasSize(3).allMatch(a -> a.matches(ARN.replace(".", "\\.") + "task/default/[0-9a-f]{32}"));
      DescribeTasksResponse described = aws.describeTasks(r -> r.tasks(taskArns));
      assertThat(described.failures()).isEmpty();
      assertThat(described.tasks()).allSatisfy(t -> {
        assertThat(t.lastStatus()).isEqualTo("RUNNING");
        assertThat(t.group()).isEqualTo("service:web");
        assertThat(t.taskDefinitionArn()).isEqualTo(ARN + "task-definition/web:2");
        assertThat(t.startedBy()).startsWith("ecs-svc/");
      });

      // StopTask on a service's task: the service replaces it, as on ECS.
      String stopped = taskArns.get(0);
      assertThat(aws.stopTask(r -> r.task(stopped).reason("drill")).task().desiredStatus())
          .isEqualTo("STOPPED");
      Waits.until("the service replaced the stopped task", Duration.ofSeconds(60),
          () -> aws.listTasks(r -> r.serviceName("web")).taskArns(),
          arns -> arns.size() == 3 && !arns.contains(stopped), String::valueOf);

      // ListServices sees a service made with kubectl too.
      ecs.apply(Ecs.replicaService("made-with-kubectl", "web", 0));
      Waits.until("ListServices lists both", Duration.ofSeconds(10), () -> aws.listServices(r -> r.cluster("default"))
          .serviceArns(), arns -> arns.size() == 2, String::valueOf);
      assertThat(aws.listServices(r -> r.cluster("default")).serviceArns()).containsExactly(
          ARN + "service/default/made-with-kubectl", ARN + "service/default/web");

      // Deleting: ECS's rule first, then scaled to zero, then gone.
      assertThat(aws.deleteService(r -> r.service("web").force(true)).service().status()).isEqualTo("DRAINING");
      Waits.until("the service is gone", Duration.ofSeconds(60),
          () -> aws.describeServices(r -> r.services("web")), d -> d.services().isEmpty()
              && d.failures().size() == 1 && "MISSING".equals(d.failures().get(0).reason()), String::valueOf);
      // Listed names are kept between calls: a deletion must reach them.
      assertThat(aws.listServices(r -> r.cluster("default")).serviceArns()).containsExactly(
          ARN + "service/default/made-with-kubectl");
      LOG.info("ECS endpoint: a service made, stabilised (2 then 3 tasks), a task stopped and replaced, deleted");
    }
  }

  @Test
  void runTaskStopTaskAndTheTaskWaiters(Ecs ecs) {
    try (EcsClient aws = endpoint.client(EcsEndpoint.ADMIN)) {
      aws.createCluster(r -> r.clusterName("batch"));
      aws.registerTaskDefinition(r -> r.family("worker").containerDefinitions(web(Ecs.IMAGE_V1)));
      aws.registerTaskDefinition(r -> r.family("migrate").containerDefinitions(ContainerDefinition.builder()
          .name("migrate").image("registry.example.com/stevedore/migrate:exits-0").memory(128).essential(true)
          .build()));

      RunTaskResponse run = aws.runTask(r -> r.cluster("batch").taskDefinition("worker").count(2)
          .startedBy("nightly").tags(Tag.builder().key("job").value("42").build()));
      assertThat(run.failures()).isEmpty();
      assertThat(run.tasks()).hasSize(2);
      List<String> arns = run.tasks().stream().map(Task::taskArn).toList();
      assertThat(arns).allMatch(a -> a.startsWith(ARN + "task/batch/"));
      Task first = run.tasks().get(0);
      assertThat(first.startedBy()).isEqualTo("nightly");
      assertThat(first.group()).isEqualTo("family:worker");

      aws.waiter().waitUntilTasksRunning(r -> r.cluster("batch").tasks(arns), WAIT);
      assertThat(aws.listTasks(r -> r.cluster("batch").startedBy("nightly")).taskArns())
          .containsExactlyInAnyOrderElementsOf(arns);
      assertThat(aws.listTagsForResource(r -> r.resourceArn(arns.get(0))).tags()).extracting(Tag::key)
          .containsExactly("job");

      aws.stopTask(r -> r.cluster("batch").task(arns.get(0)).reason("no longer needed"));
      aws.waiter().waitUntilTasksStopped(r -> r.cluster("batch").tasks(arns.get(0)), WAIT);
      Task stopped = aws.describeTasks(r -> r.cluster("batch").tasks(arns.get(0))).tasks().get(0);
      assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
      assertThat(stopped.stoppedReason()).isEqualTo("no longer needed");
      assertThat(stopped.stoppedAt()).isNotNull();
      Task other = aws.describeTasks(r -> r.cluster("batch").tasks(arns.get(1))).tasks().get(0);
      assertThat(other.lastStatus()).isEqualTo("RUNNING");
      assertThat(aws.listTasks(r -> r.cluster("batch").desiredStatus("STOPPED")).taskArns())
          .containsExactly(arns.get(0));

      // A task that runs to completion: STOPPED with its exit code, as DescribeTasks gives it.
      String migrate = aws.runTask(r -> r.cluster("batch").taskDefinition("migrate")).tasks().get(0).taskArn();
      aws.waiter().waitUntilTasksStopped(r -> r.cluster("batch").tasks(migrate), WAIT);
      Task done = aws.describeTasks(r -> r.cluster("batch").tasks(migrate)).tasks().get(0);
      assertThat(done.stopCodeAsString()).isEqualTo("EssentialContainerExited");
      assertThat(done.containers().get(0).exitCode()).isZero();
    }
  }

  @Test
  void taskDefinitionsAreListedPagedDeregisteredAndKubectlsAreVisible(Ecs ecs) {
    try (EcsClient aws = endpoint.client(EcsEndpoint.ADMIN)) {
      for (int i = 0; i < 3; i++) {
        String image = Ecs.IMAGE_V1 + "-" + i;
        aws.registerTaskDefinition(r -> r.family("api").containerDefinitions(web(image)));
      }
      // Registering the latest revision's document again registers nothing new.
      String latest = Ecs.IMAGE_V1 + "-2";
      assertThat(aws.registerTaskDefinition(r -> r.family("api").containerDefinitions(web(latest)))
          .taskDefinition().revision()).isEqualTo(3);
      ecs.apply(Ecs.taskDefinition("from-kubectl", Ecs.IMAGE_V1, true));
      Waits.until("kubectl's task definition is described", Duration.ofSeconds(30), () -> {
        try {
          return aws.describeTaskDefinition(r -> r.taskDefinition("from-kubectl")).taskDefinition().revision();
        } catch (software.amazon.awssdk.services.ecs.model.ClientException e) {
          return null;
        }
      }, r -> Integer.valueOf(1).equals(r), String::valueOf);

      List<String> all = new ArrayList<>();
      String token = null;
      do {
        String next = token;
        var page = aws.listTaskDefinitions(r -> r.maxResults(2).nextToken(next));
        assertThat(page.taskDefinitionArns().size()).isLessThanOrEqualTo(2);
        all.addAll(page.taskDefinitionArns());
        token = page.nextToken();
      } while (token != null);
      assertThat(all).containsExactly(ARN + "task-definition/api:1", ARN + "task-definition/api:2",
          ARN + "task-definition/api:3", ARN + "task-definition/from-kubectl:1");
      assertThat(aws.listTaskDefinitions(r -> r.familyPrefix("api").sort("DESC")).taskDefinitionArns())
          .startsWith(ARN + "task-definition/api:3");

      assertThat(aws.deregisterTaskDefinition(r -> r.taskDefinition("api:1")).taskDefinition().status())
          .isEqualTo(TaskDefinitionStatus.INACTIVE);
      assertThat(aws.listTaskDefinitions(r -> r.status("INACTIVE")).taskDefinitionArns())
          .containsExactly(ARN + "task-definition/api:1");
      TaskDefinition object = ecs.client().resources(TaskDefinition.class).inNamespace(ecs.namespace())
          .withName("api").get();
      assertThat(object.getMetadata().getAnnotations()).containsEntry("ecs.stevedore.dev/deregister", "1");
      assertThat(aws.listTaskDefinitionFamilies(r -> r.familyPrefix("")).families())
          .containsExactly("api", "from-kubectl");
    }
  }

  @Test
  void clustersAndTagsThroughTheApi(Ecs ecs) {
    try (EcsClient aws = endpoint.client(EcsEndpoint.ADMIN)) {
      aws.createCluster(r -> r.clusterName("Prod_Cluster").tags(Tag.builder().key("env").value("prod").build()));
      ecs.apply(Ecs.cluster("from-kubectl"));
      Waits.until("both clusters listed", Duration.ofSeconds(10), () -> aws.listClusters().clusterArns(),
          arns -> arns.size() == 2, String::valueOf);
      var described = aws.describeClusters(r -> r.clusters("Prod_Cluster", "from-kubectl", "nope").include(
          software.amazon.awssdk.services.ecs.model.ClusterField.TAGS));
      assertThat(described.clusters()).extracting(c -> c.clusterName()).containsExactly("Prod_Cluster",
          "from-kubectl");
      assertThat(described.clusters().get(0).tags()).extracting(Tag::value).containsExactly("prod");
      assertThat(described.failures()).extracting(f -> f.reason()).containsExactly("MISSING");

      String arn = ARN + "cluster/Prod_Cluster";
      aws.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("owner").value("ops").build()));
      aws.untagResource(r -> r.resourceArn(arn).tagKeys("env"));
      assertThat(aws.listTagsForResource(r -> r.resourceArn(arn)).tags()).extracting(Tag::key)
          .containsExactly("owner");

      aws.putClusterCapacityProviders(r -> r.cluster("Prod_Cluster").capacityProviders("FARGATE", "FARGATE_SPOT")
          .defaultCapacityProviderStrategy(s -> s.capacityProvider("FARGATE").weight(1)));
      var cluster = aws.describeClusters(r -> r.clusters("Prod_Cluster")).clusters().get(0);
      assertThat(cluster.capacityProviders()).containsExactly("FARGATE", "FARGATE_SPOT");
      assertThat(cluster.defaultCapacityProviderStrategy().get(0).capacityProvider()).isEqualTo("FARGATE");

      assertThat(aws.deleteCluster(r -> r.cluster("Prod_Cluster")).cluster().status()).isEqualTo("INACTIVE");
      Waits.until("the cluster is gone", Duration.ofSeconds(10), () -> aws.listClusters().clusterArns(),
          arns -> arns.equals(List.of(ARN + "cluster/from-kubectl")), String::valueOf);
    }
  }

  static ContainerDefinition web(String image) {
    return ContainerDefinition.builder().name("web").image(image).memory(128).essential(true)
        .portMappings(p -> p.containerPort(80))
        .healthCheck(HealthCheck.builder().command("CMD-SHELL", "curl -f http://localhost/ || exit 1").build())
        .build();
  }
}
