-- Per raw file: records read = accepted + duplicates + rejected. Accepted rows are counted in the
-- staging table the source feeds, so the identity checks the whole path, not the parser alone.
with files as (
    select source, source_file, file_format, status, records_read, parsed, rejected, reason
    from read_parquet($file_lists, union_by_name = true)
),

accepted as (
    select source, source_file, count(*) as n from (
        select 'resumes' as source, source_file from staging.resumes
        union all select 'postings', source_file from staging.postings
        union all select 'oews_wages', source_file from staging.oews_wages
        union all select 'onet_occupations', source_file from staging.onet_occupations
        union all select 'onet_alternate_titles', source_file from staging.onet_alternate_titles
        union all select 'onet_technology_skills', source_file from staging.onet_technology_skills
        union all select 'onet_education', source_file from staging.onet_education
        union all select 'onet_education_categories', source_file from staging.onet_education_categories
        union all select 'onet_job_zones', source_file from staging.onet_job_zones
        union all select 'onet_task_statements', source_file from staging.onet_task_statements
        union all select 'onet_reported_titles', source_file from staging.onet_reported_titles
        union all select 'onet_tools', source_file from staging.onet_tools
        union all select 'onet_work_styles', source_file from staging.onet_work_styles
        union all select 'onet_related_occupations', source_file from staging.onet_related_occupations
        union all select 'onet_emerging_tasks', source_file from staging.onet_emerging_tasks
        union all select 'soc_direct_match_titles', source_file from staging.soc_direct_match_titles
        union all select 'skill_lists', source_file from staging.skill_lists
    ) as accepted_rows group by all
),

duplicates as (
    select source, source_file, count(*) as n from audit.duplicate_records group by all
),

rejected as (
    select source, source_file, count(*) as n from quarantine.rejected_records group by all
),

final as (
    select
        files.source,
        files.source_file,
        files.file_format,
        files.status,
        files.records_read,
        coalesce(accepted.n, 0) as accepted,
        coalesce(duplicates.n, 0) as duplicates,
        coalesce(rejected.n, 0) as rejected,
        files.reason
    from files
    left join accepted using (source, source_file)
    left join duplicates using (source, source_file)
    left join rejected using (source, source_file)
)

select
    *,
    records_read = accepted + duplicates + rejected as reconciles
from final
order by source, source_file
