package dev.stevedore.ecsapi.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's access keys, kept in one Kubernetes Secret: each data key is an access key id, its value a JSON
 * object {@code {"secretAccessKey": "...", "user": "alice", "groups": ["ecs-readers"]}}. Read again at most every
 * few seconds, so a key added or revoked with kubectl takes effect without a restart.
 */
public final class AccessKeys {
  private static final Logger LOG = LoggerFactory.getLogger(AccessKeys.class);
  private static final Duration REFRESH = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;
  private final String secretName;
  private final Clock clock;
  private volatile Map<String, AccessKey> keys = Map.of();
  private volatile Instant readAt = Instant.MIN;

  public AccessKeys(KubernetesClient client, String namespace, String secretName, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.secretName = secretName;
    this.clock = clock;
  }

  public Optional<AccessKey> find(String accessKeyId) {
    Instant now = clock.instant();
    if (readAt.plus(REFRESH).isBefore(now)) {
      synchronized (this) {
        if (readAt.plus(REFRESH).isBefore(now)) {
          keys = read();
          readAt = now;
        }
      }
    }
    return Optional.ofNullable(keys.get(accessKeyId));
  }

  private Map<String, AccessKey> read() {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    } catch (KubernetesClientException e) {
      LOG.warn("ECS endpoint: cannot read access keys from Secret {}/{}: {}", namespace, secretName, e.getMessage());
      return keys;
    }
    return secret == null ? Map.of() : parse(secret, namespace + "/" + secretName);
  }

  /** The keys a Secret holds; an entry that cannot be read is logged and left out, never fatal. */
  public static Map<String, AccessKey> parse(Secret secret, String where) {
    Map<String, AccessKey> parsed = new java.util.TreeMap<>();
    Map<String, String> data = new java.util.TreeMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    data.forEach((id, value) -> {
      try {
        JsonNode entry = JSON.readTree(value);
        String secretKey = entry.path("secretAccessKey").asText("");
        String user = entry.path("user").asText("");
        if (secretKey.isEmpty() || user.isEmpty()) {
          LOG.warn("ECS endpoint: access key {} in Secret {} needs secretAccessKey and user; ignored", id, where);
          return;
        }
        List<String> groups = new ArrayList<>();
        entry.path("groups").forEach(g -> groups.add(g.asText()));
        parsed.put(id, new AccessKey(id, secretKey, user, groups));
      } catch (IOException e) {
        LOG.warn("ECS endpoint: access key {} in Secret {} is not JSON; ignored", id, where);
      }
    });
    return parsed;
  }
}
