-- Schema version 3 -> 4: the values in force become a table kept in step by every commit, rollback and
-- removal (see schema.sql), filled once here from the view it replaces.
drop view if exists current_observations;
create table current_observations (
    district varchar not null,
    period varchar not null,
    indicator varchar not null,
    breakdown varchar not null,
    value decimal(38, 6) not null,
    submission_id integer not null,
    sheet varchar not null,
    cell varchar not null,
    form varchar not null,
    is_sample boolean not null
);
insert into current_observations
select o.district, o.period, o.indicator, o.breakdown, o.value, o.submission_id, o.sheet, o.cell, s.form, s.is_sample
from observations as o
join submissions as s on s.id = o.submission_id
where s.status = 'active'
order by o.submission_id;
create table current_totals (
    period varchar not null,
    form varchar not null,
    indicator varchar not null,
    breakdown varchar not null,
    value decimal(38, 6) not null,
    districts integer not null,
    previous_value decimal(38, 6),
    with_previous integer not null
);
update meta set value = '4' where key = 'schema_version'
