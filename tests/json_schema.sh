#!/bin/bash
# Every kind of --json document nspath writes validates against its
# published schema (docs/schema/MODE.json, tests/tools/json_validate.py):
#  - run --json of golden scenarios (explain.sh validates every one's with
#    --explain), the Markdown documents, a scenario with a line nspath
#    cannot run (exit 2);
#  - check --json of kernel transcripts (match), one changed (differ), one
#    with a line nspath cannot run (error), the Markdown documents;
#  - frames --json of recorded pcaps, and with a file that cannot be read;
#  - and the schemas reject a document with a field they do not know, a
#    value of the wrong type, or a shared field of another shape.
# With --real (root): run --real --explain --json (the kernel's evidence),
# check --real --json, and compare --json, alike and broken on purpose.
# explain.sh and compare_fault.sh validate the documents they write too.
# usage: json_schema.sh NSPATH SCHEMA_DIR SCENARIO_DIR MARKDOWN_DIR [--real]
set -u
nspath=$(realpath "$1") schemas=$(realpath "$2") dir=$(realpath "$3") mddir=$(realpath "$4")
validate=$(realpath "$(dirname "$0")")/tools/json_validate.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }

doc() { # NAME WANT_RC nspath ARGS...: the document in $work/NAME.json (WANT_RC: 0, 1, 0|1, ...)
  local name=$1 want=$2 rc; shift 2
  "$nspath" "$@" >"$work/$name.json" 2>"$work/$name.err"; rc=$?
  [[ $rc =~ ^($want)$ ]] || bad "$name: nspath $*: exit $rc, want $want: $(head -3 "$work/$name.err")"
}

if [[ ${5:-} == --real ]]; then
  [[ $(id -u) -eq 0 ]] || { echo "skip: --real needs root"; exit 77; }
  doc real-run-explain 0 run --real --no-capture --explain --json "$dir/19-forwarding-switch.sh"
  jq -e '[.commands[] | select(.evidence)] | length > 0' "$work/real-run-explain.json" >/dev/null ||
    bad "run --real --explain --json: no command with evidence"
  # the kernel's own races may make a line differ: the document is what counts here
  doc real-check '0|1' check --real --json "$dir/kernel/10-connected-route-link-state.txt"
  doc compare-alike '0|1' compare --json "$dir/10-connected-route-link-state.sh"
  NSPATH_SIM_FAULT=no-ttl-decrement doc compare-differ 1 compare --json "$dir/21-ttl-exceeded.sh"
  doc compare-error 2 compare --json "$work/nope.sh"
  "$validate" "$schemas" "$work"/*.json || bad "documents that do not validate (above)"
  [[ $fail -eq 0 ]] && echo "ok json schema --real ($(ls "$work"/*.json | wc -l) documents)"
  exit $fail
fi

# --- run ---------------------------------------------------------------------
# from the scenarios' folder, as golden.sh runs them (ip -batch FILE); every
# scenario's run --json --explain is explain.sh's, validated there
cd "$dir" || exit 1
for s in 10-connected-route-link-state 23-net-unreachable 44-ip-batch; do
  doc "run-$s" 0 run --no-capture --json "$s.sh"
done
doc run-explain 0 run --no-capture --json --explain 26-icmp-rate-limit.sh
for m in "$mddir"/*.md; do
  (cd "$mddir" && "$nspath" run --no-capture --json "$(basename "$m")") >"$work/run-md-$(basename "$m" .md).json" 2>/dev/null
done
printf 'ip netns add a\nls -l | grep x\nip netns exec a ping -c 1 -W 1 10.9.9.9\n' >"$work/unsupported.sh"
doc run-unsupported 2 run --no-capture --json "$work/unsupported.sh"
jq -e '.unsupported == 1 and .commands[1].supported == false and .commands[1].exit_status == null' \
  "$work/run-unsupported.json" >/dev/null || bad "run --json: the unsupported line"
doc run-missing 2 run --no-capture --json "$work/nope.sh"
jq -e '(.commands | length) == 0 and (.diagnostics | test("nope.sh.*No such file"))' \
  "$work/run-missing.json" >/dev/null || bad "run --json of a missing file: $(cat "$work/run-missing.json")"

# --- check -------------------------------------------------------------------
for t in 15-arp-unanswered-lo-down 21-ttl-exceeded 44-ip-batch; do
  doc "check-$t" 0 check --json "kernel/$t.txt"
done
sed '0,/ttl=63 time=/s/ttl=63 time=/ttl=62 time=/' kernel/19-forwarding-switch.txt >"$work/changed.txt"
doc check-differ 1 check --json "$work/changed.txt"
printf '$ ip netns add a\n$ ls -l | grep x\nx\n' >"$work/unsupported.txt"
doc check-error 2 check --json "$work/unsupported.txt"
jq -e '.result == "error" and .commands[1].match == null and .commands[1].diff == null' \
  "$work/check-error.json" >/dev/null || bad "check --json: the line that could not run"
for m in "$mddir"/*.md; do
  (cd "$mddir" && "$nspath" check --json "$(basename "$m")") >"$work/check-md-$(basename "$m" .md).json" 2>/dev/null
done
jq -e '.result == "differ" and (.diagnostics | test(":[0-9]+: skipped: "))' "$work/check-md-fixture.json" \
  >/dev/null || bad "check --json on fixture.md: result or diagnostics"

# --- frames --------------------------------------------------------------------
doc frames 0 frames --json kernel/03-router/*.pcap
doc frames-missing 2 frames --json "$work/nope.pcap" kernel/02-veth/ns1-veth0--ns2-veth0.pcap
jq -e '(.files | length) == 1 and .files[0].frames[0].number == 1' "$work/frames-missing.json" \
  >/dev/null || bad "frames --json with a missing file: $(cat "$work/frames-missing.json")"

n=$(ls "$work"/*.json | wc -l)
"$validate" "$schemas" "$work"/*.json || bad "documents that do not validate (above)"

# --- the schemas are strict ----------------------------------------------------
mkdir "$work/neg"
jq '.extra = 1' "$work/check-differ.json" >"$work/neg/extra-field.json"
jq '.commands[0].line = "1"' "$work/check-differ.json" >"$work/neg/line-string.json"
jq '.commands[0].diff = ["-a"]' "$work/check-differ.json" >"$work/neg/diff-array.json"
jq '.commands[0].probes = [{}]' "$work/run-unsupported.json" >"$work/neg/probe-empty.json"
jq '.nspath_json = 1' "$work/run-unsupported.json" >"$work/neg/format-1.json"
jq 'del(.commands[0].expected)' "$work/check-differ.json" >"$work/neg/expected-missing.json"
for f in "$work"/neg/*.json; do
  "$validate" "$schemas" "$f" >/dev/null && bad "the schema accepts $(basename "$f")"
done

[[ $fail -eq 0 ]] && echo "ok json schema ($n documents)"
exit $fail
