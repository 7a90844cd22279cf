-- Who wrote each message and where its event is in the session's stream, so that a session can tell its assistant
-- messages (feedback is for those only) without keeping every message id in its state, and a message can be read
-- back from the event store in one step. Both are written with the id, in the transaction that posts the message.
alter table message_id add column role text;
alter table message_id add column event_seq bigint;

-- The messages posted before (role and ids are stored in plain JSON beside the encrypted text).
do $$
begin
    if to_regclass('domain_event_entry') is not null then
        update message_id m
        set role = posted.role, event_seq = posted.sequence_number
        from (select (payload::jsonb ->> 'messageId')::uuid as message_id,
                     lower(payload::jsonb ->> 'role') as role, sequence_number
              from (select convert_from(payload, 'UTF8') as payload, sequence_number
                    from domain_event_entry
                    where payload_type = 'dev.chatsessions.api.MessagePosted') stored) posted
        where m.message_id = posted.message_id;
    end if;
end $$;
