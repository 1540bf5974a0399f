-- What O*NET says each occupation does, for the occupation coder: its description, Task Statements and
-- Emerging Tasks, Technology Skills examples and Tools Used examples.
select occupation_code, 'description' as field, description as text
from staging.onet_occupations
where description is not null
union all
select occupation_code, 'task', task from staging.onet_task_statements
union all
select occupation_code, 'task', task from staging.onet_emerging_tasks
union all
select occupation_code, 'technology', example from staging.onet_technology_skills
union all
select occupation_code, 'tool', example from staging.onet_tools
order by occupation_code, field, text
