-- The names of every skill list under raw/skills/, file by file in the order the files sort.
select source_file, skill from staging.skill_lists order by source_file, record_position
