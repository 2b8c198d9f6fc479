package dev.stevedore.ecsapi;

import dev.stevedore.config.OperatorSettings;
import java.util.Map;

/**
 * Settings of the ECS endpoint, from STEVEDORE_ECS_API_* (the chart's ecsApi values).
 *
 * @param port the endpoint's port; 0 turns it off (the default)
 * @param namespace the namespace whose resources it serves
 * @param insecureLocal accept unsigned requests and act as the operator: for the local demo only
 * @param keysSecret the Secret holding the access keys
 * @param keysNamespace the Secret's namespace (the operator's own)
 */
public record EcsApiSettings(int port, String namespace, boolean insecureLocal, String keysSecret,
                             String keysNamespace) {
  public static EcsApiSettings from(Map<String, String> env, OperatorSettings operator) {
    String fallbackNamespace = operator.watchNamespaces().size() == 1 ? operator.watchNamespaces().iterator().next()
        : "default";
    return new EcsApiSettings(
        Integer.parseInt(env.getOrDefault("STEVEDORE_ECS_API_PORT", "0")),
        env.getOrDefault("STEVEDORE_ECS_API_NAMESPACE", fallbackNamespace),
        Boolean.parseBoolean(env.getOrDefault("STEVEDORE_ECS_API_INSECURE_LOCAL", "false")),
        env.getOrDefault("STEVEDORE_ECS_API_KEYS_SECRET", "stevedore-ecs-api-keys"),
        env.getOrDefault("STEVEDORE_ECS_API_KEYS_NAMESPACE", operator.leaseNamespace()));
  }

  public boolean enabled() {
    return port > 0;
  }
}
