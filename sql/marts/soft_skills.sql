-- Soft skills per occupation as career pages show them: O*NET's importance rating of the matching Work
-- Style (1-5, with O*NET's own 95% interval) beside the share of the occupation's resumes and postings
-- that name the skill (95% Wilson interval; 0 when none does).
with soft as (
    select skill_id, skill, work_style from staging.skills where type = 'soft'
),

totals as (
    select occupation_code, source, max(n_docs) as n_docs, bool_or(suppressed) as suppressed
    from marts.skill_prevalence
    group by occupation_code, source
),

cells as (
    select o.occupation_code, s.skill_id, s.skill, s.work_style, t.source, t.n_docs, t.suppressed
    from marts.occupations as o
    cross join soft as s
    left join totals as t using (occupation_code)
),

shares as (
    select
        c.*,
        coalesce(p.n_with_skill, 0) as n_with_skill,
        coalesce(p.n_with_skill, 0) / c.n_docs as share,
        p.withheld
    from cells as c
    left join marts.skill_prevalence as p using (occupation_code, source, skill_id)
),

wilson as (
    select
        *,
        wilson_low(share, n_docs) as ci_low,
        wilson_high(share, n_docs) as ci_high
    from shares
),

by_occupation as (
    select
        occupation_code,
        skill_id,
        any_value(skill) as skill,
        any_value(work_style) as work_style,
        max(n_docs) filter (where source = 'resumes') as resumes_n_docs,
        max(share) filter (where source = 'resumes') as resumes_share,
        max(ci_low) filter (where source = 'resumes') as resumes_ci_low,
        max(ci_high) filter (where source = 'resumes') as resumes_ci_high,
        max(n_docs) filter (where source = 'postings') as postings_n_docs,
        max(share) filter (where source = 'postings') as postings_share,
        max(ci_low) filter (where source = 'postings') as postings_ci_low,
        max(ci_high) filter (where source = 'postings') as postings_ci_high,
        coalesce(bool_or(suppressed or coalesce(withheld, false)) filter (where source = 'resumes'), true)
            as resumes_suppressed,
        coalesce(bool_or(suppressed or coalesce(withheld, false)) filter (where source = 'postings'), true)
            as postings_suppressed
    from wilson
    group by occupation_code, skill_id
)

select
    b.occupation_code,
    b.skill_id,
    b.skill,
    b.work_style,
    w.data_value as onet_importance,
    w.lower_ci as onet_ci_low,
    w.upper_ci as onet_ci_high,
    w.standard_error as onet_standard_error,
    w.n as onet_n,
    w.recommend_suppress as onet_recommend_suppress,
    b.resumes_n_docs,
    b.resumes_share,
    b.resumes_ci_low,
    b.resumes_ci_high,
    b.resumes_suppressed,
    b.postings_n_docs,
    b.postings_share,
    b.postings_ci_low,
    b.postings_ci_high,
    b.postings_suppressed
from by_occupation as b
left join staging.onet_work_styles as w
    on w.occupation_code = b.occupation_code and w.element_name = b.work_style and w.scale_id = 'IM'
order by b.occupation_code, b.skill_id
