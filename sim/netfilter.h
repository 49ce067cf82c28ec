/* Netfilter in the simulation: the tables iptables fills (core/nf.h) run
 * at the IPv4 path's hooks, where net/ipv4 calls NF_HOOK() --
 *
 *   PREROUTING   ip_rcv(), before the route lookup: conntrack, then the
 *                nat table (DNAT)
 *   INPUT        ip_local_deliver(), after reassembly: filter, nat (SNAT),
 *                conntrack's confirm
 *   FORWARD      ip_forward(), after the TTL's decrement: filter
 *   OUTPUT       __ip_local_out(): conntrack, nat (DNAT: routed again),
 *                filter
 *   POSTROUTING  ip_output(), before fragmentation and the neighbour:
 *                nat (SNAT, MASQUERADE), conntrack's confirm
 *
 * in the order of their priorities (NF_IP_PRI_CONNTRACK -200, NAT_DST
 * -100, FILTER 0, NAT_SRC 100, CONNTRACK_CONFIRM last).  Rules are walked
 * as nf_tables walks iptables-nft's chains: jumps, gotos, RETURN, the
 * policy of a built-in chain, counters of packets and bytes (the IP
 * packet's length). */
#ifndef SIM_NETFILTER_H
#define SIM_NETFILTER_H

#include "core/nf.h"
#include "sim/conntrack.h"
#include "sim/sim.h"

typedef struct sim_netns sim_netns;
typedef struct sim_iface sim_iface;

typedef struct sim_nf {
  nsp_nf_table *tables[NSP_NF_NTABLES]; /* NULL until iptables first touched it */
  sim_ct_table *ct;
  bool ct_on;   /* conntrack runs (a nat chain, a state or conntrack match) */
  bool nat_on;  /* NAT's hooks run (a nat chain exists) */
} sim_nf;

typedef enum { SIM_NF_ACCEPT, SIM_NF_DROP } sim_nf_verdict;

/* The backend's nf_table_get and nf_table_set. */
nsp_nf_table *sim_nf_table_get(sim_netns *ns, nsp_nf_table_id id);
void sim_nf_table_set(sim_netns *ns, const nsp_nf_table *t);
void sim_nf_free(sim_nf *nf);

/* Runs hook h over the whole IPv4 packet pkt (rewritten in place by NAT,
 * its length unchanged); skb is the packet's conntrack from hook to hook
 * (zeroed before its first hook, sim_nf_skb_done() after its last).  in
 * and out as the hook has them (NULL: none).  DROP: the packet is gone
 * (a REJECT has sent its answer). */
sim_nf_verdict sim_nf_hook_run(sim_netns *ns, nsp_nf_hook h, sim_iface *in, sim_iface *out,
                               uint8_t *pkt, size_t len, sim_nf_skb *skb);
/* inline: a namespace without rules (ns->nf NULL, the usual case) pays a
 * test per hook on the per-packet path, not a call (instr_budget's hop) */
static inline sim_nf_verdict sim_nf_hook(sim_netns *ns, nsp_nf_hook h, sim_iface *in,
                                         sim_iface *out, uint8_t *pkt, size_t len,
                                         sim_nf_skb *skb) {
  return ns->nf ? sim_nf_hook_run(ns, h, in, out, pkt, len, skb) : SIM_NF_ACCEPT;
}
static inline void sim_nf_skb_done(sim_nf_skb *skb) {
  if (skb->ct) sim_ct_release(skb);
}
/* The REJECT target (net/ipv4/netfilter/nf_reject_ipv4.c): an ICMP error
 * or a TCP reset about pkt, sent from this namespace. */
void sim_nf_reject(sim_netns *ns, nsp_nf_hook h, sim_iface *in, const uint8_t *pkt, size_t len,
                   uint8_t with, sim_nf_skb *skb);

#endif
