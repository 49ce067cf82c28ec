#!/bin/bash
# nspath report: the page of the textbook router scenario (03 once it is in
# SCENARIO_DIR, else 34-router-chain-three) and of a failure (19) is
# self-contained (nothing fetched from anywhere), holds the topology and one
# picture per ping, a frame table and an embedded pcap per link (the same
# frames as the run's own pcaps) and the whole world's pcapng; headless
# Chromium renders it with no console message, its script ran (data-ready),
# and a page with a broken script is caught (the check itself works).
# With --real (root; exit 77 without): the kernel's page of 35, the same
# checks but no comments (the kernel keeps no account per frame).
# --sample (under the sanitizers): the failure's page only.
# usage: report.sh NSPATH SCENARIO_DIR [--real | --sample]
set -u
nspath=$1 dir=$2 real=${3:-} sample=
[[ $real == --sample ]] && sample=1 real=""
[[ -n $real && $(id -u) -ne 0 ]] && { echo "skipped: --real needs root"; exit 77; }
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# chromium FILE.html: the DOM after load in $work/dom, its log in $work/log
chromium_load() {
  local profile; profile=$(mktemp -d -p "$work")
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 --dump-dom "file://$1" \
    >"$work/dom" 2>"$work/log"
}

s=$dir/03-router.sh; [[ -f $s ]] || s=$dir/34-router-chain-three.sh
scenarios=("$s" "$dir/19-forwarding-switch.sh")
[[ -n $real ]] && scenarios=("$dir/35-default-route-only.sh")
[[ -n $sample ]] && scenarios=("$dir/19-forwarding-switch.sh")
for s in "${scenarios[@]}"; do
  name=$(basename "$s" .sh)
  page=$work/$name.html
  if ! "$nspath" report $real -o "$page" "$s" 2>"$work/err"; then
    echo "FAIL $name: nspath report failed"; cat "$work/err"; fail=1; continue
  fi
  # the run's own pcaps: the simulation's are the same bytes; the kernel's
  # differ run to run, so there the page's are compared with themselves
  [[ -z $real ]] && "$nspath" run --pcap-dir "$work/$name.pcaps" "$s" >/dev/null 2>&1
  pings=$(grep -cE '^[^#]*[ /]ping ' "$s")
  grep -o 'download="[^"]*" href="data:[^;]*;base64,[^"]*"' "$page" |
    sed 's/download="\([^"]*\)" href="data:[^;]*;base64,\(.*\)"/\1 \2/' >"$work/files"
  if [[ -n $real ]]; then
    mkdir -p "$work/$name.pcaps"
    while read -r file b64; do
      [[ $file == *.pcap ]] && echo "$b64" | base64 -d >"$work/$name.pcaps/$file"
    done <"$work/files"
  fi
  links=$(ls "$work/$name.pcaps" | wc -l)
  # self-contained: no reference leaves the page
  if grep -qE '(src|href|xlink:href)="(https?:)?//' "$page"; then
    echo "FAIL $name: the page refers to the network:"; grep -oE '(src|href)="(https?:)?//[^"]*' "$page" | head -3
    fail=1
  fi
  chromium_load "$page"
  if grep -q 'CONSOLE' "$work/log"; then
    echo "FAIL $name: console messages:"; grep 'CONSOLE' "$work/log"; fail=1
  fi
  grep -q 'data-ready="1"' "$work/dom" || { echo "FAIL $name: the page's script did not run"; fail=1; }
  svgs=$(grep -o '<svg' "$work/dom" | wc -l)
  tables=$(grep -o '<table class="frames"' "$work/dom" | wc -l)
  [[ $svgs -eq $((pings + 1)) ]] || { echo "FAIL $name: $svgs pictures for $pings pings"; fail=1; }
  [[ $tables -eq $links ]] || { echo "FAIL $name: $tables frame tables for $links links"; fail=1; }
  # the embedded pcaps: each the link's frames, as the run's own pcap holds them
  while read -r file b64; do
    echo "$b64" | base64 -d >"$work/$file"
    if [[ $file == *.pcapng ]]; then
      tshark -r "$work/$file" -T fields -e frame.comment >"$work/comments" 2>/dev/null
      n=$(wc -l <"$work/comments"); c=$(grep -c . "$work/comments")
      total=$(for p in "$work/$name.pcaps"/*.pcap; do tcpdump -r "$p" 2>/dev/null; done | wc -l)
      [[ -n $real ]] && c=$n
      [[ $n -eq $total && $c -eq $n && $n -gt 0 ]] ||
        { echo "FAIL $name: pcapng: $n frames ($c commented) for $total"; fail=1; }
    elif ! cmp -s "$work/$file" "$work/$name.pcaps/$file"; then
      echo "FAIL $name: the embedded $file is not the run's"; fail=1
    fi
  done <"$work/files"
  [[ $(grep -c . "$work/files") -eq $((links + 1)) ]] ||
    { echo "FAIL $name: $(grep -c . "$work/files") embedded files for $links links"; fail=1; }
  echo "$name: $pings pings, $links links, $svgs pictures; Chromium: no console message"
done
[[ -n $real ]] && exit $fail
# the failure's ping section draws the drop in router
grep -q 'end&#45;dropped\|end-dropped' "$work/19-forwarding-switch.html" ||
  { echo "FAIL 19: no picture marks where the pings died"; fail=1; }
# the check catches a broken page
sed 's|</body>|<script>nosuchfunction();</script></body>|' "$work/19-forwarding-switch.html" >"$work/bad.html"
chromium_load "$work/bad.html"
grep -q 'CONSOLE.*nosuchfunction' "$work/log" || { echo "FAIL: a script error went unseen"; fail=1; }
# bad input
"$nspath" report "$dir/34-router-chain-three.sh" >/dev/null 2>&1 && { echo "FAIL: report without -o"; fail=1; }
"$nspath" report -o /nonexistent/r.html "$dir/34-router-chain-three.sh" >/dev/null 2>"$work/err" &&
  { echo "FAIL: an unwritable page succeeded"; fail=1; }
grep -q '/nonexistent/r.html' "$work/err" || { echo "FAIL: an unwritable page says:"; cat "$work/err"; fail=1; }
exit $fail
