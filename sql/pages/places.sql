-- Where the documents are: each posting's location read part by part, last first (a trailing postal
-- code aside), against staging.places; the first part that names a place decides. Counts per source,
-- country and region (null country: no part names a known place; not located: none given). Resumes
-- carry no location in staging.resumes, so all of them count as not located.
with parts as (
    select
        postings.posting_id as document_id,
        lower(trim(regexp_replace(part.name, '[0-9][0-9 -]*$', ''))) as name,
        part.position
    from staging.postings,
        unnest(list_reverse(string_split(postings.location, ','))) with ordinality as part (name, position)
),

matches as (
    select
        parts.document_id,
        places.country,
        places.region
    from parts
    inner join staging.places as places on lower(places.name) = parts.name
    qualify row_number() over (
        partition by parts.document_id
        order by
            parts.position,
            case places.kind when 'region' then 1 when 'country' then 2 when 'region_code' then 3 else 4 end
    ) = 1
)

select
    'postings' as source,
    matches.country,
    matches.region,
    coalesce(trim(postings.location), '') <> '' as located,
    count(*) as n
from staging.postings as postings
left join matches on postings.posting_id = matches.document_id
group by all
union all
select
    'resumes',
    null,
    null,
    false,
    count(*)
from staging.resumes
having count(*) > 0
order by source, n desc, country, region
