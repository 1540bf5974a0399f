-- O*NET technology examples and the occupations that use them, for the title matcher: a product
-- named before a title ("SAP Developer") leaves the occupation as it is when the occupation uses it.
select distinct example, occupation_code from staging.onet_technology_skills order by example, occupation_code
