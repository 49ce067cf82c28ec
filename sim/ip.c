/* IPv4 in, out and through (net/ipv4/ip_input.c, route.c, ip_forward.c,
 * ip_output.c), for one namespace. */
#include <errno.h>
#include <string.h>

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/sim.h"
#include "sim/world.h"
#include "sim/netfilter.h"
#include "sim/trace_hooks.h"
#include "sim/tcp.h"
#include "sim/udp.h"

uint16_t sim_ip_next_id(sim_netns *ns) {
  /* __ip_select_ident(): a keyed hash, i.e. effectively random; seeded here */
  uint16_t id;
  do id = (uint16_t)sim_world_rand(ns->w);
  while (!id);
  return id;
}

static const sim_route *ip_fib_lookup(sim_netns *ns, uint32_t dst, int oif) {
  sim_fib_filter f = {.oif = oif};
  const sim_route *r = sim_fib_lookup(&ns->local, dst, &f);
  if (r) return r;
  return sim_fib_lookup(&ns->main, dst, &f);
}

/* fib_result_prefsrc(): the route's src, else the device's best address. */
static uint32_t ip_route_prefsrc(sim_netns *ns, const sim_route *r, sim_iface *dev) {
  if (r->prefsrc) return r->prefsrc;
  return sim_netns_select_addr(ns, dev, r->gw ? r->gw : r->dst, r->gw ? NSP_SCOPE_LINK : r->scope);
}

/* ip_route_output_key_hash_rcu(), for the cases nspath meets. */
bool sim_ip_route_output(sim_netns *ns, uint32_t dst, uint32_t src, sim_iface *oif,
                         sim_rt_result *res) {
  memset(res, 0, sizeof *res);
  const sim_route *r = ip_fib_lookup(ns, dst, oif ? oif->ifindex : 0);
  if (!r) {
    /* "Apparently, routing tables are wrong. Assume, that the destination
     * is on link." -- with a bound device the kernel tries it directly. */
    if (!oif) return false;
    res->dev = oif;
    res->nexthop = dst;
    res->type = NSP_RTN_UNICAST;
    res->src = src ? src : sim_netns_select_addr(ns, oif, 0, NSP_SCOPE_LINK);
    return true;
  }
  res->rt = r;
  res->type = r->type;
  if (r->type == NSP_RTN_LOCAL) {
    res->dev = sim_netns_lo(ns);
    res->nexthop = dst;
    res->src = src ? src : (r->prefsrc ? r->prefsrc : dst);
    return true;
  }
  if (r->type != NSP_RTN_UNICAST && r->type != NSP_RTN_BROADCAST) return false;
  res->dev = sim_netns_iface_by_index(ns, r->oif);
  if (!res->dev) return false;
  res->nexthop = sim_route_nexthop(r, dst);
  res->src = src ? src : ip_route_prefsrc(ns, r, res->dev);
  return true;
}

static void ip_loopback_deliver(sim_netns *ns, const uint8_t *pkt, size_t len) {
  sim_iface *lo = sim_netns_lo(ns);
  /* lo is down at a namespace's birth: its noop qdisc drops everything */
  if (!lo->up) {
    ns->cnt.drops[SIM_DROP_LO_DOWN]++;
    sim_trace_drop(ns, lo, pkt, len, SIM_DROP_LO_DOWN, "lo:tx_dropped");
    return;
  }
  sim_ip_input(lo, pkt, len);
}

/* ip_output() on: POSTROUTING (SNAT), then fragments and the neighbour. */
static int ip_finish(sim_netns *ns, sim_iface *dev, uint32_t nexthop, uint8_t *pkt, size_t len,
                     sim_nf_skb *skb) {
  if (sim_nf_hook(ns, NSP_NF_POSTROUTING, NULL, dev, pkt, len, skb) == SIM_NF_DROP) return -EPERM;
  if (len > dev->mtu)
    sim_frag_output(dev, nexthop, pkt, len, sim_neigh_output);
  else
    sim_neigh_output(dev, nexthop, pkt, len);
  return 0;
}

/* __ip_local_out() (OUTPUT: a DNAT there routes the packet again,
 * ip_route_me_harder()), then dst_output(). */
static int ip_output(sim_netns *ns, const sim_rt_result *res0, uint8_t *pkt, size_t len,
                     sim_nf_skb *skb) {
  const sim_rt_result *res = res0;
  sim_rt_result again;
  ns->cnt.ip_out_requests++;
  sim_trace_out(ns, res, pkt, len);
  uint32_t daddr = inet_get32(pkt + 16);
  if (sim_nf_hook(ns, NSP_NF_OUTPUT, NULL, res->dev, pkt, len, skb) == SIM_NF_DROP) return -EPERM;
  if (inet_get32(pkt + 16) != daddr) {
    if (!sim_ip_route_output(ns, inet_get32(pkt + 16), inet_get32(pkt + 12), NULL, &again)) {
      ns->cnt.ip_out_no_routes++;
      return -EHOSTUNREACH;
    }
    res = &again;
  }
  if (res->type == NSP_RTN_LOCAL) {
    sim_iface *lo = sim_netns_lo(ns);
    if (sim_nf_hook(ns, NSP_NF_POSTROUTING, NULL, lo, pkt, len, skb) == SIM_NF_DROP) return -EPERM;
    ip_loopback_deliver(ns, pkt, len);
    return 0;
  }
  if (!res->dev || !res->dev->up) {
    ns->cnt.drops[SIM_DROP_IF_DOWN]++;
    sim_trace_drop(ns, res->dev, pkt, len, SIM_DROP_IF_DOWN, NULL);
    return 0;
  }
  if (res->type == NSP_RTN_BROADCAST) {
    if (sim_nf_hook(ns, NSP_NF_POSTROUTING, NULL, res->dev, pkt, len, skb) == SIM_NF_DROP)
      return -EPERM;
    sim_ether_output(res->dev, &ETHER_ADDR_BROADCAST, ETHER_TYPE_IPV4, pkt, len);
    return 0;
  }
  return ip_finish(ns, res->dev, res->nexthop, pkt, len, skb);
}

int sim_ip_output(sim_netns *ns, const sim_rt_result *res, uint8_t *pkt, size_t len) {
  return sim_ip_output_skb(ns, res, pkt, len, NULL);
}

int sim_ip_output_skb(sim_netns *ns, const sim_rt_result *res, uint8_t *pkt, size_t len,
                      const sim_nf_skb *attach) {
  sim_nf_skb skb = {0};
  if (attach && attach->ct) {
    skb = *attach;
    skb.borrowed = true;
  }
  int err = ip_output(ns, res, pkt, len, &skb);
  sim_nf_skb_done(&skb);
  return err;
}

/* ip_error(): the route input found nothing usable.  With forwarding off on
 * the ingress device the packet is dropped silently and counted
 * (IpInAddrErrors); with it on, Net Unreachable goes back, limited by the
 * inet_peer bucket of the source (ip_rt_error_cost 1 s, burst 5 s). */
static void ip_error(sim_iface *in, const uint8_t *pkt, size_t len, bool host_unreach) {
  sim_netns *ns = in->ns;
  if (!sim_iface_forwarding(in)) {
    if (host_unreach) ns->cnt.ip_in_addr_errors++;
    else ns->cnt.ip_in_no_routes++;
    ns->cnt.drops[SIM_DROP_FORWARD_OFF]++;
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_FORWARD_OFF,
                   host_unreach ? "IpInAddrErrors" : "IpExtInNoRoutes");
    return;
  }
  ns->cnt.ip_in_no_routes++;
  ns->cnt.drops[SIM_DROP_NO_ROUTE]++;
  sim_trace_drop(ns, in, pkt, len, SIM_DROP_NO_ROUTE, "IpExtInNoRoutes");
  ipv4_hdr h;
  ipv4_hdr_parse(pkt, len, &h);
  if (!sim_icmp_peer_allow(ns, h.saddr, 1000000000ULL, 5000000000ULL)) {
    ns->cnt.drops[SIM_DROP_RATELIMIT]++;
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_RATELIMIT, NULL);
    return;
  }
  sim_icmp_send_error(ns, in, pkt, len, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, false);
}

/* ip_forward(): TTL check before anything else is touched, then the
 * decrement with an incremental checksum; ID and DF stay as they were;
 * FORWARD, then ip_output()'s POSTROUTING. */
static void ip_forward(sim_iface *in, const sim_route *r, const uint8_t *buf, size_t len,
                       sim_nf_skb *skb) {
  sim_netns *ns = in->ns;
  if (buf[8] <= 1) {
    ns->cnt.ip_in_hdr_errors++;
    ns->cnt.drops[SIM_DROP_TTL]++;
    sim_trace_drop(ns, in, buf, len, SIM_DROP_TTL, "IpInHdrErrors");
    sim_icmp_send_error(ns, in, buf, len, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, false);
    return;
  }
  uint8_t pkt[65536]; /* skb_cow(): the frame as received stays unchanged */
  memcpy(pkt, buf, len);
  sim_iface *out = sim_netns_iface_by_index(ns, r->oif);
  if (!out || !out->up) return;
  if (!(ns->w->faults & SIM_FAULT_NO_TTL_DECREMENT)) ipv4_hdr_ttl_decrement(pkt);
  if (sim_nf_hook(ns, NSP_NF_FORWARD, in, out, pkt, len, skb) == SIM_NF_DROP) return;
  ns->cnt.ip_forw_datagrams++;
  sim_trace_forward(in, out, r, pkt, len);
  ip_finish(ns, out, sim_route_nexthop(r, inet_get32(pkt + 16)), pkt, len, skb);
}

/* ip_protocol_deliver_rcu(): the protocol's handler; with none (and no
 * raw socket for it) Protocol Unreachable goes back, rate limited as every
 * Destination Unreachable (IPSTATS_MIB_INUNKNOWNPROTOS). */
static void ip_local_deliver(sim_netns *ns, sim_iface *in, const uint8_t *buf, size_t len,
                             uint8_t proto, bool bcast) {
  switch (proto) {
  case IPV4_PROTO_ICMP: sim_icmp_input(ns, in, buf, len, bcast); return;
  case IPV4_PROTO_UDP: sim_udp_input(ns, in, buf, len, bcast); return;
  case IPV4_PROTO_TCP:
    if (!bcast) sim_tcp_input(ns, in, buf, len); /* tcp_v4_rcv(): not for broadcasts */
    return;
  default:
    if (!bcast) sim_icmp_send_error(ns, in, buf, len, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, true);
  }
}

static bool ip_addr_martian_src(uint32_t s) {
  return (s >> 28) == 0xe || s == 0xffffffffu || (s >> 24) == 0;
}

/* ip_local_deliver()'s INPUT, then the protocol. */
static void ip_deliver_local(sim_iface *in, uint8_t *buf, size_t len, uint8_t proto, bool bcast,
                             sim_nf_skb *skb) {
  sim_netns *ns = in->ns;
  if (sim_nf_hook(ns, NSP_NF_INPUT, in, NULL, buf, len, skb) == SIM_NF_DROP) return;
  if (!bcast) {
    ns->cnt.ip_in_delivers++;
    sim_trace_deliver(in, buf, len);
  }
  ip_local_deliver(ns, in, buf, len, proto, bcast);
}

/* ip_rcv_finish(): the route of the packet (after PREROUTING's DNAT),
 * then local delivery or forwarding. */
static void ip_route_input(sim_iface *in, uint8_t *buf, size_t len, sim_nf_skb *skb) {
  sim_netns *ns = in->ns;
  ipv4_hdr h;
  ipv4_hdr_parse(buf, len, &h);
  bool from_lo = in->kind == NSP_LINK_LOOPBACK;
  if (!from_lo && ip_addr_martian_src(h.saddr)) return;
  const sim_route *r = ip_fib_lookup(ns, h.daddr, 0);
  if (h.daddr == 0xffffffffu || (r && r->type == NSP_RTN_BROADCAST)) {
    ip_deliver_local(in, buf, len, h.proto, true, skb); /* broadcast: local, never forwarded */
    return;
  }
  if (r && r->type == NSP_RTN_LOCAL) {
    if (h.frag & (IPV4_FLAG_MF | IPV4_OFFSET_MASK)) {
      uint8_t *whole = g_malloc(65536);
      size_t n = sim_frag_reassemble(ns, buf, &h, whole);
      if (n) sim_ip_input(in, whole, n);
      g_free(whole);
      return;
    }
    ip_deliver_local(in, buf, len, h.proto, false, skb);
    return;
  }
  if (!r) {
    ip_error(in, buf, len, !sim_iface_forwarding(in));
    return;
  }
  if (!sim_iface_forwarding(in)) {
    ip_error(in, buf, len, true);
    return;
  }
  if (r->type != NSP_RTN_UNICAST) return;
  ip_forward(in, r, buf, len, skb);
}

/* ip_rcv(): the header checked, PREROUTING (conntrack, DNAT) on a copy of
 * the packet NAT may rewrite (skb_ensure_writable()), the route. */
void sim_ip_input(sim_iface *in, const uint8_t *buf, size_t len) {
  sim_netns *ns = in->ns;
  ipv4_hdr h;
  ns->cnt.ip_in_receives++;
  if (ipv4_hdr_parse(buf, len, &h) != PROTO_OK) {
    ns->cnt.ip_in_hdr_errors++;
    return;
  }
  len = h.tot_len; /* Ethernet padding is not ours */
  sim_trace_in(in, buf, len);
  sim_nf_skb skb = {0};
  if (!ns->nf) {
    /* no netfilter here: nothing writes to the packet on its way */
    ip_route_input(in, (uint8_t *)buf, len, &skb);
    return;
  }
  sim_pkt *own = sim_pkt_get(ns->w, len);
  memcpy(own->data, buf, len);
  if (sim_nf_hook(ns, NSP_NF_PREROUTING, in, NULL, own->data, len, &skb) == SIM_NF_ACCEPT)
    ip_route_input(in, own->data, len, &skb);
  sim_nf_skb_done(&skb);
  sim_pkt_put(ns->w, own);
}
