-- Repeatable create requests (client ids and Idempotency-Key): the claim and the answer first given.
create table client_request (
    request_key text        primary key,
    fingerprint text        not null,
    answer      text,
    -- the chat session the request created or wrote to, so that deleting the session erases its answer too
    session_id  uuid,
    created_at  timestamptz not null default now()
);
create index client_request_by_session on client_request (session_id);
