package dev.chatsessions.app.operations;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Documents the error answers of every {@code /api} operation once, from the contract's rules, instead of
 * repeating them on each controller method: 400 and 404 everywhere a path holds an id or a body is read, 409
 * and 413 where something is created or posted, 415 where a body is read.
 */
@Component
class ProblemResponsesInOpenApi implements OpenApiCustomizer {

    private static final String PROBLEM = "application/problem+json";

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        openApi.getComponents()
                .addSchemas(
                        "Problem",
                        new ObjectSchema()
                                .description(
                                        "RFC 9457 problem details; `errors` lists the fields of a validation failure")
                                .addProperty("type", new StringSchema())
                                .addProperty("title", new StringSchema())
                                .addProperty("status", new IntegerSchema())
                                .addProperty("detail", new StringSchema())
                                .addProperty("instance", new StringSchema())
                                .addProperty(
                                        "errors",
                                        new io.swagger.v3.oas.models.media.ArraySchema()
                                                .items(new ObjectSchema()
                                                        .addProperty("field", new StringSchema())
                                                        .addProperty("message", new StringSchema()))));
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperationsMap().forEach((method, operation) -> document(path, method, operation));
            }
        });
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        boolean readsBody = operation.getRequestBody() != null;
        boolean creates = method == PathItem.HttpMethod.POST;
        add(operation, "400", "Malformed JSON, a wrong type, a missing or invalid field, an invalid id or parameter");
        if (path.contains("{") || path.equals("/api/chat-messages")) {
            add(operation, "404", "Unknown, deleted, or another user's resource (indistinguishable)");
        }
        if (creates && operation.getResponses().containsKey("200")) {
            operation
                    .getResponses()
                    .put("201", operation.getResponses().get("200").description("Created"));
            operation
                    .getResponses()
                    .put(
                            "200",
                            new ApiResponse()
                                    .description(
                                            "A repeat of an earlier identical request (same id or Idempotency-Key): its answer")
                                    .content(operation.getResponses().get("201").getContent()));
        }
        if (creates) {
            add(operation, "409", "The id or Idempotency-Key was used for a different request, or a reply is running");
        }
        if (readsBody) {
            add(operation, "413", "Content over the configured limit, or a body over 1 MiB");
            add(operation, "415", "The body is not JSON");
        }
    }

    private static void add(Operation operation, String status, String description) {
        operation
                .getResponses()
                .putIfAbsent(
                        status,
                        new ApiResponse()
                                .description(description)
                                .content(new Content()
                                        .addMediaType(
                                                PROBLEM,
                                                new MediaType()
                                                        .schema(new io.swagger.v3.oas.models.media.Schema<>()
                                                                .$ref("#/components/schemas/Problem")))));
    }
}
