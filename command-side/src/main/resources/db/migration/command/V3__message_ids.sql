-- Every message id in use, so that a message posted with an id already used (in any session) is refused instead of
-- being stored as an event that the read side would have to drop. Kept after a session is deleted: its events, and
-- their ids, stay for audit.
create table message_id (
    message_id uuid primary key,
    session_id uuid not null
);

-- The messages posted before this table existed (their ids are stored in plain JSON beside the encrypted text); on a
-- large store this takes longer than the service's statements may.
set local statement_timeout = 0;
do $$
begin
    if to_regclass('domain_event_entry') is not null then
        insert into message_id (message_id, session_id)
        select (payload::jsonb ->> 'messageId')::uuid, (payload::jsonb ->> 'sessionId')::uuid
        from (select convert_from(payload, 'UTF8') as payload
              from domain_event_entry
              where payload_type = 'dev.chatsessions.api.MessagePosted') posted
        on conflict do nothing;
    end if;
end $$;
