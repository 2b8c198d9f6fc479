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
 * @param console serve the web console at /console/ on the same port (STEVEDORE_CONSOLE)
 */
public record EcsApiSettings(int port, String namespace, boolean insecureLocal, String keysSecret,
                             String keysNamespace, boolean console) {
  public EcsApiSettings {
    if (console && port <= 0) {
      throw new IllegalArgumentException("STEVEDORE_CONSOLE=true needs the ECS endpoint: the console is a client of"
          + " it, served on its port; set STEVEDORE_ECS_API_PORT (chart: ecsApi.enabled=true)");
    }
  }

  /** The endpoint without the console. */
  public EcsApiSettings(int port, String namespace, boolean insecureLocal, String keysSecret, String keysNamespace) {
    this(port, namespace, insecureLocal, keysSecret, keysNamespace, false);
  }

  public static EcsApiSettings from(Map<String, String> env, OperatorSettings operator) {
    String fallbackNamespace = operator.watchNamespaces().size() == 1 ? operator.watchNamespaces().iterator().next()
        : "default";
    return new EcsApiSettings(
        Integer.parseInt(env.getOrDefault("STEVEDORE_ECS_API_PORT", "0")),
        env.getOrDefault("STEVEDORE_ECS_API_NAMESPACE", fallbackNamespace),
        Boolean.parseBoolean(env.getOrDefault("STEVEDORE_ECS_API_INSECURE_LOCAL", "false")),
        env.getOrDefault("STEVEDORE_ECS_API_KEYS_SECRET", "stevedore-ecs-api-keys"),
        env.getOrDefault("STEVEDORE_ECS_API_KEYS_NAMESPACE", operator.leaseNamespace()),
        Boolean.parseBoolean(env.getOrDefault("STEVEDORE_CONSOLE", "false")));
  }

  public boolean enabled() {
    return port > 0;
  }
}
