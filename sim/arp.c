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

static int arp_max(int a, int b) { return a > b ? a : b; }

/* inet_addr_onlink(): a subnet of dev holds a (and b, when b is given) */
static bool arp_onlink(const sim_iface *dev, uint32_t a, uint32_t b) {
  for (guint i = 0; i < dev->addrs->len; i++) {
    const nsp_addr *x = &g_array_index(dev->addrs, nsp_addr, i);
    uint32_t m = ipv4_prefix_mask(x->plen);
    if (((a ^ x->local) & m) == 0 && (!b || ((b ^ x->local) & m) == 0)) return true;
  }
  return false;
}

/* arp_solicit(): the sender address by arp_announce (the larger of the
 * device's and conf.all): 0 the waiting packet's source when it is ours,
 * 1 only when the target is on a subnet of the device with it, 2 never;
 * else inet_select_addr(dev, target, RT_SCOPE_LINK).  Unicast to the known
 * address while probing (PROBE), broadcast otherwise. */
void sim_arp_solicit(sim_neigh *n, uint32_t saddr_hint, bool unicast) {
  sim_iface *dev = n->dev;
  uint32_t saddr = 0;
  int announce = arp_max(dev->arp_announce, dev->ns->all_arp_announce);
  if (announce <= 1 && saddr_hint && sim_netns_addr_is_local(dev->ns, saddr_hint) &&
      (announce == 0 || arp_onlink(dev, n->ip, saddr_hint)))
    saddr = saddr_hint;
  if (!saddr) saddr = sim_netns_select_addr(dev->ns, dev, n->ip, NSP_SCOPE_LINK);
  const ether_addr *dst = unicast ? &n->ha : &ETHER_ADDR_BROADCAST;
  arp_send(dev, ARP_OP_REQUEST, n->ip, dst, saddr, &ETHER_ADDR_ZERO);
}

/* arp_process(): the request is routed as a packet from sip to tip coming
 * in on dev would be (ip_route_input_noref()); a local result is answered.
 * So a sender that is one of our own addresses (a martian unless
 * accept_local) gets no answer. */
static bool arp_target_is_local(sim_iface *dev, uint32_t sip, uint32_t tip) {
  sim_flow fl = {.daddr = tip, .saddr = sip};
  sim_rt_result res;
  return sim_ip_route_input(dev, &fl, &res) == 0 && res.type == NSP_RTN_LOCAL;
}

/* arp_ignore() by the larger of the device's and conf.all: 0 answer for
 * any local address; 1 only for an address of this device; 2 also only
 * when a subnet of it holds the sender; 8 never (inet_confirm_addr()) */
static bool arp_ignored(const sim_iface *dev, uint32_t sip, uint32_t tip) {
  int mode = arp_max(dev->arp_ignore, dev->ns->all_arp_ignore);
  if (mode == 8) return true;
  if (mode != 1 && mode != 2) return false;
  bool configured = false;
  for (guint i = 0; i < dev->addrs->len; i++)
    configured |= g_array_index(dev->addrs, nsp_addr, i).local == tip;
  return !configured || (mode == 2 && !arp_onlink(dev, tip, sip));
}

/* arp_filter(): with it on (device or conf.all) a request is answered only
 * when the route back to the sender leaves by this device */
static bool arp_filtered(sim_iface *dev, uint32_t sip, uint32_t tip) {
  if (!(dev->arp_filter || dev->ns->all_arp_filter)) return false;
  sim_rt_result res;
  return !sim_ip_route_output(dev->ns, sip, tip, NULL, &res) || res.dev != dev;
}

/* ---- proxy ARP (arp_process(), arp_fwd_proxy(), pneigh_enqueue()) ---------- */

/* NEIGH_VAR(PROXY_DELAY) = 8 * HZ / 10, in jiffies of 4 ms (HZ 250 here);
 * proxy_qlen 64 */
#define ARP_PROXY_JIFFY_NS 4000000ULL
#define ARP_PROXY_DELAY_JIFFIES 200
#define ARP_PROXY_QLEN 64

struct sim_arp_proxy {
  sim_timer timer;
  sim_iface *dev;
  arp_pkt req;
};

void sim_arp_proxy_free(sim_iface *dev) {
  if (!dev->proxy) return;
  for (int i = 0; i < ARP_PROXY_QLEN; i++)
    if (sim_timer_pending(&dev->proxy[i].timer)) sim_timerq_cancel(&dev->ns->w->timers, &dev->proxy[i].timer);
  g_free(dev->proxy);
  dev->proxy = NULL;
}

/* The device answers for tip when it forwards, proxy_arp is on (the device
 * or conf.all) and the route to tip, as a packet from sip coming in here
 * would take it, is unicast by another device (arp_fwd_proxy(), medium_id 0). */
static bool arp_proxy_wanted(sim_iface *dev, const arp_pkt *a) {
  if (!sim_iface_forwarding(dev) || !(dev->proxy_arp || dev->ns->all_proxy_arp)) return false;
  sim_flow fl = {.daddr = a->tpa, .saddr = a->spa};
  sim_rt_result res;
  return sim_ip_route_input(dev, &fl, &res) == 0 && res.type == NSP_RTN_UNICAST && res.dev != dev;
}

static void arp_proxy_answer(sim_iface *dev, const arp_pkt *a) {
  sim_neigh *n = sim_neigh_lookup(dev, a->spa, true); /* neigh_event_ns() */
  sim_neigh_update(n, &a->sha, NSP_NUD_STALE, true);
  arp_send(dev, ARP_OP_REPLY, a->spa, &a->sha, a->tpa, &a->sha);
}

/* proxy_redo(): the request is processed again when its delay is over */
static void arp_proxy_redo(sim_timer *t, void *ctx) {
  struct sim_arp_proxy *p = ctx;
  if (p->dev->ns && arp_proxy_wanted(p->dev, &p->req)) arp_proxy_answer(p->dev, &p->req);
}

/* A broadcast request waits a random part of proxy_delay (pneigh_enqueue();
 * seeded here, random on the kernel), one sent to us is answered at once. */
static void arp_proxy(sim_iface *dev, const arp_pkt *a, bool host) {
  sim_neigh *n = sim_neigh_lookup(dev, a->spa, true);
  sim_neigh_update(n, &a->sha, NSP_NUD_STALE, true);
  if (host) {
    arp_send(dev, ARP_OP_REPLY, a->spa, &a->sha, a->tpa, &a->sha);
    return;
  }
  if (!dev->proxy) {
    dev->proxy = g_new0(struct sim_arp_proxy, ARP_PROXY_QLEN);
    for (int i = 0; i < ARP_PROXY_QLEN; i++) sim_timer_init(&dev->proxy[i].timer, arp_proxy_redo, &dev->proxy[i]);
  }
  for (int i = 0; i < ARP_PROXY_QLEN; i++) {
    struct sim_arp_proxy *p = &dev->proxy[i];
    if (sim_timer_pending(&p->timer)) continue;
    sim_world *w = dev->ns->w;
    p->dev = dev;
    p->req = *a;
    uint64_t delay = (sim_world_rand(w) % ARP_PROXY_DELAY_JIFFIES) * ARP_PROXY_JIFFY_NS;
    sim_timerq_arm(&w->timers, &p->timer, w->now + delay);
    return;
  }
  /* the proxy queue is full: the request is dropped */
}

void sim_arp_input(sim_iface *dev, const uint8_t *pkt, size_t len, bool host) {
  arp_pkt a;
  if (arp_pkt_parse(pkt, len, &a) != PROTO_OK) {
    dev->ns->cnt.drops[SIM_DROP_MALFORMED]++;
    return;
  }
  dev->ns->cnt.arp_rcv++; /* consumed from here on, whatever it teaches */
  if ((a.tpa >> 28) == 0xe || (a.tpa >> 24) == 127) {
    sim_journal_arp_in(dev, &a, false, NULL);
    return;
  }
  if (a.op == ARP_OP_REQUEST && a.spa && arp_target_is_local(dev, a.spa, a.tpa)) {
    /* an ignored or filtered request teaches nothing either */
    if (arp_ignored(dev, a.spa, a.tpa) || arp_filtered(dev, a.spa, a.tpa)) {
      sim_journal_arp_in(dev, &a, false, NULL);
      return;
    }
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
  if (a.op == ARP_OP_REQUEST && a.spa && arp_proxy_wanted(dev, &a)) {
    arp_proxy(dev, &a, host);
    sim_journal_arp_in(dev, &a, host, sim_neigh_lookup(dev, a.spa, false));
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
