-- One row per breakdown and indicator: the value summed over the chosen districts for one period.
with chosen as (
    select breakdown, indicator, value
    from current_observations
    where period = $period
      and list_contains($indicators, indicator)
      and ($districts is null or list_contains($districts, district))
),

final as (
    select breakdown, indicator, sum(value) as value
    from chosen
    group by breakdown, indicator
)

select * from final
