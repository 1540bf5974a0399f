-- Share of an occupation's distinct documents that mention a skill, with a 95% Wilson interval.
-- Rows of occupations with fewer than $min_docs documents are kept and flagged as suppressed.
with documents as (
    select 'resumes' as source, 'resume' as doc_type, resume_id as doc_id, occupation_code
    from staging.resumes where occupation_code is not null
    union all
    select 'postings', 'posting', posting_id, occupation_code
    from staging.postings where occupation_code is not null and description is not null
),

totals as (
    select occupation_code, source, count(*) as n_docs from documents group by occupation_code, source
),

hits as (
    select d.occupation_code, d.source, s.skill_id, count(distinct d.doc_id) as n_with_skill
    from documents as d
    inner join staging.document_skills as s on s.doc_type = d.doc_type and s.doc_id = d.doc_id
    group by d.occupation_code, d.source, s.skill_id
),

shares as (
    select
        h.occupation_code,
        h.source,
        h.skill_id,
        t.n_docs,
        h.n_with_skill,
        h.n_with_skill / t.n_docs as share,
        1.959963984540054 as z
    from hits as h
    inner join totals as t using (occupation_code, source)
),

final as (
    select
        *,
        (share + z * z / (2 * n_docs)) / (1 + z * z / n_docs) as centre,
        z * sqrt(share * (1 - share) / n_docs + z * z / (4 * n_docs * n_docs)) / (1 + z * z / n_docs) as half_width
    from shares
)

select
    f.occupation_code,
    f.source,
    f.skill_id,
    k.skill,
    f.n_docs,
    f.n_with_skill,
    f.share,
    -- Wilson bounds always enclose the share; the clamps only undo floating-point rounding at 0 and 1
    least(f.share, greatest(0.0, f.centre - f.half_width)) as ci_low,
    greatest(f.share, least(1.0, f.centre + f.half_width)) as ci_high,
    rank() over (partition by f.occupation_code, f.source order by f.share desc) as rank,
    f.n_docs < $min_docs as suppressed
from final as f
inner join staging.skills as k using (skill_id)
order by f.occupation_code, f.source, rank, f.skill_id
