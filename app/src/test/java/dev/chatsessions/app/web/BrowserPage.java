package dev.chatsessions.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.webjars.WebJarVersionLocator;

/**
 * One headless Chromium (Debian's chromium and chromium-driver, driven by Selenium with the driver's path given,
 * so nothing is downloaded) and the page's vocabulary for the tests: waits, the sidebar, the messages, axe-core's
 * accessibility check and screenshots under {@code target/screenshots}. Downloads land in {@link #downloads()}.
 */
final class BrowserPage {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriverService service;
    private final Path profileDir;
    private final Path downloadDir;
    final WebDriver driver;

    BrowserPage() throws IOException {
        profileDir = Files.createTempDirectory("chat-browser-profile-");
        downloadDir = Files.createTempDirectory("chat-browser-downloads-");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profileDir.toAbsolutePath(),
                "--window-size=1440,900");
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory",
                        downloadDir.toAbsolutePath().toString(),
                        "download.prompt_for_download",
                        false));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    void quit() {
        driver.quit();
        service.stop();
    }

    Path downloads() {
        return downloadDir;
    }

    /** Signs in through the page as a new user; returns the user's name. */
    String signIn(int port) {
        String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
        driver.get("http://localhost:" + port + "/");
        script("localStorage.clear(); sessionStorage.clear();");
        driver.navigate().refresh();
        waitVisible("user-name").sendKeys(user, Keys.ENTER);
        waitFor(d -> byId("who-name").getText().equals(user));
        return user;
    }

    void createProject(String name) {
        waitVisible("project-name").sendKeys(name, Keys.ENTER);
        waitFor(d -> byId("side-tools").isDisplayed() && byId("chat-view").isDisplayed());
    }

    /** Runs axe-core in the page: no serious or critical violation of WCAG 2 A/AA or best practice. */
    void assertAccessible(String state) {
        if (!Boolean.TRUE.equals(script("return typeof axe !== 'undefined'"))) {
            script(axeSource());
        }
        Object found = ((JavascriptExecutor) driver).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})
                          .then(r => done(r.violations
                            .filter(v => v.impact === 'serious' || v.impact === 'critical')
                            .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                          .catch(e => done(['axe failed: ' + e]));
                        """);
        assertThat((List<?>) found)
                .as("serious or critical accessibility violations in " + state)
                .isEmpty();
    }

    private static String axeSource() {
        String path = new WebJarVersionLocator().fullPath("axe-core", "axe.min.js");
        try (InputStream in = BrowserPage.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("axe-core is not on the test classpath at " + path, e);
        }
    }

    void screenshot(String name) {
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Emulates the system's colour scheme: "dark" or "light". */
    void colorScheme(String scheme) {
        ((ChromeDriver) driver)
                .executeCdpCommand(
                        "Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    String text(String id) {
        return byId(id).getText();
    }

    void click(String id) {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id(id)))
                .click();
    }

    WebElement waitVisible(String id) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(IndexOutOfBoundsException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(condition::apply);
    }

    WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    // ---- the sidebar ----

    List<WebElement> sessionItems() {
        return driver.findElements(By.cssSelector("#session-list li.session"));
    }

    List<String> sessionNames() {
        return sessionItems().stream()
                .map(item -> item.findElement(By.cssSelector(".open")).getText())
                .toList();
    }

    WebElement sessionItem(String name) {
        return sessionItems().stream()
                .filter(item ->
                        item.findElement(By.cssSelector(".open")).getText().equals(name))
                .findFirst()
                .orElseThrow(() -> new org.openqa.selenium.NoSuchElementException("no chat named " + name));
    }

    /** Clicks one of a chat's buttons in the sidebar: open, pin, rename, archive, delete. */
    void sessionAction(String name, String action) {
        WebElement item = sessionItem(name);
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(item).perform();
        item.findElement(By.cssSelector("[data-action='" + action + "']")).click();
    }

    String chatTitle() {
        return text("chat-title");
    }

    // ---- the messages ----

    List<WebElement> messages() {
        return driver.findElements(By.cssSelector("#message-list li.msg"));
    }

    List<WebElement> bubbles() {
        return driver.findElements(By.cssSelector("#message-list .msg .bubble"));
    }

    WebElement lastMessage() {
        List<WebElement> items = messages();
        return items.get(items.size() - 1);
    }

    String assistantText() {
        List<WebElement> items = driver.findElements(By.cssSelector("#message-list .msg.assistant .bubble"));
        return items.isEmpty() ? "" : items.get(items.size() - 1).getText();
    }

    void messageAction(WebElement message, String action) {
        new org.openqa.selenium.interactions.Actions(driver)
                .moveToElement(message)
                .perform();
        message.findElement(By.cssSelector(".msg-actions [data-action='" + action + "']"))
                .click();
    }

    void send(String text) {
        waitVisible("message-input").sendKeys(text, Keys.ENTER);
    }
}
