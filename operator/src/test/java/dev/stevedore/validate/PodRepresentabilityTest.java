package dev.stevedore.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.HostEntry;
import dev.stevedore.api.v1alpha1.HostVolumeProperties;
import dev.stevedore.api.v1alpha1.KeyValuePair;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.Secret;
import dev.stevedore.api.v1alpha1.SystemControl;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values ECS registers that no pod can carry, each the shrunk example of a failure the property test found: the
 * field named, and the value one step inside the rule accepted.
 */
class PodRepresentabilityTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        row("environment name with '='", td -> env(td, "A=B"), "containerDefinitions[0].environment[0].name", "'='"),
        row("empty environment name", td -> env(td, ""), "containerDefinitions[0].environment[0].name", "not empty"),
        row("non-ASCII environment name", td -> env(td, "ÜBER"), "containerDefinitions[0].environment[0].name", "ASCII"),
        row("dotted environment name is fine", td -> env(td, "with.dot-and space"), null, null),
        row("secret named like no variable", td -> {
          Secret s = new Secret();
          s.name = "tab\tname";
          s.valueFrom = "db";
          td.containerDefinitions.get(0).secrets = List.of(s);
        }, "containerDefinitions[0].secrets[0].name", "printable ASCII"),
        row("host network: one port in two containers", td -> {
          td.networkMode = "host";
          port(td, 0, 443, null);
          port(td, 1, 443, null);
        }, "containerDefinitions[1].portMappings[0]", "host port tcp/443 is already bound by containerDefinitions[0].portMappings[0]"),
        row("host network: same port, other protocol", td -> {
          td.networkMode = "host";
          port(td, 0, 53, null);
          port(td, 1, 53, null).protocol = "udp";
        }, null, null),
        row("bridge: one host port twice", td -> {
          port(td, 0, 80, 8080);
          port(td, 1, 81, 8080);
        }, "containerDefinitions[1].portMappings[0]", "tcp/8080"),
        row("bridge: dynamic host ports", td -> {
          port(td, 0, 80, 0);
          port(td, 1, 80, 0);
        }, null, null),
        row("awsvpc: host port repeats the container port", td -> {
          td.networkMode = "awsvpc";
          port(td, 0, 80, 80);
          port(td, 1, 81, 81);
        }, null, null),
        row("extra host with a name as address", td -> hostEntry(td, "db", "db.internal"),
            "containerDefinitions[0].extraHosts[0].ipAddress", "not an IPv4 or IPv6 address"),
        row("extra host with an octet above 255", td -> hostEntry(td, "db", "10.0.0.256"),
            "containerDefinitions[0].extraHosts[0].ipAddress", "10.0.0.256"),
        row("extra host with an underscore", td -> hostEntry(td, "under_score", "10.0.0.1"),
            "containerDefinitions[0].extraHosts[0].hostname", "not a DNS name"),
        row("extra host in capitals and IPv6", td -> hostEntry(td, "DB.Internal", "fd00::1"), null, null),
        row("DNS server by name", td -> td.containerDefinitions.get(0).dnsServers = List.of("10.0.0.2", "dns.example.com"),
            "containerDefinitions[0].dnsServers[1]", "dns.example.com"),
        row("search domain with an underscore", td -> td.containerDefinitions.get(0).dnsSearchDomains = List.of("bad_domain"),
            "containerDefinitions[0].dnsSearchDomains[0]", "not a DNS name"),
        row("search domain, fully qualified", td -> td.containerDefinitions.get(0).dnsSearchDomains = List.of("Corp.Example.COM."),
            null, null),
        row("sysctl with a space", td -> sysctl(td, "Bad Name"), "containerDefinitions[0].systemControls[0].namespace",
            "not a kernel parameter name"),
        row("net sysctl on the host network", td -> {
          td.networkMode = "host";
          sysctl(td, "net.core.somaxconn");
        }, "containerDefinitions[0].systemControls[0].namespace", "networkMode host"),
        row("IPC sysctl with the host's IPC namespace", td -> {
          td.ipcMode = "host";
          sysctl(td, "kernel.shm_rmid_forced");
        }, "containerDefinitions[0].systemControls[0].namespace", "ipcMode host"),
        row("net sysctl with slashes on bridge", td -> sysctl(td, "net/ipv4/tcp_syncookies"), null, null),
        row("host path climbing out", td -> hostPath(td, "/data/../etc"), "volumes[0].host.sourcePath", "'..'"),
        row("host path with dots in names", td -> hostPath(td, "/data/..hidden/x.."), null, null),
        row("GPU count that is no number", td -> gpu(td, "two"), "containerDefinitions[0].resourceRequirements[0].value",
            "whole number above 0"),
        row("GPU count of zero", td -> gpu(td, "0"), "containerDefinitions[0].resourceRequirements[0].value", "'0'"),
        row("GPU count of four", td -> gpu(td, "4"), null, null),
        row("task definition above 64 KiB", td -> env(td, "BIG", "x".repeat(64 * 1024)), "spec", "64 KiB"),
        row("task definition just below 64 KiB", td -> env(td, "BIG", "x".repeat(60 * 1024)), null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWhatNoPodCanCarryNamingTheField(String title, Consumer<TaskDefinitionSpec> change, String field,
      String message) {
    TaskDefinitionSpec td = taskDefinition();
    change.accept(td);
    List<ValidationIssue> issues = PodRepresentability.validate(td);
    if (field == null) {
      assertThat(issues).isEmpty();
      assertThat(TaskDefinitionValidator.validate(td)).isEmpty();
    } else {
      assertThat(issues).singleElement().satisfies(issue -> {
        assertThat(issue.field()).isEqualTo(field);
        assertThat(issue.message()).contains(message);
      });
      // Registration runs these rules: a TaskDefinition with such a value is Stalled, with this message.
      assertThat(TaskDefinitionValidator.validate(td)).contains(issues.get(0));
    }
  }

  private static Arguments row(String title, Consumer<TaskDefinitionSpec> change, String field, String message) {
    return Arguments.of(title, change, field, message);
  }

  private static TaskDefinitionSpec taskDefinition() {
    TaskDefinitionSpec td = new TaskDefinitionSpec();
    td.family = "fam";
    td.containerDefinitions = new ArrayList<>();
    for (String name : List.of("web", "sidecar")) {
      ContainerDefinition c = new ContainerDefinition();
      c.name = name;
      c.image = "nginx";
      c.memory = 128;
      td.containerDefinitions.add(c);
    }
    return td;
  }

  private static void env(TaskDefinitionSpec td, String name) {
    env(td, name, "v");
  }

  private static void env(TaskDefinitionSpec td, String name, String value) {
    td.containerDefinitions.get(0).environment = List.of(new KeyValuePair(name, value));
  }

  private static PortMapping port(TaskDefinitionSpec td, int container, int containerPort, Integer hostPort) {
    PortMapping p = new PortMapping();
    p.containerPort = containerPort;
    p.hostPort = hostPort;
    td.containerDefinitions.get(container).portMappings = List.of(p);
    return p;
  }

  private static void hostEntry(TaskDefinitionSpec td, String hostname, String ip) {
    HostEntry h = new HostEntry();
    h.hostname = hostname;
    h.ipAddress = ip;
    td.containerDefinitions.get(0).extraHosts = List.of(h);
  }

  private static void sysctl(TaskDefinitionSpec td, String name) {
    SystemControl s = new SystemControl();
    s.namespace = name;
    s.value = "1";
    td.containerDefinitions.get(0).systemControls = List.of(s);
  }

  private static void gpu(TaskDefinitionSpec td, String value) {
    var r = new dev.stevedore.api.v1alpha1.ResourceRequirement();
    r.type = "GPU";
    r.value = value;
    td.containerDefinitions.get(0).resourceRequirements = List.of(r);
  }

  private static void hostPath(TaskDefinitionSpec td, String path) {
    Volume v = new Volume();
    v.name = "data";
    v.host = new HostVolumeProperties();
    v.host.sourcePath = path;
    td.volumes = List.of(v);
  }
}
