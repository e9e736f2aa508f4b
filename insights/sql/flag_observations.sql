-- One row per value in force in a quarter up to $until (every quarter when null), with the file, sheet
-- and cell it came from: what the data-quality flags (insights/flags.py) look at.
with chosen as (
    select district, period, form, indicator, breakdown, value, submission_id, sheet, cell
    from current_observations
    where period like '____-Q_'
      and ($until is null or period <= $until)
),

final as (
    select
        c.district,
        c.period,
        c.form,
        c.indicator,
        c.breakdown,
        cast(c.value as double) as value,
        c.submission_id,
        s.file_name,
        c.sheet,
        c.cell
    from chosen as c
    join submissions as s on s.id = c.submission_id
)

select * from final
