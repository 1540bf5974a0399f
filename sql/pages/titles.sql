-- The most common titles inside each occupation.
select occupation_code, title, n
from marts.occupation_titles
qualify row_number() over (partition by occupation_code order by n desc, title) <= $top_titles
order by occupation_code, n desc, title
