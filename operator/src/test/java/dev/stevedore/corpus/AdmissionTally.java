package dev.stevedore.corpus;

import dev.stevedore.corpus.CorpusOutcomes.ExpectedRejection;
import dev.stevedore.corpus.CorpusOutcomes.Reason;
import dev.stevedore.corpus.CorpusOutcomes.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Counts what happened to the corpus and lists every document whose fate differs from its expectation. */
final class AdmissionTally {
  /**
   * The counts a run must reproduce.
   *
   * @param documents documents read
   * @param loaded documents the loader read
   * @param translated task definitions that became pod templates
   * @param taskDefinitionsAccepted TaskDefinition resources the API server admitted
   * @param podsAccepted pods (made of the templates) the API server admitted
   * @param servicesAccepted EcsService resources the API server admitted
   * @param rejectedByLoader documents the loader refused as ECS would
   * @param rejectedByApiServer documents the API server refused as ECS would
   * @param needStack CloudFormation fragments whose required values only their stack can resolve
   */
  record Counts(int documents, int loaded, int translated, int taskDefinitionsAccepted, int podsAccepted,
                int servicesAccepted, int rejectedByLoader, int rejectedByApiServer, int needStack) {

    int rejectedAsEcsWould() {
      return rejectedByLoader + rejectedByApiServer;
    }

    String summary() {
      return "corpus admission: " + documents + " documents, loaded " + loaded + ", translated " + translated
          + ", accepted " + taskDefinitionsAccepted + " TaskDefinitions + " + podsAccepted + " Pods + "
          + servicesAccepted + " EcsServices, rejected as ECS would " + rejectedAsEcsWould() + " (loader "
          + rejectedByLoader + ", API server " + rejectedByApiServer + "), needing a CloudFormation stack "
          + needStack;
    }
  }

  private final List<Admission> admissions = new ArrayList<>();

  void record(Admission admission) {
    admissions.add(admission);
  }

  Counts counts() {
    int rejectedByLoader = 0;
    int rejectedByApiServer = 0;
    int needStack = 0;
    for (Admission a : admissions) {
      Optional<ExpectedRejection> expected = CorpusOutcomes.rejection(a.document());
      if (a.rejectedBy() == null || expected.isEmpty()) {
        continue;
      }
      if (expected.get().reason() == Reason.NEEDS_CLOUDFORMATION_STACK) {
        needStack++;
      } else if (a.rejectedBy() == Stage.LOADER) {
        rejectedByLoader++;
      } else {
        rejectedByApiServer++;
      }
    }
    return new Counts(admissions.size(),
        count(Admission::loaded, null),
        count(Admission::translated, null),
        count(Admission::resourceAccepted, CorpusDocument.Kind.TASK_DEFINITION),
        count(Admission::podAccepted, null),
        count(Admission::resourceAccepted, CorpusDocument.Kind.SERVICE),
        rejectedByLoader, rejectedByApiServer, needStack);
  }

  /** Each document whose fate is not the expected one, with what happened instead. */
  List<String> surprises() {
    List<String> surprises = new ArrayList<>();
    for (Admission a : admissions) {
      Optional<ExpectedRejection> expected = CorpusOutcomes.rejection(a.document());
      String path = a.document().path();
      if (expected.isEmpty()) {
        if (a.rejectedBy() != null) {
          surprises.add(path + ": must be admitted, but " + a.rejectedBy() + " refused it: " + a.rejection());
        } else if (a.document().kind() == CorpusDocument.Kind.TASK_DEFINITION && !a.podAccepted()) {
          surprises.add(path + ": its pod was not admitted: "
              + (a.podRefusal() != null ? a.podRefusal() : "the task definition did not translate"));
        }
      } else if (a.rejectedBy() != expected.get().stage()) {
        surprises.add(path + ": must be refused by " + expected.get().stage() + ", but "
            + (a.rejectedBy() == null ? "was admitted" : a.rejectedBy() + " refused it: " + a.rejection()));
      } else if (!a.rejection().contains(expected.get().message())) {
        surprises.add(path + ": refused with \"" + a.rejection() + "\", which does not say \""
            + expected.get().message() + "\"");
      }
    }
    return surprises;
  }

  private int count(Predicate<Admission> what, CorpusDocument.Kind kind) {
    return (int) admissions.stream()
        .filter(a -> kind == null || a.document().kind() == kind)
        .filter(what)
        .count();
  }
}
