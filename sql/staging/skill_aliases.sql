select alias, skill_id, ambiguous, in_prose, prior from read_parquet($aliases) order by alias
