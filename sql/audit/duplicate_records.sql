-- Records dropped as duplicates of an accepted record, which record they repeat, and why.
with resume_duplicates as (
    select
        'resumes' as source,
        r.source_file,
        r.record_position,
        kept.resume_id as duplicate_of,
        kept.source_file as duplicate_of_file,
        kept.record_position as duplicate_of_position,
        'same text as an accepted resume' as reason
    from read_parquet($resume_records, union_by_name = true) as r
    inner join staging.resumes as kept on r.text_hash = kept.text_hash
    where (r.source_file, r.record_position) != (kept.source_file, kept.record_position)
),

posting_duplicates as (
    select
        'postings' as source,
        p.source_file,
        p.record_position,
        kept.posting_id as duplicate_of,
        kept.source_file as duplicate_of_file,
        kept.record_position as duplicate_of_position,
        'same title, company, location and text as an accepted posting' as reason
    from read_parquet($posting_records, union_by_name = true) as p
    inner join staging.postings as kept on p.text_hash = kept.text_hash
    where (p.source_file, p.record_position) != (kept.source_file, kept.record_position)
),

-- OEWS rows staging/oews_wages.sql leaves out: an older release at an industry level a newer one
-- covers, or the broad-group twin of a detailed occupation with the same code
oews_left_out as (
    select o.*
    from read_parquet($oews_records, union_by_name = true) as o
    anti join staging.oews_wages as kept using (source_file, record_position)
),

newest as (
    select industry_level, max(release_year) as release_year, min(source_file) as source_file
    from staging.oews_wages
    group by industry_level
),

oews_duplicates as (
    select
        'oews_wages' as source,
        o.source_file,
        o.record_position,
        o.soc_code || ' x ' || o.industry_code as duplicate_of,
        coalesce(twin.source_file, newest.source_file) as duplicate_of_file,
        twin.record_position as duplicate_of_position,
        case
            when twin.source_file is not null
                then 'the same estimate published as ' || o.occupation_group || ' and as detailed occupation'
            else 'superseded by the ' || coalesce(newest.release_year::varchar, 'undated')
                || ' release at industry level ' || o.industry_level::varchar
        end as reason
    from oews_left_out as o
    left join staging.oews_wages as twin
        on twin.soc_code = o.soc_code and twin.naics_code = o.naics_code
        and coalesce(twin.release_year, 0) = coalesce(o.release_year, 0)
    left join newest on newest.industry_level = o.industry_level
)

select * from resume_duplicates
union all
select * from posting_duplicates
union all
select * from oews_duplicates
order by source, source_file, record_position
