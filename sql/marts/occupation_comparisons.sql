-- For each occupation its $k most related occupations by cosine similarity of skill-prevalence vectors,
-- like with like: resumes with resumes or postings with postings (skill_basis), on a kind of document
-- both have at least $min_docs of. Deltas are related
-- minus occupation; pay is compared like with like (marts.occupation_salaries: OEWS with OEWS, else
-- employer-stated postings with postings) with a 95% interval from both standard errors. Education deltas come from resumes, in percentage points, with a 95% Newcombe
-- (hybrid Wilson) interval for a difference of proportions; *_significant says it excludes 0.
-- Distinctive skills: log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008,
-- prior strength $prior_strength spread by each skill's overall frequency), z above 1.96.
with sizes as (
    -- skill shares are of the documents with text, as in marts.skill_prevalence
    select occupation_code, doc_type, count(*) as n_docs
    from staging.occupation_documents
    where has_text
    group by occupation_code, doc_type
    having count(*) >= $min_docs
),

counts as (
    select d.occupation_code, d.doc_type, s.skill_id, count(distinct d.doc_id) as y
    from staging.occupation_documents as d
    inner join sizes using (occupation_code, doc_type)
    inner join staging.document_skills as s on s.doc_type = d.doc_type and s.doc_id = d.doc_id
    group by d.occupation_code, d.doc_type, s.skill_id
),

vectors as (
    select c.occupation_code, c.doc_type, c.skill_id, c.y, c.y / z.n_docs as share
    from counts as c
    inner join sizes as z using (occupation_code, doc_type)
),

norms as (
    select occupation_code, doc_type, sqrt(sum(share * share)) as norm, sum(y) as total
    from vectors
    group by occupation_code, doc_type
),

bases as (
    -- like with like: each pair is compared on one kind of document both have enough of (resumes with
    -- resumes, postings with postings), the kind with more documents on the smaller side
    select a.occupation_code, b.occupation_code as related_code, a.doc_type
    from sizes as a
    inner join sizes as b on a.doc_type = b.doc_type and a.occupation_code <> b.occupation_code
    qualify row_number() over (
        partition by a.occupation_code, b.occupation_code order by least(a.n_docs, b.n_docs) desc, a.doc_type
    ) = 1
),

similarities as (
    select
        p.occupation_code,
        p.related_code,
        p.doc_type,
        -- rounded: a parallel float sum differs in its last digits from run to run, and rebuilds of the
        -- same inputs give identical tables
        round(sum(a.share * b.share) / (na.norm * nb.norm), 12) as similarity
    from bases as p
    inner join vectors as a on a.occupation_code = p.occupation_code and a.doc_type = p.doc_type
    inner join vectors as b on b.occupation_code = p.related_code and b.doc_type = p.doc_type and b.skill_id = a.skill_id
    inner join norms as na on na.occupation_code = p.occupation_code and na.doc_type = p.doc_type
    inner join norms as nb on nb.occupation_code = p.related_code and nb.doc_type = p.doc_type
    group by p.occupation_code, p.related_code, p.doc_type, na.norm, nb.norm
),

ranked as (
    select *, row_number() over (partition by occupation_code order by similarity desc, related_code) as rank
    from similarities
    qualify rank <= $k
),

salaries as (
    -- like with like: OEWS national means when both have one shown, else employer-stated posting means
    -- when both have them; estimated pay and a mix of sources are never compared
    select
        r.occupation_code,
        r.related_code,
        any_value(b.mean_annual - a.mean_annual order by a.source = 'postings') as delta,
        any_value(sqrt(power(a.mean_se, 2) + power(b.mean_se, 2)) order by a.source = 'postings') as delta_se,
        any_value(a.source order by a.source = 'postings') as source
    from ranked as r
    inner join marts.occupation_salaries as a on a.occupation_code = r.occupation_code
    inner join marts.occupation_salaries as b on b.occupation_code = r.related_code and b.source = a.source
    where a.source in ('oews', 'postings') and not a.suppressed and not b.suppressed
    group by r.occupation_code, r.related_code
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
    select doc_type, skill_id, sum(y) / sum(sum(y)) over (partition by doc_type) as p
    from counts
    group by doc_type, skill_id
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
    inner join norms as na on na.occupation_code = r.occupation_code and na.doc_type = r.doc_type
    inner join norms as nb on nb.occupation_code = r.related_code and nb.doc_type = r.doc_type
    inner join background as g on g.doc_type = r.doc_type
    left join counts as a on a.occupation_code = r.occupation_code and a.doc_type = r.doc_type and a.skill_id = g.skill_id
    left join counts as b on b.occupation_code = r.related_code and b.doc_type = r.doc_type and b.skill_id = g.skill_id
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
        -- shared: both hold it and neither holds it significantly more, so no skill is both shared
        -- and distinctive
        list(k.skill order by least(va.share, vb.share) desc, k.skill) filter (
            where va.share >= 0.1 and vb.share >= 0.1 and abs(s.z) <= z95()
        )[1:5] as shared_skills,
        list(k.skill order by s.z desc, k.skill) filter (where s.z > z95())[1:5] as distinctive_skills,
        list(k.skill order by s.z asc, k.skill) filter (where s.z < -z95())[1:5] as related_distinctive_skills
    from skill_scores as s
    inner join ranked as r using (occupation_code, related_code)
    inner join staging.skills as k using (skill_id)
    -- withheld here as in marts.skill_prevalence: its hits are too often not the skill
    left join staging.skill_precision as p using (skill_id)
    left join vectors as va on va.occupation_code = s.occupation_code and va.doc_type = r.doc_type and va.skill_id = s.skill_id
    left join vectors as vb on vb.occupation_code = s.related_code and vb.doc_type = r.doc_type and vb.skill_id = s.skill_id
    where not skill_withheld(p.measured, p.precision, $min_precision)
    group by s.occupation_code, s.related_code
)

select
    r.occupation_code,
    r.related_code,
    r.similarity,
    r.rank,
    r.doc_type || 's' as skill_basis,
    sal.delta as salary_delta,
    sal.source as salary_source,
    sal.delta - z95() * sal.delta_se as salary_delta_low,
    sal.delta + z95() * sal.delta_se as salary_delta_high,
    abs(sal.delta) > z95() * sal.delta_se as salary_delta_significant,
    100 * m.delta as master_delta_pp,
    100 * d.delta as doctoral_delta_pp,
    100 * bach.delta as bachelor_delta_pp,
    m.low > 0 or m.high < 0 as master_delta_significant,
    d.low > 0 or d.high < 0 as doctoral_delta_significant,
    coalesce(l.shared_skills, []) as shared_skills,
    coalesce(l.distinctive_skills, []) as distinctive_skills,
    coalesce(l.related_distinctive_skills, []) as related_distinctive_skills
from ranked as r
left join salaries as sal on sal.occupation_code = r.occupation_code and sal.related_code = r.related_code
left join education_deltas as m on m.occupation_code = r.occupation_code and m.related_code = r.related_code and m.education_level = 'master'
left join education_deltas as d on d.occupation_code = r.occupation_code and d.related_code = r.related_code and d.education_level = 'doctoral'
left join education_deltas as bach on bach.occupation_code = r.occupation_code and bach.related_code = r.related_code and bach.education_level = 'bachelor'
left join skill_lists as l on l.occupation_code = r.occupation_code and l.related_code = r.related_code
order by r.occupation_code, r.rank
