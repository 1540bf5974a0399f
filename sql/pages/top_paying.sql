-- The top-paying industry per occupation and source, with the industries tied with it.
select occupation_code, source, industry, mean_annual, n, tied_industries, clear_lead
from marts.top_paying_industry
order by occupation_code, source
