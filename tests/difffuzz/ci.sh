#!/bin/bash
# The bounded run in CI: 300 lines (seed 1) through nspath and the real
# tools; fails on any difference neither deliberate nor known (difffuzz.py).
# Root only: exit 77 (skipped) without.
# usage: ci.sh NSPATH
set -u
[[ $(id -u) -eq 0 ]] || { echo "skipped: needs root"; exit 77; }
unshare -m -n true 2>/dev/null || { echo "skipped: no namespaces here"; exit 77; }
exec python3 "$(dirname "$0")/difffuzz.py" "$1" --lines 300 --seed 1
