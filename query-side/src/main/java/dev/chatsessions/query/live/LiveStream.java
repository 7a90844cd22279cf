package dev.chatsessions.query.live;

import dev.chatsessions.api.SessionView;
import java.io.IOException;
import java.util.UUID;

/**
 * Where {@link LiveStreams} sends a followed project's changes; the web layer writes them to the client. Each change
 * carries its position in the event store, which a client resumes after. A write that fails ends the stream.
 */
public interface LiveStream {

    /** Following has begun: every change committed from here on is sent. */
    void following(UUID projectId) throws IOException;

    /** One of the project's sessions changed: the session as the sessions read model shows it now. */
    void sessionChanged(long position, SessionView session) throws IOException;

    void sessionDeleted(long position, UUID sessionId) throws IOException;

    /** Nothing was sent for a heartbeat's time: something to keep proxies from closing the connection. */
    void quiet() throws IOException;

    /** Following ended, by itself ({@code failure} null) or because it failed. */
    void ended(Throwable failure);
}
