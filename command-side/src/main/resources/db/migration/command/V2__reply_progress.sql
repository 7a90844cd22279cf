-- Replies being generated: the text so far, saved every few hundred milliseconds while the model streams, and a
-- heartbeat. A row lives from ReplyStarted (inserted in the same transaction) to the reply's MessagePosted; a row
-- whose heartbeat has stopped belongs to a process that died, and its reply is closed as failed with this text.
create table reply_progress (
    reply_id     uuid        primary key,
    session_id   uuid        not null,
    content      text        not null default '',
    started_at   timestamptz not null,
    heartbeat_at timestamptz not null
);
create index reply_progress_by_session on reply_progress (session_id);
create index reply_progress_by_heartbeat on reply_progress (heartbeat_at);
