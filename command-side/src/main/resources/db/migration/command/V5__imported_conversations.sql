-- Which conversations of which source have been imported into a project, so that importing the same file again
-- skips them. Claimed in the transaction that imports the conversation; released when its session is deleted.
create table imported_conversation (
    project_id uuid not null,
    source     text not null,
    source_id  text not null,
    session_id uuid not null unique,
    primary key (project_id, source, source_id)
);
