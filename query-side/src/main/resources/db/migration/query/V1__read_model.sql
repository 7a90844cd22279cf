-- Progress of each projection (Axon's token store); updated in the same transaction as the projection's tables.
create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255),
    owner          varchar(255),
    primary key (processor_name, segment)
);

-- projection "projects"
create table project (
    id          uuid        primary key,
    owner_id    text        not null,
    name        text        not null,
    description text,
    created_at  timestamptz not null
);
create index project_by_owner on project (owner_id, created_at desc, id desc);

-- projection "sessions": the dropdown
create table session_list_project (
    project_id uuid primary key,
    owner_id   text not null
);
create table chat_session (
    id              uuid        primary key,
    project_id      uuid        not null,
    owner_id        text        not null,
    name            text        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    message_count   bigint      not null default 0,
    last_message_at timestamptz
);
create index chat_session_dropdown on chat_session (project_id, updated_at desc, id desc);

-- projection "messages": the message view
create table message_session (
    session_id uuid primary key,
    owner_id   text not null
);
create table chat_message (
    id         uuid        primary key,
    session_id uuid        not null,
    seq        bigint      not null,
    role       text        not null,
    content    text        not null,
    status     text        not null,
    created_at timestamptz not null,
    unique (session_id, seq)
);
