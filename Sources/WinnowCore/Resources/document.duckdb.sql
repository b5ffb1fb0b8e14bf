-- Winnow output (schema winnow.document/2) as a DuckDB view with real column types, also for columns
-- that are null in every record of a run (a type DuckDB could not infer from the data).
-- Usage (DuckDB >= 1.1):
--   SET VARIABLE winnow_files = 'out/*/part-*.jsonl*';
--   .read /usr/local/share/winnow/WinnowCore/document.duckdb.sql      -- or paste this file
-- `published`, `updated` and `fetched` are RFC 3339 timestamps with the source's own offset, or plain days:
-- the *_day columns are the publisher's day (what to group by), *_at the instant (NULL for a plain day).
CREATE OR REPLACE VIEW docs AS
SELECT *,
       CAST(substr(published, 1, 10) AS DATE) AS published_day,
       CASE WHEN length(published) > 10 THEN CAST(published AS TIMESTAMPTZ) END AS published_at,
       CAST(substr(updated, 1, 10) AS DATE) AS updated_day,
       CASE WHEN length(fetched) > 10 THEN CAST(fetched AS TIMESTAMPTZ) END AS fetched_at
FROM read_json(getvariable('winnow_files'), format = 'newline_delimited', columns = {
    schema: 'VARCHAR',
    id: 'VARCHAR',
    source: 'STRUCT(path VARCHAR, member VARCHAR, line BIGINT, "offset" BIGINT)',
    url: 'VARCHAR',
    title: 'VARCHAR',
    authors: 'VARCHAR[]',
    publisher: 'VARCHAR',
    published: 'VARCHAR',
    updated: 'VARCHAR',
    fetched: 'VARCHAR',
    site: 'VARCHAR',
    hostname: 'VARCHAR',
    language: 'VARCHAR',
    language_score: 'DOUBLE',
    description: 'VARCHAR',
    tags: 'VARCHAR[]',
    image: 'VARCHAR',
    license: 'VARCHAR',
    text: 'VARCHAR',
    entities: 'STRUCT(text VARCHAR, type VARCHAR, canonical VARCHAR, start BIGINT, "end" BIGINT)[]',
    dedup: 'STRUCT(content_hash VARCHAR, cluster VARCHAR, duplicate_of VARCHAR, revision_of VARCHAR, similarity DOUBLE, story VARCHAR)',
    meta: 'JSON',
    trace: 'STRUCT(stage VARCHAR, action VARCHAR, rule VARCHAR, detail VARCHAR)[]'
});
