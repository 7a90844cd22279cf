-- projection "analytics": counters per project and UTC day. Additive counters are exact because each batch of
-- events and the projection's token commit in one transaction, and a replay starts from emptied tables.
create table analytics_project (
    project_id uuid primary key,
    owner_id   text not null
);
create table analytics_session (
    session_id uuid primary key,
    project_id uuid not null
);
create table analytics_day (
    project_id         uuid   not null,
    day                date   not null,
    sessions_created   bigint not null default 0,
    sessions_deleted   bigint not null default 0,
    user_messages      bigint not null default 0,
    assistant_messages bigint not null default 0,
    replies_failed     bigint not null default 0,
    replies_stopped    bigint not null default 0,
    prompt_tokens      bigint not null default 0,
    completion_tokens  bigint not null default 0,
    total_tokens       bigint not null default 0,
    first_token_ms_sum bigint not null default 0,
    first_token_count  bigint not null default 0,
    reply_ms_sum       bigint not null default 0,
    reply_count        bigint not null default 0,
    primary key (project_id, day)
);
-- which sessions received messages on which day, for messages per session
create table analytics_session_day (
    project_id uuid not null,
    day        date not null,
    session_id uuid not null,
    primary key (project_id, day, session_id)
);
