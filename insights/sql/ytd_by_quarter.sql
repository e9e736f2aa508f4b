-- One row per district, quarter and indicator: the 合计 value of the chosen indicators in every quarter
-- on record (year and quarter split out, for seasonal patterns across years).
with chosen as (
    select district, period, indicator, value
    from current_observations
    where breakdown = 'all'
      and list_contains($indicators, indicator)
      and period like '____-Q_'
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
order by district, year, quarter, indicator
