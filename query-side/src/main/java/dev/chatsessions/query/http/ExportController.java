package dev.chatsessions.query.http;

import dev.chatsessions.api.ProjectView;
import dev.chatsessions.api.SessionView;
import dev.chatsessions.query.BadQuery;
import dev.chatsessions.query.export.Exports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Downloads. The session or project is looked up first, so that an unknown one is a 404 problem; then the body is
 * written to the response as it is read, never held whole.
 */
@RestController
@Tag(name = "Export and import")
class ExportController {

    private final Exports exports;

    ExportController(Exports exports) {
        this.exports = exports;
    }

    @GetMapping("/api/chat-sessions/{sessionId}/export")
    @Operation(
            summary = "Download a conversation",
            description = "format=markdown (default): the name as title, each message under its role (## User, "
                    + "## Assistant) with its time, its content verbatim. format=json: {session, messages}. "
                    + "Content-Disposition: attachment with a safe file name.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            content = {@Content(mediaType = "text/markdown"), @Content(mediaType = "application/json")
                            }))
    void exportSession(
            @PathVariable UUID sessionId,
            @RequestParam(required = false) String format,
            Principal user,
            HttpServletResponse response)
            throws IOException {
        boolean json = format(format);
        SessionView session = exports.session(user.getName(), sessionId);
        response.setCharacterEncoding("UTF-8");
        response.setContentType(json ? "application/json" : "text/markdown;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, FileNames.attachment(session.name(), json ? "json" : "md"));
        if (json) {
            exports.sessionAsJson(user.getName(), session, response.getOutputStream());
        } else {
            exports.sessionAsMarkdown(user.getName(), session, response.getOutputStream());
        }
    }

    @GetMapping("/api/projects/{projectId}/export")
    @Operation(
            summary = "Download a project with all its conversations",
            description = "JSON {project, sessions: [{session, messages}]}, the sessions most recently updated "
                    + "first, messages oldest first; streamed as it is read. The format "
                    + "POST /api/projects/{projectId}/import takes.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json")))
    void exportProject(@PathVariable UUID projectId, Principal user, HttpServletResponse response) throws IOException {
        ProjectView project = exports.project(user.getName(), projectId);
        response.setContentType("application/json");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, FileNames.attachment(project.name(), "json"));
        exports.projectAsJson(user.getName(), project, response.getOutputStream());
    }

    private static boolean format(String format) {
        if (format == null || format.equals("markdown")) {
            return false;
        }
        if (format.equals("json")) {
            return true;
        }
        throw new BadQuery("format", "must be markdown or json");
    }
}
