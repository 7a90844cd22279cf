-- Axon's JDBC event store. Payloads are JSON (Jackson) in bytea; global_index is a plain sequence stepping by 1,
-- so that streaming processors see no artificial gaps.
create table domain_event_entry (
    global_index         bigserial    primary key,
    event_identifier     varchar(255) not null unique,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    unique (aggregate_identifier, sequence_number)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null unique,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    primary key (aggregate_identifier, sequence_number)
);

-- Lets the read side find the newest event of the types a projection folds (read-your-writes).
create index domain_event_entry_by_type on domain_event_entry (payload_type, global_index);

-- One AES key per chat session. The text users wrote in a session is encrypted inside its events with this key;
-- deleting the session deletes the key, and the text with it, while the events themselves stay for audit.
create table session_key (
    session_id uuid        primary key,
    key        bytea       not null,
    created_at timestamptz not null default now()
);
