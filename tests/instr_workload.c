/* The workloads whose instructions tests/instr_budget.sh counts under
 * callgrind (valgrind --tool=callgrind --instr-atstart=no): each measured
 * part runs between CALLGRIND_START_INSTRUMENTATION/ZERO_STATS and
 * CALLGRIND_DUMP_STATS_AT("NAME"), and the program prints "NAME UNITS" for
 * it, the units the count is divided by.  What is set up around it (a
 * chain built, a table loaded, ARP resolved, pools grown) runs without
 * instrumentation.  Outside valgrind the macros do nothing and the program
 * only runs the workloads.
 *
 * usage: instr_workload [--table FILE] [WORKLOAD...]
 *   hop        packet-hops through a chain of 10 routers, no pcaps
 *   hop_pcap   the same with a pcap on every link
 *   lookup     sim_lpm_lookup() of random addresses on the full table (FILE)
 *   fib_lookup sim_fib_lookup() (the whole path) on the full table
 *   ns_build   namespaces of a chain built through the backend operations
 *   ns_run     namespaces of a chain built by nsp_scenario_run_text() from
 *              the lines a person types (bench/chain.h chain_script()) */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include "bench/chain.h"
#include "bench/rtable.h"
#include "core/scenario.h"
#include "sim/fib.h"
#include "sim/world.h"

#define HOP_ROUTERS 10
#define HOP_PACKETS 4000      /* 2 x 11 hops each: 88,000 packet-hops */
#define LOOKUPS 200000
#define BUILD_NAMESPACES 2000

static void measure_begin(void) {
  CALLGRIND_START_INSTRUMENTATION;
  CALLGRIND_ZERO_STATS;
}

static void measure_end(const char *name, double units) {
  CALLGRIND_DUMP_STATS_AT(name);
  CALLGRIND_STOP_INSTRUMENTATION;
  printf("%s %.0f\n", name, units);
  fflush(stdout);
}

static bool fail(const char *name, const char *why) {
  fprintf(stderr, "instr_workload %s: %s\n", name, why);
  return false;
}

static void pcap_dir_remove(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));) {
    gchar *p = g_build_filename(dir, n, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (d) g_dir_close(d);
  g_rmdir(dir);
}

/* A warmed chain (ARP resolved, pools grown by a first flood), then the
 * measured flood; the units are the frames that crossed a link. */
static bool workload_hop(const char *name, bool pcaps) {
  gchar *dir = pcaps ? g_dir_make_tmp("nspath-instr-XXXXXX", NULL) : NULL;
  sim_world *w = sim_world_new(1);
  nsp_backend *be = sim_world_backend(w);
  nsp_status st = {0};
  if (dir) sim_world_set_pcap_dir(w, dir);
  bool ok = chain_build(be, HOP_ROUTERS, 255, &st);
  chain_prober *p = ok ? chain_prober_open(be, HOP_ROUTERS) : NULL;
  chain_flood_result r;
  ok = p && chain_prober_flood(p, 8, 1, 1000000, &r) && chain_prober_flood(p, HOP_PACKETS, 4, 4000, &r);
  unsigned files;
  uint64_t before = 0, after = 0;
  sim_world_capture_stats(w, &files, &before);
  if (ok) {
    measure_begin();
    ok = chain_prober_flood(p, HOP_PACKETS, 4, 4000, &r);
    sim_world_capture_stats(w, &files, &after);
    measure_end(name, (double)(after - before));
    ok = ok && r.replies == HOP_PACKETS;
  }
  chain_prober_close(p);
  sim_world_free(w);
  if (dir) pcap_dir_remove(dir);
  g_free(dir);
  return ok || fail(name, "the flood did not come back whole");
}

/* The full table in a sim_fib, loaded in one go outside the measure. */
static bool workload_lookup(const char *name, const char *table, bool whole_path) {
  size_t n;
  GError *err = NULL;
  rtable_pfx *p = table ? rtable_load(table, &n, &err) : NULL;
  if (!p) {
    bool r = fail(name, err ? err->message : "no table (--table FILE)");
    g_clear_error(&err);
    return r;
  }
  sim_fib t;
  sim_fib_init(&t);
  for (size_t i = 0; i < n; i++) {
    sim_route rt = {.type = NSP_RTN_UNICAST, .dst = p[i].dst, .plen = (uint8_t)p[i].plen,
                    .oif = (int)(i % 256) + 1};
    sim_fib_insert(&t, &rt, true);
  }
  sim_fib_lookup(&t, 0, NULL); /* the index catches up with the inserts */
  uint32_t x = 2463534242u, acc = 0;
  measure_begin();
  for (int i = 0; i < LOOKUPS; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    acc += whole_path ? sim_fib_lookup(&t, x, NULL) != NULL : sim_lpm_lookup(t.index, x);
  }
  measure_end(name, LOOKUPS);
  sim_fib_free(&t);
  g_free(p);
  return acc != 0 || fail(name, "no lookup found a route");
}

static bool workload_ns_build(const char *name) {
  sim_world *w = sim_world_new(1);
  nsp_status st = {0};
  measure_begin();
  bool ok = chain_build(sim_world_backend(w), BUILD_NAMESPACES - 2, 0, &st);
  measure_end(name, BUILD_NAMESPACES);
  sim_world_free(w);
  return ok || fail(name, st.extack[0] ? st.extack : g_strerror(st.err));
}

static bool workload_ns_run(const char *name) {
  GString *text = g_string_new(NULL);
  chain_script(text, BUILD_NAMESPACES - 2, 0);
  sim_world *w = sim_world_new(1);
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  r.sink = fopen("/dev/null", "w");
  measure_begin();
  nsp_scenario_run_text(sim_world_backend(w), "chain", text->str, text->len, &r);
  nsp_scenario_result_flush(&r);
  measure_end(name, BUILD_NAMESPACES);
  bool ok = r.sink && r.unsupported == 0 && r.status == 0;
  if (r.sink) fclose(r.sink);
  nsp_scenario_result_clear(&r);
  sim_world_free(w);
  g_string_free(text, TRUE);
  return ok || fail(name, "a line of the chain failed");
}

int main(int argc, char **argv) {
  const char *table = NULL;
  int i = 1;
  if (argc > 2 && strcmp(argv[1], "--table") == 0) table = argv[2], i = 3;
  static const char *const all[] = {"hop", "hop_pcap", "lookup", "fib_lookup", "ns_build", "ns_run"};
  const char *const *names = i < argc ? (const char *const *)argv + i : all;
  int n = i < argc ? argc - i : (int)G_N_ELEMENTS(all);
  bool ok = true;
  for (int k = 0; k < n; k++) {
    const char *w = names[k];
    if (!strcmp(w, "hop")) ok &= workload_hop(w, false);
    else if (!strcmp(w, "hop_pcap")) ok &= workload_hop(w, true);
    else if (!strcmp(w, "lookup")) ok &= workload_lookup(w, table, false);
    else if (!strcmp(w, "fib_lookup")) ok &= workload_lookup(w, table, true);
    else if (!strcmp(w, "ns_build")) ok &= workload_ns_build(w);
    else if (!strcmp(w, "ns_run")) ok &= workload_ns_run(w);
    else ok = fail(w, "no such workload");
  }
  return ok ? 0 : 1;
}
