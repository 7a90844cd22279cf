package dev.chatsessions.query.http;

import dev.chatsessions.query.admin.DeadLetters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin only (see the app's security): the events projections could not fold, and folding them again. */
@RestController
@RequestMapping("/api/admin/dead-letters")
@Tag(name = "Admin")
class DeadLetterAdminController {

    private final DeadLetters deadLetters;

    DeadLetterAdminController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    @Operation(summary = "The events projections could not fold, parked with the later events of their session")
    Map<String, List<DeadLetters.Parked>> list() {
        return Map.of("items", deadLetters.list());
    }

    @PostMapping("/retry")
    @Operation(summary = "Fold the parked events again, oldest first per session; what still fails stays parked")
    DeadLetters.Retried retry() {
        return deadLetters.retry();
    }
}
