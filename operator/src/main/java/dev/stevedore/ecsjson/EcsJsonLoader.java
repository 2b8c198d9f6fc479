package dev.stevedore.ecsjson;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ECS task definition or service written as JSON into the spec of a {@code TaskDefinition} or
 * {@code EcsService}, and says what it did. Pure and deterministic: the same text always gives an equal result,
 * and a document that cannot be read gives a rejected {@link LoadResult} with a message naming the place, never
 * an exception.
 *
 * <h2>Accepted documents</h2>
 * <ul>
 *   <li><b>ECS API shape</b> ({@link DocumentFormat#ECS_API}): the request of RegisterTaskDefinition or
 *       CreateService, camelCase, as {@code aws ecs describe-task-definition} prints a task definition. The
 *       read-only members of an exported task definition (taskDefinitionArn, revision, status, registeredAt,
 *       ...) are accepted and kept; the translation reports them as ignored.</li>
 *   <li><b>Describe output</b> ({@link DocumentFormat#DESCRIBE_OUTPUT}): {@code {"taskDefinition": {...},
 *       "tags": [...]}} of DescribeTaskDefinition (top-level tags become the task definition's tags when it has
 *       none); {@code {"service": {...}}} of CreateService or UpdateService; {@code {"services": [{...}],
 *       "failures": [...]}} of DescribeServices with exactly one service; one service object cut out of such an
 *       output, recognised by its serviceArn (no request has one). A described service is turned into
 *       CreateService's request: clusterArn becomes cluster, roleArn becomes role, and the state of the running
 *       service (serviceArn, status, runningCount, pendingCount, deployments, events, taskSets, createdAt,
 *       createdBy, platformFamily, ...) is dropped, each with a note.</li>
 *   <li><b>CloudFormation</b> ({@link DocumentFormat#CLOUDFORMATION}): the Properties of an
 *       AWS::ECS::TaskDefinition or AWS::ECS::Service resource, alone or inside the resource
 *       ({@code {"Type": ..., "Properties": {...}}}; resource attributes such as DependsOn are ignored with a
 *       note). A document is read as CloudFormation when all its top-level names start with a capital letter;
 *       one that mixes both spellings is rejected.</li>
 * </ul>
 *
 * <h2>CloudFormation normalisation</h2>
 * The document is walked alongside the API type it becomes, so every rule knows the field a value lands in:
 * <ol>
 *   <li><b>Names.</b> Every property name is the ECS member name with a capital first letter
 *       ({@code MemoryReservation} is {@code memoryReservation}), except where CloudFormation renamed it:
 *       {@code Volumes[].EFSVolumeConfiguration} and {@code FSxWindowsFileServerVolumeConfiguration},
 *       {@code EFSVolumeConfiguration.FilesystemId} ({@code fileSystemId}), the EFS
 *       {@code AuthorizationConfig.IAM} ({@code iam}), {@code ProxyConfiguration.ProxyConfigurationProperties}
 *       ({@code properties}) and the service's {@code PlacementStrategies} ({@code placementStrategy}). The
 *       service's {@code ForceNewDeployment} steers stack updates and has no ECS member: it is dropped with a
 *       note. Keys of user-data maps (dockerLabels, log and FireLens options, Docker volume driverOpts and
 *       labels) are kept as written.</li>
 *   <li><b>Scalars.</b> CloudFormation passes many values as strings. A string lands in a number or boolean
 *       field as that number or boolean ({@code "Memory": "500"} is 500, {@code "Essential": "false"} is
 *       false; booleans case-insensitively), and a number or boolean in a string field becomes its text; each
 *       conversion is noted. Task cpu and memory keep their text ({@code "1 vCPU"}, {@code "512"}), as ECS
 *       accepts it.</li>
 *   <li><b>Values only a stack can resolve.</b> An intrinsic function (an object whose single member is
 *       {@code Ref} or {@code Fn::...}) or a dynamic reference ({@code {{resolve:...}}}) cannot be resolved
 *       here. It is dropped and noted with its path, unless its field needs a value — a required member such as
 *       a container's name or image, or a service's taskDefinition — in which case the document is rejected
 *       with every such path.</li>
 *   <li><b>Free-form members</b> that Stevedore keeps untyped (the service's serviceConnectConfiguration,
 *       volumeConfigurations, lifecycleHooks, ...) have no type to follow: their names are decapitalised, except
 *       inside user-data maps (Options, DockerLabels, DriverOpts, Labels, HookDetails), and their values kept as
 *       written; values only a stack can resolve are dropped with a note.</li>
 * </ol>
 *
 * <h2>Rejections</h2>
 * A document is rejected, with a message naming each problem and where it is, when it is not one JSON object (duplicate keys
 * included); when it is a template whose {@code {{...}}} placeholders were never rendered; when it has a member
 * the ECS API does not have (ECS rejects unknown members too); when a value has the wrong JSON type (outside
 * CloudFormation's conversions, types are strict, as the AWS CLI's are); and when a member the API requires is
 * missing (an explicit {@code null} member counts as left out; a {@code null} list element or map value is an
 * error). Other placeholders ({@code $$$NAME$$$}, {@code <replace me>}) are ordinary strings to the loader;
 * whether their values are valid is for the CRD's validation to say.
 */
public final class EcsJsonLoader {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private EcsJsonLoader() {}

  public static LoadResult<TaskDefinitionSpec> taskDefinition(String json) {
    return load(json, DocumentKind.TASK_DEFINITION, TaskDefinitionSpec.class);
  }

  public static LoadResult<EcsServiceSpec> service(String json) {
    return load(json, DocumentKind.SERVICE, EcsServiceSpec.class);
  }

  private static <T> LoadResult<T> load(String json, DocumentKind kind, Class<T> specType) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return LoadResult.rejected(null, "not valid JSON: " + e.getOriginalMessage() + at(e.getLocation()));
    }
    if (root == null || root.isMissingNode()) {
      return LoadResult.rejected(null, "the document is empty");
    }
    List<LoadNote> notes = new ArrayList<>();
    DocumentFormat format = null;
    try {
      DocumentEnvelope.Opened opened = DocumentEnvelope.open(root, kind, notes);
      format = opened.format();
      TemplatePlaceholders.rejectAny(opened.body());
      JsonNode normalised = new SpecNormaliser(format, notes).normalise(opened.body(), specType);
      return LoadResult.loaded(MAPPER.treeToValue(normalised, specType), format, notes);
    } catch (DocumentRejected e) {
      return LoadResult.rejected(format, e.getMessage());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // The normaliser checked every member and type, so binding fails only where the API types and the
      // normaliser disagree; still a rejection, never an exception for the caller.
      return LoadResult.rejected(format, "cannot read the " + kind.displayName + ": " + e.getMessage());
    }
  }

  private static String at(JsonLocation location) {
    return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
