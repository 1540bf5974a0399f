select skill_id, skill, origins from read_parquet($skills) order by skill_id
