package dev.chatsessions.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatsessions.app.support.Api;
import dev.chatsessions.app.support.DataDirs;
import dev.chatsessions.app.support.FakeOpenAi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The chat page in a real headless Chromium against the whole app on a random port with the embedded PostgreSQL
 * and {@link FakeOpenAi}'s typing model as the assistant's model: one context and one browser for the class, each
 * test signed in as a user of its own. Each main state is checked with axe-core and saved as a screenshot under
 * {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatPageBrowserIT {

    private static final Path DATA_DIR = DataDirs.fresh("browser");
    private static final Dimension DESKTOP = new Dimension(1440, 900);
    private static final Dimension PHONE = new Dimension(375, 812);

    private static BrowserPage page;
    private static WebDriver driver;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("chat.data-dir", DATA_DIR::toString);
        registry.add("spring.ai.openai.base-url", FakeOpenAi.INSTANCE::baseUrl);
        registry.add("spring.ai.openai.api-key", () -> "test");
        registry.add("spring.ai.openai.chat.options.model", () -> FakeOpenAi.TYPING_MODEL);
        registry.add("spring.ai.retry.max-attempts", () -> "1");
        registry.add("chat.assistant.idle-timeout", () -> "5s");
        registry.add("chat.assistant.first-token-timeout", () -> "5s");
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        page = new BrowserPage();
        driver = page.driver;
    }

    @AfterAll
    static void stopBrowser() {
        if (page != null) {
            page.quit();
        }
    }

    @BeforeEach
    void desktop() {
        driver.manage().window().setSize(DESKTOP);
        page.colorScheme("light");
    }

    /** The Content-Security-Policy allows scripts only from the service: the Swagger UI still runs under it. */
    @Test
    void swaggerUiRunsUnderTheContentSecurityPolicy() {
        driver.get("http://localhost:" + port + "/swagger-ui.html");

        page.waitFor(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());
        assertThat(driver.findElements(By.cssSelector(".opblock-summary-path")))
                .extracting(WebElement::getText)
                .contains("/api/projects");
    }

    @Test
    void emptyStateCreateSendStreamAutoNameRenameDeleteAndBackToEmpty() {
        driver.get("http://localhost:" + port + "/");
        page.script("localStorage.clear()");
        driver.navigate().refresh();
        page.waitVisible("user-name");
        page.assertAccessible("sign-in");
        page.screenshot("sign-in-1440");
        String user = page.signIn(port);
        page.createProject("Shop");

        // A project without sessions: the empty state, and opening or reloading it creates nothing.
        page.waitVisible("no-sessions");
        assertThat(page.text("no-sessions")).contains("No chat sessions");
        driver.navigate().refresh();
        page.waitVisible("no-sessions");
        assertThat(sessionsOf(user)).isEmpty();
        page.assertAccessible("the empty state");
        page.screenshot("empty-state-1440");

        page.click("create-first-chat");
        page.waitVisible("composer");
        page.waitFor(d -> page.sessionNames().equals(List.of("New Chat")));
        assertThat(page.chatTitle()).isEqualTo("New Chat");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("message-input");

        // Shift+Enter is a new line, Enter sends.
        WebElement input = page.byId("message-input");
        input.sendKeys("Create a login form", Keys.chord(Keys.SHIFT, Keys.ENTER), "with two fields");
        assertThat(input.getAttribute("value")).isEqualTo("Create a login form\nwith two fields");
        input.sendKeys(Keys.ENTER);

        // The user's bubble at once, then the reply growing word by word, then the auto-name in the sidebar.
        page.waitFor(d -> page.bubbles().size() == 2
                && page.bubbles().get(0).getText().equals("Create a login form\nwith two fields"));
        assertThat(page.byId("stop").isDisplayed()).isTrue();
        page.waitFor(
                d -> !page.assistantText().isEmpty() && !page.assistantText().equals(FakeOpenAi.SHORT_REPLY));
        assertThat(FakeOpenAi.SHORT_REPLY).startsWith(page.assistantText());
        page.screenshot("streaming-1440");
        page.waitFor(d -> page.assistantText().equals(FakeOpenAi.SHORT_REPLY)
                && "complete".equals(page.lastMessage().getAttribute("data-status")));
        page.waitFor(d -> page.sessionNames().equals(List.of("Create a login form")));
        assertThat(page.chatTitle()).isEqualTo("Create a login form");
        assertThat(page.byId("send").isDisplayed()).isTrue();
        page.assertAccessible("a conversation");
        page.screenshot("conversation-1440");

        // At 375 px the sidebar folds away behind the menu button.
        driver.manage().window().setSize(PHONE);
        page.waitFor(d ->
                !page.byId("sidebar").isDisplayed() || !page.byId("new-chat").isDisplayed());
        assertThat(page.byId("toggle-sidebar").isDisplayed()).isTrue();
        page.assertAccessible("a conversation at 375 px");
        page.screenshot("conversation-375");
        page.click("toggle-sidebar");
        page.waitFor(d -> page.byId("new-chat").isDisplayed());
        page.screenshot("sidebar-375");
        page.sessionAction("Create a login form", "open");
        page.waitFor(d -> !page.byId("new-chat").isDisplayed());
        driver.manage().window().setSize(DESKTOP);

        // Reloading shows the saved conversation and creates nothing.
        driver.navigate().refresh();
        page.waitFor(d -> page.bubbles().size() == 2);
        assertThat(page.bubbles().get(1).getText()).isEqualTo(FakeOpenAi.SHORT_REPLY);
        assertThat(sessionsOf(user)).hasSize(1);

        // Rename inline in the sidebar; Escape first leaves the name as it was.
        page.sessionAction("Create a login form", "rename");
        WebElement name = page.waitFor(By.cssSelector("#session-list .rename-input"));
        assertThat(name.getAttribute("value")).isEqualTo("Create a login form");
        name.sendKeys(Keys.ESCAPE);
        page.waitFor(d -> page.sessionNames().equals(List.of("Create a login form")));
        page.sessionAction("Create a login form", "rename");
        page.waitFor(By.cssSelector("#session-list .rename-input"))
                .sendKeys(Keys.chord(Keys.CONTROL, "a"), "Login page", Keys.ENTER);
        page.waitFor(d -> page.sessionNames().equals(List.of("Login page"))
                && page.chatTitle().equals("Login page"));
        assertThat(sessionsOf(user).get(0).path("name").asText()).isEqualTo("Login page");

        // Delete, cancelled first, then confirmed: back to the empty state.
        page.sessionAction("Login page", "delete");
        page.waitVisible("delete-dialog");
        assertThat(page.text("delete-name")).isEqualTo("Login page");
        page.assertAccessible("the delete confirmation");
        page.screenshot("delete-confirmation-1440");
        page.click("cancel-delete");
        page.waitFor(d -> !page.byId("delete-dialog").isDisplayed());
        assertThat(sessionsOf(user)).hasSize(1);
        page.sessionAction("Login page", "delete");
        page.waitVisible("delete-dialog");
        page.click("confirm-delete");
        page.waitVisible("no-sessions");
        assertThat(sessionsOf(user)).isEmpty();
        assertThat(page.sessionItems()).isEmpty();
        assertThat(page.byId("error-banner").isDisplayed()).isFalse();
    }

    @Test
    void keyboardShortcutsMakeANewChatAndFocusTheSearch() {
        String user = page.signIn(port);
        page.createProject("Keys");
        page.waitVisible("no-sessions");
        page.byId("create-first-chat").sendKeys(Keys.chord(Keys.CONTROL, Keys.SHIFT, "o"));
        page.waitFor(d -> page.sessionItems().size() == 1);
        assertThat(sessionsOf(user)).hasSize(1);
        page.waitFor(
                d -> "message-input".equals(driver.switchTo().activeElement().getAttribute("id")));

        page.byId("message-input").sendKeys(Keys.chord(Keys.CONTROL, "k"));
        page.waitFor(
                d -> "search-input".equals(driver.switchTo().activeElement().getAttribute("id")));
    }

    @Test
    void markdownAndCodeRenderAndHtmlInAMessageShowsAsText() {
        page.signIn(port);
        page.createProject("Rendering");
        page.click("create-first-chat");
        page.send("Plan it [markdown]");
        page.waitFor(d -> "complete".equals(page.lastMessage().getAttribute("data-status")));

        WebElement reply = page.lastMessage().findElement(By.className("bubble"));
        assertThat(reply.findElement(By.tagName("strong")).getText()).isEqualTo("the plan");
        WebElement code = reply.findElement(By.cssSelector("pre > code"));
        assertThat(code.getAttribute("class")).contains("hljs").contains("language-js");
        assertThat(code.findElements(By.cssSelector("span[class^='hljs-']"))).isNotEmpty();
        assertThat(code.getText()).isEqualTo("const answer = 42;");
        assertThat(reply.findElement(By.cssSelector("pre .copy-code")).getText())
                .isEqualTo("Copy code");
        assertThat(reply.findElements(By.cssSelector("table td")))
                .extracting(WebElement::getText)
                .containsExactly("form", "yes");
        List<WebElement> tasks = reply.findElements(By.cssSelector("li input[type='checkbox']"));
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(0).isSelected()).isTrue();
        assertThat(tasks.get(1).isSelected()).isFalse();
        reply.findElement(By.cssSelector("pre .copy-code")).click();
        page.waitFor(d ->
                reply.findElement(By.cssSelector("pre .copy-code")).getText().equals("Copied"));
        page.assertAccessible("a rendered answer");
        page.screenshot("markdown-1440");
        page.colorScheme("dark");
        page.assertAccessible("a rendered answer, dark");
        page.screenshot("markdown-dark-1440");
        page.colorScheme("light");

        // Markup in a message is text: the user's as typed, the model's as written; none of it runs.
        String hostile = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script> [hostile]";
        page.send(hostile);
        page.waitFor(d -> page.messages().size() == 4
                && "complete".equals(page.lastMessage().getAttribute("data-status")));
        assertThat(page.bubbles().get(2).getText()).isEqualTo(hostile);
        assertThat(page.assistantText()).isEqualTo(FakeOpenAi.HOSTILE_REPLY);
        assertThat(driver.findElements(By.cssSelector("#message-list img, #message-list script")))
                .isEmpty();
        driver.navigate().refresh();
        page.waitFor(d -> page.messages().size() == 4);
        assertThat(page.bubbles().get(2).getText()).isEqualTo(hostile);
        assertThat(page.assistantText()).isEqualTo(FakeOpenAi.HOSTILE_REPLY);
        assertThat(driver.findElements(By.cssSelector("#message-list img, #message-list script")))
                .isEmpty();
        assertThat(page.script("return window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    void stopMarksTheReplyStopped() {
        page.signIn(port);
        page.createProject("Stops");
        page.click("create-first-chat");
        page.send("Tell me a long story [slow]");
        page.waitFor(d -> page.bubbles().size() == 2 && page.assistantText().contains("w2"));
        page.click("stop");
        page.waitFor(d -> "stopped".equals(page.lastMessage().getAttribute("data-status")));
        assertThat(page.lastMessage().findElement(By.className("note")).getText())
                .startsWith("Stopped");
        assertThat(page.assistantText()).startsWith("w0 w1 w2").doesNotContain("w299");
        assertThat(page.byId("send").isDisplayed()).isTrue();
        assertThat(page.byId("error-banner").isDisplayed()).isFalse();
        page.screenshot("stopped-1440");

        driver.navigate().refresh();
        page.waitFor(d -> page.bubbles().size() == 2);
        assertThat(page.lastMessage().getAttribute("data-status")).isEqualTo("stopped");
    }

    @Test
    void reloadingDuringAReplyResumesItWithoutRepeatingText() {
        page.signIn(port);
        page.createProject("Reloads");
        page.click("create-first-chat");
        page.send("Count for me [medium]");
        page.waitFor(d -> page.bubbles().size() == 2 && page.assistantText().contains("m2 "));

        driver.navigate().refresh();
        // The text seen before the reload is there at once, and the reply goes on after it.
        page.waitFor(d -> page.bubbles().size() == 2
                && page.assistantText().startsWith("m0 m1 m2")
                && "streaming".equals(page.lastMessage().getAttribute("data-status"))
                && page.byId("stop").isDisplayed());
        page.screenshot("resumed-1440");
        page.waitFor(d -> "complete".equals(page.lastMessage().getAttribute("data-status")));
        assertThat(page.assistantText().strip()).isEqualTo(String.join(" ", numbered("m", 20)));
        assertThat(page.byId("stop").isDisplayed()).isFalse();
        assertThat(page.chatTitle()).isEqualTo("Count for me [medium]");
    }

    @Test
    void failuresReadAsSentencesWithoutAnHttpStatus() {
        String user = page.signIn(port);
        page.createProject("Failures");
        page.click("create-first-chat");
        page.send("Try this [break]");
        page.waitFor(d -> "failed".equals(page.lastMessage().getAttribute("data-status")));
        assertThat(page.assistantText()).startsWith("part1 part2");
        assertThat(page.lastMessage().findElement(By.className("note")).getText())
                .startsWith("Reply failed: The model broke off its reply")
                .doesNotContainPattern("\\d{3}");
        page.screenshot("failed-1440");

        page.send("Again [ratelimit]");
        page.waitFor(d -> page.messages().size() == 4
                && "failed".equals(page.lastMessage().getAttribute("data-status")));
        assertThat(page.lastMessage().findElement(By.className("note")).getText())
                .contains("limiting how fast")
                .doesNotContainPattern("\\d{3}");

        // A name the service refuses: its reason in words, no status, no JSON.
        String name = page.sessionNames().get(0);
        page.sessionAction(name, "rename");
        page.waitFor(By.cssSelector("#session-list .rename-input"))
                .sendKeys(Keys.chord(Keys.CONTROL, "a"), "x".repeat(150), Keys.ENTER);
        WebElement banner = page.waitVisible("error-banner");
        assertThat(banner.getText())
                .startsWith("The service could not accept this")
                .doesNotContain("400")
                .doesNotContain("{");
        assertThat(sessionsOf(user).get(0).path("name").asText()).isEqualTo(name);
        page.assertAccessible("an error");
        page.screenshot("error-1440");
        page.click("error-close");
        page.waitFor(d -> !page.byId("error-banner").isDisplayed());
    }

    @Test
    void olderPagesLoadOnScroll() {
        String user = page.signIn(port);
        Api api = Api.at(port).as(user);
        String projectId = api.createProject("Long talks").path("id").asText();
        importSession(api, projectId, "Long talks", numbered("message ", 1, 60));
        driver.navigate().refresh();
        page.waitFor(d -> page.bubbles().size() == 50);
        assertThat(page.bubbles().get(0).getText()).isEqualTo("message 11");
        page.script("document.getElementById('messages').scrollTop = 0;");
        page.waitFor(d -> page.bubbles().size() == 60);
        assertThat(page.bubbles().get(0).getText()).isEqualTo("message 1");
        assertThat(page.bubbles().get(59).getText()).isEqualTo("message 60");
    }

    @Test
    void theSidebarScrollsThroughMoreThan200Chats() {
        String user = page.signIn(port);
        Api api = Api.at(port).as(user);
        String projectId = api.createProject("Many").path("id").asText();
        IntStream.rangeClosed(1, 210).parallel().forEach(i -> api.createSession(projectId, "chat " + i));
        driver.navigate().refresh();
        page.waitFor(d -> page.sessionItems().size() >= 50);
        for (int i = 0; i < 10 && page.sessionItems().size() < 210; i++) {
            int before = page.sessionItems().size();
            page.waitFor(d -> {
                page.script("const p = document.getElementById('sessions-pane'); p.scrollTop = p.scrollHeight;");
                return page.sessionItems().size() > before;
            });
        }
        assertThat(page.sessionNames())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, 210).mapToObj(i -> "chat " + i).toList());
        page.screenshot("sidebar-many-1440");
    }

    @Test
    void searchFindsAMessageAndOpensIt() {
        String user = page.signIn(port);
        Api api = Api.at(port).as(user);
        String projectId = api.createProject("Findings").path("id").asText();
        String target = api.createSession(projectId, "Travel").path("id").asText();
        // Posted, not imported: the search does not index imported chats yet. The message sought first, the 57
        // after it at once (the service numbers concurrent posts without gaps), so it lies in an older page.
        IntFunction<JsonNode> post = i -> api.postMessage(
                target, i % 2 == 1 ? "user" : "assistant", i == 3 ? "We sail to zanzibar" : "filler " + i);
        IntStream.rangeClosed(1, 3).forEach(post::apply);
        IntStream.rangeClosed(4, 60).parallel().forEach(post::apply);
        api.createSession(projectId, "Other");
        driver.navigate().refresh();
        page.waitFor(d -> page.sessionItems().size() == 2);

        page.byId("search-input").sendKeys("zanzibar");
        page.waitFor(d ->
                !driver.findElements(By.cssSelector("#result-list .result")).isEmpty());
        WebElement result = driver.findElement(By.cssSelector("#result-list .result"));
        assertThat(result.findElement(By.tagName("strong")).getText()).isEqualTo("Travel");
        assertThat(result.findElement(By.tagName("mark")).getText()).isEqualToIgnoringCase("zanzibar");
        page.assertAccessible("search results");
        page.screenshot("search-1440");

        result.click();
        // The message is in an older page than the first one shown: the page loads back to it and marks it.
        page.waitFor(d -> !driver.findElements(By.cssSelector("#message-list li.msg.found"))
                .isEmpty());
        WebElement found = driver.findElement(By.cssSelector("#message-list li.msg.found"));
        assertThat(found.getText()).contains("We sail to zanzibar");
        assertThat(found.isDisplayed()).isTrue();
        assertThat(page.chatTitle()).isEqualTo("Travel");

        page.byId("search-input").sendKeys(Keys.ESCAPE);
        page.waitFor(d -> page.byId("sessions-pane").isDisplayed());
    }

    @Test
    void pinAndArchive() {
        String user = page.signIn(port);
        Api api = Api.at(port).as(user);
        String projectId = api.createProject("Tidy").path("id").asText();
        for (String name : List.of("first", "second", "third")) {
            api.createSession(projectId, name);
        }
        driver.navigate().refresh();
        page.waitFor(d -> page.sessionNames().equals(List.of("third", "second", "first")));

        page.sessionAction("first", "pin");
        page.waitFor(d -> page.sessionNames().equals(List.of("first", "third", "second")));
        assertThat(page.sessionItem("first")
                        .findElement(By.cssSelector("[data-action='pin']"))
                        .getAttribute("aria-pressed"))
                .isEqualTo("true");
        assertThat(sessionsOf(user).get(0).path("pinned").asBoolean()).isTrue();

        page.sessionAction("second", "archive");
        page.waitFor(d -> page.sessionNames().equals(List.of("first", "third")));
        page.assertAccessible("a pinned chat");
        page.screenshot("pinned-1440");
        page.click("toggle-archived");
        page.waitFor(d -> page.sessionNames().equals(List.of("second"))
                && page.text("list-title").equalsIgnoreCase("Archived chats"));
        page.screenshot("archived-1440");
        page.sessionAction("second", "archive"); // unarchive
        page.waitFor(
                d -> page.sessionNames().isEmpty() && page.byId("no-archived").isDisplayed());
        page.click("toggle-archived");
        page.waitFor(d -> page.sessionNames().equals(List.of("first", "third", "second")));

        page.sessionAction("first", "pin"); // unpin
        page.waitFor(d -> page.sessionNames().equals(List.of("third", "second", "first")));
    }

    @Test
    void feedbackOnAnAnswer() {
        String user = page.signIn(port);
        Api api = Api.at(port).as(user);
        String projectId = api.createProject("Ratings").path("id").asText();
        String sessionId = api.createSession(projectId).path("id").asText();
        api.postMessage(sessionId, "user", "Is this good?");
        String answerId = api.postMessage(sessionId, "assistant", "It is.")
                .path("message")
                .path("id")
                .asText();
        driver.navigate().refresh();
        page.waitFor(d -> page.messages().size() == 2);
        assertThat(page.messages().get(0).findElements(By.cssSelector("[data-action='up']")))
                .isEmpty();

        WebElement answer = page.lastMessage();
        page.messageAction(answer, "up");
        page.waitFor(d -> "true"
                .equals(page.lastMessage()
                        .findElement(By.cssSelector("[data-action='up']"))
                        .getAttribute("aria-pressed")));
        assertThat(ratingOf(api, sessionId, answerId)).isEqualTo("up");
        page.screenshot("feedback-1440");

        page.messageAction(page.lastMessage(), "down");
        page.waitFor(d -> "true"
                .equals(page.lastMessage()
                        .findElement(By.cssSelector("[data-action='down']"))
                        .getAttribute("aria-pressed")));
        assertThat(ratingOf(api, sessionId, answerId)).isEqualTo("down");

        page.messageAction(page.lastMessage(), "down"); // again: takes it back
        page.waitFor(d -> "false"
                .equals(page.lastMessage()
                        .findElement(By.cssSelector("[data-action='down']"))
                        .getAttribute("aria-pressed")));
        assertThat(ratingOf(api, sessionId, answerId)).isEmpty();

        driver.navigate().refresh();
        page.waitFor(d -> page.messages().size() == 2);
        assertThat(page.lastMessage().getAttribute("data-rating")).isEmpty();
    }

    @Test
    void branchFromAMessageEditAndResendAndRegenerate() {
        String user = page.signIn(port);
        Api api = Api.at(port).as(user);
        String projectId = api.createProject("Branches").path("id").asText();
        String sessionId = api.createSession(projectId, "Origin").path("id").asText();
        api.postMessage(sessionId, "user", "question one");
        api.postMessage(sessionId, "assistant", "answer one");
        api.postMessage(sessionId, "user", "question two");
        api.postMessage(sessionId, "assistant", "answer two");
        driver.navigate().refresh();
        page.waitFor(d -> page.messages().size() == 4);

        // Branch from the first answer: a new chat with the first two messages.
        page.messageAction(page.messages().get(1), "branch");
        page.waitFor(
                d -> page.chatTitle().equals("Origin (fork)") && page.messages().size() == 2);
        assertThat(page.bubbles()).extracting(WebElement::getText).containsExactly("question one", "answer one");
        assertThat(page.sessionNames()).contains("Origin", "Origin (fork)");

        // Edit and resend the first question: a branch before it, the edited text asked there.
        page.sessionAction("Origin", "open");
        page.waitFor(d -> page.chatTitle().equals("Origin") && page.messages().size() == 4);
        page.messageAction(page.messages().get(2), "edit");
        WebElement edit = page.waitFor(By.cssSelector("#message-list form.edit-form textarea"));
        edit.sendKeys(Keys.chord(Keys.CONTROL, "a"), "question two, better");
        page.screenshot("edit-1440");
        driver.findElement(By.cssSelector("#message-list form.edit-form button[type='submit']"))
                .click();
        page.waitFor(d -> page.messages().size() == 4
                && "complete".equals(page.lastMessage().getAttribute("data-status"))
                && page.bubbles().get(2).getText().equals("question two, better"));
        assertThat(page.assistantText()).isEqualTo(FakeOpenAi.SHORT_REPLY);
        assertThat(page.chatTitle()).isEqualTo("Origin (fork)");
        assertThat(api.messages(sessionId).path("items")).hasSize(4); // the original is as it was

        // Regenerate the last reply: the same question asked again in a branch.
        page.messageAction(page.lastMessage(), "regenerate");
        page.waitFor(d -> page.chatTitle().equals("Origin (fork) (fork)")
                && page.messages().size() == 4
                && "complete".equals(page.lastMessage().getAttribute("data-status")));
        assertThat(page.bubbles().get(2).getText()).isEqualTo("question two, better");
        page.assertAccessible("a branch");
    }

    @Test
    void exportAndImport() throws IOException {
        String user = page.signIn(port);
        Api api = Api.at(port).as(user);
        String projectId = api.createProject("Take along").path("id").asText();
        String sessionId = api.createSession(projectId, "Recipes").path("id").asText();
        api.postMessage(sessionId, "user", "How do I boil an egg?");
        api.postMessage(sessionId, "assistant", "Put it in **boiling** water for 8 minutes.");
        driver.navigate().refresh();
        page.waitFor(d -> page.messages().size() == 2);

        page.click("export-md");
        Path markdown = downloaded("Recipes.md");
        assertThat(Files.readString(markdown)).startsWith("# Recipes").contains("How do I boil an egg?");
        page.click("export-json");
        Path json = downloaded("Recipes.json");
        assertThat(Api.JSON.readTree(json.toFile()).path("messages")).hasSize(2);

        // Import ChatGPT's conversations.json through the file picker.
        Path file = Files.createTempFile("conversations-", ".json");
        Files.writeString(
                file, chatGptExport("Holiday plans", "Where to go in May?", "Try Lisbon."), StandardCharsets.UTF_8);
        page.byId("import-file").sendKeys(file.toAbsolutePath().toString());
        page.waitFor(
                d -> page.chatTitle().equals("Holiday plans") && page.messages().size() == 2);
        assertThat(page.bubbles())
                .extracting(WebElement::getText)
                .containsExactly("Where to go in May?", "Try Lisbon.");
        assertThat(page.sessionNames()).contains("Holiday plans", "Recipes");
        page.screenshot("imported-1440");
    }

    @Test
    void twoWindowsStayInSync() {
        String user = page.signIn(port);
        page.createProject("Together");
        page.waitVisible("no-sessions");
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.WINDOW);
        String second = driver.getWindowHandle();
        driver.get("http://localhost:" + port + "/");
        page.waitVisible("no-sessions");

        // A new chat and its messages in the first window show in the second without a reload.
        driver.switchTo().window(first);
        page.click("create-first-chat");
        page.send("Sync me");
        page.waitFor(d -> "complete".equals(page.lastMessage().getAttribute("data-status")));
        driver.switchTo().window(second);
        page.waitFor(d -> page.sessionNames().equals(List.of("Sync me")));
        page.sessionAction("Sync me", "open");
        page.waitFor(d -> page.messages().size() == 2 && page.assistantText().equals(FakeOpenAi.SHORT_REPLY));

        // A message sent in the second window shows in the first, whose chat is open.
        page.send("And back");
        driver.switchTo().window(first);
        page.waitFor(d -> page.messages().size() == 4
                && "complete".equals(page.lastMessage().getAttribute("data-status"))
                && page.bubbles().get(2).getText().equals("And back"));

        // Renames and pins go across too.
        String sessionId = sessionsOf(user).get(0).path("id").asText();
        page.sessionAction("Sync me", "rename");
        page.waitFor(By.cssSelector("#session-list .rename-input"))
                .sendKeys(Keys.chord(Keys.CONTROL, "a"), "Synced", Keys.ENTER);
        Api.at(port).as(user).createSession(projectIdOf(user), "Elsewhere");
        page.waitFor(d -> page.sessionNames().equals(List.of("Elsewhere", "Synced")));
        page.sessionAction("Synced", "pin");
        driver.switchTo().window(second);
        page.waitFor(d -> page.sessionNames().equals(List.of("Synced", "Elsewhere"))
                && page.chatTitle().equals("Synced"));
        page.screenshot("synced-1440");
        assertThat(sessionId).isNotBlank();
        driver.close();
        driver.switchTo().window(first);
    }

    // ---- helpers ----

    private Path downloaded(String name) {
        Path file = page.downloads().resolve(name);
        page.waitFor(d -> Files.exists(file) && !Files.exists(page.downloads().resolve(name + ".crdownload")));
        return file;
    }

    private static String chatGptExport(String title, String question, String answer) {
        return """
                [{"id": "conv-%s", "title": "%s", "create_time": 1700000000, "current_node": "n2",
                  "mapping": {
                    "n0": {"id": "n0", "message": null, "parent": null, "children": ["n1"]},
                    "n1": {"id": "n1", "parent": "n0", "children": ["n2"], "message": {"id": "n1",
                           "author": {"role": "user"}, "create_time": 1700000001,
                           "content": {"content_type": "text", "parts": ["%s"]}}},
                    "n2": {"id": "n2", "parent": "n1", "children": [], "message": {"id": "n2",
                           "author": {"role": "assistant"}, "create_time": 1700000002,
                           "content": {"content_type": "text", "parts": ["%s"]}}}
                  }}]
                """.formatted(UUID.randomUUID(), title, question, answer);
    }

    private String ratingOf(Api api, String sessionId, String messageId) {
        for (JsonNode message : api.messages(sessionId).path("items")) {
            if (message.path("id").asText().equals(messageId)) {
                return message.path("feedback").path("rating").asText();
            }
        }
        throw new AssertionError("no message " + messageId);
    }

    private String projectIdOf(String user) {
        return Api.at(port)
                .as(user)
                .get("/api/projects")
                .expect(200)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asText();
    }

    private List<JsonNode> sessionsOf(String user) {
        List<JsonNode> items = new ArrayList<>();
        Api.at(port)
                .as(user)
                .get("/api/projects/" + projectIdOf(user) + "/chat-sessions")
                .expect(200)
                .json()
                .path("items")
                .forEach(items::add);
        return items;
    }

    /**
     * A session of {@code contents}, user and assistant in turn, made in one call: an import of this service's own
     * export format, which saves the same messages as posting them one by one, only without 60 round trips.
     */
    private static void importSession(Api api, String projectId, String name, List<String> contents) {
        List<Map<String, String>> messages = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            messages.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content", contents.get(i)));
        }
        Map<String, Object> session = Map.of("id", UUID.randomUUID().toString(), "name", name);
        api.post(
                        "/api/projects/" + projectId + "/import",
                        Map.of("sessions", List.of(Map.of("session", session, "messages", messages))))
                .expect(201);
    }

    private static List<String> numbered(String prefix, int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(i -> prefix + i).toList();
    }

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }
}
