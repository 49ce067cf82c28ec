/* ICMP redirects and next-hop exceptions (sim/redirect.c, sim/fnhe.c):
 * the conf keys' combining rules, an exception's life on the virtual clock
 * and after `ip route flush cache`, the sender's backoff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/backend_priv.h"
#include "sim/redirect.h"
#include "tests/fixture.h"

#define S 1000000000ULL
#define MS 1000000ULL

static sim_iface *iface(fx_world *f, const char *ns, const char *dev) {
  return sim_netns_iface_by_index(sim_be_ns(f->be, ns), fx_index(f, ns, dev));
}

/* h's h0 and r's r0 on one link; h's default is r (10.0.0.254) */
static fx_world *host_router(void) {
  fx_world *f = fx_new();
  fx_veth(f, "h", "h0", "r", "r0");
  fx_addr_up(f, "h", "h0", "10.0.0.1/24");
  fx_addr_up(f, "r", "r0", "10.0.0.254/24");
  fx_route(f, "h", "0.0.0.0/0", "10.0.0.254");
  return f;
}

/* IN_DEV_RX_REDIRECTS(): a host takes them when all or the device does, a
 * forwarding device only when both do; IN_DEV_TX_REDIRECTS() ors */
static void test_combining_rules(void **state) {
  (void)state;
  fx_world *f = host_router();
  sim_iface *h0 = iface(f, "h", "h0");
  sim_netns *ns = h0->ns;
  assert_true(sim_redirect_rx_enabled(h0)); /* 1 and 1 by default */
  ns->all_accept_redirects = 0;
  assert_true(sim_redirect_rx_enabled(h0));
  h0->accept_redirects = 0;
  assert_false(sim_redirect_rx_enabled(h0));
  ns->all_accept_redirects = 1;
  assert_true(sim_redirect_rx_enabled(h0));
  fx_forwarding(f, "h", 1);
  /* inet_forward_change(): turning ip_forward on sets all's accept_redirects
   * to 0, so a router takes none whatever its devices say */
  assert_int_equal(ns->all_accept_redirects, 0);
  h0->accept_redirects = 1;
  assert_false(sim_redirect_rx_enabled(h0)); /* forwarding: all AND device */
  ns->all_accept_redirects = 1;
  assert_true(sim_redirect_rx_enabled(h0));
  h0->accept_redirects = 0;
  assert_false(sim_redirect_rx_enabled(h0));
  h0->accept_redirects = 1;
  fx_forwarding(f, "h", 0);
  assert_int_equal(ns->all_accept_redirects, 1); /* and back to 1 when it goes off */
  ns->all_send_redirects = 0;
  assert_true(sim_redirect_tx_enabled(h0));
  h0->send_redirects = 0;
  assert_false(sim_redirect_tx_enabled(h0));
  fx_free(f);
}

static void route_to(sim_netns *ns, sim_rt_result *res) {
  assert_true(sim_ip_route_output(ns, fx_ip("10.9.0.1"), 0, NULL, res));
}

/* update_or_create_fnhe() with ip_rt_gc_timeout: the redirected gateway
 * until 300 s have passed, then the route's own (and no longer listed) */
static void test_exception_expires(void **state) {
  (void)state;
  fx_world *f = host_router();
  sim_iface *h0 = iface(f, "h", "h0");
  sim_netns *ns = h0->ns;
  sim_rt_result res;
  sim_fnhe_update(ns, h0->ifindex, fx_ip("10.0.0.254"), fx_ip("10.9.0.1"), fx_ip("10.0.0.253"),
                  ns->w->now + SIM_FNHE_TIMEOUT_NS);
  route_to(ns, &res);
  assert_int_equal(res.nexthop, fx_ip("10.0.0.253"));
  assert_true(res.flags & NSP_RTCF_REDIRECTED);
  size_t n;
  nsp_route_get *g = sim_fnhe_list(ns, &n);
  assert_int_equal(n, 1);
  assert_int_equal(g[0].gw, fx_ip("10.0.0.253"));
  assert_int_equal(g[0].expires, 30000); /* USER_HZ ticks: `expires 300sec` */
  g_free(g);
  fx_run(f, 1500 * MS);
  g = sim_fnhe_list(ns, &n);
  assert_int_equal(g[0].expires / 100, 298); /* iproute2 rounds down */
  g_free(g);
  fx_run(f, 297 * S);
  route_to(ns, &res);
  assert_int_equal(res.nexthop, fx_ip("10.0.0.253"));
  fx_run(f, 2 * S);
  g = sim_fnhe_list(ns, &n);
  assert_int_equal(n, 0);
  g_free(g);
  route_to(ns, &res);
  assert_int_equal(res.nexthop, fx_ip("10.0.0.254"));
  assert_false(res.flags & NSP_RTCF_REDIRECTED);
  assert_null(sim_fnhe_find(ns, h0->ifindex, fx_ip("10.0.0.254"), fx_ip("10.9.0.1")));
  /* another destination never had one */
  assert_true(sim_ip_route_output(ns, fx_ip("10.9.0.2"), 0, NULL, &res));
  assert_int_equal(res.nexthop, fx_ip("10.0.0.254"));
  fx_free(f);
}

/* rt_cache_flush(): stale at once (not listed), reset by the next lookup
 * to the plain route without an expiry, which is listed again */
static void test_flush_cache(void **state) {
  (void)state;
  fx_world *f = host_router();
  sim_iface *h0 = iface(f, "h", "h0");
  sim_netns *ns = h0->ns;
  sim_rt_result res;
  sim_fnhe_update(ns, h0->ifindex, fx_ip("10.0.0.254"), fx_ip("10.9.0.1"), fx_ip("10.0.0.253"),
                  ns->w->now + SIM_FNHE_TIMEOUT_NS);
  route_to(ns, &res);
  sim_fnhe_flush_cache(ns);
  size_t n;
  nsp_route_get *g = sim_fnhe_list(ns, &n);
  assert_int_equal(n, 0);
  g_free(g);
  route_to(ns, &res);
  assert_int_equal(res.nexthop, fx_ip("10.0.0.254"));
  assert_int_equal(res.expires, 0);
  g = sim_fnhe_list(ns, &n);
  assert_int_equal(n, 1);
  assert_int_equal(g[0].gw, fx_ip("10.0.0.254"));
  assert_int_equal(g[0].flags & NSP_RTCF_REDIRECTED, 0);
  assert_int_equal(g[0].expires, 0);
  g_free(g);
  fx_free(f);
}

static unsigned redirects_on_link(fx_world *f) {
  unsigned n = 0;
  for (unsigned i = 0; i < fx_count(f, "h0--r0"); i++) {
    const fx_frame *fr = fx_nth(f, "h0--r0", i);
    if (fr->len > 14 + 20 && fr->data[12] == 0x08 && fr->data[13] == 0 && fr->data[14 + 9] == 1 &&
        fr->data[14 + 20] == 5)
      n++;
  }
  return n;
}

/* ip_rt_send_redirect(): 20 ms << n between two, at most 9, then none
 * until 20.48 s of silence */
static void test_send_backoff(void **state) {
  (void)state;
  fx_world *f = host_router();
  sim_iface *r0 = iface(f, "r", "r0");
  uint8_t pkt[IPV4_HDR_LEN + 8] = {0};
  ipv4_hdr h = {.ihl = IPV4_HDR_LEN, .tot_len = sizeof pkt, .ttl = 63, .proto = 1,
                .saddr = fx_ip("10.0.0.1"), .daddr = fx_ip("10.9.0.1")};
  ipv4_hdr_emit(&h, pkt, IPV4_HDR_LEN);
  sim_rt_result res = {.dev = r0, .nexthop = fx_ip("10.0.0.253"), .gateway = true};
  /* every 10 ms for 12 s: sent at 0, 50, 100 (> 80 after 20), ... */
  unsigned sent_at[16], k = 0;
  for (unsigned t = 0; t < 12000; t += 10) {
    unsigned before = redirects_on_link(f);
    sim_redirect_send(r0, &res, pkt, sizeof pkt);
    fx_run(f, 10 * MS);
    if (redirects_on_link(f) > before && k < 16) sent_at[k++] = t;
  }
  assert_int_equal(k, 9);
  for (unsigned i = 1; i < k; i++) /* each gap more than 20 ms << i */
    assert_true(sent_at[i] - sent_at[i - 1] > (20u << i) && sent_at[i] - sent_at[i - 1] <= (20u << i) + 10);
  /* 21 s of silence: the count starts over */
  fx_run(f, 21 * S);
  unsigned before = redirects_on_link(f);
  sim_redirect_send(r0, &res, pkt, sizeof pkt);
  fx_run(f, 10 * MS);
  assert_int_equal(redirects_on_link(f), before + 1);
  fx_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_combining_rules),
      cmocka_unit_test(test_exception_expires),
      cmocka_unit_test(test_flush_cache),
      cmocka_unit_test(test_send_backoff),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
