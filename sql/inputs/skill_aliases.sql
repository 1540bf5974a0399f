select alias, skill_id, ambiguous, in_prose from staging.skill_aliases order by alias
