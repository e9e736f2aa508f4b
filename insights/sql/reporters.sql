-- One row per indicator: the districts whose 合计 row of the period holds it.
with chosen as (
    select
        indicator,
        district
    from current_observations
    where
        period = $period
        and breakdown = 'all'
        and list_contains($indicators, indicator)
        and ($districts is null or list_contains($districts, district))
),

final as (
    select
        indicator,
        list(district) as districts  -- a set to its caller: no distinct, no order to pay for
    from chosen
    group by indicator
)

select * from final
