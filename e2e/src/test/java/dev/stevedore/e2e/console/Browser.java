package dev.stevedore.e2e.console;

import dev.stevedore.e2e.harness.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's headless Chromium driven through its chromedriver, with a fresh profile each time, pointed at the
 * console. Reads go through {@link Waits#until}, so a table the page has just re-rendered is read again rather than
 * failing on a stale element.
 */
final class Browser implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Browser.class);
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private final ChromeDriver driver;
  private final Path profile;
  private final URI console;

  Browser(URI console, int width, int height) {
    this.console = console;
    try {
      profile = Files.createTempDirectory("stevedore-console-chromium");
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // The machine's network is closed: without the background-networking flags Chromium waits on updates and sync.
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Opens the console at a route ("#/clusters"). */
  void open(String route) {
    driver.get(console.resolve("/console/" + route).toString());
  }

  /** Follows a route within the loaded page, as a link would. */
  void go(String route) {
    driver.executeScript("location.hash = arguments[0]", route);
  }

  WebElement find(By by) {
    return until("an element " + by, Duration.ofSeconds(20), () -> driver.findElement(by), e -> e.isDisplayed());
  }

  WebElement id(String id) {
    return find(By.id(id));
  }

  void type(String id, String text) {
    WebElement field = id(id);
    field.clear();
    field.sendKeys(text);
  }

  /** Replaces a textarea's whole text (typing a long JSON document key by key adds nothing). */
  void setText(String id, String text) {
    WebElement field = id(id);
    driver.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", field,
        text);
  }

  void click(String id) {
    id(id).click();
  }

  void click(By by) {
    find(by).click();
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /** The cells of each row of a table's body, as text. */
  List<List<String>> rows(String tableId) {
    return driver.findElements(By.cssSelector("#" + tableId + " tbody tr")).stream()
        .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
        .filter(cells -> cells.size() > 1)
        .toList();
  }

  String route() {
    return (String) driver.executeScript("return location.hash");
  }

  <T> T until(String what, Duration timeout, Supplier<T> read, Predicate<? super T> condition) {
    return Waits.until(what, timeout, read, condition, String::valueOf);
  }

  <T> T until(String what, Duration timeout, Supplier<T> read, Predicate<? super T> condition,
      Function<? super T, String> describe) {
    return Waits.until(what, timeout, read, condition, describe);
  }

  Path screenshot(String name) {
    Path target = SCREENSHOTS.resolve(name + ".png");
    try {
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LOG.info("screenshot {}", target.toAbsolutePath());
    return target;
  }

  /** What the page wrote to its console (errors included), for a failing test's log. */
  List<String> consoleMessages() {
    try {
      return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .map(e -> e.getLevel() + " " + e.getMessage()).toList();
    } catch (RuntimeException e) {
      return List.of("(browser log unavailable: " + e + ")");
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        LOG.warn("could not remove the Chromium profile {}", profile, e);
      }
    }
  }
}
