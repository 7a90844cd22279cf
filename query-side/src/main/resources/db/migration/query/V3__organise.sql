-- Issue 14, organising and finding chats: pinned and archived sessions, feedback, and the search projection.
-- (One migration in the version left for it, so that it does not collide with V4__branching of issue 15.)

-- projection "sessions": pinned sessions first, archived ones apart. Existing rows are neither; a replay of the
-- projection fills the flags from the events.
alter table chat_session add column pinned   boolean not null default false;
alter table chat_session add column archived boolean not null default false;
drop index chat_session_dropdown;
create index chat_session_dropdown on chat_session (project_id, archived, pinned desc, updated_at desc, id desc);

-- projection "messages": the feedback given on an assistant message, null when none
alter table chat_message add column feedback_rating  text;
alter table chat_message add column feedback_comment text;

-- projection "analytics": feedback given per day, by rating, and feedback removed
alter table analytics_day add column feedback_up      bigint not null default 0;
alter table analytics_day add column feedback_down    bigint not null default 0;
alter table analytics_day add column feedback_cleared bigint not null default 0;

-- projection "search": a project's sessions and messages, found by their words. Full-text search with the 'simple'
-- configuration (lower-cased words, no stemming and no stop words: it works the same for every language, and a
-- word is found as it was written); trigram indexes serve partial words when no whole word matches. A replay of the
-- projection fills the tables from the events.
create extension if not exists pg_trgm;

create table search_project (
    project_id uuid primary key,
    owner_id   text not null
);
create table search_session (
    id              uuid        primary key,
    project_id      uuid        not null,
    name            text        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    message_count   bigint      not null default 0,
    last_message_at timestamptz,
    pinned          boolean     not null default false,
    archived        boolean     not null default false,
    words           tsvector generated always as (to_tsvector('simple', name)) stored
);
create index search_session_by_project on search_session (project_id);
create index search_session_words on search_session using gin (words);
create index search_session_trigrams on search_session using gin (name gin_trgm_ops);
create table search_message (
    id               uuid        primary key,
    session_id       uuid        not null,
    project_id       uuid        not null,
    seq              bigint      not null,
    role             text        not null,
    content          text        not null,
    status           text        not null,
    created_at       timestamptz not null,
    feedback_rating  text,
    feedback_comment text,
    words            tsvector generated always as (to_tsvector('simple', content)) stored
);
create index search_message_by_session on search_message (session_id);
create index search_message_words on search_message using gin (words);
create index search_message_trigrams on search_message using gin (content gin_trgm_ops);
