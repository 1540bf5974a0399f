select skill_id, skill, type, origins, work_style from read_parquet($skills) order by skill_id
