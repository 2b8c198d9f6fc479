package dev.stevedore.validate;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.HostEntry;
import dev.stevedore.api.v1alpha1.KeyValuePair;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.Secret;
import dev.stevedore.api.v1alpha1.SystemControl;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.Volume;
import dev.stevedore.revision.SpecHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Values a task definition can carry that no pod can: the API server would refuse the Deployment, so they are
 * refused at registration instead, with the field named, rather than failing every apply later. Found by the
 * translation property test; each rule mirrors one of Kubernetes' pod validation rules. Also ECS's own size
 * limit of 64 KiB per task definition, which no schema rule can measure. Pure.
 */
public final class PodRepresentability {
  /** ECS's quota on the size of a registered task definition. */
  public static final int MAX_TASK_DEFINITION_BYTES = 64 * 1024;

  private static final Pattern SYSCTL = Pattern.compile(
      "([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final List<String> IPC_SYSCTL_PREFIXES = List.of("kernel.shm", "kernel.msg", "kernel.sem",
      "fs.mqueue.");

  private PodRepresentability() {}

  public static List<ValidationIssue> validate(TaskDefinitionSpec spec) {
    List<ValidationIssue> issues = new ArrayList<>();
    size(spec, issues);
    List<ContainerDefinition> containers = spec.containerDefinitions == null ? List.of() : spec.containerDefinitions;
    Map<String, String> hostPorts = new HashMap<>();
    for (int i = 0; i < containers.size(); i++) {
      ContainerDefinition c = containers.get(i);
      String path = "containerDefinitions[" + i + "]";
      environmentNames(c, path, issues);
      hostPorts(spec, c, path, hostPorts, issues);
      hostsAndDns(c, path, issues);
      systemControls(spec, c, path, issues);
      gpus(c, path, issues);
    }
    hostPaths(spec, issues);
    return issues;
  }

  private static void size(TaskDefinitionSpec spec, List<ValidationIssue> issues) {
    int bytes = SpecHash.canonicalJson(spec).getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_TASK_DEFINITION_BYTES) {
      issues.add(new ValidationIssue("spec", "the task definition is " + bytes + " bytes of JSON; ECS registers at"
          + " most " + MAX_TASK_DEFINITION_BYTES + " bytes (64 KiB)"));
    }
  }

  /** Kubernetes takes any printable ASCII for a variable's name but '=' (since 1.34), and no empty name. */
  private static void environmentNames(ContainerDefinition c, String path, List<ValidationIssue> issues) {
    if (c.environment != null) {
      for (int j = 0; j < c.environment.size(); j++) {
        KeyValuePair kv = c.environment.get(j);
        if (kv.name != null && !isEnvironmentName(kv.name)) {
          issues.add(new ValidationIssue(path + ".environment[" + j + "].name", environmentMessage(kv.name)));
        }
      }
    }
    if (c.secrets != null) {
      for (int j = 0; j < c.secrets.size(); j++) {
        Secret s = c.secrets.get(j);
        if (s.name != null && !isEnvironmentName(s.name)) {
          issues.add(new ValidationIssue(path + ".secrets[" + j + "].name", environmentMessage(s.name)));
        }
      }
    }
  }

  private static boolean isEnvironmentName(String name) {
    return !name.isEmpty() && name.chars().allMatch(ch -> ch >= ' ' && ch <= '~') && name.indexOf('=') < 0;
  }

  private static String environmentMessage(String name) {
    return "environment variable name '" + name + "' must be printable ASCII without '=' and not empty";
  }

  /** Two containers of a task cannot bind one host port: ECS would fail the task at launch, Kubernetes refuses the pod. */
  private static void hostPorts(TaskDefinitionSpec spec, ContainerDefinition c, String path,
      Map<String, String> seen, List<ValidationIssue> issues) {
    if (c.portMappings == null) {
      return;
    }
    boolean hostNetwork = "host".equals(spec.networkMode);
    boolean awsvpc = "awsvpc".equals(spec.networkMode);
    for (int j = 0; j < c.portMappings.size(); j++) {
      PortMapping p = c.portMappings.get(j);
      if (p.containerPortRange != null || p.containerPort == null || p.containerPort == 0) {
        continue;
      }
      Integer host = hostNetwork ? p.containerPort : awsvpc ? null : p.hostPort;
      if (host == null || host == 0) {
        continue;
      }
      String key = ("udp".equals(p.protocol) ? "udp" : "tcp") + "/" + host;
      String where = path + ".portMappings[" + j + "]";
      String previous = seen.putIfAbsent(key, where);
      if (previous != null) {
        issues.add(new ValidationIssue(where, "host port " + key + " is already bound by " + previous
            + "; a task binds each host port once"));
      }
    }
  }

  private static void hostsAndDns(ContainerDefinition c, String path, List<ValidationIssue> issues) {
    if (c.extraHosts != null) {
      for (int j = 0; j < c.extraHosts.size(); j++) {
        HostEntry h = c.extraHosts.get(j);
        if (h.ipAddress != null && !isIp(h.ipAddress)) {
          issues.add(new ValidationIssue(path + ".extraHosts[" + j + "].ipAddress", "'" + h.ipAddress
              + "' is not an IPv4 or IPv6 address"));
        }
        if (h.hostname != null && !isDnsName(h.hostname)) {
          issues.add(new ValidationIssue(path + ".extraHosts[" + j + "].hostname", "'" + h.hostname
              + "' is not a DNS name (letters, digits, '-' and '.', at most 253)"));
        }
      }
    }
    if (c.dnsServers != null) {
      for (int j = 0; j < c.dnsServers.size(); j++) {
        if (!isIp(c.dnsServers.get(j))) {
          issues.add(new ValidationIssue(path + ".dnsServers[" + j + "]", "'" + c.dnsServers.get(j)
              + "' is not an IPv4 or IPv6 address"));
        }
      }
    }
    if (c.dnsSearchDomains != null) {
      for (int j = 0; j < c.dnsSearchDomains.size(); j++) {
        String domain = c.dnsSearchDomains.get(j);
        if (!isDnsName(domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain)) {
          issues.add(new ValidationIssue(path + ".dnsSearchDomains[" + j + "]", "'" + domain
              + "' is not a DNS name (letters, digits, '-' and '.', at most 253)"));
        }
      }
    }
  }

  /** Pod-level sysctls: well-formed names, and none that would change the node's own namespaces. */
  private static void systemControls(TaskDefinitionSpec spec, ContainerDefinition c, String path,
      List<ValidationIssue> issues) {
    if (c.systemControls == null) {
      return;
    }
    for (int j = 0; j < c.systemControls.size(); j++) {
      SystemControl s = c.systemControls.get(j);
      String where = path + ".systemControls[" + j + "].namespace";
      if (s.namespace == null) {
        continue;
      }
      if (s.namespace.length() > 253 || !SYSCTL.matcher(s.namespace).matches()) {
        issues.add(new ValidationIssue(where, "'" + s.namespace + "' is not a kernel parameter name"
            + " (lower-case words joined by '.' or '/')"));
      } else if ("host".equals(spec.networkMode) && s.namespace.startsWith("net.")) {
        issues.add(new ValidationIssue(where, s.namespace + " cannot be set with networkMode host: it would change"
            + " the node's network stack"));
      } else if ("host".equals(spec.ipcMode) && IPC_SYSCTL_PREFIXES.stream().anyMatch(s.namespace::startsWith)) {
        issues.add(new ValidationIssue(where, s.namespace + " cannot be set with ipcMode host: it would change the"
            + " node's IPC namespace"));
      }
    }
  }

  /** ECS reserves whole GPUs; the count becomes a Kubernetes quantity, which must parse. */
  private static void gpus(ContainerDefinition c, String path, List<ValidationIssue> issues) {
    if (c.resourceRequirements == null) {
      return;
    }
    for (int j = 0; j < c.resourceRequirements.size(); j++) {
      var r = c.resourceRequirements.get(j);
      if ("GPU".equals(r.type) && (r.value == null || !r.value.matches("[1-9][0-9]{0,5}"))) {
        issues.add(new ValidationIssue(path + ".resourceRequirements[" + j + "].value", "a GPU count must be a"
            + " whole number above 0, not '" + r.value + "'"));
      }
    }
  }

  private static void hostPaths(TaskDefinitionSpec spec, List<ValidationIssue> issues) {
    if (spec.volumes == null) {
      return;
    }
    for (int i = 0; i < spec.volumes.size(); i++) {
      Volume v = spec.volumes.get(i);
      if (v.host != null && v.host.sourcePath != null && List.of(v.host.sourcePath.split("/")).contains("..")) {
        issues.add(new ValidationIssue("volumes[" + i + "].host.sourcePath", "'" + v.host.sourcePath
            + "' must not contain '..'"));
      }
    }
  }

  private static boolean isDnsName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return !lower.isEmpty() && lower.length() <= 253 && DNS_SUBDOMAIN.matcher(lower).matches()
        && java.util.Arrays.stream(lower.split("\\.")).allMatch(label -> label.length() <= 63);
  }

  static boolean isIp(String text) {
    if (IPV4.matcher(text).matches()) {
      return true;
    }
    if (!IPV6.matcher(text).matches()) {
      return false;
    }
    try {
      // A literal with ':' and only hex digits, ':' and '.' is parsed without any name lookup.
      return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
