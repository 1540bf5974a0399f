-- One representative resume bullet per occupation and top skill (the $top_skills a page lists, ties
-- included), personal data removed (scrub_personal_data, pipelines/documents/personal.py). The bullet
-- most often repeated wins (near-identical forms counted together: case, digits, punctuation, e-mail
-- addresses and links ignored), then the one nearest 120 characters; a bullet chosen for a
-- higher-ranked skill is not repeated for a lower one. Only the chosen bullets are scrubbed: the
-- detectors are too slow for every bullet of a large corpus.
with top_skills as (
    -- the skills a page lists: soft skills have their own section, skills tied at the cut-off all count
    select occupation_code, skill_id, rank
    from marts.skill_prevalence
    where source = 'resumes' and not suppressed and not withheld and skill_type <> 'soft'
    qualify rank() over (partition by occupation_code order by rank) <= $top_skills
),

evidence as (
    select
        r.occupation_code,
        s.skill_id,
        r.resume_id,
        s.evidence as example
    from staging.document_skills as s
    inner join staging.resumes as r on s.doc_type = 'resume' and s.doc_id = r.resume_id
    where s.evidence is not null
),

candidates as (
    select
        e.occupation_code,
        e.skill_id,
        t.rank,
        e.example,
        e.resume_id,
        contactless_bullet_key(e.example, $contact_pattern) as example_key
    from evidence as e
    inner join top_skills as t using (occupation_code, skill_id)
    where length(e.example) >= 20
),

scored as (
    select
        *,
        count(*) over (partition by occupation_code, skill_id, example_key) as repeats
    from candidates
),

first_choice as (
    select *
    from scored
    qualify row_number() over (
        partition by occupation_code, skill_id
        order by repeats desc, abs(length(example) - 120), example, resume_id
    ) = 1
),

taken as (
    -- a first choice that a higher-ranked skill of the occupation already uses
    select f.occupation_code, f.skill_id
    from first_choice as f
    inner join first_choice as g
        on f.occupation_code = g.occupation_code and f.example_key = g.example_key
        and (g.rank < f.rank or (g.rank = f.rank and g.skill_id < f.skill_id))
),

final as (
    select s.*
    from scored as s
    left join taken as t using (occupation_code, skill_id)
    where t.skill_id is null
        or s.example_key not in (select example_key from first_choice as f where f.occupation_code = s.occupation_code)
    qualify row_number() over (
        partition by s.occupation_code, s.skill_id
        order by (t.skill_id is null) desc, s.repeats desc, abs(length(s.example) - 120), s.example, s.resume_id
    ) = 1
),

forms as (
    -- the chosen resumes' forms only: every resume's lists, aggregated, outgrow memory at 1M resumes
    select doc_id as resume_id, flatten(list(forms order by skill_id)) as forms
    from staging.document_skills
    where doc_type = 'resume' and doc_id in (select final.resume_id from final)
    group by doc_id
)

select
    f.occupation_code,
    f.skill_id,
    -- the skills found in the resume are never taken for a person's name
    scrub_personal_data(f.example, coalesce(k.forms, []::varchar[])) as example,
    f.resume_id
from final as f
left join forms as k on k.resume_id = f.resume_id
order by f.occupation_code, f.skill_id
