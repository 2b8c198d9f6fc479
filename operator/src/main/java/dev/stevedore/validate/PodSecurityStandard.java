package dev.stevedore.validate;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.SystemControl;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which fields of a task definition would make Pod Security Admission refuse its pods in a namespace enforcing
 * the given level ({@code pod-security.kubernetes.io/enforce}): the Deployment is accepted but its ReplicaSet can
 * create no pod, so the service should stall with these instead. The rules are Kubernetes 1.34's Pod Security
 * Standards, applied to what Stevedore's translation makes of each field (it always sets the RuntimeDefault
 * seccomp profile, and runAsNonRoot for a numeric user other than 0). Pure.
 */
public final class PodSecurityStandard {
  /** The namespace label that names the enforced level. */
  public static final String ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

  /** The levels, from least to most restrictive. */
  public enum Level { PRIVILEGED, BASELINE, RESTRICTED }

  static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
      "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
      "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
  static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
      "container_engine_t");
  private static final Pattern NUMERIC_USER = Pattern.compile("(\\d{1,10})(?::(\\d{1,10}))?");

  private PodSecurityStandard() {}

  /**
   * The level a namespace enforces: absent or empty is privileged (the API server's default); a value Kubernetes
   * does not know is enforced as restricted, as Pod Security Admission does.
   */
  public static Level level(String enforceLabel) {
    if (enforceLabel == null || enforceLabel.isEmpty()) {
      return Level.PRIVILEGED;
    }
    return switch (enforceLabel) {
      case "privileged" -> Level.PRIVILEGED;
      case "baseline" -> Level.BASELINE;
      default -> Level.RESTRICTED;
    };
  }

  /** The fields of the task its namespace's enforced level would refuse, one issue per field. */
  public static List<ValidationIssue> violations(String enforceLabel, TaskDefinitionSpec td) {
    Level level = level(enforceLabel);
    List<ValidationIssue> issues = new ArrayList<>();
    if (level == Level.PRIVILEGED) {
      return issues;
    }
    String name = level.name().toLowerCase(Locale.ROOT);
    Refusals refuse = (field, why) -> issues.add(new ValidationIssue(field, "Pod Security \"" + name + "\" of the"
        + " namespace refuses " + why));
    if ("host".equals(td.networkMode)) {
      refuse.add("networkMode", "the host network (networkMode host)");
    }
    if ("host".equals(td.pidMode)) {
      refuse.add("pidMode", "the host's process namespace (pidMode host)");
    }
    if ("host".equals(td.ipcMode)) {
      refuse.add("ipcMode", "the host's IPC namespace (ipcMode host)");
    }
    if (td.volumes != null) {
      for (int i = 0; i < td.volumes.size(); i++) {
        Volume v = td.volumes.get(i);
        if (v.host != null && v.host.sourcePath != null && !v.host.sourcePath.isEmpty()) {
          refuse.add("volumes[" + i + "].host.sourcePath", "host path volumes (" + v.host.sourcePath + ")");
        }
      }
    }
    List<ContainerDefinition> containers = td.containerDefinitions == null ? List.of() : td.containerDefinitions;
    for (int i = 0; i < containers.size(); i++) {
      baseline(td, containers.get(i), "containerDefinitions[" + i + "]", refuse);
      if (level == Level.RESTRICTED) {
        restricted(containers.get(i), "containerDefinitions[" + i + "]", refuse);
      }
    }
    return issues;
  }

  private static void baseline(TaskDefinitionSpec td, ContainerDefinition c, String path, Refusals refuse) {
    if (Boolean.TRUE.equals(c.privileged)) {
      refuse.add(path + ".privileged", "privileged containers");
    }
    List<String> add = capabilitiesAdded(c);
    for (int k = 0; k < add.size(); k++) {
      if (!TaskSecurityPolicy.RUNTIME_DEFAULT_CAPABILITIES.contains(add.get(k))) {
        refuse.add(path + ".linuxParameters.capabilities.add[" + k + "]", "adding the capability " + add.get(k));
      }
    }
    if (c.portMappings != null && !"awsvpc".equals(td.networkMode) && !"host".equals(td.networkMode)) {
      for (int j = 0; j < c.portMappings.size(); j++) {
        PortMapping p = c.portMappings.get(j);
        if (p.hostPort != null && p.hostPort > 0 && p.containerPort != null && p.containerPort > 0) {
          refuse.add(path + ".portMappings[" + j + "].hostPort", "host ports (" + p.hostPort + ")");
        }
      }
    }
    if (c.dockerSecurityOptions != null) {
      for (int k = 0; k < c.dockerSecurityOptions.size(); k++) {
        String option = c.dockerSecurityOptions.get(k);
        String field = path + ".dockerSecurityOptions[" + k + "]";
        if (option.equals("apparmor:unconfined")) {
          refuse.add(field, "an unconfined AppArmor profile");
        } else if (option.equals("seccomp:unconfined")) {
          refuse.add(field, "an unconfined seccomp profile");
        } else if (option.startsWith("label:user:") || option.startsWith("label:role:")) {
          refuse.add(field, "setting the SELinux user or role");
        } else if (option.startsWith("label:type:")
            && !SELINUX_TYPES.contains(option.substring("label:type:".length()))) {
          refuse.add(field, "the SELinux type " + option.substring("label:type:".length()) + " (allowed: "
              + String.join(", ", new java.util.TreeSet<>(SELINUX_TYPES)) + ")");
        }
      }
    }
    if (c.systemControls != null) {
      for (int k = 0; k < c.systemControls.size(); k++) {
        SystemControl s = c.systemControls.get(k);
        if (s.namespace != null && !SAFE_SYSCTLS.contains(s.namespace)) {
          refuse.add(path + ".systemControls[" + k + "].namespace", "the kernel parameter " + s.namespace
              + " (only the safe set: " + String.join(", ", new java.util.TreeSet<>(SAFE_SYSCTLS)) + ")");
        }
      }
    }
  }

  private static void restricted(ContainerDefinition c, String path, Refusals refuse) {
    boolean noNewPrivileges = c.dockerSecurityOptions != null && !Boolean.TRUE.equals(c.privileged)
        && c.dockerSecurityOptions.stream().anyMatch(o -> o.equals("no-new-privileges") || o.equals("no-new-privileges:true"));
    if (!noNewPrivileges) {
      refuse.add(path + ".dockerSecurityOptions", "privilege escalation: add \"no-new-privileges\"");
    }
    if (!nonRootUser(c.user)) {
      refuse.add(path + ".user", "containers that may run as root: set user to a numeric uid other than 0"
          + " (e.g. \"1000\" or \"1000:1000\")");
    }
    boolean dropsAll = c.linuxParameters != null && c.linuxParameters.capabilities != null
        && c.linuxParameters.capabilities.drop != null && c.linuxParameters.capabilities.drop.contains("ALL");
    if (!dropsAll) {
      refuse.add(path + ".linuxParameters.capabilities.drop", "keeping the default capabilities: drop ALL");
    }
    List<String> add = capabilitiesAdded(c);
    for (int k = 0; k < add.size(); k++) {
      if (!"NET_BIND_SERVICE".equals(add.get(k)) && TaskSecurityPolicy.RUNTIME_DEFAULT_CAPABILITIES.contains(add.get(k))) {
        refuse.add(path + ".linuxParameters.capabilities.add[" + k + "]", "adding any capability but"
            + " NET_BIND_SERVICE (" + add.get(k) + ")");
      }
    }
  }

  /** A user the translation writes as runAsUser above 0 with runAsNonRoot. */
  private static boolean nonRootUser(String user) {
    if (user == null) {
      return false;
    }
    Matcher m = NUMERIC_USER.matcher(user);
    if (!m.matches()) {
      return false;
    }
    long uid = Long.parseLong(m.group(1));
    long gid = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    return uid > 0 && uid <= Integer.MAX_VALUE && gid <= Integer.MAX_VALUE;
  }

  private static List<String> capabilitiesAdded(ContainerDefinition c) {
    if (c.linuxParameters == null || c.linuxParameters.capabilities == null || c.linuxParameters.capabilities.add == null) {
      return List.of();
    }
    return c.linuxParameters.capabilities.add;
  }

  @FunctionalInterface
  private interface Refusals {
    void add(String field, String why);
  }
}
