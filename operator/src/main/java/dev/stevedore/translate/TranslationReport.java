package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.FieldReport.Disposition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects, field by field, what a translation ignored, approximated or could not honour. */
public final class TranslationReport {
  private final Set<FieldReport> reports = new LinkedHashSet<>();

  public void ignored(String field, String reason) {
    reports.add(new FieldReport(field, Disposition.IGNORED, reason));
  }

  public void approximated(String field, String reason) {
    reports.add(new FieldReport(field, Disposition.APPROXIMATED, reason));
  }

  public void unsupported(String field, String reason) {
    reports.add(new FieldReport(field, Disposition.UNSUPPORTED, reason));
  }

  public void addAll(List<FieldReport> more) {
    reports.addAll(more);
  }

  /** Sorted by field path so that equal specs give byte-equal status. */
  public List<FieldReport> entries() {
    List<FieldReport> sorted = new ArrayList<>(reports);
    sorted.sort(Comparator.comparing((FieldReport r) -> r.field).thenComparing(r -> r.disposition));
    return List.copyOf(sorted);
  }

  public List<String> fields() {
    return entries().stream().map(r -> r.field).toList();
  }
}
