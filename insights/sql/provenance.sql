-- One row per value in force: district, period, form, indicator, breakdown, value, and its source.
with chosen as (
    select o.*, s.file_name, s.version, s.uploaded_by, s.uploaded_at
    from current_observations as o
    join submissions as s on s.id = o.submission_id
    where ($period is null or o.period = $period)
      and ($districts is null or list_contains($districts, o.district))
      and ($form is null or o.form = $form)
),

final as (
    -- value as text: a float would lose the exact decimal the district reported
    select district, period, form, indicator, breakdown, cast(value as varchar) as value, file_name, sheet, cell, version, uploaded_by, uploaded_at, submission_id
    from chosen
)

select * from final
order by district, period, form, indicator, breakdown
limit $limit
