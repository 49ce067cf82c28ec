/* Section "lpm": the routing index (sim/lpm.c, a Poptrie) on a real full
 * table, data/ipv4-tier1-2024.txt.gz: how fast it is built and
 * loaded, its size, and lookups per second on one core for random and
 * locality-heavy address streams, against a plain binary trie built here.
 * Goals (issue 16): >= 150 M lookups/s random one at a time, >= 250 M/s in
 * batches, an index <= 5 MiB; (issue 6) built in <= 1 s.  Also lookups/s
 * against table size, for the "lookup" plot. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bench/bench.h"
#include "bench/rtable.h"
#include "core/scenario.h"
#include "sim/fib.h"
#include "sim/world.h"

/* ---- the plain binary trie to compare with ----------------------------- */

typedef struct {
  uint32_t child[2];
  uint32_t val; /* prefix number + 1; 0: no prefix ends here */
} trie_node;

typedef struct {
  GArray *nodes; /* trie_node; [0] is the root */
} bin_trie;

static void trie_build(bin_trie *t, const rtable_pfx *p, size_t n) {
  t->nodes = g_array_sized_new(FALSE, TRUE, sizeof(trie_node), (guint)(n * 3));
  g_array_set_size(t->nodes, 1);
  for (size_t i = 0; i < n; i++) {
    uint32_t at = 0;
    for (unsigned b = 0; b < p[i].plen; b++) {
      unsigned bit = p[i].dst >> (31 - b) & 1;
      uint32_t next = g_array_index(t->nodes, trie_node, at).child[bit];
      if (!next) {
        next = t->nodes->len;
        g_array_set_size(t->nodes, next + 1);
        g_array_index(t->nodes, trie_node, at).child[bit] = next;
      }
      at = next;
    }
    g_array_index(t->nodes, trie_node, at).val = (uint32_t)i + 1;
  }
}

static inline uint32_t trie_lookup(const trie_node *nd, uint32_t a) {
  uint32_t at = 0, best = nd[0].val;
  for (unsigned b = 0; b < 32; b++) {
    at = nd[at].child[a >> (31 - b) & 1];
    if (!at) break;
    if (nd[at].val) best = nd[at].val;
  }
  return best;
}

/* ---- address streams ------------------------------------------------------ */

typedef enum { STREAM_RANDOM, STREAM_HOT, STREAM_SEQUENTIAL } lpm_stream;

typedef struct {
  lpm_stream kind;
  uint32_t x;         /* xorshift state, or the next sequential address */
  uint32_t hot[64];   /* STREAM_HOT: a prefix's address... */
  uint32_t host[64];  /* ...and its host bits */
} lpm_addrs;

static inline uint32_t addrs_next(lpm_addrs *s) {
  if (s->kind == STREAM_SEQUENTIAL) return s->x++;
  uint32_t x = s->x;
  x ^= x << 13, x ^= x >> 17, x ^= x << 5;
  s->x = x;
  if (s->kind == STREAM_RANDOM) return x;
  unsigned k = x >> 26;
  return s->hot[k] | (x & s->host[k]);
}

static void addrs_init(lpm_addrs *s, lpm_stream kind, const rtable_pfx *p, size_t n) {
  s->kind = kind;
  s->x = kind == STREAM_SEQUENTIAL ? p[n / 3].dst : 2463534242u;
  GRand *r = g_rand_new_with_seed(7);
  for (int k = 0; k < 64; k++) {
    const rtable_pfx *q = &p[g_rand_int_range(r, 0, (gint32)n)];
    s->hot[k] = q->dst;
    s->host[k] = q->plen ? ~0u >> q->plen : ~0u;
  }
  g_rand_free(r);
}

/* ---- measuring ------------------------------------------------------------ */

typedef enum { TARGET_LPM, TARGET_LPM_MANY, TARGET_TRIE, TARGET_FIB } lpm_target_kind;

typedef struct {
  lpm_target_kind kind;
  const sim_lpm *lpm;
  const trie_node *trie;
  const sim_fib *fib; /* the whole sim_fib_lookup() */
} lpm_target;

static volatile uint32_t bench_lpm_sink;

#define LPM_CHUNK 1024

/* n lookups of addresses made LPM_CHUNK at a time (the stream's cost is in
 * every figure alike). */
static double lpm_rate_once(const lpm_target *t, lpm_addrs s, long n) {
  uint32_t acc = 0, a[LPM_CHUNK], out[LPM_CHUNK];
  double t0 = bench_now_ns();
  for (long done = 0; done < n; done += LPM_CHUNK) {
    for (int i = 0; i < LPM_CHUNK; i++) a[i] = addrs_next(&s);
    switch (t->kind) {
    case TARGET_LPM:
      for (int i = 0; i < LPM_CHUNK; i++) acc += sim_lpm_lookup(t->lpm, a[i]);
      break;
    case TARGET_LPM_MANY:
      sim_lpm_lookup_many(t->lpm, a, out, LPM_CHUNK);
      for (int i = 0; i < LPM_CHUNK; i++) acc += out[i];
      break;
    case TARGET_TRIE:
      for (int i = 0; i < LPM_CHUNK; i++) acc += trie_lookup(t->trie, a[i]);
      break;
    case TARGET_FIB:
      for (int i = 0; i < LPM_CHUNK; i++) acc += sim_fib_lookup(t->fib, a[i], NULL) != NULL;
      break;
    }
  }
  double ns = bench_now_ns() - t0;
  bench_lpm_sink = acc;
  return (double)n / ns * 1e3; /* M/s */
}

/* runs measures into v; their median. */
static double lpm_rate(const lpm_target *t, const lpm_addrs *s, long n, int runs, double *v) {
  for (int i = 0; i < runs; i++) v[i] = lpm_rate_once(t, *s, n);
  return bench_stats_of(v, runs).median;
}

static double ms_since(double t0) { return (bench_now_ns() - t0) / 1e6; }

/* ---- the rows ------------------------------------------------------------- */

/* A row with its goal; v holds n runs (n 1: a single figure). */
static void lpm_row_goal(bench_report *r, const char *what, const double *v, int n,
                         const char *unit, const char *extra, bool met, const char *goal,
                         double by) {
  gchar *cmp = met ? g_strdup_printf("%sgoal %s: met", extra, goal)
                   : g_strdup_printf("%sgoal %s: missed by %.0f%%", extra, goal, by);
  bench_row_runs(r, what, v, n, unit, cmp);
  g_free(cmp);
}

static void lpm_rows_build(bench_report *rep, const rtable_pfx *p, size_t n, sim_pfxset *set,
                           sim_lpm *lpm, int runs) {
  double tb[9], ti[9];
  for (int r = 0; r < runs; r++) {
    if (set->blocks) sim_pfxset_free(set);
    double t0 = bench_now_ns();
    sim_pfxset_init(set);
    for (size_t i = 0; i < n; i++) sim_pfxset_insert(set, p[i].dst, p[i].plen, (uint32_t)i);
    double t1 = bench_now_ns();
    sim_lpm_build(lpm, set);
    ti[r] = ms_since(t1);
    tb[r] = ms_since(t0);
  }
  double build = bench_stats_of(tb, runs).median;
  lpm_row_goal(rep, "build: ordered set + index, whole table", tb, runs, "ms", "", build <= 1000,
               "<= 1000 ms", (build / 1000 - 1) * 100);
  bench_row_runs(rep, "build: the index alone (sim_lpm_build)", ti, runs, "ms", NULL);
}

#define LPM_INDEX_GOAL_MIB 5.0

static void lpm_rows_memory(bench_report *rep, const sim_lpm *lpm, const sim_pfxset *set,
                            size_t n, const bin_trie *trie) {
  double mib = (double)sim_lpm_bytes(lpm) / 1048576.0;
  lpm_row_goal(rep, "memory: index (direct table, nodes, leaves)", &mib, 1, "MiB", "",
               mib <= LPM_INDEX_GOAL_MIB, "<= 5 MiB", (mib / LPM_INDEX_GOAL_MIB - 1) * 100);
  gchar *cmp = g_strdup_printf("binary trie %.1f B/prefix",
                               (double)trie->nodes->len * sizeof(trie_node) / (double)n);
  bench_row(rep, "memory: index per prefix", (double)sim_lpm_bytes(lpm) / (double)n, "B", cmp);
  g_free(cmp);
  bench_row(rep, "memory: index as allocated", (double)sim_lpm_allocated_bytes(lpm) / 1048576.0, "MiB",
            "pools trimmed after a whole build");
  bench_row(rep, "memory: binary trie", (double)trie->nodes->len * sizeof(trie_node) / 1048576.0, "MiB",
            NULL);
  bench_row(rep, "memory: update side (defaults, dirty marks)",
            (double)sim_lpm_update_bytes(lpm) / 1048576.0, "MiB", "not read by lookups");
  bench_row(rep, "memory: ordered prefix set (dump order)", (double)sim_pfxset_bytes(set) / 1048576.0,
            "MiB", NULL);
}

#define LPM_ONE_GOAL 150.0
#define LPM_MANY_GOAL 250.0

static void lpm_rows_lookups(bench_report *rep, const sim_lpm *lpm, const bin_trie *trie,
                             const rtable_pfx *p, size_t n, bool quick) {
  static const struct {
    lpm_stream kind;
    const char *name;
  } streams[] = {{STREAM_RANDOM, "random"},
                 {STREAM_HOT, "64 hot prefixes"},
                 {STREAM_SEQUENTIAL, "sequential"}};
  long nl = quick ? 2000000 : 20000000, nt = quick ? 500000 : 4000000;
  int runs = quick ? 3 : 7;
  double v1[9], vm[9], vt[9];
  lpm_target tl = {.kind = TARGET_LPM, .lpm = lpm}, tm = {.kind = TARGET_LPM_MANY, .lpm = lpm};
  lpm_target tt = {.kind = TARGET_TRIE, .trie = (const trie_node *)(void *)trie->nodes->data};
  for (size_t k = 0; k < G_N_ELEMENTS(streams); k++) {
    lpm_addrs s;
    addrs_init(&s, streams[k].kind, p, n);
    double one = lpm_rate(&tl, &s, nl, runs, v1), many = lpm_rate(&tm, &s, nl, runs, vm);
    double slow = lpm_rate(&tt, &s, nt, runs, vt);
    bool random = streams[k].kind == STREAM_RANDOM;
    gchar *what = g_strdup_printf("lookups, %s: index, %d at a time (batch)", streams[k].name,
                                  SIM_LPM_GROUP);
    gchar *extra = g_strdup_printf("%.1fx binary trie; ", many / slow);
    if (random)
      lpm_row_goal(rep, what, vm, runs, "M/s", extra, many >= LPM_MANY_GOAL, ">= 250 M/s",
                   (1 - many / LPM_MANY_GOAL) * 100);
    else
      bench_row_runs(rep, what, vm, runs, "M/s", extra);
    g_free(what);
    g_free(extra);
    what = g_strdup_printf("lookups, %s: index, one at a time", streams[k].name);
    extra = g_strdup_printf("%.1fx binary trie; ", one / slow);
    if (random)
      lpm_row_goal(rep, what, v1, runs, "M/s", extra, one >= LPM_ONE_GOAL, ">= 150 M/s",
                   (1 - one / LPM_ONE_GOAL) * 100);
    else
      bench_row_runs(rep, what, v1, runs, "M/s", extra);
    g_free(what);
    g_free(extra);
    what = g_strdup_printf("lookups, %s: binary trie", streams[k].name);
    bench_row_runs(rep, what, vt, runs, "M/s", NULL);
    g_free(what);
  }
}

/* Lookups/s against table size (the "lookup" plot): the first k prefixes
 * of the table in a seeded random order, random addresses. */
static void lpm_points_sizes(bench_report *rep, const rtable_pfx *p, size_t n, bool quick) {
  static const size_t sizes[] = {1000, 10000, 100000, 300000, 0};
  guint *order = g_new(guint, n);
  for (size_t i = 0; i < n; i++) order[i] = (guint)i;
  GRand *r = g_rand_new_with_seed(5);
  for (size_t i = n; i > 1; i--) {
    guint j = (guint)g_rand_int_range(r, 0, (gint32)i), x = order[i - 1];
    order[i - 1] = order[j], order[j] = x;
  }
  g_rand_free(r);
  long nl = quick ? 1000000 : 5000000;
  double v[3];
  for (size_t k = 0; k < G_N_ELEMENTS(sizes); k++) {
    size_t m = sizes[k] && sizes[k] < n ? sizes[k] : n;
    rtable_pfx *q = g_new(rtable_pfx, m);
    for (size_t i = 0; i < m; i++) q[i] = p[order[i]];
    sim_pfxset set;
    sim_pfxset_init(&set);
    for (size_t i = 0; i < m; i++) sim_pfxset_insert(&set, q[i].dst, q[i].plen, (uint32_t)i);
    sim_lpm lpm;
    sim_lpm_init(&lpm);
    sim_lpm_build(&lpm, &set);
    bin_trie trie;
    trie_build(&trie, q, m);
    lpm_addrs s;
    addrs_init(&s, STREAM_RANDOM, q, m);
    lpm_target tl = {.kind = TARGET_LPM, .lpm = &lpm}, tm = {.kind = TARGET_LPM_MANY, .lpm = &lpm};
    lpm_target tt = {.kind = TARGET_TRIE, .trie = (const trie_node *)(void *)trie.nodes->data};
    bench_point(rep, "lookup", "index, one at a time", (double)m, lpm_rate(&tl, &s, nl, 3, v));
    bench_point(rep, "lookup", "index, batch", (double)m, lpm_rate(&tm, &s, nl, 3, v));
    bench_point(rep, "lookup", "binary trie", (double)m, lpm_rate(&tt, &s, nl / 4, 3, v));
    g_array_free(trie.nodes, TRUE);
    sim_lpm_free(&lpm);
    sim_pfxset_free(&set);
    g_free(q);
    if (m == n) break;
  }
  g_free(order);
}

/* The table loaded route by route through sim_fib_insert(), and a lookup
 * through the whole path (index, then the route's candidates). */
static void lpm_rows_fib(bench_report *rep, const rtable_pfx *p, size_t n, bool shuffled,
                         bool quick) {
  guint *order = g_new(guint, n);
  for (size_t i = 0; i < n; i++) order[i] = (guint)i;
  GRand *r = g_rand_new_with_seed(11);
  for (size_t i = n; shuffled && i > 1; i--) {
    guint j = (guint)g_rand_int_range(r, 0, (gint32)i), x = order[i - 1];
    order[i - 1] = order[j], order[j] = x;
  }
  g_rand_free(r);
  sim_fib t;
  sim_fib_init(&t);
  double t0 = bench_now_ns();
  for (size_t i = 0; i < n; i++) {
    const rtable_pfx *q = &p[order[i]];
    sim_route rt = {.type = NSP_RTN_UNICAST, .dst = q->dst, .plen = (uint8_t)q->plen,
                    .oif = (int)(order[i] % 256) + 1};
    sim_fib_insert(&t, &rt, true);
  }
  sim_fib_lookup(&t, 0, NULL); /* the index catches up with the last inserts */
  bench_row(rep, shuffled ? "sim_fib_insert x table, random order" : "sim_fib_insert x table, file order",
            ms_since(t0), "ms", "one route at a time, index kept up to date");
  if (!shuffled) {
    lpm_addrs s;
    addrs_init(&s, STREAM_RANDOM, p, n);
    lpm_target tf = {.kind = TARGET_FIB, .fib = &t};
    double v[5];
    int runs = quick ? 3 : 5;
    lpm_rate(&tf, &s, quick ? 1000000 : 10000000, runs, v);
    bench_row_runs(rep, "lookups, random: sim_fib_lookup (whole path)", v, runs, "M/s", NULL);
  }
  sim_fib_free(&t);
  g_free(order);
}

/* `ip -n NS -batch FILE` with one `route add PREFIX via GW` line per prefix,
 * the gateways spread over 256 neighbours, in the simulation. */
static void lpm_row_batch(bench_report *rep, const rtable_pfx *p, size_t n) {
  gchar *path = NULL;
  int fd = g_file_open_tmp("nspath-bench-XXXXXX.batch", &path, NULL);
  if (fd < 0) return;
  FILE *f = fdopen(fd, "w");
  for (size_t i = 0; i < n; i++)
    fprintf(f, "route add %u.%u.%u.%u/%u via 10.0.%zu.2\n", p[i].dst >> 24, p[i].dst >> 16 & 255,
            p[i].dst >> 8 & 255, p[i].dst & 255, p[i].plen, i % 256);
  fclose(f);
  gchar *text = g_strdup_printf("ip netns add lpm\n"
                                "ip link add v0 type veth peer name v1\n"
                                "ip link set v0 netns lpm\n"
                                "ip -n lpm link set v0 up\n"
                                "ip -n lpm address add 10.0.0.1/16 dev v0\n"
                                "ip -n lpm -batch %s\n",
                                path);
  sim_world *w = sim_world_new(1);
  nsp_backend *be = sim_world_backend(w);
  nsp_scenario_result res;
  nsp_scenario_result_init(&res);
  double t0 = bench_now_ns();
  nsp_scenario_run_text(be, "bench", text, strlen(text), &res);
  double ms = ms_since(t0);
  size_t nr;
  nsp_status st = {0};
  g_free(be->ops->route_list(be, "lpm", NSP_RT_TABLE_MAIN, &nr, &st));
  gchar *cmp = g_strdup_printf("%zu routes in main; %s", nr,
                               strstr(res.transcript->str, "Command failed") ? "a line failed" : "no line failed");
  bench_row(rep, "ip -n NS -batch: route add x table", ms / 1000, "s", cmp);
  g_free(cmp);
  nsp_scenario_result_clear(&res);
  sim_world_free(w);
  g_unlink(path);
  g_free(path);
  g_free(text);
}

void bench_lpm(const bench_opts *o) {
  gchar *path = g_build_filename(o->source_dir, "data", "ipv4-tier1-2024.txt.gz", NULL);
  size_t n;
  GError *err = NULL;
  double t0 = bench_now_ns();
  rtable_pfx *p = rtable_load(path, &n, &err);
  g_free(path);
  if (!p) {
    fprintf(stderr, "bench lpm: %s\n", err->message);
    g_error_free(err);
    return;
  }
  gchar *title = g_strdup_printf("routing index: %zu prefixes (Poptrie vs a plain binary trie)", n);
  bench_section(o->rep, title);
  g_free(title);
  bench_row(o->rep, "load: read and parse the table", ms_since(t0), "ms", "gzip, zlib");
  sim_pfxset set = {0};
  sim_lpm lpm;
  sim_lpm_init(&lpm);
  lpm_rows_build(o->rep, p, n, &set, &lpm, o->quick ? 1 : 5);
  bin_trie trie;
  trie_build(&trie, p, n);
  lpm_rows_memory(o->rep, &lpm, &set, n, &trie);
  lpm_rows_lookups(o->rep, &lpm, &trie, p, n, o->quick);
  lpm_rows_fib(o->rep, p, n, false, o->quick);
  lpm_rows_fib(o->rep, p, n, true, o->quick);
  lpm_row_batch(o->rep, p, n);
  lpm_points_sizes(o->rep, p, n, o->quick);
  g_array_free(trie.nodes, TRUE);
  sim_lpm_free(&lpm);
  sim_pfxset_free(&set);
  g_free(p);
}
