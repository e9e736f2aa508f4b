-- One row per period and indicator: the 合计 summed over the chosen districts, every period on record.
with chosen as (
    select period, indicator, district, value
    from current_observations
    where breakdown = 'all'
      and list_contains($indicators, indicator)
      and ($districts is null or list_contains($districts, district))
),

final as (
    -- count(*) is the districts: current_observations holds one row per district, period, indicator and
    -- breakdown (one active return per district, period and form; one value per indicator and breakdown
    -- in a return). count(distinct district) gave the same number for twice the time over 40 quarters.
    select period, indicator, sum(value) as value, count(*) as districts
    from chosen
    group by period, indicator
)

select * from final
order by period, indicator
