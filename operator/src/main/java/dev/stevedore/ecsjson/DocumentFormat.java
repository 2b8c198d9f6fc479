package dev.stevedore.ecsjson;

/** The dialect an ECS document was written in, as {@link EcsJsonLoader} detected it. */
public enum DocumentFormat {
  /** The ECS API's own shape: camelCase members, as RegisterTaskDefinition and CreateService take them. */
  ECS_API,
  /**
   * The output of a describe command: {@code {"taskDefinition": {...}}} of DescribeTaskDefinition, or
   * {@code {"service": {...}}} / {@code {"services": [{...}]}} of CreateService and DescribeServices.
   */
  DESCRIBE_OUTPUT,
  /** The Properties of an AWS::ECS::TaskDefinition or AWS::ECS::Service CloudFormation resource (PascalCase). */
  CLOUDFORMATION
}
