package dev.stevedore.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ARCHITECTURE §4.6: sanitise deterministically, keep valid names, never collide. */
class NamesTest {
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  @ParameterizedTest
  @ValueSource(strings = {"web", "app-1", "a", "envoy"})
  void validNamesAreKept(String name) {
    assertThat(Names.dnsLabel(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"My_App", "log_router", "UPPER", "_leading", "trailing-", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "a__b", "9lives_"})
  void otherNamesBecomeValidLabels(String name) {
    String label = Names.dnsLabel(name);
    assertThat(label).matches(DNS_LABEL).hasSizeLessThanOrEqualTo(63);
    assertThat(Names.dnsLabel(name)).as("deterministic").isEqualTo(label);
  }

  @Test
  void namesThatCleanToTheSameTextStayDistinct() {
    List<String> ecsNames = List.of("web_app", "web-app", "Web_App", "WEB-APP", "web__app", "Web-App");
    Set<String> labels = new HashSet<>();
    ecsNames.forEach(n -> labels.add(Names.dnsLabel(n)));
    assertThat(labels).hasSize(ecsNames.size());
    assertThat(Names.dnsLabel("web_app")).startsWith("web-app-").hasSize("web-app-".length() + 5);
  }

  @Test
  void longNamesDifferingOnlyAtTheEndStayDistinct() {
    String a = "c".repeat(100) + "_1";
    String b = "c".repeat(100) + "_2";
    assertThat(Names.dnsLabel(a)).isNotEqualTo(Names.dnsLabel(b));
    assertThat(Names.dnsLabel(a)).hasSizeLessThanOrEqualTo(63);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "app_http", "metrics-endpoint-long", "8080", "grpc_internal_api"})
  void portNamesAreIanaServiceNames(String name) {
    String port = Names.portName(name);
    assertThat(port).hasSizeLessThanOrEqualTo(15).matches(DNS_LABEL).doesNotContain("--");
    assertThat(port.chars().anyMatch(Character::isLetter)).isTrue();
  }

  @Test
  void labelValuesAllowDotsAndUnderscores() {
    assertThat(Names.labelValue("my_family.v2")).isEqualTo("my_family.v2");
    assertThat(Names.labelValue("has spaces")).matches("[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]");
    assertThat(Names.labelValue("")).isEmpty();
  }
}
