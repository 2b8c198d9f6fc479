package dev.stevedore.translate;

/** How a task role (taskRoleArn) reaches the pods. */
public enum TaskRoleBinding {
  /** A ServiceAccount per family annotated with eks.amazonaws.com/role-arn (IAM Roles for Service Accounts). */
  IRSA,
  /** A ServiceAccount per family without annotation: EKS Pod Identity associations name it. */
  POD_IDENTITY,
  /** No ServiceAccount: the pods run without a task role and mount no token. */
  NONE;

  public static final String IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";
}
