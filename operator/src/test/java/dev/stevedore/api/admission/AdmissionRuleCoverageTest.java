package dev.stevedore.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.GeneratedCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every CEL rule of the CRDs names the ECS rule it enforces and has a manifest that breaks it: each file under
 * {@code admission/invalid} says what the API server answers ({@code # expect:}) and where ECS states the rule
 * ({@code # ecs:}, an ecs-semantics.md section or the ECS API reference), and {@link CrdAdmissionIT} shows the
 * real API server refusing it. A rule without such a file, or a file without a source, fails here, so a rule
 * ECS does not have cannot hide: the few whose ECS source could not be confirmed say UNVERIFIED and are listed
 * below, for a decision. Transition rules are the exception a create cannot reach: an update test breaks them.
 */
class AdmissionRuleCoverageTest {
  private static final Pattern EXPECT = Pattern.compile("^# expect: (.+)$", Pattern.MULTILINE);
  private static final Pattern ECS = Pattern.compile("^# ecs: (.+)$", Pattern.MULTILINE);
  private static final Pattern SOURCE = Pattern.compile(
      "^(ecs-semantics\\.md \\d+(\\.\\d+)?|ECS API reference |Stevedore extension |UNVERIFIED: ).*");

  /** Rules whose ECS source is not confirmed: kept, and reported, until someone confirms or removes them. */
  private static final List<String> UNVERIFIED = List.of(
      "ecsservice-duplicate-capacity-provider.yaml",
      "ecsservice-minimum-healthy-above-maximum.yaml",
      "ecsservice-replica-maximum-percent-below-100.yaml");

  /**
   * Transition rules (they read oldSelf) cannot be broken by a create, which is all an invalid manifest is:
   * {@link EcsTaskTransitionIT} breaks each of these with an update on the real API server.
   */
  private static final List<String> TRANSITION_RULES_BROKEN_BY_UPDATES = List.of(
      "InvalidParameterException: desiredStatus cannot go from STOPPED back to RUNNING: a stopped task cannot be"
          + " started again; run a new one (create another EcsTask)",
      "a task cannot be changed once run: only desiredStatus and tags may change; create another EcsTask to run"
          + " different tasks");

  @Test
  void theTransitionRulesAreExactlyTheOnesAnUpdateTestBreaks() {
    assertThat(celRules(true).keySet()).containsExactlyInAnyOrderElementsOf(TRANSITION_RULES_BROKEN_BY_UPDATES);
  }

  @Test
  void everyCelRuleHasAnInvalidManifestThatBreaksIt() {
    List<Case> cases = invalidCases();
    Map<String, String> uncovered = new TreeMap<>();
    celRules(false).forEach((message, where) -> {
      if (cases.stream().flatMap(c -> c.expected().stream()).noneMatch(message::contains)) {
        uncovered.put(message, where);
      }
    });

    assertThat(uncovered).as("CEL rules (message -> where) without a file in admission/invalid").isEmpty();
  }

  @Test
  void everyInvalidManifestSaysWhereEcsStatesTheRule() {
    List<String> withoutSource = new ArrayList<>();
    for (Case c : invalidCases()) {
      if (c.sources().size() != 1 || !SOURCE.matcher(c.sources().get(0)).matches()) {
        withoutSource.add(c.file() + " " + c.sources());
      }
    }

    assertThat(withoutSource)
        .as("files without one '# ecs: <ecs-semantics.md section | ECS API reference ... | Stevedore extension ..."
            + " | UNVERIFIED: ...>' line")
        .isEmpty();
  }

  @Test
  void theUnverifiedRulesAreExactlyTheOnesReported() {
    assertThat(invalidCases()).filteredOn(c -> c.sources().stream().anyMatch(s -> s.startsWith("UNVERIFIED")))
        .extracting(Case::file)
        .containsExactlyInAnyOrderElementsOf(UNVERIFIED);
  }

  /** One invalid manifest: what the API server must answer and where ECS states the rule. */
  record Case(String file, List<String> expected, List<String> sources) {}

  private static List<Case> invalidCases() {
    List<Case> cases = new ArrayList<>();
    for (Path file : AdmissionManifests.yamlFilesUnder(AdmissionManifests.testResourceDir("admission/invalid"))) {
      String text = read(file);
      cases.add(new Case(file.getFileName().toString(), matches(EXPECT, text), matches(ECS, text)));
    }
    return cases;
  }

  /** The message of every CEL rule of the CRDs, with where it sits: the transition rules, or the others. */
  private static Map<String, String> celRules(boolean transitions) {
    Map<String, String> rules = new TreeMap<>();
    for (String crd : GeneratedCrds.FILES) {
      collect(GeneratedCrds.load(crd).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(), crd, rules,
          transitions);
    }
    return rules;
  }

  private static void collect(JSONSchemaProps schema, String where, Map<String, String> into, boolean transitions) {
    if (schema.getXKubernetesValidations() != null) {
      for (ValidationRule rule : schema.getXKubernetesValidations()) {
        if (rule.getRule().contains("oldSelf") == transitions) {
          into.put(rule.getMessage(), where);
        }
      }
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, property) -> collect(property, where + "." + name, into, transitions));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collect(schema.getItems().getSchema(), where + "[]", into, transitions);
    }
  }

  private static List<String> matches(Pattern pattern, String text) {
    return pattern.matcher(text).results().map(m -> m.group(1).strip()).toList();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
