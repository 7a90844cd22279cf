package dev.chatsessions.query.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The events projections could not fold, parked per session in Axon's dead-letter queue: what is there, and folding
 * them again (after the cause was mended) from the oldest of each session on.
 */
@Component
public class DeadLetters {

    private final JdbcClient jdbc;
    private final EventProcessingConfiguration eventProcessing;

    DeadLetters(JdbcClient jdbc, EventProcessingConfiguration eventProcessing) {
        this.jdbc = jdbc;
        this.eventProcessing = eventProcessing;
    }

    /** One parked event. {@code sessionId} is its sequence: the session (or project) whose later events wait too. */
    public record Parked(
            String projection,
            String sessionId,
            long position,
            String eventType,
            String eventId,
            Instant enqueuedAt,
            String cause) {}

    public record Retried(int folded, long stillParked) {}

    public List<Parked> list() {
        return jdbc.sql("""
                            select processing_group, sequence_identifier, sequence_index, payload_type,
                                   event_identifier, enqueued_at, cause_message
                            from dead_letter_entry order by processing_group, sequence_identifier, sequence_index""")
                .query((rs, n) -> new Parked(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        simpleName(rs.getString(4)),
                        rs.getString(5),
                        Instant.parse(rs.getString(6)),
                        rs.getString(7)))
                .list();
    }

    public long count() {
        return jdbc.sql("select count(*) from dead_letter_entry")
                .query(Long.class)
                .single();
    }

    public Map<String, Long> countByProjection() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select processing_group, count(*) from dead_letter_entry group by 1 order by 1")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** Folds every parked session's events again, in order; a session whose oldest still fails stays parked. */
    public Retried retry() {
        int folded = 0;
        var sequences = jdbc.sql("select distinct processing_group, sequence_identifier from dead_letter_entry")
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2)))
                .list();
        for (List<String> sequence : sequences) {
            var processor = eventProcessing.sequencedDeadLetterProcessor(sequence.get(0));
            if (processor.isPresent() && retry(processor.get(), sequence.get(1))) {
                folded++;
            }
        }
        return new Retried(folded, count());
    }

    private static boolean retry(SequencedDeadLetterProcessor<EventMessage<?>> processor, String sequence) {
        return processor.process((DeadLetter<? extends EventMessage<?>> letter) ->
                letter.message() instanceof DomainEventMessage<?> event
                        && sequence.equals(event.getAggregateIdentifier()));
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
