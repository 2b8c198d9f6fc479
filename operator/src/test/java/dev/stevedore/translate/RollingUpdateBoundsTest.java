package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ecs-semantics.md §5.1-5.3: ECS's bounds as Kubernetes integers. */
class RollingUpdateBoundsTest {

  @ParameterizedTest(name = "d={0} min={1} max={2} -> L={3} U={4}, maxUnavailable={5} maxSurge={6}, stuck={7}")
  @CsvSource({
      // d, min, max, L, U, maxUnavailable, maxSurge, stuck
      "1, 100, 200, 1, 2, 0, 1, false",
      "1, 0, 100, 0, 1, 1, 0, false",
      "1, 50, 100, 1, 1, 0, 0, true",
      "2, 75, 100, 2, 2, 0, 0, true",
      "2, 50, 200, 1, 4, 1, 2, false",
      "3, 50, 150, 2, 4, 1, 1, false",
      "3, 50, 125, 2, 3, 1, 0, false",
      "4, 50, 200, 2, 8, 2, 4, false",
      "4, 100, 200, 4, 8, 0, 4, false",
      "10, 100, 200, 10, 20, 0, 10, false",
      "10, 75, 150, 8, 15, 2, 5, false",
      "3, 100, 150, 3, 4, 0, 1, false",
      "7, 33, 133, 3, 9, 4, 2, false",
  })
  void replicaBoundsFollowEcsRounding(int d, int min, int max, int lower, int upper, int maxUnavailable,
      int maxSurge, boolean stuck) {
    RollingUpdateBounds bounds = RollingUpdateBounds.replica(d, min, max);
    assertThat(bounds.lowerBound()).as("ceil(d*min/100)").isEqualTo(lower);
    assertThat(bounds.upperBound()).as("floor(d*max/100)").isEqualTo(upper);
    assertThat(bounds.maxUnavailable()).isEqualTo(maxUnavailable);
    assertThat(bounds.maxSurge()).isEqualTo(maxSurge);
    assertThat(bounds.stuck()).isEqualTo(stuck);
  }

  @ParameterizedTest(name = "d=0 min={0} max={1}: nothing to roll, never 0/0")
  @CsvSource({"100, 200", "50, 100", "0, 100", "75, 100"})
  void zeroDesiredIsNeitherStuckNorInvalid(int min, int max) {
    RollingUpdateBounds bounds = RollingUpdateBounds.replica(0, min, max);
    assertThat(bounds.stuck()).isFalse();
    assertThat(bounds.maxSurge() + bounds.maxUnavailable()).as("Kubernetes rejects 0/0").isPositive();
  }

  @ParameterizedTest(name = "nodes={0} min={1} -> maxUnavailable={2}, stuck={3}")
  @CsvSource({
      // n, min, maxUnavailable, stuck
      "6, 0, 6, false",
      "6, 50, 3, false",
      "5, 50, 2, false",
      "3, 34, 1, false",
      "6, 100, 0, true",
      "1, 50, 0, true",
      "1, 0, 1, false",
      "10, 90, 1, false",
  })
  void daemonBoundsUseTheNodeCountWithoutSurge(int nodes, int min, int maxUnavailable, boolean stuck) {
    RollingUpdateBounds bounds = RollingUpdateBounds.daemon(nodes, min);
    assertThat(bounds.maxSurge()).isZero();
    assertThat(bounds.maxUnavailable()).isEqualTo(maxUnavailable);
    assertThat(bounds.stuck()).isEqualTo(stuck);
  }

  @ParameterizedTest(name = "a percentage maxSurge would round {0}*{1}% up; the integer rounds down")
  @CsvSource({"3, 150, 1", "5, 130, 1", "7, 110, 0"})
  void integersAreNeededBecauseKubernetesRoundsSurgeUp(int d, int max, int surge) {
    assertThat(RollingUpdateBounds.replica(d, 100, max).maxSurge()).isEqualTo(surge);
    int kubernetesPercentRounding = (int) Math.ceil(d * (max - 100) / 100.0);
    assertThat(kubernetesPercentRounding).isGreaterThan(surge);
  }
}
