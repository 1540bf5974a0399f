-- The top-paying industry per occupation and source.
select occupation_code, source, industry_code, industry, mean_annual, n
from marts.top_paying_industry
order by occupation_code, source
