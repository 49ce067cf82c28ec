/* A chain of namespaces built through the backend operations, as a script of
 * `ip` commands would build it, and a flood of echo requests through it.
 *
 * Node 0 and node N+1 are hosts, nodes 1..N routers (ip_forward=1).  Link i
 * (0..N) is a veth pair x<i> (in node i, 10.0.0.0 + 4i + 1/30) -- y<i> (in
 * node i+1, + 2/30); namespaces are named c<i>.  A router routes node 0's
 * subnet to its left and everything else (default) to its right; each host
 * has a default route through its only neighbour.  Used by the bench
 * (bench_world.c) and by the test that guards what the fast path keeps. */
#ifndef BENCH_CHAIN_H
#define BENCH_CHAIN_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"

/* "c<i>" into buf (at least 16 bytes) */
const char *chain_node_name(int i, char *buf);
/* The address of link `link`'s end in node `link` (end 0) or node link+1 (end 1). */
uint32_t chain_addr(int link, int end);

/* Builds the chain of `routers` routers (`routers` + 2 namespaces).
 * far_ttl: net.ipv4.ip_default_ttl of the far host (0: left at 64), so that
 * its replies can cross more than 63 routers. */
bool chain_build(nsp_backend *be, int routers, int far_ttl, nsp_status *st);

/* The same chain as a scenario: the `ip` and `sysctl` lines a person would
 * type to build it (about ten a namespace), appended to out.  Running them
 * makes what chain_build() makes. */
void chain_script(GString *out, int routers, int far_ttl);

typedef struct {
  unsigned sent;
  unsigned replies;       /* echo replies for our requests */
  unsigned errors;        /* ICMP errors quoting them */
  unsigned min_ttl, max_ttl; /* of the replies */
} chain_flood_result;

/* From node 0, `count` echo requests (56 bytes of payload, TTL 255) to the far
 * host, `burst` of them every `gap_ns` of virtual time, replies drained as
 * they come; then lets the last ones come home.  False if the probe could not
 * be opened or a send failed. */
bool chain_flood(nsp_backend *be, int routers, unsigned count, unsigned burst, uint64_t gap_ns,
                 chain_flood_result *out);

/* The same in steps, for measuring the packets alone: a socket of node 0
 * connected to the far host (NULL when it cannot be opened), floods through
 * it (sequence numbers go on from one flood to the next), and its end.  Once
 * a first flood has grown the world's pools, a flood allocates nothing. */
typedef struct chain_prober chain_prober;
chain_prober *chain_prober_open(nsp_backend *be, int routers);
bool chain_prober_flood(chain_prober *c, unsigned count, unsigned burst, uint64_t gap_ns,
                        chain_flood_result *out);
void chain_prober_close(chain_prober *c);

#endif
