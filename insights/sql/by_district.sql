-- One row per district and indicator: the 合计 value for one period.
with chosen as (
    select district, indicator, value
    from current_observations
    where period = $period
      and breakdown = 'all'
      and list_contains($indicators, indicator)
      and ($districts is null or list_contains($districts, district))
),

final as (
    select district, indicator, sum(value) as value
    from chosen
    group by district, indicator
)

select * from final
