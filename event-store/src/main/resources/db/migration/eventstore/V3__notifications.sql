-- What one node must tell the others at once goes through PostgreSQL itself (LISTEN/NOTIFY, delivered at commit):
-- the aggregates that got new events (so that other nodes drop their cached copies and their processors look for
-- new events at once) and the sessions whose keys were destroyed (so that no node decrypts their text again). Each
-- payload starts with the writing node's name (its connections' application_name), so a node can skip its own.
create function notify_new_events() returns trigger language plpgsql as $$
begin
    perform pg_notify('chat_events', current_setting('application_name') || ' ' || new.aggregate_identifier);
    return null;
end $$;

create trigger domain_event_entry_notify after insert on domain_event_entry
    for each row execute function notify_new_events();

create function notify_destroyed_keys() returns trigger language plpgsql as $$
begin
    perform pg_notify('chat_session_keys', current_setting('application_name') || ' ' || old.session_id);
    return null;
end $$;

create trigger session_key_notify after delete on session_key
    for each row execute function notify_destroyed_keys();
