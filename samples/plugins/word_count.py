#!/usr/bin/env python3
"""Winnow `exec` plugin: adds meta.words (the number of words in the text) to every document.

Protocol: one JSON document per line on stdin; one reply per line on stdout, in order, with the same
"id". A reply carries only what changed (here `meta`, which Winnow merges key by key), or
{"id": ..., "drop": "reason"} / {"id": ..., "error": "reason"}. Flush after every reply.

    {"type": "exec", "params": {"command": ["python3", "samples/plugins/word_count.py"], "fields": ["text"]}}

With "min_words" given as the first argument, shorter documents are dropped ("too-few-words").
"""
import json
import sys


def main() -> None:
    min_words = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    for line in sys.stdin:
        doc = json.loads(line)
        words = len(doc.get("text", "").split())
        if words < min_words:
            reply = {"id": doc["id"], "drop": "too-few-words"}
        else:
            reply = {"id": doc["id"], "meta": {"words": str(words)}}
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
