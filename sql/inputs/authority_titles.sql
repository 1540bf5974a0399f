-- Every title an authority files under an occupation, for the occupation coder: O*NET's own occupation
-- titles, its Alternate Titles (with the number of sources that report each), its Sample of Reported
-- Titles, and the BLS SOC 2018 Direct Match Titles (filed under the SOC code's own O*NET occupation,
-- the .00 one, else under each O*NET occupation of that SOC code).
with soc_homes as (
    select soc_code, occupation_code
    from staging.onet_occupations
    qualify occupation_code = min(occupation_code) over (partition by soc_code)
        or not bool_or(occupation_code like '%.00') over (partition by soc_code)
)

select occupation_code, title, 'occupation' as source, 1 as n_sources
from staging.onet_occupations
union all
select occupation_code, alternate_title, 'alternate', coalesce(len(string_split(sources, ',')), 1)
from staging.onet_alternate_titles
union all
select occupation_code, reported_title, 'reported', 1
from staging.onet_reported_titles
union all
select soc_homes.occupation_code, titles.direct_match_title, 'soc_direct_match', 1
from staging.soc_direct_match_titles as titles
inner join soc_homes using (soc_code)
order by occupation_code, source, title
