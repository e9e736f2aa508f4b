-- One row per audit entry matching the filters, newest first.
with final as (
    select logged_at, actor, action, detail
    from audit_log
    where ($since is null or logged_at >= cast($since as date))
      and ($until is null or logged_at < cast($until as date) + interval 1 day)
      and ($actions is null or list_contains($actions, action))
      and ($actor is null or actor = $actor)
)

select * from final
order by logged_at desc
limit $limit
