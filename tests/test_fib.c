/* Longest-prefix match and the kernel's table semantics (sim/fib.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "proto/inet.h"
#include "sim/fib.h"

static sim_route rt(const char *pfx, unsigned plen, uint32_t metric, int oif) {
  sim_route r = {.table = NSP_RT_TABLE_MAIN, .type = NSP_RTN_UNICAST, .protocol = NSP_RTPROT_BOOT,
                 .plen = (uint8_t)plen, .metric = metric, .oif = oif};
  assert_true(ipv4_addr_pton(pfx, &r.dst));
  return r;
}

static uint32_t ip(const char *s) {
  uint32_t a;
  assert_true(ipv4_addr_pton(s, &a));
  return a;
}

static void test_longest_prefix_wins(void **state) {
  (void)state;
  sim_fib t;
  sim_fib_init(&t);
  sim_route def = rt("0.0.0.0", 0, 0, 1), r16 = rt("10.1.0.0", 16, 0, 2), r24 = rt("10.1.2.0", 24, 0, 3);
  assert_int_equal(sim_fib_insert(&t, &def, true), 0);
  assert_int_equal(sim_fib_insert(&t, &r24, true), 0);
  assert_int_equal(sim_fib_insert(&t, &r16, true), 0);
  assert_int_equal(sim_fib_lookup(&t, ip("10.1.2.3"), NULL)->oif, 3);
  assert_int_equal(sim_fib_lookup(&t, ip("10.1.3.3"), NULL)->oif, 2);
  assert_int_equal(sim_fib_lookup(&t, ip("10.2.0.1"), NULL)->oif, 1);
  assert_int_equal(sim_fib_lookup(&t, ip("255.255.255.255"), NULL)->oif, 1);
  sim_fib_free(&t);
}

static void test_no_default_no_route(void **state) {
  (void)state;
  sim_fib t;
  sim_fib_init(&t);
  sim_route r = rt("192.0.2.0", 24, 0, 2);
  sim_fib_insert(&t, &r, true);
  assert_null(sim_fib_lookup(&t, ip("198.51.100.1"), NULL));
  assert_non_null(sim_fib_lookup(&t, ip("192.0.2.255"), NULL));
  sim_fib_free(&t);
}

/* fib_table_insert(): same prefix and metric with NLM_F_EXCL is EEXIST; another metric coexists */
static void test_exclusive_insert(void **state) {
  (void)state;
  sim_fib t;
  sim_fib_init(&t);
  sim_route a = rt("10.0.0.0", 8, 0, 2), b = rt("10.0.0.0", 8, 0, 3), c = rt("10.0.0.0", 8, 100, 3);
  assert_int_equal(sim_fib_insert(&t, &a, true), 0);
  assert_int_equal(sim_fib_insert(&t, &b, true), -EEXIST);
  assert_int_equal(sim_fib_insert(&t, &c, true), 0);
  assert_int_equal(sim_fib_len(&t), 2);
  /* the lower metric is found first */
  assert_int_equal(sim_fib_lookup(&t, ip("10.9.9.9"), NULL)->oif, 2);
  sim_fib_free(&t);
}

/* `ip route show` order: ascending prefix; for one prefix the longer first; then metric */
static void test_dump_order(void **state) {
  (void)state;
  sim_fib t;
  sim_fib_init(&t);
  const char *p[] = {"203.0.113.0", "10.0.0.0", "0.0.0.0", "10.0.0.0", "10.0.0.0", "192.0.2.0"};
  unsigned l[] = {24, 8, 0, 24, 16, 24};
  for (int i = 0; i < 6; i++) {
    sim_route r = rt(p[i], l[i], 0, 1);
    sim_fib_insert(&t, &r, true);
  }
  unsigned want_len[] = {0, 24, 16, 8, 24, 24};
  const char *want[] = {"0.0.0.0", "10.0.0.0", "10.0.0.0", "10.0.0.0", "192.0.2.0", "203.0.113.0"};
  sim_fib_iter it;
  sim_fib_iter_init(&t, &it);
  for (size_t i = 0; i < 6; i++) {
    const sim_route *r = sim_fib_iter_next(&t, &it);
    assert_non_null(r);
    assert_int_equal(r->dst, ip(want[i]));
    assert_int_equal(r->plen, want_len[i]);
  }
  assert_null(sim_fib_iter_next(&t, &it));
  sim_fib_free(&t);
}

/* A lookup bound to a device skips routes through others and falls back to shorter prefixes. */
static void test_oif_filter_backtracks(void **state) {
  (void)state;
  sim_fib t;
  sim_fib_init(&t);
  sim_route r24 = rt("10.1.2.0", 24, 0, 3), def = rt("0.0.0.0", 0, 0, 5);
  sim_fib_insert(&t, &r24, true);
  sim_fib_insert(&t, &def, true);
  sim_fib_filter f = {.oif = 5};
  assert_int_equal(sim_fib_lookup(&t, ip("10.1.2.3"), &f)->oif, 5);
  f.oif = 7;
  assert_null(sim_fib_lookup(&t, ip("10.1.2.3"), &f));
  sim_fib_free(&t);
}

/* fib_table_delete(): unset attributes match anything, set ones must match */
static void test_delete_matching(void **state) {
  (void)state;
  sim_fib t;
  sim_fib_init(&t);
  sim_route a = rt("10.0.0.0", 8, 0, 2);
  a.gw = ip("192.0.2.254");
  sim_fib_insert(&t, &a, true);
  nsp_route_req rq = {.r = rt("10.0.0.0", 8, 0, 0)};
  rq.r.scope = NSP_SCOPE_NOWHERE, rq.has_scope = true, rq.r.type = 0;
  rq.r.gw = ip("192.0.2.1");
  assert_false(sim_fib_delete(&t, &rq));
  rq.r.plen = 16;
  rq.r.gw = 0;
  assert_false(sim_fib_delete(&t, &rq));
  rq.r.plen = 8;
  rq.r.gw = ip("192.0.2.254");
  assert_true(sim_fib_delete(&t, &rq));
  assert_int_equal(sim_fib_len(&t), 0);
  sim_fib_free(&t);
}

/* The fast paths of the future must agree with this: a naive scan on random data. */
static void test_random_against_naive(void **state) {
  (void)state;
  sim_fib t;
  sim_fib_init(&t);
  uint64_t s = 12345;
#define NEXT() (s = s * 6364136223846793005ULL + 1442695040888963407ULL, (uint32_t)(s >> 32))
  sim_route rs[200];
  int n = 0;
  for (int i = 0; i < 200; i++) {
    unsigned plen = NEXT() % 33;
    sim_route r = {.type = NSP_RTN_UNICAST, .plen = (uint8_t)plen, .oif = i + 1};
    r.dst = NEXT() & ipv4_prefix_mask(plen);
    if (sim_fib_insert(&t, &r, true) == 0) rs[n++] = r;
  }
  for (int k = 0; k < 20000; k++) {
    uint32_t a = NEXT();
    const sim_route *best = NULL;
    for (int i = 0; i < n; i++)
      if ((a & ipv4_prefix_mask(rs[i].plen)) == rs[i].dst && (!best || rs[i].plen > best->plen))
        best = &rs[i];
    const sim_route *got = sim_fib_lookup(&t, a, NULL);
    if (!best) {
      assert_null(got);
    } else {
      assert_non_null(got);
      assert_int_equal(got->plen, best->plen);
      assert_int_equal(got->dst, best->dst);
    }
  }
#undef NEXT
  sim_fib_free(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_longest_prefix_wins), cmocka_unit_test(test_no_default_no_route),
      cmocka_unit_test(test_exclusive_insert),    cmocka_unit_test(test_dump_order),
      cmocka_unit_test(test_oif_filter_backtracks), cmocka_unit_test(test_delete_matching),
      cmocka_unit_test(test_random_against_naive),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
