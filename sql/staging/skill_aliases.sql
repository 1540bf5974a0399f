select alias, skill_id, ambiguous from read_parquet($aliases) order by alias
