-- current_totals for the given periods ($periods, with $previous the quarters before them; every period when
-- both are null), from current_observations: one row per period, form, indicator and breakdown, summed over all districts. For a quarter after the first,
-- previous_value sums those districts' values of the quarter before in the same year and with_previous
-- counts the districts that have it, so a year-to-date indicator's own quarter (quarter_values.sql) can be
-- said for the whole city without reading every district: value − previous_value when every district has it.
insert into current_totals
with chosen as (
    select district, period, form, indicator, breakdown, value
    from current_observations
    where $periods is null or list_contains($periods, period)
),

previous as (
    select district, period, indicator, breakdown, value
    from current_observations
    where period like '____-Q_'
      and substr(period, 7, 1) in ('1', '2', '3')
      and ($previous is null or list_contains($previous, period))
),

final as (
    select
        c.period,
        c.form,
        c.indicator,
        c.breakdown,
        sum(c.value) as value,
        count(*) as districts,
        sum(p.value) as previous_value,
        count(p.value) as with_previous
    from chosen as c
    left join previous as p
        on c.period like '____-Q_'
        and p.district = c.district
        and p.indicator = c.indicator
        and p.breakdown = c.breakdown
        and p.period = substr(c.period, 1, 6) || cast(try_cast(substr(c.period, 7, 1) as integer) - 1 as varchar)
    group by c.period, c.form, c.indicator, c.breakdown
)

select period, form, indicator, breakdown, value, districts, previous_value, with_previous
from final
