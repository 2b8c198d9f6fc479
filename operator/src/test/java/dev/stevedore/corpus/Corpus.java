package dev.stevedore.corpus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared corpus of real ECS documents, read in place from {@code ../shared/corpus} next to the repository
 * (never copied into it). Tests that need it call {@link #assumePresent()} in a test method, where JUnit reports
 * the skip and its reason, so a checkout without the corpus skips them visibly instead of passing on nothing.
 */
final class Corpus {
  static final int TASK_DEFINITIONS = 57;
  static final int SERVICES = 15;

  private Corpus() {}

  static Path root() {
    String repository = System.getProperty("stevedore.root");
    return repository == null ? null : Path.of(repository).resolve("../shared/corpus").toAbsolutePath().normalize();
  }

  static void assumePresent() {
    Path root = root();
    assumeTrue(root != null, "the system property stevedore.root is not set (the Maven build sets it): corpus tests skipped");
    assumeTrue(Files.isDirectory(root.resolve("taskdefs")) && Files.isDirectory(root.resolve("services")),
        "the ECS document corpus is not at " + root + ": corpus tests skipped");
  }

  /** Every document, task definitions first, each folder in file-name order. */
  static List<CorpusDocument> documents() {
    assumePresent();
    List<CorpusDocument> documents = new ArrayList<>();
    documents.addAll(list(CorpusDocument.Kind.TASK_DEFINITION));
    documents.addAll(list(CorpusDocument.Kind.SERVICE));
    return documents;
  }

  static CorpusDocument document(String path) {
    assumePresent();
    CorpusDocument.Kind kind = path.startsWith(CorpusDocument.Kind.SERVICE.folder + "/")
        ? CorpusDocument.Kind.SERVICE : CorpusDocument.Kind.TASK_DEFINITION;
    return read(kind, root().resolve(path));
  }

  private static List<CorpusDocument> list(CorpusDocument.Kind kind) {
    try (Stream<Path> files = Files.list(root().resolve(kind.folder))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
          .map(f -> read(kind, f)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CorpusDocument read(CorpusDocument.Kind kind, Path file) {
    try {
      return new CorpusDocument(kind, file.getFileName().toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
