package dev.stevedore.e2e.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.EcsEndpoint;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Waits;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterContainsServicesException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/**
 * ECS's error model, as the SDK receives it from the endpoint: HTTP 400 with the exception's {@code __type} and
 * ECS's words, the SDK's modelled exception classes, and RBAC deciding through impersonation. Raw signed requests
 * cover what no SDK sends (an unknown operation, a body that is not JSON).
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EcsApiErrorsE2E {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTestWithEcsApi(Duration.ofSeconds(30));

  private EcsEndpoint endpoint;

  @BeforeEach
  void keys(Ecs ecs) {
    endpoint = EcsEndpoint.granted(operator, ecs);
  }

  @Test
  void eachExceptionInEcsWords(Ecs ecs) {
    try (EcsClient aws = endpoint.client(EcsEndpoint.ADMIN)) {
      assertThatThrownBy(() -> aws.describeServices(r -> r.cluster("nowhere").services("web")))
          .isInstanceOfSatisfying(ClusterNotFoundException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cluster not found.");
          });
      aws.createCluster(r -> r.clusterName("default"));
      assertThatThrownBy(() -> aws.updateService(r -> r.service("nope").desiredCount(1)))
          .isInstanceOfSatisfying(ServiceNotFoundException.class,
              e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Service not found."));
      assertThatThrownBy(() -> aws.listServices(r -> r.maxResults(101)))
          .isInstanceOf(InvalidParameterException.class);
      assertThatThrownBy(() -> aws.describeTaskDefinition(r -> r.taskDefinition("nope:7")))
          .isInstanceOfSatisfying(ClientException.class,
              e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Unable to describe task definition."));
      assertThatThrownBy(() -> aws.registerTaskDefinition(r -> r.family("bad").containerDefinitions(c -> c
          .name("app").memory(128)))).isInstanceOf(ClientException.class);
      assertThatThrownBy(() -> aws.createService(r -> r.serviceName("web").taskDefinition("missing")
          .desiredCount(1))).isInstanceOfSatisfying(InvalidParameterException.class,
              e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("TaskDefinition not found."));

      aws.registerTaskDefinition(r -> r.family("web").containerDefinitions(EcsApiE2E.web(Ecs.IMAGE_V1)));
      aws.createService(r -> r.serviceName("web").taskDefinition("web").desiredCount(1));
      assertThatThrownBy(() -> aws.createService(r -> r.serviceName("web").taskDefinition("web").desiredCount(1)))
          .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
              e.awsErrorDetails().errorMessage()).isEqualTo("Creation of service was not idempotent."));
      assertThatThrownBy(() -> aws.deleteService(r -> r.service("web")))
          .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
              e.awsErrorDetails().errorMessage()).isEqualTo("The service cannot be stopped while it is scaled above 0."));
      assertThatThrownBy(() -> aws.deleteCluster(r -> r.cluster("default")))
          .isInstanceOfSatisfying(ClusterContainsServicesException.class, e -> assertThat(
              e.awsErrorDetails().errorMessage()).isEqualTo("The Cluster cannot be deleted while Services are active."));
      assertThatThrownBy(() -> aws.createService(r -> r.serviceName("daemon").taskDefinition("web")
          .schedulingStrategy("DAEMON").deploymentConfiguration(d -> d.maximumPercent(200))))
          .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
              e.awsErrorDetails().errorMessage()).startsWith("The daemon scheduling strategy does not support values"
              + " above 100 for maximumPercent"));

      // A service being deleted (held here by a finalizer of someone else's) is not ACTIVE.
      EcsService held = Ecs.replicaService("held", "web", 0);
      held.getMetadata().setFinalizers(List.of("example.com/hold"));
      ecs.apply(held);
      ecs.client().resource(held).inNamespace(ecs.namespace()).delete();
      Waits.until("held is being deleted", Duration.ofSeconds(10), () -> ecs.service("held"),
          s -> s.getMetadata().getDeletionTimestamp() != null, String::valueOf);
      try {
        Waits.until("UpdateService on a deleted service", Duration.ofSeconds(10), () -> {
          try {
            aws.updateService(r -> r.service("held").desiredCount(1));
            return "accepted";
          } catch (AwsServiceException e) {
            return e.getClass().getSimpleName();
          }
        }, "ServiceNotActiveException"::equals, String::valueOf);
        assertThatThrownBy(() -> aws.updateService(r -> r.service("held").desiredCount(1)))
            .isInstanceOf(ServiceNotActiveException.class);
      } finally {
        // A merge patch, not a read-modify-write: the operator writes the service's status meanwhile.
        ecs.client().resources(EcsService.class).inNamespace(ecs.namespace()).withName("held")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
      }
    }
  }

  @Test
  void rbacDecidesThroughImpersonation(Ecs ecs) {
    try (EcsClient admin = endpoint.client(EcsEndpoint.ADMIN);
         EcsClient reader = endpoint.client(EcsEndpoint.READER);
         EcsClient nobody = endpoint.client(EcsEndpoint.NOBODY)) {
      admin.createCluster(r -> r.clusterName("default"));
      admin.registerTaskDefinition(r -> r.family("web").containerDefinitions(EcsApiE2E.web(Ecs.IMAGE_V1)));
      admin.createService(r -> r.serviceName("web").taskDefinition("web").desiredCount(0));

      // The read-only key reads...
      assertThat(reader.describeServices(r -> r.services("web")).services()).hasSize(1);
      assertThat(reader.listTaskDefinitions().taskDefinitionArns()).hasSize(1);
      // ...and cannot write: the API server refused the impersonated user.
      assertThatThrownBy(() -> reader.createService(r -> r.serviceName("other").taskDefinition("web")
          .desiredCount(1))).isInstanceOfSatisfying(AccessDeniedException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains("ecs-reader").contains("ecs:CreateService");
          });
      assertThatThrownBy(() -> reader.updateService(r -> r.service("web").desiredCount(3)))
          .isInstanceOf(AccessDeniedException.class);
      assertThat(ecs.service("web").getSpec().desiredCount).isZero();
      // A key whose user has no binding cannot even read.
      assertThatThrownBy(() -> nobody.listServices()).isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> nobody.describeClusters()).isInstanceOf(AccessDeniedException.class);
    }
  }

  @Test
  void signaturesAndTheProtocol(Ecs ecs) throws Exception {
    try (EcsClient wrongSecret = endpoint.client(EcsEndpoint.ADMIN.accessKeyId(), "not-the-secret");
         EcsClient unknownKey = endpoint.client("AKIAUNKNOWNKEY000000", "whatever")) {
      assertThatThrownBy(wrongSecret::listClusters).isInstanceOfSatisfying(AwsServiceException.class, e -> {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(e.statusCode()).isEqualTo(403);
      });
      assertThatThrownBy(unknownKey::listClusters).isInstanceOfSatisfying(AwsServiceException.class,
          e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
    }
    EcsEndpoint.Answer unsigned = endpoint.post(null, "AmazonEC2ContainerServiceV20141113.ListClusters", "{}");
    assertThat(unsigned.status()).isEqualTo(403);
    assertThat(type(unsigned)).isEqualTo("MissingAuthenticationTokenException");

    EcsEndpoint.Answer unknown = endpoint.post(EcsEndpoint.ADMIN, "AmazonEC2ContainerServiceV20141113.LaunchRocket",
        "{}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(type(unknown)).isEqualTo("UnknownOperationException");
    assertThat(unknown.headers().get("x-amzn-errortype")).containsExactly("UnknownOperationException");

    EcsEndpoint.Answer malformed = endpoint.post(EcsEndpoint.ADMIN, "AmazonEC2ContainerServiceV20141113.ListClusters",
        "{\"maxResults\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(type(malformed)).isEqualTo("SerializationException");

    EcsEndpoint.Answer ok = endpoint.post(EcsEndpoint.ADMIN, "AmazonEC2ContainerServiceV20141113.ListClusters", "");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.headers().get("content-type")).containsExactly("application/x-amz-json-1.1");
    assertThat(ok.headers()).containsKey("x-amzn-requestid");
    assertThat(JSON.readTree(ok.body()).get("clusterArns").isArray()).isTrue();
  }

  private static String type(EcsEndpoint.Answer answer) throws Exception {
    JsonNode body = JSON.readTree(answer.body());
    assertThat(body.get("message").asText()).isNotEmpty();
    return body.get("__type").asText();
  }
}
