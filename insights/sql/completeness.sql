-- One row per district and period that has any submission: what was received, when, and its state.
with versions as (
    select
        district,
        period,
        form,
        status,
        version,
        uploaded_at,
        n_warnings
    from submissions
),

per_form as (
    select
        district,
        period,
        form,
        max(case when status = 'active' then 1 else 0 end) as active,
        max(version) as versions,
        min(uploaded_at) as first_received,
        max(case when status = 'active' then n_warnings else 0 end) as warnings
    from versions
    group by district, period, form
),

final as (
    select
        district,
        period,
        sum(active) as forms_active,
        max(versions) as max_versions,
        min(first_received) as first_received,
        sum(warnings) as warnings
    from per_form
    group by district, period
)

select * from final
