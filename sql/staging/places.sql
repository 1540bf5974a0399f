-- The names a place goes by in a location (reference/places.csv): countries by their ISO 3166-1
-- names and codes, US states and DC by their names and postal codes.
select
    name,
    kind,
    country_code,
    country,
    nullif(region, '') as region
from read_csv($places, header = true, all_varchar = true)
order by country_code, kind, name
