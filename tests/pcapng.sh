#!/bin/bash
# nspath run --pcapng: one pcapng of the whole world.  For the textbook
# scenarios (01-04 once they are in SCENARIO_DIR) and 34-router-chain-three:
# every frame has an interface named NS/IFNAME with a description and, in
# the simulation, a comment; the frames of each interface are exactly those
# of that link's per-link pcap (bytes and times); drops held back by a
# router (forwarding off, 19 and 39) are in the comment of the very frame
# that was dropped.  With --real (root; exit 77 without): the same on the
# kernel for 34 (no comments there), and compare --pcapng holds both sides.
# --sample (under the sanitizers): 34 and 39 only.
# usage: pcapng.sh NSPATH SCENARIO_DIR [--real | --sample]
set -u
nspath=$1 dir=$2 real=${3:-} sample=
[[ $real == --sample ]] && sample=1 real=
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
tshark() { command tshark -o gui.column.format:'"No.","%m"' "$@" 2>/dev/null; }

# One line per frame of a capture file: its time (µs, as both formats
# give it to libpcap) and its bytes.  tcpdump, not tshark: a tenth of the time.
frames() {
  tcpdump -r "$1" -tt -nn -xx 2>/dev/null | awk '
    /^\t0x/ { for (i = 2; i <= NF; i++) line = line $i; next }
    { if (line != "") print line; line = $1 " " }
    END { if (line != "") print line }'
}

# check NAME [run options]: runs NAME with per-link pcaps and the pcapng.
check() {
  local s=$1 name; name=$(basename "$1" .sh); shift
  local out=$work/$name
  mkdir -p "$out/pcaps"
  if ! "$nspath" run "$@" --pcap-dir "$out/pcaps" --pcapng "$out/all.pcapng" "$s" \
       >/dev/null 2>"$out/err"; then
    echo "FAIL $name: nspath run --pcapng failed"; cat "$out/err"; fail=1; return
  fi
  tshark -r "$out/all.pcapng" -T fields -E separator=/t -e frame.interface_name \
    -e frame.interface_description -e frame.comment >"$out/fields"
  # each frame of the pcapng with its interface: "NS/IF time bytes"
  paste -d ' ' <(cut -f1 "$out/fields") <(frames "$out/all.pcapng") >"$out/all"
  local total=0 f n
  if ! compgen -G "$out/pcaps/*.pcap" >/dev/null; then
    echo "$name: no link, no frame"; return
  fi
  for f in "$out"/pcaps/*.pcap; do
    frames "$f" >"$f.frames"
    n=$(wc -l <"$f.frames"); total=$((total + n))
  done
  if [[ $(wc -l <"$out/fields") -ne $total || $(wc -l <"$out/all") -ne $total || $total -eq 0 ]]; then
    echo "FAIL $name: the pcapng has $(wc -l <"$out/fields") frames, the pcaps $total"; fail=1
  fi
  # every frame: NS/IFNAME, "IF in NS, peer P in NS2", and (simulation) a comment
  if awk -F'\t' -v real="$real" '
      $1 !~ /^[^\/]+\/[^\/]+$/ { bad = 1 }
      $2 !~ / in .*, peer .* in / { bad = 1 }
      !real && $3 == "" { bad = 1 }
      END { exit !bad }' "$out/fields"; then
    echo "FAIL $name: a frame without its interface name, description or comment:"
    awk -F'\t' -v real="$real" '$1 !~ /^[^\/]+\/[^\/]+$/ || $2 !~ / in / || (!real && $3 == "")' \
      "$out/fields" | head -3
    fail=1
  fi
  # per interface, the frames equal the link's pcap (the first-named end is captured)
  for f in "$out"/pcaps/*.pcap; do
    local a; a=$(basename "$f" .pcap); a=${a%%--*}
    if ! cmp -s "$f.frames" <(awk -v a="$a" '$1 ~ "/" a "$" { $1 = ""; sub(/^ /, ""); print }' "$out/all"); then
      echo "FAIL $name: the frames of $a's interface differ from $(basename "$f")"; fail=1
    fi
  done
  [[ -z $real ]] && echo "$name: $total frames, $(cut -f1 "$out/fields" | sort -u | wc -l) interfaces, each frame commented"
}

if [[ -z $real ]]; then
  for s in "$dir"/0[1-4]-*.sh "$dir"/34-router-chain-three.sh; do
    [[ -f $s && ( -z $sample || $s == */34-* ) ]] && check "$s"
  done
  check "$dir/39-forwarding-off-second-router.sh"
  drops=("39-forwarding-off-second-router router2 gw2-veth")
  if [[ -z $sample ]]; then
    check "$dir/19-forwarding-switch.sh"
    drops+=("19-forwarding-switch router gw-veth")
  fi
  # the drops, on the frames that were dropped: echo requests and replies
  # into router2 (39) and router (19) whose ingress does not forward
  for c in "${drops[@]}"; do
    set -- $c
    tshark -r "$work/$1/all.pcapng" -Y 'frame.comment contains "IpInAddrErrors"' -T fields \
      -e frame.interface_name -e icmp.type -e frame.comment >"$work/drops"
    if [[ ! -s $work/drops ]] || grep -qv "dropped in $2: not for this namespace, and forwarding is off on $3" "$work/drops"; then
      echo "FAIL $1: no frame, or another place, for the forwarding-off drop:"; cat "$work/drops"; fail=1
    else
      echo "$1: $(wc -l <"$work/drops") frames carry their drop in $2"
    fi
  done
  # and they are on the links into router2 (39: gw1-veth1--gw2-veth0 captured
  # on router1/gw1-veth1, gw2-veth1--ns2-veth0 on router2/gw2-veth1), echo
  # requests from both sides
  tshark -r "$work/39-forwarding-off-second-router/all.pcapng" \
    -Y 'frame.comment contains "IpInAddrErrors"' -T fields -e frame.interface_name -e icmp.type |
    sort -u | tr '\t\n' ': ' >"$work/where"
  [[ $(cat "$work/where") == "router1/gw1-veth1:8 router2/gw2-veth1:8 " ]] ||
    { echo "FAIL 39: frames dropped by router2 seen on: $(cat "$work/where")"; fail=1; }
  # a pcapng that cannot be written: the writer's message, exit 2
  if "$nspath" run --no-capture --pcapng /nonexistent/x.pcapng "$dir/34-router-chain-three.sh" \
       >/dev/null 2>"$work/err"; then
    echo "FAIL: an unwritable --pcapng succeeded"; fail=1
  elif ! grep -q "nspath-pcapng: /nonexistent/x.pcapng" "$work/err"; then
    echo "FAIL: an unwritable --pcapng says:"; cat "$work/err"; fail=1
  fi
  exit $fail
fi

[[ $(id -u) -eq 0 ]] || { echo "skipped: --real needs root"; exit 77; }
check "$dir/34-router-chain-three.sh" --real
echo "34-router-chain-three --real: $(wc -l <"$work/34-router-chain-three/fields") frames, named and described"
# compare --pcapng: the model's frames commented, the kernel's not, both named alike
"$nspath" compare --pcapng "$work/cmp.pcapng" "$dir/35-default-route-only.sh" >"$work/cmp.out" 2>&1
tshark -r "$work/cmp.pcapng" -T fields -E separator=/t -e frame.interface_description \
  -e frame.comment >"$work/cmp.fields"
m=$(grep -c '^model: .*	.' "$work/cmp.fields"); k=$(grep -c '^kernel: ' "$work/cmp.fields")
if [[ $m -eq 0 || $m -ne $k ]] || grep -q '^kernel: .*	.' "$work/cmp.fields"; then
  echo "FAIL compare --pcapng: $m commented model frames, $k kernel frames"; cat "$work/cmp.out"; fail=1
fi
exit $fail
