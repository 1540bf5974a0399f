-- Near-identical bullets (differing in case, digits, spacing or punctuation) share one key.
create or replace temp macro bullet_key(text) as regexp_replace(lower(text), '[^a-z]+', '', 'g');
-- The key of an example bullet with its contact details (pipelines.documents.personal:CONTACT_PATTERN)
-- (links and e-mail addresses) removed first: a bullet with and without them is one example.
create or replace temp macro contactless_bullet_key(text, contact_pattern) as
    bullet_key(regexp_replace(text, contact_pattern, '', 'g'));
