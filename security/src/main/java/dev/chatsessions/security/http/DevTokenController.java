package dev.chatsessions.security.http;

import dev.chatsessions.security.LocalTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Exists in local mode only (a bean of {@code ChatSecurityAutoConfiguration}): any caller may act as any named user,
 * which is the point of a local run and why {@code LocalModeRule} keeps it where nobody else can call.
 */
@RestController
@Tag(name = "Local mode")
public class DevTokenController {

    private final LocalTokens localTokens;

    public DevTokenController(LocalTokens localTokens) {
        this.localTokens = localTokens;
    }

    @PostMapping("/api/dev/tokens")
    @Operation(summary = "A token acting as the given user (local mode only; absent, 404, in any other mode)")
    Token issue(@RequestBody TokenRequest request) {
        String userId = request.userId();
        if (userId == null || userId.isBlank() || userId.length() > 200 || userId.indexOf('\u0000') >= 0) {
            String rule = "must be 1 to 200 characters, without U+0000";
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemAdvice.invalid("userId", rule), null);
        }
        return new Token(localTokens.issue(userId.strip(), request.roles()));
    }

    record TokenRequest(String userId, List<String> roles) {}

    record Token(String token) {}
}
