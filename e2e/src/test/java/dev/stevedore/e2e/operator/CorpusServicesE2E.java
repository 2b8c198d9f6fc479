package dev.stevedore.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Repository;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.ecsjson.EcsJsonLoader;
import dev.stevedore.ecsjson.LoadResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task definitions other people wrote for ECS (the shared corpus, read at test time) run as services on the KWOK
 * cluster: each document becomes a TaskDefinition and an EcsService with one or two tasks, and must reach exactly
 * the outcome recorded for it in {@code src/test/resources/corpus/task-definition-outcomes.tsv}: Ready, or refused
 * or unplaceable with the words ECS (or the API server standing in for it) gives as the reason. A document whose
 * outcome changes, in either direction, fails the test; so does a document without a recorded outcome, and a
 * recorded outcome without its document. The failure prints the observed table, to review and record.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CorpusServicesE2E {
  private static final Logger LOG = LoggerFactory.getLogger(CorpusServicesE2E.class);
  private static final Duration OUTCOMES_WITHIN = Duration.ofSeconds(150);
  private static final String OUTCOMES = "/corpus/task-definition-outcomes.tsv";

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(30));

  /** What becomes of a corpus task definition here. */
  enum Outcome {
    /** A service of it reaches Ready with all its tasks running. */
    READY,
    /** The document loader refuses it, as ECS would refuse to register it. */
    REFUSED_BY_LOADER,
    /** The API server refuses the TaskDefinition (the CRD's schema and CEL rules stand in for ECS's checks). */
    REFUSED_BY_API_SERVER,
    /** Admitted, but the operator registers no revision, as ECS would refuse RegisterTaskDefinition. */
    NOT_REGISTERED,
    /** Registered, but its tasks cannot be placed on this cluster's nodes (the service says why). */
    UNPLACEABLE
  }

  /**
   * An outcome and the words that show it: for a refusal the refusal's message, for an unplaceable document the
   * service's status and events. Empty for {@link Outcome#READY}.
   */
  record Observed(Outcome outcome, String words) {
    boolean matches(Expected expected) {
      return outcome == expected.outcome() && words.contains(expected.evidence());
    }
  }

  /** A recorded outcome: the outcome and a part of the words that must show it. */
  record Expected(Outcome outcome, String evidence) {}

  /** One corpus document and what was applied for it. */
  static final class Document {
    final String file;
    final String name;
    Observed refusal;
    int desiredCount;

    Document(String file, String name) {
      this.file = file;
      this.name = name;
    }
  }

  @Test
  void everyCorpusTaskDefinitionReachesItsRecordedOutcome(Ecs ecs) throws IOException {
    Path corpus = Repository.corpus().resolve("taskdefs");
    assumeTrue(Files.isDirectory(corpus), "no corpus at " + corpus + " (it is read in place, never copied)");
    Map<String, Expected> expected = recordedOutcomes();
    // The corpus is written for ECS on EC2, which lets tasks be privileged or use the host's network, PID
    // namespace, paths and capabilities; a Stevedore cluster allows that only when it says so.
    ecs.apply(Ecs.clusterAllowingEc2TaskSettings("default"));

    List<Path> files;
    try (Stream<Path> listing = Files.list(corpus)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    Map<String, Document> documents = new LinkedHashMap<>();
    int index = 0;
    for (Path file : files) {
      Document document = new Document(file.getFileName().toString(), name(index++, file.getFileName().toString()));
      documents.put(document.file, document);
      apply(ecs, document, EcsJsonLoader.taskDefinition(Files.readString(file)));
    }
    assertThat(expected.keySet()).as(() -> "documents with a recorded outcome in " + OUTCOMES + "; observed:\n"
        + table(observe(ecs, documents))).containsExactlyInAnyOrderElementsOf(documents.keySet());

    long start = System.nanoTime();
    Map<String, Observed> observed = Waits.until("every corpus document at its recorded outcome", OUTCOMES_WITHIN,
        () -> observe(ecs, documents), now -> mismatches(expected, now).isEmpty(),
        now -> "documents whose outcome differs from the recorded one:\n" + String.join("\n",
            mismatches(expected, now)) + "\nthe observed table, to record once reviewed:\n" + table(now));
    LOG.info("corpus: {} documents at their recorded outcomes after {} s: {}", observed.size(),
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9), observed.values().stream()
            .collect(Collectors.groupingBy(Observed::outcome, TreeMap::new, Collectors.counting())));
  }

  private static void apply(Ecs ecs, Document document, LoadResult<TaskDefinitionSpec> loaded) {
    if (!loaded.isLoaded()) {
      document.refusal = new Observed(Outcome.REFUSED_BY_LOADER, loaded.rejection());
      return;
    }
    TaskDefinitionSpec spec = loaded.spec();
    // Documents reuse family names ("nginx", ...): each runs under a family of its own here.
    spec.family = document.name;
    TaskDefinition td = new TaskDefinition();
    td.setMetadata(new ObjectMeta());
    td.getMetadata().setName(document.name);
    td.setSpec(spec);
    try {
      ecs.apply(td);
    } catch (KubernetesClientException e) {
      document.refusal = new Observed(Outcome.REFUSED_BY_API_SERVER, e.getStatus().getMessage());
      return;
    }
    document.desiredCount = usesNodePorts(spec) ? 1 : 2;
    EcsService service = Ecs.replicaService(document.name, document.name, document.desiredCount);
    service.getSpec().launchType = launchType(spec);
    ecs.apply(service);
  }

  /** What each document has come to now, by file name: two LISTs, whatever the size of the corpus. */
  private static Map<String, Observed> observe(Ecs ecs, Map<String, Document> documents) {
    Map<String, EcsService> services = byName(ecs.client().resources(EcsService.class).inNamespace(ecs.namespace())
        .list().getItems());
    Map<String, TaskDefinition> taskDefinitions = byName(ecs.client().resources(TaskDefinition.class)
        .inNamespace(ecs.namespace()).list().getItems());
    Map<String, Observed> observed = new TreeMap<>();
    for (Document d : documents.values()) {
      observed.put(d.file, d.refusal != null ? d.refusal
          : observeService(d, services.get(d.name), taskDefinitions.get(d.name)));
    }
    return observed;
  }

  private static <T extends HasMetadata> Map<String, T> byName(List<T> objects) {
    return objects.stream().collect(Collectors.toMap(o -> o.getMetadata().getName(), o -> o));
  }

  private static Observed observeService(Document d, EcsService service, TaskDefinition td) {
    if (Ecs.steadyAt(service, Ecs.arn(d.name, 1), d.desiredCount)) {
      return new Observed(Outcome.READY, "");
    }
    String registration = td == null ? "" : Ecs.condition(td.getStatus() == null ? null : td.getStatus().conditions,
            "Stalled").filter(c -> "True".equals(c.getStatus())).map(c -> c.getReason() + ": " + c.getMessage())
        .orElse("");
    if (!registration.isEmpty()) {
      return new Observed(Outcome.NOT_REGISTERED, registration);
    }
    return new Observed(Outcome.UNPLACEABLE, whyNotReady(service));
  }

  /** The service's counts, stalled condition and events, newest first: where it says why its tasks do not run. */
  private static String whyNotReady(EcsService service) {
    if (service == null || service.getStatus() == null) {
      return "no status";
    }
    String stalled = Ecs.condition(service, "Stalled").filter(c -> "True".equals(c.getStatus()))
        .map(c -> "Stalled " + c.getReason() + ": " + c.getMessage() + "; ").orElse("");
    List<String> events = service.getStatus().events == null ? List.of()
        : service.getStatus().events.stream().map(e -> e.message).toList();
    return stalled + "running " + service.getStatus().runningCount + " of " + service.getStatus().desiredCount
        + ", pending " + service.getStatus().pendingCount + "; events: " + String.join(" | ", events);
  }

  private static List<String> mismatches(Map<String, Expected> expected, Map<String, Observed> observed) {
    List<String> mismatches = new ArrayList<>();
    observed.forEach((file, now) -> {
      Expected want = expected.get(file);
      if (want != null && !now.matches(want)) {
        mismatches.add("  " + file + ": recorded " + want.outcome() + " showing \"" + want.evidence() + "\", observed "
            + now.outcome() + (now.words().isEmpty() ? "" : ": " + now.words()));
      }
    });
    return mismatches;
  }

  /** The observed outcomes in the recorded table's format, with the whole of the words as evidence. */
  private static String table(Map<String, Observed> observed) {
    return observed.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue().outcome() + "\t"
        + e.getValue().words().replace('\t', ' ').replace('\n', ' ')).collect(Collectors.joining("\n"));
  }

  /** The committed table: file, outcome and evidence, tab-separated; lines starting with # are comments. */
  static Map<String, Expected> recordedOutcomes() {
    try (InputStream in = CorpusServicesE2E.class.getResourceAsStream(OUTCOMES)) {
      Objects.requireNonNull(in, OUTCOMES + " is missing");
      Map<String, Expected> outcomes = new TreeMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", 3);
        Outcome outcome = Outcome.valueOf(fields[1].trim());
        String evidence = fields.length > 2 ? fields[2].trim() : "";
        if ((outcome == Outcome.READY) != evidence.isEmpty()) {
          throw new IllegalStateException(OUTCOMES + ": " + fields[0] + " must have evidence exactly when it is not"
              + " READY");
        }
        if (outcomes.put(fields[0].trim(), new Expected(outcome, evidence)) != null) {
          throw new IllegalStateException(OUTCOMES + ": " + fields[0] + " is recorded twice");
        }
      }
      return outcomes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Host networking or fixed host ports: two tasks would have to land on different nodes; one is enough here. */
  private static boolean usesNodePorts(TaskDefinitionSpec spec) {
    return "host".equals(spec.networkMode) || spec.containerDefinitions.stream()
        .flatMap(c -> c.portMappings == null ? Stream.<PortMapping>empty() : c.portMappings.stream())
        .anyMatch(p -> p.hostPort != null && p.hostPort > 0);
  }

  /** FARGATE for a Fargate-only task definition, EC2 otherwise, as a user would create the service. */
  private static String launchType(TaskDefinitionSpec spec) {
    List<String> compatibilities = Objects.requireNonNullElse(spec.requiresCompatibilities, List.of());
    return compatibilities.contains("FARGATE") && !compatibilities.contains("EC2") ? "FARGATE" : "EC2";
  }

  /** c07-nginx-ec2-bridge: short, unique, a DNS label and an ECS family. */
  private static String name(int index, String fileName) {
    String shortName = fileName.replaceFirst("\\.json$", "");
    shortName = shortName.substring(shortName.lastIndexOf("__") + 2).toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-");
    String name = String.format(Locale.ROOT, "c%02d-%s", index, shortName);
    return name.substring(0, Math.min(name.length(), 40)).replaceAll("-+$", "");
  }
}
