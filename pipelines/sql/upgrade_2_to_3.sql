-- Schema version 2 -> 3: the data-quality flags analysts mark 已核实 (see schema.sql).
-- One row per data-quality flag (数据疑点) an analyst has checked and marked 已核实: the flag's stable key
-- (insights/flags.py), what it said then, why it stands, who marked it and when. A marked flag stops counting.
create table if not exists flag_reviews (
    flag_key varchar primary key,
    district varchar not null,
    period varchar not null,
    kind varchar not null,
    evidence varchar not null,          -- the flag's evidence as it read when it was marked
    note varchar not null,
    verified_by varchar not null,
    verified_at timestamp not null
);
update meta set value = '3' where key = 'schema_version'
