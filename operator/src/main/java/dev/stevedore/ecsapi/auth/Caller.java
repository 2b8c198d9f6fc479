package dev.stevedore.ecsapi.auth;

import java.util.List;

/**
 * Who a request runs as: a Kubernetes user and groups, impersonated so that RBAC decides; or, in the demo's
 * insecure-local mode only, the operator itself.
 */
public record Caller(String user, List<String> groups, boolean operatorItself) {
  public Caller {
    groups = List.copyOf(groups);
  }

  public static Caller of(AccessKey key) {
    return new Caller(key.user(), key.groups(), false);
  }

  public static Caller operator() {
    return new Caller("system:stevedore-insecure-local", List.of(), true);
  }

  /** How ECS names the caller in an AccessDeniedException. */
  public String describe() {
    return operatorItself ? "the operator (insecure-local mode)" : "Kubernetes user " + user;
  }
}
