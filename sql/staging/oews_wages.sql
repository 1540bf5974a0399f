-- One OEWS estimate per SOC code and industry. At each industry level the newest release in the
-- folder is used (a May 2025 file supersedes a May 2022 one, so a mart never mixes years); a SOC code
-- that BLS publishes both as a broad group and as its detailed occupation (13-1020 in the official
-- workbooks) keeps the detailed row. audit/duplicate_records.sql lists every row left out and why.
with records as (
    select * from read_parquet($records, union_by_name = true)
),

newest as (
    select industry_level, max(coalesce(release_year, 0)) as release_year
    from records
    group by industry_level
),

final as (
    select records.*
    from records
    inner join newest
        on records.industry_level = newest.industry_level
        and coalesce(records.release_year, 0) = newest.release_year
    qualify row_number() over (
        partition by records.soc_code, records.naics_code
        order by records.occupation_level desc nulls last, records.source_file, records.record_position
    ) = 1
)

select
    soc_code,
    occupation_title,
    occupation_group,
    occupation_level,
    occupation_group != 'detailed' as is_aggregate,
    industry_code,
    naics_code,
    industry_title,
    industry_level,
    industry_kind,
    own_code,
    release_year,
    tot_emp,
    emp_prse,
    h_mean,
    a_mean,
    mean_prse,
    h_pct10,
    h_pct25,
    h_median,
    h_pct75,
    h_pct90,
    a_pct10,
    a_pct25,
    a_median,
    a_pct75,
    a_pct90,
    top_coded_columns,
    not_released_columns,
    source_file,
    record_position
from final
order by soc_code, industry_level, industry_code
