package dev.stevedore.convert;

import java.util.ArrayList;
import java.util.List;

/** What became of one input file: its documents, the ones that failed and why, and notes on the file as a whole. */
final class FileResult {
  /** A document that could not be converted; the message names the place in it. */
  record Failure(String where, String message) {
    @Override
    public String toString() {
      return where.isEmpty() ? message : where + ": " + message;
    }
  }

  final String file;
  final List<EcsDocument> documents = new ArrayList<>();
  final List<Failure> failures = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  FileResult(String file) {
    this.file = file;
  }

  void fail(String where, String message) {
    failures.add(new Failure(where, message));
  }
}
