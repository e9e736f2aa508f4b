-- One row: failed sign-ins for one user name since $since, counted only after that name's last
-- successful sign-in (a success starts the lockout count again).
with last_login as (
    select max(logged_at) as at
    from audit_log
    where action = 'login' and actor = $name
),

final as (
    select count(*) as failures
    from audit_log, last_login
    where audit_log.action = 'login_failed'
      and audit_log.detail = $name
      and audit_log.logged_at >= greatest($since::timestamp, coalesce(last_login.at, $since::timestamp))
)

select failures from final
