package dev.stevedore.validate;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.LoadBalancer;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The CreateService rules that need the task definition the service runs. Pure. */
public final class ServiceValidator {
  private ServiceValidator() {}

  public static List<ValidationIssue> validate(EcsServiceSpec service, TaskDefinitionSpec taskDefinition) {
    List<ValidationIssue> issues = new ArrayList<>();
    if (service.deploymentController != null && !"ECS".equals(service.deploymentController.type)) {
      issues.add(new ValidationIssue("deploymentController.type", "the " + service.deploymentController.type
          + " deployment controller is not supported by Stevedore; use ECS"));
    }
    String launchType = service.launchType;
    List<String> compatibilities = taskDefinition.requiresCompatibilities;
    if (launchType != null && !launchType.isEmpty() && compatibilities != null && !compatibilities.isEmpty()
        && !compatibilities.contains(launchType)) {
      issues.add(new ValidationIssue("launchType", "Task definition does not support launch_type " + launchType + "."));
    }
    if ("DAEMON".equals(service.schedulingStrategy) && compatibilities != null
        && compatibilities.equals(List.of("FARGATE"))) {
      issues.add(new ValidationIssue("schedulingStrategy", "the DAEMON scheduling strategy does not support FARGATE tasks"));
    }
    if (service.autoScaling != null && service.autoScaling.scheduledActions != null) {
      for (int i = 0; i < service.autoScaling.scheduledActions.size(); i++) {
        var action = service.autoScaling.scheduledActions.get(i);
        try {
          dev.stevedore.translate.ScheduleExpression.parse(action.schedule, action.timezone);
        } catch (IllegalArgumentException e) {
          issues.add(new ValidationIssue("autoScaling.scheduledActions[" + i + "]", e.getMessage()));
        }
      }
    }
    if (service.loadBalancers != null) {
      for (int i = 0; i < service.loadBalancers.size(); i++) {
        loadBalancer(service.loadBalancers.get(i), "loadBalancers[" + i + "]", taskDefinition, issues);
      }
    }
    return issues;
  }

  private static void loadBalancer(LoadBalancer lb, String path, TaskDefinitionSpec td, List<ValidationIssue> issues) {
    if (lb.containerName == null) {
      return;
    }
    Optional<ContainerDefinition> container = td.containerDefinitions.stream()
        .filter(c -> c.name.equals(lb.containerName)).findFirst();
    if (container.isEmpty()) {
      issues.add(new ValidationIssue(path + ".containerName", "The container " + lb.containerName
          + " does not exist in the task definition."));
      return;
    }
    boolean hasPort = lb.containerPort == null || (container.get().portMappings != null
        && container.get().portMappings.stream().anyMatch(p -> lb.containerPort.equals(p.containerPort)));
    if (!hasPort) {
      issues.add(new ValidationIssue(path + ".containerPort", "The container " + lb.containerName
          + " did not have a container port " + lb.containerPort + " defined."));
    }
  }
}
