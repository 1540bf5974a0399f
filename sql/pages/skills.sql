-- The top skills of each occupation and source that pages may show, with the example bullet.
select
    p.occupation_code,
    p.source,
    p.rank,
    p.skill,
    p.share,
    p.ci_low,
    p.ci_high,
    p.n_with_skill,
    p.n_docs,
    e.example
from marts.skill_prevalence as p
left join marts.skill_examples as e using (occupation_code, skill_id)
where not p.suppressed and not p.withheld
qualify row_number() over (partition by p.occupation_code, p.source order by p.rank, p.skill) <= $top_skills
order by p.occupation_code, p.source, p.rank, p.skill
