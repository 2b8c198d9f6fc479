package dev.stevedore.status;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Whether a newly computed status would change anything: the one test every controller uses to write nothing. */
public final class StatusComparison {
  private StatusComparison() {}

  /** True when writing {@code next} over {@code previous} would change nothing. */
  public static boolean unchanged(Object previous, Object next) {
    // Compared as JSON: the API types are plain data holders without equals.
    return previous != null && Serialization.asJson(previous).equals(Serialization.asJson(next));
  }
}
