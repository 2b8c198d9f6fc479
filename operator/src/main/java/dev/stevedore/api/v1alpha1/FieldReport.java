package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One ECS field that Stevedore does not honour exactly, and why. Nothing is dropped silently. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FieldReport {
  /** How a field was treated. */
  public enum Disposition {
    /** Read-only or informational: accepted and ignored (e.g. taskDefinitionArn of an export). */
    IGNORED,
    /** Translated into the closest Kubernetes construct, with a documented difference. */
    APPROXIMATED,
    /** No Kubernetes equivalent: kept in the resource, not acted on. */
    UNSUPPORTED
  }

  @JsonPropertyDescription("Path of the field in the spec, e.g. containerDefinitions[0].ulimits.")
  public String field;

  @JsonPropertyDescription("IGNORED, APPROXIMATED or UNSUPPORTED.")
  public Disposition disposition;

  @JsonPropertyDescription("Why, and what Stevedore does instead.")
  public String reason;

  public FieldReport() {}

  public FieldReport(String field, Disposition disposition, String reason) {
    this.field = field;
    this.disposition = disposition;
    this.reason = reason;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldReport other
        && Objects.equals(field, other.field)
        && disposition == other.disposition
        && Objects.equals(reason, other.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, disposition, reason);
  }

  @Override
  public String toString() {
    return field + " " + disposition + ": " + reason;
  }
}
