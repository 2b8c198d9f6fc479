package dev.stevedore.ecsapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.ecsapi.auth.Caller;
import dev.stevedore.ecsjson.EcsJsonLoader;
import dev.stevedore.ecsjson.LoadResult;
import dev.stevedore.naming.Arns;
import dev.stevedore.naming.Names;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.FamilyRevisions.Revision;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.revision.TaskDefinitionReference;
import dev.stevedore.validate.TaskDefinitionValidator;
import dev.stevedore.validate.ValidationIssue;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition, ListTaskDefinitions and
 * ListTaskDefinitionFamilies over TaskDefinition objects and the revisions their reconciler registers.
 */
final class TaskDefinitionOperations {
  static final String RESOURCE = "taskdefinitions";
  private static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  private final ApiContext ctx;

  TaskDefinitionOperations(ApiContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Writes the document as the family's TaskDefinition (created, or its spec replaced) and answers with the revision
   * the reconciler registers for it. Checked first with the reconciler's own rules, so a document ECS would refuse
   * is refused here and never replaces a good spec. A document equal to the latest revision registers nothing new
   * (kubectl apply's idempotence; ECS would add an identical revision).
   */
  ObjectNode register(Request request, Caller caller) {
    LoadResult<TaskDefinitionSpec> loaded = EcsJsonLoader.taskDefinition(request.body().toString());
    if (!loaded.isLoaded()) {
      throw EcsApiException.client(loaded.rejection());
    }
    TaskDefinitionSpec spec = loaded.spec();
    String family = spec.family == null ? "" : spec.family;
    List<ValidationIssue> issues = new ArrayList<>();
    if (!FAMILY.matcher(family).matches()) {
      issues.add(new ValidationIssue("family", "Family must be 1-255 letters, numbers, hyphens and underscores."));
    }
    issues.addAll(TaskDefinitionValidator.validate(spec));
    if (!issues.isEmpty()) {
      throw EcsApiException.client(issues.stream().map(ValidationIssue::toString).collect(Collectors.joining("; ")));
    }
    Optional<TaskDefinition> existing = ctx.store().taskDefinition(family);
    TaskDefinition written = ctx.access().asCaller(caller, request.operation(), client -> {
      var resources = client.resources(TaskDefinition.class).inNamespace(ctx.namespace());
      if (existing.isPresent()) {
        return resources.withName(existing.get().getMetadata().getName()).edit(td -> {
          td.setSpec(spec);
          return td;
        });
      }
      TaskDefinition created = new TaskDefinition();
      created.setMetadata(new ObjectMetaBuilder().withName(Names.dnsLabel(family)).withNamespace(ctx.namespace())
          .build());
      created.setSpec(spec);
      return resources.resource(created).create();
    });
    TaskDefinition registered = ctx.store().awaitState(written, td -> td != null && td.getStatus() != null
            && td.getStatus().observedGeneration != null
            && td.getStatus().observedGeneration >= written.getMetadata().getGeneration(), ctx.writeWait())
        .orElseThrow(() -> EcsApiException.server("TaskDefinition " + written.getMetadata().getName()
            + " was written, but no revision was registered within " + ctx.writeWait().toSeconds()
            + " s: is the Stevedore operator running?"));
    stalled(registered).ifPresent(message -> {
      throw EcsApiException.client(message);
    });
    int number = registered.getStatus().latestRevision == null ? 0 : registered.getStatus().latestRevision;
    Revision revision = awaitRevision(family, number);
    ObjectNode out = Shapes.NODES.objectNode();
    out.set("taskDefinition", Shapes.taskDefinition(family, revision, ctx.region(), ctx.account()));
    out.set("tags", Shapes.tags(revision.spec()));
    return out;
  }

  ObjectNode describe(Request request, Caller caller) {
    ctx.access().authorize(caller, "get", RESOURCE, request.operation());
    String family = family(request.required("taskDefinition"));
    Revision revision = resolve(request.required("taskDefinition"));
    ObjectNode out = Shapes.NODES.objectNode();
    out.set("taskDefinition", Shapes.taskDefinition(family, revision, ctx.region(), ctx.account()));
    if (request.texts("include").contains("TAGS")) {
      out.set("tags", Shapes.tags(revision.spec()));
    }
    return out;
  }

  ObjectNode deregister(Request request, Caller caller) {
    String text = request.required("taskDefinition");
    TaskDefinitionReference reference = TaskDefinitionReference.parse(text).filter(TaskDefinitionReference::pinned)
        .orElseThrow(() -> EcsApiException.client("The specified task definition does not include a revision:"
            + " name it as family:revision or by its ARN."));
    Revision found = resolve(text);
    Revision revision = found;
    TaskDefinition owner = ctx.store().taskDefinition(reference.family())
        .orElseThrow(() -> EcsApiException.client("Unable to describe task definition."));
    if (revision.active()) {
      TaskDefinition written = ctx.access().asCaller(caller, request.operation(), client -> client
          .resources(TaskDefinition.class).inNamespace(ctx.namespace()).withName(owner.getMetadata().getName())
          .edit(td -> {
            Map<String, String> annotations = td.getMetadata().getAnnotations() == null ? new TreeMap<>()
                : new TreeMap<>(td.getMetadata().getAnnotations());
            TreeSet<Integer> listed = new TreeSet<>();
            String current = annotations.get(RevisionObjects.DEREGISTER_ANNOTATION);
            if (current != null) {
              for (String entry : current.split(",")) {
                if (entry.trim().matches("[1-9][0-9]{0,8}")) {
                  listed.add(Integer.parseInt(entry.trim()));
                }
              }
            }
            listed.add(found.number());
            annotations.put(RevisionObjects.DEREGISTER_ANNOTATION,
                listed.stream().map(String::valueOf).collect(Collectors.joining(",")));
            td.getMetadata().setAnnotations(annotations);
            return td;
          }));
      revision = awaitRevisionState(reference.family(), revision.number(), r -> !r.active())
          .orElseThrow(() -> EcsApiException.server("TaskDefinition " + written.getMetadata().getName()
              + " was marked, but revision " + reference.revision().get() + " did not become INACTIVE within "
              + ctx.writeWait().toSeconds() + " s: is the Stevedore operator running?"));
    }
    ObjectNode out = Shapes.NODES.objectNode();
    out.set("taskDefinition", Shapes.taskDefinition(reference.family(), revision, ctx.region(), ctx.account()));
    return out;
  }

  ObjectNode list(Request request, Caller caller) {
    ctx.access().authorize(caller, "list", RESOURCE, request.operation());
    String prefix = request.text("familyPrefix").orElse("");
    String status = request.text("status").orElse("ACTIVE");
    boolean descending = "DESC".equals(request.text("sort").orElse("ASC"));
    List<String[]> entries = new ArrayList<>();
    for (String family : ctx.store().families()) {
      if (!family.startsWith(prefix)) {
        continue;
      }
      for (Revision r : ctx.store().revisions(family).newestFirst()) {
        if (status.equals(r.status())) {
          entries.add(new String[] {family, Integer.toString(r.number())});
        }
      }
    }
    Comparator<String> order = Comparator.comparing(TaskDefinitionOperations::familyOfArn)
        .thenComparingInt(TaskDefinitionOperations::revisionOfArn);
    if (descending) {
      order = order.reversed();
    }
    List<String> arns = entries.stream()
        .map(e -> Arns.taskDefinition(ctx.region(), ctx.account(), e[0], Integer.parseInt(e[1]))).sorted(order)
        .toList();
    Pages.Page page = Pages.page(arns, order, request.integer("maxResults").orElse(null),
        request.text("nextToken").orElse(null), 100);
    ObjectNode out = Shapes.NODES.objectNode();
    var array = out.putArray("taskDefinitionArns");
    page.items().forEach(array::add);
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  ObjectNode listFamilies(Request request, Caller caller) {
    ctx.access().authorize(caller, "list", RESOURCE, request.operation());
    String prefix = request.text("familyPrefix").orElse("");
    String status = request.text("status").orElse("ALL");
    List<String> families = ctx.store().families().stream().filter(f -> f.startsWith(prefix)).filter(f -> {
      boolean active = ctx.store().revisions(f).latestActive().isPresent();
      return switch (status) {
        case "ACTIVE" -> active;
        case "INACTIVE" -> !active;
        default -> true;
      };
    }).sorted().toList();
    Pages.Page page = Pages.page(families, request.integer("maxResults").orElse(null),
        request.text("nextToken").orElse(null), 100);
    ObjectNode out = Shapes.NODES.objectNode();
    var array = out.putArray("families");
    page.items().forEach(array::add);
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  /** family, family:revision or an ARN, as a registered revision; ECS's ClientException when there is none. */
  Revision resolve(String text) {
    TaskDefinitionReference reference = TaskDefinitionReference.parse(text)
        .orElseThrow(() -> EcsApiException.client("Unable to describe task definition."));
    FamilyRevisions revisions = ctx.store().revisions(reference.family());
    return (reference.revision().isPresent() ? revisions.get(reference.revision().get()) : revisions.latestActive())
        .orElseThrow(() -> EcsApiException.client("Unable to describe task definition."));
  }

  static String family(String text) {
    return TaskDefinitionReference.parse(text).map(TaskDefinitionReference::family)
        .orElseThrow(() -> EcsApiException.client("Unable to describe task definition."));
  }

  private static Optional<String> stalled(TaskDefinition td) {
    List<Condition> conditions = td.getStatus().conditions == null ? List.of() : td.getStatus().conditions;
    return conditions.stream().filter(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(Condition::getMessage).findFirst();
  }

  private Revision awaitRevision(String family, int number) {
    return awaitRevisionState(family, number, r -> true).orElseThrow(() -> EcsApiException.server("revision "
        + number + " of " + family + " is not visible yet; try DescribeTaskDefinition"));
  }

  private Optional<Revision> awaitRevisionState(String family, int number,
      java.util.function.Predicate<Revision> condition) {
    long deadline = System.nanoTime() + ctx.writeWait().toNanos();
    while (true) {
      Optional<Revision> revision = ctx.store().revisions(family).get(number).filter(condition);
      if (revision.isPresent() || System.nanoTime() > deadline) {
        return revision;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private static String familyOfArn(String arn) {
    String tail = arn.substring(arn.indexOf("task-definition/") + "task-definition/".length());
    return tail.substring(0, tail.lastIndexOf(':'));
  }

  private static int revisionOfArn(String arn) {
    return Integer.parseInt(arn.substring(arn.lastIndexOf(':') + 1));
  }
}
