package dev.stevedore.translate;

import dev.stevedore.naming.Names;
import dev.stevedore.naming.Labels;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.LoadBalancer;
import dev.stevedore.api.v1alpha1.PortMapping;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A ClusterIP Service for the container ports of a service's tasks, so they are reachable by a stable DNS name
 * (the part of ECS load balancers and service discovery Kubernetes provides by itself).
 */
public final class KubernetesServiceTranslator {
  private KubernetesServiceTranslator() {}

  public static Optional<Service> service(ServiceContext ctx) {
    Map<String, ServicePort> ports = new TreeMap<>();
    for (ContainerDefinition c : ctx.taskDefinition().spec().containerDefinitions) {
      if (c.portMappings == null) {
        continue;
      }
      for (PortMapping p : c.portMappings) {
        if (p.containerPort == null || p.containerPort == 0 || p.containerPortRange != null) {
          continue;
        }
        String protocol = "udp".equals(p.protocol) ? "UDP" : "TCP";
        String key = protocol + "/" + p.containerPort;
        ports.putIfAbsent(key, port(p.containerPort, protocol, p.name, p.appProtocol));
      }
    }
    if (ctx.spec().loadBalancers != null) {
      for (LoadBalancer lb : ctx.spec().loadBalancers) {
        if (lb.containerPort != null && lb.containerPort > 0) {
          ports.putIfAbsent("TCP/" + lb.containerPort, port(lb.containerPort, "TCP", null, null));
        }
      }
    }
    if (ports.isEmpty()) {
      return Optional.empty();
    }
    List<ServicePort> named = ports.values().stream()
        .map(p -> p.getName() != null ? p : new ServicePortBuilder(p)
            .withName(p.getProtocol().toLowerCase() + "-" + p.getPort()).build())
        .toList();
    Map<String, String> labels = new TreeMap<>(WorkloadTranslator.serviceSelector(ctx.name()));
    labels.put(Labels.INSTANCE, Names.labelValue(ctx.name()));
    labels.put(Labels.CLUSTER, Names.labelValue(ctx.clusterName()));
    return Optional.of(new ServiceBuilder()
        .withNewMetadata().withName(serviceName(ctx.name())).withNamespace(ctx.namespace()).withLabels(labels).endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(WorkloadTranslator.serviceSelector(ctx.name()))
        .withPorts(named)
        .endSpec()
        .build());
  }

  /** The Service of an EcsService: its name when that is a valid Service name, else a cleaned, suffixed one. */
  public static String serviceName(String serviceObjectName) {
    return Names.dns1035Label(serviceObjectName);
  }

  private static ServicePort port(int containerPort, String protocol, String name, String appProtocol) {
    ServicePortBuilder port = new ServicePortBuilder()
        .withPort(containerPort)
        .withTargetPort(new IntOrString(containerPort))
        .withProtocol(protocol);
    if (name != null) {
      port.withName(Names.portName(name));
    }
    if (appProtocol != null) {
      port.withAppProtocol("http".equals(appProtocol) ? "http" : "kubernetes.io/h2c");
    }
    return port.build();
  }
}
