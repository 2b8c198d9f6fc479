package dev.stevedore.e2e.ecsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.EcsEndpoint;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real AWS CLI ({@code aws ecs --endpoint-url}) runs e2e/scripts/aws-cli-scenario.sh against the endpoint,
 * waiters included. .ci/run installs the CLI from PyPI; on a machine without it the test is skipped and says so.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AwsCliE2E {
  private static final Logger LOG = LoggerFactory.getLogger(AwsCliE2E.class);

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTestWithEcsApi(Duration.ofSeconds(30));

  @Test
  void theAwsCliDeploysAServiceThroughTheEndpoint(Ecs ecs) throws Exception {
    assumeTrue(awsCliPresent(), "the aws command is not installed (pip install awscli; .ci/run does): the AWS CLI"
        + " scenario is not run on this machine");
    EcsEndpoint.grant(ecs.client(), ecs.namespace(), InProcessOperator.ECS_API_KEYS);
    Path script = Repository.root().resolve("e2e/scripts/aws-cli-scenario.sh");
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    builder.environment().put("ENDPOINT", operator.ecsApiEndpoint(ecs.namespace()).toString());
    builder.environment().put("AWS_ACCESS_KEY_ID", EcsEndpoint.ADMIN.accessKeyId());
    builder.environment().put("AWS_SECRET_ACCESS_KEY", EcsEndpoint.ADMIN.secretAccessKey());
    builder.environment().remove("AWS_PROFILE");
    builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
    builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    String arn = "arn:aws:ecs:us-east-1:" + InProcessOperator.ACCOUNT + ":task-definition/cli-web:1";
    assertThat(output.lines().toList()).as(output).containsSubsequence(List.of(
        "cluster: ACTIVE",
        "register: " + arn,
        "create: ACTIVE",
        "stable: 2/2",
        "scaled: 1",
        "tasks: 1",
        "listed: 1",
        "error: ClusterNotFoundException",
        "deleted: DRAINING"));
    LOG.info("aws ecs against the endpoint:\n{}", output);
  }

  private static boolean awsCliPresent() {
    try {
      Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
