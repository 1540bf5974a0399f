-- The 23 SOC 2018 major groups (reference/soc_major_groups.csv, from the BLS SOC 2018 structure).
select
    major_group,
    major_group || '-0000' as soc_code,
    title
from read_csv($groups, header = true, all_varchar = true)
order by major_group
