#!/bin/bash
# Setting up and tearing down a topology on the kernel: `nspath run --real`
# against the same steps as a shell script of `ip` commands and as `ip -batch`.
# Topologies: the textbook's host-router-host, and a chain of 50 routers.
# Root only.  The shell variants use namespaces and veths named nb<pid>…,
# removed on exit whatever happens.
# usage: bench/real_setup.sh NSPATH [RUNS]
set -u
nspath=$1 runs=${2:-3}
[[ $(id -u) -eq 0 ]] || { echo "bench/real_setup.sh: needs root" >&2; exit 2; }
work=$(mktemp -d)
p=nb$$
cleanup() {
  for n in $(ip netns list | awk -v p="$p-" 'index($1, p) == 1 {print $1}'); do ip netns del "$n"; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# gen ROUTERS PREFIX: the setup lines of host - ROUTERS routers - host
gen() {
  local r=$1 pre=$2 last=$(($1 + 1)) i
  for i in $(seq 0 $last); do echo "ip netns add ${pre}c$i"; done
  for i in $(seq 0 $r); do
    echo "ip link add ${pre}l${i}a type veth peer name ${pre}l${i}b"
    echo "ip link set ${pre}l${i}a netns ${pre}c$i"
    echo "ip link set ${pre}l${i}b netns ${pre}c$((i + 1))"
    echo "ip -n ${pre}c$i address add 10.$((i / 250)).$((i % 250)).1/24 dev ${pre}l${i}a"
    echo "ip -n ${pre}c$((i + 1)) address add 10.$((i / 250)).$((i % 250)).2/24 dev ${pre}l${i}b"
    echo "ip -n ${pre}c$i link set ${pre}l${i}a up"
    echo "ip -n ${pre}c$((i + 1)) link set ${pre}l${i}b up"
  done
  for i in $(seq 1 $r); do echo "ip netns exec ${pre}c$i sysctl -qw net.ipv4.ip_forward=1"; done
}

# the same as ip -batch files: the root's lines in one, each namespace's in its own
gen_batch() {
  local r=$1 pre=$2
  gen "$r" "$pre" | grep -v '^ip -n\|sysctl' | sed 's/^ip //' >"$work/batch-root"
  gen "$r" "$pre" | grep '^ip -n' | sed 's/^ip -n \([^ ]*\) /\1 /' | sort -s -k1,1 >"$work/batch-ns"
}

ms() { echo "$(( ($2 - $1) / 1000000 ))"; }

bench_one() { # ROUTERS -> prints nspath, script, batch medians (ms)
  local r=$1 a b c t0 t1 nsp=() scr=() bat=()
  gen "$r" "" >"$work/scen.sh"
  gen "$r" "$p-" >"$work/script.sh"
  for i in $(seq 0 $((r + 1))); do echo "ip netns del $p-c$i"; done >"$work/teardown.sh"
  gen_batch "$r" "$p-"
  for k in $(seq "$runs"); do
    t0=$(date +%s%N); "$nspath" run --real --no-capture --pace 0 "$work/scen.sh" >/dev/null 2>&1; t1=$(date +%s%N)
    nsp+=("$(ms "$t0" "$t1")")
    t0=$(date +%s%N); bash "$work/script.sh"; bash "$work/teardown.sh"; t1=$(date +%s%N)
    scr+=("$(ms "$t0" "$t1")")
    t0=$(date +%s%N)
    ip -batch "$work/batch-root"
    awk '{ns = $1; $1 = ""; print ns "\t" substr($0, 2)}' "$work/batch-ns" | cut -f1 | uniq | while read -r ns; do
      awk -v ns="$ns" '$1 == ns {$1 = ""; print substr($0, 2)}' "$work/batch-ns" | ip -n "$ns" -batch -
    done
    for i in $(seq 1 "$r"); do ip netns exec "$p-c$i" sysctl -qw net.ipv4.ip_forward=1; done
    sed 's/^ip //' "$work/teardown.sh" | ip -batch -
    t1=$(date +%s%N)
    bat+=("$(ms "$t0" "$t1")")
  done
  a=$(printf '%s\n' "${nsp[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  b=$(printf '%s\n' "${scr[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  c=$(printf '%s\n' "${bat[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "$a $b $c"
}

printf '%-28s %10s %12s %10s %14s %14s\n' "topology (setup+teardown)" "nspath ms" "ip script ms" "batch ms" "script/nspath" "batch/nspath"
for r in 1 50; do
  read -r a b c < <(bench_one "$r")
  name=$([[ $r -eq 1 ]] && echo "textbook host-router-host" || echo "chain of $r routers")
  awk -v n="$name" -v a="$a" -v b="$b" -v c="$c" \
    'BEGIN { if (a < 1) a = 1; printf "%-28s %10d %12d %10d %13.1fx %13.1fx\n", n, a, b, c, b / a, c / a }'
done
