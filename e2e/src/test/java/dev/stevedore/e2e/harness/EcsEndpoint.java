package dev.stevedore.e2e.harness;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The ECS endpoint of a test's operator, as users reach it: access keys in the operator's Secret, each mapped to a
 * Kubernetes user whose RBAC the test grants, and the AWS SDK for Java v2 (or a raw signed request, for what no SDK
 * sends) pointed at it with an endpoint override.
 */
public final class EcsEndpoint {
  /** Bound to a Role that may do anything with Stevedore's resources and stop tasks (delete pods). */
  public static final Key ADMIN = new Key("AKIASTEVEDOREADMIN01", "admin-secret-key", "ecs-admin");
  /** Bound to a Role that may only read Stevedore's resources and pods. */
  public static final Key READER = new Key("AKIASTEVEDOREREADER1", "reader-secret-key", "ecs-reader");
  /** In the Secret, but its user has no RoleBinding at all. */
  public static final Key NOBODY = new Key("AKIASTEVEDORENOBODY1", "nobody-secret-key", "ecs-nobody");

  public record Key(String accessKeyId, String secretAccessKey, String user) {}

  private final URI endpoint;
  private final String namespace;

  public EcsEndpoint(URI endpoint, String namespace) {
    this.endpoint = endpoint;
    this.namespace = namespace;
  }

  public URI uri() {
    return endpoint;
  }

  /**
   * The endpoint of the test's own operator ({@link InProcessOperator#forEachTestWithEcsApi}), with the keys and RBAC
   * of {@link #grant} written into the test's namespace.
   */
  public static EcsEndpoint granted(InProcessOperator operator, Ecs ecs) {
    grant(ecs.client(), ecs.namespace(), InProcessOperator.ECS_API_KEYS);
    return new EcsEndpoint(operator.ecsApiEndpoint(ecs.namespace()), ecs.namespace());
  }

  /** Writes the keys Secret and the RBAC of {@link #ADMIN} and {@link #READER} into the namespace. */
  public static void grant(KubernetesClient client, String namespace, String secretName) {
    Map<String, String> keys = Map.of(
        ADMIN.accessKeyId(), entry(ADMIN, "ecs-admins"),
        READER.accessKeyId(), entry(READER, null),
        NOBODY.accessKeyId(), entry(NOBODY, null));
    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(secretName)
        .endMetadata().withStringData(keys).build()).serverSideApply();
    String group = dev.stevedore.api.v1alpha1.ApiGroup.GROUP;
    client.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName("ecs-admin")
        .endMetadata().withRules(
            new PolicyRuleBuilder().withApiGroups(group).withResources("*").withVerbs("*").build(),
            new PolicyRuleBuilder().withApiGroups("").withResources("pods").withVerbs("get", "list", "watch", "delete")
                .build()).build()).serverSideApply();
    client.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName("ecs-reader")
        .endMetadata().withRules(
            new PolicyRuleBuilder().withApiGroups(group).withResources("*").withVerbs("get", "list", "watch").build(),
            new PolicyRuleBuilder().withApiGroups("").withResources("pods").withVerbs("get", "list", "watch").build())
        .build()).serverSideApply();
    client.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("ecs-admins").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "ecs-admin")
        .addNewSubject().withKind("Group").withApiGroup("rbac.authorization.k8s.io").withName("ecs-admins").endSubject()
        .build()).serverSideApply();
    client.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("ecs-reader").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "ecs-reader")
        .addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(READER.user())
        .endSubject().build()).serverSideApply();
  }

  private static String entry(Key key, String group) {
    return "{\"secretAccessKey\":\"" + key.secretAccessKey() + "\",\"user\":\"" + key.user() + "\",\"groups\":["
        + (group == null ? "" : "\"" + group + "\"") + "]}";
  }

  /** The SDK's ECS client, signing with {@code key}; no retries, so a test sees each answer as it is. */
  public EcsClient client(Key key) {
    return client(key.accessKeyId(), key.secretAccessKey());
  }

  public EcsClient client(String accessKeyId, String secretAccessKey) {
    return EcsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId,
            secretAccessKey)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry())
            .apiCallTimeout(Duration.ofSeconds(60)).build())
        .build();
  }

  /** A response to a raw request: status, body and headers. */
  public record Answer(int status, String body, Map<String, List<String>> headers) {}

  /**
   * POSTs {@code body} with X-Amz-Target {@code target}, signed by {@code key} with the SDK's SigV4 signer (or
   * unsigned when {@code key} is null): for requests the SDK itself never sends, such as an unknown operation or a
   * body that is not JSON.
   */
  public Answer post(Key key, String target, String body) {
    URI uri = endpoint.resolve("/");
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", target)
        .build();
    if (key != null) {
      request = AwsV4HttpSigner.create().sign(r -> r
          .identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
          .request(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
              .putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", target).build())
          .payload(ContentStreamProvider.fromUtf8String(body))
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecs")).request();
    }
    HttpRequest.Builder http = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    request.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Host")) {
        values.forEach(v -> http.header(name, v));
      }
    });
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(http.build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), response.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a second namespace for comparisons (kubectl's side of a test). */
  public static void namespace(KubernetesClient client, String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  public String namespace() {
    return namespace;
  }
}
