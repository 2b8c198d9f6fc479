package dev.stevedore.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The waits every end-to-end test relies on: they return what satisfied them, and fail saying what they saw. */
class WaitsTest {
  private static final Duration SHORT = Duration.ofSeconds(2);

  @Test
  void untilReturnsTheFirstReadingThatSatisfiesTheCondition() {
    AtomicInteger reads = new AtomicInteger();

    int reading = Waits.until("the third reading", SHORT, reads::incrementAndGet, n -> n >= 3, String::valueOf);

    assertThat(reading).isEqualTo(3);
  }

  @Test
  void untilFailsWithWhatWasAwaitedAndTheLastReading() {
    assertThatThrownBy(() -> Waits.until("a seven", Duration.ofMillis(600), () -> 6, n -> n == 7, n -> "read " + n))
        .isInstanceOf(AssertionError.class).hasMessageContaining("a seven").hasMessageContaining("read 6");
  }

  @Test
  void aReadingThatThrowsIsRetriedAndReportedWhenItNeverSucceeds() {
    AtomicInteger reads = new AtomicInteger();
    assertThat(Waits.eventually("the second try", SHORT, () -> {
      if (reads.incrementAndGet() < 2) {
        throw new IllegalStateException("not yet");
      }
      return "done";
    })).isEqualTo("done");

    assertThatThrownBy(() -> Waits.eventually("an answer", Duration.ofMillis(600), () -> {
      throw new IllegalStateException("the server said no");
    })).isInstanceOf(AssertionError.class).hasMessageContaining("the server said no");
  }

  @Test
  void anAssertionErrorWhileReadingEndsTheWaitAtOnce() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> Waits.until("a live process", Duration.ofSeconds(30), () -> {
      throw new AssertionError("the process died");
    }, x -> true, String::valueOf)).isInstanceOf(AssertionError.class).hasMessage("the process died");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void holdsForPassesWhenTheConditionHoldsAllAlong() {
    Waits.holdsFor("a constant", Duration.ofMillis(800), () -> 1, n -> n == 1, String::valueOf);
  }

  @Test
  void holdsForFailsWhenTheConditionBreaksWithinTheWindow() {
    AtomicInteger reads = new AtomicInteger();
    assertThatThrownBy(() -> Waits.holdsFor("nothing changes", Duration.ofSeconds(1), reads::incrementAndGet,
        n -> n < 3, n -> "read " + n))
        .isInstanceOf(AssertionError.class).hasMessageContaining("nothing changes");
  }
}
