#!/bin/sh
# Test plugin (sh + awk) that misbehaves on purpose when the document's line contains a marker:
#   CRASH   writes to stderr and exits 3     SLEEP    sleeps 5 s, then answers
#   WRONGID answers with another id          BADJSON  answers with a line that is not JSON
#   BADTYPE sets title to a number           SOURCE   tries to change source
#   DROPME  drops                            ERRME    reports an error
#   RETITLE sets title to "Retitled"         SIDE     writes to stderr and answers (no change)
# Any other document is answered with its id alone. The process id goes to meta.pid when PID is set.
interactive=""   # mawk must not wait for a full input buffer (see samples/plugins/drop_by_grep.sh)
awk -W version 2>/dev/null | grep -q mawk && interactive="-W interactive"
exec awk $interactive '
{
    match($0, /"id":"([^"\\]|\\.)*"/)
    id = substr($0, RSTART + 5, RLENGTH - 5)
    if (index($0, "SIDE")) { print "side note for " id > "/dev/stderr"; fflush("/dev/stderr") }
    if (index($0, "CRASH")) { print "boom: crashing on purpose at " id > "/dev/stderr"; exit 3 }
    if (index($0, "SLEEP")) system("sleep 5")
    if (index($0, "WRONGID")) printf "{\"id\":\"wrong\"}\n"
    else if (index($0, "BADJSON")) printf "this is not json\n"
    else if (index($0, "BADTYPE")) printf "{\"id\":%s,\"title\":5}\n", id
    else if (index($0, "SOURCE")) printf "{\"id\":%s,\"source\":{\"path\":\"elsewhere\",\"member\":null,\"line\":null,\"offset\":null}}\n", id
    else if (index($0, "DROPME")) printf "{\"id\":%s,\"drop\":\"dropped-by-plugin\"}\n", id
    else if (index($0, "ERRME")) printf "{\"id\":%s,\"error\":\"plugin says no\"}\n", id
    else if (index($0, "RETITLE")) printf "{\"id\":%s,\"title\":\"Retitled\"}\n", id
    else printf "{\"id\":%s}\n", id
    fflush()
}'
