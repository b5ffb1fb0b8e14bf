#!/bin/sh
# Winnow `exec` plugin in plain sh + awk: drops every document whose JSON line matches an extended
# regular expression (awk ERE, matched against the line as Winnow sends it, so quotes appear as \").
# Other documents are answered with their id alone (nothing changed).
#
#   {"type": "exec", "params": {"command": ["sh", "samples/plugins/drop_by_grep.sh", "[Cc]asino"], "fields": ["text"]}}
#
# Protocol: one reply line per input line, in order, flushed at once (awk's fflush), each with the
# document's "id" (the first "id" key of the line: Winnow writes the record's id before any nested one).
[ $# -eq 1 ] || { echo "usage: drop_by_grep.sh PATTERN" >&2; exit 2; }
# mawk (Debian's awk) fills its whole input buffer before it starts unless told it is interactive;
# a plugin must answer each line as it comes, so: -W interactive for mawk.
interactive=""
awk -W version 2>/dev/null | grep -q mawk && interactive="-W interactive"
exec awk $interactive -v pat="$1" '
BEGIN {
    reason = "matched " pat
    gsub(/\\/, "\\\\", reason); gsub(/"/, "\\\"", reason)
}
{
    if (!match($0, /"id":"([^"\\]|\\.)*"/)) { print "no id in: " substr($0, 1, 80) > "/dev/stderr"; exit 3 }
    id = substr($0, RSTART + 5, RLENGTH - 5)
    if ($0 ~ pat) printf "{\"id\":%s,\"drop\":\"%s\"}\n", id, reason
    else printf "{\"id\":%s}\n", id
    fflush()
}'
