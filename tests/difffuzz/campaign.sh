#!/bin/bash
# The long differential campaign: chunks of 2000 lines with seeds from
# FIRST on, under nice 19, each chunk's report in DIR/seed-N.txt; stop it
# whenever (the chunks done so far stand).  docs/fuzzing.md has the last
# campaign's figures.  Root.
# usage: tests/difffuzz/campaign.sh NSPATH DIR [FIRST] [CHUNKS]
set -u
nspath=$1 dir=$2 first=${3:-100} chunks=${4:-1000}
mkdir -p "$dir"
for ((s = first; s < first + chunks; s++)); do
  nice -n 19 python3 "$(dirname "$0")/difffuzz.py" "$nspath" --lines 2000 --seed "$s" \
    --report "$dir/seed-$s.txt" >/dev/null 2>"$dir/seed-$s.log"
done
