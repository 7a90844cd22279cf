package dev.chatsessions.query.http;

import dev.chatsessions.query.admin.ProjectionAdmin;
import dev.chatsessions.query.admin.ProjectionStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin only (see the app's security): where each projection stands, and rebuilding one from the event store. */
@RestController
@RequestMapping("/api/admin/projections")
@Tag(name = "Admin")
class ProjectionAdminController {

    private final ProjectionAdmin projections;

    ProjectionAdminController(ProjectionAdmin projections) {
        this.projections = projections;
    }

    @GetMapping
    @Operation(summary = "Each projection: name, position, lag in events, whether it is replaying")
    List<ProjectionStatus> list() {
        return projections.statuses();
    }

    /**
     * 202 once the replay began; 409 when some segment stays held by a process that does not take part, or a projection
     * folded inline has not caught up with what it folded so.
     */
    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Rebuild a projection's tables from the event store (202; 409 if a process keeps holding it)")
    void replay(@PathVariable String name) {
        try {
            projections.replay(name);
        } catch (UnableToClaimTokenException e) {
            throw new ErrorResponseException(
                    HttpStatus.CONFLICT,
                    ProblemDetail.forStatusAndDetail(
                            HttpStatus.CONFLICT,
                            "Projection " + name + " stayed held by a process that does not take part "
                                    + "in replays; stop it there first"),
                    e);
        } catch (ProjectionAdmin.NotCaughtUp e) {
            throw new ErrorResponseException(
                    HttpStatus.CONFLICT,
                    ProblemDetail.forStatusAndDetail(
                            HttpStatus.CONFLICT,
                            "Projection " + name + " has not caught up with what it folded inline; try again"),
                    e);
        }
    }
}
