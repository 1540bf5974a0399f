-- The repository's keyword rules for industry names the crosswalk does not list: a name whose words
-- begin with a keyword ("Hospitals and Health Care" -> hospital) goes to its NAICS sector; the longest
-- keyword a name holds decides.
select
    lower(trim(keyword)) as keyword,
    naics_code,
    naics_title,
    note
from read_csv($keywords, header = true, all_varchar = true)
order by keyword
