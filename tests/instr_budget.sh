#!/bin/bash
# Instruction budgets: runs tests/instr_workload.c under callgrind, divides
# each workload's instructions by its units and compares them with the
# budget kept in tests/instr_budget.txt.  Fails when a count is more than
# 10 % over its budget; says so when it is more than 10 % under (the budget
# can come down: run with --update and commit the file).  Instruction
# counts do not depend on the machine's load, unlike times.
#
# usage: instr_budget.sh VALGRIND WORKLOAD BUDGET_FILE [TABLE] [--update]
set -u
valgrind=$1 workload=$2 budgets=$3
table=${4:-}
update=false
[[ ${5:-} == --update || ${4:-} == --update ]] && update=true
[[ $table == --update ]] && table=
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

names=$(awk '!/^#/ && NF {print $1}' "$budgets")
args=()
[[ -n $table && -r $table ]] && args=(--table "$table")
run=()
for n in $names; do
  if [[ $n == lookup || $n == fib_lookup ]] && [[ ${#args[@]} -eq 0 ]]; then
    echo "SKIP $n: no full table (${table:-none given})"
    continue
  fi
  run+=("$n")
done

if ! "$valgrind" --tool=callgrind --instr-atstart=no --callgrind-out-file="$tmp/cg.out" \
     "$workload" "${args[@]}" "${run[@]}" >"$tmp/units" 2>"$tmp/err"; then
  echo "FAIL: the workloads did not run"
  cat "$tmp/err"
  exit 1
fi

# each dump: "desc: Trigger: Client Request: NAME" and "totals: INSTRUCTIONS"
for f in "$tmp"/cg.out.*; do
  awk '/^desc: Trigger: Client Request: / {name=$5} /^totals:/ {print name, $2}' "$f"
done >"$tmp/counts"

status=0
printf '%-12s %14s %14s %8s\n' workload "instr/unit" budget ratio
for n in "${run[@]}"; do
  units=$(awk -v n="$n" '$1 == n {print $2}' "$tmp/units")
  instr=$(awk -v n="$n" '$1 == n {print $2}' "$tmp/counts")
  budget=$(awk -v n="$n" '$1 == n {print $2}' "$budgets")
  if [[ -z $units || -z $instr || $units == 0 ]]; then
    echo "FAIL $n: no count (units '$units', instructions '$instr')"
    status=1
    continue
  fi
  per=$(awk -v i="$instr" -v u="$units" 'BEGIN {printf "%.1f", i / u}')
  verdict=$(awk -v p="$per" -v b="$budget" 'BEGIN {
    r = p / b; printf "%.3f ", r
    if (r > 1.10) print "OVER"; else if (r < 0.90) print "under"; else print "ok" }')
  printf '%-12s %14s %14s %8s\n' "$n" "$per" "$budget" "$verdict"
  case $verdict in
    *OVER) echo "FAIL $n: $per instructions per unit, more than 10 % over its budget of $budget"
           status=1 ;;
    *under) echo "note $n: $per is more than 10 % under its budget of $budget;" \
                 "lower it (instr_budget.sh ... --update)" ;;
  esac
  if $update; then
    awk -v n="$n" -v p="$per" '$1 == n {
      rest = $0; sub(/^[^ ]+ +[^ ]+ +/, "", rest)
      printf "%-12s %-8.0f %s\n", $1, p, rest; next } {print}' "$budgets" >"$tmp/b"
    cat "$tmp/b" >"$budgets"
  fi
done
exit $status
