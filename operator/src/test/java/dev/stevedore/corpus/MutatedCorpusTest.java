package dev.stevedore.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.ecsjson.EcsJsonLoader;
import dev.stevedore.ecsjson.LoadResult;
import dev.stevedore.translate.PodTemplateTranslator;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.validate.PodSecurityStandard;
import dev.stevedore.validate.TaskDefinitionValidator;
import dev.stevedore.validate.TaskSecurityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bad input from outside, made from real documents: each corpus task definition and service is damaged at random
 * places — a member removed, set to null, given the wrong JSON type, a huge or non-ASCII string, deep nesting —
 * and read by the ECS JSON loader. Whatever it is given, the loader answers with a loaded spec or a rejection,
 * never an exception; a task definition it loads goes through the registration and security validators without
 * one either.
 */
class MutatedCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MUTANTS_PER_DOCUMENT = Integer.getInteger("stevedore.fuzz.mutants", 100);

  @Test
  void damagedDocumentsAreLoadedOrRejectedNeverThrown() throws Exception {
    Corpus.assumePresent();
    List<String> thrown = new ArrayList<>();
    int loaded = 0;
    int rejected = 0;
    for (CorpusDocument document : Corpus.documents()) {
      JsonNode original = JSON.readTree(document.json());
      for (int i = 0; i < MUTANTS_PER_DOCUMENT; i++) {
        long seed = document.fileName().hashCode() * 1_000L + i;
        String mutant = JSON.writeValueAsString(mutate(original, new SplittableRandom(seed)));
        try {
          boolean ok = document.kind() == CorpusDocument.Kind.TASK_DEFINITION ? taskDefinition(mutant) : service(mutant);
          if (ok) {
            loaded++;
          } else {
            rejected++;
          }
        } catch (RuntimeException | StackOverflowError e) {
          thrown.add(document.fileName() + " seed " + seed + ": " + e + " at " + e.getStackTrace()[0]);
        }
      }
    }
    System.out.printf("mutated corpus: %d documents loaded, %d rejected, %d threw%n", loaded, rejected, thrown.size());
    assertThat(thrown).isEmpty();
    assertThat(loaded).as("mutants still loaded (damage the loader tolerates)").isPositive();
    assertThat(rejected).as("mutants rejected").isPositive();
  }

  private static boolean taskDefinition(String json) {
    LoadResult<dev.stevedore.api.v1alpha1.TaskDefinitionSpec> result = EcsJsonLoader.taskDefinition(json);
    if (!result.isLoaded()) {
      assertThat(result.rejection()).isNotBlank();
      return false;
    }
    if (TaskDefinitionValidator.validate(result.spec()).isEmpty()) {
      PodTemplateTranslator.translate(new RegisteredTaskDefinition("mutant", 1, "arn:aws:ecs:us-east-1:1:task-definition/mutant:1",
          result.spec()), PodTemplateTranslator.Options.DEFAULTS);
    }
    PodSecurityStandard.violations("restricted", result.spec());
    TaskSecurityPolicy.violations(null, result.spec(), List.of("EC2"));
    return true;
  }

  private static boolean service(String json) {
    LoadResult<dev.stevedore.api.v1alpha1.EcsServiceSpec> result = EcsJsonLoader.service(json);
    if (!result.isLoaded()) {
      assertThat(result.rejection()).isNotBlank();
      return false;
    }
    return true;
  }

  /** One to three kinds of damage at random places of a copy. */
  static JsonNode mutate(JsonNode original, SplittableRandom random) {
    JsonNode copy = original.deepCopy();
    int damages = 1 + random.nextInt(3);
    for (int d = 0; d < damages; d++) {
      List<JsonNode> containers = new ArrayList<>();
      collectContainers(copy, containers);
      JsonNode parent = containers.get(random.nextInt(containers.size()));
      if (parent.isObject() && parent.size() > 0) {
        ObjectNode object = (ObjectNode) parent;
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String name = names.get(random.nextInt(names.size()));
        if (random.nextInt(6) == 0) {
          object.remove(name);
        } else {
          object.set(name, replacement(random));
        }
      } else if (parent.isArray() && parent.size() > 0) {
        ((ArrayNode) parent).set(random.nextInt(parent.size()), replacement(random));
      }
    }
    return copy;
  }

  private static JsonNode replacement(SplittableRandom random) {
    return switch (random.nextInt(12)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.textNode("");
      case 2 -> NODES.textNode("ünïcödé ✓ \u0000 \t");
      case 3 -> NODES.textNode("x".repeat(70_000));
      case 4 -> NODES.numberNode(-1);
      case 5 -> NODES.numberNode(Long.MAX_VALUE);
      case 6 -> NODES.numberNode(1.5e300);
      case 7 -> NODES.booleanNode(true);
      case 8 -> NODES.arrayNode().add(NODES.nullNode());
      case 9 -> NODES.objectNode().put("unexpected", 1);
      case 10 -> deep(random.nextInt(50, 400));
      default -> NODES.textNode("{{resolve:ssm:/x}}");
    };
  }

  private static JsonNode deep(int depth) {
    JsonNode node = NODES.textNode("bottom");
    for (int i = 0; i < depth; i++) {
      node = NODES.arrayNode().add(node);
    }
    return node;
  }

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> collectContainers(child, out));
    }
  }
}
