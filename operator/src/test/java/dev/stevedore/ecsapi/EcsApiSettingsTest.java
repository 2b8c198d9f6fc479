package dev.stevedore.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.config.OperatorSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EcsApiSettingsTest {
  private static final OperatorSettings OPERATOR = OperatorSettings.from(Map.of("STEVEDORE_WATCH_NAMESPACES", "shop"));

  @Test
  void theConsoleIsOffUnlessAskedFor() {
    assertThat(EcsApiSettings.from(Map.of("STEVEDORE_ECS_API_PORT", "8081"), OPERATOR).console()).isFalse();
    assertThat(EcsApiSettings.from(Map.of("STEVEDORE_ECS_API_PORT", "8081", "STEVEDORE_CONSOLE", "true"), OPERATOR)
        .console()).isTrue();
  }

  @Test
  void theConsoleWithoutTheEndpointIsRefusedWithTheReason() {
    assertThatThrownBy(() -> EcsApiSettings.from(Map.of("STEVEDORE_CONSOLE", "true"), OPERATOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STEVEDORE_CONSOLE=true needs the ECS endpoint")
        .hasMessageContaining("STEVEDORE_ECS_API_PORT");
  }
}
