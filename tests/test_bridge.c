/* The bridge of the simulation (sim/bridge*.c) against what the kernel
 * does with STP off (net/bridge/br_input.c, br_forward.c, br_fdb.c): the
 * first frames flood, replies go only where the destination was learnt,
 * learnt entries age out on the virtual clock, local entries are
 * permanent, a port leaving or going down forgets what was learnt on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/link_bridge.h"
#include "proto/ether.h"
#include "tests/fixture.h"

#define S 1000000000ULL

/* h1, h2, h3 each with a veth to sw (hN-br0 -- br0-hN), all ports of br0;
 * IPv6 is off everywhere so that only the test's own frames cross. */
static fx_world *three_hosts(long ageing_cs) {
  fx_world *f = fx_new();
  nsp_status st = {0};
  const char *hosts[] = {"h1", "h2", "h3"};
  fx_netns(f, "sw");
  assert_true(f->be->ops->sysctl_set(f->be, "sw", "net.ipv6.conf.all.disable_ipv6", "1", &st));
  nsp_bridge_cfg cfg;
  nsp_bridge_cfg_init(&cfg);
  cfg.ageing_time = ageing_cs;
  assert_true(f->be->ops->link_add_bridge(f->be, "sw", "br0", &cfg, &st));
  int br = fx_index(f, "sw", "br0");
  f->be->ops->link_set_up(f->be, "sw", br, true, &st);
  for (int i = 0; i < 3; i++) {
    char host_end[16], sw_end[16], addr[24];
    g_snprintf(host_end, sizeof host_end, "%s-br0", hosts[i]);
    g_snprintf(sw_end, sizeof sw_end, "br0-%s", hosts[i]);
    g_snprintf(addr, sizeof addr, "192.0.2.%d/24", i + 1);
    fx_netns(f, hosts[i]);
    assert_true(f->be->ops->sysctl_set(f->be, hosts[i], "net.ipv6.conf.all.disable_ipv6", "1", &st));
    fx_veth(f, hosts[i], host_end, "sw", sw_end);
    int port = fx_index(f, "sw", sw_end);
    assert_true(f->be->ops->link_set_master(f->be, "sw", port, br, &st));
    f->be->ops->link_set_up(f->be, "sw", port, true, &st);
    fx_addr_up(f, hosts[i], host_end, addr);
  }
  fx_run(f, S / 10);
  g_array_set_size(f->frames, 0);
  return f;
}

static bool ping_once(fx_world *f, const char *ns, const char *dst) {
  nsp_probe *p = fx_ping(f, ns, dst, 64);
  nsp_probe_event ev;
  f->be->ops->probe_wait(p, fx_now(f) + S, &ev);
  f->be->ops->probe_close(p);
  return ev.kind == NSP_PROBE_REPLY;
}

static uint16_t frame_type(const fx_frame *fr, ether_hdr *h) {
  assert_int_equal(ether_hdr_parse(fr->data, fr->len, h), PROTO_OK);
  return h->type;
}

/* The learnt (non-local) entries of a port, as bridge fdb show lists them. */
static unsigned learnt_on(fx_world *f, const char *port, const ether_addr *mac) {
  size_t n;
  unsigned hits = 0;
  int idx = fx_index(f, "sw", port);
  nsp_fdb *e = f->be->ops->fdb_list(f->be, "sw", &n);
  for (size_t i = 0; i < n; i++)
    if (e[i].ifindex == idx && !e[i].self && e[i].state != NSP_NUD_PERMANENT &&
        (!mac || ether_addr_eq(&e[i].mac, mac)))
      hits++;
  g_free(e);
  return hits;
}

static ether_addr mac_of(fx_world *f, const char *ns, const char *dev) {
  size_t n;
  ether_addr m = {{0}};
  nsp_link *l = f->be->ops->link_list(f->be, ns, &n);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(l[i].name, dev)) m = l[i].mac;
  g_free(l);
  return m;
}

/* The request floods to both other ports; the reply, to a learnt address,
 * crosses h2's and h1's links only. */
static void test_flood_then_forward(void **state) {
  (void)state;
  fx_world *f = three_hosts(-1);
  assert_true(ping_once(f, "h1", "192.0.2.2"));
  /* ARP request: on h1's link, flooded onto h2's and h3's */
  ether_hdr h;
  const char *links[] = {"h1-br0--br0-h1", "h2-br0--br0-h2", "h3-br0--br0-h3"};
  for (int i = 0; i < 3; i++) {
    assert_true(fx_count(f, links[i]) >= 1);
    assert_int_equal(frame_type(fx_nth(f, links[i], 0), &h), ETHER_TYPE_ARP);
    assert_true(ether_addr_eq(&h.dst, &ETHER_ADDR_BROADCAST));
  }
  /* who-has, is-at, echo request, echo reply on the two hosts' links;
   * nothing more on h3's: everything after the broadcast was learnt */
  assert_int_equal(fx_count(f, links[0]), 4);
  assert_int_equal(fx_count(f, links[1]), 4);
  assert_int_equal(fx_count(f, links[2]), 1);
  ether_addr m1 = mac_of(f, "h1", "h1-br0"), m2 = mac_of(f, "h2", "h2-br0");
  assert_int_equal(learnt_on(f, "br0-h1", &m1), 1);
  assert_int_equal(learnt_on(f, "br0-h2", &m2), 1);
  assert_int_equal(learnt_on(f, "br0-h3", NULL), 0);
  fx_free(f);
}

/* ageing_time 10 s: the entries go once the gc work finds them older.
 * h2's entry for h1, learnt from the request and used for the reply, is
 * probed 5 s later (DELAY -> PROBE, a unicast request h1 answers), which
 * refreshes h1's address on the bridge: gone 10 s after that. */
static void test_ageing(void **state) {
  (void)state;
  fx_world *f = three_hosts(1000);
  assert_true(ping_once(f, "h1", "192.0.2.2"));
  ether_addr m1 = mac_of(f, "h1", "h1-br0");
  fx_run(f, 14 * S);
  assert_int_equal(learnt_on(f, "br0-h1", &m1), 1);
  fx_run(f, 3 * S);
  assert_int_equal(learnt_on(f, "br0-h1", &m1), 0);
  /* the ports' own addresses stay: permanent local entries */
  size_t n;
  unsigned perm = 0;
  nsp_fdb *e = f->be->ops->fdb_list(f->be, "sw", &n);
  for (size_t i = 0; i < n; i++) perm += !e[i].self && e[i].state == NSP_NUD_PERMANENT;
  g_free(e);
  assert_int_equal(perm, 3);
  fx_free(f);
}

/* nomaster: the host is cut off, the bridge forgets its address. */
static void test_nomaster_cuts_off(void **state) {
  (void)state;
  fx_world *f = three_hosts(-1);
  assert_true(ping_once(f, "h1", "192.0.2.3"));
  nsp_status st = {0};
  int port = fx_index(f, "sw", "br0-h3");
  assert_true(f->be->ops->link_set_master(f->be, "sw", port, 0, &st));
  assert_int_equal(learnt_on(f, "br0-h3", NULL), 0);
  assert_false(ping_once(f, "h1", "192.0.2.3"));
  fx_free(f);
}

/* A port going down (its peer's carrier gone) forgets what it learnt. */
static void test_port_down_forgets(void **state) {
  (void)state;
  fx_world *f = three_hosts(-1);
  assert_true(ping_once(f, "h1", "192.0.2.2"));
  assert_int_equal(learnt_on(f, "br0-h2", NULL), 1);
  nsp_status st = {0};
  f->be->ops->link_set_up(f->be, "h2", fx_index(f, "h2", "h2-br0"), false, &st);
  assert_int_equal(learnt_on(f, "br0-h2", NULL), 0);
  assert_int_equal(learnt_on(f, "br0-h1", NULL), 1);
  fx_free(f);
}

/* The bridge's address is its lowest port's; a port that leaves gives it back. */
static void test_bridge_mac_follows_ports(void **state) {
  (void)state;
  fx_world *f = three_hosts(-1);
  const char *ports[] = {"br0-h1", "br0-h2", "br0-h3"};
  ether_addr low = mac_of(f, "sw", ports[0]);
  int lowest = 0;
  for (int i = 1; i < 3; i++) {
    ether_addr m = mac_of(f, "sw", ports[i]);
    if (memcmp(m.b, low.b, 6) < 0) low = m, lowest = i;
  }
  ether_addr br = mac_of(f, "sw", "br0");
  assert_true(ether_addr_eq(&br, &low));
  nsp_status st = {0};
  assert_true(f->be->ops->link_set_master(f->be, "sw", fx_index(f, "sw", ports[lowest]), 0, &st));
  br = mac_of(f, "sw", "br0");
  assert_false(ether_addr_eq(&br, &low));
  fx_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_flood_then_forward),
      cmocka_unit_test(test_ageing),
      cmocka_unit_test(test_nomaster_cuts_off),
      cmocka_unit_test(test_port_down_forgets),
      cmocka_unit_test(test_bridge_mac_follows_ports),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
