-- Soft skills named on resumes or postings (up to $top_skills, the most common first), beside the
-- importance O*NET's Work Styles give them.
with shown as (
    select
        occupation_code,
        skill,
        work_style,
        if(onet_recommend_suppress, null, onet_importance) as onet_importance,
        if(resumes_suppressed, null, resumes_share) as resumes_share,
        if(resumes_suppressed, null, resumes_n_docs) as resumes_n_docs,
        if(postings_suppressed, null, postings_share) as postings_share,
        if(postings_suppressed, null, postings_n_docs) as postings_n_docs
    from marts.soft_skills
)

select *
from shown
where resumes_share > 0 or postings_share > 0
-- soft skills tied at the cut-off are all shown
qualify rank() over (
    partition by occupation_code order by greatest(coalesce(resumes_share, 0), coalesce(postings_share, 0)) desc
) <= $top_skills
order by occupation_code, greatest(coalesce(resumes_share, 0), coalesce(postings_share, 0)) desc, skill
