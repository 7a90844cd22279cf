package dev.chatsessions.eventstore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Per-session AES-256-GCM keys, created with a session's first event and destroyed with the session. Keys (and
 * the absence of destroyed ones) are cached, so encrypting on the post path costs no extra query after the first;
 * a new key enters the cache only once the transaction that stored it has committed.
 */
public class SessionKeys {

    static final String PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int CACHE_SIZE = 10_000;

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();
    /** Looking a cipher up costs more than using it; each thread keeps one and initializes it per text. */
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(SessionKeys::aesGcm);
    /** Sessions whose new key is stored in a transaction that has not committed yet. */
    private final Set<UUID> uncommitted = ConcurrentHashMap.newKeySet();

    private final Map<UUID, Optional<SecretKey>> cache =
            Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, Optional<SecretKey>> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    public SessionKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The text encrypted with the session's key, which is created if the session has none yet. */
    String encrypt(UUID sessionId, String text) {
        return encrypt(existingKey(sessionId).orElseGet(() -> createKey(sessionId)), text);
    }

    private String encrypt(SecretKey key, String text) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                                    .put(iv)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    /**
     * The text encrypted with the session's key for a snapshot, which must never outlive the session's deletion:
     * the key is read (and share-locked) in the snapshot's transaction, so a deletion either committed before
     * (no key: refused) or waits for the snapshot to commit and then deletes it with the session's other copies.
     */
    String encryptForSnapshot(UUID sessionId, String text) {
        SecretKey key = jdbc.sql("select key from session_key where session_id = ? for share")
                .param(sessionId)
                .query((rs, n) -> (SecretKey) new SecretKeySpec(rs.getBytes(1), "AES"))
                .optional()
                .orElseThrow(() ->
                        new IllegalStateException("Session " + sessionId + " was deleted: no snapshot of it is kept"));
        return encrypt(key, text);
    }

    /** The text, or empty when the session's key was destroyed: the text is gone for good. */
    Optional<String> decrypt(UUID sessionId, String stored) {
        if (!stored.startsWith(PREFIX)) {
            return Optional.of(stored);
        }
        return existingKey(sessionId).map(key -> {
            try {
                byte[] sealed = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
                Cipher cipher = ciphers.get();
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
                return new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot decrypt text of session " + sessionId, e);
            }
        });
    }

    /** Destroys the session's key, in the caller's transaction; the cache forgets it once that commits. */
    public void destroy(UUID sessionId) {
        jdbc.sql("delete from session_key where session_id = ?")
                .param(sessionId)
                .update();
        cache.remove(sessionId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cache.remove(sessionId);
                }
            });
        }
    }

    private static Cipher aesGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No AES-GCM in this JVM", e);
        }
    }

    private Optional<SecretKey> existingKey(UUID sessionId) {
        Optional<SecretKey> cached = cache.get(sessionId);
        if (cached != null) {
            return cached;
        }
        Optional<SecretKey> stored = storedKey(sessionId);
        // A missing key stays missing (keys are created with a session's first event and only ever destroyed). A
        // key still being created is cached by its creator once it commits.
        if (!uncommitted.contains(sessionId)) {
            cache.put(sessionId, stored);
        }
        return stored;
    }

    private Optional<SecretKey> storedKey(UUID sessionId) {
        return jdbc.sql("select key from session_key where session_id = ?")
                .param(sessionId)
                .query((rs, n) -> (SecretKey) new SecretKeySpec(rs.getBytes(1), "AES"))
                .optional();
    }

    /**
     * Stores a new key in the caller's transaction and caches it once that commits: a key whose transaction rolls
     * back must not encrypt anything later (the text would be unreadable once the cache forgets it).
     */
    private SecretKey createKey(UUID sessionId) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        jdbc.sql("insert into session_key (session_id, key) values (?, ?) on conflict (session_id) do nothing")
                .params(sessionId, key)
                .update();
        cache.remove(sessionId);
        Optional<SecretKey> stored = storedKey(sessionId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            uncommitted.add(sessionId);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_COMMITTED) {
                        cache.put(sessionId, stored);
                    }
                    uncommitted.remove(sessionId);
                }
            });
        } else {
            cache.put(sessionId, stored);
        }
        return stored.orElseThrow();
    }

    /** Drops what is cached of the session's key: it was destroyed elsewhere. */
    void forget(UUID sessionId) {
        cache.remove(sessionId);
    }

    /** Drops every cached key: keys may have been destroyed elsewhere unseen. */
    void forgetAll() {
        cache.clear();
    }
}
