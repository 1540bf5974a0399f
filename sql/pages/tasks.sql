-- O*NET task statements per occupation: core tasks first, then the most widely rated, up to $per_occupation.
select occupation_code, task, task_type, date
from staging.onet_task_statements
qualify row_number() over (
    partition by occupation_code
    order by task_type = 'Core' desc, incumbents_responding desc nulls last, task_id
) <= $per_occupation
order by occupation_code, task_type = 'Core' desc, incumbents_responding desc nulls last, task_id
