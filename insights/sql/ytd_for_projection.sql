-- One row per district, quarter and indicator, as ytd_by_quarter.sql, narrowed to what the projection
-- of one quarter reads: that quarter and the fourth quarter, in the chosen year and the years before it.
-- The narrowing is on the period's text, which the scan filters cheaply (a filter on the years and
-- quarters cast to integers took three times as long with 3,000 districts × 40 quarters).
-- Unordered: insights.projection orders what it adds up.
with chosen as (
    select district, period, indicator, value
    from current_observations
    where breakdown = 'all'
      and list_contains($indicators, indicator)
      and period like '____-Q_'
      and substr(period, 7, 1) in (cast($quarter as varchar), '4')
      and substr(period, 1, 4) <= cast($year as varchar)
),

final as (
    select
        district,
        cast(substr(period, 1, 4) as integer) as year,
        cast(substr(period, 7, 1) as integer) as quarter,
        indicator,
        cast(value as double) as value
    from chosen
)

select * from final
