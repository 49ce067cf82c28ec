#include "sim/world.h"

#include <string.h>

#include "sim/sim.h"

extern const nsp_backend_ops sim_backend_ops;

/* splitmix64: small, seedable, and good enough for IDs and jitter. */
uint64_t sim_world_rand(sim_world *w) {
  uint64_t z = (w->rng += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

sim_world *sim_world_new(uint64_t seed) {
  sim_world *w = g_new0(sim_world, 1);
  w->base.ops = &sim_backend_ops;
  sim_timerq_init(&w->timers);
  w->rng = seed;
  w->next_uid = 1;
  w->netns = g_ptr_array_new();
  w->links = g_ptr_array_new();
  w->ifaces = g_hash_table_new(g_int64_hash, g_int64_equal);
  /* A veth hop on this machine's kernel costs some tens of µs in a ping's
   * RTT; a fixed figure keeps the output deterministic. */
  w->link_delay_ns = 10000;
  g_ptr_array_add(w->netns, sim_netns_new(w, NULL));
  return w;
}

void sim_world_free(sim_world *w) {
  if (!w) return;
  for (guint i = w->netns->len; i-- > 0;) sim_netns_free(g_ptr_array_index(w->netns, i));
  g_ptr_array_free(w->netns, TRUE);
  sim_world_close_captures(w);
  for (guint i = 0; i < w->links->len; i++) g_free(g_ptr_array_index(w->links, i));
  g_ptr_array_free(w->links, TRUE);
  sim_timerq_free(&w->timers);
  g_hash_table_destroy(w->ifaces);
  g_free(w->pcap_dir);
  g_free(w->capture_error);
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
  for (guint i = 0; i < w->netns->len; i++) {
    sim_netns *ns = g_ptr_array_index(w->netns, i);
    if (!name ? !ns->name : (ns->name && g_str_equal(ns->name, name))) return ns;
  }
  return NULL;
}

sim_iface *sim_world_iface_by_uid(sim_world *w, uint64_t uid) {
  return g_hash_table_lookup(w->ifaces, &uid);
}

/* Runs every timer due up to t, in order, then leaves the clock at t. */
void sim_world_run_until(sim_world *w, uint64_t t) {
  sim_timer *tm;
  while ((tm = sim_timerq_peek(&w->timers)) && tm->expires <= t) {
    sim_timerq_pop_due(&w->timers, tm->expires);
    if (tm->expires > w->now) w->now = tm->expires;
    tm->fn(tm, tm->owner);
  }
  if (t > w->now) w->now = t;
}
