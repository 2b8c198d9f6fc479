package dev.stevedore.ecsjson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service as DescribeServices prints it, turned into CreateService's request: the members that only describe
 * a running service are dropped, and the two that the response names differently are renamed.
 */
final class ServiceDescription {
  /** Response member -> request member. */
  private static final Map<String, String> RENAMED = Map.of("clusterArn", "cluster", "roleArn", "role");
  /** State of the running service, which the request has no member for. */
  private static final Set<String> READ_ONLY = Set.of("serviceArn", "status", "runningCount", "pendingCount",
      "taskSets", "deployments", "events", "createdAt", "createdBy", "platformFamily", "currentServiceDeployment",
      "currentServiceRevisions", "resourceManagementType");

  private ServiceDescription() {}

  static ObjectNode asCreateServiceRequest(JsonNode service, List<LoadNote> notes) {
    ObjectNode request = service.deepCopy();
    service.fieldNames().forEachRemaining(name -> {
      if (READ_ONLY.contains(name)) {
        request.remove(name);
        notes.add(new LoadNote(name, "dropped: read-only state of the running service"));
      } else if (RENAMED.containsKey(name)) {
        request.set(RENAMED.get(name), request.remove(name));
        notes.add(new LoadNote(RENAMED.get(name), "read from the output's " + name));
      }
    });
    return request;
  }
}
