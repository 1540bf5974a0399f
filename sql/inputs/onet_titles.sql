-- O*NET titles to match against: each occupation's own title, then its alternate titles.
select occupation_code, title, true as is_primary from staging.onet_occupations
union all
select occupation_code, alternate_title, false from staging.onet_alternate_titles
order by occupation_code, is_primary desc, title
