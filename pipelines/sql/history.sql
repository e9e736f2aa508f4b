-- One row per submission version, newest first, optionally for one district and/or period.
with filtered as (
    select *
    from submissions
    where (? is null or district = ?)
      and (? is null or period = ?)
),

final as (
    select
        id,
        district,
        period,
        form,
        version,
        status,
        file_name,
        sheet,
        uploaded_by,
        uploaded_at,
        n_observations,
        n_warnings,
        supersedes,
        is_sample
    from filtered
)

select * from final
order by district, period, form, version desc
