-- Schema version 1 -> 2: the aliases analysts teach (see schema.sql).
-- One row per mapping an analyst taught: a header, row label or district name the pipeline could not
-- place, for one district ('' = all), applied to every later upload.
create table if not exists aliases (
    kind varchar not null,              -- header | row | district
    scope varchar not null,             -- form code (header), dimension (row), '' (district)
    district varchar not null,          -- '' = every district
    text varchar not null,              -- the text as normalised for matching
    target varchar not null,            -- indicator, breakdown or district code; '' = ignore this column
    created_by varchar not null,
    created_at timestamp not null,
    primary key (kind, scope, district, text)
);
update meta set value = '2' where key = 'schema_version'
