/* The routing tables of a namespace and fib_lookup() (sim/route.h). */
#include <errno.h>
#include <string.h>

#include "sim/sim.h"

static sim_fib *table_fixed(sim_netns *ns, uint32_t id) {
  if (id == NSP_RT_TABLE_MAIN || id == NSP_RT_TABLE_UNSPEC) return &ns->main;
  if (id == NSP_RT_TABLE_LOCAL) return &ns->local;
  return NULL;
}

static sim_table *table_find(sim_netns *ns, uint32_t id) {
  for (guint i = 0; ns->tables && i < ns->tables->len; i++) {
    sim_table *t = g_ptr_array_index(ns->tables, i);
    if (t->id == id) return t;
  }
  return NULL;
}

/* main and local exist once something was put in them (a route, or a
 * failed attempt: inet_rtm_newroute() makes the table before inserting) */
sim_fib *sim_table_get(sim_netns *ns, uint32_t id) {
  sim_fib *f = table_fixed(ns, id);
  if (f) return f->made ? f : NULL;
  sim_table *t = table_find(ns, id);
  return t ? &t->fib : NULL;
}

static void table_free(gpointer p) {
  sim_table *t = p;
  sim_fib_free(&t->fib);
  g_free(t);
}

sim_fib *sim_table_new(sim_netns *ns, uint32_t id) {
  sim_fib *f = table_fixed(ns, id);
  if (f) {
    f->made = true;
    return f;
  }
  sim_table *t = table_find(ns, id);
  if (t) return &t->fib;
  if (!ns->tables) ns->tables = g_ptr_array_new_with_free_func(table_free);
  t = g_new0(sim_table, 1);
  t->id = id;
  t->seq = ++ns->tables_made;
  sim_fib_init(&t->fib);
  t->fib.made = true;
  g_ptr_array_add(ns->tables, t);
  return &t->fib;
}

void sim_tables_free(sim_netns *ns) {
  if (ns->tables) g_ptr_array_free(ns->tables, TRUE);
  ns->tables = NULL;
}

/* fib_empty_table(): RT_TABLE_MIN (1) up to RT_TABLE_MAX */
uint32_t sim_table_empty_id(sim_netns *ns) {
  for (uint32_t id = 1; id != 0; id++)
    if (!sim_table_get(ns, id)) return id;
  return 0;
}

typedef struct {
  uint32_t id;
  unsigned seq;
} table_key;

static gint table_key_cmp(gconstpointer a, gconstpointer b) {
  const table_key *x = a, *y = b;
  if ((x->id & 255) != (y->id & 255)) return (x->id & 255) < (y->id & 255) ? -1 : 1;
  return x->seq > y->seq ? -1 : x->seq < y->seq; /* hlist_add_head_rcu(): newest first */
}

uint32_t *sim_table_ids(sim_netns *ns, size_t *n) {
  GArray *keys = g_array_new(FALSE, FALSE, sizeof(table_key));
  /* main is made before local (fib_new_table(LOCAL) makes its MAIN alias) */
  table_key k = {NSP_RT_TABLE_MAIN, 0};
  if (ns->main.made) g_array_append_val(keys, k);
  k.id = NSP_RT_TABLE_LOCAL;
  if (ns->local.made) g_array_append_val(keys, k);
  for (guint i = 0; ns->tables && i < ns->tables->len; i++) {
    sim_table *t = g_ptr_array_index(ns->tables, i);
    k = (table_key){t->id, t->seq};
    g_array_append_val(keys, k);
  }
  g_array_sort(keys, table_key_cmp);
  uint32_t *ids = g_new(uint32_t, keys->len + 1);
  for (guint i = 0; i < keys->len; i++) ids[i] = g_array_index(keys, table_key, i).id;
  *n = keys->len;
  g_array_free(keys, TRUE);
  return ids;
}

void sim_tables_foreach(sim_netns *ns, void (*fn)(sim_fib *t, void *ctx), void *ctx) {
  fn(&ns->main, ctx);
  fn(&ns->local, ctx);
  for (guint i = 0; ns->tables && i < ns->tables->len; i++)
    fn(&((sim_table *)g_ptr_array_index(ns->tables, i))->fib, ctx);
}

/* fib_props[type].error (net/ipv4/fib_semantics.c) */
int sim_route_type_error(uint8_t type) {
  switch (type) {
  case NSP_RTN_BLACKHOLE: return -EINVAL;
  case NSP_RTN_UNREACHABLE: return -EHOSTUNREACH;
  case NSP_RTN_PROHIBIT: return -EACCES;
  case NSP_RTN_THROW: return -EAGAIN;
  case NSP_RTN_NAT: return -EINVAL;
  default: return 0;
  }
}

static const sim_route *table_match(const sim_fib *t, const sim_flow *fl) {
  sim_fib_filter f = {.oif = fl->oif, .scope = fl->scope};
  return sim_fib_lookup(t, fl->daddr, &f);
}

static int table_result(const sim_route *r, uint32_t id, sim_fib_res *res) {
  if (!r) return -EAGAIN;
  res->table = id;
  int err = sim_route_type_error(r->type);
  if (err) {
    res->reject = r;
    return err;
  }
  res->rt = r;
  res->reject = NULL;
  return 0;
}

int sim_table_lookup(sim_netns *ns, uint32_t id, const sim_flow *fl, sim_fib_res *res) {
  const sim_fib *t = sim_table_get(ns, id);
  if (!t) return -EAGAIN;
  return table_result(table_match(t, fl), id, res);
}

/* Until the first rule change the local table shares main's trie
 * (fib_new_table() with the MAIN alias; fib_unmerge() splits them), so one
 * longest-prefix match covers both and the result names main.  For one
 * prefix in both the local route is taken. */
static int table_lookup_merged(sim_netns *ns, const sim_flow *fl, sim_fib_res *res) {
  const sim_route *l = table_match(&ns->local, fl), *m = table_match(&ns->main, fl);
  const sim_route *r = l && (!m || l->plen >= m->plen) ? l : m;
  return table_result(r, NSP_RT_TABLE_MAIN, res);
}

int sim_fib_lookup_flow(sim_netns *ns, const sim_flow *fl, sim_fib_res *res) {
  memset(res, 0, sizeof *res);
  if (ns->custom_rules) return sim_rules_lookup(ns, fl, res);
  /* include/net/ip_fib.h fib_lookup(): main, then default when main had
   * nothing (or threw); a rejecting route in main is the answer */
  int err = ns->main.made || ns->local.made ? table_lookup_merged(ns, fl, res) : -EAGAIN;
  if (err == -EAGAIN && sim_table_get(ns, NSP_RT_TABLE_DEFAULT))
    err = sim_table_lookup(ns, NSP_RT_TABLE_DEFAULT, fl, res);
  return err == -EAGAIN ? -ENETUNREACH : err;
}

typedef struct {
  bool (*match)(const sim_route *r, const void *ctx);
  const void *ctx;
  size_t n;
} table_remove_ctx;

static void table_remove_one(sim_fib *t, void *p) {
  table_remove_ctx *c = p;
  c->n += sim_fib_remove_if(t, c->match, c->ctx);
}

size_t sim_tables_remove_if(sim_netns *ns, bool (*match)(const sim_route *r, const void *ctx),
                            const void *ctx) {
  table_remove_ctx c = {match, ctx, 0};
  sim_tables_foreach(ns, table_remove_one, &c);
  return c.n;
}

typedef struct {
  int oif;
  unsigned set, clear;
} table_flags_ctx;

static void table_flags_one(sim_fib *t, void *p) {
  table_flags_ctx *c = p;
  sim_fib_set_nh_flags(t, c->oif, c->set, c->clear);
}

void sim_tables_set_nh_flags(sim_netns *ns, int oif, unsigned set, unsigned clear) {
  table_flags_ctx c = {oif, set, clear};
  sim_tables_foreach(ns, table_flags_one, &c);
}
