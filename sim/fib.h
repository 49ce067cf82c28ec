/* One routing table with the kernel's semantics (net/ipv4/fib_trie.c):
 * entries keyed by (prefix, length, metric), a longest-prefix-match lookup
 * that falls back to shorter prefixes when no entry of a length is usable,
 * and the dump order of `ip route show` (ascending prefix; for one prefix
 * the longer lengths first; for one length, ascending metric).
 *
 * The routes of one prefix (its aliases, as fib_trie calls them) form an
 * entry; the prefixes are kept in dump order by sim/pfxset.c, and once the
 * table is large enough a Poptrie (sim/lpm.c) answers which next-hop group
 * (sim/fibview.h) the longest match is in, and so its length and prefix.  The reference the index must agree with is the walk from
 * /32 down to /0 that the lookup falls back to (sim_fib_lookup_slow). */
#ifndef SIM_FIB_H
#define SIM_FIB_H

#include <glib.h>
#include <stdbool.h>

#include "core/backend.h"
#include "sim/fibview.h"
#include "sim/lpm.h"
#include "sim/pfxset.h"

typedef nsp_route sim_route;

/* The aliases of one prefix, in dump order: first, then more[]. */
typedef struct {
  sim_route first;
  GArray *more; /* sim_route; NULL while there is no other */
} sim_fib_entry;

typedef struct {
  sim_pfxset prefixes; /* (dst, plen) -> entry number, in dump order */
  GArray *entries;     /* sim_fib_entry, by number */
  GArray *free_ids;    /* entry numbers to reuse */
  sim_lpm *index;      /* NULL below SIM_FIB_INDEX_MIN prefixes */
  sim_fibview *view;   /* the index's next-hop groups, with it */
  size_t len;          /* routes */
  size_t nhid_routes;  /* of them by nexthop object: lookups walk by leaf */
  bool made;           /* a route was ever inserted: the kernel makes a table on
                          its first route (fib_new_table()) and keeps it as long
                          as the namespace lives */
} sim_fib;

/* Below this many prefixes one pass over them is as quick as the index,
 * which costs 2.3 MiB (most namespaces hold a handful of routes). */
#define SIM_FIB_INDEX_MIN 64

/* A position in dump order. */
typedef struct {
  sim_pfxset_cursor c;
  uint32_t id;
  guint alias; /* next alias of entry id; G_MAXUINT: take the next entry */
} sim_fib_iter;

struct sim_netns;

/* Which routes a lookup may use. */
typedef struct {
  int oif;        /* 0: any device */
  uint8_t scope;  /* routes of this scope or narrower only (flowi4_scope) */
  struct sim_netns *ns; /* resolves nexthop objects (sim/nexthop.h); NULL: a
                           route naming one counts as usable */
} sim_fib_filter;

/* A route with several paths or a nexthop object is usable when one of
 * its paths is (sim/mpath.c); single-path routes never get here. */
bool sim_route_paths_usable(struct sim_netns *ns, const nsp_route *r, int oif);

void sim_fib_init(sim_fib *t);
void sim_fib_free(sim_fib *t);
size_t sim_fib_len(const sim_fib *t);
void sim_fib_iter_init(const sim_fib *t, sim_fib_iter *it);
/* The next route in dump order, NULL at the end. */
const sim_route *sim_fib_iter_next(const sim_fib *t, sim_fib_iter *it);
/* -EEXIST when an entry with the same prefix, length and metric exists and excl. */
int sim_fib_insert(sim_fib *t, const sim_route *r, bool excl);
/* fib_table_insert() with the request's NSP_NLM_F_* flags: add
 * (CREATE|EXCL), replace (CREATE|REPLACE: the first route of the same
 * prefix and metric), change (REPLACE), append (CREATE|APPEND: after the
 * routes of the same metric), prepend (CREATE: before them); 0 or -EEXIST,
 * -ENOENT. */
int sim_fib_insert_nl(sim_fib *t, const sim_route *r, unsigned nlflags);
const sim_route *sim_fib_lookup(const sim_fib *t, uint32_t dst, const sim_fib_filter *f);
/* The route sim_fib_lookup() finds when its prefix is longer than best's,
 * else best (which may be NULL): a lookup continued from another table's
 * answer, whose prefixes no longer than that one are passed over unread. */
const sim_route *sim_fib_lookup_over(const sim_fib *t, uint32_t dst, const sim_fib_filter *f,
                                     const sim_route *best);
/* The first route match() accepts among those of the longest prefix
 * covering dst that has one. */
const sim_route *sim_fib_lookup_match(const sim_fib *t, uint32_t dst,
                                      bool (*match)(const sim_route *r, const void *ctx),
                                      const void *ctx);
/* The same without the index: the reference for tests. */
const sim_route *sim_fib_lookup_slow(const sim_fib *t, uint32_t dst,
                                     bool (*match)(const sim_route *r, const void *ctx),
                                     const void *ctx);
/* Removes entries for which match() is true; returns how many. */
size_t sim_fib_remove_if(sim_fib *t, bool (*match)(const sim_route *r, const void *ctx),
                         const void *ctx);
/* Removes the first route matching the delete request (fib_table_delete());
 * false when none does. */
bool sim_fib_delete(sim_fib *t, const nsp_route_req *rq);
/* Sets and clears nexthop flags of the routes through oif -- of the paths
 * through it, for a route with several; set with NSP_RTNH_F_DEAD marks a
 * multipath route's path dead, and the route itself once all are. */
void sim_fib_set_nh_flags(sim_fib *t, int oif, unsigned set, unsigned clear);
/* The same for the paths of multipath routes only. */
void sim_fib_set_path_flags(sim_fib *t, int oif, unsigned set, unsigned clear);
/* A multipath route's paths are the table's own: an insert copies them,
 * a removal frees them. */
/* The address a packet to dst is handed to on the link: the gateway, unless
 * the route has none or its gateway is one of ours. */
static inline uint32_t sim_route_nexthop(const sim_route *r, uint32_t dst) {
  return r->gw && !(r->nh_flags & NSP_RTNH_F_GW_HOST) ? r->gw : dst;
}

#endif
