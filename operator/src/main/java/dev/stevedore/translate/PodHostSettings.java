package dev.stevedore.translate;

import dev.stevedore.naming.Names;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.HostEntry;
import dev.stevedore.api.v1alpha1.SystemControl;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Sysctl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pod's namespaces (network, PID, IPC), host entries, DNS, hostname and sysctls. ECS sets several of these
 * per container, Kubernetes per pod: the containers' values are merged, sorted for a stable template.
 */
final class PodHostSettings {
  private static final int MAX_NAMESERVERS = 3;
  private static final java.util.regex.Pattern LINK_ALIAS =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private PodHostSettings() {}

  static void apply(TaskDefinitionSpec spec, PodSpec pod, TranslationReport report) {
    namespaces(spec, pod, report);
    hostsAndDns(spec, pod, report);
    podSecurityContext(spec, pod, report);
  }

  private static void namespaces(TaskDefinitionSpec spec, PodSpec pod, TranslationReport report) {
    if ("host".equals(spec.networkMode)) {
      pod.setHostNetwork(true);
      pod.setDnsPolicy("ClusterFirstWithHostNet");
    } else if ("none".equals(spec.networkMode)) {
      report.unsupported("networkMode", "pods always have a network interface; isolate the task with a NetworkPolicy");
    }
    if ("task".equals(spec.pidMode)) {
      pod.setShareProcessNamespace(true);
    } else if ("host".equals(spec.pidMode)) {
      pod.setHostPID(true);
    }
    if ("host".equals(spec.ipcMode)) {
      pod.setHostIPC(true);
    } else if ("none".equals(spec.ipcMode)) {
      report.unsupported("ipcMode", "the containers of a pod always share an IPC namespace");
    }
  }

  private static void hostsAndDns(TaskDefinitionSpec spec, PodSpec pod, TranslationReport report) {
    Map<String, TreeSet<String>> hostsByIp = new TreeMap<>();
    // In the order the task lists them: the resolver uses the first three name servers only.
    java.util.LinkedHashSet<String> nameservers = new java.util.LinkedHashSet<>();
    TreeSet<String> searches = new TreeSet<>();
    TreeSet<String> hostnames = new TreeSet<>();
    for (int i = 0; i < spec.containerDefinitions.size(); i++) {
      ContainerDefinition c = spec.containerDefinitions.get(i);
      if (c.extraHosts != null) {
        for (HostEntry h : c.extraHosts) {
          hostsByIp.computeIfAbsent(h.ipAddress, ip -> new TreeSet<>()).add(h.hostname.toLowerCase(Locale.ROOT));
        }
      }
      if (c.links != null) {
        for (String link : c.links) {
          int colon = link.indexOf(':');
          String alias = (colon < 0 ? link : link.substring(colon + 1)).toLowerCase(Locale.ROOT);
          if (LINK_ALIAS.matcher(alias).matches()) {
            hostsByIp.computeIfAbsent("127.0.0.1", ip -> new TreeSet<>()).add(alias);
          } else {
            report.unsupported(TaskTranslation.containerPath(i) + ".links", "'" + alias + "' is not a host name"
                + " Kubernetes can resolve (letters, digits and '-')");
          }
        }
        report.approximated(TaskTranslation.containerPath(i) + ".links", "the containers of a pod share localhost;"
            + " link aliases resolve to 127.0.0.1");
      }
      if (c.dnsServers != null) {
        nameservers.addAll(c.dnsServers);
      }
      if (c.dnsSearchDomains != null) {
        c.dnsSearchDomains.forEach(d -> searches.add(d.toLowerCase(Locale.ROOT)));
      }
      if (c.hostname != null) {
        hostnames.add(c.hostname);
      }
    }
    if (!hostsByIp.isEmpty()) {
      List<HostAlias> aliases = new ArrayList<>();
      hostsByIp.forEach((ip, hosts) -> aliases.add(new HostAlias(List.copyOf(hosts), ip)));
      pod.setHostAliases(aliases);
    }
    if (!nameservers.isEmpty() || !searches.isEmpty()) {
      PodDNSConfig dns = new PodDNSConfig();
      if (!nameservers.isEmpty()) {
        dns.setNameservers(nameservers.stream().limit(MAX_NAMESERVERS).toList());
        if (nameservers.size() > MAX_NAMESERVERS) {
          report.approximated("containerDefinitions[].dnsServers", "a pod has at most " + MAX_NAMESERVERS
              + " name servers, as the resolver uses: " + String.join(", ", dns.getNameservers()));
        }
        pod.setDnsPolicy("None");
      }
      if (!searches.isEmpty()) {
        dns.setSearches(List.copyOf(searches));
      }
      pod.setDnsConfig(dns);
      report.approximated("containerDefinitions[].dnsServers", "DNS settings are per pod in Kubernetes: all containers share them");
    }
    if (!hostnames.isEmpty()) {
      String hostname = hostnames.first();
      String firstLabel = hostname.toLowerCase(Locale.ROOT).split("\\.", -1)[0];
      if (firstLabel.isEmpty()) {
        report.unsupported("containerDefinitions[].hostname", "'" + hostname + "' has no host name before its"
            + " first dot; the pod keeps its own name");
      } else {
        pod.setHostname(Names.dnsLabel(firstLabel));
      }
      if (hostnames.size() > 1) {
        report.approximated("containerDefinitions[].hostname", "a pod has one hostname: " + hostname + " is used");
      }
    }
  }

  /**
   * Docker and containerd, on EC2 and Fargate alike, confine every ECS container with their default seccomp
   * profile; the kubelet does not unless told, so the pod says so (a container with seccomp:unconfined opts out).
   */
  private static void podSecurityContext(TaskDefinitionSpec spec, PodSpec pod, TranslationReport report) {
    PodSecurityContext psc = new PodSecurityContext();
    psc.setSeccompProfile(new io.fabric8.kubernetes.api.model.SeccompProfile(null, "RuntimeDefault"));
    pod.setSecurityContext(psc);
    sysctls(spec, psc, report);
  }

  private static void sysctls(TaskDefinitionSpec spec, PodSecurityContext psc, TranslationReport report) {
    Map<String, String> sysctls = new TreeMap<>();
    for (ContainerDefinition c : spec.containerDefinitions) {
      if (c.systemControls != null) {
        for (SystemControl s : c.systemControls) {
          if (s.namespace != null) {
            sysctls.put(s.namespace, s.value == null ? "" : s.value);
          }
        }
      }
    }
    if (!sysctls.isEmpty()) {
      List<Sysctl> list = new ArrayList<>();
      sysctls.forEach((k, v) -> list.add(new Sysctl(k, v)));
      psc.setSysctls(list);
      report.approximated("containerDefinitions[].systemControls", "sysctls apply to the whole pod in Kubernetes;"
          + " unsafe ones must be allowed by the kubelet");
    }
  }
}
