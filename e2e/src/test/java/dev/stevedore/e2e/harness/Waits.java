package dev.stevedore.e2e.harness;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Every wait of the end-to-end tests, on Awaitility: poll a reading until a condition holds (or holds for a whole
 * window), bounded, and on failure say what was awaited and the last reading, or the last error reading it.
 */
public final class Waits {
  public static final Duration POLL = Duration.ofMillis(250);

  private Waits() {}

  /**
   * Reads until {@code condition} holds and returns that reading. A reading that throws counts as not yet; an
   * {@link AssertionError} thrown by {@code read} ends the wait at once (say, the process awaited has died).
   */
  public static <T> T until(String what, Duration timeout, Supplier<T> read, Predicate<? super T> condition,
      Function<? super T, String> describe) {
    Readings<T> readings = new Readings<>(read);
    try {
      return Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
          .until(readings::next, r -> r.ok() && condition.test(r.value())).value();
    } catch (ConditionTimeoutException e) {
      throw readings.failure("not within " + timeout + ": " + what, describe, e);
    }
  }

  /**
   * Reads for a whole {@code window} and fails as soon as {@code condition} does not hold: for what must not
   * happen (a steady operator writes nothing), checked all along instead of once after a sleep.
   */
  public static <T> void holdsFor(String what, Duration window, Supplier<T> read, Predicate<? super T> condition,
      Function<? super T, String> describe) {
    Readings<T> readings = new Readings<>(read);
    try {
      // A reading that breaks the condition restarts the window, which then cannot fit in atMost: it fails.
      Awaitility.await(what).during(window).atMost(window.plus(POLL.multipliedBy(4))).pollDelay(Duration.ZERO)
          .pollInterval(POLL).until(readings::next, r -> r.ok() && condition.test(r.value()));
    } catch (ConditionTimeoutException e) {
      throw readings.failure("did not hold for " + window + ": " + what, describe, e);
    }
  }

  /**
   * Reads until one whole {@code window} passes in which the reading never changes, within {@code atMost}: for a
   * steady state that Kubernetes itself may still disturb now and then (a controller's status bookkeeping, a node
   * heartbeat running late), where a writer that keeps writing never gives a quiet window and so fails. Each change
   * restarts the window and is reported to {@code onChange} (for the log).
   */
  public static <T> T quietFor(String what, Duration window, Duration atMost, Supplier<T> read,
      java.util.function.BiConsumer<T, T> onChange, Function<? super T, String> describe) {
    AtomicReference<T> windowStart = new AtomicReference<>(read.get());
    Readings<T> readings = new Readings<>(read);
    try {
      Awaitility.await(what).during(window).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL)
          .until(readings::next, r -> {
            if (!r.ok()) {
              return false;
            }
            T before = windowStart.get();
            if (!before.equals(r.value())) {
              windowStart.set(r.value());
              onChange.accept(before, r.value());
              return false;
            }
            return true;
          });
      return windowStart.get();
    } catch (ConditionTimeoutException e) {
      throw readings.failure("no quiet window of " + window + " within " + atMost + ": " + what, describe, e);
    }
  }

  /** Retries an action that fails until the cluster has caught up (an authorizer's cache, say), and returns it. */
  public static <T> T eventually(String what, Duration timeout, Supplier<T> action) {
    return until(what, timeout, action, result -> true, String::valueOf);
  }

  /** The readings of one wait: the last value and the last error, for the failure message. */
  private static final class Readings<T> {
    private final Supplier<T> read;
    private final AtomicReference<Reading<T>> last = new AtomicReference<>();
    private final AtomicReference<RuntimeException> lastError = new AtomicReference<>();

    Readings(Supplier<T> read) {
      this.read = read;
    }

    Reading<T> next() {
      try {
        Reading<T> reading = new Reading<>(read.get(), true);
        last.set(reading);
        lastError.set(null);
        return reading;
      } catch (RuntimeException e) {
        // A reading cut short when the time is up says nothing about the cluster: keep the last real one.
        if (!interrupted(e)) {
          lastError.set(e);
        }
        return new Reading<>(null, false);
      }
    }

    private static boolean interrupted(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InterruptedException || t instanceof InterruptedIOException) {
          return true;
        }
      }
      return Thread.currentThread().isInterrupted();
    }

    AssertionError failure(String message, Function<? super T, String> describe, ConditionTimeoutException timeout) {
      RuntimeException error = lastError.get();
      Reading<T> reading = last.get();
      String seen = error != null ? "the last reading failed: " + error
          : reading == null ? "nothing read" : describe.apply(reading.value());
      return new AssertionError(message + "; last seen:\n" + seen, error != null ? error : timeout);
    }
  }

  private record Reading<T>(T value, boolean ok) {}
}
