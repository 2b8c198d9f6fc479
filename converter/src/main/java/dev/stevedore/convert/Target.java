package dev.stevedore.convert;

import java.util.Locale;

/** What {@code stevedore convert} writes. */
enum Target {
  /** TaskDefinition, EcsService and EcsCluster resources for the Stevedore operator. */
  STEVEDORE,
  /** Plain Kubernetes objects (Deployment or DaemonSet, ServiceAccount, Service, HorizontalPodAutoscaler). */
  KUBERNETES,
  /** A Helm chart of the plain Kubernetes objects. */
  HELM;

  static Target parse(String text) {
    for (Target target : values()) {
      if (target.name().toLowerCase(Locale.ROOT).equals(text)) {
        return target;
      }
    }
    throw new IllegalArgumentException("--to takes stevedore, kubernetes or helm, not \"" + text + "\"");
  }
}
