package dev.chatsessions.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.DataDirs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The chat page in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium with the
 * driver's path given, so nothing is downloaded), against the whole app on a random port with the embedded
 * PostgreSQL and {@link FakeModel} as the assistant's model. One context and one browser for the class; each test
 * signs in as a user of its own. Screenshots of the main states go to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatPageBrowserIT {

    private static final Path DATA_DIR = DataDirs.fresh("browser");
    private static final FakeModel MODEL = new FakeModel();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Dimension DESKTOP = new Dimension(1440, 900);
    private static final Dimension PHONE = new Dimension(375, 812);

    private static ChromeDriverService service;
    private static WebDriver driver;
    private static Path profileDir;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("chat.data-dir", DATA_DIR::toString);
        registry.add("spring.ai.openai.base-url", MODEL::baseUrl);
        registry.add("spring.ai.openai.api-key", () -> "test");
        registry.add("spring.ai.openai.chat.options.model", () -> "fake");
        registry.add("chat.assistant.idle-timeout", () -> "5s");
        registry.add("chat.assistant.first-token-timeout", () -> "5s");
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        profileDir = Files.createTempDirectory("chat-browser-profile-");
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
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profileDir.toAbsolutePath(),
                "--window-size=1440,900");
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    @BeforeEach
    void desktop() {
        driver.manage().window().setSize(DESKTOP);
    }

    /** The Content-Security-Policy allows scripts only from the service: the Swagger UI still runs under it. */
    @Test
    void swaggerUiRunsUnderTheContentSecurityPolicy() {
        driver.get("http://localhost:" + port + "/swagger-ui.html");

        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());
        assertThat(driver.findElements(By.cssSelector(".opblock-summary-path")))
                .extracting(WebElement::getText)
                .contains("/api/projects");
    }

    @Test
    void emptyStateCreateSendStreamAutoNameRenameDeleteAndBackToEmpty() {
        String user = signIn();
        createProject("Shop");

        // A project without sessions: the empty state, and opening or reloading it creates nothing.
        waitVisible("no-sessions");
        assertThat(text("no-sessions")).contains("No chat sessions");
        driver.navigate().refresh();
        waitVisible("no-sessions");
        assertThat(sessionsOf(user)).isEmpty();
        screenshot("empty-state-1440");
        driver.manage().window().setSize(PHONE);
        screenshot("empty-state-375");
        driver.manage().window().setSize(DESKTOP);

        click("create-first-chat");
        waitVisible("composer");
        assertThat(selectedSessionName()).isEqualTo("New Chat");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("message-input");

        // Shift+Enter is a new line, Enter sends.
        WebElement input = byId("message-input");
        input.sendKeys("Create a login form", Keys.chord(Keys.SHIFT, Keys.ENTER), "with two fields");
        assertThat(input.getAttribute("value")).isEqualTo("Create a login form\nwith two fields");
        assertThat(bubbles()).isEmpty();
        input.sendKeys(Keys.ENTER);

        // The user's bubble at once, then the reply growing word by word, then the auto-name.
        waitFor(d -> bubbles().size() == 2);
        assertThat(bubbles().get(0).getText()).isEqualTo("Create a login form\nwith two fields");
        assertThat(byId("stop").isDisplayed()).isTrue();
        waitFor(d -> !assistantText().isEmpty() && !assistantText().equals(FakeModel.SHORT_REPLY));
        String partial = assistantText();
        assertThat(FakeModel.SHORT_REPLY).startsWith(partial);
        screenshot("streaming-1440");
        waitFor(d -> assistantText().equals(FakeModel.SHORT_REPLY)
                && lastMessage().getAttribute("data-status").equals("complete"));
        waitFor(d -> selectedSessionName().equals("Create a login form"));
        assertThat(byId("send").isDisplayed()).isTrue();
        assertThat(byId("stop").isDisplayed()).isFalse();
        screenshot("conversation-1440");
        driver.manage().window().setSize(PHONE);
        screenshot("conversation-375");
        driver.manage().window().setSize(DESKTOP);

        // Reloading shows the saved conversation, oldest first, and creates nothing.
        driver.navigate().refresh();
        waitFor(d -> bubbles().size() == 2);
        assertThat(bubbles().get(1).getText()).isEqualTo(FakeModel.SHORT_REPLY);
        assertThat(sessionsOf(user)).hasSize(1);

        // Rename inline.
        click("rename-chat");
        WebElement name = waitVisible("rename-input");
        assertThat(name.getAttribute("value")).isEqualTo("Create a login form");
        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Login page", Keys.ENTER);
        waitFor(d ->
                byId("session-select").isDisplayed() && selectedSessionName().equals("Login page"));
        assertThat(sessionsOf(user).get(0).path("name").asText()).isEqualTo("Login page");

        // Delete, cancelled first, then confirmed: back to the empty state.
        click("delete-chat");
        waitVisible("delete-dialog");
        assertThat(text("delete-name")).isEqualTo("Login page");
        screenshot("delete-confirmation-1440");
        click("cancel-delete");
        waitFor(d -> !byId("delete-dialog").isDisplayed());
        assertThat(sessionsOf(user)).hasSize(1);
        click("delete-chat");
        waitVisible("delete-dialog");
        click("confirm-delete");
        waitVisible("no-sessions");
        assertThat(sessionsOf(user)).isEmpty();
        assertThat(byId("session-row").isDisplayed()).isFalse();
        assertThat(byId("error-banner").isDisplayed()).isFalse();
    }

    @Test
    void stopMarksTheReplyStopped() {
        signIn();
        createProject("Stops");
        click("create-first-chat");
        waitVisible("composer");
        byId("message-input").sendKeys("Tell me a long story [long]", Keys.ENTER);
        waitFor(d -> bubbles().size() == 2 && assistantText().contains("w2"));
        click("stop");
        waitFor(d -> "stopped".equals(lastMessage().getAttribute("data-status")));
        assertThat(lastMessage().findElement(By.className("note")).getText()).startsWith("Stopped");
        assertThat(assistantText()).startsWith("w0 w1 w2").doesNotContain("w199");
        assertThat(byId("send").isDisplayed()).isTrue();
        assertThat(byId("error-banner").isDisplayed()).isFalse();
        screenshot("stopped-1440");

        // Saved as stopped: a reload shows it the same way.
        driver.navigate().refresh();
        waitFor(d -> bubbles().size() == 2);
        assertThat(lastMessage().getAttribute("data-status")).isEqualTo("stopped");
        assertThat(lastMessage().getText()).contains("Stopped");
    }

    @Test
    void reloadingDuringAReplyReattachesToIt() {
        signIn();
        createProject("Reloads");
        click("create-first-chat");
        waitVisible("composer");
        byId("message-input").sendKeys("Count for me [medium]", Keys.ENTER);
        waitFor(d -> bubbles().size() == 2 && assistantText().contains("m1 "));

        driver.navigate().refresh();
        // The page finds the reply running, shows its text so far and follows it to the end.
        waitFor(d -> bubbles().size() == 2
                && assistantText().startsWith("m0 m1")
                && "streaming".equals(lastMessage().getAttribute("data-status"))
                && byId("stop").isDisplayed());
        screenshot("reattached-1440");
        waitFor(d -> "complete".equals(lastMessage().getAttribute("data-status")));
        assertThat(assistantText().strip()).isEqualTo(String.join(" ", numbered("m", 20)));
        assertThat(byId("stop").isDisplayed()).isFalse();
        assertThat(selectedSessionName()).isEqualTo("Count for me [medium]");
    }

    @Test
    void aBrokenReplyIsMarkedFailedAndApiErrorsReadAsSentences() {
        String user = signIn();
        createProject("Failures");
        click("create-first-chat");
        waitVisible("composer");
        byId("message-input").sendKeys("Try this [break]", Keys.ENTER);
        waitFor(d -> "failed".equals(lastMessage().getAttribute("data-status")));
        assertThat(assistantText()).startsWith("part1 part2");
        assertThat(lastMessage().findElement(By.className("note")).getText()).startsWith("Reply failed");
        screenshot("failed-1440");

        // The session is deleted elsewhere: renaming it here shows the problem's title and detail, not JSON.
        String sessionId = sessionsOf(user).get(0).path("id").asText();
        Api.at(port).as(user).delete("/api/chat-sessions/" + sessionId).expect(204);
        click("rename-chat");
        waitVisible("rename-input").sendKeys(Keys.chord(Keys.CONTROL, "a"), "Renamed", Keys.ENTER);
        WebElement banner = waitVisible("error-banner");
        assertThat(banner.getText()).contains("Not Found").doesNotContain("{").doesNotContain("\"status\"");
        screenshot("error-1440");
        click("error-close");
        waitFor(d -> !byId("error-banner").isDisplayed());
    }

    @Test
    void olderPagesLoadOnScroll() {
        String user = signIn();
        Api api = Api.at(port).as(user);
        String projectId = api.createProject("Long talks").path("id").asText();
        String sessionId = api.createSession(projectId).path("id").asText();
        for (int i = 1; i <= 60; i++) {
            api.postMessage(sessionId, i % 2 == 1 ? "user" : "assistant", "message " + i);
        }
        driver.navigate().refresh();
        waitFor(d -> bubbles().size() == 50);
        assertThat(bubbles().get(0).getText()).isEqualTo("message 11");
        assertThat(bubbles().get(49).getText()).isEqualTo("message 60");
        ((JavascriptExecutor) driver).executeScript("document.getElementById('messages').scrollTop = 0;");
        waitFor(d -> bubbles().size() == 60);
        assertThat(bubbles().get(0).getText()).isEqualTo("message 1");
        assertThat(bubbles().get(59).getText()).isEqualTo("message 60");
    }

    // ---- helpers ----

    /** Signs in through the page as a new user; returns the user's name. */
    private String signIn() {
        String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
        driver.get("http://localhost:" + port + "/");
        ((JavascriptExecutor) driver).executeScript("localStorage.clear()");
        driver.navigate().refresh();
        WebElement name = waitVisible("user-name");
        name.sendKeys(user, Keys.ENTER);
        waitFor(d -> byId("who-name").getText().equals(user));
        return user;
    }

    private void createProject(String name) {
        WebElement input = waitVisible("project-name");
        input.sendKeys(name, Keys.ENTER);
        waitFor(d -> byId("project-row").isDisplayed()
                && new Select(byId("project-select"))
                        .getFirstSelectedOption()
                        .getText()
                        .equals(name));
    }

    private List<JsonNode> sessionsOf(String user) {
        Api api = Api.at(port).as(user);
        String projectId = api.get("/api/projects")
                .expect(200)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asText();
        List<JsonNode> items = new java.util.ArrayList<>();
        api.get("/api/projects/" + projectId + "/chat-sessions")
                .expect(200)
                .json()
                .path("items")
                .forEach(items::add);
        return items;
    }

    private static List<String> numbered(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> prefix + i)
                .toList();
    }

    private WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    private String text(String id) {
        return byId(id).getText();
    }

    private void click(String id) {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id(id)))
                .click();
    }

    private WebElement waitVisible(String id) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(IndexOutOfBoundsException.class)
                .until(condition::apply);
    }

    private List<WebElement> bubbles() {
        return driver.findElements(By.cssSelector("#message-list .msg .bubble"));
    }

    private WebElement lastMessage() {
        List<WebElement> items = driver.findElements(By.cssSelector("#message-list .msg"));
        return items.get(items.size() - 1);
    }

    private String assistantText() {
        List<WebElement> items = driver.findElements(By.cssSelector("#message-list .msg.assistant .bubble"));
        return items.isEmpty() ? "" : items.get(items.size() - 1).getText();
    }

    private String selectedSessionName() {
        return new Select(byId("session-select")).getFirstSelectedOption().getText();
    }

    private void screenshot(String name) {
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
