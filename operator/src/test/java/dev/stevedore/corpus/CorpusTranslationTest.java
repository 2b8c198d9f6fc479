package dev.stevedore.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.corpus.CorpusOutcomes.ExpectedRejection;
import dev.stevedore.corpus.CorpusOutcomes.Stage;
import dev.stevedore.ecsjson.LoadNote;
import dev.stevedore.ecsjson.LoadResult;
import dev.stevedore.testing.Golden;
import dev.stevedore.translate.PodTemplateTranslator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus document through the loader and the pod template translation, without a cluster: each document
 * loads or is refused with the expected message, each loaded task definition translates (to the same template
 * twice), and what became of every document (the refusal, or the dialect, the loader's notes and the exact list
 * of reported fields) is recorded in the golden file {@code golden/corpus-outcomes.yaml}: any change, for any
 * document, fails the build (refresh it with -Dgolden.update=true after a deliberate change, and review the diff).
 */
class CorpusTranslationTest {

  static List<CorpusDocument> documents() {
    return Corpus.documents();
  }

  /** The task definitions that must load: the ones the loader is not expected to refuse. */
  static Stream<CorpusDocument> loadableTaskDefinitions() {
    return Corpus.documents().stream()
        .filter(d -> d.kind() == CorpusDocument.Kind.TASK_DEFINITION)
        .filter(d -> CorpusOutcomes.rejection(d).map(r -> r.stage() != Stage.LOADER).orElse(true));
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
  }

  @Test
  void everyDocumentHasItsRecordedOutcome() {
    Corpus.assumePresent();
    Map<String, Object> outcomes = new LinkedHashMap<>();
    for (CorpusDocument document : Corpus.documents()) {
      outcomes.put(document.path(), outcome(document));
    }
    Golden.assertMatches("corpus-outcomes", outcomes);
  }

  /** The refusal, or the dialect, the loader's notes and (for a task definition) the translation's reports. */
  private static Map<String, Object> outcome(CorpusDocument document) {
    LoadResult<?> loaded = document.load();
    Map<String, Object> outcome = new LinkedHashMap<>();
    if (!loaded.isLoaded()) {
      outcome.put("refusedByLoader", loaded.rejection());
      return outcome;
    }
    outcome.put("format", loaded.format().name());
    outcome.put("loadNotes", loaded.notes().stream().map(LoadNote::toString).toList());
    if (document.kind() == CorpusDocument.Kind.TASK_DEFINITION) {
      PodTemplateTranslator.Result translation =
          CorpusTranslation.translate(document, document.loadTaskDefinition().spec());
      outcome.put("fieldReports", translation.reports().stream().map(r -> r.field + " " + r.disposition).toList());
    }
    return outcome;
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
}
