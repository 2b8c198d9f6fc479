package dev.stevedore.ecsapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.ecsapi.auth.Caller;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/** The ECS operations Stevedore answers, by name. Everything else is UnknownOperationException. */
public final class EcsApi {
  private final Map<String, BiFunction<Request, Caller, ObjectNode>> operations = new TreeMap<>();

  public EcsApi(ApiContext ctx) {
    TaskDefinitionOperations taskDefinitions = new TaskDefinitionOperations(ctx);
    ClusterOperations clusters = new ClusterOperations(ctx);
    ServiceOperations services = new ServiceOperations(ctx, taskDefinitions);
    TaskOperations tasks = new TaskOperations(ctx, taskDefinitions);
    TagOperations tags = new TagOperations(ctx, tasks, taskDefinitions);
    operations.put("RegisterTaskDefinition", taskDefinitions::register);
    operations.put("DescribeTaskDefinition", taskDefinitions::describe);
    operations.put("DeregisterTaskDefinition", taskDefinitions::deregister);
    operations.put("ListTaskDefinitions", taskDefinitions::list);
    operations.put("ListTaskDefinitionFamilies", taskDefinitions::listFamilies);
    operations.put("CreateCluster", clusters::create);
    operations.put("DescribeClusters", clusters::describe);
    operations.put("ListClusters", clusters::list);
    operations.put("DeleteCluster", clusters::delete);
    operations.put("PutClusterCapacityProviders", clusters::putCapacityProviders);
    operations.put("CreateService", services::create);
    operations.put("UpdateService", services::update);
    operations.put("DeleteService", services::delete);
    operations.put("DescribeServices", services::describe);
    operations.put("ListServices", services::list);
    operations.put("RunTask", tasks::run);
    operations.put("StopTask", tasks::stop);
    operations.put("DescribeTasks", tasks::describe);
    operations.put("ListTasks", tasks::list);
    operations.put("TagResource", tags::tag);
    operations.put("UntagResource", tags::untag);
    operations.put("ListTagsForResource", tags::list);
  }

  public boolean supports(String operation) {
    return operations.containsKey(operation);
  }

  public java.util.Set<String> operations() {
    return java.util.Collections.unmodifiableSet(operations.keySet());
  }

  public ObjectNode handle(String operation, ObjectNode body, Caller caller) {
    var handler = operations.get(operation);
    if (handler == null) {
      throw new EcsApiException("UnknownOperationException", "Stevedore does not implement " + operation + ".");
    }
    return handler.apply(new Request(operation, body), caller);
  }
}
