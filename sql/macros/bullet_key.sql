-- Near-identical bullets (differing in case, digits, spacing or punctuation) share one key.
create or replace temp macro bullet_key(text) as regexp_replace(lower(text), '[^a-z]+', '', 'g')
