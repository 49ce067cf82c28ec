#!/bin/bash
# Markdown documents against their golden output: for every DIR/NAME.md
# with a NAME.run.out beside it, `nspath run` prints NAME.run.out on stdout
# and NAME.run.err on stderr (exit 0: skipped lines are not fatal), and
# `nspath check` prints NAME.check.out (exit 0 when it ends "all as
# expected", else 1) with the same stderr.  commonmark.md holds what cmark
# reads and a hand-written reader missed: fences in block quotes and (nested)
# list items, indented code blocks, setext headings, HTML blocks, tildes,
# info strings with attributes.  The golden files were read line by line
# against the document when written; after a deliberate change regenerate
# them from tests/markdown/ with
#   nspath run --no-capture NAME.md >NAME.run.out 2>NAME.run.err
#   nspath check NAME.md >NAME.check.out
# and read the diff before committing.
# usage: markdown_golden.sh NSPATH DIR
set -u
nspath=$(realpath "$1") dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0 n=0
bad() { echo "FAIL $*"; fail=1; }
cd "$dir" || exit 1
for md in *.md; do
  name=${md%.md}
  [[ -f $name.run.out ]] || continue
  n=$((n + 1))
  "$nspath" run --no-capture "$md" >"$work/run.out" 2>"$work/run.err"; rc=$?
  [[ $rc -eq 0 ]] || bad "run $md: exit $rc"
  diff -u "$name.run.out" "$work/run.out" || bad "run $md: transcript"
  diff -u "$name.run.err" "$work/run.err" || bad "run $md: stderr"
  "$nspath" check "$md" >"$work/check.out" 2>"$work/check.err"; rc=$?
  want=1; tail -n 1 "$name.check.out" | grep -q 'all as expected$' && want=0
  [[ $rc -eq $want ]] || bad "check $md: exit $rc, want $want"
  diff -u "$name.check.out" "$work/check.out" || bad "check $md: report"
  diff -u "$name.run.err" "$work/check.err" || bad "check $md: stderr"
  # what run prints from a document is a plain transcript check accepts
  "$nspath" check "$work/run.out" >"$work/again" 2>&1 || bad "$md's transcript: $(cat "$work/again")"
done
[[ $n -gt 0 ]] || bad "no golden Markdown document in $dir"
[[ $fail -eq 0 ]] && echo "ok markdown golden ($n documents)"
exit $fail
