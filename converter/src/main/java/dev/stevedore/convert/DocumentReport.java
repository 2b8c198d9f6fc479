package dev.stevedore.convert;

import dev.stevedore.api.v1alpha1.FieldReport;
import java.util.ArrayList;
import java.util.List;

/**
 * What the report says about one converted resource: where it came from, the fields the translation does not
 * honour exactly (the operator's own field reports), the references nothing resolved, and the notes of reading and
 * linking it.
 */
final class DocumentReport {
  final EcsDocument.Source source;
  final String resource;
  final List<FieldReport> fields = new ArrayList<>();
  final List<RequiredValues.Settled> unresolved = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  DocumentReport(EcsDocument document) {
    this.source = document.source();
    this.resource = document.title();
    this.unresolved.addAll(document.reading().unresolved());
    this.notes.addAll(document.reading().notes());
  }

  void addFields(List<FieldReport> reports) {
    reports.stream().filter(r -> !fields.contains(r)).forEach(fields::add);
  }
}
