#include "sim/world.h"

#include <string.h>

#include "sim/sim.h"

extern const nsp_backend_ops sim_backend_ops;

/* splitmix64: small, seedable, and good enough for IDs and jitter. */
static uint64_t world_splitmix(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t sim_world_rand(sim_world *w) { return world_splitmix(&w->rng); }
uint64_t sim_world_rand6(sim_world *w) { return world_splitmix(&w->rng6); }

sim_world *sim_world_new(uint64_t seed) {
  sim_world *w = g_new0(sim_world, 1);
  w->base.ops = &sim_backend_ops;
  w->base.virtual_clock = true;
  sim_timerq_init(&w->timers);
  w->rng = seed;
  w->rt_genid = 1; /* an empty cache slot has 0 */
  w->max_net_namespaces = SIM_MAX_NETNS;
  /* the kernel draws its multipath seed once per boot; the model derives
   * one from the world's seed without taking a number from the generator
   * (which would move every MAC and IP ID of the recorded captures) */
  uint64_t z = seed ^ 0x6d70617468736565ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  w->mp_boot_seed = (uint32_t)(z ^ (z >> 31));
  w->rng6 = ~seed;
  sim_wire_init(&w->wire);
  sim_timer_init(&w->wire_timer, sim_link_wire_deliver, w);
  w->netns = g_ptr_array_new();
  w->netns_by_name = g_hash_table_new(g_str_hash, g_str_equal);
  w->links = g_ptr_array_new();
  /* A veth hop on this machine's kernel costs some tens of µs in a ping's
   * RTT; a fixed figure keeps the output deterministic. */
  w->link_delay_ns = 10000;
  sim_linkwatch_init(w);
  g_ptr_array_add(w->netns, sim_netns_new(w, NULL));
  return w;
}

void sim_world_free(sim_world *w) {
  if (!w) return;
  w->dying = true;
  for (guint i = w->netns->len; i-- > 0;) sim_netns_free(g_ptr_array_index(w->netns, i));
  g_ptr_array_free(w->netns, TRUE);
  sim_world_close_captures(w);
  for (guint i = 0; i < w->links->len; i++) g_free(g_ptr_array_index(w->links, i));
  g_ptr_array_free(w->links, TRUE);
  sim_linkwatch_free(w);
  sim_timerq_free(&w->timers);
  sim_pkt_pool_free(w);
  sim_wire_free(&w->wire);
  g_hash_table_destroy(w->netns_by_name);
  g_free(w->nsid_used);
  g_free(w->pcap_dir);
  g_free(w->capture_error);
  sim_world_journal_enable(w, false);
  sim_world_trace_enable(w, false);
  g_free(w);
}

nsp_backend *sim_world_backend(sim_world *w) { return &w->base; }

void sim_world_set_pcap_dir(sim_world *w, const char *dir) {
  g_free(w->pcap_dir);
  w->pcap_dir = g_strdup(dir);
}

void sim_world_close_captures(sim_world *w) {
  for (guint i = 0; i < w->links->len; i++) sim_link_close(g_ptr_array_index(w->links, i));
}

const char *sim_world_capture_error(sim_world *w) { return w->capture_error; }

void sim_world_capture_stats(sim_world *w, unsigned *files, uint64_t *frames) {
  *files = 0;
  *frames = 0;
  for (guint i = 0; i < w->links->len; i++) {
    sim_link *l = g_ptr_array_index(w->links, i);
    if (l->has_file) (*files)++;
    *frames += l->frames;
  }
}

void sim_world_set_tap(sim_world *w, sim_frame_tap fn, void *ctx) {
  w->tap = fn;
  w->tap_ctx = ctx;
}

void sim_world_set_faults(sim_world *w, unsigned faults) { w->faults = faults; }

bool sim_fault_parse(const char *text, unsigned *faults, GError **err) {
  static const struct {
    const char *name;
    unsigned flag;
  } names[] = {{"no-ttl-decrement", SIM_FAULT_NO_TTL_DECREMENT},
               {"no-arp-learning", SIM_FAULT_NO_ARP_LEARNING}};
  gchar **parts = g_strsplit(text, ",", -1);
  unsigned f = 0;
  bool ok = true;
  for (guint i = 0; ok && parts[i]; i++) {
    guint k = 0;
    while (k < G_N_ELEMENTS(names) && strcmp(parts[i], names[k].name) != 0) k++;
    if (k < G_N_ELEMENTS(names)) {
      f |= names[k].flag;
    } else {
      g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "unknown fault '%s' (known: no-ttl-decrement, no-arp-learning)", parts[i]);
      ok = false;
    }
  }
  g_strfreev(parts);
  if (ok) *faults = f;
  return ok;
}

sim_netns *sim_world_netns_find(sim_world *w, const char *name) {
  if (!name) return g_ptr_array_index(w->netns, 0);
  /* a scenario's lines name the same namespace several times running */
  if (w->netns_last && strcmp(w->netns_last->name, name) == 0) return w->netns_last;
  sim_netns *ns = g_hash_table_lookup(w->netns_by_name, name);
  if (ns) w->netns_last = ns;
  return ns;
}

sim_netns *sim_world_netns_add(sim_world *w, const char *name) {
  sim_netns *ns = sim_netns_new(w, name);
  g_ptr_array_add(w->netns, ns);
  g_hash_table_insert(w->netns_by_name, ns->name, ns);
  return ns;
}

void sim_world_netns_del(sim_world *w, sim_netns *ns) {
  if (w->netns_last == ns) w->netns_last = NULL;
  g_hash_table_remove(w->netns_by_name, ns->name);
  g_ptr_array_remove(w->netns, ns);
  sim_world_nsid_free(w, ns->nsid_in_root);
  sim_netns_free(ns);
}

/* idr_alloc(): the lowest free id.  A bitmap, and the first word that may
 * have a free bit, keep a world of 100,000 named namespaces linear. */
int sim_world_nsid_alloc(sim_world *w) {
  size_t i = w->nsid_hint;
  while (i < w->nsid_words && w->nsid_used[i] == UINT64_MAX) i++;
  if (i == w->nsid_words) {
    size_t n = w->nsid_words ? 2 * w->nsid_words : 4;
    w->nsid_used = g_renew(uint64_t, w->nsid_used, n);
    memset(w->nsid_used + w->nsid_words, 0, (n - w->nsid_words) * sizeof *w->nsid_used);
    w->nsid_words = n;
  }
  w->nsid_hint = i;
  int bit = __builtin_ctzll(~w->nsid_used[i]);
  w->nsid_used[i] |= 1ULL << bit;
  return (int)(i * 64) + bit;
}

void sim_world_nsid_free(sim_world *w, int id) {
  if (id < 0) return;
  size_t i = (size_t)id / 64;
  w->nsid_used[i] &= ~(1ULL << (id % 64));
  if (i < w->nsid_hint) w->nsid_hint = i;
}

/* The earliest of the timers and the frame at the head of the wires;
 * inlined: it runs for every event, a hop's two or three among them. */
static inline __attribute__((always_inline)) sim_timer *world_next(sim_world *w) {
  sim_timer *t = sim_timerq_peek(&w->timers);
  const sim_wire_rec *f = sim_wire_head(&w->wire);
  if (!f) return t;
  w->wire_timer.expires = f->expires;
  w->wire_timer.seq = f->seq;
  return t && sim_timer_before(t, &w->wire_timer) ? t : &w->wire_timer;
}

bool sim_world_next_event(sim_world *w, uint64_t *when) {
  sim_timer *t = world_next(w);
  if (t) *when = t->expires;
  return t != NULL;
}

/* Runs every timer due up to t, in order, then leaves the clock at t. */
void sim_world_set_budget(sim_world *w, uint64_t max_events, uint64_t max_ns, volatile int *stop) {
  w->budget_events = max_events;
  w->budget_ns = max_ns;
  w->budget_stop = stop;
}

uint64_t sim_world_events(const sim_world *w) { return w->events; }

static void world_budget_check(sim_world *w) {
  if (w->budget_stop && (w->events > w->budget_events || w->now > w->budget_ns))
    *w->budget_stop = 1;
}

void sim_world_run_until(sim_world *w, uint64_t t) {
  sim_timer *tm;
  while ((tm = world_next(w)) && tm->expires <= t) {
    if (tm != &w->wire_timer) sim_timerq_cancel(&w->timers, tm);
    if (tm->expires > w->now) w->now = tm->expires;
    w->events++;
    if (tm != &w->wire_timer) sim_world_rt_flush(w); /* sim/rtcache.c */
    tm->fn(tm, tm->owner);
    if (w->budget_stop) world_budget_check(w);
  }
  if (t > w->now) w->now = t;
  world_budget_check(w);
}
