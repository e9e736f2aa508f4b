-- One row per district, period, indicator and breakdown: the quarter's own value of a year-to-date
-- indicator (Q1 is its YTD; later quarters subtract the previous quarter of the same year; NULL
-- when that previous quarter is missing, so nothing is invented).
with ytd as (
    select
        district,
        period,
        indicator,
        breakdown,
        value,
        cast(substr(period, 1, 4) as integer) as year,
        cast(substr(period, 7, 1) as integer) as quarter
    from current_observations
    where list_contains($indicators, indicator)
      and period like '____-Q_'
      and ($districts is null or list_contains($districts, district))
),

final as (
    select
        cur.district,
        cur.period,
        cur.indicator,
        cur.breakdown,
        case
            when cur.quarter = 1 then cur.value
            else cur.value - prev.value
        end as value
    from ytd as cur
    left join ytd as prev
        on prev.district = cur.district
        and prev.indicator = cur.indicator
        and prev.breakdown = cur.breakdown
        and prev.year = cur.year
        and prev.quarter = cur.quarter - 1
)

select * from final
