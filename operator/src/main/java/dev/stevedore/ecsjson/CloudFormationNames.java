package dev.stevedore.ecsjson;

import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EfsAuthorizationConfig;
import dev.stevedore.api.v1alpha1.EfsVolumeConfiguration;
import dev.stevedore.api.v1alpha1.ProxyConfiguration;
import dev.stevedore.api.v1alpha1.Volume;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CloudFormation's property names for ECS resources, and the ECS API member names they stand for.
 *
 * <p>CloudFormation spells almost every member of AWS::ECS::TaskDefinition and AWS::ECS::Service as the API's
 * camelCase name with a capital first letter ({@code ContainerDefinitions}, {@code MemoryReservation}). The
 * exceptions are listed in {@link #RENAMED}, per API type, because the same CloudFormation name can mean
 * different members on different types.
 */
final class CloudFormationNames {
  /** CloudFormation names that are not the API name with a capital first letter. */
  private static final Map<Class<?>, Map<String, String>> RENAMED = Map.of(
      Volume.class, Map.of(
          "EFSVolumeConfiguration", "efsVolumeConfiguration",
          "FSxWindowsFileServerVolumeConfiguration", "fsxWindowsFileServerVolumeConfiguration"),
      EfsVolumeConfiguration.class, Map.of("FilesystemId", "fileSystemId"),
      EfsAuthorizationConfig.class, Map.of("IAM", "iam"),
      ProxyConfiguration.class, Map.of("ProxyConfigurationProperties", "properties"),
      EcsServiceSpec.class, Map.of("PlacementStrategies", "placementStrategy"));

  /** Properties that only exist in CloudFormation: they steer the stack update, not the ECS resource. */
  private static final Map<Class<?>, Set<String>> CLOUDFORMATION_ONLY = Map.of(
      EcsServiceSpec.class, Set.of("ForceNewDeployment"));

  /**
   * Members of free-form JSON (ECS fields Stevedore keeps untyped, such as serviceConnectConfiguration) whose
   * content is user data: their keys are kept as written instead of being turned into camelCase.
   */
  private static final Set<String> FREE_FORM_MAPS = Set.of("Options", "DockerLabels", "DriverOpts", "Labels",
      "HookDetails");

  private CloudFormationNames() {}

  /** The API member a CloudFormation property of {@code type} stands for, or null when the name is not PascalCase. */
  static String apiName(Class<?> type, String cloudFormationName) {
    String renamed = RENAMED.getOrDefault(type, Map.of()).get(cloudFormationName);
    if (renamed != null) {
      return renamed;
    }
    return isPascalCase(cloudFormationName) ? decapitalise(cloudFormationName) : null;
  }

  /** True when the name differs from the API name by more than its first letter. */
  static boolean isRenamed(Class<?> type, String cloudFormationName) {
    return RENAMED.getOrDefault(type, Map.of()).containsKey(cloudFormationName);
  }

  static boolean isCloudFormationOnly(Class<?> type, String cloudFormationName) {
    return CLOUDFORMATION_ONLY.getOrDefault(type, Set.of()).contains(cloudFormationName);
  }

  static boolean isFreeFormMap(String cloudFormationName) {
    return FREE_FORM_MAPS.contains(cloudFormationName);
  }

  static boolean isPascalCase(String name) {
    return !name.isEmpty() && Character.isUpperCase(name.charAt(0));
  }

  /** The name with a lower-case first letter: the rule for every name of free-form content. */
  static String decapitalise(String name) {
    return name.isEmpty() ? name : name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
  }
}
