-- Example responsibilities: up to $per_occupation resume bullets per occupation with at least
-- $min_docs resumes, personal data removed. Near-identical forms count together; the bullet found in
-- the most resumes comes first, then the one nearest 120 characters. A bullet already shown as a skill
-- example is not repeated, and bullets under 30 or over 240 characters are not examples.
with occupations as (
    select occupation_code from marts.occupations where n_resumes >= $min_docs
),

bullets as (
    select
        r.occupation_code,
        r.resume_id,
        scrub_personal_data(b.bullet) as example
    from staging.resumes as r
    inner join occupations using (occupation_code)
    cross join unnest(r.bullets) as b (bullet)
),

keyed as (
    select
        *,
        bullet_key(example) as example_key
    from bullets
    where length(example) between 30 and 240
        and bullet_key(example) not in (
            select bullet_key(s.example) from marts.skill_examples as s where s.occupation_code = bullets.occupation_code
        )
),

counts as (
    select occupation_code, example_key, count(distinct resume_id) as n_resumes
    from keyed
    group by occupation_code, example_key
),

chosen as (
    select occupation_code, example_key, example, resume_id
    from keyed
    qualify row_number() over (
        partition by occupation_code, example_key order by abs(length(example) - 120), example, resume_id
    ) = 1
)

select
    c.occupation_code,
    row_number() over (
        partition by c.occupation_code order by n.n_resumes desc, abs(length(c.example) - 120), c.example
    ) as rank,
    c.example,
    c.resume_id,
    n.n_resumes
from chosen as c
inner join counts as n using (occupation_code, example_key)
qualify rank <= $per_occupation
order by c.occupation_code, rank
