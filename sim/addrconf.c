/* The packets IPv6 sends by itself on every interface that gets a
 * link-local address, the model of net/ipv6/addrconf.c and mcast.c kept
 * to what shows outside: frames from the interface's address to IPv6
 * multicast groups.  They matter to a bridge, which learns the sender's
 * address from them -- so a host that never sent a byte of IPv4 is in
 * `bridge fdb show` on the kernel -- and to tcpdump, which prints them.
 * Captures written for `compare` leave them out, as on the kernel
 * ("not ip6").
 *
 * When the link-local address comes (the first carrier after an admin up,
 * at t0), as recorded on this kernel (tests/data/tcpdump/bridge-port.pcap):
 *   - MLDv2 reports for the groups joined (the address's solicited-node
 *     group; a bridge's ff02::6a too), from :: while the address is
 *     tentative: at once and once more within a second
 *     (mld_ifc_start_work(idev, unsolicited_report_interval));
 *   - the duplicate address detection probe, a neighbour solicitation from
 *     ::, within rtr_solicit_delay (1 s) (addrconf_dad_kick());
 *   - one retrans_time (1 s) later the address is valid
 *     (sim_iface.ll6_dad_done): MLDv2 reports again, now from it, at once
 *     and within a second (ipv6_mc_dad_complete()), and a router
 *     solicitation, repeated 4 s later and then at twice the interval
 *     each time, +-10 %, up to an hour (rfc3315_s14_backoff_init/update()).
 * The random delays come from the world's seeded generator: the same run
 * every time, and on the kernel one of its possible runs.  Going down
 * stops it all; losing the carrier silences it (nothing can be sent). */
#include <string.h>

#include "proto/ipv6.h"
#include "sim/sim.h"

#define AC_NS_S 1000000000ULL
#define AC_RS_INTERVAL (4 * AC_NS_S)      /* rtr_solicit_interval */
#define AC_RS_MAX_INTERVAL (3600 * AC_NS_S) /* rtr_solicit_max_interval */

static uint64_t ac_rand(sim_world *w, uint64_t below) { return below ? sim_world_rand6(w) % below : 0; }

/* x * (lo + [0, span]) / 1000000, the kernel's prandom_u32_max() spread */
static uint64_t ac_scale(sim_world *w, uint64_t x, uint64_t lo, uint64_t span) {
  return x / 1000000 * (lo + ac_rand(w, span + 1));
}

static void ac_send(sim_iface *dev, const ipv6_addr *group, const uint8_t *pkt, size_t len) {
  ether_addr dst;
  ipv6_addr_mc_mac(group, &dst);
  sim_ether_output(dev, &dst, ETHER_TYPE_IPV6, pkt, len);
}

static void ac_mld_report(sim_iface *dev, bool from_ll) {
  ipv6_addr ll, groups[2], src = {{0}};
  uint8_t pkt[IPV6_HDR_LEN + 8 + 8 + 40];
  ipv6_addr_ll_from_mac(&dev->ll6_mac, &ll);
  ipv6_addr_solicited_node(&ll, &groups[0]);
  size_t n = 1;
  if (dev->br) groups[n++] = (ipv6_addr){{0xff, 0x02, [15] = 0x6a}};
  if (from_ll) src = ll;
  size_t len = ipv6_mld2_report_emit(&src, groups, n, pkt, sizeof pkt);
  static const ipv6_addr mld_routers = {{0xff, 0x02, [15] = 0x16}};
  ac_send(dev, &mld_routers, pkt, len);
}

static void ac_dad_probe(sim_iface *dev) {
  ipv6_addr ll, group;
  uint8_t nonce[6], pkt[IPV6_HDR_LEN + 32];
  uint64_t r = sim_world_rand6(dev->ns->w);
  memcpy(nonce, &r, sizeof nonce);
  ipv6_addr_ll_from_mac(&dev->ll6_mac, &ll);
  ipv6_addr_solicited_node(&ll, &group);
  ac_send(dev, &group, pkt, ipv6_ns_dad_emit(&ll, nonce, pkt, sizeof pkt));
}

static void ac_router_solicit(sim_iface *dev) {
  ipv6_addr ll;
  uint8_t pkt[IPV6_HDR_LEN + 16];
  ipv6_addr_ll_from_mac(&dev->ll6_mac, &ll);
  static const ipv6_addr all_routers = {{0xff, 0x02, [15] = 0x02}};
  ac_send(dev, &all_routers, pkt, ipv6_rs_emit(&ll, &dev->mac, pkt, sizeof pkt));
}

static void ac_arm(sim_iface *dev) {
  sim_addrconf *a = &dev->v6;
  uint64_t next = UINT64_MAX;
  for (int i = 0; i < SIM_AC_MLD; i++)
    if (a->mld_at[i] && a->mld_at[i] < next) next = a->mld_at[i];
  if (a->ns_at && a->ns_at < next) next = a->ns_at;
  if (a->dad_at && a->dad_at < next) next = a->dad_at;
  if (a->rs_at && a->rs_at < next) next = a->rs_at;
  if (next != UINT64_MAX) sim_timerq_arm(&dev->ns->w->timers, &a->timer, next);
}

/* Everything due now, in the order the kernel's works would run it. */
static void ac_timer(sim_timer *t, void *ctx) {
  sim_iface *dev = ctx;
  sim_addrconf *a = &dev->v6;
  sim_world *w = dev->ns->w;
  uint64_t now = w->now;
  (void)t;
  for (int i = 0; i < SIM_AC_MLD; i++) {
    if (!a->mld_at[i] || a->mld_at[i] > now) continue;
    a->mld_at[i] = 0;
    ac_mld_report(dev, i >= 2);
  }
  if (a->ns_at && a->ns_at <= now) {
    a->ns_at = 0;
    ac_dad_probe(dev);
  }
  if (a->dad_at && a->dad_at <= now) {
    /* addrconf_dad_completed(): the reports held back, a solicitation */
    a->dad_at = 0;
    ac_mld_report(dev, true);
    a->mld_at[3] = now + 1 + ac_rand(w, AC_NS_S);
    ac_router_solicit(dev);
    a->rs_interval = ac_scale(w, AC_RS_INTERVAL, 900000, 200000);
    a->rs_at = now + a->rs_interval;
  } else if (a->rs_at && a->rs_at <= now) {
    ac_router_solicit(dev);
    uint64_t next = ac_scale(w, a->rs_interval, 1900000, 200000);
    if (next > AC_RS_MAX_INTERVAL) next = ac_scale(w, AC_RS_MAX_INTERVAL, 900000, 200000);
    a->rs_interval = next;
    a->rs_at = now + next;
  }
  ac_arm(dev);
}

void sim_addrconf_init(sim_iface *dev) { sim_timer_init(&dev->v6.timer, ac_timer, dev); }

/* The link-local address was just configured: its DAD ends at dad_done. */
void sim_addrconf_start(sim_iface *dev, uint64_t dad_done) {
  sim_addrconf *a = &dev->v6;
  sim_world *w = dev->ns->w;
  memset(a->mld_at, 0, sizeof a->mld_at);
  a->mld_at[0] = w->now;
  a->mld_at[1] = w->now + 1 + ac_rand(w, AC_NS_S);
  a->ns_at = dad_done - AC_NS_S;
  a->dad_at = dad_done;
  a->rs_at = 0;
  ac_arm(dev);
}

void sim_addrconf_stop(sim_iface *dev) {
  sim_addrconf *a = &dev->v6;
  sim_timerq_cancel(&dev->ns->w->timers, &a->timer);
  memset(a->mld_at, 0, sizeof a->mld_at);
  a->ns_at = a->dad_at = a->rs_at = 0;
}
