package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.TaskDefinitionRevision;
import dev.stevedore.api.v1alpha1.TaskDefinitionStatus;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.FamilyRevisions.Revision;
import dev.stevedore.translate.PodTemplateTranslator;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.validate.ValidationIssue;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A TaskDefinition's status: its family's revisions as ECS lists them, what the newest revision cannot carry
 * over exactly, and kstatus conditions for how the reconcile ended. Pure: equal inputs and clock give an equal
 * status, so a TaskDefinition that did not change writes nothing.
 */
public final class TaskDefinitionStatusCalculator {
  public static final String REGISTERED = "Registered";
  public static final String CLIENT_EXCEPTION = "ClientException";
  public static final String FAMILY_CONFLICT = "FamilyConflict";
  public static final String RECONCILE_ERROR = "ReconcileError";

  /** How a reconcile ended: its condition reason, which conditions are True, and the message they carry. */
  public sealed interface Outcome {
    String reason();

    default boolean ready() {
      return false;
    }

    default boolean reconciling() {
      return false;
    }

    default boolean stalled() {
      return false;
    }

    String message(FamilyRevisions family);
  }

  /** The applied spec is the newest revision. */
  public record Registered() implements Outcome {
    @Override
    public String reason() {
      return REGISTERED;
    }

    @Override
    public boolean ready() {
      return true;
    }

    @Override
    public String message(FamilyRevisions family) {
      return family.latest().map(latest -> latest.active()
          ? "revision " + latest.number() + " is ACTIVE"
          : "revision " + latest.number() + " is INACTIVE; " + family.latestActive()
              .map(active -> "the latest ACTIVE revision is " + active.number())
              .orElse("the family has no ACTIVE revision"))
          .orElse("no revision is registered");
    }
  }

  /** The spec breaks registration rules: nothing was registered, existing revisions are untouched. */
  public record Rejected(List<ValidationIssue> issues) implements Outcome {
    @Override
    public String reason() {
      return CLIENT_EXCEPTION;
    }

    @Override
    public boolean stalled() {
      return true;
    }

    @Override
    public String message(FamilyRevisions family) {
      return "Invalid task definition, nothing registered: "
          + issues.stream().map(ValidationIssue::toString).collect(Collectors.joining("; "));
    }
  }

  /** Another TaskDefinition of the namespace registers this family. */
  public record FamilyTaken(String owner) implements Outcome {
    @Override
    public String reason() {
      return FAMILY_CONFLICT;
    }

    @Override
    public boolean stalled() {
      return true;
    }

    @Override
    public String message(FamilyRevisions family) {
      return "family '" + family.family() + "' is registered by TaskDefinition '" + owner + "' in this namespace;"
          + " this one registers nothing until that one is deleted or names another family";
    }
  }

  /** The reconcile failed; it is retried. */
  public record Failed(String error) implements Outcome {
    @Override
    public String reason() {
      return RECONCILE_ERROR;
    }

    @Override
    public boolean reconciling() {
      return true;
    }

    @Override
    public String message(FamilyRevisions family) {
      return "reconcile failed, retrying: " + error;
    }
  }

  private final String region;
  private final String account;
  private final Clock clock;

  /** Region and account go into the ARNs, as the operator settings give them. */
  public TaskDefinitionStatusCalculator(String region, String account, Clock clock) {
    this.region = region;
    this.account = account;
    this.clock = clock;
  }

  /**
   * The full status.
   *
   * @param generation the metadata.generation reconciled
   * @param family the family's revisions, as they are after this reconcile's writes
   * @param outcome how the reconcile ended
   * @param previous the status before, for the conditions' lastTransitionTime; may be null
   */
  public TaskDefinitionStatus compute(long generation, FamilyRevisions family, Outcome outcome,
                                      TaskDefinitionStatus previous) {
    TaskDefinitionStatus status = new TaskDefinitionStatus();
    status.observedGeneration = generation;
    status.family = family.family();
    family.latest().ifPresent(latest -> {
      status.latestRevision = latest.number();
      status.taskDefinitionArn = arn(family, latest);
    });
    List<TaskDefinitionRevision> revisions = family.newestFirst().stream().map(r -> listed(family, r)).toList();
    status.revisions = revisions.isEmpty() ? null : revisions;
    status.fieldReports = family.latest().map(latest -> fieldReports(family, latest)).orElse(null);
    String message = outcome.message(family);
    status.conditions = new Conditions(previous == null ? null : previous.conditions, generation,
        clock.instant().truncatedTo(ChronoUnit.SECONDS))
        .set(Conditions.READY, outcome.ready(), outcome.reason(), message)
        .set(Conditions.RECONCILING, outcome.reconciling(), outcome.reason(), message)
        .set(Conditions.STALLED, outcome.stalled(), outcome.reason(), message)
        .build();
    return status;
  }

  /** The Stalled condition of {@code next} when it is True and was not, or now says something else. */
  public static Optional<Condition> newStall(TaskDefinitionStatus previous, TaskDefinitionStatus next) {
    Optional<Condition> before = trueStall(previous);
    return trueStall(next).filter(now -> before.isEmpty()
        || !Objects.equals(before.get().getReason(), now.getReason())
        || !Objects.equals(before.get().getMessage(), now.getMessage()));
  }

  private static Optional<Condition> trueStall(TaskDefinitionStatus status) {
    return Optional.ofNullable(status).map(s -> s.conditions).orElse(List.of()).stream()
        .filter(c -> Conditions.STALLED.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
  }

  private TaskDefinitionRevision listed(FamilyRevisions family, Revision revision) {
    TaskDefinitionRevision listed = new TaskDefinitionRevision();
    listed.revision = revision.number();
    listed.status = revision.status();
    listed.taskDefinitionArn = arn(family, revision);
    listed.registeredAt = revision.registeredAt();
    listed.specHash = revision.specHash();
    return listed;
  }

  private List<FieldReport> fieldReports(FamilyRevisions family, Revision latest) {
    RegisteredTaskDefinition registered = FamilyRevisions.registered(family.family(), latest, region, account);
    List<FieldReport> reports = PodTemplateTranslator.translate(registered, PodTemplateTranslator.Options.DEFAULTS)
        .reports().stream().filter(r -> !isTaskRoleSwitchedOff(r)).toList();
    return reports.isEmpty() ? null : reports;
  }

  /**
   * The translation runs without a ServiceAccount (services supply theirs), so it reports any task role as
   * switched off. That is a fact about this call, not about the task definition.
   */
  private static boolean isTaskRoleSwitchedOff(FieldReport report) {
    return "taskRoleArn".equals(report.field) && report.disposition == FieldReport.Disposition.IGNORED;
  }

  private String arn(FamilyRevisions family, Revision revision) {
    return RegisteredTaskDefinition.arn(region, account, family.family(), revision.number());
  }
}
