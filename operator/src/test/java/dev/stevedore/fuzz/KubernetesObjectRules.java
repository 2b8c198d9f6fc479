package dev.stevedore.fuzz;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The structural rules the API server applies to what Stevedore writes (Kubernetes 1.34 apps/v1 and core/v1
 * validation), plus the ones that only bite later: a workload name must leave room for the hash suffix its
 * controller appends. Checked in memory so that thousands of generated specs run in seconds; a sample also goes
 * to a real API server (TranslationDryRunIT) to keep these rules honest.
 */
final class KubernetesObjectRules {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SYSCTL = Pattern.compile("([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?");
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  /** The deployment controller names ReplicaSets name-hash, the DaemonSet controller its ControllerRevisions. */
  static final int WORKLOAD_NAME_MAX = 253 - 11;
  private static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

  private final List<String> problems = new ArrayList<>();

  private KubernetesObjectRules() {}

  static List<String> check(List<HasMetadata> objects) {
    KubernetesObjectRules rules = new KubernetesObjectRules();
    Map<String, HasMetadata> byName = new HashMap<>();
    for (HasMetadata o : objects) {
      rules.object(o);
      // A service's providers share its ServiceAccount and Service; a workload name must be its own.
      HasMetadata previous = byName.putIfAbsent(o.getKind() + "/" + o.getMetadata().getName(), o);
      if (previous != null && !io.fabric8.kubernetes.client.utils.Serialization.asJson(previous)
          .equals(io.fabric8.kubernetes.client.utils.Serialization.asJson(o))) {
        rules.fail(o.getKind() + " " + o.getMetadata().getName(), "two different objects of one name");
      }
    }
    return rules.problems;
  }

  private void object(HasMetadata o) {
    String where = o.getKind() + " " + o.getMetadata().getName();
    metadata(where, o.getMetadata().getLabels(), o.getMetadata().getAnnotations());
    String name = o.getMetadata().getName();
    if (o instanceof Deployment d) {
      subdomain(where + " name", name, WORKLOAD_NAME_MAX);
      deployment(where, d);
    } else if (o instanceof DaemonSet ds) {
      subdomain(where + " name", name, WORKLOAD_NAME_MAX);
      daemonSet(where, ds);
    } else if (o instanceof Service s) {
      if (name == null || name.length() > 63 || !DNS_1035_LABEL.matcher(name).matches()) {
        fail(where, "a Service name must be a DNS-1035 label (letter first, at most 63)");
      }
      service(where, s);
    } else if (o instanceof ServiceAccount) {
      subdomain(where + " name", name, 253);
    } else {
      fail(where, "unexpected kind");
    }
  }

  private void deployment(String where, Deployment d) {
    var spec = d.getSpec();
    if (spec.getReplicas() == null || spec.getReplicas() < 0) {
      fail(where, "replicas " + spec.getReplicas());
    }
    selectorMatches(where, spec.getSelector().getMatchLabels(), spec.getTemplate());
    var rolling = spec.getStrategy().getRollingUpdate();
    if (rolling == null) {
      fail(where, "RollingUpdate without bounds");
    } else {
      bounds(where, rolling.getMaxSurge(), rolling.getMaxUnavailable());
    }
    if (spec.getMinReadySeconds() != null && spec.getMinReadySeconds() < 0) {
      fail(where, "minReadySeconds < 0");
    }
    podTemplate(where, spec.getTemplate());
  }

  private void daemonSet(String where, DaemonSet ds) {
    var spec = ds.getSpec();
    selectorMatches(where, spec.getSelector().getMatchLabels(), spec.getTemplate());
    var strategy = spec.getUpdateStrategy();
    if ("RollingUpdate".equals(strategy.getType())) {
      bounds(where, strategy.getRollingUpdate().getMaxSurge(), strategy.getRollingUpdate().getMaxUnavailable());
    } else if (!"OnDelete".equals(strategy.getType()) || strategy.getRollingUpdate() != null) {
      fail(where, "update strategy " + strategy);
    }
    podTemplate(where, spec.getTemplate());
  }

  private void bounds(String where, IntOrString surge, IntOrString unavailable) {
    int s = surge == null ? 0 : surge.getIntVal();
    int u = unavailable == null ? 0 : unavailable.getIntVal();
    if (s < 0 || u < 0 || (s == 0 && u == 0)) {
      fail(where, "rolling bounds maxSurge " + s + " maxUnavailable " + u);
    }
  }

  private void selectorMatches(String where, Map<String, String> selector, PodTemplateSpec template) {
    if (selector == null || selector.isEmpty()) {
      fail(where, "empty selector");
      return;
    }
    Map<String, String> labels = template.getMetadata().getLabels();
    selector.forEach((k, v) -> {
      if (labels == null || !v.equals(labels.get(k))) {
        fail(where, "selector " + k + "=" + v + " does not match the template");
      }
    });
  }

  private void podTemplate(String where, PodTemplateSpec template) {
    metadata(where + " template", template.getMetadata().getLabels(), template.getMetadata().getAnnotations());
    PodSpec pod = template.getSpec();
    if (!"Always".equals(pod.getRestartPolicy())) {
      fail(where, "a workload's pods must restart Always");
    }
    if (pod.getContainers() == null || pod.getContainers().isEmpty()) {
      fail(where, "no containers");
    }
    Set<String> volumeNames = new HashSet<>();
    for (Volume v : list(pod.getVolumes())) {
      label(where + " volume", v.getName());
      if (!volumeNames.add(v.getName())) {
        fail(where, "volume " + v.getName() + " twice");
      }
      if (v.getHostPath() != null && (v.getHostPath().getPath() == null || v.getHostPath().getPath().isEmpty()
          || List.of(v.getHostPath().getPath().split("/")).contains(".."))) {
        fail(where, "hostPath path '" + v.getHostPath().getPath() + "'");
      }
      if (v.getEmptyDir() != null && v.getEmptyDir().getSizeLimit() != null) {
        quantity(where + " emptyDir", v.getEmptyDir().getSizeLimit());
      }
      if (v.getPersistentVolumeClaim() != null) {
        subdomain(where + " claim", v.getPersistentVolumeClaim().getClaimName(), 253);
      }
    }
    Set<String> containerNames = new HashSet<>();
    Set<String> portNames = new HashSet<>();
    Set<String> hostPorts = new HashSet<>();
    for (Container c : list(pod.getInitContainers())) {
      boolean sidecar = "Always".equals(c.getRestartPolicy());
      if (!sidecar && (c.getReadinessProbe() != null || c.getLivenessProbe() != null || c.getStartupProbe() != null)) {
        fail(where, "init container " + c.getName() + " has probes");
      }
      if (c.getRestartPolicy() != null && !sidecar) {
        fail(where, "init container restartPolicy " + c.getRestartPolicy());
      }
      container(where, c, pod, volumeNames, containerNames, portNames, hostPorts);
    }
    for (Container c : list(pod.getContainers())) {
      if (c.getRestartPolicy() != null) {
        fail(where, "container " + c.getName() + " has a restartPolicy");
      }
      container(where, c, pod, volumeNames, containerNames, portNames, hostPorts);
    }
    podLevel(where, pod);
  }

  private void container(String where, Container c, PodSpec pod, Set<String> volumes, Set<String> names,
      Set<String> portNames, Set<String> hostPorts) {
    String at = where + " container " + c.getName();
    label(at, c.getName());
    if (!names.add(c.getName())) {
      fail(at, "container name used twice");
    }
    if (c.getImage() == null || c.getImage().isBlank()) {
      fail(at, "no image");
    }
    for (ContainerPort p : list(c.getPorts())) {
      if (p.getContainerPort() == null || p.getContainerPort() < 1 || p.getContainerPort() > 65535) {
        fail(at, "containerPort " + p.getContainerPort());
      }
      if (p.getName() != null) {
        if (p.getName().length() > 15 || !IANA_SVC_NAME.matcher(p.getName()).matches() || p.getName().contains("--")
            || p.getName().chars().noneMatch(Character::isLetter)) {
          fail(at, "port name '" + p.getName() + "' is not an IANA service name");
        }
        if (!portNames.add(p.getName())) {
          fail(at, "port name '" + p.getName() + "' used twice in the pod");
        }
      }
      if (p.getHostPort() != null) {
        if (p.getHostPort() < 1 || p.getHostPort() > 65535) {
          fail(at, "hostPort " + p.getHostPort());
        }
        if (!hostPorts.add(p.getProtocol() + "/" + p.getHostPort())) {
          fail(at, "hostPort " + p.getProtocol() + "/" + p.getHostPort() + " used twice in the pod");
        }
        if (Boolean.TRUE.equals(pod.getHostNetwork()) && !p.getHostPort().equals(p.getContainerPort())) {
          fail(at, "with hostNetwork, hostPort must equal containerPort");
        }
      }
    }
    for (EnvVar e : list(c.getEnv())) {
      // RelaxedEnvironmentVariableValidation (GA in 1.34): any printable ASCII but '='.
      if (e.getName() == null || e.getName().isEmpty() || !e.getName().chars().allMatch(ch -> ch >= 32 && ch <= 126)
          || e.getName().contains("=")) {
        fail(at, "env name '" + e.getName() + "'");
      }
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        subdomain(at + " secret", e.getValueFrom().getSecretKeyRef().getName(), 253);
        String key = e.getValueFrom().getSecretKeyRef().getKey();
        if (key == null || key.length() > 253 || !SECRET_KEY.matcher(key).matches()) {
          fail(at, "secret key '" + key + "'");
        }
      }
    }
    for (var from : list(c.getEnvFrom())) {
      if (from.getConfigMapRef() != null) {
        subdomain(at + " configMapRef", from.getConfigMapRef().getName(), 253);
      }
    }
    Set<String> mountPaths = new HashSet<>();
    for (VolumeMount m : list(c.getVolumeMounts())) {
      if (!volumes.contains(m.getName())) {
        fail(at, "mount of unknown volume " + m.getName());
      }
      if (m.getMountPath() == null || m.getMountPath().isEmpty()) {
        fail(at, "empty mountPath");
      } else if (!mountPaths.add(m.getMountPath())) {
        fail(at, "mountPath " + m.getMountPath() + " twice");
      }
    }
    resources(at, c.getResources());
    probe(at + " readiness", c.getReadinessProbe(), false);
    probe(at + " liveness", c.getLivenessProbe(), true);
    probe(at + " startup", c.getStartupProbe(), true);
    securityContext(at, c.getSecurityContext());
  }

  private void probe(String at, Probe p, boolean successMustBeOne) {
    if (p == null) {
      return;
    }
    if (p.getExec() == null || p.getExec().getCommand() == null || p.getExec().getCommand().isEmpty()) {
      fail(at, "probe without a command");
    }
    if (p.getPeriodSeconds() == null || p.getPeriodSeconds() < 1 || p.getTimeoutSeconds() == null
        || p.getTimeoutSeconds() < 1 || p.getFailureThreshold() == null || p.getFailureThreshold() < 1
        || p.getSuccessThreshold() == null || p.getSuccessThreshold() < 1) {
      fail(at, "probe timings " + p);
    }
    if (successMustBeOne && p.getSuccessThreshold() != null && p.getSuccessThreshold() != 1) {
      fail(at, "successThreshold must be 1");
    }
    if (p.getInitialDelaySeconds() != null && p.getInitialDelaySeconds() < 0) {
      fail(at, "initialDelaySeconds < 0");
    }
  }

  private void securityContext(String at, SecurityContext sc) {
    if (sc == null) {
      return;
    }
    id(at + " runAsUser", sc.getRunAsUser());
    id(at + " runAsGroup", sc.getRunAsGroup());
    if (Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        fail(at, "allowPrivilegeEscalation false with privileged");
      }
      if (sc.getCapabilities() != null && list(sc.getCapabilities().getAdd()).contains("CAP_SYS_ADMIN")) {
        fail(at, "allowPrivilegeEscalation false with CAP_SYS_ADMIN");
      }
    }
    if (sc.getAppArmorProfile() != null && "Localhost".equals(sc.getAppArmorProfile().getType())
        && (sc.getAppArmorProfile().getLocalhostProfile() == null
            || sc.getAppArmorProfile().getLocalhostProfile().isBlank())) {
      fail(at, "Localhost AppArmor profile without a name");
    }
  }

  private void id(String at, Long id) {
    if (id != null && (id < 0 || id > Integer.MAX_VALUE)) {
      fail(at, "id " + id + " outside 0-2147483647");
    }
  }

  private void resources(String at, ResourceRequirements r) {
    if (r == null) {
      return;
    }
    Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : r.getLimits();
    Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : r.getRequests();
    limits.forEach((k, v) -> quantity(at + " limit " + k, v));
    requests.forEach((k, v) -> {
      quantity(at + " request " + k, v);
      Quantity limit = limits.get(k);
      if (limit != null && amount(v).compareTo(amount(limit)) > 0) {
        fail(at, "request " + k + " " + v + " above limit " + limit);
      }
    });
  }

  private void quantity(String at, Quantity q) {
    try {
      if (amount(q).signum() < 0) {
        fail(at, "negative quantity " + q);
      }
    } catch (RuntimeException e) {
      fail(at, "quantity '" + q + "' does not parse: " + e.getMessage());
    }
  }

  private static BigDecimal amount(Quantity q) {
    return Quantity.getAmountInBytes(q);
  }

  private void podLevel(String where, PodSpec pod) {
    if (pod.getHostname() != null) {
      label(where + " hostname", pod.getHostname());
    }
    if (Boolean.TRUE.equals(pod.getShareProcessNamespace()) && Boolean.TRUE.equals(pod.getHostPID())) {
      fail(where, "shareProcessNamespace and hostPID together");
    }
    if ("None".equals(pod.getDnsPolicy()) && (pod.getDnsConfig() == null
        || list(pod.getDnsConfig().getNameservers()).isEmpty())) {
      fail(where, "dnsPolicy None without nameservers");
    }
    if (pod.getDnsConfig() != null) {
      List<String> nameservers = list(pod.getDnsConfig().getNameservers());
      if (nameservers.size() > 3) {
        fail(where, "more than 3 nameservers");
      }
      nameservers.forEach(ns -> ip(where + " nameserver", ns));
      List<String> searches = list(pod.getDnsConfig().getSearches());
      if (searches.size() > 32) {
        fail(where, "more than 32 search domains");
      }
      searches.forEach(s -> subdomain(where + " search", s.endsWith(".") ? s.substring(0, s.length() - 1) : s, 253));
    }
    for (HostAlias alias : list(pod.getHostAliases())) {
      ip(where + " hostAlias", alias.getIp());
      list(alias.getHostnames()).forEach(h -> subdomain(where + " hostAlias hostname", h, 253));
    }
    if (pod.getSecurityContext() != null) {
      Set<String> seen = new HashSet<>();
      for (Sysctl s : list(pod.getSecurityContext().getSysctls())) {
        if (s.getName() == null || s.getName().length() > 253 || !SYSCTL.matcher(s.getName()).matches()) {
          fail(where, "sysctl name '" + s.getName() + "'");
        }
        if (!seen.add(s.getName())) {
          fail(where, "sysctl " + s.getName() + " twice");
        }
        if (Boolean.TRUE.equals(pod.getHostNetwork()) && s.getName() != null && s.getName().startsWith("net.")) {
          fail(where, "sysctl " + s.getName() + " with hostNetwork");
        }
        if (Boolean.TRUE.equals(pod.getHostIPC()) && s.getName() != null
            && (s.getName().startsWith("kernel.shm") || s.getName().startsWith("kernel.msg")
                || s.getName().startsWith("kernel.sem") || s.getName().startsWith("fs.mqueue."))) {
          fail(where, "sysctl " + s.getName() + " with hostIPC");
        }
      }
    }
    if (pod.getServiceAccountName() != null) {
      subdomain(where + " serviceAccountName", pod.getServiceAccountName(), 253);
    }
    for (var secret : list(pod.getImagePullSecrets())) {
      subdomain(where + " imagePullSecret", secret.getName(), 253);
    }
    if (pod.getNodeSelector() != null) {
      labels(where + " nodeSelector", pod.getNodeSelector());
    }
    if (pod.getResources() != null) {
      resources(where + " pod", pod.getResources());
      podResourcesCoverContainers(where, pod);
    }
    if (pod.getTerminationGracePeriodSeconds() != null && pod.getTerminationGracePeriodSeconds() < 0) {
      fail(where, "terminationGracePeriodSeconds < 0");
    }
  }

  /** Pod-level resources: every container limit within the pod's, the containers' requests summed within it. */
  private void podResourcesCoverContainers(String where, PodSpec pod) {
    Map<String, Quantity> podLimits = pod.getResources().getLimits() == null ? Map.of() : pod.getResources().getLimits();
    Map<String, Quantity> podRequests = pod.getResources().getRequests() == null ? Map.of()
        : pod.getResources().getRequests();
    Map<String, BigDecimal> summed = new HashMap<>();
    List<Container> all = new ArrayList<>(list(pod.getContainers()));
    list(pod.getInitContainers()).stream().filter(c -> "Always".equals(c.getRestartPolicy())).forEach(all::add);
    for (Container c : all) {
      if (c.getResources() == null) {
        continue;
      }
      if (c.getResources().getLimits() != null) {
        c.getResources().getLimits().forEach((k, v) -> {
          if (podLimits.containsKey(k) && amount(v).compareTo(amount(podLimits.get(k))) > 0) {
            fail(where, "container " + c.getName() + " limit " + k + " " + v + " above the pod's " + podLimits.get(k));
          }
        });
      }
      if (c.getResources().getRequests() != null) {
        c.getResources().getRequests().forEach((k, v) -> summed.merge(k, amount(v), BigDecimal::add));
      }
    }
    summed.forEach((k, v) -> {
      if (podRequests.containsKey(k) && v.compareTo(amount(podRequests.get(k))) > 0) {
        fail(where, "containers request " + k + " " + v + " in total, above the pod's " + podRequests.get(k));
      }
    });
  }

  private void service(String where, Service s) {
    List<ServicePort> ports = list(s.getSpec().getPorts());
    if (ports.isEmpty()) {
      fail(where, "no ports");
    }
    Set<String> names = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (ServicePort p : ports) {
      if (ports.size() > 1 && (p.getName() == null || p.getName().isEmpty())) {
        fail(where, "unnamed port among several");
      }
      if (p.getName() != null) {
        label(where + " port", p.getName());
        if (!names.add(p.getName())) {
          fail(where, "port name " + p.getName() + " twice");
        }
      }
      if (p.getPort() == null || p.getPort() < 1 || p.getPort() > 65535) {
        fail(where, "port " + p.getPort());
      }
      if (!keys.add(p.getProtocol() + "/" + p.getPort())) {
        fail(where, "port " + p.getProtocol() + "/" + p.getPort() + " twice");
      }
    }
    labels(where + " selector", s.getSpec().getSelector());
  }

  private void metadata(String where, Map<String, String> labels, Map<String, String> annotations) {
    labels(where + " labels", labels);
    if (annotations != null) {
      int bytes = 0;
      for (var e : annotations.entrySet()) {
        key(where + " annotation", e.getKey());
        bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length
            + (e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length);
      }
      if (bytes > ANNOTATIONS_MAX_BYTES) {
        fail(where, "annotations of " + bytes + " bytes");
      }
    }
  }

  private void labels(String where, Map<String, String> labels) {
    if (labels == null) {
      return;
    }
    labels.forEach((k, v) -> {
      key(where, k);
      if (v == null || (!v.isEmpty() && (v.length() > 63 || !QUALIFIED_NAME.matcher(v).matches()))) {
        fail(where, "label value '" + v + "' of " + k);
      }
    });
  }

  private void key(String where, String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      subdomain(where + " key prefix", key.substring(0, slash), 253);
    }
    if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
      fail(where, "key '" + key + "'");
    }
  }

  private void label(String where, String name) {
    if (name == null || name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
      fail(where, "'" + name + "' is not a DNS-1123 label");
    }
  }

  private void subdomain(String where, String name, int max) {
    if (name == null || name.length() > max || !DNS_SUBDOMAIN.matcher(name).matches()) {
      fail(where, "'" + name + "' is not a DNS-1123 subdomain of at most " + max);
    }
  }

  private void ip(String where, String ip) {
    if (ip == null || !ip.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      fail(where, "'" + ip + "' is not an IP address");
      return;
    }
    try {
      InetAddress.getByName(ip);
      if (ip.matches("[0-9.]+") && (ip.split("\\.").length != 4
          || List.of(ip.split("\\.")).stream().anyMatch(part -> part.isEmpty() || Integer.parseInt(part) > 255))) {
        fail(where, "'" + ip + "' is not an IP address");
      }
    } catch (java.net.UnknownHostException | NumberFormatException e) {
      fail(where, "'" + ip + "' is not an IP address");
    }
  }

  private void fail(String where, String problem) {
    problems.add(where + ": " + problem);
  }

  private static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }
}
