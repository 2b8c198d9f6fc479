package dev.stevedore.config;

import dev.stevedore.translate.TaskRoleBinding;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read once from the environment (STEVEDORE_*) at start.
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param region AWS region used in ARNs
 * @param account AWS account id used in ARNs and to expand role names
 * @param taskRoleBinding how task roles become ServiceAccounts
 * @param revisionRetention how many newest revisions of a family to keep besides those in use
 * @param jsonLogs log as JSON lines
 * @param reconcileThreads concurrent reconciles, shared by every controller (JOSDK runs them on one pool)
 * @param httpPort port of /healthz, /readyz and /metrics
 * @param leaderElection run with a Lease so that only one replica reconciles
 * @param leaseNamespace namespace of the Lease
 * @param resyncPeriod how often every resource is reconciled even without events
 * @param stoppedTaskRetention how long a stopped standalone task's pod is kept before it is deleted (ECS keeps
 *     stopped tasks describable about an hour); the task's description stays in its EcsTask's status
 */
public record OperatorSettings(Set<String> watchNamespaces, String region, String account,
                               TaskRoleBinding taskRoleBinding, int revisionRetention, boolean jsonLogs,
                               int reconcileThreads, int httpPort, boolean leaderElection, String leaseNamespace,
                               Duration resyncPeriod, Duration stoppedTaskRetention) {

  public static final String LEASE_NAME = "stevedore-operator";

  public static OperatorSettings fromEnvironment() {
    return from(System.getenv());
  }

  public static OperatorSettings from(Map<String, String> env) {
    return new OperatorSettings(
        Arrays.stream(env.getOrDefault("STEVEDORE_WATCH_NAMESPACES", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
        env.getOrDefault("STEVEDORE_AWS_REGION", "us-east-1"),
        env.getOrDefault("STEVEDORE_AWS_ACCOUNT", "000000000000"),
        TaskRoleBinding.valueOf(env.getOrDefault("STEVEDORE_TASK_ROLE_BINDING", "IRSA").toUpperCase(Locale.ROOT)),
        Integer.parseInt(env.getOrDefault("STEVEDORE_REVISION_RETENTION", "10")),
        "json".equalsIgnoreCase(env.getOrDefault("STEVEDORE_LOG_FORMAT", "text")),
        Integer.parseInt(env.getOrDefault("STEVEDORE_RECONCILE_THREADS", "50")),
        Integer.parseInt(env.getOrDefault("STEVEDORE_HTTP_PORT", "8080")),
        Boolean.parseBoolean(env.getOrDefault("STEVEDORE_LEADER_ELECTION", "false")),
        env.getOrDefault("STEVEDORE_LEASE_NAMESPACE", env.getOrDefault("POD_NAMESPACE", "default")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("STEVEDORE_RESYNC_SECONDS", "300"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("STEVEDORE_STOPPED_TASK_RETENTION_SECONDS", "3600"))));
  }

  /** Defaults, as tests start the operator. */
  public static OperatorSettings defaults() {
    return from(Map.of());
  }
}
