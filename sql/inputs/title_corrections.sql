-- The repository's corrections to O*NET's title listings, for the title matcher: withheld titles, and
-- corrections to occupations the loaded O*NET release holds (a raw directory may hold a subset).
select corrections.title, corrections.occupation_code
from staging.title_corrections as corrections
left join staging.onet_occupations as occupations using (occupation_code)
where corrections.occupation_code is null or occupations.occupation_code is not null
order by corrections.title
