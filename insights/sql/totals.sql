-- One row per indicator: its sum over the chosen districts for one period, 合计 row only.
with chosen as (
    select indicator, value
    from current_observations
    where period = $period
      and breakdown = 'all'
      and list_contains($indicators, indicator)
      and ($districts is null or list_contains($districts, district))
),

final as (
    select
        indicator,
        sum(value) as value
    from chosen
    group by indicator
)

select * from final
