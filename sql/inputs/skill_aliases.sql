select alias, skill_id, ambiguous from staging.skill_aliases order by alias
