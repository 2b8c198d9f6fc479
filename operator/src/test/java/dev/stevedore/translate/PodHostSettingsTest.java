package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.HostEntry;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodHostSettingsTest {

  @Test
  void theContainersDnsSettingsAreMergedIntoThePodsOwn() {
    ContainerDefinition a = PodTemplateTranslatorTest.container("a");
    a.dnsServers = List.of("10.0.0.2");
    a.hostname = "web.example.com";
    ContainerDefinition b = PodTemplateTranslatorTest.container("b");
    b.dnsServers = List.of("1.1.1.1", "10.0.0.2");
    b.dnsSearchDomains = List.of("corp");
    b.hostname = "api";
    TranslationReport report = new TranslationReport();
    PodSpec pod = new PodSpec();

    PodHostSettings.apply(PodTemplateTranslatorTest.spec(a, b), pod, report);

    assertThat(pod.getDnsPolicy()).isEqualTo("None");
    // In the order the containers list them (the resolver uses the first three), each once.
    assertThat(pod.getDnsConfig().getNameservers()).containsExactly("10.0.0.2", "1.1.1.1");
    assertThat(pod.getDnsConfig().getSearches()).containsExactly("corp");
    assertThat(pod.getHostname()).isEqualTo("api");
    assertThat(report.fields()).containsExactly("containerDefinitions[].dnsServers", "containerDefinitions[].hostname");
  }

  @Test
  void extraHostsAndLinkAliasesBecomeHostAliases() {
    ContainerDefinition a = PodTemplateTranslatorTest.container("a");
    HostEntry db = new HostEntry();
    db.hostname = "db";
    db.ipAddress = "10.0.0.5";
    a.extraHosts = List.of(db);
    a.links = List.of("b:backend");
    TaskDefinitionSpec spec = PodTemplateTranslatorTest.spec(a, PodTemplateTranslatorTest.container("b"));
    TranslationReport report = new TranslationReport();
    PodSpec pod = new PodSpec();

    PodHostSettings.apply(spec, pod, report);

    assertThat(pod.getHostAliases()).extracting(h -> h.getIp() + " " + h.getHostnames())
        .containsExactly("10.0.0.5 [db]", "127.0.0.1 [backend]");
    assertThat(report.fields()).containsExactly("containerDefinitions[0].links");
  }
}
