-- One row per period and indicator: the 合计 summed over the chosen districts, every period on record.
with chosen as (
    select period, indicator, district, value
    from current_observations
    where breakdown = 'all'
      and list_contains($indicators, indicator)
      and ($districts is null or list_contains($districts, district))
),

final as (
    select period, indicator, sum(value) as value, count(distinct district) as districts
    from chosen
    group by period, indicator
)

select * from final
order by period, indicator
