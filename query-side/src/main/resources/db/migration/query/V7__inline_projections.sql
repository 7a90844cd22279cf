-- Issue 17: projections folded in the command's own transaction (InlineProjections). Whether each folds inline now,
-- and how many times it has started to: a node that sees that change forgets what its inline processors remember of
-- the dead-letter queue. Commands read it under a shared advisory lock; it changes only under the exclusive one.
create table inline_projection (
    name text primary key,
    folding boolean not null,
    started bigint not null default 0
);
