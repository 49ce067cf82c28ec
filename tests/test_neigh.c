/* The ARP state machine against the kernel's timings (sim/neigh.c, arp.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/inet.h"
#include "tests/fixture.h"

#define S 1000000000ULL
#define LINK "a0--b0"

static fx_world *two_hosts(bool b_has_addr) {
  fx_world *f = fx_new();
  fx_veth(f, "a", "a0", "b", "b0");
  fx_addr_up(f, "a", "a0", "192.0.2.1/24");
  fx_addr_up(f, "b", "b0", b_has_addr ? "192.0.2.2/24" : "10.9.9.9/8");
  return f;
}

static bool frame_arp(const fx_frame *fr, uint16_t op, bool bcast, arp_pkt *out) {
  ether_hdr h;
  if (ether_hdr_parse(fr->data, fr->len, &h) != PROTO_OK || h.type != ETHER_TYPE_ARP) return false;
  if (arp_pkt_parse(fr->data + ETHER_HDR_LEN, fr->len - ETHER_HDR_LEN, out) != PROTO_OK) return false;
  return out->op == op && ether_addr_eq(&h.dst, &ETHER_ADDR_BROADCAST) == bcast;
}

static unsigned neigh_state(fx_world *f, const char *ns, const char *addr) {
  size_t n;
  unsigned st = 0;
  nsp_neigh *v = f->be->ops->neigh_list(f->be, ns, false, &n);
  for (size_t i = 0; i < n; i++)
    if (v[i].ip == fx_ip(addr)) st = v[i].state;
  g_free(v);
  return st;
}

/* 3 broadcast requests 1 s apart, then FAILED at 3 s (mcast_probes 3, retrans 1 s). */
static void test_unanswered_three_broadcasts(void **state) {
  (void)state;
  fx_world *f = two_hosts(true);
  nsp_probe *p = fx_ping(f, "a", "192.0.2.77", 64);
  uint64_t t0 = fx_now(f);
  assert_int_equal(neigh_state(f, "a", "192.0.2.77"), NSP_NUD_INCOMPLETE);
  fx_run(f, 10 * S);
  assert_int_equal(fx_count(f, LINK), 3);
  for (unsigned i = 0; i < 3; i++) {
    arp_pkt a;
    const fx_frame *fr = fx_nth(f, LINK, i);
    assert_true(frame_arp(fr, ARP_OP_REQUEST, true, &a));
    assert_int_equal(a.tpa, fx_ip("192.0.2.77"));
    assert_int_equal(a.spa, fx_ip("192.0.2.1"));
    /* 1 s apart, each up to one timer-wheel granule (32 ms) late */
    assert_true(fr->at - t0 >= i * S && fr->at - t0 <= i * (S + 32000000ULL));
  }
  assert_int_equal(neigh_state(f, "a", "192.0.2.77"), NSP_NUD_FAILED);
  f->be->ops->probe_close(p);
  fx_free(f);
}

/* With lo up the queued packet comes back as Host Unreachable from our own address. */
static void test_failure_reports_host_unreachable(void **state) {
  (void)state;
  fx_world *f = two_hosts(true);
  nsp_status st;
  f->be->ops->link_set_up(f->be, "a", 1, true, &st);
  nsp_probe *p = fx_ping(f, "a", "192.0.2.77", 64);
  nsp_probe_event ev;
  f->be->ops->probe_wait(p, fx_now(f) + 10 * S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_ERROR);
  assert_int_equal(ev.icmp_type, 3);
  assert_int_equal(ev.icmp_code, 1);
  assert_int_equal(ev.from, fx_ip("192.0.2.1"));
  assert_int_equal(ev.seq, 1);
  f->be->ops->probe_close(p);
  fx_free(f);
}

/* The answering side learns the requester (STALE); using it makes DELAY, and
 * 5 s later an unconfirmed entry probes with unicast requests. */
static void test_stale_delay_probe(void **state) {
  (void)state;
  fx_world *f = two_hosts(true);
  nsp_probe *p = fx_ping(f, "a", "192.0.2.2", 64);
  nsp_probe_event ev;
  f->be->ops->probe_wait(p, fx_now(f) + S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  uint64_t t_reply = fx_now(f);
  assert_int_equal(neigh_state(f, "b", "192.0.2.1"), NSP_NUD_DELAY);
  assert_int_equal(neigh_state(f, "a", "192.0.2.2"), NSP_NUD_REACHABLE);
  assert_int_equal(fx_count(f, LINK), 4); /* who-has, is-at, echo, reply */
  fx_run(f, 6 * S);
  assert_int_equal(fx_count(f, LINK), 6);
  arp_pkt a;
  const fx_frame *probe = fx_nth(f, LINK, 4);
  assert_true(frame_arp(probe, ARP_OP_REQUEST, false, &a));
  assert_int_equal(a.spa, fx_ip("192.0.2.2"));
  assert_int_equal(a.tpa, fx_ip("192.0.2.1"));
  /* delay_first_probe_time 5 s, rounded up to a 256 ms wheel granule */
  assert_true(probe->at >= t_reply + 5 * S - S / 100 && probe->at <= t_reply + 5 * S + 260000000ULL);
  assert_true(frame_arp(fx_nth(f, LINK, 5), ARP_OP_REPLY, false, &a));
  assert_int_equal(neigh_state(f, "b", "192.0.2.1"), NSP_NUD_REACHABLE);
  f->be->ops->probe_close(p);
  fx_free(f);
}

/* arp_ignore=0: an address of another interface is answered (weak host). */
static void test_weak_host_arp(void **state) {
  (void)state;
  fx_world *f = two_hosts(true);
  fx_veth(f, "b", "b1", "c", "c0");
  fx_addr_up(f, "b", "b1", "198.51.100.254/24");
  fx_addr_up(f, "c", "c0", "198.51.100.1/24");
  nsp_status st = {0};
  nsp_route_req rq = {.r = {.table = NSP_RT_TABLE_MAIN, .type = NSP_RTN_UNICAST, .protocol = 3,
                            .dst = fx_ip("198.51.100.0"), .plen = 24, .scope = NSP_SCOPE_LINK}};
  rq.r.oif = fx_index(f, "a", "a0");
  assert_true(f->be->ops->route_add(f->be, "a", &rq, &st)); /* on-link: ARP directly on a0 */
  nsp_probe *p = fx_ping(f, "a", "198.51.100.254", 64);
  nsp_probe_event ev;
  f->be->ops->probe_wait(p, fx_now(f) + S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.from, fx_ip("198.51.100.254"));
  arp_pkt a;
  assert_true(frame_arp(fx_nth(f, LINK, 1), ARP_OP_REPLY, false, &a));
  assert_int_equal(a.spa, fx_ip("198.51.100.254"));
  f->be->ops->probe_close(p);
  fx_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_unanswered_three_broadcasts),
      cmocka_unit_test(test_failure_reports_host_unreachable),
      cmocka_unit_test(test_stale_delay_probe),
      cmocka_unit_test(test_weak_host_arp),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
