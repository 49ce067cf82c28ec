/* The Poptrie index (sim/lpm.c) inside the table (sim/fib.c) agrees with
 * naive references: a linear scan over every route, and the walk from /32
 * down to /0 (sim_fib_lookup_slow), on random tables with nested prefixes,
 * /0 and /32, several routes per prefix, dead nexthops, device filters and
 * deletes between the lookups; and on the real full table of
 * data/ipv4-tier1-2024.txt.gz (901,899 prefixes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "bench/rtable.h"
#include "proto/inet.h"
#include "sim/fib.h"
#include "sim/lpm.h"
#include "sim/pfxset.h"

/* Sanitizers make each lookup some ten times dearer. */
#ifdef NSP_TEST_SMALL
#define LPM_SCALE 10
#else
#define LPM_SCALE 1
#endif

typedef struct {
  uint64_t s;
} lpm_rng;

static uint32_t rng_next(lpm_rng *r) {
  r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)(r->s >> 32);
}

/* The test's own copy of the table and the hot /16s its prefixes nest in. */
typedef struct {
  GArray *routes; /* sim_route, oif unique per route */
  uint32_t hot[32];
  int next_oif;
  lpm_rng rng;
} lpm_model;

static uint32_t model_addr(lpm_model *m) {
  uint32_t a = rng_next(&m->rng);
  if (rng_next(&m->rng) % 4) a = m->hot[rng_next(&m->rng) % 32] | (a & 0xffff);
  return a;
}

static unsigned model_plen(lpm_model *m) {
  uint32_t x = rng_next(&m->rng) % 40;
  if (x == 0) return 0;
  if (x < 4) return 32;
  return x < 16 ? x % 16 + 1 : 16 + x % 17; /* mostly /16../32, nested in the hot ones */
}

static void model_add(lpm_model *m, sim_fib *t) {
  unsigned plen = model_plen(m);
  sim_route r = {.type = NSP_RTN_UNICAST, .plen = (uint8_t)plen, .oif = ++m->next_oif};
  r.dst = model_addr(m) & ipv4_prefix_mask(plen);
  r.metric = (rng_next(&m->rng) % 3) * 100;
  if (rng_next(&m->rng) % 8 == 0) r.nh_flags = NSP_RTNH_F_DEAD;
  if (sim_fib_insert(t, &r, true) == 0) g_array_append_val(m->routes, r);
}

static void model_del(lpm_model *m, sim_fib *t) {
  if (m->routes->len == 0) return;
  guint i = rng_next(&m->rng) % m->routes->len;
  nsp_route_req rq = {.r = g_array_index(m->routes, sim_route, i)};
  rq.r.metric = 0; /* any metric: the unique device picks the route */
  assert_true(sim_fib_delete(t, &rq));
  g_array_remove_index(m->routes, i); /* keeps the order of insertion */
}

static bool lpm_usable(const sim_route *r, const void *ctx) {
  int oif = *(const int *)ctx;
  return !(r->nh_flags & NSP_RTNH_F_DEAD) && (!oif || !r->oif || r->oif == oif);
}

/* Longest usable prefix; for one prefix the lowest metric, then the oldest. */
static const sim_route *model_naive(const lpm_model *m, uint32_t a, int oif) {
  const sim_route *best = NULL;
  for (guint i = 0; i < m->routes->len; i++) {
    const sim_route *r = &g_array_index(m->routes, sim_route, i);
    if ((a & ipv4_prefix_mask(r->plen)) != r->dst || !lpm_usable(r, &oif)) continue;
    if (best && (r->plen < best->plen || (r->plen == best->plen && r->metric >= best->metric)))
      continue;
    best = r;
  }
  return best;
}

static void lpm_check_one(lpm_model *m, const sim_fib *t, uint32_t a, int oif, bool naive) {
  sim_fib_filter f = {.oif = oif};
  const sim_route *got = sim_fib_lookup(t, a, &f);
  assert_ptr_equal(got, sim_fib_lookup_slow(t, a, lpm_usable, &oif));
  if (!naive) return;
  const sim_route *want = model_naive(m, a, oif);
  if (!want) {
    assert_null(got);
    return;
  }
  assert_non_null(got);
  assert_int_equal(got->oif, want->oif);
}

static void lpm_check(lpm_model *m, const sim_fib *t, int lookups, int naive_every) {
  for (int k = 0; k < lookups; k++) {
    int oif = 0;
    if (rng_next(&m->rng) % 4 == 0 && m->routes->len)
      oif = g_array_index(m->routes, sim_route, rng_next(&m->rng) % m->routes->len).oif;
    lpm_check_one(m, t, model_addr(m), oif, k % naive_every == 0);
  }
}

/* The grouped lookups answer what single ones do, groups cut anywhere. */
static void lpm_check_many(lpm_model *m, const sim_fib *t) {
  enum { N = 3 * SIM_LPM_GROUP + 5 };
  uint32_t a[N];
  uint16_t out[N];
  sim_fib_lookup(t, 0, NULL); /* brings the index up to date */
  for (int i = 0; i < N; i++) a[i] = model_addr(m);
  sim_lpm_lookup_many(t->index, a, out, N);
  for (int i = 0; i < N; i++) assert_int_equal(out[i], sim_lpm_lookup(t->index, a[i]));
  sim_lpm_lookup_many(t->index, a + 1, out, 7);
  for (int i = 0; i < 7; i++) assert_int_equal(out[i], sim_lpm_lookup(t->index, a[i + 1]));
}

static void lpm_model_init(lpm_model *m, uint64_t seed) {
  m->routes = g_array_new(FALSE, FALSE, sizeof(sim_route));
  m->rng.s = seed;
  m->next_oif = 0;
  for (int i = 0; i < 32; i++) m->hot[i] = rng_next(&m->rng) & 0xffff0000u;
}

/* Rounds of inserts and deletes, each followed by lookups: 2.4 M in all
 * (1 in 16 also against the linear scan). */
static void test_random_tables_agree(void **state) {
  (void)state;
  for (uint64_t seed = 1; seed <= 3; seed++) {
    lpm_model m;
    lpm_model_init(&m, seed);
    sim_fib t;
    sim_fib_init(&t);
    for (int round = 0; round < 40; round++) {
      for (int i = 0; i < 150; i++) model_add(&m, &t);
      for (int i = 0; i < 60; i++) model_del(&m, &t);
      assert_int_equal(sim_fib_len(&t), m.routes->len);
      lpm_check(&m, &t, 20000 / LPM_SCALE, 16);
      if (t.index) lpm_check_many(&m, &t);
    }
    assert_non_null(t.index);
    while (m.routes->len) model_del(&m, &t);
    lpm_check(&m, &t, 1000, 1);
    sim_fib_free(&t);
    g_array_free(m.routes, TRUE);
  }
}

/* Tables below SIM_FIB_INDEX_MIN prefixes, which lookups scan in place
 * (fib_scan()): every one agrees with the walk and the linear scan. */
static void test_small_tables_agree(void **state) {
  (void)state;
  for (uint64_t seed = 11; seed <= 20; seed++) {
    lpm_model m;
    lpm_model_init(&m, seed);
    sim_fib t;
    sim_fib_init(&t);
    for (int round = 0; round < 12; round++) {
      for (int i = 0; i < 6; i++) model_add(&m, &t);
      for (int i = 0; i < 2; i++) model_del(&m, &t);
      assert_null(t.index);
      lpm_check(&m, &t, 2000 / LPM_SCALE, 1);
    }
    sim_fib_free(&t);
    g_array_free(m.routes, TRUE);
  }
}

/* The /0 and /32 ends, alone and under each other. */
static void test_default_and_host_routes(void **state) {
  (void)state;
  lpm_model m;
  lpm_model_init(&m, 99);
  sim_fib t;
  sim_fib_init(&t);
  for (int i = 0; i < 200; i++) model_add(&m, &t); /* an index exists from here on */
  sim_route def = {.type = NSP_RTN_UNICAST, .plen = 0, .oif = 100001, .metric = 7};
  sim_route host = {.type = NSP_RTN_UNICAST, .plen = 32, .dst = m.hot[0] | 0x0101, .oif = 100002};
  sim_route last = {.type = NSP_RTN_UNICAST, .plen = 32, .dst = 0xffffffffu, .oif = 100003};
  const sim_route *rs[] = {&def, &host, &last};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(sim_fib_insert(&t, rs[i], true), 0);
    g_array_append_val(m.routes, *rs[i]);
  }
  uint32_t probes[] = {0, 1, host.dst, host.dst + 1, host.dst - 1, 0xffffffffu, 0xfffffffeu};
  for (size_t i = 0; i < G_N_ELEMENTS(probes); i++) lpm_check_one(&m, &t, probes[i], 0, true);
  lpm_check(&m, &t, 20000 / LPM_SCALE, 1);
  sim_fib_free(&t);
  g_array_free(m.routes, TRUE);
}

/* More next-hop signatures than 16-bit group ids (sim/fibview.h): the
 * prefixes past the last id share their length's group, found through the
 * prefix hash; removing half gives ids back, which later prefixes reuse. */
static void test_groups_run_out(void **state) {
  (void)state;
  enum { N = 70000 };
  sim_fib t;
  sim_fib_init(&t);
  for (uint32_t i = 0; i < N; i++) {
    sim_route r = {.type = NSP_RTN_UNICAST, .dst = 0x0a000000u + (i << 8), .plen = 24,
                   .oif = 1, .gw = 0xc0000000u + i};
    assert_int_equal(sim_fib_insert(&t, &r, true), 0);
  }
  assert_int_equal(t.view->groups->len, SIM_LPM_VAL_MAX + 1);
  lpm_rng rng = {7};
  int zero = 0;
  for (int k = 0; k < 20000; k++) {
    uint32_t x = 0x0a000000u + rng_next(&rng) % (N << 8) + (k % 2 ? 0 : (uint32_t)N << 8);
    assert_ptr_equal(sim_fib_lookup(&t, x, NULL), sim_fib_lookup_slow(&t, x, lpm_usable, &zero));
  }
  for (uint32_t i = 0; i < N; i += 2) {
    nsp_route_req rq = {.r = {.dst = 0x0a000000u + (i << 8), .plen = 24}};
    assert_true(sim_fib_delete(&t, &rq));
  }
  for (uint32_t i = 0; i < N; i += 4) {
    sim_route r = {.type = NSP_RTN_UNICAST, .dst = 0x0a000000u + (i << 8), .plen = 24,
                   .oif = 2, .gw = 0xc1000000u + i};
    assert_int_equal(sim_fib_insert(&t, &r, true), 0);
  }
  for (int k = 0; k < 20000; k++) {
    uint32_t x = 0x0a000000u + rng_next(&rng) % (N << 8);
    const sim_route *r = sim_fib_lookup(&t, x, NULL);
    assert_ptr_equal(r, sim_fib_lookup_slow(&t, x, lpm_usable, &zero));
    if (r) assert_int_equal(r->dst, x & 0xffffff00u);
  }
  sim_fib_free(&t);
}

/* Adding and removing the same routes again and again reuses the pools. */
static void test_updates_reuse_memory(void **state) {
  (void)state;
  lpm_model m;
  lpm_model_init(&m, 7);
  sim_fib t;
  sim_fib_init(&t);
  for (int i = 0; i < 500; i++) model_add(&m, &t);
  sim_route extra = {.type = NSP_RTN_UNICAST, .plen = 28, .dst = m.hot[3] | 0x1230, .oif = 200000};
  sim_fib_lookup(&t, 0, NULL);
  uint32_t nodes = 0, leaves = 0;
  for (int i = 0; i < 1000; i++) {
    sim_fib_insert(&t, &extra, true);
    assert_int_equal(sim_fib_lookup(&t, extra.dst | 5, NULL)->oif, extra.oif);
    nsp_route_req rq = {.r = extra};
    assert_true(sim_fib_delete(&t, &rq));
    sim_fib_lookup(&t, 0, NULL);
    if (i == 0) nodes = t.index->node_pool.used, leaves = t.index->leaf_pool.used;
  }
  assert_int_equal(t.index->node_pool.used, nodes);
  assert_int_equal(t.index->leaf_pool.used, leaves);
  sim_fib_free(&t);
  g_array_free(m.routes, TRUE);
}

/* The real table, loaded one route at a time; the index built at once from
 * the same prefixes answers the same; deletes of a tenth of it follow. */
static void test_full_table(void **state) {
  (void)state;
  gchar *path = g_build_filename(NSP_DATA_DIR, "ipv4-tier1-2024.txt.gz", NULL);
  size_t n;
  GError *err = NULL;
  rtable_pfx *p = rtable_load(path, &n, &err);
  g_free(path);
  assert_non_null(p);
  sim_fib t;
  sim_fib_init(&t);
  for (size_t i = 0; i < n; i++) {
    sim_route r = {.type = NSP_RTN_UNICAST, .dst = p[i].dst, .plen = (uint8_t)p[i].plen,
                   .oif = (int)(i % 256) + 1};
    assert_int_equal(sim_fib_insert(&t, &r, true), 0);
  }
  assert_int_equal(sim_fib_len(&t), n);
  lpm_rng rng = {42};
  int zero = 0;
  sim_lpm bulk;
  sim_lpm_init(&bulk);
  sim_lpm_build(&bulk, &t.view->src);
  uint32_t a[SIM_LPM_GROUP];
  uint16_t out[SIM_LPM_GROUP];
  sim_fib_lookup(&t, 0, NULL); /* the index catches up with the inserts */
  for (int k = 0; k < 1000000 / LPM_SCALE; k += SIM_LPM_GROUP) {
    for (int i = 0; i < SIM_LPM_GROUP; i++) a[i] = rng_next(&rng);
    sim_lpm_lookup_many(t.index, a, out, SIM_LPM_GROUP);
    for (int i = 0; i < SIM_LPM_GROUP; i++) {
      const sim_route *got = sim_fib_lookup(&t, a[i], NULL);
      assert_ptr_equal(got, sim_fib_lookup_slow(&t, a[i], lpm_usable, &zero));
      assert_int_equal(sim_lpm_lookup(&bulk, a[i]), sim_lpm_lookup(t.index, a[i]));
      assert_int_equal(out[i], sim_lpm_lookup(t.index, a[i]));
    }
  }
  for (size_t i = 0; i < n; i += 10) {
    nsp_route_req rq = {.r = {.dst = p[i].dst, .plen = (uint8_t)p[i].plen}};
    assert_true(sim_fib_delete(&t, &rq));
  }
  for (int k = 0; k < 1000000 / LPM_SCALE; k++) {
    uint32_t x = rng_next(&rng);
    assert_ptr_equal(sim_fib_lookup(&t, x, NULL), sim_fib_lookup_slow(&t, x, lpm_usable, &zero));
  }
  sim_lpm_free(&bulk);
  sim_fib_free(&t);
  g_free(p);
}

/* ---- the index alone, on a prefix set ----------------------------------- */

/* The naive answer: the value of the longest prefix in the set covering a. */
static uint16_t set_longest(const sim_pfxset *set, uint32_t a) {
  for (int l = 32; l >= 0; l--) {
    uint32_t mask = l ? ~0u << (32 - l) : 0, v;
    if (sim_pfxset_find(set, a & mask, (unsigned)l, &v)) return (uint16_t)v;
  }
  return SIM_LPM_NONE;
}

static void set_check(const sim_lpm *t, const sim_pfxset *set, lpm_rng *r, const uint32_t *hot) {
  enum { N = 2 * SIM_LPM_GROUP + 3 };
  uint32_t a[N];
  uint16_t out[N];
  for (int i = 0; i < N; i++) a[i] = i % 2 ? rng_next(r) : hot[i % 64] | (rng_next(r) & 0xfffff);
  sim_lpm_lookup_many(t, a, out, N);
  for (int i = 0; i < N; i++) {
    assert_int_equal(sim_lpm_lookup(t, a[i]), set_longest(set, a[i]));
    assert_int_equal(out[i], set_longest(set, a[i]));
  }
}

/* Values over the whole 16-bit range, short prefixes among them: a block
 * whose value does not fit a direct-table entry gets a root of one leaf,
 * and loses it when its value comes down; blocks gain and lose roots in
 * every span, in no order (spans grow, move and are compacted); updates
 * end as a whole build of the same set does. */
static void test_values_and_spans(void **state) {
  (void)state;
  lpm_rng r = {99};
  uint32_t hot[64];
  for (int i = 0; i < 64; i++) hot[i] = rng_next(&r) & 0xfff00000u;
  sim_pfxset set;
  sim_pfxset_init(&set);
  sim_lpm_set_src src;
  sim_lpm_set_src_init(&src, &set);
  sim_lpm t, bulk;
  sim_lpm_init(&t);
  sim_lpm_init(&bulk);
  sim_lpm_build(&t, &src.src);
  for (int round = 0; round < 30; round++) {
    for (int k = 0; k < 400; k++) {
      unsigned plen = k % 3 == 0 ? 8 + rng_next(&r) % 11 : 12 + rng_next(&r) % 21;
      uint32_t dst = (k % 2 ? rng_next(&r) : hot[rng_next(&r) % 64] | (rng_next(&r) & 0xfffff)) &
                     (~0u << (32 - plen));
      uint16_t val = rng_next(&r) % 2 ? (uint16_t)(rng_next(&r) % (SIM_LPM_VAL_MAX + 1))
                                      : (uint16_t)(SIM_LPM_VAL_MAX - rng_next(&r) % 4);
      uint32_t old;
      if (sim_pfxset_find(&set, dst, plen, &old)) {
        sim_pfxset_remove(&set, dst, plen);
        if (rng_next(&r) % 2) {
          sim_lpm_changed(&t, &src.src, dst, plen, false, 0);
          continue;
        }
      }
      sim_pfxset_insert(&set, dst, plen, val);
      sim_lpm_changed(&t, &src.src, dst, plen, true, val);
    }
    sim_lpm_sync(&t, &src.src);
    set_check(&t, &set, &r, hot);
  }
  sim_lpm_build(&bulk, &src.src);
  set_check(&bulk, &set, &r, hot);
  for (int i = 0; i < 200000 / LPM_SCALE; i++) {
    uint32_t a = rng_next(&r);
    assert_int_equal(sim_lpm_lookup(&t, a), sim_lpm_lookup(&bulk, a));
  }
  assert_int_equal(sim_lpm_bytes(&t) >= sim_lpm_bytes(&bulk), true);
  sim_lpm_free(&t);
  sim_lpm_free(&bulk);
  sim_pfxset_free(&set);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_random_tables_agree),
      cmocka_unit_test(test_small_tables_agree),
      cmocka_unit_test(test_default_and_host_routes),
      cmocka_unit_test(test_updates_reuse_memory),
      cmocka_unit_test(test_groups_run_out),
      cmocka_unit_test(test_full_table),
      cmocka_unit_test(test_values_and_spans),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
