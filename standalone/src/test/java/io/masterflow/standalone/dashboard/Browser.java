package io.masterflow.standalone.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * Headless Chromium driven through chromedriver, as a user's browser against the running quickstart. Waits are
 * explicit and generous: the page updates asynchronously, and the build machine is shared.
 */
public final class Browser implements AutoCloseable {

    public static final int DESKTOP = 1280;
    public static final int PHONE = 375;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final String AXE = "META-INF/resources/webjars/axe-core/" + axeVersion() + "/axe.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final String baseUrl;
    private final Path downloads;

    private Browser(ChromeDriver driver, String baseUrl, Path downloads) {
        this.driver = driver;
        this.baseUrl = baseUrl;
        this.downloads = downloads;
    }

    static Browser start(String baseUrl) {
        if (!ChromiumRequirement.installed()) {
            throw new IllegalStateException("the browser tests are required (-D" + ChromiumRequirement.PROPERTY
                    + "=required) but " + ChromiumRequirement.CHROMIUM + " or " + ChromiumRequirement.CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        try {
            Path downloads = Files.createTempDirectory("masterflow-downloads-");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(ChromiumRequirement.CHROMIUM.toFile())
                    .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--disable-dev-shm-usage", "--window-size=" + DESKTOP + ",900", "--lang=en-US");
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(ChromiumRequirement.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), baseUrl, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a view signed in with the token, through the link form the quickstart's banner prints. */
    public Browser signedIn(String token, String path) {
        signOutEverywhere();
        driver.get(baseUrl + path + "#token=" + token);
        return this;
    }

    /** Opens a view with no session in the tab. */
    public Browser signedOut(String path) {
        signOutEverywhere();
        driver.get(baseUrl + path);
        return this;
    }

    public Browser open(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /** The browser's Back button: a page kept in the back/forward cache comes back as it was left. */
    public Browser back() {
        driver.navigate().back();
        return this;
    }

    /** A new tab in front, which the test drives from now on; the tab that was in front goes to the background. */
    public Browser newTab() {
        driver.switchTo().newWindow(WindowType.TAB);
        return this;
    }

    /** The tab the test drives. */
    public String tab() {
        return driver.getWindowHandle();
    }

    /** Drives that tab, and brings it to the front as a click on it would. */
    public Browser switchTo(String tab) {
        driver.switchTo().window(tab);
        return this;
    }

    /** Closes every tab but that one, which is in front again. */
    public Browser closeTabsBut(String kept) {
        driver.getWindowHandles().stream().filter(tab -> !tab.equals(kept))
                .forEach(tab -> driver.switchTo().window(tab).close());
        return switchTo(kept);
    }

    private void signOutEverywhere() {
        driver.get(baseUrl + "/dashboard/favicon.svg");
        driver.executeScript("sessionStorage.clear()");
        driver.manage().logs().get(LogType.BROWSER);
    }

    public WebElement find(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebElement waitForText(String css, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css));
    }

    public void waitUntilGone(String css) {
        until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    public <T> T until(Function<? super org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).until(condition);
    }

    public Browser click(String css) {
        until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
        return this;
    }

    public Browser type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String path() {
        return (String) driver.executeScript("return location.pathname + location.search + location.hash");
    }

    public Browser width(int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
        return this;
    }

    /** The whole page at the current width, as target/dashboard-screenshots/NAME.png. */
    public Path screenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        try {
            Number height = (Number) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
            driver.manage().window().setSize(new Dimension(before.getWidth(), Math.max(600, Math.min(height.intValue() + 20, 6000))));
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /**
     * What the page wrote to the console as an error since the last look: script errors and failed loads. A test
     * that provokes a refusal (401, 409) filters the browser's own line about that response.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** axe-core's violations of impact serious or critical on the page as it is now: [{id, impact, help, nodes}]. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> seriousAccessibilityViolations() {
        driver.executeScript(axeSource());
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(
                    (results) => done(JSON.stringify(results.violations
                        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                        .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary)})))),
                    (error) => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}])));
                """);
        try {
            return JSON.readValue((String) result, List.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path downloads() {
        return downloads;
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String axeSource() {
        try (InputStream in = Browser.class.getClassLoader().getResourceAsStream(AXE)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is not on the test classpath at " + AXE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String axeVersion() {
        try (InputStream in = Browser.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("axe-core's WebJar is not on the test classpath", e);
        }
    }
}
