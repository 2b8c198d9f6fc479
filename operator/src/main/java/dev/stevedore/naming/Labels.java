package dev.stevedore.naming;

import dev.stevedore.api.v1alpha1.ApiGroup;

/** Label and annotation keys on everything Stevedore creates. */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "stevedore";
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String CLUSTER = ApiGroup.GROUP + "/cluster";
  public static final String SERVICE = ApiGroup.GROUP + "/service";
  public static final String FAMILY = ApiGroup.GROUP + "/family";
  public static final String REVISION = ApiGroup.GROUP + "/revision";
  public static final String CAPACITY_PROVIDER = ApiGroup.GROUP + "/capacity-provider";
  /** The EcsTask (standalone tasks) a pod runs a task of. */
  public static final String TASK = ApiGroup.GROUP + "/task";
  /** Prefix of labels that carry propagated ECS tags. */
  public static final String TAG_PREFIX = "tag." + ApiGroup.GROUP + "/";

  /** Original ECS names of sanitised containers, as JSON {kubernetesName: ecsName}. */
  public static final String CONTAINER_NAMES_ANNOTATION = ApiGroup.GROUP + "/container-names";
  /** Names of the essential containers, comma separated (Kubernetes names). */
  public static final String ESSENTIAL_CONTAINERS_ANNOTATION = ApiGroup.GROUP + "/essential-containers";
  /** Original ECS names and values of propagated tags, as JSON. */
  public static final String TAGS_ANNOTATION = ApiGroup.GROUP + "/tags";
  /** Task definition ARN of the pods. */
  public static final String TASK_DEFINITION_ANNOTATION = ApiGroup.GROUP + "/task-definition";
  /** Original ECS name of an object whose Kubernetes name was sanitised. */
  public static final String ECS_NAME_ANNOTATION = ApiGroup.GROUP + "/ecs-name";
  /** Log driver of a container, for a node log agent: key suffix is the container's Kubernetes name. */
  public static final String LOG_DRIVER_ANNOTATION_PREFIX = "log." + ApiGroup.GROUP + "/";
  /** startedBy of a standalone task's request. */
  public static final String STARTED_BY_ANNOTATION = ApiGroup.GROUP + "/started-by";
  /** The task group of a standalone task (family:<family> by default). */
  public static final String GROUP_ANNOTATION = ApiGroup.GROUP + "/group";
  /** Bumped by forceNewDeployment to roll without a new revision. */
  public static final String RESTARTED_AT_ANNOTATION = ApiGroup.GROUP + "/restarted-at";
  /**
   * On an EcsService: the type of the Kubernetes Service made for each of its target groups: ClusterIP (default),
   * NodePort or LoadBalancer.
   */
  public static final String LOAD_BALANCER_TYPE_ANNOTATION = ApiGroup.GROUP + "/load-balancer-type";
  /** On a target group's Kubernetes Service: the target group's ARN (or the classic load balancer's name). */
  public static final String TARGET_GROUP_ANNOTATION = ApiGroup.GROUP + "/target-group";
  /** On an EcsTask: StopTask's reason, which becomes the stopped task's stoppedReason. */
  public static final String STOP_REASON_ANNOTATION = ApiGroup.GROUP + "/stop-reason";

  private Labels() {}
}
