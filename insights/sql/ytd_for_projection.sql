-- What the projection of one quarter ($year, $quarter) of a year-to-date indicator ($ytd, its task $target)
-- reads, already paired in the database so that only a few rows per district reach Python:
-- - kind = the indicator code: that quarter's 合计 value of $ytd and of $target (full is null);
-- - kind = 'earlier': one row per district and earlier year whose $ytd is positive both at that quarter
--   (value) and at the fourth quarter (full), ordered by district and year, as insights.projection.project
--   pairs them from a whole history.
-- The narrowing is on the period's text, which the scan filters cheaply (a filter on the years and
-- quarters cast to integers took three times as long with 3,000 districts × 40 quarters).
with chosen as (
    select
        district,
        cast(substr(period, 1, 4) as integer) as year,
        cast(substr(period, 7, 1) as integer) as quarter,
        indicator,
        cast(value as double) as value
    from current_observations
    where breakdown = 'all'
      and indicator in ($ytd, $target)
      and period like '____-Q_'
      and substr(period, 7, 1) in (cast($quarter as varchar), '4')
      and substr(period, 1, 4) <= cast($year as varchar)
),

now as (
    select district, indicator as kind, year, value, cast(null as double) as full
    from chosen
    where year = $year and quarter = $quarter
),

earlier as (
    select q.district, 'earlier' as kind, q.year, q.value, f.value as full
    from chosen as q
    join chosen as f
        on f.district = q.district
        and f.year = q.year
        and f.indicator = q.indicator
        and f.quarter = 4
    where q.indicator = $ytd
      and q.quarter = $quarter
      and q.year < $year
      and q.value > 0
      and f.value > 0
),

final as (
    select * from now
    union all
    select * from earlier
)

select * from final
order by kind = 'earlier', district, year
