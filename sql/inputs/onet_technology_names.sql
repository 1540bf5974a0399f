-- Distinct O*NET technology examples, the backbone of the skill taxonomy.
select distinct example from staging.onet_technology_skills order by example
