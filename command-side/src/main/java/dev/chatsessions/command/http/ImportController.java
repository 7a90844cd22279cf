package dev.chatsessions.command.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatsessions.api.CheckProjectOwner;
import dev.chatsessions.api.ImportSession;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.command.importing.ImportFile;
import dev.chatsessions.command.importing.ImportedConversations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/projects/{projectId}/import}. The body is copied to a temporary file as it arrives (refused with
 * 413 past the limit), read once to check all of it (a malformed file imports nothing), then read again to import
 * one conversation after the other, each a session of its own in a transaction of its own. Neither reading holds
 * more than one conversation in memory.
 */
@RestController
@Tag(name = "Export and import")
class ImportController {

    /** The path {@code RequestBodyLimit} leaves to this controller's own limit. */
    static final String PATH = "/api/projects/{projectId}/import";

    private final CommandGateway commandGateway;
    private final ImportedConversations imported;
    private final ImportFile file;
    private final long maxBytes;

    ImportController(
            CommandGateway commandGateway,
            ImportedConversations imported,
            ObjectMapper objectMapper,
            ContentLimit contentLimit,
            @Value("${chat.import.max-bytes:52428800}") long maxBytes) {
        this.commandGateway = commandGateway;
        this.imported = imported;
        this.maxBytes = maxBytes;
        this.file = new ImportFile(objectMapper, content -> {
            try {
                contentLimit.check(content);
                return null;
            } catch (ContentTooLarge e) {
                return e.getMessage();
            }
        });
    }

    @PostMapping(PATH)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Import conversations into a project",
            description = "The body is ChatGPT's conversations.json or this service's project export "
                    + "(GET /api/projects/{projectId}/export). Each conversation becomes a session with its "
                    + "messages in order (ChatGPT: the branch last shown, system, tool and empty messages "
                    + "skipped, text parts joined), its title as name (\"Imported chat\" if none, cut to 100 "
                    + "characters), original times as originalCreatedAt; U+0000 is removed from the text. "
                    + "Importing the same file again skips the conversations already imported into the "
                    + "project (by their id in the file). A malformed file is 400 naming where it broke and "
                    + "imports nothing; a body over chat.import.max-bytes (default 50 MiB) is 413.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(mediaType = "application/json")))
    Imported importFile(@PathVariable UUID projectId, Principal user, HttpServletRequest request) throws IOException {
        commandGateway.sendAndWait(new CheckProjectOwner(projectId, user.getName()));
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        Path copy = Files.createTempFile("chat-import-", ".json");
        try {
            receive(request.getInputStream(), copy);
            try (InputStream in = Files.newInputStream(copy)) {
                file.read(in, conversation -> {});
            }
            List<SessionView> sessions = new ArrayList<>();
            int[] skipped = {0};
            try (InputStream in = Files.newInputStream(copy)) {
                file.read(in, conversation -> {
                    if (imported.contains(projectId, conversation.source(), conversation.sourceId())) {
                        skipped[0]++;
                        return;
                    }
                    try {
                        sessions.add(commandGateway.sendAndWait(new ImportSession(
                                projectId,
                                UUID.randomUUID(),
                                user.getName(),
                                conversation.name(),
                                conversation.source(),
                                conversation.sourceId(),
                                conversation.originalCreatedAt(),
                                conversation.messages())));
                    } catch (ImportedConversations.AlreadyImported meanwhile) {
                        skipped[0]++;
                    }
                });
            }
            return new Imported(sessions.size(), skipped[0], sessions);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private void receive(InputStream body, Path copy) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(copy)) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private ContentTooLarge tooLarge() {
        return new ContentTooLarge("An import file may be at most " + maxBytes + " bytes");
    }

    /** {@code sessions}: the sessions imported now, in the file's order. */
    record Imported(int imported, int skipped, List<SessionView> sessions) {}
}
