package dev.stevedore.translate.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.translate.CapacityProviderSplit;
import dev.stevedore.translate.RollingUpdateBounds;
import dev.stevedore.translate.placement.SharedRollout.Allocation;
import dev.stevedore.translate.placement.SharedRollout.Share;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedRolloutTest {
  static final Allocation HELD = new Allocation(0, 1, true);
  static final Allocation IDLE = new Allocation(1, 0, false);

  @Test
  void oneTaskAtATimeForTheServiceWhereEachShareAloneWouldBeStuck() {
    // d=10, min 90, max 110: L=9, U=11. Shares 4 and 6 alone: L=4,U=4 and L=6,U=6, both 0/0.
    assertThat(RollingUpdateBounds.replica(4, 90, 110).stuck()).isTrue();
    assertThat(RollingUpdateBounds.replica(6, 90, 110).stuck()).isTrue();
    List<Allocation> a = SharedRollout.allocate(RollingUpdateBounds.replica(10, 90, 110),
        List.of(new Share(4, true, false), new Share(6, true, false)));
    assertThat(a).containsExactly(new Allocation(1, 0, false), new Allocation(0, 1, false));
  }

  @Test
  void surgeIsSharedInProportionToTheSplit() {
    List<Allocation> a = SharedRollout.allocate(RollingUpdateBounds.replica(10, 100, 200),
        List.of(new Share(4, true, false), new Share(6, true, false)));
    assertThat(a).containsExactly(new Allocation(4, 0, false), new Allocation(6, 0, false));
    List<Allocation> b = SharedRollout.allocate(RollingUpdateBounds.replica(10, 50, 100),
        List.of(new Share(4, true, false), new Share(6, true, false)));
    assertThat(b).containsExactly(new Allocation(0, 2, false), new Allocation(0, 3, false));
  }

  @Test
  void aProviderWithoutBudgetIsHeldUntilAnotherFinishes() {
    RollingUpdateBounds service = RollingUpdateBounds.replica(3, 100, 134); // L=3, U=4: one surge task
    assertThat(SharedRollout.allocate(service, List.of(new Share(1, true, false), new Share(2, true, false))))
        .containsExactly(new Allocation(1, 0, false), HELD);
    // the first finished: its unit moves to the second, which is released
    assertThat(SharedRollout.allocate(service, List.of(new Share(1, false, false), new Share(2, true, false))))
        .containsExactly(IDLE, new Allocation(1, 0, false));
  }

  @Test
  void aRolloutInFlightKeepsItsBudget() {
    RollingUpdateBounds service = RollingUpdateBounds.replica(3, 100, 134);
    // the second is progressing (released earlier), the first just became rolling again: the second keeps the unit
    assertThat(SharedRollout.allocate(service, List.of(new Share(1, true, false), new Share(2, true, true))))
        .containsExactly(HELD, new Allocation(1, 0, false));
  }

  @Test
  void steadyStateUsesTheNumbersARolloutStartsWithAndHoldsNothing() {
    RollingUpdateBounds service = RollingUpdateBounds.replica(3, 100, 134);
    assertThat(SharedRollout.allocate(service, List.of(new Share(1, false, false), new Share(2, false, false))))
        .containsExactly(new Allocation(1, 0, false), IDLE);
    assertThat(SharedRollout.allocate(RollingUpdateBounds.replica(10, 90, 110),
        List.of(new Share(4, false, false), new Share(6, false, false))))
        .containsExactly(new Allocation(1, 0, false), new Allocation(0, 1, false));
  }

  @Test
  void aBudgetWithAUnitForEveryProviderDoesNotMoveWhileTasksStartAndStop() {
    RollingUpdateBounds service = RollingUpdateBounds.replica(14, 100, 200);
    List<Allocation> steady = SharedRollout.allocate(service, List.of(new Share(5, false, false), new Share(9, false, false)));
    assertThat(steady).containsExactly(new Allocation(5, 0, false), new Allocation(9, 0, false));
    for (boolean a : new boolean[] {false, true}) {
      for (boolean b : new boolean[] {false, true}) {
        assertThat(SharedRollout.allocate(service, List.of(new Share(5, a, a), new Share(9, b, false))))
            .as("rolling %s/%s", a, b).isEqualTo(steady);
      }
    }
  }

  @Test
  void stuckServicesPauseEveryProvider() {
    assertThat(SharedRollout.allocate(RollingUpdateBounds.replica(2, 75, 100),
        List.of(new Share(1, true, false), new Share(1, true, false)))).containsExactly(HELD, HELD);
  }

  @Test
  void providersWithoutTasksNeverHoldBudget() {
    assertThat(SharedRollout.allocate(RollingUpdateBounds.replica(2, 100, 150),
        List.of(new Share(0, true, false), new Share(2, true, false))))
        .containsExactly(IDLE, new Allocation(1, 0, false));
    assertThat(SharedRollout.allocate(RollingUpdateBounds.replica(0, 100, 200),
        List.of(new Share(0, true, false), new Share(0, false, false)))).containsExactly(IDLE, IDLE);
  }

  /** Over many services: the rolling Deployments never get more than the service's budget, and one can move. */
  @Test
  void theBudgetOfTheRollingDeploymentsNeverExceedsTheServices() {
    int[][] percents = {{100, 200}, {50, 200}, {90, 110}, {0, 100}, {100, 101}, {75, 125}, {50, 150}, {34, 100}};
    List<String> strategies = List.of("A:2:1,B::3", "A::1,B::1,C::1", "A::1,B::4", "A:1:0,B::1,C::5");
    for (String strategy : strategies) {
      var items = Fixtures.strategy(strategy);
      for (int d = 0; d <= 40; d++) {
        Map<String, Integer> split = CapacityProviderSplit.split(d, items);
        for (int[] p : percents) {
          RollingUpdateBounds service = RollingUpdateBounds.replica(d, p[0], p[1]);
          for (int rollingMask = 0; rollingMask < 1 << items.size(); rollingMask++) {
            List<Share> shares = new ArrayList<>();
            int i = 0;
            for (int r : split.values()) {
              shares.add(new Share(r, (rollingMask & (1 << i++)) != 0, false));
            }
            List<Allocation> a = SharedRollout.allocate(service, shares);
            int surge = 0;
            int unavailable = 0;
            boolean anyMoves = false;
            boolean anyRolling = false;
            for (int j = 0; j < shares.size(); j++) {
              Share s = shares.get(j);
              Allocation x = a.get(j);
              assertThat(x.maxSurge() + x.maxUnavailable()).as("never 0/0").isPositive();
              if (s.rolling() && s.replicas() > 0) {
                anyRolling = true;
                if (!x.hold()) {
                  surge += x.maxSurge();
                  unavailable += x.maxUnavailable();
                  anyMoves = true;
                  assertThat(x.maxSurge()).isLessThanOrEqualTo(s.replicas());
                  assertThat(x.maxUnavailable()).isLessThanOrEqualTo(s.replicas());
                }
              }
            }
            String what = strategy + " d=" + d + " " + p[0] + "/" + p[1] + " rolling=" + rollingMask;
            assertThat(surge).as(what).isLessThanOrEqualTo(service.stuck() ? 0 : service.maxSurge());
            assertThat(unavailable).as(what).isLessThanOrEqualTo(service.stuck() ? 0 : service.maxUnavailable());
            if (anyRolling && !service.stuck()) {
              assertThat(anyMoves).as(what + ": a rollout always moves").isTrue();
            }
          }
        }
      }
    }
  }

  @Test
  void rollingMeansANewTemplateOrAnUnfinishedRollout() {
    Deployment desired = deployment("new", 4, false, 2L, null);
    assertThat(SharedRollout.rolling(desired, null)).as("created, not rolled").isFalse();
    assertThat(SharedRollout.rolling(desired, deployment("old", 4, false, 1L, status(1L, 4, 4, 4)))).isTrue();
    assertThat(SharedRollout.rolling(desired, deployment("new", 4, false, 1L, status(1L, 4, 4, 4)))).isFalse();
    assertThat(SharedRollout.rolling(desired, deployment("new", 4, false, 2L, status(1L, 4, 4, 4))))
        .as("not observed yet").isTrue();
    assertThat(SharedRollout.rolling(desired, deployment("new", 4, false, 2L, status(2L, 5, 2, 4))))
        .as("old pods left").isTrue();
    assertThat(SharedRollout.rolling(desired, deployment("new", 4, false, 2L, status(2L, 4, 4, 3))))
        .as("a new pod not available yet").isTrue();
    assertThat(SharedRollout.progressing(desired, deployment("new", 4, false, 2L, status(2L, 5, 2, 4)))).isTrue();
    assertThat(SharedRollout.progressing(desired, deployment("new", 4, true, 2L, status(2L, 4, 0, 4))))
        .as("held").isFalse();
    assertThat(SharedRollout.progressing(desired, deployment("old", 4, false, 2L, status(2L, 5, 2, 4)))).isFalse();
  }

  static Deployment deployment(String hash, int replicas, boolean paused, Long generation,
      io.fabric8.kubernetes.api.model.apps.DeploymentStatus status) {
    return new DeploymentBuilder().withNewMetadata().withName("d").withGeneration(generation)
        .addToAnnotations(SharedRollout.TEMPLATE_HASH_ANNOTATION, hash).endMetadata()
        .withNewSpec().withReplicas(replicas).withPaused(paused ? true : null).endSpec()
        .withStatus(status).build();
  }

  static io.fabric8.kubernetes.api.model.apps.DeploymentStatus status(long observed, int replicas, int updated,
      int available) {
    var s = new io.fabric8.kubernetes.api.model.apps.DeploymentStatus();
    s.setObservedGeneration(observed);
    s.setReplicas(replicas);
    s.setUpdatedReplicas(updated);
    s.setAvailableReplicas(available);
    return s;
  }
}
