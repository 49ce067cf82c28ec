/* IPv4 in, out and through (net/ipv4/ip_input.c, route.c, ip_forward.c,
 * ip_output.c), for one namespace. */
#include <errno.h>
#include <string.h>

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/mpath.h"
#include "sim/sim.h"
#include "sim/world.h"
#include "sim/netfilter.h"
#include "sim/redirect.h"
#include "sim/rtcache.h"
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

#define LOOPBACK_IFINDEX 1

static bool ip_is_lbcast(uint32_t a) { return a == 0xffffffffu; }
static bool ip_is_multicast(uint32_t a) { return (a >> 28) == 0xe; }
/* include/linux/in.h: since 0/8 became usable unicast, only 0.0.0.0 */
static bool ip_is_zeronet(uint32_t a) { return a == 0; }
static bool ip_is_loopback(uint32_t a) { return (a >> 24) == 127; }

/* fib_result_prefsrc(): the route's src, else the device's best address. */
static uint32_t ip_route_prefsrc(sim_netns *ns, const sim_route *r, sim_iface *dev) {
  if (r->prefsrc) return r->prefsrc;
  return sim_netns_select_addr(ns, dev, r->gw ? r->gw : r->dst, r->gw ? NSP_SCOPE_LINK : r->scope);
}

/* The path of a route with several (or with a nexthop object): the first
 * usable one as fib_table_lookup() leaves it, then, when no device was
 * asked for and there is a choice, the one the flow's hash picks
 * (fib_select_path() on output, ip_mkroute_input() on input: there with
 * no source to prefer).  Sets dev, nexthop and gateway; returns the path
 * (NULL for a plain route, whose own fields are used). */
static const nsp_nh_path *ip_route_path(sim_netns *ns, const sim_route *r, const sim_flow *fl,
                                        uint32_t saddr, sim_rt_result *res) {
  res->path = -1;
  if (!r->npaths && !r->nhid) return NULL;
  sim_paths ps;
  sim_route_paths(ns, r, &ps);
  int i = sim_mp_first_usable(ns, &ps, fl->oif);
  if (i < 0) return NULL;
  if (!fl->oif && ps.n > 1) {
    res->hashed = true;
    res->hash = sim_mp_hash(ns, fl);
    int sel = sim_mp_select(ns, &ps, res->hash, saddr);
    if (sel >= 0) i = sel;
  }
  const nsp_nh_path *p = &ps.p[i];
  res->path = i;
  res->npaths = ps.n;
  res->dev = sim_netns_iface_by_index(ns, p->oif);
  res->nexthop = p->gw && !(p->flags & NSP_RTNH_F_GW_HOST) ? p->gw : fl->daddr;
  res->gateway = res->nexthop != fl->daddr;
  return p;
}

/* __mkroute_output(): the type the destination itself imposes, the flags */
static void ip_mkroute_output(sim_netns *ns, const sim_flow *fl, sim_rt_result *res) {
  if (ip_is_lbcast(fl->daddr)) res->type = NSP_RTN_BROADCAST;
  if (res->dev && res->dev->kind == NSP_LINK_LOOPBACK) res->flags |= NSP_RTCF_LOCAL;
  if (res->type == NSP_RTN_BROADCAST) res->flags |= NSP_RTCF_BROADCAST | NSP_RTCF_LOCAL;
}

/* "Apparently, routing tables are wrong. Assume, that the destination is
 * on link." -- a bound device sends there directly. */
static int ip_route_output_onlink(sim_netns *ns, const sim_flow *fl, sim_iface *oif,
                                  sim_rt_result *res) {
  res->rt = NULL;
  res->table = 0;
  res->dev = oif;
  res->daddr = res->nexthop = fl->daddr;
  res->type = NSP_RTN_UNICAST;
  res->src = fl->saddr ? fl->saddr : sim_netns_select_addr(ns, oif, 0, NSP_SCOPE_LINK);
  ip_mkroute_output(ns, fl, res);
  return 0;
}

int sim_ip_route_output_flow(sim_netns *ns, const sim_flow *in, sim_rt_result *res) {
  sim_flow fl = *in;
  sim_iface *oif = NULL;
  memset(res, 0, sizeof *res);
  fl.iif = LOOPBACK_IFINDEX;
  if (fl.saddr) {
    if (ip_is_multicast(fl.saddr) || ip_is_lbcast(fl.saddr) || ip_is_zeronet(fl.saddr))
      return -EINVAL;
    /* __ip_dev_find(): a source must be one of ours */
    if (!fl.anysrc && !sim_netns_addr_is_local(ns, fl.saddr)) return -ENETUNREACH;
  }
  if (fl.oif) {
    if (!(oif = sim_netns_iface_by_index(ns, fl.oif))) return -ENODEV;
    if (!oif->up) return -ENETUNREACH;
    if (ip_is_lbcast(fl.daddr)) return ip_route_output_onlink(ns, &fl, oif, res);
    if (!fl.saddr && !fl.daddr) fl.saddr = sim_netns_select_addr(ns, oif, 0, NSP_SCOPE_HOST);
  }
  res->daddr = fl.daddr;
  /* ip_route_output_key_hash_rcu(): no destination is the source itself,
   * or 127.0.0.1 for both, local, out of lo (found by tests/difffuzz:
   * `ip route get 0.0.0.0` is "local 0.0.0.0 dev lo src 127.0.0.1", lo
   * up or down; nc to 0.0.0.0 is refused by the host itself) */
  if (!fl.daddr) {
    if (!fl.saddr) fl.saddr = 0x7f000001u;
    res->daddr = res->nexthop = res->src = fl.saddr;
    res->dev = sim_netns_lo(ns);
    res->type = NSP_RTN_LOCAL;
    res->flags |= NSP_RTCF_LOCAL;
    return 0;
  }
  sim_fib_res fr;
  int err = sim_fib_lookup_flow(ns, &fl, &fr);
  if (err) return oif ? ip_route_output_onlink(ns, &fl, oif, res) : err;
  const sim_route *r = fr.rt;
  res->rt = r;
  res->table = fr.table;
  res->rule = fr.rule;
  res->type = r->type;
  if (r->type == NSP_RTN_LOCAL) {
    res->dev = sim_netns_lo(ns);
    res->nexthop = fl.daddr;
    res->src = fl.saddr ? fl.saddr : (r->prefsrc ? r->prefsrc : fl.daddr);
    res->flags |= NSP_RTCF_LOCAL;
    return 0;
  }
  const nsp_nh_path *p = ip_route_path(ns, r, &fl, fl.saddr, res);
  if (!p) {
    res->dev = sim_netns_iface_by_index(ns, r->oif);
    res->nexthop = sim_route_nexthop(r, fl.daddr);
    res->gateway = res->nexthop != fl.daddr;
  }
  if (!res->dev) return -ENETUNREACH;
  if (fl.saddr) res->src = fl.saddr;
  else if (p) res->src = r->prefsrc ? r->prefsrc : sim_mp_path_saddr(ns, p, r->scope);
  else res->src = ip_route_prefsrc(ns, r, res->dev);
  ip_mkroute_output(ns, &fl, res);
  if (r->type == NSP_RTN_UNICAST) sim_fnhe_apply(ns, fl.daddr, res);
  return 0;
}

int sim_ip_route_output_err(sim_netns *ns, uint32_t dst, uint32_t src, sim_iface *oif,
                            sim_rt_result *res) {
  sim_flow fl = {.daddr = dst, .saddr = src, .oif = oif ? oif->ifindex : 0};
  return sim_ip_route_output_flow(ns, &fl, res);
}

bool sim_ip_route_output(sim_netns *ns, uint32_t dst, uint32_t src, sim_iface *oif,
                         sim_rt_result *res) {
  return sim_ip_route_output_err(ns, dst, src, oif, res) == 0;
}

/* martian_source: in the kernel here (6.18) the route lookup fails with
 * EINVAL whatever fib_validate_source() said; EXDEV, the reverse path
 * filter, is kept apart for its counter (IPReversePathFilter) */
static int ip_martian_source(sim_rt_result *res, int err) {
  res->martian = true;
  res->rpf = err == -EXDEV;
  return -EINVAL;
}

int sim_ip_route_input(sim_iface *in, const sim_flow *in_fl, sim_rt_result *res) {
  sim_netns *ns = in->ns;
  sim_flow fl = *in_fl;
  memset(res, 0, sizeof *res);
  res->type = NSP_RTN_UNREACHABLE;
  res->martian = true;
  if (ip_is_multicast(fl.saddr) || ip_is_lbcast(fl.saddr)) return -EINVAL; /* martian source */
  if (ip_is_lbcast(fl.daddr) || (!fl.saddr && !fl.daddr)) goto brd_input;
  if (ip_is_zeronet(fl.saddr) || ip_is_zeronet(fl.daddr)) return -EINVAL;
  /* route_localnet is 0: 127/8 is a martian on the wire */
  if (ip_is_loopback(fl.daddr) || ip_is_loopback(fl.saddr)) return -EINVAL;
  res->martian = false;
  fl.oif = 0;
  fl.iif = in->ifindex;
  fl.scope = NSP_SCOPE_UNIVERSE;
  sim_fib_res fr;
  int err = sim_fib_lookup_flow(ns, &fl, &fr);
  if (err) return sim_iface_forwarding(in) ? err : -EHOSTUNREACH;
  res->rt = fr.rt;
  res->table = fr.table;
  res->rule = fr.rule;
  if (fr.rt->type == NSP_RTN_BROADCAST) goto brd_input;
  if (fr.rt->type == NSP_RTN_LOCAL) {
    err = sim_ip_validate_source(in, fl.saddr, fl.daddr, fl.tos, 0);
    if (err < 0) return ip_martian_source(res, err);
    res->type = NSP_RTN_LOCAL;
    res->dev = sim_netns_lo(ns);
    res->flags = NSP_RTCF_LOCAL;
    return 0;
  }
  if (!sim_iface_forwarding(in)) return -EHOSTUNREACH;
  if (fr.rt->type != NSP_RTN_UNICAST) return -EINVAL; /* martian destination */
  if (!ip_route_path(ns, fr.rt, &fl, 0, res)) {
    res->dev = sim_netns_iface_by_index(ns, fr.rt->oif);
    res->nexthop = sim_route_nexthop(fr.rt, fl.daddr);
    res->gateway = res->nexthop != fl.daddr;
  }
  sim_fnhe_apply(ns, fl.daddr, res); /* __mkroute_input(): find_exception() */
  /* __mkroute_input() */
  err = sim_ip_validate_source(in, fl.saddr, fl.daddr, fl.tos, res->dev ? res->dev->ifindex : 0);
  if (err < 0) return ip_martian_source(res, err);
  res->type = NSP_RTN_UNICAST;
  /* back out where it came from, to a source on that link: the sender
   * would do better to go there directly (shared_media is 1) */
  if (err && sim_redirect_mark(in, res, fl.saddr)) res->flags |= NSP_RTCF_DOREDIRECT;
  return 0;
brd_input:
  if (fl.saddr) {
    err = sim_ip_validate_source(in, fl.saddr, 0, fl.tos, 0);
    if (err < 0) return ip_martian_source(res, err);
  }
  res->type = NSP_RTN_BROADCAST;
  res->dev = sim_netns_lo(ns);
  res->flags = NSP_RTCF_BROADCAST | NSP_RTCF_LOCAL;
  return 0;
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
  /* out of lo, whatever the route's type: lo loops it back (loopback_xmit()) */
  if (res->type == NSP_RTN_LOCAL || (res->dev && res->dev->kind == NSP_LINK_LOOPBACK)) {
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

/* ip_error(): the input route is an error (net/ipv4/route.c).  With
 * forwarding off on the ingress device the packet is dropped silently and
 * counted (IpInAddrErrors for EHOSTUNREACH); with it on, a blackhole
 * (EINVAL) drops it silently and the others send Destination Unreachable
 * back: Net Unreachable (no route, an unreachable rule; IpExtInNoRoutes),
 * Host Unreachable (an unreachable route), Packet Filtered (prohibit),
 * limited by the inet_peer bucket of the source (ip_rt_error_cost 1 s,
 * burst 5 s). */
static void ip_error(sim_iface *in, const uint8_t *pkt, size_t len, int err) {
  sim_netns *ns = in->ns;
  if (!sim_iface_forwarding(in)) {
    if (err == -EHOSTUNREACH) ns->cnt.ip_in_addr_errors++;
    else if (err == -ENETUNREACH) ns->cnt.ip_in_no_routes++;
    ns->cnt.drops[SIM_DROP_FORWARD_OFF]++;
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_FORWARD_OFF,
                   err == -EHOSTUNREACH ? "IpInAddrErrors" : err == -ENETUNREACH ? "IpExtInNoRoutes" : NULL);
    return;
  }
  uint8_t code;
  switch (err) {
  case -EHOSTUNREACH: code = ICMP_HOST_UNREACH; break;
  case -ENETUNREACH: code = ICMP_NET_UNREACH; break;
  case -EACCES: code = ICMP_PKT_FILTERED; break;
  default:
    ns->cnt.drops[SIM_DROP_BLACKHOLE]++;
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_BLACKHOLE, NULL);
    return;
  }
  if (code == ICMP_NET_UNREACH) {
    ns->cnt.ip_in_no_routes++;
    ns->cnt.drops[SIM_DROP_NO_ROUTE]++;
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_NO_ROUTE, "IpExtInNoRoutes");
  } else {
    ns->cnt.drops[SIM_DROP_REJECT]++;
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_REJECT, NULL);
  }
  ipv4_hdr h;
  ipv4_hdr_parse(pkt, len, &h);
  if (!sim_icmp_peer_allow(ns, h.saddr, 1000000000ULL, 5000000000ULL)) {
    ns->cnt.drops[SIM_DROP_RATELIMIT]++;
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_RATELIMIT, NULL);
    return;
  }
  sim_icmp_send_error(ns, in, pkt, len, ICMP_DEST_UNREACH, code, false);
}

/* ip_forward() once the TTL is known to be above 1: skb_cow() (the frame
 * as received stays unchanged), the decrement with an incremental
 * checksum (ip_decrease_ttl()); ID and DF stay as they were; FORWARD,
 * then ip_output()'s POSTROUTING. */
static void ip_forward_slow(sim_iface *in, sim_iface *out, const sim_rt_result *res,
                            const uint8_t *buf, size_t len, sim_nf_skb *skb) {
  sim_netns *ns = in->ns;
  uint8_t pkt[65536];
  memcpy(pkt, buf, len);
  if (!(ns->w->faults & SIM_FAULT_NO_TTL_DECREMENT)) ipv4_hdr_ttl_decrement(pkt);
  /* IPSKB_DOREDIRECT: Redirect Host quoting the packet as it leaves */
  if (res->flags & NSP_RTCF_DOREDIRECT) sim_redirect_send(in, res, pkt, len);
  if (sim_nf_hook(ns, NSP_NF_FORWARD, in, out, pkt, len, skb) == SIM_NF_DROP) return;
  ns->cnt.ip_forw_datagrams++;
  sim_trace_forward(in, out, res, pkt, len);
  /* the path's gateway (multipath: the one the flow's hash chose) */
  ip_finish(ns, out, res->nexthop, pkt, len, skb);
}

/* The same when nothing between the copy and the wire can look at the
 * packet or send one of its own -- no redirect to send, no netfilter in
 * the namespace (ns->nf: no hook, no conntrack), no fragments, a
 * neighbour ready (sim_neigh_hh_reserve()) -- so the copy skb_cow() makes
 * is the frame itself, in the wire's ring behind its Ethernet header:
 * one copy a hop instead of two, and no stack buffer.  What the slow path
 * does in between, the count and the trace, is done here in its order. */
static bool ip_forward_fast(sim_iface *in, sim_iface *out, const sim_rt_result *res,
                            const uint8_t *buf, size_t len) {
  sim_netns *ns = in->ns;
  if ((res->flags & NSP_RTCF_DOREDIRECT) || ns->nf || len > out->mtu) return false;
  uint8_t *pkt = sim_neigh_hh_reserve(out, res->nexthop, len);
  if (!pkt) return false;
  memcpy(pkt, buf, len);
  if (!(ns->w->faults & SIM_FAULT_NO_TTL_DECREMENT)) ipv4_hdr_ttl_decrement(pkt);
  ns->cnt.ip_forw_datagrams++;
  sim_trace_forward(in, out, res, pkt, len);
  sim_link_xmit(out);
  return true;
}

/* ip_forward(): TTL check before anything else is touched, then the
 * copy that goes out. */
static void ip_forward(sim_iface *in, const sim_rt_result *res, const uint8_t *buf, size_t len,
                       sim_nf_skb *skb) {
  sim_netns *ns = in->ns;
  if (buf[8] <= 1) {
    ns->cnt.ip_in_hdr_errors++;
    ns->cnt.drops[SIM_DROP_TTL]++;
    sim_trace_drop(ns, in, buf, len, SIM_DROP_TTL, "IpInHdrErrors");
    sim_icmp_send_error(ns, in, buf, len, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, false);
    return;
  }
  sim_iface *out = res->dev;
  if (!out || !out->up) {
    ns->cnt.drops[SIM_DROP_IF_DOWN]++;
    return;
  }
  if (ip_forward_fast(in, out, res, buf, len)) return;
  /* res may be the route cache's entry, which a packet routed meanwhile
   * (a redirect, a netfilter reply through lo) could overwrite */
  sim_rt_result copy = *res;
  ip_forward_slow(in, out, &copy, buf, len, skb);
}

/* ip_protocol_deliver_rcu(): the protocol's handler; with none (and no
 * raw socket for it) Protocol Unreachable goes back, rate limited as every
 * Destination Unreachable (IPSTATS_MIB_INUNKNOWNPROTOS). */
static void ip_protocol_deliver(sim_netns *ns, sim_iface *in, const uint8_t *buf, size_t len,
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

/* ip_local_deliver(): reassembly, INPUT, then the protocol. */
static void ip_local_deliver(sim_iface *in, uint8_t *buf, size_t len, const ipv4_hdr *h,
                             sim_nf_skb *skb) {
  sim_netns *ns = in->ns;
  if (h->frag & (IPV4_FLAG_MF | IPV4_OFFSET_MASK)) {
    uint8_t *whole = g_malloc(65536);
    ns->cnt.ip_reasm_reqds++;
    size_t n = sim_frag_reassemble(ns, buf, h, whole);
    if (n) sim_ip_input(in, whole, n);
    g_free(whole);
    return;
  }
  if (sim_nf_hook(ns, NSP_NF_INPUT, in, NULL, buf, len, skb) == SIM_NF_DROP) return;
  ns->cnt.ip_in_delivers++;
  sim_trace_deliver(in, buf, len);
  ip_protocol_deliver(ns, in, buf, len, h->proto, false);
}

/* ip_rcv_finish(): the route of the packet (after PREROUTING's DNAT),
 * then local delivery or forwarding; h is the header as sim_ip_input()
 * checked and read it (after NAT, read again). */
static void ip_route_in(sim_iface *in, uint8_t *buf, size_t len, const ipv4_hdr *h,
                        sim_nf_skb *skb) {
  sim_netns *ns = in->ns;
  if (in->kind == NSP_LINK_LOOPBACK) {
    if (sim_netns_addr_is_local(ns, h->daddr) || ip_is_lbcast(h->daddr)) {
      ip_local_deliver(in, buf, len, h, skb);
    } else {
      ns->cnt.drops[SIM_DROP_MARTIAN]++;
      sim_trace_drop(ns, in, buf, len, SIM_DROP_MARTIAN, NULL);
    }
    return;
  }
  /* the namespace's cached answer (sim/rtcache.c) is used in place */
  sim_rt_result res;
  const sim_rt_result *rp = sim_rtcache_hit(in, h->saddr, h->daddr, h->tos);
  if (!rp) {
    sim_flow fl = {.daddr = h->daddr, .saddr = h->saddr, .tos = h->tos, .pkt = buf, .pkt_len = len};
    int err = sim_ip_route_input_cached(in, &fl, &res);
    if (err && res.martian) {
      /* ip_handle_martian_source(): dropped, counted in no MIB (an rp_filter
       * drop, EXDEV, is IPReversePathFilter in /proc/net/netstat) */
      ns->cnt.drops[res.rpf ? SIM_DROP_RP_FILTER : SIM_DROP_MARTIAN]++;
      sim_trace_drop(ns, in, buf, len, res.rpf ? SIM_DROP_RP_FILTER : SIM_DROP_MARTIAN,
                     res.rpf ? "TcpExtIPReversePathFilter" : NULL);
      return;
    }
    if (err) {
      ip_error(in, buf, len, err);
      return;
    }
    rp = &res;
  }
  if (rp->type == NSP_RTN_BROADCAST) {
    /* brd_input: ip_local_deliver() as for a local address; never forwarded */
    if (sim_nf_hook(ns, NSP_NF_INPUT, in, NULL, buf, len, skb) == SIM_NF_DROP) return;
    ns->cnt.ip_in_delivers++;
    ip_protocol_deliver(ns, in, buf, len, h->proto, true);
    return;
  }
  if (rp->type == NSP_RTN_LOCAL) {
    ip_local_deliver(in, buf, len, h, skb);
    return;
  }
  ip_forward(in, rp, buf, len, skb);
}

/* ip_rcv() + ip_route_input_slow() + ip_local_deliver().  What comes in on
 * the loopback was routed on output already (loopback_xmit() keeps the
 * skb's route): what was routed to one of our addresses is delivered
 * without a second lookup, anything else (a route to 10.0.0.0/8 dev lo)
 * meets dst_discard(), counted in IpInReceives only (seen on the kernel;
 * found by tests/fuzz/fuzz_wire).  PREROUTING (conntrack, DNAT) runs on a
 * copy of the packet NAT may rewrite (skb_ensure_writable()). */
void sim_ip_input(sim_iface *in, const uint8_t *buf, size_t len) {
  sim_netns *ns = in->ns;
  ipv4_hdr h;
  ns->cnt.ip_in_receives++;
  if (ipv4_hdr_parse(buf, len, &h) != PROTO_OK) {
    ns->cnt.ip_in_hdr_errors++;
    ns->cnt.drops[SIM_DROP_MALFORMED]++;
    return;
  }
  len = h.tot_len; /* Ethernet padding is not ours */
  sim_trace_in(in, buf, len);
  sim_nf_skb skb = {0};
  if (!ns->nf) {
    /* no netfilter here: nothing writes to the packet on its way, and
     * the header read once serves the whole hop */
    ip_route_in(in, (uint8_t *)buf, len, &h, &skb);
    return;
  }
  sim_pkt *own = sim_pkt_get(ns->w, len);
  memcpy(own->data, buf, len);
  if (sim_nf_hook(ns, NSP_NF_PREROUTING, in, NULL, own->data, len, &skb) == SIM_NF_ACCEPT) {
    ipv4_hdr_read(own->data, &h); /* DNAT may have rewritten it; it keeps it whole */
    ip_route_in(in, own->data, len, &h, &skb);
  }
  sim_nf_skb_done(&skb);
  sim_pkt_put(ns->w, own);
}
