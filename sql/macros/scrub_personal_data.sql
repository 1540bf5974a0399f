-- Resume text published on pages loses e-mail addresses, URLs and phone numbers, and the empty
-- brackets and doubled spaces their removal leaves behind.
create or replace temp macro scrub_personal_data(text) as trim(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(text,
        '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '', 'g'),
        '(https?://|www\.)[^\s]+', '', 'g'),
        '\+?\d[\d\s().-]{7,}\d', '', 'g'),
        '\(\s*[,;\s]*\)', '', 'g'),
        '\s+', ' ', 'g')
)
