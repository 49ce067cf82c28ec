#include "sim/fib.h"

#include <errno.h>

#include "proto/inet.h"

void sim_fib_init(sim_fib *t) {
  t->routes = g_array_new(FALSE, FALSE, sizeof(sim_route));
  t->made = false;
}

void sim_fib_free(sim_fib *t) {
  if (t->routes) g_array_free(t->routes, TRUE);
  t->routes = NULL;
}

size_t sim_fib_len(const sim_fib *t) { return t->routes->len; }

const sim_route *sim_fib_at(const sim_fib *t, size_t i) {
  return &g_array_index(t->routes, sim_route, i);
}

/* Dump order of fib_trie: key ascending; in a leaf the aliases are kept by
 * suffix length ascending (longer prefixes first), then by priority. */
static int fib_order(const sim_route *a, const sim_route *b) {
  if (a->dst != b->dst) return a->dst < b->dst ? -1 : 1;
  if (a->plen != b->plen) return a->plen > b->plen ? -1 : 1;
  if (a->metric != b->metric) return a->metric < b->metric ? -1 : 1;
  return 0;
}

int sim_fib_insert(sim_fib *t, const sim_route *r, bool excl) {
  size_t i = 0;
  for (; i < t->routes->len; i++) {
    int c = fib_order(sim_fib_at(t, i), r);
    if (c == 0 && excl) return -EEXIST;
    if (c > 0) break; /* equal keys without excl append after (NLM_F_APPEND) */
  }
  g_array_insert_val(t->routes, i, *r);
  t->made = true;
  return 0;
}

static bool fib_route_usable(const sim_route *r, const sim_fib_filter *f) {
  if (r->nh_flags & NSP_RTNH_F_DEAD) return false;
  if (f && f->oif && r->oif && r->oif != f->oif) return false;
  return true;
}

const sim_route *sim_fib_lookup(const sim_fib *t, uint32_t dst, const sim_fib_filter *f) {
  const sim_route *best = NULL;
  for (size_t i = 0; i < t->routes->len; i++) {
    const sim_route *r = sim_fib_at(t, i);
    if ((dst & ipv4_prefix_mask(r->plen)) != r->dst) continue;
    if (!fib_route_usable(r, f)) continue;
    if (!best || r->plen > best->plen) best = r;
  }
  return best;
}

size_t sim_fib_remove_if(sim_fib *t, bool (*match)(const sim_route *r, const void *ctx),
                         const void *ctx) {
  size_t n = 0;
  for (size_t i = t->routes->len; i-- > 0;) {
    if (match(sim_fib_at(t, i), ctx)) {
      g_array_remove_index(t->routes, i);
      n++;
    }
  }
  return n;
}

/* fib_table_delete(): the first alias of the prefix whose set attributes all
 * match; unset attributes match anything. */
static bool fib_del_matches(const sim_route *r, const nsp_route_req *rq) {
  const nsp_route *q = &rq->r;
  if (r->dst != q->dst || r->plen != q->plen) return false;
  if (rq->has_type && q->type && r->type != q->type) return false;
  if (rq->has_scope && q->scope != NSP_SCOPE_NOWHERE && r->scope != q->scope) return false;
  if (q->prefsrc && r->prefsrc != q->prefsrc) return false;
  if (rq->has_protocol && q->protocol && r->protocol != q->protocol) return false;
  if (q->metric && r->metric != q->metric) return false; /* fib_nh_match(): 0 is any */
  if (q->gw && r->gw != q->gw) return false;
  if (q->oif && r->oif != q->oif) return false;
  return true;
}

long sim_fib_find_del(const sim_fib *t, const nsp_route_req *rq) {
  for (size_t i = 0; i < t->routes->len; i++)
    if (fib_del_matches(sim_fib_at(t, i), rq)) return (long)i;
  return -1;
}

void sim_fib_remove_at(sim_fib *t, size_t i) { g_array_remove_index(t->routes, i); }

void sim_fib_set_nh_flags(sim_fib *t, int oif, unsigned set, unsigned clear) {
  for (size_t i = 0; i < t->routes->len; i++) {
    sim_route *r = &g_array_index(t->routes, sim_route, i);
    if (r->oif == oif) r->nh_flags = (r->nh_flags & ~clear) | set;
  }
}
