/* --explain --real: the kernel's own evidence of what a command's pings
 * did — the counters (nstat's names) that moved in each namespace while it
 * ran, the interfaces' packet counters, and the neighbour and link states
 * that explain a silence (FAILED resolution, no carrier). */
#ifndef CLI_EVIDENCE_H
#define CLI_EVIDENCE_H

#include <glib.h>
#include <json-glib/json-glib.h>

#include "core/backend.h"
#include "real/world.h"

typedef struct evidence_snapshot evidence_snapshot;

typedef struct {
  char ns[NSP_NSNAMSIZ]; /* "" for the root namespace */
  char name[48];
  int64_t delta;
} evidence_delta;

/* Every namespace's counters now, and the frames captured on each veth
 * pair so far when rw (the kernel backend behind be) captures. */
evidence_snapshot *evidence_snapshot_take(nsp_backend *be, real_world *rw);
void evidence_snapshot_free(evidence_snapshot *s);
/* What moved from before (NULL: all zero) to after: evidence_delta. */
GArray *evidence_diff(const evidence_snapshot *before, const evidence_snapshot *after);
/* Frames captured on each pair between the two (ns: the link "A--B";
 * zeros kept: a link nothing crossed is evidence too): evidence_delta. */
GArray *evidence_frames(const evidence_snapshot *before, const evidence_snapshot *after);
/* "ns1: neighbour 192.0.2.77 dev ns1-veth0 FAILED", "ns1: ns1-veth0 is up
 * without carrier (its peer is down)", in the namespaces where counters
 * moved (an old FAILED entry elsewhere is no evidence): char*. */
GPtrArray *evidence_states(nsp_backend *be, GArray *moved);
/* "# " lines: the counters that moved, what the telling ones mean, the states. */
void evidence_render(GArray *moved, GArray *frames, GPtrArray *states, GString *out);
/* The "evidence" member of a command in --json. */
JsonObject *evidence_json(GArray *moved, GArray *frames, GPtrArray *states);

#endif
