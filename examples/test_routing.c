/* Testing a routing configuration through libnspath, without root: build
 * the textbook's router world from the very lines a person would type, then
 * assert on what pings and route lookups find.  Built against the installed
 * library: cc test_routing.c $(pkg-config --cflags --libs nspath cmocka) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "core/scenario.h"
#include "proto/inet.h"
#include "sim/world.h"

static const char router_lines[] =
    "ip netns add ns1\n"
    "ip netns add router\n"
    "ip netns add ns2\n"
    "ip link add ns1-veth0 type veth peer name gw-veth0\n"
    "ip link add ns2-veth0 type veth peer name gw-veth1\n"
    "ip link set ns1-veth0 netns ns1\n"
    "ip link set gw-veth0 netns router\n"
    "ip link set gw-veth1 netns router\n"
    "ip link set ns2-veth0 netns ns2\n"
    "ip -n ns1 link set ns1-veth0 up\n"
    "ip -n router link set gw-veth0 up\n"
    "ip -n router link set gw-veth1 up\n"
    "ip -n ns2 link set ns2-veth0 up\n"
    "ip -n ns1 address add 192.0.2.1/24 dev ns1-veth0\n"
    "ip -n router address add 192.0.2.254/24 dev gw-veth0\n"
    "ip -n router address add 198.51.100.254/24 dev gw-veth1\n"
    "ip -n ns2 address add 198.51.100.1/24 dev ns2-veth0\n"
    "ip -n ns1 route add default via 192.0.2.254\n"
    "ip -n ns2 route add default via 198.51.100.254\n"
    "ip netns exec router sysctl -w net.ipv4.ip_forward=1\n";

static uint32_t ip(const char *s) {
  uint32_t a = 0;
  assert_true(ipv4_addr_pton(s, &a));
  return a;
}

static void run_lines(nsp_backend *be, const char *lines) {
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  nsp_scenario_run_text(be, "example", lines, strlen(lines), &r);
  assert_int_equal(r.unsupported, 0);
  nsp_scenario_result_clear(&r);
}

static int setup(void **state) {
  sim_world *w = sim_world_new(1);
  run_lines(sim_world_backend(w), router_lines);
  *state = w;
  return 0;
}

static int teardown(void **state) {
  sim_world_free(*state);
  return 0;
}

static nsp_probe_event ping(nsp_backend *be, const char *ns, const char *dst) {
  nsp_status st = {0};
  nsp_probe_cfg cfg = {.dst = ip(dst), .ttl = 64, .ident = 1};
  nsp_probe *p = be->ops->probe_open(be, ns, &cfg, &st);
  assert_non_null(p);
  assert_true(be->ops->probe_send(p, 1, 56, &st));
  nsp_probe_event ev;
  be->ops->probe_wait(p, be->ops->clock_now(be) + 2000000000ULL, &ev);
  be->ops->probe_close(p);
  return ev;
}

static void test_ns1_reaches_ns2_through_the_router(void **state) {
  nsp_backend *be = sim_world_backend(*state);
  nsp_probe_event ev = ping(be, "ns1", "198.51.100.1");
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.ttl, 63); /* one router on the way back */
}

static void test_forwarding_off_drops_silently(void **state) {
  nsp_backend *be = sim_world_backend(*state);
  run_lines(be, "ip netns exec router sysctl -w net.ipv4.ip_forward=0\n");
  assert_int_equal(ping(be, "ns1", "198.51.100.1").kind, NSP_PROBE_NONE);
}

static void test_missing_return_route(void **state) {
  nsp_backend *be = sim_world_backend(*state);
  run_lines(be, "ip -n ns2 route del default\n");
  assert_int_equal(ping(be, "ns1", "198.51.100.1").kind, NSP_PROBE_NONE);
}

/* The trace says where the echo request ended and why. */
static void test_trace_shows_where_it_was_dropped(void **state) {
  nsp_backend *be = sim_world_backend(*state);
  run_lines(be, "ip netns exec router sysctl -w net.ipv4.ip_forward=0\n");
  sim_world_trace_enable(*state, true);
  ping(be, "ns1", "198.51.100.1");
  size_t n;
  sim_trace_event *ev = sim_world_trace_take(*state, &n);
  assert_non_null(ev);
  const sim_trace_event *last = &ev[n - 1];
  assert_int_equal(last->kind, SIM_TRACE_DROP);
  assert_int_equal(last->reason, SIM_DROP_FORWARD_OFF);
  assert_string_equal(last->ns, "router");
  assert_string_equal(last->dev, "gw-veth0");
  assert_string_equal(last->counter, "IpInAddrErrors");
  g_free(ev);
}

static void test_route_lookup(void **state) {
  nsp_backend *be = sim_world_backend(*state);
  nsp_status st = {0};
  nsp_route_get g;
  nsp_route_get_req q = {.dst = ip("198.51.100.1")};
  assert_true(be->ops->route_get(be, "ns1", &q, &g, &st));
  assert_int_equal(g.gw, ip("192.0.2.254"));
  assert_int_equal(g.prefsrc, ip("192.0.2.1"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_ns1_reaches_ns2_through_the_router, setup, teardown),
      cmocka_unit_test_setup_teardown(test_forwarding_off_drops_silently, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_return_route, setup, teardown),
      cmocka_unit_test_setup_teardown(test_trace_shows_where_it_was_dropped, setup, teardown),
      cmocka_unit_test_setup_teardown(test_route_lookup, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
