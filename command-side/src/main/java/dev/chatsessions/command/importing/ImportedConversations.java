package dev.chatsessions.command.importing;

import dev.chatsessions.api.SessionImported;
import dev.chatsessions.command.erasure.SessionTextOwner;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The conversations imported into each project, by source and id there: each import claims its conversation in the
 * transaction that records it (a subscribing processor whose failure fails the command), so that the same
 * conversation is imported once however often, and however concurrently, its file is sent. Deleting the session
 * releases the claim: importing the file again brings the conversation back.
 */
@Component
@ProcessingGroup(ImportedConversations.GROUP)
public class ImportedConversations implements SessionTextOwner {

    public static final String GROUP = "imported-conversations";

    private final JdbcClient jdbc;

    ImportedConversations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SessionImported event) {
        int claimed = jdbc.sql("""
                                  insert into imported_conversation (project_id, source, source_id, session_id)
                                  values (?, ?, ?, ?) on conflict do nothing""")
                .params(event.projectId(), event.source(), event.sourceConversationId(), event.sessionId())
                .update();
        if (claimed == 0) {
            throw new AlreadyImported();
        }
    }

    /** A deleted session's conversation may be imported again. */
    @Override
    public void forget(UUID sessionId) {
        jdbc.sql("delete from imported_conversation where session_id = ?")
                .param(sessionId)
                .update();
    }

    public boolean contains(UUID projectId, String source, String sourceId) {
        return jdbc.sql("""
                           select exists(select 1 from imported_conversation
                                         where project_id = ? and source = ? and source_id = ?)""")
                .params(projectId, source, sourceId)
                .query(Boolean.class)
                .single();
    }

    /** The conversation was imported into the project meanwhile. */
    public static final class AlreadyImported extends IllegalStateException {

        AlreadyImported() {
            super("This conversation was imported into the project already");
        }
    }
}
