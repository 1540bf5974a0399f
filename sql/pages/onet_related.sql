-- O*NET's own related occupations (Related Occupations.txt), the fallback when too few occupations
-- have data for skill-based neighbours.
select r.occupation_code, r.related_code, o.title as related_title, r.relatedness_tier, r.related_index
from staging.onet_related_occupations as r
inner join staging.onet_occupations as o on o.occupation_code = r.related_code
qualify row_number() over (partition by r.occupation_code order by r.related_index) <= $per_occupation
order by r.occupation_code, r.related_index
