-- projection "analytics": forked and imported sessions are counted apart from sessions created new
alter table analytics_day add column sessions_forked bigint not null default 0;
alter table analytics_day add column sessions_imported bigint not null default 0;

-- projection "sessions": when an imported conversation began where it came from (null for other sessions)
alter table chat_session add column original_created_at timestamptz;

-- projection "messages": when imported messages were written where they came from, by position; read joined to
-- chat_message, so that it does not matter which of the import's events a batch writes first
create table imported_message_time (
    session_id          uuid        not null,
    seq                 bigint      not null,
    original_created_at timestamptz not null,
    primary key (session_id, seq)
);
