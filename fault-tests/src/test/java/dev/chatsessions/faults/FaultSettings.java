package dev.chatsessions.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every knob of the fault-injection suite in one place: the load, the bounds on every wait, and the settings the
 * server under test is started with. Service settings that do not exist yet (the reply limits being added for
 * issue 11) are harmless: Spring Boot ignores unknown properties.
 */
final class FaultSettings {

    private FaultSettings() {}

    // ---- the server under test ------------------------------------------------------------------------------

    static final Path SERVER_JAR = Path.of(System.getProperty("faults.server-jar", "../app/target/chat-sessions.jar"))
            .toAbsolutePath()
            .normalize();
    static final Path WORK_DIR = Path.of(System.getProperty("faults.work-dir", "target/fault-work"))
            .toAbsolutePath()
            .normalize();
    static final Path FIGURES = Path.of(System.getProperty("faults.figures", "target/fault-figures.json"))
            .toAbsolutePath()
            .normalize();

    /** The shared HS256 secret every server is started with, so the suite signs its own tokens in every mode. */
    static final String HMAC_SECRET = "fault-injection-suite-secret-0123456789abcdef";

    static final List<String> SERVER_JVM =
            List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-Daxoniq.update-checker.disabled=true");

    /**
     * Arguments every server gets, after port, address and data dir. The per-user rate limits are lifted: the load
     * is two clients per user posting as fast as they are answered, far beyond a person chatting, and what the suite
     * measures is faults, not throttling (a 429 would only be retried).
     */
    static final List<String> SERVER_ARGS = List.of(
            "--logging.level.root=WARN",
            "--logging.level.dev.chatsessions=INFO",
            "--chat.rate-limit.writes-per-minute=1000000000",
            "--chat.rate-limit.replies-per-minute=1000000000");

    /**
     * The assistant's bounds for the faulty-model scenario: a hanging model fails on the first-token timeout, an
     * endless one on the reply length (10,000 characters a second from the faulty model) or else its duration.
     * {@code max-reply-duration} and {@code max-reply-length} come with issue 11's bounded resources (see class doc).
     */
    static final List<String> ASSISTANT_ARGS = List.of(
            "--spring.ai.openai.api-key=fault-suite",
            "--spring.ai.openai.chat.options.model=faulty-model",
            "--chat.assistant.connect-timeout=2s",
            "--chat.assistant.first-token-timeout=3s",
            "--chat.assistant.idle-timeout=3s",
            "--chat.assistant.max-reply-duration=15s",
            "--chat.assistant.max-reply-length=20000",
            "--chat.assistant.orphan-after=5s",
            "--chat.assistant.recovery-interval=1s");

    static final Duration STARTUP = Duration.ofSeconds(120);

    // ---- the load -------------------------------------------------------------------------------------------

    static final int CLIENTS = 8;
    static final int USERS = 4;
    static final int SESSIONS_PER_USER = 5;
    /** Hard bound on the posts one client makes in a scenario, whatever the timing. */
    static final int MAX_POSTS_PER_CLIENT = 2_500;
    /** A post is retried (same id) at most this many times before it counts as unresolved. */
    static final int MAX_ATTEMPTS = 300;

    static final Duration POST_TIMEOUT = Duration.ofSeconds(30);
    /** How long a client waits for the service to answer at all before retrying a post. */
    static final Duration SERVICE_BACK = Duration.ofSeconds(120);
    /** Acknowledged posts to wait for between two faults, and the bound on that wait. */
    static final int ACKS_BETWEEN_FAULTS = 200;

    static final Duration ACKS_WAIT = Duration.ofSeconds(90);
    /** After the load is told to stop, how long clients get to settle their posts in flight. */
    static final Duration DRAIN = Duration.ofSeconds(120);

    // ---- the faults -----------------------------------------------------------------------------------------

    static final int KILLS = 3;
    static final Duration DATABASE_DOWN = Duration.ofSeconds(4);

    // ---- the end checks -------------------------------------------------------------------------------------

    /** After the database returns, the server must be UP and acknowledging posts again within this. */
    static final Duration RECOVERY = Duration.ofSeconds(60);
    /** At the end of a scenario, the faults over and the load stopped, health must be UP within this. */
    static final Duration HEALTH_UP = Duration.ofSeconds(30);

    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** "Promptly": a read of another user's session must answer within this, while a fault is going on. */
    static final Duration PROMPT_READ = Duration.ofSeconds(2);

    static final Duration REPLY_SETTLED = Duration.ofSeconds(60);
}
