/* The bridge's forwarding database (net/bridge/br_fdb.c): entries hashed
 * by address and kept on fdb_list newest first, the order `bridge fdb
 * show` lists them in.
 *
 * Learning (br_fdb_update()): a frame's source address is filed under its
 * port, or moves there, and its time is refreshed -- never for a local
 * entry.  Ageing: br_fdb_cleanup(), a delayed work, deletes what was not
 * refreshed for ageing_time and comes back when the next entry is due
 * (at least 10 ms later); the kernel's timer wheel rounds each of its
 * delays up (sim_timer_wheel_expiry()), so a 300 s entry goes up to 16 s
 * late, and in between `bridge fdb show` lists it as "stale"
 * (has_expired() in fdb_fill_info()).  Local entries (the ports' and the
 * bridge's own addresses, LOCAL|STATIC) never age. */
#include <string.h>

#include "sim/bridge.h"

static uint64_t fdb_key(const ether_addr *a) {
  uint64_t k = 0;
  for (int i = 0; i < ETHER_ADDR_LEN; i++) k = k << 8 | a->b[i];
  return k;
}

static void fdb_gc_run(sim_timer *t, void *ctx);

void sim_fdb_init(sim_bridge *br) {
  br->fdb.by_addr = g_hash_table_new(g_int64_hash, g_int64_equal);
  sim_timer_init(&br->fdb.gc, fdb_gc_run, br);
}

static void fdb_unlink(sim_bridge *br, sim_fdb_entry *f) {
  if (f->prev) f->prev->next = f->next;
  else br->fdb.head = f->next;
  if (f->next) f->next->prev = f->prev;
  g_hash_table_remove(br->fdb.by_addr, &f->key);
}

/* fdb_delete() */
static void fdb_delete(sim_bridge *br, sim_fdb_entry *f) {
  fdb_unlink(br, f);
  g_free(f);
}

void sim_fdb_free(sim_bridge *br) {
  sim_fdb_gc_cancel(br);
  while (br->fdb.head) fdb_delete(br, br->fdb.head);
  g_hash_table_destroy(br->fdb.by_addr);
}

sim_fdb_entry *sim_fdb_find(sim_bridge *br, const ether_addr *a) {
  uint64_t k = fdb_key(a);
  return g_hash_table_lookup(br->fdb.by_addr, &k);
}

/* fdb_create(): hashed, and first on fdb_list */
static sim_fdb_entry *fdb_create(sim_bridge *br, sim_bport *source, const ether_addr *a,
                                 unsigned flags) {
  sim_fdb_entry *f = g_new0(sim_fdb_entry, 1);
  f->addr = *a;
  f->dst = source;
  f->flags = flags;
  f->updated = f->used = br->dev->ns->w->now;
  f->next = br->fdb.head;
  if (f->next) f->next->prev = f;
  br->fdb.head = f;
  f->key = fdb_key(a); /* the hash table borrows the entry's key */
  g_hash_table_insert(br->fdb.by_addr, &f->key, f);
  return f;
}

/* hold_time(): ageing_time (forward_delay during a topology change, which
 * a bridge without STP never has); 0 means: never learn, always flood */
static uint64_t fdb_hold_time(const sim_bridge *br) { return sim_bridge_ageing_ns(br); }

bool sim_fdb_has_expired(const sim_bridge *br, const sim_fdb_entry *f) {
  return !(f->flags & SIM_FDB_STATIC) && f->updated + fdb_hold_time(br) <= br->dev->ns->w->now;
}

void sim_fdb_update(sim_bridge *br, sim_bport *source, const ether_addr *a) {
  if (!fdb_hold_time(br)) return;
  sim_fdb_entry *f = sim_fdb_find(br, a);
  if (!f) {
    fdb_create(br, source, a, 0);
    return;
  }
  /* "received packet on X with own address as source address" */
  if (f->flags & SIM_FDB_LOCAL) return;
  f->updated = br->dev->ns->w->now;
  f->dst = source;
}

void sim_fdb_add_local(sim_bridge *br, sim_bport *source, const ether_addr *a) {
  if (ether_addr_is_multicast(a) || ether_addr_eq(a, &ETHER_ADDR_ZERO)) return;
  sim_fdb_entry *f = sim_fdb_find(br, a);
  if (f) {
    /* several ports may share an address: the first one keeps it */
    if (f->flags & SIM_FDB_LOCAL) return;
    fdb_delete(br, f);
  }
  fdb_create(br, source, a, SIM_FDB_LOCAL | SIM_FDB_STATIC);
}

/* fdb_delete_local(): another port, or the bridge itself, with the same
 * address takes the entry over; else it goes */
static void fdb_delete_local(sim_bridge *br, const sim_bport *p, sim_fdb_entry *f) {
  for (guint i = 0; i < br->ports->len; i++) {
    sim_bport *op = g_ptr_array_index(br->ports, i);
    if (op != p && ether_addr_eq(&op->dev->mac, &f->addr)) {
      f->dst = op;
      f->flags &= ~SIM_FDB_ADDED_BY_USER;
      return;
    }
  }
  if (p && ether_addr_eq(&br->dev->mac, &f->addr)) {
    f->dst = NULL;
    f->flags &= ~SIM_FDB_ADDED_BY_USER;
    return;
  }
  fdb_delete(br, f);
}

void sim_fdb_delete_by_port(sim_bridge *br, sim_bport *p, bool all) {
  for (sim_fdb_entry *f = br->fdb.head, *next; f; f = next) {
    next = f->next;
    if (f->dst != p || (!all && (f->flags & SIM_FDB_STATIC))) continue;
    if (f->flags & SIM_FDB_LOCAL) fdb_delete_local(br, p, f);
    else fdb_delete(br, f);
  }
}

void sim_fdb_change_mac_address(sim_bridge *br, const ether_addr *newaddr) {
  sim_fdb_entry *f = sim_fdb_find(br, &br->dev->mac);
  if (f && (f->flags & SIM_FDB_LOCAL) && !f->dst && !(f->flags & SIM_FDB_ADDED_BY_USER))
    fdb_delete_local(br, NULL, f);
  sim_fdb_add_local(br, NULL, newaddr);
}

void sim_fdb_changeaddr(sim_bport *p, const ether_addr *newaddr) {
  sim_bridge *br = p->br;
  for (sim_fdb_entry *f = br->fdb.head; f; f = f->next) {
    if (f->dst == p && (f->flags & SIM_FDB_LOCAL) && !(f->flags & SIM_FDB_ADDED_BY_USER)) {
      fdb_delete_local(br, p, f);
      break;
    }
  }
  sim_fdb_add_local(br, p, newaddr);
}

/* ---- ageing -------------------------------------------------------------- */

void sim_fdb_gc_schedule(sim_bridge *br, uint64_t delay) {
  sim_world *w = br->dev->ns->w;
  sim_timerq_arm(&w->timers, &br->fdb.gc, sim_timer_wheel_expiry(w->now, delay));
}

void sim_fdb_gc_cancel(sim_bridge *br) { sim_timerq_cancel(&br->dev->ns->w->timers, &br->fdb.gc); }

/* br_fdb_cleanup(): what is due goes, the work comes back for the next */
static void fdb_gc_run(sim_timer *t, void *ctx) {
  sim_bridge *br = ctx;
  (void)t;
  uint64_t hold = fdb_hold_time(br), now = br->dev->ns->w->now, delay = hold;
  for (sim_fdb_entry *f = br->fdb.head, *next; f; f = next) {
    next = f->next;
    if (f->flags & SIM_FDB_STATIC) continue;
    uint64_t due = f->updated + hold;
    if (due > now) delay = MIN(delay, due - now);
    else fdb_delete(br, f);
  }
  sim_fdb_gc_schedule(br, MAX(delay, 10000000ULL));
}

/* ---- the dump ------------------------------------------------------------- */

/* br_fdb_dump(): for a port its entries; for the bridge the ones without a
 * port -- its own -- after its own address list (ndo_dflt_fdb_dump()) */
void sim_fdb_dump(sim_bridge *br, sim_iface *dev, GArray *out) {
  for (sim_fdb_entry *f = br->fdb.head; f; f = f->next) {
    bool mine = dev->bport ? f->dst == dev->bport : f->dst == NULL;
    if (!mine) continue;
    nsp_fdb e = {.mac = f->addr, .ifindex = dev->ifindex, .master_ifindex = br->dev->ifindex};
    /* fdb_to_nud() */
    if (f->flags & SIM_FDB_LOCAL) e.state = NSP_NUD_PERMANENT;
    else if (f->flags & SIM_FDB_STATIC) e.state = NSP_NUD_NOARP;
    else if (sim_fdb_has_expired(br, f)) e.state = NSP_NUD_STALE;
    else e.state = NSP_NUD_REACHABLE;
    g_array_append_val(out, e);
  }
}
