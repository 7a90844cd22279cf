-- Issue 17: the search projection rebuilds without its GIN indexes (SearchIndexes). Keeping them up to date row by row
-- is what limited a rebuild; they are dropped while it is far behind and built once it has caught up. Their
-- definitions wait here meanwhile, so that a node stopping in between leaves them to the next.
create table search_deferred_index (
    name text primary key,
    definition text not null
);
