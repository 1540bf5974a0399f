-- Distinct O*NET Tools Used examples: the physical tools and equipment of the taxonomy.
select distinct example from staging.onet_tools order by example
