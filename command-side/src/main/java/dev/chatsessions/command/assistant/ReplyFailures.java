package dev.chatsessions.command.assistant;

import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/** Tells why a reply failed, in words a user can act on, from how its generation ended. */
@Component
class ReplyFailures {

    private final AssistantProperties properties;

    ReplyFailures(AssistantProperties properties) {
        this.properties = properties;
    }

    /** Why a reply whose stream completed is not whole, or null when it is. */
    ReplyFailure ofCompleted(ReplyRef reply, String text, ReplyStats stats) {
        if (stats.finishReason == null) {
            return modelFailed(reply, "The model's stream ended before the reply was finished");
        }
        if (text.isBlank()) {
            return modelFailed(reply, "The model sent an empty reply");
        }
        return null;
    }

    /** Why a reply whose stream failed with {@code error} (null when unknown) failed. */
    ReplyFailure of(ReplyRef reply, Throwable error, ReplyStats stats) {
        if (error instanceof ModelStreaming.NoModel) {
            return new ReplyFailure(reply, ReplyFailure.Kind.NO_MODEL, AssistantModel.NOT_CONFIGURED);
        }
        if (error instanceof ReplyLimitReached limit) {
            return new ReplyFailure(reply, limit.kind(), limit.getMessage());
        }
        if (error instanceof TimeoutException) {
            return new ReplyFailure(
                    reply,
                    ReplyFailure.Kind.MODEL_TIMED_OUT,
                    stats.sentNothing()
                            ? "The model sent nothing within " + properties.firstTokenTimeout()
                            : "The model stopped sending for " + properties.idleTimeout());
        }
        if (error instanceof WebClientResponseException response) {
            String body = response.getResponseBodyAsString();
            return modelFailed(
                    reply,
                    "The model endpoint answered " + response.getStatusCode().value()
                            + (body.isBlank() ? "" : ": " + abbreviate(body)));
        }
        if (error instanceof WebClientRequestException request) {
            return modelFailed(
                    reply,
                    "Could not reach the model endpoint: "
                            + abbreviate(String.valueOf(
                                    request.getMostSpecificCause().getMessage())));
        }
        return modelFailed(
                reply,
                "The model's stream broke off: "
                        + abbreviate(error == null ? "unknown error" : String.valueOf(error.getMessage())));
    }

    private static ReplyFailure modelFailed(ReplyRef reply, String detail) {
        return new ReplyFailure(reply, ReplyFailure.Kind.MODEL_FAILED, detail);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
