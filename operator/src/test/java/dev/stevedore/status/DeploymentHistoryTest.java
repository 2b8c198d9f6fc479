package dev.stevedore.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ServiceDeployment;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status.deployments: PRIMARY, ACTIVE, recently INACTIVE, each most recently PRIMARY first. */
class DeploymentHistoryTest {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  @Test
  void activeDeploymentsKeepTheOrderOfTheLastStatusSoThePreviousPrimaryComesFirst() {
    List<ServiceDeployment> before = List.of(d("c", "PRIMARY", "COMPLETED", 4), d("b", "ACTIVE", "COMPLETED", 1),
        d("a", "ACTIVE", "COMPLETED", 1));
    List<ServiceDeployment> merged = DeploymentHistory.merge(before,
        List.of(d("d", "PRIMARY", "IN_PROGRESS", 1), d("a", "ACTIVE", "COMPLETED", 1), d("c", "ACTIVE", "COMPLETED", 3),
            d("b", "ACTIVE", "COMPLETED", 1), d("new", "ACTIVE", "IN_PROGRESS", 1)), null, NOW);
    assertThat(merged).extracting(x -> x.id).containsExactly("d", "c", "b", "a", "new");
  }

  @Test
  void duringARolloutADeploymentWithoutTasksStaysListedAsInactive() {
    ServiceDeployment old = d("a", "ACTIVE", "COMPLETED", 2);
    old.updatedAt = "2026-11-22T11:00:00Z";
    List<ServiceDeployment> merged = DeploymentHistory.merge(List.of(d("b", "PRIMARY", "IN_PROGRESS", 2), old),
        List.of(d("b", "PRIMARY", "IN_PROGRESS", 4)), null, NOW);
    assertThat(merged).extracting(x -> x.id + " " + x.status).containsExactly("b PRIMARY", "a INACTIVE");
    ServiceDeployment inactive = merged.get(1);
    assertThat(inactive.runningCount).isZero();
    assertThat(inactive.desiredCount).isZero();
    assertThat(inactive.rolloutState).isEqualTo("COMPLETED");
    assertThat(inactive.updatedAt).isEqualTo(NOW.toString());
    assertThat(old.status).as("the previous status is not changed").isEqualTo("ACTIVE");

    // Later: an INACTIVE entry is carried as it is.
    List<ServiceDeployment> later = DeploymentHistory.merge(merged, List.of(d("b", "PRIMARY", "IN_PROGRESS", 4)),
        null, NOW.plusSeconds(60));
    assertThat(later.get(1).updatedAt).isEqualTo(NOW.toString());
  }

  @Test
  void onceThePrimaryCompletesOnlyTheDeploymentARollbackHoldsStaysListed() {
    List<ServiceDeployment> before = List.of(d("b", "PRIMARY", "IN_PROGRESS", 4), d("failed", "INACTIVE", "FAILED", 0),
        d("a", "INACTIVE", "COMPLETED", 0));
    assertThat(DeploymentHistory.merge(before, List.of(d("b", "PRIMARY", "COMPLETED", 4)), null, NOW))
        .extracting(x -> x.id).containsExactly("b");
    assertThat(DeploymentHistory.merge(before, List.of(d("b", "PRIMARY", "COMPLETED", 4)), "failed", NOW))
        .extracting(x -> x.id).containsExactly("b", "failed");
  }

  @Test
  void atMostFiveInactiveDeploymentsAreListed() {
    List<ServiceDeployment> before = List.of(d("p", "PRIMARY", "IN_PROGRESS", 1), d("1", "INACTIVE", "COMPLETED", 0),
        d("2", "INACTIVE", "COMPLETED", 0), d("3", "INACTIVE", "COMPLETED", 0), d("4", "INACTIVE", "COMPLETED", 0),
        d("5", "INACTIVE", "COMPLETED", 0), d("6", "INACTIVE", "COMPLETED", 0));
    assertThat(DeploymentHistory.merge(before, List.of(d("p", "PRIMARY", "IN_PROGRESS", 1)), null, NOW))
        .extracting(x -> x.id).containsExactly("p", "1", "2", "3", "4", "5");
  }

  @Test
  void theLastCompletedDeploymentIsTheFirstCompletedOneInOrderOtherThanTheFailedOne() {
    List<ServiceDeployment> list = List.of(d("new", "PRIMARY", "IN_PROGRESS", 1), d("failed", "ACTIVE", "FAILED", 1),
        d("good", "INACTIVE", "COMPLETED", 0), d("older", "INACTIVE", "COMPLETED", 0));
    assertThat(DeploymentHistory.lastCompleted(list, "new")).map(x -> x.id).contains("good");
    assertThat(DeploymentHistory.lastCompleted(List.of(d("x", "PRIMARY", "COMPLETED", 1)), "x")).isEmpty();
    assertThat(DeploymentHistory.lastCompleted(null, "x")).isEmpty();
  }

  static ServiceDeployment d(String id, String status, String rolloutState, int running) {
    ServiceDeployment d = new ServiceDeployment();
    d.id = id;
    d.status = status;
    d.rolloutState = rolloutState;
    d.taskDefinition = "arn:aws:ecs:us-east-1:1:task-definition/web:" + id;
    d.runningCount = running;
    d.pendingCount = 0;
    d.desiredCount = running;
    d.updatedAt = "2026-11-22T10:00:00Z";
    return d;
  }
}
