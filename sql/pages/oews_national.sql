-- An occupation's national OEWS figure across all industries, given only when the OEWS files read
-- carry no industry breakdown (a cross-industry national_M20xx_dl file alone): the page says so.
select o.occupation_code, w.a_mean as mean_annual, w.tot_emp as employment
from staging.onet_occupations as o
inner join staging.oews_wages as w on w.soc_code = o.soc_code and w.industry_kind = 'cross_industry'
where not exists (select 1 from staging.oews_wages as i where i.industry_kind = 'industry')
order by o.occupation_code
