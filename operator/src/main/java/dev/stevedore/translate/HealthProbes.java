package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.HealthCheck;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ExecAction;
import java.util.ArrayList;
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
    Probe probe = base(check);
    probe.setFailureThreshold(retries(check));
    return probe;
  }

  /** ECS replaces an unhealthy task; Kubernetes restarts the container. Failures count after the grace period. */
  public static Probe liveness(HealthCheck check, int gracePeriodSeconds) {
    Probe probe = base(check);
    probe.setFailureThreshold(retries(check));
    if (gracePeriodSeconds > 0) {
      probe.setInitialDelaySeconds(gracePeriodSeconds);
    }
    return probe;
  }

  /**
   * Covers startPeriod (failures inside it do not count, one success ends it) plus the usual retries. Also
   * used for HEALTHY dependencies, whose dependants start only once the probe succeeds.
   */
  public static Probe startup(HealthCheck check) {
    int interval = interval(check);
    int startPeriod = check.startPeriod == null ? 0 : check.startPeriod;
    int periods = (startPeriod + interval - 1) / interval;
    Probe probe = base(check);
    probe.setFailureThreshold(periods + retries(check));
    return probe;
  }

  public static boolean hasStartPeriod(HealthCheck check) {
    return check.startPeriod != null && check.startPeriod > 0;
  }

  private static Probe base(HealthCheck check) {
    Probe probe = new Probe();
    probe.setExec(new ExecAction(new ArrayList<>(command(check))));
    probe.setPeriodSeconds(interval(check));
    probe.setTimeoutSeconds(check.timeout == null ? DEFAULT_TIMEOUT : check.timeout);
    probe.setSuccessThreshold(1);
    return probe;
  }

  private static int interval(HealthCheck check) {
    return check.interval == null ? DEFAULT_INTERVAL : check.interval;
  }

  private static int retries(HealthCheck check) {
    return check.retries == null ? DEFAULT_RETRIES : check.retries;
  }
}
