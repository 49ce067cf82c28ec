/* ICMP (net/ipv4/icmp.c): echo replies, errors and their rate limits. */
#include <string.h>

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/sim.h"
#include "sim/trace_hooks.h"
#include "sim/tcp.h"
#include "sim/udp.h"

#define NS_PER_S 1000000000ULL
#define XRLIM_BURST_FACTOR 6
#define ICMP_ERR_QUOTE_MAX 576   /* RFC 1812 4.3.2.3, as __icmp_send() applies it */
#define IPTOS_TOS_MASK 0x1e
#define IPTOS_PREC_INTERNETCONTROL 0xc0

typedef struct {
  uint64_t tokens;
  uint64_t last;
} icmp_peer;

/* inet_peer_xrlim_allow() and ip_error()'s bucket: both spend the same
 * inet_peer's tokens, "twice limited: by source and by destination". A new
 * peer starts as if last seen 60 s ago, i.e. with a full bucket. */
bool sim_icmp_peer_allow(sim_netns *ns, uint32_t addr, uint64_t cost, uint64_t burst) {
  uint64_t now = ns->w->now;
  if (!ns->icmp_peers)
    ns->icmp_peers = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  icmp_peer *p = g_hash_table_lookup(ns->icmp_peers, GUINT_TO_POINTER(addr));
  if (!p) {
    p = g_new0(icmp_peer, 1);
    p->last = now - (now < 60 * NS_PER_S ? now : 60 * NS_PER_S);
    if (now < 60 * NS_PER_S) p->tokens = 60 * NS_PER_S - now;
    g_hash_table_insert(ns->icmp_peers, GUINT_TO_POINTER(addr), p);
  }
  p->tokens += now - p->last;
  p->last = now;
  if (p->tokens > burst) p->tokens = burst;
  if (p->tokens < cost) return false;
  p->tokens -= cost;
  return true;
}

/* The ICMP socket's TTL is ip_select_ttl(): no IP_TTL set, so the route's
 * hoplimit metric, i.e. net.ipv4.ip_default_ttl (net/ipv4/ip_output.c). */
static size_t icmp_build(sim_netns *ns, uint8_t *out, uint32_t src, uint32_t dst, uint8_t tos,
                         const icmp_hdr *ih, const uint8_t *payload, size_t plen) {
  ipv4_hdr h = {.ihl = IPV4_HDR_LEN, .tos = tos, .id = sim_ip_next_id(ns), .frag = 0,
                .ttl = (uint8_t)ns->ip_default_ttl,
                .proto = IPV4_PROTO_ICMP, .saddr = src, .daddr = dst};
  h.tot_len = (uint16_t)(IPV4_HDR_LEN + ICMP_HDR_LEN + plen);
  ipv4_hdr_emit(&h, out, IPV4_HDR_LEN);
  icmp_emit(ih, payload, plen, out + IPV4_HDR_LEN, ICMP_HDR_LEN + plen);
  return h.tot_len;
}

static bool icmp_error_is_suppressed(sim_netns *ns, const ipv4_hdr *h, const uint8_t *pkt,
                                     size_t len) {
  if (h->frag & IPV4_OFFSET_MASK) return true; /* only about fragment 0 */
  if ((h->daddr >> 28) == 0xe || h->daddr == 0xffffffffu) return true;
  if ((h->saddr >> 28) == 0xe || h->saddr == 0) return true;
  sim_fib_filter f = {0};
  const sim_route *r = sim_fib_lookup(&ns->local, h->daddr, &f);
  if (r && r->type == NSP_RTN_BROADCAST) return true;
  /* "If we send an ICMP error to an ICMP error, mayhem will result." */
  if (h->proto == IPV4_PROTO_ICMP && len > h->ihl && icmp_type_is_error(pkt[h->ihl])) return true;
  return false;
}

/* __icmp_send(): the source is the offending packet's destination when that
 * was us, otherwise (icmp_errors_use_inbound_ifaddr=0) whatever the route
 * back to the sender prefers; TOS 0xc0 | the original's TOS bits; TTL
 * ip_default_ttl;
 * no DF (the ICMP socket uses IP_PMTUDISC_DONT); as much of the original as
 * fits in 576 bytes. */
void sim_icmp_send_error(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len,
                         uint8_t type, uint8_t code, bool local_dst) {
  ipv4_hdr h;
  if (ipv4_hdr_parse(pkt, len, &h) != PROTO_OK) return;
  if (icmp_error_is_suppressed(ns, &h, pkt, len)) return;
  uint32_t saddr = local_dst ? h.daddr : 0;
  if (!local_dst && in && ns->icmp_errors_use_inbound_ifaddr)
    saddr = sim_netns_select_addr(ns, in, h.saddr, NSP_SCOPE_LINK);
  /* icmp_route_lookup(): the route back hashes the offending packet
   * (ip_route_output_key_hash(..., skb_in)), the ICMP type and code in
   * the flow's port bytes */
  sim_flow fl = {.daddr = h.saddr, .saddr = saddr, .proto = IPV4_PROTO_ICMP,
                 .dport = (uint16_t)(type << 8 | code), .pkt = pkt, .pkt_len = len};
  sim_rt_result res;
  if (sim_ip_route_output_flow(ns, &fl, &res)) {
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_NO_ROUTE_BACK, NULL);
    return;
  }
  uint64_t rl = (uint64_t)(ns->icmp_ratelimit_ms > 0 ? ns->icmp_ratelimit_ms : 0) * 1000000ULL;
  /* icmpv4_xrlim_allow(): icmp_ratelimit 0 still goes through the peer's
   * bucket (inet_peer_xrlim_allow() with timeout 0 always allows, and
   * leaves no tokens) -- the bucket ip_error() takes its Net and Host
   * Unreachables from: recorded, a router with icmp_ratelimit 0 that has
   * just sent Time Exceededs answers the next probes' no-route with one !N
   * a second (tests/scenarios/kernel/93-traceroute-stopped.txt) */
  bool limited = ((1u << type) & (unsigned)ns->icmp_ratemask) &&
                 !(type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED);
  if (limited && res.type != NSP_RTN_LOCAL &&
      !sim_icmp_peer_allow(ns, h.saddr, rl, XRLIM_BURST_FACTOR * rl)) {
    ns->cnt.drops[SIM_DROP_RATELIMIT]++;
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_RATELIMIT, "IcmpOutRateLimitHost");
    return;
  }
  size_t room = ICMP_ERR_QUOTE_MAX - IPV4_HDR_LEN - ICMP_HDR_LEN;
  size_t quote = len < room ? len : room;
  icmp_hdr ih = {.type = type, .code = code};
  uint8_t out[ICMP_ERR_QUOTE_MAX];
  uint8_t tos = (uint8_t)((h.tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL);
  size_t n = icmp_build(ns, out, res.src, h.saddr, tos, &ih, pkt, quote);
  ns->cnt.icmp_out_msgs++;
  sim_ip_output(ns, &res, out, n);
}

/* icmp_echo() -> icmp_reply(): from the address that was pinged, TOS copied,
 * TTL ip_default_ttl, no DF; never rate limited under the default mask. */
static void icmp_echo_reply(sim_netns *ns, const ipv4_hdr *h, const uint8_t *icmp, size_t ilen) {
  sim_rt_result res;
  sim_flow fl = {.daddr = h->saddr, .saddr = h->daddr, .proto = IPV4_PROTO_ICMP};
  /* icmp_reply(): a failed route lookup ends it, counted nowhere */
  if (sim_ip_route_output_flow(ns, &fl, &res)) {
    sim_trace_drop(ns, NULL, icmp - h->ihl, h->tot_len, SIM_DROP_NO_ROUTE_BACK, NULL);
    return;
  }
  icmp_hdr ih = {.type = ICMP_ECHOREPLY, .code = 0, .id = inet_get16(icmp + 4),
                 .seq = inet_get16(icmp + 6)};
  uint8_t out[65536];
  size_t n = icmp_build(ns, out, h->daddr, h->saddr, h->tos, &ih, icmp + ICMP_HDR_LEN,
                        ilen - ICMP_HDR_LEN);
  ns->cnt.icmp_out_msgs++;
  sim_ip_output(ns, &res, out, n);
}

/* icmp_unreach() and icmp_redirect() -> icmp_socket_deliver(): an error
 * quoting at least a header and 8 bytes goes to the quoted protocol's
 * error handler, which finds the socket that sent it. */
static void icmp_socket_deliver(sim_netns *ns, sim_iface *in, const icmp_hdr *ih, const uint8_t *icmp,
                                size_t ilen, const uint8_t *pkt, size_t len) {
  if (ih->type != ICMP_DEST_UNREACH && ih->type != ICMP_SOURCE_QUENCH &&
      ih->type != ICMP_REDIRECT && ih->type != ICMP_TIME_EXCEEDED && ih->type != ICMP_PARAMETERPROB)
    return;
  if (ilen < ICMP_HDR_LEN + IPV4_HDR_LEN) return;
  const uint8_t *q = icmp + ICMP_HDR_LEN;
  size_t qihl = (size_t)(q[0] & 0x0f) * 4;
  if (qihl < IPV4_HDR_LEN || ilen < ICMP_HDR_LEN + qihl + 8) return;
  if (q[9] == IPV4_PROTO_UDP) sim_udp_err(ns, in ? in->ifindex : 0, pkt, len);
  else if (q[9] == IPV4_PROTO_TCP) sim_tcp_err(ns, pkt, len);
}

void sim_icmp_input(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len, bool bcast) {
  ipv4_hdr h;
  icmp_hdr ih;
  if (ipv4_hdr_parse(pkt, len, &h) != PROTO_OK || h.proto != IPV4_PROTO_ICMP) return;
  const uint8_t *icmp = pkt + h.ihl;
  size_t ilen = h.tot_len - h.ihl;
  if (icmp_parse(icmp, ilen, &ih) != PROTO_OK) { /* icmp_rcv(): IcmpInCsumErrors, IcmpInErrors */
    ns->cnt.drops[SIM_DROP_MALFORMED]++;
    return;
  }
  ns->cnt.icmp_in_msgs++;
  sim_sock_deliver(ns, pkt, h.tot_len); /* raw sockets see every ICMP message */
  icmp_socket_deliver(ns, in, &ih, icmp, ilen, pkt, h.tot_len);
  /* icmp_echo_ignore_broadcasts = 1 */
  if (ih.type == ICMP_ECHO && !ns->icmp_echo_ignore_all && !(bcast && ns->icmp_echo_ignore_broadcasts))
    icmp_echo_reply(ns, &h, icmp, ilen);
  else if (ih.type == ICMP_ECHO) /* icmp_echo(): counted as IcmpInEchos, not answered */
    sim_trace_drop(ns, in, pkt, h.tot_len, SIM_DROP_ECHO_IGNORED, NULL);
}
