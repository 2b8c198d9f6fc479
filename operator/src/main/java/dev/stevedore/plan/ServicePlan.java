package dev.stevedore.plan;

import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import dev.stevedore.status.ServiceObservation.Stall;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What to do for one EcsService: the writes and deletes that make the cluster what the service asks for, the status
 * that describes it, and the events to record. Nothing in it has happened yet.
 *
 * @param writes the objects to write, in order (a ServiceAccount before the pods that use it)
 * @param deletes the objects the service no longer wants
 * @param status the service's new status
 * @param statusChanged whether {@code status} differs from the status the service has
 * @param newEvents the ECS service events this look added, oldest first
 * @param newStall why the service cannot move, when that is news (for a warning Event), else null
 * @param recheckAfter when to look again although nothing may change (a task that stays unhealthy counts again)
 */
public record ServicePlan(List<Write> writes, List<HasMetadata> deletes, EcsServiceStatus status,
                          boolean statusChanged, List<ServiceEvent> newEvents, Stall newStall,
                          Optional<Duration> recheckAfter) {

  /** How an object is written. */
  public enum Verb {
    /** Server-side apply as Stevedore's field manager: the object is new, or what Stevedore wants changed. */
    APPLY,
    /**
     * Replace the live object with an update carrying its resourceVersion: someone else changed what Stevedore owns
     * in a way apply cannot take back.
     */
    REPLACE
  }

  /**
   * One write.
   *
   * @param verb how
   * @param object the body to send
   * @param drift for REPLACE, what had drifted
   */
  public record Write(Verb verb, HasMetadata object, List<String> drift) {}

  /** Nothing to write, delete or patch. */
  public boolean quiet() {
    return writes.isEmpty() && deletes.isEmpty() && !statusChanged;
  }
}
