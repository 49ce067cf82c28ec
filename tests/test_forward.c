/* Forwarding decisions (sim/ip.c, icmp.c): the ingress flag, TTL, errors
 * and their source addresses, quoting and TOS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/sim.h"
#include "tests/fixture.h"

#define S 1000000000ULL
#define LEFT "ns1-veth0--gw-veth0"
#define RIGHT "ns2-veth0--gw-veth1"

/* The textbook's router topology with default routes on both hosts. */
static fx_world *router(int forwarding) {
  fx_world *f = fx_new();
  fx_veth(f, "ns1", "ns1-veth0", "router", "gw-veth0");
  fx_veth(f, "ns2", "ns2-veth0", "router", "gw-veth1");
  fx_addr_up(f, "ns1", "ns1-veth0", "192.0.2.1/24");
  fx_addr_up(f, "router", "gw-veth0", "192.0.2.254/24");
  fx_addr_up(f, "router", "gw-veth1", "198.51.100.254/24");
  fx_addr_up(f, "ns2", "ns2-veth0", "198.51.100.1/24");
  fx_route(f, "ns1", "0.0.0.0/0", "192.0.2.254");
  fx_route(f, "ns2", "0.0.0.0/0", "198.51.100.254");
  fx_forwarding(f, "router", forwarding);
  return f;
}

static nsp_probe_event ping_once(fx_world *f, const char *dst, uint8_t ttl) {
  nsp_probe *p = fx_ping(f, "ns1", dst, ttl);
  nsp_probe_event ev;
  f->be->ops->probe_wait(p, fx_now(f) + 5 * S, &ev);
  f->be->ops->probe_close(p);
  return ev;
}

static const uint8_t *frame_ip(const fx_frame *fr, ipv4_hdr *h) {
  if (!fr || fr->len < ETHER_HDR_LEN + IPV4_HDR_LEN || inet_get16(fr->data + 12) != ETHER_TYPE_IPV4)
    return NULL;
  if (ipv4_hdr_parse(fr->data + ETHER_HDR_LEN, fr->len - ETHER_HDR_LEN, h) != PROTO_OK) return NULL;
  return fr->data + ETHER_HDR_LEN;
}

/* ip_forward=0: silent drop, counted as IpInAddrErrors on the router. */
static void test_forwarding_off_drops_silently(void **state) {
  (void)state;
  fx_world *f = router(0);
  nsp_probe_event ev = ping_once(f, "198.51.100.1", 64);
  assert_int_equal(ev.kind, NSP_PROBE_NONE);
  assert_int_equal(fx_count(f, RIGHT), 0);
  assert_int_equal(sim_world_netns_find(f->w, "router")->cnt.ip_in_addr_errors, 1);
  fx_free(f);
}

/* With forwarding off the router still answers for its far address. */
static void test_forwarding_off_far_address_answers(void **state) {
  (void)state;
  fx_world *f = router(0);
  nsp_probe_event ev = ping_once(f, "198.51.100.254", 64);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.from, fx_ip("198.51.100.254"));
  assert_int_equal(ev.ttl, 64);
  fx_free(f);
}

static void test_forwarding_on_decrements_ttl(void **state) {
  (void)state;
  fx_world *f = router(1);
  nsp_probe_event ev = ping_once(f, "198.51.100.1", 64);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.ttl, 63);
  ipv4_hdr in, out;
  /* left: who-has, is-at, echo; right: who-has, is-at, echo */
  assert_non_null(frame_ip(fx_nth(f, LEFT, 2), &in));
  assert_non_null(frame_ip(fx_nth(f, RIGHT, 2), &out));
  assert_int_equal(in.ttl, 64);
  assert_int_equal(out.ttl, 63);
  assert_int_equal(in.id, out.id);   /* ID and DF are kept */
  assert_int_equal(in.frag, out.frag);
  assert_true(in.frag & IPV4_FLAG_DF);
  fx_free(f);
}

/* The forwarding flag of the ingress interface decides. */
static void test_ingress_flag_decides(void **state) {
  (void)state;
  fx_world *f = router(0);
  nsp_status st = {0};
  f->be->ops->sysctl_set(f->be, "router", "net.ipv4.conf.gw-veth1.forwarding", "1", &st);
  assert_int_equal(ping_once(f, "198.51.100.1", 64).kind, NSP_PROBE_NONE);
  f->be->ops->sysctl_set(f->be, "router", "net.ipv4.conf.gw-veth0.forwarding", "1", &st);
  f->be->ops->sysctl_set(f->be, "router", "net.ipv4.conf.gw-veth1.forwarding", "0", &st);
  /* requests cross; replies come in on gw-veth1, which does not forward */
  nsp_probe_event ev = ping_once(f, "198.51.100.1", 64);
  assert_int_equal(ev.kind, NSP_PROBE_NONE);
  assert_true(fx_count(f, RIGHT) > 0);
  fx_free(f);
}

/* The router's cached input routes (sim/rtcache.c) go stale with every
 * change: a sysctl that stops forwarding, then a route that sends the flow
 * to a gateway nobody answers for; each is seen by the very next packet. */
static void test_route_cache_follows_changes(void **state) {
  (void)state;
  fx_world *f = router(1);
  assert_int_equal(ping_once(f, "198.51.100.1", 64).kind, NSP_PROBE_REPLY);
  assert_int_equal(ping_once(f, "198.51.100.1", 64).kind, NSP_PROBE_REPLY); /* from the cache */
  nsp_status st = {0};
  f->be->ops->sysctl_set(f->be, "router", "net.ipv4.conf.gw-veth0.forwarding", "0", &st);
  assert_int_equal(ping_once(f, "198.51.100.1", 64).kind, NSP_PROBE_NONE);
  f->be->ops->sysctl_set(f->be, "router", "net.ipv4.conf.gw-veth0.forwarding", "1", &st);
  assert_int_equal(ping_once(f, "198.51.100.1", 64).kind, NSP_PROBE_REPLY);
  unsigned right = fx_count(f, RIGHT);
  fx_route(f, "router", "198.51.100.1/32", "198.51.100.77");
  /* nobody answers for the gateway: Host Unreachable from the router */
  nsp_probe_event ev = ping_once(f, "198.51.100.1", 64);
  assert_int_equal(ev.kind, NSP_PROBE_ERROR);
  assert_int_equal(ev.icmp_code, ICMP_HOST_UNREACH);
  /* what crossed was the router asking for 198.51.100.77, never the echo */
  for (unsigned i = right; i < fx_count(f, RIGHT); i++)
    assert_int_equal(inet_get16(fx_nth(f, RIGHT, i)->data + 12), ETHER_TYPE_ARP);
  fx_free(f);
}

/* TTL 1: Time Exceeded from the router's address toward the sender, TOS
 * 0xc0, TTL 64, no DF, quoting the whole 84-byte packet. */
static void test_ttl_expiry(void **state) {
  (void)state;
  fx_world *f = router(1);
  nsp_probe_event ev = ping_once(f, "198.51.100.1", 1);
  assert_int_equal(ev.kind, NSP_PROBE_ERROR);
  assert_int_equal(ev.icmp_type, ICMP_TIME_EXCEEDED);
  assert_int_equal(ev.from, fx_ip("192.0.2.254"));
  assert_int_equal(fx_count(f, RIGHT), 0);
  ipv4_hdr h;
  const uint8_t *ip = frame_ip(fx_nth(f, LEFT, 3), &h);
  assert_non_null(ip);
  assert_int_equal(h.tos, 0xc0);
  assert_int_equal(h.ttl, 64);
  assert_int_equal(h.frag & IPV4_FLAG_DF, 0);
  assert_int_equal(h.tot_len, 20 + 8 + 84);
  assert_int_equal(ip[20], ICMP_TIME_EXCEEDED);
  assert_int_equal(ip[28 + 8], 1); /* the quoted TTL is the one that arrived */
  fx_free(f);
}

/* No route with forwarding on: Net Unreachable, from the router. */
static void test_net_unreachable(void **state) {
  (void)state;
  fx_world *f = router(1);
  nsp_probe_event ev = ping_once(f, "203.0.113.9", 64);
  assert_int_equal(ev.kind, NSP_PROBE_ERROR);
  assert_int_equal(ev.icmp_type, ICMP_DEST_UNREACH);
  assert_int_equal(ev.icmp_code, ICMP_NET_UNREACH);
  assert_int_equal(ev.from, fx_ip("192.0.2.254"));
  fx_free(f);
}

/* A 1000-byte ping quoted in an error is cut so that the error is 576 bytes. */
static void test_quote_limit(void **state) {
  (void)state;
  fx_world *f = router(1);
  nsp_status st = {0};
  nsp_probe_cfg cfg = {.dst = fx_ip("198.51.100.1"), .ttl = 1, .ident = 7};
  nsp_probe *p = f->be->ops->probe_open(f->be, "ns1", &cfg, &st);
  f->be->ops->probe_send(p, 1, 1000, &st);
  nsp_probe_event ev;
  f->be->ops->probe_wait(p, fx_now(f) + S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_ERROR);
  ipv4_hdr h;
  assert_non_null(frame_ip(fx_nth(f, LEFT, 3), &h));
  assert_int_equal(h.tot_len, 576);
  f->be->ops->probe_close(p);
  fx_free(f);
}

/* Time Exceeded is limited per destination: a burst of 6, then 1 a second. */
static void test_time_exceeded_rate_limit(void **state) {
  (void)state;
  fx_world *f = router(1);
  nsp_status st = {0};
  nsp_probe_cfg cfg = {.dst = fx_ip("198.51.100.1"), .ttl = 1, .ident = 9};
  nsp_probe *p = f->be->ops->probe_open(f->be, "ns1", &cfg, &st);
  unsigned errors = 0;
  for (uint16_t seq = 1; seq <= 10; seq++) {
    f->be->ops->probe_send(p, seq, 56, &st);
    uint64_t until = fx_now(f) + S / 5;
    nsp_probe_event ev;
    for (f->be->ops->probe_wait(p, until, &ev); ev.kind != NSP_PROBE_NONE;
         f->be->ops->probe_wait(p, until, &ev))
      errors++;
  }
  /* 10 probes in 2 s: 6 from the burst, 1 or 2 refilled */
  assert_true(errors >= 7 && errors <= 8);
  f->be->ops->probe_close(p);
  fx_free(f);
}

/* A 2000-byte ping leaves in two fragments without DF (1500 + 548 bytes),
 * crosses the router as fragments and comes back whole: 2008 ICMP bytes. */
static void test_fragmented_ping(void **state) {
  (void)state;
  fx_world *f = router(1);
  nsp_status st = {0};
  nsp_probe_cfg cfg = {.dst = fx_ip("198.51.100.1"), .ttl = 64, .ident = 11};
  nsp_probe *p = f->be->ops->probe_open(f->be, "ns1", &cfg, &st);
  f->be->ops->probe_send(p, 1, 2000, &st);
  nsp_probe_event ev;
  f->be->ops->probe_wait(p, fx_now(f) + S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.len, 2008);
  ipv4_hdr a, b;
  assert_non_null(frame_ip(fx_nth(f, LEFT, 2), &a));
  assert_non_null(frame_ip(fx_nth(f, LEFT, 3), &b));
  assert_int_equal(a.tot_len, 1500);
  assert_int_equal(a.frag, IPV4_FLAG_MF);
  assert_int_equal(b.tot_len, 548);
  assert_int_equal(b.frag, 1480 / 8);
  assert_int_equal(a.id, b.id);
  f->be->ops->probe_close(p);
  fx_free(f);
}

/* A packet from 127.0.0.1 arriving on a veth is a martian source
 * (ip_route_input_slow()): dropped with its reason, nothing sent back --
 * an ICMP error toward 127.x once went out of lo and crashed the model
 * (found by tests/fuzz/fuzz_wire). */
static void test_loopback_source_is_martian(void **state) {
  (void)state;
  fx_world *f = router(1);
  sim_netns *r = sim_world_netns_find(f->w, "router");
  sim_iface *gw = sim_netns_iface_by_name(r, "gw-veth0");
  uint8_t fr[ETHER_HDR_LEN + IPV4_HDR_LEN + ICMP_HDR_LEN] = {0};
  ether_hdr eh = {.dst = gw->mac, .src = gw->peer->mac, .type = ETHER_TYPE_IPV4};
  ether_hdr_emit(&eh, fr, sizeof fr);
  ipv4_hdr h = {.tot_len = IPV4_HDR_LEN + ICMP_HDR_LEN, .ttl = 9, .proto = 0xff,
                .saddr = fx_ip("127.255.255.255"), .daddr = fx_ip("198.51.100.99")};
  ipv4_hdr_emit(&h, fr + ETHER_HDR_LEN, sizeof fr - ETHER_HDR_LEN);
  unsigned before = fx_count(f, LEFT) + fx_count(f, RIGHT);
  sim_ether_input(gw, fr, sizeof fr);
  fx_run(f, 5 * S);
  assert_int_equal(r->cnt.drops[SIM_DROP_MARTIAN], 1);
  assert_int_equal(r->cnt.ip_forw_datagrams, 0);
  assert_int_equal(fx_count(f, LEFT) + fx_count(f, RIGHT), before);
  fx_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_forwarding_off_drops_silently),
      cmocka_unit_test(test_loopback_source_is_martian),
      cmocka_unit_test(test_forwarding_off_far_address_answers),
      cmocka_unit_test(test_forwarding_on_decrements_ttl),
      cmocka_unit_test(test_ingress_flag_decides),
      cmocka_unit_test(test_route_cache_follows_changes),
      cmocka_unit_test(test_ttl_expiry),
      cmocka_unit_test(test_net_unreachable),
      cmocka_unit_test(test_quote_limit),
      cmocka_unit_test(test_time_exceeded_rate_limit),
      cmocka_unit_test(test_fragmented_ping),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
