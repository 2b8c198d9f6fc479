package dev.stevedore.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.ecsapi.auth.AccessKey;
import dev.stevedore.ecsapi.auth.SigV4Verifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Requests signed by the AWS SDK's own SigV4 signer are accepted; anything altered or unknown is refused. */
class SigV4VerifierTest {
  private static final AccessKey KEY = new AccessKey("AKIDSTEVEDORE", "s3cr3t/key+value", "alice", List.of("ecs"));
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  private static final String BODY = "{\"cluster\":\"default\"}";
  private final SigV4Verifier verifier = new SigV4Verifier(id -> id.equals(KEY.accessKeyId()) ? Optional.of(KEY)
      : Optional.empty());

  @Test
  void aRequestTheSdkSignedIsAcceptedAsItsKey() {
    assertThat(verifier.verify(signed(KEY.secretAccessKey(), BODY, NOW, "ecs"), NOW)).isEqualTo(KEY);
    assertThat(verifier.verify(signed(KEY.secretAccessKey(), "", NOW, "ecs"), NOW.plusSeconds(600))).isEqualTo(KEY);
  }

  @Test
  void theWrongSecretIsAnInvalidSignature() {
    assertThatThrownBy(() -> verifier.verify(signed("not-the-secret", BODY, NOW, "ecs"), NOW))
        .isInstanceOfSatisfying(EcsApiException.class, e -> {
          assertThat(e.type()).isEqualTo("InvalidSignatureException");
          assertThat(e.getMessage()).startsWith("The request signature we calculated does not match");
          assertThat(e.httpStatus()).isEqualTo(403);
        });
  }

  @Test
  void aChangedBodyIsAnInvalidSignature() {
    SigV4Verifier.SignedRequest request = signed(KEY.secretAccessKey(), BODY, NOW, "ecs");
    SigV4Verifier.SignedRequest tampered = new SigV4Verifier.SignedRequest(request.method(), request.rawPath(),
        request.rawQuery(), request.headers(), "{\"cluster\":\"prod\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> verifier.verify(tampered, NOW)).isInstanceOfSatisfying(EcsApiException.class,
        e -> assertThat(e.type()).isEqualTo("InvalidSignatureException"));
  }

  @Test
  void anUnknownKeyIsUnrecognized() {
    SigV4Verifier other = new SigV4Verifier(id -> Optional.empty());
    assertThatThrownBy(() -> other.verify(signed(KEY.secretAccessKey(), BODY, NOW, "ecs"), NOW))
        .isInstanceOfSatisfying(EcsApiException.class, e -> {
          assertThat(e.type()).isEqualTo("UnrecognizedClientException");
          assertThat(e.getMessage()).isEqualTo("The security token included in the request is invalid.");
        });
  }

  @Test
  void aSignatureOlderThanFifteenMinutesHasExpired() {
    assertThatThrownBy(() -> verifier.verify(signed(KEY.secretAccessKey(), BODY, NOW, "ecs"),
        NOW.plus(Duration.ofMinutes(16)))).isInstanceOfSatisfying(EcsApiException.class, e -> {
          assertThat(e.type()).isEqualTo("InvalidSignatureException");
          assertThat(e.getMessage()).startsWith("Signature expired");
        });
  }

  @Test
  void anotherServicesSignatureIsRefused() {
    assertThatThrownBy(() -> verifier.verify(signed(KEY.secretAccessKey(), BODY, NOW, "s3"), NOW))
        .isInstanceOfSatisfying(EcsApiException.class, e -> assertThat(e.type()).isEqualTo("InvalidSignatureException"));
  }

  @Test
  void anUnsignedRequestIsMissingItsToken() {
    SigV4Verifier.SignedRequest unsigned = new SigV4Verifier.SignedRequest("POST", "/", null,
        Map.of("Host", List.of("localhost")), BODY.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> verifier.verify(unsigned, NOW)).isInstanceOfSatisfying(EcsApiException.class,
        e -> assertThat(e.type()).isEqualTo("MissingAuthenticationTokenException"));
  }

  /** The request as the SDK signs it, then as the HTTP server hands it over (header names in any case). */
  private static SigV4Verifier.SignedRequest signed(String secret, String body, Instant at, String service) {
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create("http://127.0.0.1:8443/"))
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListServices")
        .build();
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(KEY.accessKeyId(), secret))
        .request(request)
        .payload(ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
    Map<String, List<String>> headers = new TreeMap<>();
    signed.headers().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
    headers.putIfAbsent("Host", List.of("127.0.0.1:8443"));
    return new SigV4Verifier.SignedRequest("POST", "/", null, headers, body.getBytes(StandardCharsets.UTF_8));
  }
}
