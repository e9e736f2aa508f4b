-- One row per period, indicator and breakdown: the whole city's sum over every district, from current_totals
-- (kept in step by every write, pipelines/sql/refresh_totals.sql), for the chosen indicators, one period or
-- all ($period null), one breakdown or all ($breakdown null). quarter_value is a year-to-date indicator's own
-- quarter as quarter_values.sql derives it district by district and quarter_trend adds it up: the first
-- quarter's value; a later quarter's value less the quarter before when every district has that quarter;
-- NULL otherwise, and for a period that is not a quarter.
with chosen as (
    select period, indicator, breakdown, value, districts, previous_value, with_previous
    from current_totals
    where list_contains($indicators, indicator)
      and ($period is null or period = $period)
      and ($breakdown is null or breakdown = $breakdown)
),

final as (
    select
        period,
        indicator,
        breakdown,
        value,
        districts,
        case
            when period not like '____-Q_' then null
            when substr(period, 7, 1) = '1' then value
            when with_previous = districts then value - previous_value
        end as quarter_value
    from chosen
)

select * from final
order by period, indicator, breakdown
