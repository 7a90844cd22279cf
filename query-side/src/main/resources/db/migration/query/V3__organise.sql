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
