-- One row per (district, period, form) asked for: its active version, if any, and the highest version.
with asked as (
    select district, period, form, id, version, status, content_hash
    from submissions
    where list_contains($keys, district || '|' || period || '|' || form)
),

final as (
    select
        district,
        period,
        form,
        max(case when status = 'active' then id end) as active_id,
        max(case when status = 'active' then version end) as active_version,
        max(case when status = 'active' then content_hash end) as active_hash,
        max(version) as max_version
    from asked
    group by district, period, form
)

select * from final
