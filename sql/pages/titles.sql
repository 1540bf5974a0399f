-- The most common titles inside each occupation.
select occupation_code, written_as as title, n
from marts.occupation_titles
-- titles tied at the cut-off are all shown
qualify rank() over (partition by occupation_code order by n desc) <= $top_titles
order by occupation_code, n desc, title
