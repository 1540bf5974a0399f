-- For each occupation its $k most related occupations by cosine similarity of skill-prevalence vectors
-- (resumes and postings together; occupations with at least $min_docs documents). Deltas are related
-- minus occupation. Education deltas come from resumes, in percentage points, with a 95% Newcombe
-- (hybrid Wilson) interval for a difference of proportions; *_significant says it excludes 0.
-- Distinctive skills: log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008,
-- prior strength $prior_strength spread by each skill's overall frequency), z above 1.96.
with sizes as (
    select occupation_code, count(*) as n_docs from staging.occupation_documents group by occupation_code having count(*) >= $min_docs
),

counts as (
    select d.occupation_code, s.skill_id, count(distinct d.doc_type || ':' || d.doc_id) as y
    from staging.occupation_documents as d
    inner join sizes using (occupation_code)
    inner join staging.document_skills as s on s.doc_type = d.doc_type and s.doc_id = d.doc_id
    group by d.occupation_code, s.skill_id
),

vectors as (
    select c.occupation_code, c.skill_id, c.y, c.y / z.n_docs as share
    from counts as c
    inner join sizes as z using (occupation_code)
),

norms as (
    select occupation_code, sqrt(sum(share * share)) as norm, sum(y) as total from vectors group by occupation_code
),

similarities as (
    select a.occupation_code, b.occupation_code as related_code, sum(a.share * b.share) / (na.norm * nb.norm) as similarity
    from vectors as a
    inner join vectors as b on a.skill_id = b.skill_id and a.occupation_code <> b.occupation_code
    inner join norms as na on na.occupation_code = a.occupation_code
    inner join norms as nb on nb.occupation_code = b.occupation_code
    group by a.occupation_code, b.occupation_code, na.norm, nb.norm
),

ranked as (
    select *, row_number() over (partition by occupation_code order by similarity desc, related_code) as rank
    from similarities
    qualify rank <= $k
),

salaries as (
    select o.occupation_code, coalesce(w.a_mean, p.mean_annual) as mean_annual,
        case when w.a_mean is not null then 'oews' when p.mean_annual is not null then 'postings' end as salary_source
    from staging.onet_occupations as o
    left join (
        select soc_code, max(a_mean) as a_mean from staging.oews_wages where industry_level = 0 group by soc_code
    ) as w on w.soc_code = o.soc_code
    left join (
        select occupation_code, avg(salary_annual) as mean_annual from staging.postings
        where salary_annual is not null group by occupation_code
    ) as p on p.occupation_code = o.occupation_code
),

education as (
    select occupation_code, education_level, share, ci_low, ci_high
    from marts.education_rates
    where source = 'resumes' and education_level in ('bachelor', 'master', 'doctoral')
),

education_deltas as (
    select
        r.occupation_code,
        r.related_code,
        a.education_level,
        b.share - a.share as delta,
        (b.share - a.share) - sqrt(power(b.share - b.ci_low, 2) + power(a.ci_high - a.share, 2)) as low,
        (b.share - a.share) + sqrt(power(b.ci_high - b.share, 2) + power(a.share - a.ci_low, 2)) as high
    from ranked as r
    inner join education as a on a.occupation_code = r.occupation_code
    inner join education as b on b.occupation_code = r.related_code and b.education_level = a.education_level
),

background as (
    select skill_id, sum(y) / (select sum(y) from counts) as p from counts group by skill_id
),

log_odds as (
    select
        r.occupation_code,
        r.related_code,
        g.skill_id,
        coalesce(a.y, 0) as ya,
        coalesce(b.y, 0) as yb,
        $prior_strength * g.p as alpha,
        na.total as na,
        nb.total as nb
    from ranked as r
    inner join norms as na on na.occupation_code = r.occupation_code
    inner join norms as nb on nb.occupation_code = r.related_code
    cross join background as g
    left join counts as a on a.occupation_code = r.occupation_code and a.skill_id = g.skill_id
    left join counts as b on b.occupation_code = r.related_code and b.skill_id = g.skill_id
    where a.y is not null or b.y is not null
),

skill_scores as (
    select
        occupation_code,
        related_code,
        skill_id,
        ya,
        yb,
        (ln((ya + alpha) / (na + $prior_strength - ya - alpha)) - ln((yb + alpha) / (nb + $prior_strength - yb - alpha)))
            / sqrt(1 / (ya + alpha) + 1 / (yb + alpha)) as z
    from log_odds
),

skill_lists as (
    select
        s.occupation_code,
        s.related_code,
        list(k.skill order by least(va.share, vb.share) desc, k.skill) filter (
            where va.share >= 0.1 and vb.share >= 0.1
        )[1:5] as shared_skills,
        list(k.skill order by s.z desc, k.skill) filter (where s.z > z95())[1:5] as distinctive_skills,
        list(k.skill order by s.z asc, k.skill) filter (where s.z < -z95())[1:5] as related_distinctive_skills
    from skill_scores as s
    inner join staging.skills as k using (skill_id)
    left join vectors as va on va.occupation_code = s.occupation_code and va.skill_id = s.skill_id
    left join vectors as vb on vb.occupation_code = s.related_code and vb.skill_id = s.skill_id
    group by s.occupation_code, s.related_code
)

select
    r.occupation_code,
    r.related_code,
    r.similarity,
    r.rank,
    sb.mean_annual - sa.mean_annual as salary_delta,
    case when sa.salary_source = sb.salary_source then sa.salary_source end as salary_source,
    100 * m.delta as master_delta_pp,
    100 * d.delta as doctoral_delta_pp,
    100 * bach.delta as bachelor_delta_pp,
    m.low > 0 or m.high < 0 as master_delta_significant,
    d.low > 0 or d.high < 0 as doctoral_delta_significant,
    coalesce(l.shared_skills, []) as shared_skills,
    coalesce(l.distinctive_skills, []) as distinctive_skills,
    coalesce(l.related_distinctive_skills, []) as related_distinctive_skills
from ranked as r
left join salaries as sa on sa.occupation_code = r.occupation_code
left join salaries as sb on sb.occupation_code = r.related_code
left join education_deltas as m on m.occupation_code = r.occupation_code and m.related_code = r.related_code and m.education_level = 'master'
left join education_deltas as d on d.occupation_code = r.occupation_code and d.related_code = r.related_code and d.education_level = 'doctoral'
left join education_deltas as bach on bach.occupation_code = r.occupation_code and bach.related_code = r.related_code and bach.education_level = 'bachelor'
left join skill_lists as l on l.occupation_code = r.occupation_code and l.related_code = r.related_code
order by r.occupation_code, r.rank
