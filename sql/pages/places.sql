-- Where the documents are: each resume's and posting's location read part by part, last first (a
-- trailing postal code aside), against staging.places; the first part that names a place decides.
-- Counts per source, country and region (null country: no part names a known place; not located:
-- the document gives no location).
with documents as (
    select
        'resumes' as source,
        resume_id as document_id,
        nullif(trim(location), '') as location
    from staging.resumes
    union all
    select
        'postings',
        posting_id,
        nullif(trim(location), '')
    from staging.postings
),

parts as (
    select
        documents.source,
        documents.document_id,
        lower(trim(regexp_replace(part.name, '[0-9][0-9 -]*$', ''))) as name,
        part.position
    from documents,
        unnest(list_reverse(string_split(documents.location, ','))) with ordinality as part (name, position)
),

matches as (
    select
        parts.source,
        parts.document_id,
        places.country,
        places.region
    from parts
    inner join staging.places as places on lower(places.name) = parts.name
    qualify row_number() over (
        partition by parts.source, parts.document_id
        order by
            parts.position,
            case places.kind when 'region' then 1 when 'country' then 2 when 'region_code' then 3 else 4 end
    ) = 1
)

select
    documents.source,
    matches.country,
    matches.region,
    documents.location is not null as located,
    count(*) as n
from documents
left join matches on documents.source = matches.source and documents.document_id = matches.document_id
group by all
order by documents.source, n desc, matches.country, matches.region
