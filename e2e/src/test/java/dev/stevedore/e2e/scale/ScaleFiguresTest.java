package dev.stevedore.e2e.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stevedore.e2e.harness.Metrics;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the scale benchmark's figures, without a cluster. */
class ScaleFiguresTest {

  @Test
  void quantilesInterpolateWithinTheBucketAsPrometheusDoes() {
    // 100 reconciles: 50 up to 10 ms, 40 more up to 20 ms, 9 more up to 100 ms, 1 slower than the last bound.
    TreeMap<Double, Double> buckets = new TreeMap<>(Map.of(0.01, 50.0, 0.02, 90.0, 0.1, 99.0,
        Double.POSITIVE_INFINITY, 100.0));

    assertThat(OperatorReading.quantile(buckets, 0.5)).isCloseTo(0.01, within(1e-9));
    assertThat(OperatorReading.quantile(buckets, 0.7)).isCloseTo(0.015, within(1e-9));
    assertThat(OperatorReading.quantile(buckets, 0.99)).isCloseTo(0.1, within(1e-9));
    assertThat(OperatorReading.quantile(buckets, 0.995)).as("in +Inf: the highest finite bound").isEqualTo(0.1);
  }

  @Test
  void aSpanIsTheDifferenceOfTwoReadings() {
    OperatorReading before = new OperatorReading(10, Map.of(),
        Map.of("create events", 3.0, "patch deployments", 1.0), 5, 0, new TreeMap<>(Map.of(0.01, 40.0, 0.1, 50.0,
        Double.POSITIVE_INFINITY, 50.0)), Map.of(), Map.of(), 1);
    OperatorReading after = new OperatorReading(20, Map.of(), Map.of("create events", 7.0, "patch deployments", 1.0,
        "get configmaps", 2.0), 9, 0, new TreeMap<>(Map.of(0.01, 40.0, 0.1, 60.0,
        Double.POSITIVE_INFINITY, 60.0)), Map.of(), Map.of(), 2);

    // The 10 reconciles in between all took 10 to 100 ms: their median is the middle of that bucket.
    assertThat(after.reconcileQuantileMs(before, 0.5)).isCloseTo(55.0, within(1e-9));
    assertThat(after.requestsByResourceSince(before)).as("series with no request in between left out")
        .isEqualTo(Map.of("create events", 4.0, "get configmaps", 2.0));
  }

  @Test
  void capacityIsBoundByPodsCpuOrMemoryAndTheNodeSelector() {
    PodSpec pod = new PodSpecBuilder().addNewContainer().withName("app").withNewResources()
        .addToRequests("cpu", new Quantity("500m")).addToRequests("memory", new Quantity("128Mi")).endResources()
        .endContainer().build();
    Node cpuBound = node("a", "4", "64Gi", "110", "on-demand");
    Node podBound = node("b", "64", "64Gi", "10", "spot");
    Node memoryBound = node("c", "64", "1Gi", "110", "on-demand");

    assertThat(ClusterCapacity.podsThatFit(List.of(cpuBound, podBound, memoryBound), pod)).isEqualTo(8 + 10 + 8);

    pod.setNodeSelector(Map.of("stevedore.dev/pool", "spot"));
    assertThat(ClusterCapacity.podsThatFit(List.of(cpuBound, podBound, memoryBound), pod)).isEqualTo(10);
  }

  @Test
  void plotAxesEndAtRoundNumbers() {
    assertThat(SvgPlot.niceCeiling(20.3)).isEqualTo(25);
    assertThat(SvgPlot.niceCeiling(30)).isEqualTo(50);
    assertThat(SvgPlot.niceCeiling(1000)).isEqualTo(1000);
    assertThat(SvgPlot.niceCeiling(1001)).isEqualTo(2000);
  }

  private static Node node(String name, String cpu, String memory, String pods, String pool) {
    return new NodeBuilder().withNewMetadata().withName(name).addToLabels("stevedore.dev/pool", pool).endMetadata()
        .withNewStatus().addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity(memory))
        .addToAllocatable("pods", new Quantity(pods)).endStatus().build();
  }

  @Test
  void requestsAreSummedPerVerbAndResource() {
    String text = """
        # TYPE stevedore_api_requests_total counter
        stevedore_api_requests_total{resource="events",verb="create",} 12.0
        stevedore_api_requests_total{resource="ecsservices/status",verb="patch",} 5.0
        stevedore_api_requests_total{resource="deployments",verb="patch",} 2.0
        stevedore_writes_total{kind="Deployment",} 2.0
        """;

    assertThat(Metrics.sumBy(text, "stevedore_api_requests_total", List.of("verb", "resource")))
        .isEqualTo(Map.of("create events", 12.0, "patch ecsservices/status", 5.0, "patch deployments", 2.0));
  }
}
