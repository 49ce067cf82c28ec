/* Section "world": how lean the simulated world is.
 *  - packet-hops/s through chains of 10, 60 and 250 routers (bench/chain.h),
 *    echo requests flooded from one host to the other and their replies; a
 *    packet-hop is one frame crossing one veth pair, counted by the world;
 *  - the same with a pcap on every link (written to a temporary folder);
 *  - build time and memory per namespace of chains of 1,000 and 100,000
 *    namespaces; memory is what malloc has in use (mallinfo2: arena bytes in
 *    use + mmapped blocks) after the build minus before it, per namespace,
 *    each namespace counting with its link and routes;
 *  - the same router chain as an ns-3 program when ns-3 was found at build time.
 * Times are the thread's CPU time, not the wall clock: on a machine shared
 * with other work the figure is what the simulation itself costs. */
#include <glib.h>
#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "bench/bench.h"
#include "bench/chain.h"
#include "sim/world.h"

#define HOP_GOAL_NS 50.0
#define HOP_PCAP_GOAL_NS 80.0
#define BUILD_GOAL_S 2.0
#define NS_BYTES_GOAL 2048.0
#define FLOOD_RUNS 5
/* Anchors (the issue's): a hop through real veths, ns-3 3.37, the kernel's
 * memory per namespace and per veth pair. */
#define REAL_HOP_NS_LO 600.0
#define REAL_HOP_NS_HI 1400.0
#define NS3_HOPS_LO 35e3
#define NS3_HOPS_HI 90e3
#define KERNEL_NS_BYTES (192.0 * 1024)
#define KERNEL_VETH_BYTES (88.0 * 1024)

typedef struct {
  double ns_per_hop[FLOOD_RUNS];
  double kernel_ns_per_hop[FLOOD_RUNS]; /* of which in the kernel (writing the pcaps) */
  int runs;
  double median;            /* of ns_per_hop */
  bool ok;
} bench_flood;

static double bench_cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double bench_sys_ns(void) {
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  return (double)ru.ru_stime.tv_sec * 1e9 + (double)ru.ru_stime.tv_usec * 1e3;
}

static size_t bench_malloc_in_use(void) {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

static void bench_pcap_dir_remove(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));) {
    gchar *p = g_build_filename(dir, n, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (d) g_dir_close(d);
  g_rmdir(dir);
}

/* `runs` timed floods of `count` echoes through a warmed-up chain. */
static void bench_flood_time(sim_world *w, int routers, unsigned count, int runs,
                             bench_flood *r) {
  nsp_backend *be = sim_world_backend(w);
  double *ns_per_hop = r->ns_per_hop, *sys_per_hop = r->kernel_ns_per_hop;
  r->ok = true;
  r->runs = runs;
  for (int i = 0; i < runs; i++) {
    chain_flood_result fr;
    unsigned files;
    uint64_t before, after;
    sim_world_capture_stats(w, &files, &before);
    double t0 = bench_cpu_ns(), s0 = bench_sys_ns();
    bool ok = chain_flood(be, routers, count, 4, 4000, &fr);
    double dt = bench_cpu_ns() - t0, ds = bench_sys_ns() - s0;
    sim_world_capture_stats(w, &files, &after);
    r->ok = r->ok && ok && fr.replies == count;
    ns_per_hop[i] = dt / (double)(after - before);
    sys_per_hop[i] = ds / (double)(after - before);
  }
  r->median = bench_stats_of(ns_per_hop, runs).median;
}

/* One chain, warmed up (ARP resolved), then `runs` timed floods. */
static bench_flood bench_chain_flood(int routers, bool pcaps, bool quick, int runs) {
  bench_flood r = {0};
  gchar *dir = pcaps ? g_dir_make_tmp("nspath-bench-XXXXXX", NULL) : NULL;
  sim_world *w = sim_world_new(1);
  nsp_backend *be = sim_world_backend(w);
  nsp_status st = {0};
  if (dir) sim_world_set_pcap_dir(w, dir);
  chain_flood_result warm;
  /* with pcaps, 1 M hops write 114 MB: enough, on a shared disk */
  double hops = quick ? 2e5 : pcaps ? 1e6 : 4e6;
  unsigned count = (unsigned)(hops / (2.0 * (routers + 1)));
  if (chain_build(be, routers, 255, &st) && chain_flood(be, routers, 8, 1, 1000000, &warm))
    bench_flood_time(w, routers, count, quick ? 1 : runs, &r);
  sim_world_free(w);
  if (dir) bench_pcap_dir_remove(dir);
  g_free(dir);
  return r;
}

static void bench_flood_row(bench_report *rep, int routers, bool pcaps, bool quick) {
  bench_flood f = bench_chain_flood(routers, pcaps, quick, FLOOD_RUNS);
  gchar *what = g_strdup_printf("chain of %d routers%s", routers, pcaps ? ", pcap per link" : "");
  double goal = pcaps ? HOP_PCAP_GOAL_NS : HOP_GOAL_NS, m = f.median;
  double kernel = bench_stats_of(f.kernel_ns_per_hop, f.runs).median;
  gchar *cmp = f.ok ? g_strdup_printf("kernel %.0f; goal <= %.0f ns: %s (%.2fx); %.0f-%.0fx real veths; "
                                      "%.0f-%.0fx ns-3",
                                      kernel, goal, m <= goal ? "met" : "MISSED", m / goal,
                                      REAL_HOP_NS_LO / m, REAL_HOP_NS_HI / m, 1e9 / m / NS3_HOPS_HI,
                                      1e9 / m / NS3_HOPS_LO)
                    : g_strdup("FAILED: not every reply came back");
  bench_row_runs(rep, what, f.ns_per_hop, f.runs, "ns/packet-hop", cmp);
  g_free(what);
  g_free(cmp);
}

/* ns per hop against chain length, for the "hop" plot (three floods each);
 * 250 routers is as far as an echo with TTL 255 and its reply go. */
static void bench_flood_points(bench_report *rep, bool quick) {
  static const int lengths[] = {1, 3, 10, 30, 60, 120, 250};
  for (size_t i = 0; i < G_N_ELEMENTS(lengths); i++) {
    if (quick && lengths[i] > 60) break;
    for (int pcaps = 0; pcaps < 2; pcaps++) {
      bench_flood f = bench_chain_flood(lengths[i], pcaps, quick, 3);
      if (f.ok)
        bench_point(rep, "hop", pcaps ? "pcap on every link" : "no pcaps", lengths[i], f.median);
    }
  }
}

static void bench_build_rows(bench_report *rep, int namespaces) {
  size_t m0 = bench_malloc_in_use();
  sim_world *w = sim_world_new(1);
  nsp_backend *be = sim_world_backend(w);
  nsp_status st = {0};
  double t0 = bench_cpu_ns();
  bool ok = chain_build(be, namespaces - 2, 0, &st);
  double dt = (bench_cpu_ns() - t0) / 1e9;
  double per_ns = (double)(bench_malloc_in_use() - m0) / namespaces;
  gchar *what = g_strdup_printf("%d namespaces in a chain: build", namespaces);
  gchar *cmp = !ok ? g_strdup_printf("FAILED: error %d %s", st.err, st.extack)
                   : g_strdup_printf("%.1f us/namespace%s", dt * 1e6 / namespaces,
                                     namespaces != 100000 ? ""
                                     : dt <= BUILD_GOAL_S ? "; goal <= 2 s: met"
                                                          : "; goal <= 2 s: MISSED");
  bench_row(rep, what, dt, "s", cmp);
  g_free(what);
  g_free(cmp);
  what = g_strdup_printf("%d namespaces in a chain: memory", namespaces);
  cmp = g_strdup_printf("per namespace with its link; goal <= 2048 B: %s; kernel ~%.0f KB (%.0fx)",
                        per_ns <= NS_BYTES_GOAL ? "met" : "MISSED",
                        (KERNEL_NS_BYTES + KERNEL_VETH_BYTES) / 1024,
                        (KERNEL_NS_BYTES + KERNEL_VETH_BYTES) / per_ns);
  bench_row(rep, what, per_ns, "B/ns", cmp);
  g_free(what);
  g_free(cmp);
  sim_world_free(w);
}

#ifdef NSPATH_NS3_CHAIN
/* The ns-3 program (bench/ns3/chain.cc) prints "HOPS SECONDS" on its last line. */
static void bench_ns3_row(bench_report *rep, int routers, bool quick) {
  gchar *argv[] = {NSPATH_NS3_CHAIN, g_strdup_printf("%d", routers),
                   g_strdup_printf("%d", quick ? 200 : 2000), NULL};
  gchar *out = NULL;
  int status = 0;
  double hops = 0, secs = 0;
  bool ok = g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                         &status, NULL) &&
            g_spawn_check_wait_status(status, NULL) && out &&
            sscanf(out, "%lf %lf", &hops, &secs) == 2 && hops > 0 && secs > 0;
  gchar *what = g_strdup_printf("ns-3 3.37, chain of %d routers: packet-hops", routers);
  gchar *cmp = ok ? g_strdup_printf("%.0f ns/hop; anchor 35-90 k/s", secs * 1e9 / hops)
                  : g_strdup("FAILED: the ns-3 program did not run");
  bench_row(rep, what, ok ? secs * 1e9 / hops : 0, "ns/packet-hop", cmp);
  g_free(what);
  g_free(cmp);
  g_free(out);
  g_free(argv[1]);
  g_free(argv[2]);
}
#endif

void bench_world(const bench_opts *o) {
  static const int chains[] = {10, 60, 250};
  bench_section(o->rep, "lean world: ns per packet-hop through router chains (thread CPU time), "
                        "build time and memory");
  for (size_t i = 0; i < G_N_ELEMENTS(chains); i++) bench_flood_row(o->rep, chains[i], false, o->quick);
  for (size_t i = 0; i < G_N_ELEMENTS(chains); i++) bench_flood_row(o->rep, chains[i], true, o->quick);
  bench_flood_points(o->rep, o->quick);
  bench_build_rows(o->rep, 1000);
  bench_build_rows(o->rep, o->quick ? 10000 : 100000);
  if (!o->quick) bench_build_rows(o->rep, 1000000);
#ifdef NSPATH_NS3_CHAIN
  for (size_t i = 0; i < G_N_ELEMENTS(chains); i++) bench_ns3_row(o->rep, chains[i], o->quick);
#else
  bench_row(o->rep, "ns-3 router chain", 0, "", "ns-3 not installed");
#endif
}
