-- Share of an occupation's distinct documents that mention a skill, with a 95% Wilson interval, the
-- skill's measured extraction precision and, where it is measured, the share corrected for extraction
-- error (Rogan-Gladen) with its interval. Rows of occupations with fewer than $min_docs documents are
-- kept and flagged as suppressed; measured skills below $min_precision precision are flagged withheld
-- and left out of the ranks.
with documents as (
    select source, doc_type, doc_id, occupation_code from staging.occupation_documents where has_text
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
        h.n_with_skill / t.n_docs as share
    from hits as h
    inner join totals as t using (occupation_code, source)
),

measured as (
    -- Rogan-Gladen: true share = (observed + specificity - 1) / (sensitivity + specificity - 1), with the
    -- delta-method variance of the observed share, the sensitivity and the specificity together
    select
        f.*,
        p.precision,
        p.extracted as precision_n,
        skill_withheld(p.measured, p.precision, $min_precision) as withheld,
        p.sensitivity + p.specificity - 1 as youden,
        p.sensitivity,
        p.specificity,
        p.named,
        p.gold_documents - p.named as not_named
    from shares as f
    left join staging.skill_precision as p on p.skill_id = f.skill_id and p.measured
),

corrected as (
    select
        *,
        case when youden > 0 then least(1.0, greatest(0.0, (share + specificity - 1) / youden)) end as rg,
        case when youden > 0 then sqrt(
            share * (1 - share) / n_docs
            + power((share + specificity - 1) / youden, 2) * sensitivity * (1 - sensitivity) / named
            + power(1 - (share + specificity - 1) / youden, 2) * specificity * (1 - specificity) / not_named
        ) / youden end as rg_se
    from measured
)

select
    f.occupation_code,
    f.source,
    f.skill_id,
    k.skill,
    k.type as skill_type,
    f.n_docs,
    f.n_with_skill,
    f.share,
    wilson_low(f.share, f.n_docs) as ci_low,
    wilson_high(f.share, f.n_docs) as ci_high,
    case when not f.withheld then
        rank() over (partition by f.occupation_code, f.source, f.withheld order by f.share desc)
    end as rank,
    f.n_docs < $min_docs as suppressed,
    f.precision,
    f.precision_n,
    f.withheld,
    f.rg as corrected_share,
    case when f.rg is not null then least(f.rg, greatest(0.0, f.rg - z95() * f.rg_se)) end as corrected_ci_low,
    case when f.rg is not null then greatest(f.rg, least(1.0, f.rg + z95() * f.rg_se)) end as corrected_ci_high
from corrected as f
inner join staging.skills as k using (skill_id)
order by f.occupation_code, f.source, rank nulls last, f.skill_id
