-- The search projection did not index forked and imported sessions: it folds them now. Its tables are emptied and its
-- tokens (and parked events) removed, so that it folds the whole event store again on the next start.
truncate search_message, search_session, search_project;
do $$
begin
    if to_regclass('token_entry') is not null then
        delete from token_entry where processor_name = 'search';
    end if;
    if to_regclass('dead_letter_entry') is not null then
        delete from dead_letter_entry where processing_group = 'search';
    end if;
end $$;
