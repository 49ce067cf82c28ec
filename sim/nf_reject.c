/* iptables' REJECT target (net/ipv4/netfilter/ipt_REJECT.c reject_tg(),
 * nf_reject_ipv4.c).
 *
 * An ICMP type: nf_send_unreach() -> icmp_send() about the packet as it is
 * at the hook (after a DNAT before it): the same error, source and rate
 * limit as any Destination Unreachable of this namespace (sim/icmp.c).
 * The error then meets OUTPUT and POSTROUTING, where conntrack finds it
 * RELATED to the packet's connection and NAT translates it.
 *
 * tcp-reset: nf_send_reset() builds the RST itself (nf_reject_iphdr_put():
 * TOS 0, ID 0, DF, TTL the route's hop limit; nf_reject_ip_tcphdr_put():
 * the ports swapped, the segment's ack as sequence, or an ACK of all it
 * occupied; window 0, no options, the checksum left CHECKSUM_PARTIAL),
 * from the packet's own destination even when forwarding
 * (ip_route_me_harder() with FLOWI_FLAG_ANYSRC), and sends it through
 * ip_local_out() with the connection attached (nf_ct_attach(): the
 * reply's direction), which it marks closing. */
#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "proto/tcp.h"
#include "sim/netfilter.h"
#include "sim/sim.h"

static const uint8_t reject_codes[] = {
    [NSP_NF_REJ_NET_UNREACH] = ICMP_NET_UNREACH,   [NSP_NF_REJ_HOST_UNREACH] = ICMP_HOST_UNREACH,
    [NSP_NF_REJ_PROT_UNREACH] = ICMP_PROT_UNREACH, [NSP_NF_REJ_PORT_UNREACH] = ICMP_PORT_UNREACH,
    [NSP_NF_REJ_NET_PROHIB] = 9,                   [NSP_NF_REJ_HOST_PROHIB] = 10,
    [NSP_NF_REJ_ADMIN_PROHIB] = 13,
};

static void reject_reset(sim_netns *ns, const uint8_t *pkt, size_t len, sim_nf_skb *skb) {
  ipv4_hdr ih;
  tcp_hdr in;
  if (ipv4_hdr_parse(pkt, len, &ih) != PROTO_OK || ih.proto != IPV4_PROTO_TCP) return;
  if (ih.frag & IPV4_OFFSET_MASK) return;
  size_t tlen = ih.tot_len - ih.ihl;
  if (tcp_parse(pkt + ih.ihl, tlen, ih.saddr, ih.daddr, false, &in) != PROTO_OK) return;
  if (in.flags & TCP_RST) return; /* "No RST for RST." */
  tcp_hdr h = {.sport = in.dport, .dport = in.sport, .flags = TCP_RST, .opt = {.wscale = -1}};
  if (in.flags & TCP_ACK) {
    h.seq = in.ack;
  } else {
    h.flags |= TCP_ACK;
    h.ack = in.seq + (uint32_t)(tlen - in.hlen) + ((in.flags & TCP_SYN) ? 1 : 0) +
            ((in.flags & TCP_FIN) ? 1 : 0);
  }
  sim_rt_result res;
  sim_flow fl = {.daddr = ih.saddr, .saddr = ih.daddr, .anysrc = true};
  if (sim_ip_route_output_flow(ns, &fl, &res) != 0) return;
  if (res.type == NSP_RTN_BROADCAST) return;
  uint8_t out[IPV4_HDR_LEN + TCP_HDR_LEN];
  tcp_emit(&h, ih.daddr, ih.saddr, NULL, 0, PROTO_CSUM_PARTIAL, out + IPV4_HDR_LEN, TCP_HDR_LEN);
  ipv4_hdr oh = {.ihl = IPV4_HDR_LEN, .tot_len = sizeof out, .id = 0, .frag = IPV4_FLAG_DF,
                 .ttl = (uint8_t)ns->ip_default_ttl, .proto = IPV4_PROTO_TCP,
                 .saddr = ih.daddr, .daddr = ih.saddr};
  ipv4_hdr_emit(&oh, out, IPV4_HDR_LEN);
  sim_nf_skb attach = {0};
  if (skb && skb->ct) {
    attach.ct = skb->ct;
    attach.ctinfo = SIM_CTINFO_DIR(skb->ctinfo) == SIM_CT_DIR_ORIGINAL ? SIM_CTINFO_RELATED_REPLY
                                                                       : SIM_CTINFO_RELATED;
    sim_ct_set_closing(skb->ct, ns->w->now);
  }
  sim_ip_output_skb(ns, &res, out, sizeof out, &attach);
}

void sim_nf_reject(sim_netns *ns, nsp_nf_hook h, sim_iface *in, const uint8_t *pkt, size_t len,
                   uint8_t with, sim_nf_skb *skb) {
  if (with == NSP_NF_REJ_TCP_RESET) {
    reject_reset(ns, pkt, len, skb);
    return;
  }
  if (with >= G_N_ELEMENTS(reject_codes)) return;
  ipv4_hdr ih;
  if (ipv4_hdr_parse(pkt, len, &ih) != PROTO_OK || (ih.frag & IPV4_OFFSET_MASK)) return;
  /* nf_reject_skb_v4_unreach(): never an unreachable about an unreachable */
  if (ih.proto == IPV4_PROTO_ICMP && len > ih.ihl && pkt[ih.ihl] == ICMP_DEST_UNREACH) return;
  /* icmp_send(): the source is the packet's destination when that is us
   * (RTCF_LOCAL: the INPUT hook, or OUTPUT to ourselves) */
  bool local = h == NSP_NF_INPUT || sim_netns_addr_is_local(ns, ih.daddr);
  sim_icmp_send_error(ns, h == NSP_NF_INPUT || h == NSP_NF_FORWARD ? in : NULL, pkt, len,
                      ICMP_DEST_UNREACH, reject_codes[with], local);
}
