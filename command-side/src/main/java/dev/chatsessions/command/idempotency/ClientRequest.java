package dev.chatsessions.command.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * A create request that the client may repeat: keyed by its {@code Idempotency-Key} header, else by the id the
 * client chose for the new resource. The fingerprint tells a true repeat from a reuse of the key for other
 * content. Travels with the command as metadata.
 * <p>
 * An Idempotency-Key belongs to its user: the same key from two users is two requests. A client id names the new
 * resource, so it stays unique across users; a repeat is recognised only for the user who made it (the fingerprint
 * holds the user), and an id another user took answers exactly like one's own id reused for other content.
 */
public record ClientRequest(String key, String fingerprint, UUID sessionId) {

    static final String KEY = "clientRequestKey";
    static final String FINGERPRINT = "clientRequestFingerprint";
    static final String SESSION = "clientRequestSession";

    /** Null when the client gave neither a key nor an id, so that the request cannot be repeated. */
    public static ClientRequest of(String userId, String idempotencyKey, UUID clientId, String route, Object body) {
        IdempotencyKeys.check(idempotencyKey);
        if (idempotencyKey == null && clientId == null) {
            return null;
        }
        String user = unambiguous(userId);
        String key = idempotencyKey != null ? "key:" + user + ":" + idempotencyKey : "id:" + clientId;
        return new ClientRequest(key, sha256(user + "\n" + route + "\n" + body), null);
    }

    /**
     * Null when the client gave neither a key nor an id. The recorded answer belongs to {@code sessionId} and is
     * erased with it.
     */
    public static ClientRequest of(
            String userId, String idempotencyKey, UUID clientId, String route, Object body, UUID sessionId) {
        ClientRequest request = of(userId, idempotencyKey, clientId, route, body);
        return request == null ? null : new ClientRequest(request.key(), request.fingerprint(), sessionId);
    }

    Map<String, String> metaData() {
        return sessionId == null
                ? Map.of(KEY, key, FINGERPRINT, fingerprint)
                : Map.of(KEY, key, FINGERPRINT, fingerprint, SESSION, sessionId.toString());
    }

    /**
     * The user id with its delimiters escaped, so that no user's key or fingerprint can equal another's (users
     * {@code a:b} with key {@code c} and {@code a} with key {@code b:c}). Ids without them are unchanged, so keys
     * recorded before stay valid.
     */
    private static String unambiguous(String userId) {
        return userId.replace("%", "%25").replace(":", "%3A").replace("\n", "%0A");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
