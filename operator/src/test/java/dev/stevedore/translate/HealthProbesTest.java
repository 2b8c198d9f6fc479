package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.HealthCheck;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ecs-semantics.md §2.6: health checks as probes. */
class HealthProbesTest {

  @Test
  void cmdShellRunsUnderShAndDefaultsAreEcs() {
    HealthCheck check = check("CMD-SHELL", "curl -f http://localhost/ || exit 1");
    Probe readiness = HealthProbes.readiness(check);
    assertThat(readiness.getExec().getCommand()).containsExactly("/bin/sh", "-c", "curl -f http://localhost/ || exit 1");
    assertThat(readiness.getPeriodSeconds()).isEqualTo(30);
    assertThat(readiness.getTimeoutSeconds()).isEqualTo(5);
    assertThat(readiness.getFailureThreshold()).isEqualTo(3);
    assertThat(readiness.getInitialDelaySeconds()).isNull();
  }

  @Test
  void cmdRunsTheExecutableDirectly() {
    assertThat(HealthProbes.command(check("CMD", "/bin/check", "--fast"))).containsExactly("/bin/check", "--fast");
  }

  @Test
  void explicitValuesAndGracePeriod() {
    HealthCheck check = check("CMD", "true");
    check.interval = 10;
    check.timeout = 2;
    check.retries = 5;
    Probe liveness = HealthProbes.liveness(check, 60);
    assertThat(liveness.getPeriodSeconds()).isEqualTo(10);
    assertThat(liveness.getTimeoutSeconds()).isEqualTo(2);
    assertThat(liveness.getFailureThreshold()).isEqualTo(5);
    assertThat(liveness.getInitialDelaySeconds()).isEqualTo(60);
  }

  @Test
  void startPeriodBecomesAStartupBudgetBeforeRetriesCount() {
    HealthCheck check = check("CMD", "true");
    check.interval = 10;
    check.startPeriod = 45;
    Probe startup = HealthProbes.startup(check);
    assertThat(startup.getPeriodSeconds()).isEqualTo(10);
    assertThat(startup.getFailureThreshold()).as("ceil(45/10) periods + 3 retries").isEqualTo(8);
    assertThat(HealthProbes.hasStartPeriod(check)).isTrue();
  }

  static HealthCheck check(String... command) {
    HealthCheck check = new HealthCheck();
    check.command = List.of(command);
    return check;
  }
}
