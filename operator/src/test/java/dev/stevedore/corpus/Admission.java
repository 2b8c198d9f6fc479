package dev.stevedore.corpus;

/**
 * What happened to one corpus document on its way to a running task.
 *
 * @param document the document
 * @param loaded the loader read it
 * @param translated its task definition became a pod template (services: never)
 * @param resourceAccepted the API server admitted its TaskDefinition or EcsService (dry run)
 * @param podRefusal why the API server refused a pod made of its template, or null when it admitted it or no pod
 *     was tried
 * @param rejectedBy who refused the document itself, or null when nothing did
 * @param rejection the message it was refused with, or null
 */
record Admission(CorpusDocument document, boolean loaded, boolean translated, boolean resourceAccepted,
                 String podRefusal, CorpusOutcomes.Stage rejectedBy, String rejection) {

  static Admission rejectedByLoader(CorpusDocument document, String message) {
    return new Admission(document, false, false, false, null, CorpusOutcomes.Stage.LOADER, message);
  }

  static Admission rejectedByApiServer(CorpusDocument document, boolean translated, String message) {
    return new Admission(document, true, translated, false, null, CorpusOutcomes.Stage.API_SERVER, message);
  }

  static Admission accepted(CorpusDocument document, boolean translated, String podRefusal) {
    return new Admission(document, true, translated, true, podRefusal, null, null);
  }

  boolean podAccepted() {
    return translated && resourceAccepted && podRefusal == null;
  }
}
