package dev.stevedore.ecsapi.auth;

import java.util.List;

/**
 * One access key of the ECS endpoint and the Kubernetes identity its requests run as.
 *
 * @param user the Kubernetes user impersonated for this key's requests
 * @param groups the Kubernetes groups impersonated with it
 */
public record AccessKey(String accessKeyId, String secretAccessKey, String user, List<String> groups) {
  public AccessKey {
    groups = List.copyOf(groups);
  }

  @Override
  public String toString() {
    return "AccessKey[" + accessKeyId + " as " + user + " " + groups + "]";
  }
}
