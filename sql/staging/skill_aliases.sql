select alias, skill_id, ambiguous, in_prose from read_parquet($aliases) order by alias
