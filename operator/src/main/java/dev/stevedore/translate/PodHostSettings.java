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
  private PodHostSettings() {}

  static void apply(TaskDefinitionSpec spec, PodSpec pod, TranslationReport report) {
    namespaces(spec, pod, report);
    hostsAndDns(spec, pod, report);
    sysctls(spec, pod, report);
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
    TreeSet<String> nameservers = new TreeSet<>();
    TreeSet<String> searches = new TreeSet<>();
    TreeSet<String> hostnames = new TreeSet<>();
    for (int i = 0; i < spec.containerDefinitions.size(); i++) {
      ContainerDefinition c = spec.containerDefinitions.get(i);
      if (c.extraHosts != null) {
        for (HostEntry h : c.extraHosts) {
          hostsByIp.computeIfAbsent(h.ipAddress, ip -> new TreeSet<>()).add(h.hostname);
        }
      }
      if (c.links != null) {
        for (String link : c.links) {
          int colon = link.indexOf(':');
          String alias = colon < 0 ? link : link.substring(colon + 1);
          hostsByIp.computeIfAbsent("127.0.0.1", ip -> new TreeSet<>()).add(alias);
        }
        report.approximated(TaskTranslation.containerPath(i) + ".links", "the containers of a pod share localhost;"
            + " link aliases resolve to 127.0.0.1");
      }
      if (c.dnsServers != null) {
        nameservers.addAll(c.dnsServers);
      }
      if (c.dnsSearchDomains != null) {
        searches.addAll(c.dnsSearchDomains);
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
        dns.setNameservers(List.copyOf(nameservers));
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
      pod.setHostname(Names.dnsLabel(hostname.toLowerCase(Locale.ROOT).split("\\.")[0]));
      if (hostnames.size() > 1) {
        report.approximated("containerDefinitions[].hostname", "a pod has one hostname: " + hostname + " is used");
      }
    }
  }

  private static void sysctls(TaskDefinitionSpec spec, PodSpec pod, TranslationReport report) {
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
      PodSecurityContext psc = new PodSecurityContext();
      psc.setSysctls(list);
      pod.setSecurityContext(psc);
      report.approximated("containerDefinitions[].systemControls", "sysctls apply to the whole pod in Kubernetes;"
          + " unsafe ones must be allowed by the kubelet");
    }
  }
}
