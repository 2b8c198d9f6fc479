package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Service Connect's client aliases as Kubernetes Services, so that a client task calls {@code http://<dnsName>:<port>}
 * as on ECS: for each {@code serviceConnectConfiguration.services[]} entry, each client alias is a ClusterIP Service
 * named after the alias's dnsName (default: the discoveryName, default the portName) whose port is the alias's port
 * and whose target is the task's port of that portName (the container port's name in the pods). Pure.
 */
public final class ServiceConnectServices {
  private ServiceConnectServices() {}

  /** The alias Services, and what could not be made as written. */
  public record Result(List<Service> services, List<String> notes) {}

  @SuppressWarnings("unchecked")
  public static Result services(String serviceObjectName, String namespace, String clusterName, EcsServiceSpec spec) {
    List<String> notes = new ArrayList<>();
    if (spec.serviceConnectConfiguration == null
        || !(spec.serviceConnectConfiguration.getValue() instanceof Map<?, ?> config)
        || !Boolean.TRUE.equals(config.get("enabled")) || !(config.get("services") instanceof List<?> entries)) {
      return new Result(List.of(), notes);
    }
    String ownServiceName = KubernetesServiceTranslator.serviceName(serviceObjectName);
    Map<String, Service> byName = new LinkedHashMap<>();
    for (Object entry : entries) {
      if (!(entry instanceof Map<?, ?> service) || !(service.get("portName") instanceof String portName)) {
        continue;
      }
      String discoveryName = service.get("discoveryName") instanceof String d ? d : portName;
      List<Object> aliases = service.get("clientAliases") instanceof List<?> l ? (List<Object>) l : List.of();
      for (Object a : aliases) {
        if (!(a instanceof Map<?, ?> alias) || !(alias.get("port") instanceof Number port)) {
          continue;
        }
        String dnsName = alias.get("dnsName") instanceof String d ? d : discoveryName;
        String name = Names.dns1035Label(dnsName.contains(".") ? dnsName.substring(0, dnsName.indexOf('.')) : dnsName);
        if (dnsName.contains(".")) {
          notes.add("client alias " + dnsName + " is the Service " + name + ": clients in other namespaces call "
              + name + "." + namespace);
        }
        if (name.equals(ownServiceName) || byName.containsKey(name)) {
          notes.add("client alias " + dnsName + ":" + port + " is not made: the Service " + name + " exists already");
          continue;
        }
        Map<String, String> labels = new TreeMap<>(WorkloadTranslator.serviceSelector(serviceObjectName));
        labels.put(Labels.INSTANCE, Names.labelValue(serviceObjectName));
        labels.put(Labels.CLUSTER, Names.labelValue(clusterName));
        byName.put(name, new ServiceBuilder()
            .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
            .withNewSpec().withType("ClusterIP")
            .withSelector(WorkloadTranslator.serviceSelector(serviceObjectName))
            .addNewPort().withName(Names.portName(portName)).withPort(port.intValue())
            .withTargetPort(new IntOrString(Names.portName(portName))).withProtocol("TCP").endPort()
            .endSpec().build());
      }
    }
    return new Result(new ArrayList<>(byName.values()), notes);
  }
}
