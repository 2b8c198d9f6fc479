package dev.stevedore.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stevedore.api.v1alpha1.FieldReport;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of a conversion, per file: the documents that failed and why, and for every converted resource the
 * fields that are not honoured exactly, the references nothing resolved and what was dropped in reading it. As a
 * table for people (stderr) or as JSON for tools ({@code --report json}).
 */
final class ReportPrinter {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ReportPrinter() {}

  static void table(Conversion.Outcome outcome, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    for (DocumentReport report : outcome.reports()) {
      String file = report.source.display();
      for (FieldReport field : report.fields) {
        rows.add(new String[] {file, report.resource, field.field, field.disposition.name(), field.reason});
      }
      for (RequiredValues.Settled settled : report.unresolved) {
        rows.add(new String[] {file, report.resource, settled.path(), "UNRESOLVED", settled.toString()
            .substring(settled.path().length() + 2)});
      }
      for (String note : report.notes) {
        String status = status(note);
        if (status != null) {
          int colon = note.indexOf(": ");
          boolean pathFirst = colon > 0 && !note.substring(0, colon).contains(" ");
          rows.add(new String[] {file, report.resource, pathFirst ? note.substring(0, colon) : "", status,
              pathFirst ? note.substring(colon + 2) : note});
        }
      }
    }
    if (!rows.isEmpty()) {
      String[] header = {"FILE", "RESOURCE", "FIELD", "STATUS", "WHY"};
      int[] widths = new int[4];
      for (String[] row : rows) {
        for (int i = 0; i < 4; i++) {
          widths[i] = Math.max(widths[i], Math.max(header[i].length(), row[i].length()));
        }
      }
      out.println(row(header, widths));
      rows.forEach(r -> out.println(row(r, widths)));
    }
    for (FileResult file : outcome.files()) {
      file.notes.forEach(n -> out.println("note: " + file.file + ": " + n));
    }
    for (FileResult file : outcome.files()) {
      file.failures.forEach(f -> out.println("error: " + file.file + (f.where().isEmpty() ? "" : " " + f.where())
          + ": " + f.message()));
    }
    long failed = outcome.files().stream().filter(f -> !f.failures.isEmpty()).count();
    out.println(outcome.reports().size() + " resources read from " + outcome.files().size() + " files; "
        + rows.size() + " fields reported; " + failed + " files with errors");
  }

  /** The notes the table shows: what was lost, and what keeps the resource from running as converted. */
  private static String status(String note) {
    if (note.contains("dropped") || note.contains("no autoscaler written")) {
      return "DROPPED";
    }
    if (note.contains("will hold") || note.contains("holds the service") || note.contains("not among the inputs")) {
      return "HELD";
    }
    return null;
  }

  private static String row(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      line.append(String.format("%-" + widths[i] + "s  ", cells[i]));
    }
    return line.append(cells[4]).toString();
  }

  static void json(Conversion.Outcome outcome, PrintStream out) {
    List<Object> files = new ArrayList<>();
    for (FileResult file : outcome.files()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("file", file.file);
      List<Object> resources = new ArrayList<>();
      for (DocumentReport report : outcome.reports()) {
        if (!report.source.file().equals(file.file)) {
          continue;
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("resource", report.resource);
        resource.put("where", report.source.where());
        resource.put("fields", report.fields);
        resource.put("unresolved", report.unresolved.stream().map(u -> {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("path", u.path());
          item.put("expression", u.reference().expression());
          item.put("placeholder", u.placeholderUsed() ? u.reference().placeholder() : null);
          item.put("parameter", u.reference().parameter());
          return item;
        }).toList());
        resource.put("notes", report.notes);
        resources.add(resource);
      }
      entry.put("resources", resources);
      entry.put("notes", file.notes);
      entry.put("errors", file.failures.stream().map(f -> {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("where", f.where());
        error.put("message", f.message());
        return error;
      }).toList());
      files.add(entry);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("files", files);
    root.put("failed", outcome.failed());
    try {
      out.println(JSON.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
