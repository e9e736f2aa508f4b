-- One row per district, period and form with any submission in the chosen periods: whether a version is
-- in force, how many distinct indicators it holds, its warnings, how often the form was corrected or
-- rolled back, and when it first arrived.
with chosen as (
    select
        id,
        district,
        period,
        form,
        version,
        status,
        uploaded_at,
        n_warnings
    from submissions
    where list_contains($periods, period)
),

held as (
    select
        submission_id,
        count(distinct indicator) as indicators
    from observations
    where submission_id in (select id from chosen where status = 'active')
    group by submission_id
),

per_form as (
    select
        chosen.district,
        chosen.period,
        chosen.form,
        max(case when chosen.status = 'active' then 1 else 0 end) as active,
        max(case when chosen.status = 'active' then chosen.version end) as active_version,
        coalesce(max(held.indicators), 0) as indicators,
        coalesce(max(case when chosen.status = 'active' then chosen.n_warnings end), 0) as warnings,
        count(*) as submissions,
        max(chosen.version) as max_version,
        sum(case when chosen.status = 'rolled_back' then 1 else 0 end) as rolled_back,
        min(chosen.uploaded_at) as first_received
    from chosen
    left join held on held.submission_id = chosen.id
    group by chosen.district, chosen.period, chosen.form
),

final as (
    select * from per_form
    order by district, period, form
)

select * from final
