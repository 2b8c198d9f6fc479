package dev.stevedore.translate;

import dev.stevedore.naming.Arns;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;

/**
 * One frozen revision of a task definition family: what services run.
 *
 * @param family the family name
 * @param revision the revision number
 * @param arn arn:aws:ecs:region:account:task-definition/family:revision
 * @param spec the spec as registered
 */
public record RegisteredTaskDefinition(String family, int revision, String arn, TaskDefinitionSpec spec) {

  public static String arn(String region, String account, String family, int revision) {
    return Arns.taskDefinition(region, account, family, revision);
  }
}
