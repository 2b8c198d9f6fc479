package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.HealthCheck;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.List;

/** An ECS (Docker) health check as Kubernetes probes, with ECS's defaults. */
public final class HealthProbes {
  public static final int DEFAULT_INTERVAL = 30;
  public static final int DEFAULT_TIMEOUT = 5;
  public static final int DEFAULT_RETRIES = 3;

  private HealthProbes() {}

  /** CMD runs the executable as given; CMD-SHELL runs the command line under /bin/sh -c. */
  public static List<String> command(HealthCheck check) {
    List<String> cmd = check.command;
    if ("CMD-SHELL".equals(cmd.get(0))) {
      return List.of("/bin/sh", "-c", String.join(" ", cmd.subList(1, cmd.size())));
    }
    return List.copyOf(cmd.subList(1, cmd.size()));
  }

  /** Drives readiness: a task counts as healthy while its essential containers' checks pass. */
  public static Probe readiness(HealthCheck check) {
    return base(check).withFailureThreshold(retries(check)).build();
  }

  /** ECS replaces an unhealthy task; Kubernetes restarts the container. Failures count after the grace period. */
  public static Probe liveness(HealthCheck check, int gracePeriodSeconds) {
    ProbeBuilder probe = base(check).withFailureThreshold(retries(check));
    if (gracePeriodSeconds > 0) {
      probe.withInitialDelaySeconds(gracePeriodSeconds);
    }
    return probe.build();
  }

  /**
   * Covers startPeriod (failures inside it do not count, one success ends it) plus the usual retries. Also
   * used for HEALTHY dependencies, whose dependants start only once the probe succeeds.
   */
  public static Probe startup(HealthCheck check) {
    int interval = interval(check);
    int startPeriod = check.startPeriod == null ? 0 : check.startPeriod;
    int periods = (startPeriod + interval - 1) / interval;
    return base(check).withFailureThreshold(periods + retries(check)).build();
  }

  public static boolean hasStartPeriod(HealthCheck check) {
    return check.startPeriod != null && check.startPeriod > 0;
  }

  private static ProbeBuilder base(HealthCheck check) {
    return new ProbeBuilder()
        .withNewExec().withCommand(command(check)).endExec()
        .withPeriodSeconds(interval(check))
        .withTimeoutSeconds(check.timeout == null ? DEFAULT_TIMEOUT : check.timeout)
        .withSuccessThreshold(1);
  }

  private static int interval(HealthCheck check) {
    return check.interval == null ? DEFAULT_INTERVAL : check.interval;
  }

  private static int retries(HealthCheck check) {
    return check.retries == null ? DEFAULT_RETRIES : check.retries;
  }
}
