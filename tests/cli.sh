#!/bin/bash
# The command line (cli/cmdline.c over GOptionContext) and the man page:
#  - nspath --version prints the project's version, as the man page does;
#  - nspath help CMD, nspath CMD --help and -h print the same help, exit 0,
#    every line within 79 columns, and every option it lists is in the man
#    page, under that command, with the same description;
#  - --opt=value and --opt value, "--" before an argument that starts with -;
#  - a bad option, a missing or extra argument, an unknown command: one
#    line on stderr naming the command, nothing on stdout, exit 2;
#  - the man page renders without a warning (groff -ww, man -l --warnings)
#    and is ASCII.
# usage: cli.sh NSPATH MANPAGE VERSION SCENARIO_DIR
set -u
nspath=$(realpath "$1") man=$2 version=$3 dir=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }

[[ $("$nspath" --version) == "nspath $version" ]] || bad "--version: $("$nspath" --version)"
grep -q "^\.TH NSPATH 1 .*\"nspath $version\"" "$man" || bad "the man page's version is not $version"
LC_ALL=C grep -qP '[^\x00-\x7f]' "$man" && bad "the man page is not ASCII"

# --- the man page renders cleanly -------------------------------------------
groff -ww -man -Tutf8 "$man" >/dev/null 2>"$work/groff.err"
[[ -s $work/groff.err ]] && bad "groff -ww warns: $(cat "$work/groff.err")"
if command -v man >/dev/null; then
  MANWIDTH=80 man --warnings -l "$man" >/dev/null 2>"$work/man.err"
  [[ -s $work/man.err ]] && bad "man -l warns: $(cat "$work/man.err")"
fi
# the text as a reader sees it, without bold and underline
groff -man -Tascii -P-cbou "$man" 2>/dev/null | sed 's/^ *//' | tr -s ' ' >"$work/man.txt"

# --- help: the same from every door, and in the man page ----------------------
"$nspath" --help >"$work/top" || bad "--help: exit $?"
cmds=$(sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p' "$work/top")
for c in run check diff compare frames clean help; do
  grep -qw "$c" <<<"$cmds" || bad "--help does not list $c: $(echo $cmds)"
done
"$nspath" --help-all >"$work/all" || bad "--help-all: exit $?"
for c in $cmds; do
  "$nspath" help "$c" >"$work/$c.help" || bad "help $c: exit $?"
  "$nspath" "$c" --help | cmp -s - "$work/$c.help" || bad "$c --help differs from help $c"
  [[ $(sed -n 2p "$work/$c.help") == "  nspath $c [OPTION…]"* ]] || bad "help $c: no usage line"
  grep -qF -f <(sed -n '/^Options:/,/^$/p' "$work/$c.help") "$work/all" ||
    bad "--help-all lacks the options of $c"
  awk 'length > 79 { print; bad = 1 } END { exit bad }' "$work/$c.help" >"$work/long" ||
    bad "help $c: lines over 79 columns: $(cat "$work/long")"
  # each option with its description, in the man page's section of the command
  sed -n "/^nspath $c\$/,/^nspath [a-z]*\$/p" "$work/man.txt" | tr '\n' ' ' | tr -s ' ' >"$work/$c.man"
  sed -n '/^Options:/,/^$/s/^  \(-[^ ]*\( --[^ ]*\)\?\) *\(.*\)/\1\t\3/p' "$work/$c.help" |
    grep -v -- '--help' | while IFS=$'\t' read -r opt desc; do
      grep -qF -- "$opt $desc." "$work/$c.man" || echo "$c: $opt ($desc) is not in the man page"
    done >"$work/missing"
  [[ -s $work/missing ]] && bad "$(cat "$work/missing")"
  grep -qF -- "nspath $c" "$work/man.txt" || bad "the man page has no nspath $c"
done
"$nspath" help --man | cmp -s - "$man" || bad "nspath help --man is not the installed page"
"$nspath" run -h | cmp -s - "$work/run.help" || bad "run -h differs from help run"
"$nspath" run --help-all | cmp -s - "$work/run.help" || bad "run --help-all differs from help run"

# --- options: both spellings, "--", the defaults kept ------------------------
s=$dir/10-connected-route-link-state.sh
"$nspath" run --no-capture "$s" >"$work/plain" 2>/dev/null || bad "run $s: exit $?"
"$nspath" run --pace=9 --no-capture "$s" | cmp -s - "$work/plain" || bad "--pace=9 is not the default"
"$nspath" run --pace 9 --no-capture "$s" | cmp -s - "$work/plain" || bad "--pace 9 (two words)"
"$nspath" run --pcap-dir="$work/p1" "$s" >/dev/null 2>&1 && [[ -n $(ls "$work/p1") ]] ||
  bad "--pcap-dir=DIR wrote nothing"
"$nspath" run --pcap-dir "$work/p2" "$s" >/dev/null 2>&1 && [[ -n $(ls "$work/p2") ]] ||
  bad "--pcap-dir DIR wrote nothing"
cp "$s" "$work/-dash.sh"
(cd "$work" && "$nspath" run --no-capture -- -dash.sh) | cmp -s - "$work/plain" ||
  bad "-- before a file name starting with -"

# --- a bad command line: one line, nothing on stdout, exit 2 -----------------
one_line() { # NAME PATTERN ARGS...: exit 2, stdout empty, one stderr line matching
  local name=$1 pat=$2 rc; shift 2
  "$nspath" "$@" >"$work/o" 2>"$work/e"; rc=$?
  if [[ $rc -ne 2 || -s $work/o || $(wc -l <"$work/e") -ne 1 ]] || ! grep -qE -- "$pat" "$work/e"; then
    bad "$name: exit $rc, stdout $(wc -c <"$work/o") bytes, stderr: $(cat "$work/e")"
  fi
}
for c in run check compare frames clean diff help; do
  one_line "$c --bogus" "^nspath $c: Unknown option --bogus \(see: nspath help $c\)$" "$c" --bogus x
done
one_line "run -x" "^nspath run: Unknown option -x" run -x "$s"
one_line "run without SCENARIO" "^nspath run: SCENARIO missing" run
one_line "run with two" "^nspath run: one SCENARIO at a time \('a' and 'b'\)" run a b
one_line "check without" "^nspath check: TRANSCRIPT missing" check
one_line "diff with one" "^nspath diff: takes EXPECTED ACTUAL, 1 given" diff a
one_line "compare without" "^nspath compare: SCENARIO\.\.\. missing" compare
one_line "frames without" "^nspath frames: PCAP\.\.\. missing" frames
one_line "clean with one" "^nspath clean: takes no arguments \('x' given\)" clean x
one_line "--pace=abc" "^nspath run: --pace wants milliseconds \(0 to 60000\), not 'abc'" run --pace=abc "$s"
one_line "--pace 70000" "^nspath run: --pace wants milliseconds" run --pace 70000 "$s"
one_line "--pcap-dir without DIR" "^nspath run: Missing argument for --pcap-dir" run "$s" --pcap-dir
one_line "--keep alone" "^nspath run: --keep goes with --real" run --keep "$s"
one_line "--pcap-dir and --no-capture" "exclude each other" run --no-capture --pcap-dir=x "$s"
one_line "unknown command" "^nspath: unknown command 'frob' \(see: nspath --help\)$" frob
one_line "unknown option" "^nspath: Unknown option --frob \(see: nspath --help\)$" --frob
one_line "help of nothing" "^nspath: unknown command 'frob'" help frob
"$nspath" >/dev/null 2>"$work/e"; rc=$?
[[ $rc -eq 2 ]] && grep -q '^Commands:' "$work/e" || bad "nspath alone: exit $rc, no help on stderr"

[[ $fail -eq 0 ]] && echo "ok cli"
exit $fail
