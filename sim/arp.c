/* ARP (net/ipv4/arp.c): arp_process() and arp_solicit(), with the defaults
 * of a new namespace: arp_ignore=0 and arp_filter=0 (any local address is
 * answered on any interface: the weak host model), arp_accept=0 (unsolicited
 * replies create no entry), arp_announce=0. */
#include "proto/arp.h"

#include "proto/ether.h"
#include "proto/inet.h"
#include "sim/sim.h"
#include "sim/trace_hooks.h"
#include "sim/world.h"

static void arp_send(sim_iface *dev, uint16_t op, uint32_t tip, const ether_addr *dst_hw,
                     uint32_t sip, const ether_addr *tha) {
  arp_pkt a = {.op = op, .sha = dev->mac, .spa = sip, .tha = *tha, .tpa = tip};
  uint8_t buf[ARP_PKT_LEN];
  arp_pkt_emit(&a, buf, sizeof buf);
  sim_ether_output(dev, dst_hw, ETHER_TYPE_ARP, buf, sizeof buf);
}

/* arp_solicit(): the sender address is the waiting packet's source when it
 * is ours, else inet_select_addr(dev, target, RT_SCOPE_LINK); unicast to the
 * known address while probing (PROBE), broadcast otherwise. */
void sim_arp_solicit(sim_neigh *n, uint32_t saddr_hint, bool unicast) {
  sim_iface *dev = n->dev;
  uint32_t saddr = 0;
  if (saddr_hint && sim_netns_addr_is_local(dev->ns, saddr_hint)) saddr = saddr_hint;
  if (!saddr) saddr = sim_netns_select_addr(dev->ns, dev, n->ip, NSP_SCOPE_LINK);
  const ether_addr *dst = unicast ? &n->ha : &ETHER_ADDR_BROADCAST;
  arp_send(dev, ARP_OP_REQUEST, n->ip, dst, saddr, &ETHER_ADDR_ZERO);
}

static bool arp_target_is_local(sim_iface *dev, uint32_t tip) {
  return sim_netns_addr_is_local(dev->ns, tip);
}

void sim_arp_input(sim_iface *dev, const uint8_t *pkt, size_t len) {
  arp_pkt a;
  if (arp_pkt_parse(pkt, len, &a) != PROTO_OK) {
    dev->ns->cnt.drops[SIM_DROP_MALFORMED]++;
    return;
  }
  if ((a.tpa >> 28) == 0xe || (a.tpa >> 24) == 127) {
    sim_journal_arp_in(dev, &a, false, NULL);
    return;
  }
  if (a.op == ARP_OP_REQUEST && a.spa && arp_target_is_local(dev, a.tpa)) {
    /* neigh_event_ns(): the requester is learnt as STALE, then we answer */
    sim_neigh *n = NULL;
    if (!(dev->ns->w->faults & SIM_FAULT_NO_ARP_LEARNING)) {
      n = sim_neigh_lookup(dev, a.spa, true);
      sim_neigh_update(n, &a.sha, NSP_NUD_STALE, true);
    }
    arp_send(dev, ARP_OP_REPLY, a.spa, &a.sha, a.tpa, &a.sha);
    sim_journal_arp_in(dev, &a, true, n);
    return;
  }
  sim_neigh *n = a.spa ? sim_neigh_lookup(dev, a.spa, false) : NULL;
  if (n) {
    /* "Broadcast replies and request packets do not assert neighbour
     * reachability"; the first reply within locktime (1 s) wins. */
    unsigned state = a.op == ARP_OP_REPLY ? NSP_NUD_REACHABLE : NSP_NUD_STALE;
    bool override = dev->ns->w->now > n->updated + 1000000000ULL;
    sim_neigh_update(n, &a.sha, state, override);
    sim_journal_arp_in(dev, &a, false, n);
  } else {
    sim_journal_arp_in(dev, &a, false, NULL); /* arp_accept=0: no entry made */
  }
}
