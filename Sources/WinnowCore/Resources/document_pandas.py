"""Loads Winnow output (schema winnow.document/2) into pandas with real column types.

    from document_pandas import load
    df = load("out/*/part-*.jsonl*")

`published` / `updated` / `fetched` are RFC 3339 timestamps with the source's own offset, or plain days.
`published_day` is the publisher's day (group by it); `published_at` the instant in UTC (NaT for a plain day).
"""
import glob

import pandas as pd

STRING_COLUMNS = ["schema", "id", "url", "title", "publisher", "published", "updated", "fetched", "site",
                  "hostname", "language", "description", "image", "license", "text"]


def load(pattern: str) -> pd.DataFrame:
    files = sorted(glob.glob(pattern))
    frames = [pd.read_json(f, lines=True, dtype=False, compression="infer") for f in files]
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=STRING_COLUMNS)
    for c in STRING_COLUMNS:
        df[c] = df[c].astype("string") if c in df else pd.Series(dtype="string")
    df["language_score"] = pd.to_numeric(df.get("language_score"), errors="coerce").astype("Float64")
    df["published_day"] = pd.to_datetime(df["published"].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    timed = df["published"].where(df["published"].str.len() > 10)
    df["published_at"] = pd.to_datetime(timed, format="ISO8601", utc=True, errors="coerce")
    return df
