-- Related occupations with what the sentences need: titles, and the resumes stating an education
-- level on both sides (the n behind the education differences).
with education_n as (
    select occupation_code, any_value(n) as n
    from marts.education_rates
    where source = 'resumes'
    group by occupation_code
)

select
    c.occupation_code,
    c.related_code,
    r.title as related_title,
    c.rank,
    c.similarity,
    c.skill_basis,
    c.salary_delta,
    c.salary_source,
    c.salary_delta_low,
    c.salary_delta_high,
    c.salary_delta_significant,
    c.master_delta_pp,
    c.doctoral_delta_pp,
    c.master_delta_significant,
    c.doctoral_delta_significant,
    c.shared_skills,
    c.distinctive_skills,
    c.related_distinctive_skills,
    coalesce(eo.n, 0) as education_n,
    coalesce(er.n, 0) as related_education_n
from marts.occupation_comparisons as c
inner join marts.occupations as r on r.occupation_code = c.related_code
left join education_n as eo on eo.occupation_code = c.occupation_code
left join education_n as er on er.occupation_code = c.related_code
order by c.occupation_code, c.rank
