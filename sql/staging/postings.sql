-- One row per distinct posting: exact duplicates (same title and normalised description) keep their
-- first occurrence; conflicting identifiers are quarantined by quarantine/rejected_records.sql.
-- Which records are kept is decided on their keys alone: carrying every column (the texts) through the
-- two window sorts cost several times more than reading the kept records' columns once more.
with record_keys as (
    select text_hash, posting_id, source_file, record_position, industry_raw, sector_raw
    from read_parquet($records, union_by_name = true)
),

first_of_text as (
    select *
    from record_keys
    qualify first_read(text_hash, source_file, record_position)
),

kept as (
    select source_file, record_position
    from first_of_text
    qualify first_read(posting_id, source_file, record_position)
),

-- the coder's occupation joined on the keys too, so no hash table holds the texts
coded as (
    select kept.source_file, kept.record_position, titles.occupation_code, titles.soc_code
    from kept
    left join staging.title_occupations as titles
        on kept.source_file = titles.source_file and kept.record_position = titles.record_position
),

final as (
    select records.*, coded.occupation_code as coded_occupation_code, coded.soc_code as coded_soc_code
    from read_parquet($records, union_by_name = true) as records
    inner join coded using (source_file, record_position)
),

-- industry and sector names the crosswalk does not list, and the longest keyword their words begin with
-- (of every record's names: those of the records not kept match no row below, and reading the names
-- from the kept rows would hold them all a second time)
unlisted_names as (
    select distinct lower(trim(name)) as name_key
    from (select industry_raw as name from record_keys union all select sector_raw from record_keys) as industry_names
    where name is not null and lower(trim(name)) not in (select industry_key from staging.industry_crosswalk)
),

by_keyword as (
    select unlisted_names.name_key, keywords.naics_code, keywords.naics_title
    from unlisted_names
    inner join staging.industry_keywords as keywords
        on contains(
            ' ' || regexp_replace(unlisted_names.name_key, '[^a-z0-9-]+', ' ', 'g'),
            ' ' || keywords.keyword
        )
    qualify row_number() over (
        partition by unlisted_names.name_key order by length(keywords.keyword) desc, keywords.keyword
    ) = 1
)

select
    final.posting_id,
    final.source_file,
    final.record_position,
    final.source_format,
    final.title,
    -- a posting that states its O*NET-SOC or SOC code is taken at its word; otherwise its title decides
    coalesce(stated.occupation_code, stated_soc.occupation_code, final.coded_occupation_code) as occupation_code,
    coalesce(stated.soc_code, stated_soc.soc_code, final.coded_soc_code) as soc_code,
    final.description,
    final.bullets,
    final.company,
    final.location,
    final.industry_raw,
    final.sector_raw,
    -- a NAICS code as industry maps to its sector; else the industry name, else the sector name, each
    -- through the crosswalk, else through the keyword rules
    coalesce(
        case
            when regexp_full_match(trim(final.industry_raw), '\d{2,6}') then
                case
                    when left(trim(final.industry_raw), 2) in ('31', '32', '33') then '31-33'
                    when left(trim(final.industry_raw), 2) in ('44', '45') then '44-45'
                    when left(trim(final.industry_raw), 2) in ('48', '49') then '48-49'
                    when left(trim(final.industry_raw), 2) = '92' then '99'
                    else left(trim(final.industry_raw), 2)
                end
        end,
        by_industry.naics_code,
        keyword_industry.naics_code,
        by_sector.naics_code,
        keyword_sector.naics_code
    ) as industry_code,
    coalesce(
        by_industry.naics_title, keyword_industry.naics_title, by_sector.naics_title, keyword_sector.naics_title
    ) as industry,
    final.occupational_category_raw,
    final.salary_raw,
    final.education_raw,
    final.skills_raw,
    final.employment_type,
    final.date_posted,
    final.education_level,
    final.salary_min,
    final.salary_max,
    final.salary_period,
    final.salary_currency,
    final.salary_is_estimate,
    final.salary_min_annual,
    final.salary_max_annual,
    final.salary_annual,
    final.text_hash
from final
left join staging.onet_occupations as stated on trim(final.occupational_category_raw) = stated.occupation_code
left join staging.onet_occupations as stated_soc on trim(final.occupational_category_raw) || '.00' = stated_soc.occupation_code
left join staging.industry_crosswalk as by_industry on lower(trim(final.industry_raw)) = by_industry.industry_key
left join staging.industry_crosswalk as by_sector on lower(trim(final.sector_raw)) = by_sector.industry_key
left join by_keyword as keyword_industry on lower(trim(final.industry_raw)) = keyword_industry.name_key
left join by_keyword as keyword_sector on lower(trim(final.sector_raw)) = keyword_sector.name_key
order by final.source_file, final.record_position
