package dev.stevedore.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsClusterStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of two EcsClusters with one clusterName is the cluster, and how the other one reads. */
class ClusterNameConflictTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-06T07:00:00Z"), ZoneOffset.UTC);

  @Test
  void theOldestHoldsTheNameAndTiesGoToTheFirstName() {
    EcsCluster a = cluster("a", "prod", "2026-12-06T06:00:00Z");
    EcsCluster b = cluster("b", "prod", "2026-12-06T06:00:05Z");
    EcsCluster c = cluster("c", "prod", "2026-12-06T06:00:05Z");
    EcsCluster other = cluster("z", "staging", "2026-12-06T05:00:00Z");
    List<EcsCluster> all = List.of(c, other, b, a);

    assertThat(ClusterNameConflict.holder(a, all)).isEmpty();
    assertThat(ClusterNameConflict.holder(b, all)).containsSame(a);
    assertThat(ClusterNameConflict.holder(c, List.of(c, b))).containsSame(b);
    assertThat(ClusterNameConflict.holder(b, List.of(c, b))).isEmpty();
    assertThat(ClusterNameConflict.holder(other, all)).isEmpty();
  }

  @Test
  void metadataNameCountsWhenClusterNameIsAbsentAndADeletedHolderDoesNot() {
    EcsCluster named = cluster("prod", null, "2026-12-06T06:00:00Z");
    EcsCluster copy = cluster("prod-copy", "prod", "2026-12-06T06:10:00Z");

    assertThat(ClusterNameConflict.holder(copy, List.of(named, copy))).containsSame(named);

    named.getMetadata().setDeletionTimestamp("2026-12-06T06:20:00Z");
    assertThat(ClusterNameConflict.holder(copy, List.of(named, copy))).isEmpty();
  }

  @Test
  void theYoungerIsStalledOnceWithEcsWording() {
    EcsCluster holder = cluster("prod", "prod", "2026-12-06T06:00:00Z");

    EcsClusterStatus first = ClusterNameConflict.stalled(1, null, "prod", holder, NOW);
    EcsClusterStatus again = ClusterNameConflict.stalled(1, first, "prod", holder, NOW);

    assertThat(first.conditions).extracting(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason())
        .containsExactly("Ready=False ClusterAlreadyExists", "Reconciling=False ClusterAlreadyExists",
            "Stalled=True ClusterAlreadyExists");
    assertThat(first.conditions.get(2).getMessage()).startsWith("Cluster prod already exists");
    assertThat(ClusterNameConflict.newlyStalled(null, first)).isTrue();
    assertThat(ClusterNameConflict.newlyStalled(first, again)).isFalse();
  }

  private static EcsCluster cluster(String name, String clusterName, String created) {
    EcsCluster cluster = new EcsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").withCreationTimestamp(created)
        .build());
    cluster.setSpec(new EcsClusterSpec());
    cluster.getSpec().clusterName = clusterName;
    return cluster;
  }
}
