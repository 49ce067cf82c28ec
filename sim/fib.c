#include "sim/fib.h"

#include <errno.h>

#include "proto/inet.h"

/* ---- a route's own paths ---------------------------------------------------- */

static void fib_route_own(sim_route *r) {
  if (r->npaths) r->paths = g_memdup2(r->paths, r->npaths * sizeof *r->paths);
  else r->paths = NULL;
}

static void fib_route_drop(sim_route *r) {
  g_free((nsp_nh_path *)r->paths);
  r->paths = NULL;
  r->npaths = 0;
}

void sim_fib_init(sim_fib *t) {
  sim_pfxset_init(&t->prefixes);
  t->entries = g_array_new(FALSE, FALSE, sizeof(sim_fib_entry));
  t->free_ids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
  t->index = NULL;
  t->view = NULL;
  t->len = 0;
  t->nhid_routes = 0;
  t->made = false;
}

void sim_fib_free(sim_fib *t) {
  if (!t->entries) return;
  for (guint i = 0; i < t->entries->len; i++) {
    sim_fib_entry *e = &g_array_index(t->entries, sim_fib_entry, i);
    fib_route_drop(&e->first); /* a free entry's paths were dropped already */
    for (guint k = 0; e->more && k < e->more->len; k++)
      fib_route_drop(&g_array_index(e->more, sim_route, k));
    if (e->more) g_array_free(e->more, TRUE);
  }
  g_array_free(t->entries, TRUE);
  g_array_free(t->free_ids, TRUE);
  sim_pfxset_free(&t->prefixes);
  if (t->index) sim_lpm_free(t->index), sim_fibview_free(t->view);
  g_free(t->index);
  g_free(t->view);
  t->entries = t->free_ids = NULL;
  t->index = NULL;
  t->view = NULL;
  t->len = 0;
  t->nhid_routes = 0;
}

size_t sim_fib_len(const sim_fib *t) { return t->len; }

static sim_fib_entry *fib_entry(const sim_fib *t, uint32_t id) {
  return &g_array_index(t->entries, sim_fib_entry, id);
}

static guint fib_entry_n(const sim_fib_entry *e) { return 1 + (e->more ? e->more->len : 0); }

static sim_route *fib_entry_at(sim_fib_entry *e, guint k) {
  return k == 0 ? &e->first : &g_array_index(e->more, sim_route, k - 1);
}

/* ---- dump order ------------------------------------------------------------ */

void sim_fib_iter_init(const sim_fib *t, sim_fib_iter *it) {
  it->c = sim_pfxset_first(&t->prefixes);
  it->id = 0;
  it->alias = G_MAXUINT;
}

const sim_route *sim_fib_iter_next(const sim_fib *t, sim_fib_iter *it) {
  if (it->alias == G_MAXUINT || it->alias >= fib_entry_n(fib_entry(t, it->id))) {
    uint64_t key;
    if (!sim_pfxset_next(&t->prefixes, &it->c, &key, &it->id)) return NULL;
    it->alias = 0;
  }
  return fib_entry_at(fib_entry(t, it->id), it->alias++);
}

/* ---- the index ------------------------------------------------------------- */

/* The index's source: the view reads the set where the table is now. */
static sim_lpm_src *fib_src(const sim_fib *t) {
  t->view->set = &t->prefixes;
  return &t->view->src;
}

static uint16_t fib_view_join(sim_fib *t, uint32_t id) {
  const sim_route *r = &fib_entry(t, id)->first;
  return sim_fibview_join(t->view, id, r->dst, r->plen, r->type, r->oif, r->gw);
}

/* Creates the index once the table is large enough for it to pay; keeps
 * it up to date after (a new prefix: its entry joins a group first; a
 * gone one: the index forgets it before its entry leaves the group). */
static void fib_index_update(sim_fib *t, const sim_route *r, bool added, uint32_t id) {
  if (t->index) {
    uint16_t g = added ? fib_view_join(t, id) : SIM_LPM_NONE;
    sim_lpm_changed(t->index, fib_src(t), r->dst, r->plen, added, g);
    if (!added) sim_fibview_leave(t->view, id, r->dst, r->plen);
  } else if (t->prefixes.len >= SIM_FIB_INDEX_MIN) {
    t->index = g_new(sim_lpm, 1);
    t->view = g_new(sim_fibview, 1);
    sim_lpm_init(t->index);
    sim_fibview_init(t->view, &t->prefixes);
    sim_pfxset_cursor c = sim_pfxset_first(&t->prefixes);
    uint64_t key;
    uint32_t e;
    while (sim_pfxset_next(&t->prefixes, &c, &key, &e)) fib_view_join(t, e);
    sim_lpm_build(t->index, fib_src(t));
  }
}

/* ---- insert and delete ----------------------------------------------------- */

static uint32_t fib_entry_new(sim_fib *t, const sim_route *r) {
  sim_fib_entry e = {.first = *r, .more = NULL};
  fib_route_own(&e.first);
  if (t->free_ids->len) {
    uint32_t id = g_array_index(t->free_ids, uint32_t, t->free_ids->len - 1);
    g_array_set_size(t->free_ids, t->free_ids->len - 1);
    *fib_entry(t, id) = e;
    return id;
  }
  g_array_append_val(t->entries, e);
  return t->entries->len - 1;
}

/* Dump order inside a prefix: metric ascending; an equal one goes after
 * (NLM_F_APPEND), or is refused when excl. */
static void fib_alias_insert_at(sim_fib_entry *e, guint k, const sim_route *r) {
  sim_route own = *r;
  fib_route_own(&own);
  if (!e->more) e->more = g_array_new(FALSE, FALSE, sizeof(sim_route));
  if (k == 0) {
    g_array_prepend_val(e->more, e->first);
    e->first = own;
  } else {
    g_array_insert_val(e->more, k - 1, own);
  }
}

static int fib_alias_insert(sim_fib_entry *e, const sim_route *r, bool excl) {
  guint n = fib_entry_n(e), k = 0;
  for (; k < n; k++) {
    const sim_route *a = fib_entry_at(e, k);
    if (a->metric == r->metric && excl) return -EEXIST;
    if (a->metric > r->metric) break;
  }
  fib_alias_insert_at(e, k, r);
  return 0;
}

int sim_fib_insert(sim_fib *t, const sim_route *r, bool excl) {
  uint32_t id;
  if (sim_pfxset_find(&t->prefixes, r->dst, r->plen, &id)) {
    int err = fib_alias_insert(fib_entry(t, id), r, excl);
    if (err == 0) t->len++, t->nhid_routes += r->nhid != 0;
    return err;
  }
  id = fib_entry_new(t, r);
  sim_pfxset_insert(&t->prefixes, r->dst, r->plen, id);
  t->len++;
  t->nhid_routes += r->nhid != 0;
  fib_index_update(t, r, true, id);
  t->made = true;
  return 0;
}

/* fib_info equality (fib_find_info(), fib_nh_comp()): everything but the
 * table and the nexthops' dead and linkdown state */
static bool fib_route_same_info(const sim_route *a, const sim_route *b) {
  unsigned keep = ~(unsigned)(NSP_RTNH_F_DEAD | NSP_RTNH_F_LINKDOWN);
  if (a->npaths != b->npaths || a->nhid != b->nhid) return false;
  for (unsigned i = 0; i < a->npaths; i++)
    if (a->paths[i].gw != b->paths[i].gw || a->paths[i].oif != b->paths[i].oif ||
        a->paths[i].weight != b->paths[i].weight ||
        (a->paths[i].flags & keep) != (b->paths[i].flags & keep))
      return false;
  return a->type == b->type && a->protocol == b->protocol && a->scope == b->scope &&
         a->prefsrc == b->prefsrc && a->metric == b->metric && a->gw == b->gw &&
         a->oif == b->oif && (a->nh_flags & keep) == (b->nh_flags & keep);
}

int sim_fib_insert_nl(sim_fib *t, const sim_route *r, unsigned nlflags) {
  uint32_t id;
  if (!sim_pfxset_find(&t->prefixes, r->dst, r->plen, &id)) {
    if (!(nlflags & NSP_NLM_F_CREATE)) return -ENOENT;
    return sim_fib_insert(t, r, false);
  }
  sim_fib_entry *e = fib_entry(t, id);
  guint n = fib_entry_n(e), k = 0, pos;
  while (k < n && fib_entry_at(e, k)->metric < r->metric) k++;
  pos = k;
  if (k < n && fib_entry_at(e, k)->metric == r->metric) {
    if (nlflags & NSP_NLM_F_EXCL) return -EEXIST;
    guint end = k;
    int match = -1;
    for (; end < n && fib_entry_at(e, end)->metric == r->metric; end++)
      if (match < 0 && fib_entry_at(e, end)->type == r->type &&
          fib_route_same_info(fib_entry_at(e, end), r))
        match = (int)end;
    if (nlflags & NSP_NLM_F_REPLACE) {
      if (match >= 0) return match == (int)k ? 0 : -EEXIST;
      sim_route *old = fib_entry_at(e, k);
      t->nhid_routes += (size_t)(r->nhid != 0) - (size_t)(old->nhid != 0);
      fib_route_drop(old);
      *old = *r;
      fib_route_own(old);
      return 0;
    }
    if (match >= 0) return -EEXIST; /* the very same route */
    pos = (nlflags & NSP_NLM_F_APPEND) ? end : k;
  }
  if (!(nlflags & NSP_NLM_F_CREATE)) return -ENOENT;
  fib_alias_insert_at(e, pos, r);
  t->len++;
  t->nhid_routes += r->nhid != 0;
  return 0;
}

/* Removes alias k of entry id, and the entry with its last alias. */
static void fib_alias_remove(sim_fib *t, uint32_t id, guint k) {
  sim_fib_entry *e = fib_entry(t, id);
  t->len--;
  t->nhid_routes -= fib_entry_at(e, k)->nhid != 0;
  fib_route_drop(fib_entry_at(e, k));
  if (fib_entry_n(e) > 1) {
    if (k == 0) e->first = g_array_index(e->more, sim_route, 0);
    g_array_remove_index(e->more, k == 0 ? 0 : k - 1);
    return;
  }
  sim_route gone = e->first;
  if (e->more) g_array_free(e->more, TRUE);
  e->more = NULL;
  sim_pfxset_remove(&t->prefixes, gone.dst, gone.plen);
  g_array_append_val(t->free_ids, id);
  fib_index_update(t, &gone, false, id);
}

size_t sim_fib_remove_if(sim_fib *t, bool (*match)(const sim_route *r, const void *ctx),
                         const void *ctx) {
  /* the set cannot change under its cursor: gather first */
  GArray *doomed = g_array_new(FALSE, FALSE, sizeof(uint64_t));
  sim_pfxset_cursor c = sim_pfxset_first(&t->prefixes);
  uint64_t key;
  uint32_t id;
  while (sim_pfxset_next(&t->prefixes, &c, &key, &id)) {
    sim_fib_entry *e = fib_entry(t, id);
    for (guint k = fib_entry_n(e); k-- > 0;) {
      if (!match(fib_entry_at(e, k), ctx)) continue;
      uint64_t d = (uint64_t)id << 32 | k;
      g_array_append_val(doomed, d);
    }
  }
  /* per entry the aliases come last first, so the indexes stay right */
  for (guint i = 0; i < doomed->len; i++) {
    uint64_t d = g_array_index(doomed, uint64_t, i);
    fib_alias_remove(t, (uint32_t)(d >> 32), (guint)(d & 0xffffffffu));
  }
  size_t n = doomed->len;
  g_array_free(doomed, TRUE);
  return n;
}

/* fib_nh_match(): a nexthop id matches only that id; a gateway or device
 * is compared with the first path; a multipath request is walked along
 * the route's paths (so a request with fewer paths than the route never
 * matches, one with more matches on the route's paths alone) */
static bool fib_nh_match(const sim_route *r, const nsp_route *q) {
  if (q->nhid) return r->nhid == q->nhid;
  if (r->nhid) return !q->gw && !q->oif && !q->npaths;
  if (q->oif || q->gw) {
    uint32_t gw = r->npaths ? r->paths[0].gw : r->gw;
    int oif = r->npaths ? r->paths[0].oif : r->oif;
    return (!q->oif || q->oif == oif) && (!q->gw || q->gw == gw) && (!q->gw || gw);
  }
  if (!q->npaths) return true;
  unsigned n = r->npaths ? r->npaths : 1;
  if (q->npaths < n) return false;
  for (unsigned i = 0; i < n; i++) {
    uint32_t gw = r->npaths ? r->paths[i].gw : r->gw;
    int oif = r->npaths ? r->paths[i].oif : r->oif;
    if (q->paths[i].oif && q->paths[i].oif != oif) return false;
    if (q->paths[i].gw && q->paths[i].gw != gw) return false;
  }
  return true;
}

/* fib_table_delete(): the first alias of the prefix whose set attributes all
 * match; unset attributes match anything. */
static bool fib_del_matches(const sim_route *r, const nsp_route_req *rq) {
  const nsp_route *q = &rq->r;
  if (rq->has_type && q->type && r->type != q->type) return false;
  if (rq->has_scope && q->scope != NSP_SCOPE_NOWHERE && r->scope != q->scope) return false;
  if (q->prefsrc && r->prefsrc != q->prefsrc) return false;
  if (rq->has_protocol && q->protocol && r->protocol != q->protocol) return false;
  if (q->metric && r->metric != q->metric) return false; /* fib_nh_match(): 0 is any */
  return fib_nh_match(r, q);
}

bool sim_fib_delete(sim_fib *t, const nsp_route_req *rq) {
  uint32_t id;
  if (rq->r.plen > 32 || !sim_pfxset_find(&t->prefixes, rq->r.dst, rq->r.plen, &id)) return false;
  sim_fib_entry *e = fib_entry(t, id);
  for (guint k = 0; k < fib_entry_n(e); k++) {
    if (!fib_del_matches(fib_entry_at(e, k), rq)) continue;
    fib_alias_remove(t, id, k);
    return true;
  }
  return false;
}

/* fib_sync_down_dev() / fib_sync_up() on a multipath route: the paths
 * through oif; the route is dead (and goes) once every path is */
static void fib_paths_set_flags(sim_route *r, int oif, unsigned set, unsigned clear) {
  nsp_nh_path *p = (nsp_nh_path *)r->paths;
  unsigned dead = 0;
  for (unsigned i = 0; i < r->npaths; i++) {
    if (p[i].oif == oif) p[i].flags = (p[i].flags & ~clear) | set;
    dead += (p[i].flags & NSP_RTNH_F_DEAD) != 0;
  }
  if (dead == r->npaths) r->nh_flags |= NSP_RTNH_F_DEAD;
}

static void fib_set_flags(sim_fib *t, int oif, unsigned set, unsigned clear, bool paths_only) {
  for (guint i = 0; i < t->entries->len; i++) {
    sim_fib_entry *e = fib_entry(t, i);
    for (guint k = 0; k < fib_entry_n(e); k++) {
      sim_route *r = fib_entry_at(e, k);
      if (r->npaths) fib_paths_set_flags(r, oif, set, clear);
      /* net/ipv4/fib_semantics.c fib_sync_down_dev(): a nexthop of scope
       * RT_SCOPE_NOWHERE (a host-scope route's: local addresses) is passed
       * over unless forced, so a local route never shows `linkdown`
       * (found by tests/routediff) */
      else if (r->oif == oif && !paths_only && r->scope != NSP_SCOPE_HOST)
        r->nh_flags = (r->nh_flags & ~clear) | set;
    }
  }
}

void sim_fib_set_nh_flags(sim_fib *t, int oif, unsigned set, unsigned clear) {
  fib_set_flags(t, oif, set, clear, false);
}

void sim_fib_set_path_flags(sim_fib *t, int oif, unsigned set, unsigned clear) {
  fib_set_flags(t, oif, set, clear, true);
}

/* ---- lookup ---------------------------------------------------------------- */

static inline const sim_route *fib_entry_match(const sim_fib *t, uint32_t id,
                                        bool (*match)(const sim_route *r, const void *ctx),
                                        const void *ctx) {
  sim_fib_entry *e = fib_entry(t, id);
  for (guint k = 0; k < fib_entry_n(e); k++)
    if (match(fib_entry_at(e, k), ctx)) return fib_entry_at(e, k);
  return NULL;
}

/* The walk of fib_table_lookup()'s backtracking: each shorter prefix of
 * dst, from length `from` down to /0. */
static const sim_route *fib_walk(const sim_fib *t, uint32_t dst, int from,
                                 bool (*match)(const sim_route *r, const void *ctx),
                                 const void *ctx) {
  for (int l = from; l >= 0; l--) {
    uint32_t id;
    if (!sim_pfxset_find(&t->prefixes, dst & ipv4_prefix_mask((unsigned)l), (unsigned)l, &id))
      continue;
    const sim_route *r = fib_entry_match(t, id, match, ctx);
    if (r) return r;
  }
  return NULL;
}

/* One block of a small table's scan: the longest usable match so far. */
static inline const sim_route *fib_scan_block(const sim_fib *t, const sim_pfxset_block *b,
                                              uint32_t dst, const sim_route *best,
                                              bool (*match)(const sim_route *r, const void *ctx),
                                              const void *ctx) {
  for (guint k = 0; k < b->n; k++) {
    uint64_t key = b->key[k];
    /* keys ascend by prefix address: one above dst, and all after it,
     * cannot hold dst */
    if (sim_pfxset_key_dst(key) > dst) return best;
    unsigned plen = sim_pfxset_key_plen(key);
    if ((dst & ipv4_prefix_mask(plen)) != sim_pfxset_key_dst(key)) continue;
    if (best && plen <= best->plen) continue;
    const sim_route *r = fib_entry_match(t, b->val[k], match, ctx);
    if (r) best = r;
  }
  return best;
}

/* A small table: one pass over its few prefixes, read from the blocks in
 * place (inline: with fib_route_usable() the match is inlined too); such a
 * table is one block, reached without going through the block array. */
static inline const sim_route *fib_scan(const sim_fib *t, uint32_t dst, const sim_route *best,
                                        bool (*match)(const sim_route *r, const void *ctx),
                                        const void *ctx) {
  const sim_pfxset_block *b = t->prefixes.first;
  if (!b) return best;
  best = fib_scan_block(t, b, dst, best, match, ctx);
  if (b->n == t->prefixes.len) return best;
  for (guint i = 1; i < sim_pfxset_nblocks(&t->prefixes); i++) {
    b = sim_pfxset_block_at(&t->prefixes, i);
    if (sim_pfxset_key_dst(b->key[0]) > dst) break;
    best = fib_scan_block(t, b, dst, best, match, ctx);
  }
  return best;
}

const sim_route *sim_fib_lookup_slow(const sim_fib *t, uint32_t dst,
                                     bool (*match)(const sim_route *r, const void *ctx),
                                     const void *ctx) {
  return fib_walk(t, dst, 32, match, ctx);
}

const sim_route *sim_fib_lookup_match(const sim_fib *t, uint32_t dst,
                                      bool (*match)(const sim_route *r, const void *ctx),
                                      const void *ctx) {
  if (!t->index) return fib_scan(t, dst, NULL, match, ctx);
  if (!sim_lpm_synced(t->index)) sim_lpm_sync(t->index, fib_src(t));
  uint16_t g = sim_lpm_lookup(t->index, dst);
  uint32_t id;
  if (g == SIM_LPM_NONE || !sim_fibview_entry(t->view, g, dst, &id)) return NULL;
  const sim_route *r = fib_entry_match(t, id, match, ctx);
  if (r) return r;
  /* the rare case: no alias of the longest prefix is usable */
  return fib_walk(t, dst, (int)fib_entry(t, id)->first.plen - 1, match, ctx);
}

/* fib_table_lookup(): a route of a wider scope than asked is passed over;
 * a route type that rejects (blackhole, unreachable, prohibit, throw)
 * answers before its nexthop is looked at; else the nexthop must be alive
 * and on the requested device. */
static bool fib_route_usable(const sim_route *r, const void *ctx) {
  const sim_fib_filter *f = ctx;
  if (f && r->scope < f->scope) return false;
  if (r->type >= NSP_RTN_BLACKHOLE) return true;
  if (r->nh_flags & NSP_RTNH_F_DEAD) return false;
  if (G_UNLIKELY(r->npaths || r->nhid)) return sim_route_paths_usable(f ? f->ns : NULL, r, f ? f->oif : 0);
  if (f && f->oif && r->oif && r->oif != f->oif) return false;
  return true;
}

/* fib_table_lookup(): a route by nexthop object whose nexthop cannot serve
 * the flow (nexthop_get_nhc_lookup() finds no member alive and on the asked
 * device) jumps to `miss` and backtracks, so the aliases after it in its
 * trie leaf -- every shorter prefix of the same network address -- are never
 * tried: 10.0.0.0/9 nhid 200 with no member on DEV hides 10.0.0.0/8 from
 * `ip route get ... oif DEV` (found by tests/routediff).  Asked only of a
 * route fib_route_usable() refused. */
static bool fib_route_nh_miss(const sim_route *r, const sim_fib_filter *f) {
  return r->nhid && !(f && r->scope < f->scope) && !(r->nh_flags & NSP_RTNH_F_DEAD);
}

/* The lookup of a table holding routes by nexthop object: by trie leaf
 * (network address), longest prefix first, a miss ending its leaf. */
static const sim_route *fib_walk_leaves(const sim_fib *t, uint32_t dst, const sim_fib_filter *f) {
  bool missed = false;
  uint32_t missed_key = 0;
  for (int l = 32; l >= 0; l--) {
    uint32_t key = dst & ipv4_prefix_mask((unsigned)l), id;
    if (missed && key == missed_key) continue;
    if (!sim_pfxset_find(&t->prefixes, key, (unsigned)l, &id)) continue;
    sim_fib_entry *e = fib_entry(t, id);
    for (guint k = 0; k < fib_entry_n(e); k++) {
      const sim_route *r = fib_entry_at(e, k);
      if (fib_route_usable(r, f)) return r;
      if (fib_route_nh_miss(r, f)) {
        missed = true, missed_key = key;
        break;
      }
    }
  }
  return NULL;
}

const sim_route *sim_fib_lookup(const sim_fib *t, uint32_t dst, const sim_fib_filter *f) {
  if (G_UNLIKELY(t->nhid_routes)) return fib_walk_leaves(t, dst, f);
  if (!t->index) return fib_scan(t, dst, NULL, fib_route_usable, f); /* inlined with its match */
  return sim_fib_lookup_match(t, dst, fib_route_usable, f);
}

const sim_route *sim_fib_lookup_over(const sim_fib *t, uint32_t dst, const sim_fib_filter *f,
                                     const sim_route *best) {
  if (best && best->plen == 32) return best; /* nothing is longer */
  const sim_route *r;
  if (G_UNLIKELY(t->nhid_routes)) r = fib_walk_leaves(t, dst, f);
  else if (!t->index) return fib_scan(t, dst, best, fib_route_usable, f);
  else r = sim_fib_lookup_match(t, dst, fib_route_usable, f);
  return r && (!best || r->plen > best->plen) ? r : best;
}
