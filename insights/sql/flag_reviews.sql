-- One row per data-quality flag marked 已核实, newest first.
with final as (
    select flag_key, district, period, kind, evidence, note, verified_by, verified_at
    from flag_reviews
)

select * from final
order by verified_at desc, flag_key
