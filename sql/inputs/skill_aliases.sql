-- What skill extraction reads of the taxonomy: every form, its class for prose, the skill's type, and
-- the name of a product where a trusted source spells it (its capitals are evidence for
-- ambiguous forms: R, Go, Excel; the capital of a tool or a soft skill only starts its name), and a
-- list phrase's prior log-odds of being a skill.
select
    a.alias,
    a.skill_id,
    a.ambiguous,
    a.in_prose,
    case when list_has_any(s.origins, ['curated', 'onet', 'onet_tools']) and s.type = 'software' then s.skill end
        as written,
    s.type,
    a.prior
from staging.skill_aliases as a
inner join staging.skills as s using (skill_id)
order by a.alias
