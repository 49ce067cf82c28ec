# Sourced by the fault tests.
#
# The test runs in a mount namespace of its own with empty /run/netns and
# /run/nspath, so `nspath clean` sees this test's records only and never
# another run's on a shared machine (that would remove what someone else
# kept).  nspath's namespaces are private either way; a leftover shows here.
if [[ -z ${NSP_FAULTS_PRIVATE:-} ]]; then
  [[ $(id -u) -eq 0 ]] || { echo "skipped: needs root"; exit 77; }
  exec unshare -m --propagation private env NSP_FAULTS_PRIVATE=1 bash -c \
    'mkdir -p /run/netns /run/nspath && mount -t tmpfs f14-netns /run/netns &&
     mount -t tmpfs f14-nspath /run/nspath && exec "$0" "$@"' "$0" "$@"
fi

# What a run of nspath --real may never leave: a veth in the host's
# namespace named as the scenarios name theirs (nspath makes none there), a
# namespace under /run/netns, a record under /run/nspath, a bind mount of
# a namespace.  Other developers' veths and namespaces come and go on a
# shared machine: only names the scenarios use count.
host_state() { # SCENARIO...
  local names
  names=$(cat "$@" | grep -v '^ *#' | tr -s ' \t' '\n' | grep -E '^[A-Za-z][A-Za-z0-9_.-]*$' | sort -u)
  ip -o link show type veth 2>/dev/null | sed 's/^[0-9]*: //; s/[@:].*//' | sort | comm -12 - <(echo "$names")
  ls -A /run/netns /run/nspath 2>/dev/null
  grep -E ' /run/netns/' /proc/self/mountinfo | awk '{print $5}' | sort
}
