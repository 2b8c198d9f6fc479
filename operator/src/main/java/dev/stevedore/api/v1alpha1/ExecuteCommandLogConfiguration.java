package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Where ECS Exec session logs go (ECS ExecuteCommandLogConfiguration). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExecuteCommandLogConfiguration {
  @JsonPropertyDescription("CloudWatch log group.")
  public String cloudWatchLogGroupName;

  @JsonPropertyDescription("Encrypt the CloudWatch logs.")
  public Boolean cloudWatchEncryptionEnabled;

  @JsonPropertyDescription("S3 bucket.")
  public String s3BucketName;

  @JsonPropertyDescription("Encrypt the S3 objects.")
  public Boolean s3EncryptionEnabled;

  @JsonPropertyDescription("S3 key prefix.")
  public String s3KeyPrefix;
}
