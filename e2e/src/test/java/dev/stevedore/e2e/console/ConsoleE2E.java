package dev.stevedore.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.EcsEndpoint;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.ecsapi.EcsApiServer;
import dev.stevedore.ecsapi.EcsApiSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The web console in a real browser (Debian's headless Chromium, through chromedriver) against the operator's ECS
 * endpoint on the local control plane, signing with the keys of {@link EcsEndpoint}: what a person clicks through,
 * checked against what the endpoint itself then answers to the AWS SDK. Screenshots go to
 * e2e/target/console-screenshots/.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConsoleE2E {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleE2E.class);
  private static final Duration ROLLOUT = Duration.ofSeconds(180);
  private static final String CRASHLOOP = "registry.example.com/shop/crashloop:3";

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTestWithEcsApi(Duration.ofSeconds(5))
      .withConsole();

  private EcsEndpoint endpoint;
  private Browser browser;

  @BeforeAll
  static void chromium() {
    assumeTrue(Files.isExecutable(Browser.CHROMEDRIVER) && Files.isExecutable(Browser.CHROMIUM),
        "ConsoleE2E needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver):"
            + " apt-get install -y chromium chromium-driver; skipped without them");
  }

  @BeforeEach
  void keysAndBrowser(Ecs ecs) {
    endpoint = EcsEndpoint.granted(operator, ecs);
    browser = new Browser(endpoint.uri(), 1280, 1000);
  }

  @AfterEach
  void closeBrowser(TestInfo test) {
    if (browser != null) {
      browser.screenshot("last-" + test.getTestMethod().orElseThrow().getName());
      browser.consoleMessages().forEach(m -> LOG.info("browser: {}", m));
      browser.close();
    }
  }

  @Test
  void aServiceMadeInTheConsoleRollsOutRollsBackAndLosesATask(KubernetesCluster cluster, Ecs ecs) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "the crashloop image is a KWOK stage of the local cluster");
    signIn(EcsEndpoint.ADMIN);
    try (EcsClient aws = endpoint.client(EcsEndpoint.ADMIN)) {
      // A cluster, then revision 1 from the JSON editor.
      browser.type("cluster-name", "default");
      browser.click("create-cluster");
      browser.until("the new cluster's page", Duration.ofSeconds(20), browser::route,
          "#/clusters/default/services"::equals);
      register(document("web", Ecs.IMAGE_V1), "#/task-definitions/web/1");

      // Create service: 2 tasks replaced one at a time (50-100 %), the circuit breaker with rollback.
      browser.go("#/clusters/default/create-service");
      browser.type("service-name", "web");
      browser.type("task-definition", "web");
      browser.type("desired-count", "2");
      browser.type("minimum-healthy-percent", "50");
      browser.type("maximum-percent", "100");
      browser.click("circuit-breaker");
      browser.click("rollback");
      browser.click("create-service");
      browser.until("the service's page", Duration.ofSeconds(30), browser::route,
          "#/clusters/default/services/web"::equals);
      awaitStable("web:1", 2);
      assertThat(aws.describeServices(r -> r.cluster("default").services("web")).services().get(0)
          .deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();
      browser.screenshot("service-stable");

      // Revision 2 from "Create new revision" of revision 1, and the diff between the two.
      browser.go("#/task-definitions/web/1");
      browser.click(By.linkText("Create new revision"));
      String prefilled = browser.until("the editor filled with web:1", Duration.ofSeconds(20),
          () -> browser.id("task-definition-json").getAttribute("value"), v -> v.contains(Ecs.IMAGE_V1));
      browser.setText("task-definition-json", prefilled.replace(Ecs.IMAGE_V1, Ecs.IMAGE_V2));
      browser.click("register");
      browser.until("web:2 registered", Duration.ofSeconds(30), browser::route, "#/task-definitions/web/2"::equals);
      browser.go("#/task-definitions/web");
      browser.click("compare");
      String diff = browser.until("the diff of web:1 and web:2", Duration.ofSeconds(20), () -> browser.text("diff"),
          d -> d.contains("changed line"));
      assertThat(diff).contains("- ").contains("\"image\": \"" + Ecs.IMAGE_V1 + "\"")
          .contains("+ ").contains("\"image\": \"" + Ecs.IMAGE_V2 + "\"");

      // Update service to web:2: two deployments, the new one growing while the old one shrinks.
      browser.go("#/clusters/default/services/web");
      update("web:2");
      List<List<List<String>>> seen = new ArrayList<>();
      java.util.function.Supplier<List<List<String>>> deployments = () -> {
        List<List<String>> rows = browser.rows("deployments-table");
        seen.add(rows);
        return rows;
      };
      browser.until("web:2's deployment PRIMARY beside web:1's ACTIVE", ROLLOUT, deployments,
          rows -> rows.size() == 2 && rows.get(0).get(1).equals("PRIMARY") && rows.get(0).get(2).equals("web:2")
              && rows.get(1).get(1).equals("ACTIVE") && rows.get(1).get(2).equals("web:1"));
      browser.screenshot("service-rollout-started");
      browser.until("web:2's deployment running tasks beside web:1's", ROLLOUT, deployments,
          rows -> rows.size() == 2 && !rows.get(0).get(4).startsWith("0 of"));
      // The picture in the README: the top of the page, without the passing "updated" notice.
      browser.driver().executeScript(
          "window.scrollTo(0, 0); document.querySelectorAll('.toast').forEach(t => t.remove())");
      browser.screenshot("service-mid-rollout");
      browser.until("web:2 alone", ROLLOUT, deployments, rows -> rows.size() == 1);
      awaitStable("web:2", 2);
      LOG.info("deployments seen during the rollout to web:2: {}", seen.stream().distinct().toList());
      // Both moved: while side by side, web:2's progress and web:1's were each seen at more than one reading.
      assertThat(progressSideBySide(seen, "web:2")).hasSizeGreaterThan(1);
      assertThat(progressSideBySide(seen, "web:1")).hasSizeGreaterThan(1);

      // Stop a task from the service's Tasks: the service replaces it.
      List<List<String>> before = browser.until("two running tasks listed", Duration.ofSeconds(30),
          () -> browser.rows("service-tasks-table"), rows -> rows.size() == 2
              && rows.stream().allMatch(r -> r.get(2).equals("RUNNING")));
      String stopped = before.get(0).get(0);
      browser.click(By.cssSelector("button[aria-label^='Stop task " + stopped + "']"));
      browser.type("ask-reason", "console drill");
      browser.click(By.cssSelector("dialog button[type=submit]"));
      browser.until("the stopped task replaced", ROLLOUT, () -> browser.rows("service-tasks-table"),
          rows -> rows.size() == 2 && rows.stream().noneMatch(r -> r.get(0).equals(stopped))
              && rows.stream().allMatch(r -> r.get(2).equals("RUNNING")));
      assertThat(aws.listTasks(r -> r.cluster("default").serviceName("web")).taskArns())
          .hasSize(2).noneMatch(arn -> arn.endsWith("/" + stopped) || arn.contains("/" + stopped));

      // A crash-looping revision: the circuit breaker fails it and rolls back to web:2, in the events.
      browser.go("#/task-definitions/new/web/2");
      String second = browser.until("the editor filled with web:2", Duration.ofSeconds(20),
          () -> browser.id("task-definition-json").getAttribute("value"), v -> v.contains(Ecs.IMAGE_V2));
      browser.setText("task-definition-json", second.replace(Ecs.IMAGE_V2, CRASHLOOP));
      browser.click("register");
      browser.until("web:3 registered", Duration.ofSeconds(30), browser::route, "#/task-definitions/web/3"::equals);
      browser.go("#/clusters/default/services/web");
      update("web:3");
      String events = browser.until("the rollback event", Duration.ofSeconds(240), () -> browser.text("events"),
          e -> e.contains("rolling back to deployment"));
      List<String> failed = browser.until("web:3's deployment failed by the circuit breaker", ROLLOUT,
          () -> browser.rows("deployments-table"), rows -> rows.stream().anyMatch(r -> r.get(2).equals("web:3")
              && r.get(3).equals("FAILED"))).stream().filter(r -> r.get(2).equals("web:3")).findFirst().orElseThrow();
      assertThat(failed.get(6)).contains("circuit breaker");
      browser.driver().executeScript("window.scrollTo(0, 0)");
      browser.screenshot("service-rolled-back");
      LOG.info("events after the failing revision: {}", events);
      // Newest first: the times never increase down the list, and the rollback is above the service's first event.
      List<String> times = browser.driver().findElements(By.cssSelector("#events-list time")).stream()
          .map(t -> t.getAttribute("datetime")).toList();
      assertThat(times).hasSizeGreaterThan(5).isSortedAccordingTo(java.util.Comparator.reverseOrder());
      List<String> lines = events.lines().toList();
      assertThat(indexOf(lines, "rolling back to deployment")).isNotNegative()
          .isLessThan(indexOf(lines, "has started 2 tasks"));
    }
  }

  @Test
  void theEditorRefusesBadDocumentsAndAReadOnlyKeyIsRefusedEveryChange(Ecs ecs) {
    signIn(EcsEndpoint.ADMIN);
    try (EcsClient aws = endpoint.client(EcsEndpoint.ADMIN)) {
      browser.go("#/task-definitions");
      browser.click("new-task-definition");
      // Not JSON: the browser's own parse error next to the editor, nothing sent.
      browser.setText("task-definition-json", "{\"family\": \"api\", \"containerDefinitions\": [");
      browser.click("register");
      assertThat(browser.until("the JSON error", Duration.ofSeconds(10), () -> browser.text("editor-error"),
          t -> !t.isEmpty())).startsWith("Invalid JSON:");
      assertThat(browser.id("task-definition-json").getAttribute("aria-invalid")).isEqualTo("true");
      // JSON that ECS refuses: its ClientException, nothing registered.
      browser.setText("task-definition-json", "{\"family\": \"api\", \"containerDefinitions\": [{\"name\": \"app\","
          + " \"memory\": 128}]}");
      browser.click("register");
      assertThat(browser.until("ECS's error", Duration.ofSeconds(20), () -> browser.text("editor-error"),
          t -> t.startsWith("ClientException"))).contains("image");
      assertThat(browser.route()).isEqualTo("#/task-definitions/new");
      assertThat(aws.listTaskDefinitionFamilies(r -> r.status("ALL")).families()).isEmpty();
      browser.screenshot("editor-client-exception");

      register(document("api", Ecs.IMAGE_V1), "#/task-definitions/api/1");
      aws.createCluster(r -> r.clusterName("default"));
      aws.createService(r -> r.serviceName("api").taskDefinition("api").desiredCount(1));

      // Run task, and the cluster's Tasks tab: standalone tasks beside the service's, one stopped with a reason.
      browser.go("#/clusters/default/run-task");
      browser.type("task-definition", "api");
      browser.type("task-count", "2");
      browser.type("started-by", "console");
      browser.click("run-task");
      browser.until("the Tasks tab", Duration.ofSeconds(30), browser::route, "#/clusters/default/tasks"::equals);
      List<List<String>> tasks = browser.until("two standalone tasks and the service's running", ROLLOUT,
          () -> browser.rows("tasks-table"), rows -> rows.stream().filter(r -> r.get(4).equals("family:api")
              && r.get(2).equals("RUNNING")).count() == 2
              && rows.stream().anyMatch(r -> r.get(4).equals("service:api")));
      String standalone = tasks.stream().filter(r -> r.get(4).equals("family:api")).findFirst().orElseThrow().get(0);
      browser.click(By.cssSelector("button[aria-label^='Stop task " + standalone + "']"));
      browser.type("ask-reason", "not needed");
      browser.click(By.cssSelector("dialog button[type=submit]"));
      List<List<String>> after = browser.until("the task stopped with its reason", ROLLOUT,
          () -> browser.rows("tasks-table"), rows -> rows.stream().anyMatch(r -> r.get(0).equals(standalone)
              && r.get(2).equals("STOPPED") && r.get(6).equals("not needed")));
      assertThat(after).filteredOn(r -> r.get(0).equals(standalone)).hasSize(1);
      browser.screenshot("cluster-tasks");

      // ECS's guards, with a confirmation first: a cluster with a service, a service scaled above 0.
      browser.click("delete-cluster");
      browser.type("ask-name", "default");
      browser.click(By.cssSelector("dialog button[type=submit]"));
      assertThat(browser.until("the cluster's guard", Duration.ofSeconds(20), () -> browser.find(By.cssSelector(
          "main .error")).getText(), t -> !t.isEmpty())).startsWith("ClusterContainsServicesException");
      browser.go("#/clusters/default/services/api");
      // Force new deployment: same revision, a new deployment beside the old one.
      String first = browser.until("the service's deployment", Duration.ofSeconds(30),
          () -> browser.rows("deployments-table"), rows -> rows.size() == 1).get(0).get(0);
      browser.click("force-new-deployment");
      browser.click("update-service");
      browser.until("a new deployment of api:1 beside the first", Duration.ofSeconds(60),
          () -> browser.rows("deployments-table"), rows -> rows.size() == 2
              && rows.get(0).get(1).equals("PRIMARY") && rows.get(0).get(2).equals("api:1")
              && !rows.get(0).get(0).equals(first) && rows.get(1).get(0).equals(first));
      assertThat(browser.id("force-new-deployment").isSelected()).isFalse();
      browser.click("delete-service");
      browser.type("ask-name", "api");
      browser.click(By.cssSelector("dialog button[type=submit]"));
      assertThat(browser.until("the service's guard", Duration.ofSeconds(20), () -> browser.text("delete-error"),
          t -> !t.isEmpty())).isEqualTo("InvalidParameterException: The service cannot be stopped while it is"
              + " scaled above 0.");
      assertThat(aws.describeServices(r -> r.cluster("default").services("api")).services().get(0).status())
          .isEqualTo("ACTIVE");

      // The reader sees everything ...
      browser.click("sign-out");
      signIn(EcsEndpoint.READER);
      browser.go("#/clusters/default/services");
      browser.until("the service listed for the reader", Duration.ofSeconds(30), () -> browser.rows("services-table"),
          rows -> rows.size() == 1 && rows.get(0).get(0).equals("api"));
      browser.go("#/clusters/default/services/api");
      browser.until("the reader sees the deployments", Duration.ofSeconds(30),
          () -> browser.rows("deployments-table"), rows -> !rows.isEmpty());
      assertThat(browser.driver().findElement(By.id("readonly-banner")).isDisplayed()).isFalse();
      // Navigation puts the keyboard focus on the page's heading.
      assertThat(browser.until("the focus on the heading", Duration.ofSeconds(10),
          () -> browser.driver().switchTo().activeElement().getText(), "Service api"::equals)).isNotNull();
      // A phone-width window: the page stacks, only wide tables scroll sideways, inside their own box.
      browser.driver().manage().window().setSize(new Dimension(400, 900));
      assertThat(browser.until("no sideways scrolling of the page at 400 px", Duration.ofSeconds(10),
          () -> (Long) browser.driver().executeScript(
              "return document.documentElement.scrollWidth - document.documentElement.clientWidth"), d -> d <= 0))
          .isNotPositive();
      browser.screenshot("narrow-service");
      browser.driver().manage().window().setSize(new Dimension(1280, 1000));
      // ... and a change is refused with ECS's error; the page and the service stay as they were.
      browser.type("update-desired-count", "5");
      browser.click("update-service");
      String refused = browser.until("the refusal", Duration.ofSeconds(20),
          () -> browser.text("update-error"),
          t -> t.startsWith("AccessDeniedException"));
      assertThat(refused).contains(EcsEndpoint.READER.user());
      assertThat(browser.until("the read-only banner", Duration.ofSeconds(10), () -> browser.text("readonly-banner"),
          t -> !t.isEmpty())).contains("read-only");
      assertThat(browser.id("update-desired-count").getAttribute("value")).isEqualTo("5");
      assertThat(browser.text("desired-count")).isEqualTo("1");
      assertThat(aws.describeServices(r -> r.cluster("default").services("api")).services().get(0).desiredCount())
          .isEqualTo(1);
      browser.screenshot("read-only-refused");

      // Deregister is refused too, and the revision stays ACTIVE.
      browser.go("#/task-definitions/api/1");
      // Escape cancels the confirmation: nothing is sent.
      browser.click("deregister");
      browser.find(By.cssSelector("dialog[open]"));
      browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ESCAPE);
      browser.until("the dialog closed", Duration.ofSeconds(10),
          () -> browser.driver().findElements(By.cssSelector("dialog")).size(), n -> n == 0);
      assertThat(browser.text("revision-error")).isEmpty();
      browser.click("deregister");
      browser.click(By.cssSelector("dialog button[type=submit]"));
      assertThat(browser.until("the refusal", Duration.ofSeconds(20),
          () -> browser.text("revision-error"), t -> t.startsWith("AccessDeniedException")))
          .contains("DeregisterTaskDefinition");
      assertThat(browser.text("revision-status")).isEqualTo("ACTIVE");

      // A wrong secret never gets in.
      browser.click("sign-out");
      browser.type("access-key-id", EcsEndpoint.ADMIN.accessKeyId());
      browser.type("secret-access-key", "not-the-secret");
      browser.click("sign-in");
      assertThat(browser.until("the signature refused", Duration.ofSeconds(20), () -> browser.text("sign-in-error"),
          t -> !t.isEmpty())).startsWith("InvalidSignatureException");
    }
  }

  @Test
  void theDemosInsecureLocalEndpointAsksForNoKey(Ecs ecs) throws Exception {
    // The demo's endpoint: unsigned requests accepted (as the operator), loopback only, the console on.
    int port = InProcessOperator.freePort();
    try (EcsApiServer demo = new EcsApiServer(ecs.client(), new EcsApiSettings(port, ecs.namespace(), true,
        InProcessOperator.ECS_API_KEYS, ecs.namespace(), true), "us-east-1", InProcessOperator.ACCOUNT,
        Clock.systemUTC(), new SimpleMeterRegistry()).start();
         Browser local = new Browser(URI.create("http://127.0.0.1:" + port), 1280, 1000)) {
      // Opening the endpoint's address leads to the console.
      local.driver().get("http://127.0.0.1:" + port + "/");
      local.until("redirected to the console", Duration.ofSeconds(20), () -> local.driver().getCurrentUrl(),
          url -> url.contains("/console/"));
      assertThat(local.until("the page's mode", Duration.ofSeconds(20), () -> local.text("session"),
          s -> !s.isEmpty())).isEqualTo("Local demo: requests are not signed");
      assertThat(local.driver().findElements(By.id("access-key-id"))).isEmpty();
      local.type("cluster-name", "demo");
      local.click("create-cluster");
      local.until("the new cluster's page", Duration.ofSeconds(20), local::route, "#/clusters/demo/services"::equals);
      assertThat(ecs.client().resources(EcsCluster.class).inNamespace(ecs.namespace()).withName("demo").get())
          .isNotNull();
    }
  }

  private void signIn(EcsEndpoint.Key key) {
    if (browser.route().isEmpty() || !browser.driver().getCurrentUrl().contains("/console/")) {
      browser.open("#/clusters");
    }
    browser.type("access-key-id", key.accessKeyId());
    browser.type("secret-access-key", key.secretAccessKey());
    browser.click("sign-in");
    browser.until("signed in as " + key.user(), Duration.ofSeconds(20), () -> browser.text("session"),
        s -> s.contains(key.accessKeyId()));
  }

  private void register(String json, String expectedRoute) {
    browser.go("#/task-definitions/new");
    browser.until("the editor", Duration.ofSeconds(20), () -> browser.id("task-definition-json"), e -> true);
    browser.setText("task-definition-json", json);
    browser.click("register");
    browser.until("registered: " + expectedRoute, Duration.ofSeconds(30), browser::route, expectedRoute::equals);
  }

  private void update(String taskDefinition) {
    browser.type("update-task-definition", taskDefinition);
    browser.click("update-service");
    browser.until("the service runs " + taskDefinition, Duration.ofSeconds(30),
        () -> browser.text("service-task-definition"), taskDefinition::equals);
  }

  /** Stable as the page shows it, checked against the deployments table: one COMPLETED deployment of desired. */
  private void awaitStable(String taskDefinition, int desired) {
    browser.until("Stable at " + taskDefinition, ROLLOUT, () -> List.of(browser.text("service-state"),
        browser.text("service-task-definition"), browser.text("running-count"), browser.rows("deployments-table")),
        r -> r.get(0).equals("Stable") && r.get(1).equals(taskDefinition) && r.get(2).equals(Integer.toString(desired))
            && ((List<?>) r.get(3)).size() == 1);
    List<String> deployment = browser.rows("deployments-table").get(0);
    assertThat(deployment.get(1)).isEqualTo("PRIMARY");
    assertThat(deployment.get(3)).isEqualTo("COMPLETED");
    assertThat(deployment.get(4)).isEqualTo(desired + " of " + desired + " running");
  }

  private static String document(String family, String image) {
    return "{\"family\": \"" + family + "\", \"containerDefinitions\": [{\"name\": \"" + family + "\", \"image\": \""
        + image + "\", \"essential\": true, \"memory\": 128, \"portMappings\": [{\"containerPort\": 80}]}]}";
  }

  /** The "n of m running" readings of a revision's deployment while two deployments were shown. */
  private static java.util.Set<String> progressSideBySide(List<List<List<String>>> readings, String revision) {
    return readings.stream().filter(rows -> rows.size() == 2).flatMap(List::stream)
        .filter(row -> row.get(2).equals(revision)).map(row -> row.get(4))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
