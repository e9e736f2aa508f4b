-- One row per period: how many districts have an active return of the given form.
with chosen as (
    select period, district
    from submissions
    where status = 'active' and form = $form
),

final as (
    select period, count(distinct district) as districts
    from chosen
    group by period
)

select * from final
order by period
