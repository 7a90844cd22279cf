-- projection "analytics": forked and imported sessions are counted apart from sessions created new
alter table analytics_day add column sessions_forked bigint not null default 0;
alter table analytics_day add column sessions_imported bigint not null default 0;
