package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's Chromium, headless, driven through its chromedriver
 * (never a downloaded one). The worker side is played by hand over HTTP, so each step the page
 * shows is one the test caused. Skipped when Chromium is not installed.
 *
 * <p>With {@code -Drelayq.screenshots=DIR}, it also fills a cluster with workers and jobs and writes
 * PNG screenshots of the main pages to DIR.
 */
class DashboardIT extends CoordinatorTestSupport {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String SCREENSHOTS = System.getProperty("relayq.screenshots", "");
  private static final Dimension DESKTOP = new Dimension(1280, 900);

  private static ChromeDriver browser;

  @BeforeAll
  static void startBrowser() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "skipped: the dashboard browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (apt-get install -y chromium chromium-driver; .ci/run installs them)");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--force-device-scale-factor=1",
        "--window-size=" + DESKTOP.width + "," + DESKTOP.height, "--lang=en-GB");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void freshTab() {
    // what the previous test's page logged after its server stopped is not this test's business
    browser.manage().logs().get(LogType.BROWSER);
    browser.manage().window().setSize(DESKTOP);
    browser.get(coordinator.url() + "/");
    browser.executeScript("sessionStorage.clear()");
    browser.navigate().refresh();
    logIn(adminToken);
  }

  /** A script error or a Content-Security-Policy violation shows in the console: none may. */
  @AfterEach
  void theConsoleHasNoErrors() {
    if (browser == null) {
      return;
    }
    List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
    // leave the page before the coordinator stops, or its live updates fail against a closed port
    browser.get("about:blank");
    assertThat(errors).as("browser console errors").isEmpty();
  }

  @Test
  void aUserLogsInSeesAWorkerSubmitsAJobAndWatchesItFinish() {
    open("#/");
    assertThat(authorizationSentByTheDashboard()).isEqualTo("Bearer " + adminToken);

    hello("mini", "id-mini", "inc-1", "light", "os:linux");
    By worker = By.cssSelector("tr[data-worker='mini']");
    waitFor(worker);
    waitUntil(() -> "online".equals(browser.findElement(worker).getAttribute("data-status")));
    waitUntil(() -> text(worker).contains("light") && text(worker).contains("os:linux")
        && text(worker).contains("0 / 2") && text(worker).contains("0.1.0"));

    click(By.cssSelector("[data-nav='submit']"));
    String command = "echo \"<b>hello</b> & goodbye\"";
    waitFor(By.id("submit-command")).sendKeys(command);
    browser.findElement(By.id("submit-labels")).sendKeys("light");
    browser.findElement(By.id("submit-priority")).clear();
    browser.findElement(By.id("submit-priority")).sendKeys("5");
    browser.findElement(By.id("submit-timeout")).sendKeys("10m");
    browser.findElement(By.id("submit-button")).click();

    waitUntil(() -> hash().startsWith("#/jobs/j_"));
    String id = hash().substring("#/jobs/".length());
    assertThat(state()).isEqualTo("queued");
    assertThat(waitFor(By.id("job-command")).getText()).as("shown as text, not markup").isEqualTo(command);
    assertThat(browser.findElements(By.cssSelector("#job-command b"))).isEmpty();
    assertThat(waitFor(By.id("job-waiting")).getText()).contains("waiting to be picked up");
    assertThat(job(id).at("/spec/priority").asInt()).isEqualTo(5);
    assertThat(job(id).at("/spec/timeout").asText()).isEqualTo("10m");

    assertThat(pollNow("mini", "inc-1", 1).get("jobs")).hasSize(1);
    waitUntil(() -> state().equals("running"));
    appendOutput(id, 1, "stdout", 0, "<i>hello</i> & goodbye\n".getBytes(StandardCharsets.UTF_8));
    appendOutput(id, 1, "stderr", 0, "a warning ✓\n".getBytes(StandardCharsets.UTF_8));
    waitUntil(() -> browser.findElement(By.id("job-output")).getText().contains("a warning ✓"));
    assertThat(browser.findElement(By.id("job-output")).getText()).isEqualTo("<i>hello</i> & goodbye\na warning ✓");
    assertThat(browser.findElements(By.cssSelector("#job-output i"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#job-output .stderr"))).hasSize(1);

    finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":0}");
    waitUntil(() -> state().equals("succeeded"));
    waitUntil(() -> browser.findElement(By.id("output-state")).getText().equals("complete"));
    waitFor(By.cssSelector("#job-timeline li[data-type='succeeded']"));
    assertThat(browser.findElements(By.id("job-cancel"))).as("nothing left to cancel").isEmpty();

    open("#/jobs");
    By row = By.cssSelector("tr[data-job='" + id + "']");
    waitFor(row);
    waitUntil(() -> "succeeded".equals(browser.findElement(row).getAttribute("data-state")));
    new Select(browser.findElement(By.id("filter-state"))).selectByValue("failed");
    waitUntil(() -> hash().equals("#/jobs?state=failed"));
    waitFor(By.cssSelector("main .empty"));
    assertThat(browser.findElements(By.cssSelector("tr[data-job]"))).isEmpty();
  }

  @Test
  void aUserSeesWhyAJobCannotRunAndCancelsIt() {
    hello("mini", "id-mini", "inc-1", "light");
    String id = submit("{\"command\":\"nvidia-smi\",\"labels\":[\"gpu\"]}").get("id").asText();

    open("#/");
    By stuck = By.cssSelector("#unrunnable li[data-job='" + id + "']");
    waitFor(stuck);
    waitUntil(() -> text(stuck).contains("nvidia-smi")
        && text(stuck).contains("no online worker has label gpu (1 worker online: mini)"));
    click(By.cssSelector("#unrunnable li[data-job='" + id + "'] a"));

    waitUntil(() -> hash().equals("#/jobs/" + id));
    assertThat(waitFor(By.id("job-waiting")).getText()).contains("no online worker has label gpu");
    click(By.id("job-cancel"));

    waitUntil(() -> state().equals("cancelled"));
    assertThat(job(id).get("state").asText()).isEqualTo("cancelled");
    waitFor(By.cssSelector("#job-timeline li[data-type='cancelled']"));
    assertThat(browser.findElements(By.id("job-cancel"))).isEmpty();
  }

  @Test
  void aTemplateJobsPageShowsItsTemplateAndValuesAsText() {
    String hostile = "<b>a</b>'; rm -rf ~; '.mp4";
    String id = submit("{\"template\":\"transcode\",\"params\":{\"input\":\"" + hostile.replace("\"", "\\\"")
        + "\",\"output\":\"out.mp4\",\"options\":[\"-crf\",\"23\"]}}").get("id").asText();

    open("#/jobs/" + id);

    By template = By.id("job-template");
    waitFor(template);
    assertThat(text(template)).isEqualTo("transcode input=" + hostile + " output=out.mp4 options=[-crf, 23]");
    assertThat(browser.findElements(By.cssSelector("#job-template b"))).as("values are text, never markup").isEmpty();
  }

  @Test
  void aRunningJobIsCancelledFromItsPageAndTheWorkerIsTold() {
    hello("mini", "id-mini", "inc-1");
    String id = submit("{\"command\":\"sleep 3600\"}").get("id").asText();
    pollNow("mini", "inc-1", 1);

    open("#/jobs/" + id);
    waitUntil(() -> state().equals("running"));
    click(By.id("job-cancel"));

    waitFor(By.xpath("//*[contains(text(), 'cancel requested')]"));
    assertThat(pollNow("mini", "inc-1", 0).get("cancel")).extracting(c -> c.get("jobId").asText()).containsExactly(id);
    finish(id, 1, "{\"attempt\":1,\"outcome\":\"killed\"}");
    waitUntil(() -> state().equals("cancelled"));
  }

  @Test
  void onAPhoneThePagesFitTheScreen() {
    hello("rpi4", "id-rpi4", "inc-1", "arch:arm64");
    submit("{\"command\":\"echo a rather long command line that would not fit a narrow phone screen at all\"}");
    browser.manage().window().setSize(new Dimension(390, 844));

    for (String page : List.of("#/", "#/jobs", "#/submit")) {
      open(page);
      waitFor(By.cssSelector("main h1"));
      waitUntil(() -> !browser.findElements(By.cssSelector("main section, main form")).isEmpty());
      long overflow = (Long) browser.executeScript(
          "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
      assertThat(overflow).as("horizontal overflow on " + page).isLessThanOrEqualTo(0);
    }
  }

  @Test
  void screenshotsOfTheMainPages() {
    assumeTrue(!SCREENSHOTS.isEmpty(), "screenshots are taken only with -Drelayq.screenshots=DIR");
    String running = new ScreenshotScene(this).build();

    open("#/");
    waitFor(By.cssSelector("tr[data-worker='mac-mini']"));
    waitFor(By.id("unrunnable"));
    screenshot("dashboard-overview.png");

    open("#/jobs");
    waitFor(By.cssSelector("tr[data-job]"));
    screenshot("dashboard-jobs.png");

    open("#/jobs/" + running);
    waitUntil(() -> browser.findElement(By.id("job-output")).getText().contains("frame="));
    waitFor(By.cssSelector("#job-timeline li"));
    screenshot("dashboard-job.png");

    open("#/submit");
    waitFor(By.id("submit-command")).sendKeys("ffmpeg -i talk.mov -c:v libx264 -crf 23 talk.mp4");
    browser.findElement(By.id("submit-labels")).sendKeys("has:ffmpeg");
    screenshot("dashboard-submit.png");

    browser.manage().window().setSize(new Dimension(390, 844));
    open("#/");
    waitFor(By.cssSelector("tr[data-worker='mac-mini']"));
    screenshot("dashboard-overview-phone.png");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  void open(String hash) {
    browser.get(coordinator.url() + "/" + hash);
  }

  /** Logs in on the login page, as a user pastes a token there. */
  private void logIn(String token) {
    waitFor(By.id("login-token")).sendKeys(token);
    browser.findElement(By.id("login-button")).click();
    waitUntil(() -> browser.findElement(By.id("token-status")).getText().equals("token saved"));
    waitUntil(() -> browser.findElements(By.id("login-token")).isEmpty());
    assertThat(browser.executeScript("return sessionStorage.getItem('relayq.token')")).isEqualTo(token);
  }

  /** The Authorization header the dashboard's one request function sends. */
  private String authorizationSentByTheDashboard() {
    return (String) ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const original = window.fetch;
        let seen = null;
        window.fetch = (url, options) => { seen = options.headers.Authorization; return original(url, options); };
        import('/js/api.js').then((m) => m.request('/api/v1/workers'))
            .finally(() => { window.fetch = original; done(seen); });
        """);
  }

  /** The text of an element found now (pages re-render on live events). */
  private String text(By by) {
    return browser.findElement(by).getText();
  }

  private String hash() {
    return (String) browser.executeScript("return window.location.hash");
  }

  private String state() {
    List<WebElement> badge = browser.findElements(By.id("job-state"));
    return badge.isEmpty() ? "" : badge.get(0).getAttribute("data-state");
  }

  /** Waits for a visible element; the page may re-render meanwhile, so stale finds are retried. */
  WebElement waitFor(By by) {
    return new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d -> {
      List<WebElement> found = d.findElements(by);
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  void waitUntil(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
        .until(d -> condition.getAsBoolean());
  }

  /** Clicks an element once it is visible, finding it again if a re-render replaced it. */
  void click(By by) {
    new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d -> {
      waitFor(by).click();
      return true;
    });
  }

  /** A PNG of the whole page (up to 2400 px tall), taken through the DevTools protocol. */
  private void screenshot(String name) {
    waitUntil(() -> "complete".equals(browser.executeScript("return document.readyState")));
    long width = (Long) browser.executeScript("return document.documentElement.clientWidth");
    long height = Math.min(2400, (Long) browser.executeScript("return document.documentElement.scrollHeight"));
    Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    try {
      Path dir = Files.createDirectories(Path.of(SCREENSHOTS));
      Files.write(dir.resolve(name), Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write screenshot " + name + " to " + SCREENSHOTS, e);
    }
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
