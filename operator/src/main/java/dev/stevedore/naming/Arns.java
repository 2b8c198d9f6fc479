package dev.stevedore.naming;

/**
 * ECS's resource names (ARNs) as Stevedore shows them, built in this one place: the region and account come from
 * the operator's settings, since nothing on Kubernetes has them.
 */
public final class Arns {
  /** The cluster a service or task names when it names none. */
  public static final String DEFAULT_CLUSTER = "default";

  private Arns() {}

  public static String cluster(String region, String account, String clusterName) {
    return prefix(region, account) + "cluster/" + clusterName;
  }

  public static String service(String region, String account, String clusterName, String serviceName) {
    return prefix(region, account) + "service/" + clusterName + "/" + serviceName;
  }

  public static String taskDefinition(String region, String account, String family, int revision) {
    return prefix(region, account) + "task-definition/" + family + ":" + revision;
  }

  public static String task(String region, String account, String clusterName, String taskId) {
    return prefix(region, account) + "task/" + clusterName + "/" + taskId;
  }

  /** A role name or ARN, as an ARN: ECS accepts either in taskRoleArn and executionRoleArn. */
  public static String role(String account, String roleNameOrArn) {
    return roleNameOrArn.startsWith("arn:") ? roleNameOrArn : "arn:aws:iam::" + account + ":role/" + roleNameOrArn;
  }

  /** The cluster name a reference means: a name, or an ARN ending in cluster/NAME; "default" when empty. */
  public static String clusterName(String nameOrArn) {
    if (nameOrArn == null || nameOrArn.isEmpty()) {
      return DEFAULT_CLUSTER;
    }
    int slash = nameOrArn.lastIndexOf("cluster/");
    return nameOrArn.startsWith("arn:") && slash >= 0 ? nameOrArn.substring(slash + "cluster/".length()) : nameOrArn;
  }

  private static String prefix(String region, String account) {
    return "arn:aws:ecs:" + region + ":" + account + ":";
  }
}
