-- One row: how many industries had at least one competition among the chosen districts.
with per_industry as (
    select breakdown, sum(value) as competitions
    from current_observations
    where period = $period
      and indicator = 'competitions'
      and breakdown <> 'all'
      and ($districts is null or list_contains($districts, district))
    group by breakdown
),

final as (
    select count(*) as industries
    from per_industry
    where competitions > 0
)

select * from final
