package dev.stevedore.translate;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ECS CPU units and memory sizes, in every form ECS accepts, and their Kubernetes quantities. */
public final class Units {
  private static final Pattern CPU = Pattern.compile("\\s*(?:(\\d+)|(\\d*\\.?\\d+)\\s*vcpu)\\s*");
  private static final Pattern MEMORY = Pattern.compile("\\s*(?:(\\d+)|(\\d*\\.?\\d+)\\s*gb)\\s*");
  private static final BigDecimal UNITS_PER_VCPU = BigDecimal.valueOf(1024);

  private Units() {}

  /** CPU units from 1024, "1024", "1 vCPU" or "0.25 vcpu"; empty when the text is none of these or beyond an int. */
  public static Optional<Integer> cpuUnits(IntOrString value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.getIntVal() != null) {
      return Optional.of(value.getIntVal());
    }
    Matcher m = CPU.matcher(value.getStrVal().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(m.group(1) != null ? Integer.parseInt(m.group(1))
          : new BigDecimal(m.group(2)).multiply(UNITS_PER_VCPU).setScale(0, RoundingMode.HALF_UP).intValueExact());
    } catch (NumberFormatException | ArithmeticException beyondInt) {
      return Optional.empty();
    }
  }

  /** MiB from 2048, "2048", "2 GB" or "0.5gb"; empty when the text is none of these or beyond an int. */
  public static Optional<Integer> memoryMiB(IntOrString value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.getIntVal() != null) {
      return Optional.of(value.getIntVal());
    }
    Matcher m = MEMORY.matcher(value.getStrVal().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(m.group(1) != null ? Integer.parseInt(m.group(1))
          : new BigDecimal(m.group(2)).multiply(BigDecimal.valueOf(1024)).setScale(0, RoundingMode.HALF_UP).intValueExact());
    } catch (NumberFormatException | ArithmeticException beyondInt) {
      return Optional.empty();
    }
  }

  /** 1024 units are one CPU: 1000m, not 1024m. 256 -> 250m; rounds half up to whole millicores. */
  public static Quantity cpuQuantity(int units) {
    long millis = BigDecimal.valueOf(units).multiply(BigDecimal.valueOf(1000))
        .divide(UNITS_PER_VCPU, 0, RoundingMode.HALF_UP).longValueExact();
    return new Quantity(millis + "m");
  }

  /**
   * Rounded down instead: the containers' requests of a task with a cpu cap, whose sum must stay within the cap
   * (two containers of 64 units are 62.5m each; rounded up they would ask 126m of a 125m task).
   */
  public static Quantity cpuQuantityWithinCap(int units) {
    long millis = BigDecimal.valueOf(units).multiply(BigDecimal.valueOf(1000))
        .divide(UNITS_PER_VCPU, 0, RoundingMode.FLOOR).longValueExact();
    return new Quantity(millis + "m");
  }

  public static Quantity mebibytes(int mib) {
    return new Quantity(mib + "Mi");
  }

  public static Quantity gibibytes(int gib) {
    return new Quantity(gib + "Gi");
  }
}
