package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.status.StatusComparison;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionStatus;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.status.TaskDefinitionStatusCalculator;
import dev.stevedore.status.TaskDefinitionStatusCalculator.Failed;
import dev.stevedore.status.TaskDefinitionStatusCalculator.FamilyTaken;
import dev.stevedore.status.TaskDefinitionStatusCalculator.Registered;
import dev.stevedore.status.TaskDefinitionStatusCalculator.Rejected;
import dev.stevedore.validate.ValidationIssue;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure status of {@code dev.stevedore.status}, tested next to the reconciler that feeds it. */
class TaskDefinitionStatusCalculatorTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.250Z");
  private static final Instant T1 = Instant.parse("2026-11-22T11:00:00Z");
  private final TaskDefinition owner = Fixtures.taskDefinition("web", "2026-11-22T10:00:00Z");

  @Test
  void listsTheRevisionsNewestFirstWithTheirArns() {
    TaskDefinitionStatus status = at(T0).compute(2, Fixtures.revisions(owner, 2), new Registered(), null);

    assertThat(status.observedGeneration).isEqualTo(2);
    assertThat(status.family).isEqualTo("web");
    assertThat(status.latestRevision).isEqualTo(2);
    assertThat(status.taskDefinitionArn).isEqualTo("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2");
    assertThat(status.revisions).extracting(r -> r.revision, r -> r.status, r -> r.registeredAt)
        .containsExactly(tuple(2, "ACTIVE", "2026-11-22T10:00:00Z"), tuple(1, "ACTIVE", "2026-11-22T10:00:00Z"));
    assertThat(status.revisions).extracting(r -> r.taskDefinitionArn)
        .containsExactly("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2",
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1");
    assertThat(status.revisions.get(0).specHash).isNotEqualTo(status.revisions.get(1).specHash);
  }

  @Test
  void aRegisteredSpecIsReadyAndNeitherReconcilingNorStalled() {
    TaskDefinitionStatus status = at(T0).compute(1, Fixtures.revisions(owner, 3), new Registered(), null);

    assertThat(condition(status, "Ready")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("Registered");
      assertThat(c.getMessage()).isEqualTo("revision 3 is ACTIVE");
      assertThat(c.getObservedGeneration()).isEqualTo(1);
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
    });
    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("False");
  }

  @Test
  void aDeregisteredNewestRevisionSaysWhatTheFamilyResolvesTo() {
    FamilyRevisions family = FamilyRevisions.of("web", List.of(Fixtures.revision(owner, 1, "nginx:1"),
        Fixtures.inactive(Fixtures.revision(owner, 2, "nginx:2"))));
    TaskDefinitionStatus status = at(T0).compute(1, family, new Registered(), null);
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo("revision 2 is INACTIVE; the latest ACTIVE revision is 1");
    assertThat(status.revisions).extracting(r -> r.status).containsExactly("INACTIVE", "ACTIVE");
  }

  @Test
  void aRejectedSpecStallsWithTheIssuesAndKeepsTheRevisions() {
    Rejected rejected = new Rejected(List.of(new ValidationIssue("containerDefinitions[].dependsOn",
        "dependency cycle between containers: a -> b -> a")));
    TaskDefinitionStatus status = at(T0).compute(4, Fixtures.revisions(owner, 1), rejected, null);

    assertThat(condition(status, "Stalled")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("ClientException");
      assertThat(c.getMessage()).contains("a -> b -> a");
    });
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(status.latestRevision).isEqualTo(1);
  }

  @Test
  void aFamilyConflictNamesTheOwner() {
    TaskDefinitionStatus status = at(T0).compute(1, FamilyRevisions.of("web", List.of()),
        new FamilyTaken("web-a"), null);
    assertThat(condition(status, "Stalled").getReason()).isEqualTo("FamilyConflict");
    assertThat(condition(status, "Stalled").getMessage()).contains("'web'", "'web-a'");
    assertThat(status.revisions).isNull();
    assertThat(status.latestRevision).isNull();
  }

  @Test
  void aFailedReconcileIsReconcilingUntilARetrySucceeds() {
    TaskDefinitionStatus failed = at(T0).compute(1, Fixtures.revisions(owner, 1), new Failed("409 Conflict"), null);
    assertThat(condition(failed, "Reconciling")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("ReconcileError");
      assertThat(c.getMessage()).contains("409 Conflict");
    });
    assertThat(condition(failed, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(failed, "Stalled").getStatus()).isEqualTo("False");
  }

  @Test
  void transitionTimesMoveOnlyWhenAConditionFlips() {
    TaskDefinitionStatus registered = at(T0).compute(1, Fixtures.revisions(owner, 1), new Registered(), null);
    TaskDefinitionStatus again = at(T1).compute(2, Fixtures.revisions(owner, 2), new Registered(), registered);
    assertThat(condition(again, "Ready").getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(condition(again, "Ready").getObservedGeneration()).isEqualTo(2);

    TaskDefinitionStatus rejected = at(T1).compute(3, Fixtures.revisions(owner, 2),
        new Rejected(List.of(new ValidationIssue("spec", "bad"))), again);
    assertThat(condition(rejected, "Ready").getLastTransitionTime()).isEqualTo("2026-11-22T11:00:00Z");
    assertThat(condition(rejected, "Reconciling").getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
  }

  @Test
  void anEqualComputationChangesNothing() {
    TaskDefinitionStatus first = at(T0).compute(1, Fixtures.revisions(owner, 2), new Registered(), null);
    TaskDefinitionStatus second = at(T1).compute(1, Fixtures.revisions(owner, 2), new Registered(), first);
    assertThat(StatusComparison.unchanged(first, second)).isTrue();
    assertThat(StatusComparison.unchanged(null, second)).isFalse();
    TaskDefinitionStatus third = at(T1).compute(1, Fixtures.revisions(owner, 3), new Registered(), second);
    assertThat(StatusComparison.unchanged(second, third)).isFalse();
  }

  @Test
  void aStallIsNewWhenItStartsOrSaysSomethingElse() {
    TaskDefinitionStatus registered = at(T0).compute(1, Fixtures.revisions(owner, 1), new Registered(), null);
    TaskDefinitionStatus stalled = at(T0).compute(2, Fixtures.revisions(owner, 1),
        new Rejected(List.of(new ValidationIssue("spec", "bad"))), registered);
    TaskDefinitionStatus stillStalled = at(T1).compute(2, Fixtures.revisions(owner, 1),
        new Rejected(List.of(new ValidationIssue("spec", "bad"))), stalled);
    TaskDefinitionStatus otherwiseStalled = at(T1).compute(3, Fixtures.revisions(owner, 1),
        new Rejected(List.of(new ValidationIssue("spec", "worse"))), stillStalled);

    assertThat(TaskDefinitionStatusCalculator.newStall(registered, stalled)).isPresent();
    assertThat(TaskDefinitionStatusCalculator.newStall(stalled, stillStalled)).isEmpty();
    assertThat(TaskDefinitionStatusCalculator.newStall(stillStalled, otherwiseStalled)).isPresent();
    assertThat(TaskDefinitionStatusCalculator.newStall(stalled, registered)).isEmpty();
  }

  @Test
  void fieldReportsComeFromTheNewestRevisionWithoutTheSwitchedOffTaskRole() {
    TaskDefinitionSpec spec = Fixtures.spec("nginx:1");
    spec.taskRoleArn = "arn:aws:iam::123456789012:role/web";
    spec.enableFaultInjection = true;
    ControllerRevision revision = RevisionManifests.revision(owner, "web",
        RevisionManifests.frozenSpec(spec, "web"), 1, Fixtures.REGISTERED_AT);
    TaskDefinitionStatus status = at(T0).compute(1, FamilyRevisions.of("web", List.of(revision)), new Registered(),
        null);
    assertThat(status.fieldReports).extracting(r -> r.field).contains("enableFaultInjection")
        .doesNotContain("taskRoleArn");
    assertThat(status.fieldReports).extracting(r -> r.disposition).contains(FieldReport.Disposition.UNSUPPORTED);
  }

  private static TaskDefinitionStatusCalculator at(Instant now) {
    return new TaskDefinitionStatusCalculator("eu-west-1", "123456789012", Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Condition condition(TaskDefinitionStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
