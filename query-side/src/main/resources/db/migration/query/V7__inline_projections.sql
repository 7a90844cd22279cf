-- Issue 17: projections folded in the command's own transaction (InlineProjections). Whether each folds inline now;
-- commands read it under a shared advisory lock, and it changes only under the exclusive one.
create table inline_projection (
    name text primary key,
    folding boolean not null
);
