package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerSecurityContextTest {

  @Test
  void aContainerThatAsksForNothingGetsNoSecurityContext() {
    TranslationReport report = new TranslationReport();
    assertThat(ContainerSecurityContext.of(container(), "containerDefinitions[0]", report)).isNull();
    assertThat(report.entries()).isEmpty();
  }

  @Test
  void numericUserAndGroupBecomeRunAsIdsAndANamedUserIsReported() {
    ContainerDefinition numeric = container();
    numeric.user = "1000:2000";
    TranslationReport report = new TranslationReport();
    SecurityContext sc = ContainerSecurityContext.of(numeric, "containerDefinitions[0]", report);
    assertThat(sc.getRunAsUser()).isEqualTo(1000L);
    assertThat(sc.getRunAsGroup()).isEqualTo(2000L);

    ContainerDefinition named = container();
    named.user = "nginx";
    assertThat(ContainerSecurityContext.of(named, "containerDefinitions[1]", report)).isNull();
    assertThat(report.fields()).containsExactly("containerDefinitions[1].user");
  }

  @Test
  void dockerSecurityOptionsMapToTheirFieldsOrAreReportedOneByOne() {
    ContainerDefinition c = container();
    c.dockerSecurityOptions = List.of("no-new-privileges", "apparmor:custom", "label:type:spc_t", "label:level:s0:c1",
        "label:disable", "seccomp=unconfined");
    TranslationReport report = new TranslationReport();
    SecurityContext sc = ContainerSecurityContext.of(c, "containerDefinitions[0]", report);
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getAppArmorProfile().getType()).isEqualTo("Localhost");
    assertThat(sc.getAppArmorProfile().getLocalhostProfile()).isEqualTo("custom");
    assertThat(sc.getSeLinuxOptions().getType()).isEqualTo("spc_t");
    assertThat(sc.getSeLinuxOptions().getLevel()).isEqualTo("s0:c1");
    assertThat(report.fields()).containsExactly(
        "containerDefinitions[0].dockerSecurityOptions[4]", "containerDefinitions[0].dockerSecurityOptions[5]");
  }

  @Test
  void anUnknownSeLinuxOptionAloneSetsNothing() {
    ContainerDefinition c = container();
    c.dockerSecurityOptions = List.of("label:disable");
    assertThat(ContainerSecurityContext.of(c, "containerDefinitions[0]", new TranslationReport())).isNull();
  }

  private static ContainerDefinition container() {
    return PodTemplateTranslatorTest.container("app");
  }
}
