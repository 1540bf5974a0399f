-- Distribution of education levels per occupation: from resumes (highest stated level; n = resumes
-- that state one) and from O*NET's Required Level of Education (RL percentages / 100 summed per level
-- with the category mapping of pipelines/lib/education.py; n = O*NET respondents). 95% Wilson intervals.
-- The levels and the RL mapping are bound from pipelines/lib/education.py, their one definition.
with levels as (
    select unnest(range(len($levels))) as level_rank, unnest($levels) as education_level
),

rl_levels as (
    select unnest($rl_categories) as category, unnest($rl_levels) as education_level
),

resume_counts as (
    select occupation_code, education_level, count(*) as k
    from staging.resumes
    where occupation_code is not null and education_level is not null
    group by occupation_code, education_level
),

resume_rates as (
    select
        o.occupation_code,
        'resumes' as source,
        l.education_level,
        l.level_rank,
        sum(coalesce(c.k, 0)) over (partition by o.occupation_code)::bigint as n,
        coalesce(c.k, 0) as k
    from (select distinct occupation_code from resume_counts) as o
    cross join levels as l
    left join resume_counts as c on c.occupation_code = o.occupation_code and c.education_level = l.education_level
),

onet_levels as (
    select e.occupation_code, r.education_level, max(e.n) as n, sum(e.data_value) / 100 as share
    from staging.onet_education as e
    inner join rl_levels as r using (category)
    where e.scale_id = 'RL'
    group by e.occupation_code, r.education_level
),

onet_rates as (
    select
        o.occupation_code,
        'onet' as source,
        l.education_level,
        l.level_rank,
        max(v.n) over (partition by o.occupation_code)::bigint as n,
        coalesce(v.share, 0.0) as share
    from (select distinct occupation_code from onet_levels) as o
    cross join levels as l
    left join onet_levels as v on v.occupation_code = o.occupation_code and v.education_level = l.education_level
),

shares as (
    select occupation_code, source, education_level, level_rank, n, k / n as share from resume_rates
    union all
    select occupation_code, source, education_level, level_rank, n, share from onet_rates
)

select
    occupation_code,
    source,
    education_level,
    n,
    share,
    wilson_low(share, n) as ci_low,
    wilson_high(share, n) as ci_high
from shares
order by occupation_code, source, level_rank
