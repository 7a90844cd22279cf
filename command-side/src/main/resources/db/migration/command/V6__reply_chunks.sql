-- A reply's text is appended as it streams, one chunk per flush, instead of being rewritten whole: any node can then
-- serve the reply from a position, and the generating node writes only what is new. position is the chunk's offset in
-- the reply's text, in UTF-16 code units (what Java's and JavaScript's string lengths count). The chunks go with their
-- reply_progress row: when the reply is saved (its MessagePosted) and when its session is erased.
create table reply_chunk (
    reply_id uuid    not null references reply_progress (reply_id) on delete cascade,
    position integer not null,
    text     text    not null,
    primary key (reply_id, position)
);

insert into reply_chunk (reply_id, position, text)
select reply_id, 0, content from reply_progress where content <> '';

alter table reply_progress drop column content;

-- A stop asked for on any node; the generating node is told at once (below) and checks it at every heartbeat.
alter table reply_progress add column stop_requested boolean not null default false;

-- Followers on other nodes are woken when a reply's text grows or the reply is saved (its row removed); the
-- generating node is woken when another node asks it to stop. Payloads are "<node name> <reply id>", as in the event
-- store's V3__notifications.
create function notify_reply_text() returns trigger language plpgsql as $$
begin
    perform pg_notify('chat_reply_text', current_setting('application_name') || ' '
                                         || coalesce(new.reply_id, old.reply_id));
    return null;
end $$;

create trigger reply_chunk_notify after insert on reply_chunk
    for each row execute function notify_reply_text();

create trigger reply_progress_end_notify after delete on reply_progress
    for each row execute function notify_reply_text();

create function notify_reply_stop() returns trigger language plpgsql as $$
begin
    perform pg_notify('chat_reply_stop', current_setting('application_name') || ' ' || new.reply_id);
    return null;
end $$;

create trigger reply_progress_stop_notify after update of stop_requested on reply_progress
    for each row when (new.stop_requested and not old.stop_requested) execute function notify_reply_stop();
