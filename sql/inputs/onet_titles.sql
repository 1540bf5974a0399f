-- O*NET titles to match against: each occupation's own title, then its alternate titles with the
-- number of O*NET sources that report the title for the occupation (how established it is there).
select occupation_code, title, true as is_primary, 1 as n_sources from staging.onet_occupations
union all
select occupation_code, alternate_title, false, coalesce(len(string_split(sources, ',')), 1)
from staging.onet_alternate_titles
order by occupation_code, is_primary desc, title
