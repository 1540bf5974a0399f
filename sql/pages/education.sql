-- Education level shares per occupation and source.
select occupation_code, source, education_level, n, share, ci_low, ci_high
from marts.education_rates
order by occupation_code, source, education_level
