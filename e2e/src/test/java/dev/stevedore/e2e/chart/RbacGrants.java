package dev.stevedore.e2e.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** RBAC rules as sets of {@link Permission}s: the chart's, and those Kubernetes' default roles give every user. */
final class RbacGrants {
  private static final String ANY = "*";

  private RbacGrants() {}

  /** The rules of the Roles and ClusterRoles among the chart's objects. */
  static List<PolicyRule> rulesOf(Collection<HasMetadata> objects) {
    List<PolicyRule> rules = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof Role role && role.getRules() != null) {
        rules.addAll(role.getRules());
      } else if (object instanceof ClusterRole clusterRole && clusterRole.getRules() != null) {
        rules.addAll(clusterRole.getRules());
      }
    }
    return rules;
  }

  /**
   * The rules of the ClusterRoles bound to any of {@code groups}: what the bootstrap policy grants every
   * authenticated user (system:basic-user: self subject reviews; system:discovery: /version, /apis, ...).
   */
  static List<PolicyRule> rulesBoundToGroups(KubernetesClient admin, Set<String> groups) {
    List<PolicyRule> rules = new ArrayList<>();
    for (ClusterRoleBinding binding : admin.rbac().clusterRoleBindings().list().getItems()) {
      boolean boundToGroup = binding.getSubjects() != null && binding.getSubjects().stream()
          .anyMatch(s -> "Group".equals(s.getKind()) && groups.contains(s.getName()));
      if (!boundToGroup || !"ClusterRole".equals(binding.getRoleRef().getKind())) {
        continue;
      }
      ClusterRole role = admin.rbac().clusterRoles().withName(binding.getRoleRef().getName()).get();
      if (role != null && role.getRules() != null) {
        rules.addAll(role.getRules());
      }
    }
    return rules;
  }

  /** Every (group, resource, verb) the rules name; the rules must not use wildcards. */
  static Set<Permission> expand(Collection<PolicyRule> rules) {
    Set<Permission> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String verb : nonNull(rule.getVerbs())) {
        for (String group : nonNull(rule.getApiGroups())) {
          for (String resource : nonNull(rule.getResources())) {
            permissions.add(Permission.resource(group, resource, verb));
          }
        }
        for (String url : nonNull(rule.getNonResourceURLs())) {
          permissions.add(Permission.nonResource(url, verb));
        }
      }
    }
    return permissions;
  }

  /** The rules, as "verbs on group/resources", that use a wildcard anywhere. */
  static List<String> wildcards(Collection<PolicyRule> rules) {
    return rules.stream().filter(r -> nonNull(r.getVerbs()).contains(ANY) || nonNull(r.getApiGroups()).contains(ANY)
            || nonNull(r.getResources()).contains(ANY) || nonNull(r.getNonResourceURLs()).stream()
                .anyMatch(u -> u.endsWith(ANY)))
        .map(r -> r.getVerbs() + " on " + r.getApiGroups() + "/" + r.getResources() + r.getNonResourceURLs())
        .toList();
  }

  /** Whether any rule allows the permission, as RBAC matches (wildcards and URL prefixes included). */
  static boolean allows(Collection<PolicyRule> rules, Permission permission) {
    for (PolicyRule rule : rules) {
      if (!matches(nonNull(rule.getVerbs()), permission.verb())) {
        continue;
      }
      if (permission.isNonResource()) {
        if (nonNull(rule.getNonResourceURLs()).stream().anyMatch(url -> urlMatches(url, permission.resource()))) {
          return true;
        }
      } else if (matches(nonNull(rule.getApiGroups()), permission.apiGroup())
          && matches(nonNull(rule.getResources()), permission.resource())
          && nonNull(rule.getResourceNames()).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static boolean urlMatches(String url, String path) {
    return url.equals(path) || url.endsWith(ANY) && path.startsWith(url.substring(0, url.length() - 1));
  }

  private static boolean matches(List<String> values, String value) {
    return values.contains(ANY) || values.contains(value)
        // "*/scale": any resource's subresource
        || value.contains("/") && values.contains(ANY + value.substring(value.indexOf('/')));
  }

  private static List<String> nonNull(List<String> values) {
    return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
  }
}
