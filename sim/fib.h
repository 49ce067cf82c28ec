/* One routing table with the kernel's semantics (net/ipv4/fib_trie.c):
 * entries keyed by (prefix, length, metric), a longest-prefix-match lookup
 * that falls back to shorter prefixes when no entry of a length is usable,
 * and the dump order of `ip route show` (ascending prefix; for one prefix
 * the longer lengths first; for one length, ascending metric).
 *
 * This is the plain, obviously correct form: a sorted array.  It is the
 * reference that a faster structure must agree with. */
#ifndef SIM_FIB_H
#define SIM_FIB_H

#include <glib.h>
#include <stdbool.h>

#include "core/backend.h"

typedef nsp_route sim_route;

typedef struct {
  GArray *routes; /* sim_route, in dump order */
  bool made;      /* a route was ever inserted: the kernel makes a table on
                     its first route (fib_new_table()) and keeps it as long
                     as the namespace lives */
} sim_fib;

/* Which routes a lookup may use. */
typedef struct {
  int oif;        /* 0: any device */
} sim_fib_filter;

void sim_fib_init(sim_fib *t);
void sim_fib_free(sim_fib *t);
size_t sim_fib_len(const sim_fib *t);
const sim_route *sim_fib_at(const sim_fib *t, size_t i);
/* -EEXIST when an entry with the same prefix, length and metric exists and excl. */
int sim_fib_insert(sim_fib *t, const sim_route *r, bool excl);
const sim_route *sim_fib_lookup(const sim_fib *t, uint32_t dst, const sim_fib_filter *f);
/* Removes entries for which match() is true; returns how many. */
size_t sim_fib_remove_if(sim_fib *t, bool (*match)(const sim_route *r, const void *ctx),
                         const void *ctx);
/* Index of the first entry matching the delete request (fib_table_delete), or -1. */
long sim_fib_find_del(const sim_fib *t, const nsp_route_req *rq);
void sim_fib_remove_at(sim_fib *t, size_t i);
void sim_fib_set_nh_flags(sim_fib *t, int oif, unsigned set, unsigned clear);
/* The address a packet to dst is handed to on the link: the gateway, unless
 * the route has none or its gateway is one of ours. */
static inline uint32_t sim_route_nexthop(const sim_route *r, uint32_t dst) {
  return r->gw && !(r->nh_flags & NSP_RTNH_F_GW_HOST) ? r->gw : dst;
}

#endif
