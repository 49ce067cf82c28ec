/* The backend contract: one source, built once per backend (-DNSP_BACKEND_REAL
 * for the kernel).  Each test builds a small world through the operations
 * and checks what the kernel does; the real variant skips where namespaces
 * cannot be made. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>


#include "tests/contract_util.h"

/* One echo request; the first event within `wait`. */
static nsp_probe_event ping1(nsp_backend *be, const char *ns, const char *dst, uint8_t ttl,
                             uint64_t wait) {
  nsp_status st = {0};
  nsp_probe_cfg cfg = {.dst = ip(dst), .ttl = ttl, .ident = 0x4242};
  nsp_probe *p = be->ops->probe_open(be, ns, &cfg, &st);
  assert_non_null(p);
  assert_true(be->ops->probe_send(p, 1, 56, &st));
  nsp_probe_event ev;
  be->ops->probe_wait(p, be->ops->clock_now(be) + wait, &ev);
  be->ops->probe_close(p);
  return ev;
}

static void test_netns_lifecycle(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  assert_true(be->ops->netns_add(be, "c-a", &st));
  assert_false(be->ops->netns_add(be, "c-a", &st));
  assert_int_equal(st.err, EEXIST);
  assert_true(be->ops->netns_add(be, "c-b", &st));
  char **names = be->ops->netns_list(be);
  assert_string_equal(names[0], "c-b"); /* newest first */
  assert_string_equal(names[1], "c-a");
  assert_null(names[2]);
  g_strfreev(names);
  assert_true(be->ops->netns_del(be, "c-a", &st));
  assert_false(be->ops->netns_del(be, "c-a", &st));
  assert_int_equal(st.err, ENOENT);
}

/* A new namespace: lo down, ip_forward 0. */
static void test_netns_birth(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  char v[16];
  assert_true(be->ops->netns_add(be, "c-a", &st));
  size_t n;
  nsp_link *l = be->ops->link_list(be, "c-a", &n);
  assert_int_equal(n, 1);
  assert_string_equal(l[0].name, "lo");
  assert_false(l[0].flags & NSP_IFF_UP);
  g_free(l);
  assert_true(be->ops->sysctl_get(be, "c-a", "net.ipv4.ip_forward", v, sizeof v, &st));
  assert_string_equal(v, "0");
}

static void test_veth_carrier(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  veth(be, "c-a", "c-a0", "c-b", "c-b0");
  addr_up(be, "c-a", "c-a0", "192.0.2.1", 24);
  size_t n;
  nsp_link *l = be->ops->link_list(be, "c-a", &n);
  assert_int_equal(n, 2);
  assert_true(l[1].flags & NSP_IFF_UP);
  assert_false(l[1].carrier); /* peer down */
  assert_true(l[1].peer_nsid >= 0);
  assert_string_equal(l[1].peer_ns, "c-b");
  g_free(l);
  assert_true(be->ops->link_set_up(be, "c-b", ifindex(be, "c-b", "c-b0"), true, &st));
  l = be->ops->link_list(be, "c-a", &n);
  assert_true(l[1].carrier);
  assert_true(l[1].flags & NSP_IFF_LOWER_UP);
  g_free(l);
}

static void test_address_and_route_errors(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  veth(be, "c-a", "c-a0", "c-b", "c-b0");
  addr_up(be, "c-a", "c-a0", "192.0.2.1", 24);
  nsp_addr x = {.ifindex = ifindex(be, "c-a", "c-a0"), .local = ip("192.0.2.1"), .plen = 24};
  assert_false(be->ops->addr_add(be, "c-a", &x, &st));
  assert_int_equal(st.err, EEXIST);
  assert_string_equal(st.extack, "ipv4: Address already assigned");
  nsp_route_req rq = {.r = {.table = NSP_RT_TABLE_MAIN, .type = NSP_RTN_UNICAST,
                            .protocol = NSP_RTPROT_BOOT, .dst = ip("10.0.0.0"), .plen = 8,
                            .gw = ip("203.0.113.1")}, .has_type = true, .has_protocol = true};
  assert_false(be->ops->route_add(be, "c-a", &rq, &st));
  assert_int_equal(st.err, ENETUNREACH);
  assert_string_equal(st.extack, "Nexthop has invalid gateway");
  rq.r.gw = ip("192.0.2.254");
  assert_true(be->ops->route_add(be, "c-a", &rq, &st));
  assert_false(be->ops->route_add(be, "c-a", &rq, &st));
  assert_int_equal(st.err, EEXIST);
  nsp_route_get g;
  nsp_route_get_req q = {.dst = ip("10.1.2.3")};
  assert_true(be->ops->route_get(be, "c-a", &q, &g, &st));
  assert_int_equal(g.gw, ip("192.0.2.254"));
  assert_true(g.has_prefsrc);
  assert_int_equal(g.prefsrc, ip("192.0.2.1"));
  q.dst = ip("203.0.113.9");
  assert_false(be->ops->route_get(be, "c-a", &q, &g, &st));
  assert_int_equal(st.err, ENETUNREACH);
  nsp_route_req del = {.r = {.table = NSP_RT_TABLE_MAIN, .dst = ip("10.0.0.0"), .plen = 8,
                             .scope = NSP_SCOPE_NOWHERE}, .has_scope = true};
  assert_true(be->ops->route_del(be, "c-a", &del, &st));
  assert_false(be->ops->route_del(be, "c-a", &del, &st));
  assert_int_equal(st.err, ESRCH);
}

/* Policy routing: a route in table 10 found through a rule on the source,
 * a blackhole route's error, the rule listed, deleted, and gone. */
static void test_policy_routing(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  veth(be, "c-a", "c-a0", "c-b", "c-b0");
  addr_up(be, "c-a", "c-a0", "192.0.2.1", 24);
  nsp_route_req rq = {.r = {.table = 10, .type = NSP_RTN_UNICAST, .protocol = NSP_RTPROT_BOOT,
                            .dst = ip("10.0.0.0"), .plen = 8, .gw = ip("192.0.2.254")},
                      .has_type = true, .has_protocol = true};
  assert_true(be->ops->route_add(be, "c-a", &rq, &st));
  nsp_route_req bh = {.r = {.table = NSP_RT_TABLE_MAIN, .type = NSP_RTN_BLACKHOLE,
                            .protocol = NSP_RTPROT_BOOT, .dst = ip("10.0.0.0"), .plen = 8},
                      .has_type = true, .has_protocol = true};
  assert_true(be->ops->route_add(be, "c-a", &bh, &st));
  nsp_route_get_req q = {.dst = ip("10.1.2.3")};
  nsp_route_get g;
  assert_false(be->ops->route_get(be, "c-a", &q, &g, &st));
  assert_int_equal(st.err, EINVAL); /* the blackhole in main */
  nsp_rule r = {.action = NSP_FR_ACT_TO_TBL, .table = 10, .has_src = true, .src = ip("192.0.2.1"),
                .src_len = 32, .has_pref = true, .pref = 100};
  assert_true(be->ops->rule_add(be, "c-a", &r, &st));
  assert_false(be->ops->rule_add(be, "c-a", &r, &st));
  assert_int_equal(st.err, EEXIST);
  q.src = ip("192.0.2.1");
  assert_true(be->ops->route_get(be, "c-a", &q, &g, &st));
  assert_int_equal(g.table, 10);
  assert_int_equal(g.gw, ip("192.0.2.254"));
  size_t n;
  nsp_rule *rs = be->ops->rule_list(be, "c-a", &n);
  assert_int_equal(n, 4);
  assert_int_equal(rs[1].pref, 100);
  assert_int_equal(rs[1].table, 10);
  assert_int_equal(rs[1].src_len, 32);
  g_free(rs);
  nsp_route *routes = be->ops->route_list(be, "c-a", 10, &n, &st);
  assert_int_equal(n, 1);
  assert_int_equal(routes[0].table, 10);
  g_free(routes);
  assert_null(be->ops->route_list(be, "c-a", 11, &n, &st));
  assert_int_equal(st.err, ENOENT);
  assert_true(be->ops->rule_del(be, "c-a", &r, &st));
  assert_false(be->ops->rule_del(be, "c-a", &r, &st));
  assert_int_equal(st.err, ENOENT);
  assert_false(be->ops->route_get(be, "c-a", &q, &g, &st));
  assert_int_equal(st.err, EINVAL);
}

static void test_ping_same_segment(void **state) {
  nsp_backend *be = *state;
  veth(be, "c-a", "c-a0", "c-b", "c-b0");
  addr_up(be, "c-a", "c-a0", "192.0.2.1", 24);
  addr_up(be, "c-b", "c-b0", "192.0.2.2", 24);
  nsp_probe_event ev = ping1(be, "c-a", "192.0.2.2", 64, REPLY_WAIT);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.from, ip("192.0.2.2"));
  assert_int_equal(ev.ttl, 64);
  assert_int_equal(ev.seq, 1);
  size_t n;
  nsp_neigh *ng = be->ops->neigh_list(be, "c-b", false, &n);
  assert_int_equal(n, 1); /* learnt from the request, then used: DELAY */
  assert_int_equal(ng[0].state, NSP_NUD_DELAY);
  g_free(ng);
}

static void test_router_forwarding_and_ttl(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  router(be);
  nsp_probe_event ev = ping1(be, "c-ns1", "198.51.100.1", 64, REPLY_WAIT);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.ttl, 63);
  ev = ping1(be, "c-ns1", "198.51.100.1", 1, REPLY_WAIT);
  assert_int_equal(ev.kind, NSP_PROBE_ERROR);
  assert_int_equal(ev.icmp_type, 11);
  assert_int_equal(ev.from, ip("192.0.2.254"));
  assert_true(be->ops->sysctl_set(be, "c-rt", "net.ipv4.ip_forward", "0", &st));
  ev = ping1(be, "c-ns1", "198.51.100.1", 64, S / 2);
  assert_int_equal(ev.kind, NSP_PROBE_NONE);
  /* the router's far address still answers (weak host) */
  ev = ping1(be, "c-ns1", "198.51.100.254", 64, REPLY_WAIT);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
}

/* Two pings of one scenario, as two iputils processes: each has its own
 * identifier (random_u16), so a reply to the first (here still in flight
 * while the second listens, as when an unresolved neighbour held the
 * first's requests) never reaches the second. */
static void test_probe_idents_apart(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  veth(be, "c-a", "c-a0", "c-b", "c-b0");
  addr_up(be, "c-a", "c-a0", "192.0.2.1", 24);
  addr_up(be, "c-b", "c-b0", "192.0.2.2", 24);
  nsp_probe_cfg first = {.dst = ip("192.0.2.2"), .ttl = 64, .ident = be->ops->random_u16(be)};
  nsp_probe_cfg second = first;
  second.ident = be->ops->random_u16(be);
  assert_int_not_equal(first.ident, second.ident);
  nsp_probe *p1 = be->ops->probe_open(be, "c-a", &first, &st);
  nsp_probe *p2 = be->ops->probe_open(be, "c-a", &second, &st);
  assert_non_null(p1);
  assert_non_null(p2);
  assert_true(be->ops->probe_send(p1, 2, 56, &st));
  nsp_probe_event ev;
  be->ops->probe_wait(p1, be->ops->clock_now(be) + REPLY_WAIT, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.seq, 2);
  be->ops->probe_wait(p2, be->ops->clock_now(be), &ev);
  assert_int_equal(ev.kind, NSP_PROBE_NONE);
  be->ops->probe_close(p1);
  be->ops->probe_close(p2);
}

static void test_probe_errors(void **state) {
  nsp_backend *be = *state;
  nsp_status st = {0};
  veth(be, "c-a", "c-a0", "c-b", "c-b0");
  addr_up(be, "c-a", "c-a0", "192.0.2.1", 24);
  nsp_probe_cfg cfg = {.dst = ip("203.0.113.1"), .ttl = 64, .ident = 1};
  nsp_probe *p = be->ops->probe_open(be, "c-a", &cfg, &st);
  uint32_t src;
  assert_false(be->ops->probe_connect(p, &src, &st));
  assert_int_equal(st.err, ENETUNREACH);
  be->ops->probe_close(p);
  cfg.src = ip("10.9.9.9");
  assert_null(be->ops->probe_open(be, "c-a", &cfg, &st));
  assert_int_equal(st.err, EADDRNOTAVAIL);
  cfg.src = 0;
  g_strlcpy(cfg.dev, "nosuch", sizeof cfg.dev);
  assert_null(be->ops->probe_open(be, "c-a", &cfg, &st));
  assert_int_equal(st.err, ENODEV);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_netns_lifecycle, setup, teardown),
      cmocka_unit_test_setup_teardown(test_netns_birth, setup, teardown),
      cmocka_unit_test_setup_teardown(test_veth_carrier, setup, teardown),
      cmocka_unit_test_setup_teardown(test_address_and_route_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_policy_routing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ping_same_segment, setup, teardown),
      cmocka_unit_test_setup_teardown(test_router_forwarding_and_ttl, setup, teardown),
      cmocka_unit_test_setup_teardown(test_probe_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_probe_idents_apart, setup, teardown),
  };
#ifdef NSP_BACKEND_REAL
  nsp_backend *probe = contract_backend_new();
  if (!probe) {
    print_message("no private network namespace can be made here: skipping the real backend\n");
    return 0;
  }
  probe->ops->destroy(probe);
#endif
  return cmocka_run_group_tests(tests, NULL, NULL);
}
