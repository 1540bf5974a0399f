-- National employment per SOC code (OEWS cross-industry rows): how common each occupation is, used
-- to choose among occupations that share a title.
select soc_code, max(tot_emp) as employment
from staging.oews_wages
where industry_level = 0 and tot_emp is not null
group by soc_code
order by soc_code
