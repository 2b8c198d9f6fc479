package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ecs-semantics.md §2.5: CPU units and memory in every form ECS accepts. */
class UnitsTest {

  @ParameterizedTest(name = "cpu \"{0}\" = {1} units")
  @CsvSource(delimiter = '|', value = {
      "256|256", "1024|1024", "1 vCPU|1024", "1 vcpu|1024", "0.25 vCPU|256", ".5 vcpu|512",
      "2vCPU|2048", " 4096 |4096", "16 vCPU|16384"})
  void cpuText(String text, int units) {
    assertThat(Units.cpuUnits(new IntOrString(text))).contains(units);
  }

  @ParameterizedTest(name = "memory \"{0}\" = {1} MiB")
  @CsvSource(delimiter = '|', value = {"512|512", "2048|2048", "2 GB|2048", "2gb|2048", "0.5 GB|512", "30GB|30720"})
  void memoryText(String text, int mib) {
    assertThat(Units.memoryMiB(new IntOrString(text))).contains(mib);
  }

  @Test
  void integersAndUnreadableText() {
    assertThat(Units.cpuUnits(new IntOrString(512))).contains(512);
    assertThat(Units.memoryMiB(new IntOrString(1024))).contains(1024);
    assertThat(Units.cpuUnits(new IntOrString("two cpus"))).isEmpty();
    assertThat(Units.memoryMiB(new IntOrString("{{memory}}"))).isEmpty();
    assertThat(Units.cpuUnits(null)).isEmpty();
  }

  @ParameterizedTest(name = "{0} CPU units = {1}")
  @CsvSource({"1024, 1000m", "256, 250m", "512, 500m", "128, 125m", "100, 98m", "10, 10m", "2048, 2000m", "1, 1m"})
  void oneThousandTwentyFourUnitsAreOneCpuNotOneThousandTwentyFourMillicores(int units, String quantity) {
    assertThat(Units.cpuQuantity(units).toString()).isEqualTo(quantity);
  }
}
