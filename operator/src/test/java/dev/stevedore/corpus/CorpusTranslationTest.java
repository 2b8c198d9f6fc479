package dev.stevedore.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.corpus.CorpusOutcomes.ExpectedRejection;
import dev.stevedore.corpus.CorpusOutcomes.Stage;
import dev.stevedore.ecsjson.DocumentFormat;
import dev.stevedore.ecsjson.LoadNote;
import dev.stevedore.ecsjson.LoadResult;
import dev.stevedore.translate.PodTemplateTranslator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus document through the loader and the pod template translation, without a cluster: each document
 * loads or is refused with the expected message, each loaded task definition translates (to the same template
 * twice), and for a varied selection the exact list of reported fields is pinned in
 * {@code src/test/resources/corpus/field-reports}.
 */
class CorpusTranslationTest {
  private static final String PINS = "/corpus/field-reports";
  private static final int MINIMUM_PINS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The expected outcome for one pinned document.
   *
   * @param document the document's path under the corpus root
   * @param covers what the document exercises, for the reader
   * @param format the dialect the loader must detect
   * @param loadNotes what the loader must say it did
   * @param fieldReports the translation's reports, as "field DISPOSITION", in the translation's order
   */
  record PinnedReports(String document, String covers, DocumentFormat format, List<String> loadNotes,
                       List<String> fieldReports) {}

  static List<CorpusDocument> documents() {
    return Corpus.documents();
  }

  /** The task definitions that must load: the ones the loader is not expected to refuse. */
  static Stream<CorpusDocument> loadableTaskDefinitions() {
    return Corpus.documents().stream()
        .filter(d -> d.kind() == CorpusDocument.Kind.TASK_DEFINITION)
        .filter(d -> CorpusOutcomes.rejection(d).map(r -> r.stage() != Stage.LOADER).orElse(true));
  }

  static Stream<String> pinnedReports() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(Path.of(CorpusTranslationTest.class.getResource(PINS).toURI()))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList().stream();
    }
  }

  /**
   * Also the test that shows a missing corpus: JUnit reports this test as skipped with the reason, where the
   * parameterized tests, whose arguments are the corpus, simply have no invocations.
   */
  @Test
  void theCorpusIsTheOneTheExpectationsWereWrittenFor() throws Exception {
    Corpus.assumePresent();
    List<CorpusDocument> documents = Corpus.documents();
    assertThat(documents).filteredOn(d -> d.kind() == CorpusDocument.Kind.TASK_DEFINITION).hasSize(Corpus.TASK_DEFINITIONS);
    assertThat(documents).filteredOn(d -> d.kind() == CorpusDocument.Kind.SERVICE).hasSize(Corpus.SERVICES);
    assertThat(documents).extracting(CorpusDocument::path).containsAll(CorpusOutcomes.documentsWithRejections());
    assertThat(pinnedReports()).hasSizeGreaterThanOrEqualTo(MINIMUM_PINS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void loadsUnlessTheLoaderMustRefuseIt(CorpusDocument document) {
    LoadResult<?> result = document.load();
    Optional<ExpectedRejection> refusal = CorpusOutcomes.rejection(document).filter(r -> r.stage() == Stage.LOADER);
    if (refusal.isPresent()) {
      assertThat(result.isLoaded()).as("the loader must refuse it").isFalse();
      assertThat(result.rejection()).contains(refusal.get().message());
    } else {
      assertThat(result.rejection()).as("rejection").isNull();
      assertThat(result.spec()).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("loadableTaskDefinitions")
  void translatesToTheSameTemplateEveryTime(CorpusDocument document) {
    TaskDefinitionSpec spec = document.loadTaskDefinition().spec();

    PodTemplateTranslator.Result first = CorpusTranslation.translate(document, spec);
    PodTemplateTranslator.Result second = CorpusTranslation.translate(document, document.loadTaskDefinition().spec());

    assertThat(second.template()).isEqualTo(first.template());
    assertThat(second.reports()).isEqualTo(first.reports());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinnedReports")
  void reportsExactlyThePinnedFields(String pinFile) {
    PinnedReports pinned = read(pinFile);
    CorpusDocument document = Corpus.document(pinned.document());
    LoadResult<TaskDefinitionSpec> loaded = document.loadTaskDefinition();
    assertThat(loaded.rejection()).as("rejection").isNull();

    PodTemplateTranslator.Result translation = CorpusTranslation.translate(document, loaded.spec());

    assertThat(loaded.format()).isEqualTo(pinned.format());
    assertThat(loaded.notes()).extracting(LoadNote::toString).containsExactlyElementsOf(pinned.loadNotes());
    assertThat(translation.reports()).extracting(r -> r.field + " " + r.disposition)
        .containsExactlyElementsOf(pinned.fieldReports());
  }

  private static PinnedReports read(String pinFile) {
    try (InputStream in = CorpusTranslationTest.class.getResourceAsStream(PINS + "/" + pinFile)) {
      return JSON.readValue(in, PinnedReports.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
