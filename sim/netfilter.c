/* Netfilter's hooks in the simulation (sim/netfilter.h). */
#include "sim/netfilter.h"

#include <string.h>

#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/nf_nat.h"
#include "sim/sim.h"
#include "sim/trace_hooks.h"

/* nf_tables' limit on nested jumps (NFT_JUMP_STACK_SIZE) */
#define NF_JUMP_DEPTH 16

/* What the rules look at, taken from the packet once per hook. */
typedef struct {
  nsp_nf_hook hook;
  const sim_iface *in, *out;
  uint8_t *pkt;
  size_t len;
  uint32_t src, dst;
  uint8_t proto;
  bool ports;          /* sport/dport read (TCP or UDP, the first fragment) */
  uint16_t sport, dport;
  unsigned ctstate;    /* NSP_NF_CT_* of the packet */
  sim_nf_skb *skb;
  sim_netns *ns;
} nf_pkt;

/* What a chain's walk ended with. */
typedef enum { NF_CONTINUE, NF_RETURN, NF_VERDICT } nf_walk;

typedef struct {
  nsp_nf_target target;  /* ACCEPT or DROP (REJECT, NAT targets resolved) */
  const nsp_nf_chain *chain;
  size_t rule;           /* 1-based; 0: the policy */
} nf_result;

static sim_nf *nf_get(sim_netns *ns) {
  if (!ns->nf) ns->nf = g_new0(sim_nf, 1);
  return ns->nf;
}

nsp_nf_table *sim_nf_table_get(sim_netns *ns, nsp_nf_table_id id) {
  sim_nf *nf = nf_get(ns);
  if (!nf->tables[id]) nf->tables[id] = nsp_nf_table_new(id);
  return nsp_nf_table_copy(nf->tables[id]);
}

/* nf_ct_netns_get(): conntrack runs while a nat chain or a state/conntrack
 * match is there (the entries it made stay until they time out). */
static void nf_sync(sim_nf *nf) {
  nf->nat_on = false;
  bool ct = false;
  for (int t = 0; t < NSP_NF_NTABLES; t++) {
    const nsp_nf_table *tab = nf->tables[t];
    for (size_t i = 0; tab && i < tab->n; i++) {
      const nsp_nf_chain *c = &tab->chains[i];
      if (t == NSP_NF_NAT && c->builtin && c->made) nf->nat_on = true;
      for (size_t k = 0; k < c->n; k++)
        for (int m = 0; m < NSP_NF_MATCHES; m++)
          if (c->rules[k].matches[m] == NSP_NF_M_STATE || c->rules[k].matches[m] == NSP_NF_M_CONNTRACK)
            ct = true;
    }
  }
  nf->ct_on = ct || nf->nat_on;
  if (nf->ct_on && !nf->ct) nf->ct = sim_ct_table_new();
}

void sim_nf_table_set(sim_netns *ns, const nsp_nf_table *t) {
  sim_nf *nf = nf_get(ns);
  nsp_nf_table_free(nf->tables[t->id]);
  nf->tables[t->id] = nsp_nf_table_copy(t);
  nf_sync(nf);
}

void sim_nf_free(sim_nf *nf) {
  if (!nf) return;
  for (int t = 0; t < NSP_NF_NTABLES; t++) nsp_nf_table_free(nf->tables[t]);
  sim_ct_table_free(nf->ct);
  g_free(nf);
}


/* ---- matching ------------------------------------------------------------ */

/* ifname_compare(): "veth+" matches every name that starts "veth" */
static bool nf_iface_match(const char *want, const sim_iface *dev) {
  const char *name = dev ? dev->name : "";
  size_t n = strlen(want);
  if (n && want[n - 1] == '+') return strncmp(name, want, n - 1) == 0;
  return strcmp(name, want) == 0;
}

/* icmp_match() (net/ipv4/netfilter/ip_tables.c): type 0xff is any; a later
 * fragment or a short header never matches */
static bool nf_icmp_match(const nsp_nf_rule *r, const nf_pkt *p) {
  size_t ihl = (size_t)(p->pkt[0] & 0x0f) * 4;
  if (p->proto != IPV4_PROTO_ICMP || (inet_get16(p->pkt + 6) & IPV4_OFFSET_MASK) ||
      p->len < ihl + 2)
    return false;
  uint8_t type = p->pkt[ihl], code = p->pkt[ihl + 1];
  bool m = r->icmp_type == 0xff ||
           (type == r->icmp_type && code >= r->icmp_code[0] && code <= r->icmp_code[1]);
  return m != !!(r->inv & NSP_NF_INV_ICMP);
}

/* ports_match_v1() (net/netfilter/xt_multiport.c): a port or a range of
 * the list, on the source, the destination or either */
static bool nf_multiport_match(const nsp_nf_rule *r, const nf_pkt *p) {
  for (unsigned i = 0; i < r->mp_count; i++) {
    uint16_t lo = r->mp_ports[i], hi = lo;
    if (r->mp_pflags[i] && i + 1 < r->mp_count) hi = r->mp_ports[++i];
    bool s = p->sport >= lo && p->sport <= hi, d = p->dport >= lo && p->dport <= hi;
    if ((r->mp_flags == NSP_NF_MP_SRC && s) || (r->mp_flags == NSP_NF_MP_DST && d) ||
        (r->mp_flags == NSP_NF_MP_EITHER && (s || d)))
      return true;
  }
  return false;
}

static bool nf_rule_match(const nsp_nf_rule *r, const nf_pkt *p) {
  unsigned inv = r->inv;
  if ((((p->src & r->smsk) == r->src) == !!(inv & NSP_NF_INV_SRC))) return false;
  if ((((p->dst & r->dmsk) == r->dst) == !!(inv & NSP_NF_INV_DST))) return false;
  if (r->iif[0] && nf_iface_match(r->iif, p->in) == !!(inv & NSP_NF_INV_IN)) return false;
  if (r->oif[0] && nf_iface_match(r->oif, p->out) == !!(inv & NSP_NF_INV_OUT)) return false;
  if (r->proto && (p->proto == r->proto) == !!(inv & NSP_NF_INV_PROTO)) return false;
  for (int i = 0; i < NSP_NF_MATCHES && r->matches[i]; i++) {
    switch (r->matches[i]) {
    case NSP_NF_M_ICMP:
      if (!nf_icmp_match(r, p)) return false;
      break;
    case NSP_NF_M_MULTIPORT:
      if (!p->ports || nf_multiport_match(r, p) == !!(inv & NSP_NF_INV_MP)) return false;
      break;
    case NSP_NF_M_L4:
      /* tcp_mt()/udp_mt(): a later fragment never matches */
      if (!p->ports) return false;
      if ((p->sport >= r->spt[0] && p->sport <= r->spt[1]) == !!(inv & NSP_NF_INV_SPT)) return false;
      if ((p->dport >= r->dpt[0] && p->dport <= r->dpt[1]) == !!(inv & NSP_NF_INV_DPT)) return false;
      break;
    case NSP_NF_M_STATE:
    case NSP_NF_M_CONNTRACK:
      if (!!(p->ctstate & r->ctmask) == !!(inv & NSP_NF_INV_CT)) return false;
      break;
    }
  }
  return true;
}

/* conntrack_mt(): the packet's state bits */
static unsigned nf_ctstate(const sim_nf_skb *skb) {
  if (!skb->ct) return NSP_NF_CT_INVALID; /* untracked fragments too: see sim/conntrack.h */
  unsigned s;
  switch (skb->ctinfo) {
  case SIM_CTINFO_NEW: s = NSP_NF_CT_NEW; break;
  case SIM_CTINFO_RELATED:
  case SIM_CTINFO_RELATED_REPLY: s = NSP_NF_CT_RELATED; break;
  default: s = NSP_NF_CT_ESTABLISHED;
  }
  if (skb->ct->status & SIM_CT_SRC_NAT) s |= NSP_NF_CT_SNAT;
  if (skb->ct->status & SIM_CT_DST_NAT) s |= NSP_NF_CT_DNAT;
  return s;
}

static void nf_pkt_read(nf_pkt *p) {
  const uint8_t *pkt = p->pkt;
  size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
  p->src = inet_get32(pkt + 12);
  p->dst = inet_get32(pkt + 16);
  p->proto = pkt[9];
  p->ports = (p->proto == IPV4_PROTO_TCP || p->proto == IPV4_PROTO_UDP) &&
             !(inet_get16(pkt + 6) & IPV4_OFFSET_MASK) && p->len >= ihl + 4;
  if (p->ports) {
    p->sport = inet_get16(pkt + ihl);
    p->dport = inet_get16(pkt + ihl + 2);
  }
  p->ctstate = nf_ctstate(p->skb);
}

/* ---- targets ------------------------------------------------------------- */

/* The NAT targets: a binding for the new connection (nf_nat_setup_info()),
 * NF_ACCEPT; MASQUERADE takes the outgoing device's address toward the
 * next hop (nf_nat_masquerade_ipv4(): inet_select_addr(), none: drop). */
static nsp_nf_target nf_nat_target(const nsp_nf_rule *r, nf_pkt *p) {
  sim_nf_skb *skb = p->skb;
  sim_nat_range range = {.has_addr = r->nat_addr, .has_port = r->nat_port,
                         .addr_lo = r->nat_lo, .addr_hi = r->nat_hi,
                         .port_lo = r->port_lo, .port_hi = r->port_hi};
  if (r->target == NSP_NFT_MASQUERADE) {
    sim_rt_result res;
    uint32_t nh = p->dst;
    if (sim_ip_route_output(p->ns, p->dst, 0, NULL, &res) && res.dev == p->out) nh = res.nexthop;
    uint32_t a = p->out ? sim_netns_select_addr(p->ns, (sim_iface *)p->out, nh, NSP_SCOPE_UNIVERSE) : 0;
    if (!a) return NSP_NFT_DROP;
    range.has_addr = true;
    range.addr_lo = range.addr_hi = a;
  }
  sim_nat_manip m = r->target == NSP_NFT_DNAT ? SIM_NAT_DST : SIM_NAT_SRC;
  if (skb->ct && !sim_nat_initialized(skb->ct, m)) sim_nat_setup(p->ns->nf->ct, skb->ct, m, &range);
  return NSP_NFT_ACCEPT;
}

static nf_walk nf_chain_walk(const nsp_nf_table *t, const nsp_nf_chain *c, nf_pkt *p, int depth,
                             nf_result *res);

/* One rule that matched: counted, then its target. */
static nf_walk nf_rule_fire(const nsp_nf_table *t, const nsp_nf_chain *c, size_t i, nf_pkt *p,
                            int depth, nf_result *res) {
  nsp_nf_rule *r = (nsp_nf_rule *)&c->rules[i];
  r->pkts++;
  r->bytes += p->len;
  *res = (nf_result){.target = r->target, .chain = c, .rule = i + 1};
  switch (r->target) {
  case NSP_NFT_NONE: return NF_CONTINUE;
  case NSP_NFT_ACCEPT:
  case NSP_NFT_DROP: return NF_VERDICT;
  case NSP_NFT_RETURN: return NF_RETURN;
  case NSP_NFT_REJECT:
    sim_nf_reject(p->ns, p->hook, (sim_iface *)p->in, p->pkt, p->len, r->reject_with, p->skb);
    return NF_VERDICT;
  case NSP_NFT_SNAT:
  case NSP_NFT_DNAT:
  case NSP_NFT_MASQUERADE:
    res->target = nf_nat_target(r, p);
    return NF_VERDICT;
  case NSP_NFT_JUMP:
  case NSP_NFT_GOTO: {
    const nsp_nf_chain *to = nsp_nf_chain_find((nsp_nf_table *)t, r->chain);
    if (!to || depth >= NF_JUMP_DEPTH) return NF_CONTINUE;
    nf_walk w = nf_chain_walk(t, to, p, depth + 1, res);
    if (w == NF_VERDICT) return w;
    /* back from the chain: a jump goes on after its rule, a goto
     * returns from this chain too */
    return r->target == NSP_NFT_GOTO ? NF_RETURN : NF_CONTINUE;
  }
  }
  return NF_CONTINUE;
}

static nf_walk nf_chain_walk(const nsp_nf_table *t, const nsp_nf_chain *c, nf_pkt *p, int depth,
                             nf_result *res) {
  for (size_t i = 0; i < c->n; i++) {
    if (!nf_rule_match(&c->rules[i], p)) continue;
    nf_walk w = nf_rule_fire(t, c, i, p, depth, res);
    if (w != NF_CONTINUE) return w;
  }
  return NF_RETURN;
}

/* A built-in chain: its rules, then its policy (counted). */
static nsp_nf_target nf_base_chain(sim_netns *ns, nsp_nf_table *t, nsp_nf_hook h, nf_pkt *p) {
  nsp_nf_chain *c = nsp_nf_chain_find(t, nsp_nf_hook_name(h));
  if (!c || !c->made) return NSP_NFT_ACCEPT;
  nf_result res = {0};
  if (nf_chain_walk(t, c, p, 0, &res) == NF_VERDICT) {
    if (res.target == NSP_NFT_DROP || res.target == NSP_NFT_REJECT)
      sim_trace_nf_drop(ns, p->in ? (sim_iface *)p->in : (sim_iface *)p->out, p->pkt, p->len,
                        nsp_nf_table_name(t->id), res.chain->name, res.rule,
                        res.target == NSP_NFT_REJECT ? "REJECT" : "DROP",
                        &res.chain->rules[res.rule - 1]);
    return res.target == NSP_NFT_REJECT ? NSP_NFT_DROP : res.target;
  }
  if (c->counted) { /* nft_update_chain_stats() */
    c->pkts++;
    c->bytes += p->len;
  }
  if (c->policy == NSP_NFT_DROP)
    sim_trace_nf_drop(ns, p->in ? (sim_iface *)p->in : (sim_iface *)p->out, p->pkt, p->len,
                      nsp_nf_table_name(t->id), c->name, 0, "DROP", NULL);
  return c->policy;
}

/* nf_nat_ipv4_fn() and nf_nat_inet_fn(): a new connection walks the nat
 * chain of the hook (or gets the null binding), then every packet is
 * rewritten as its connection says; an ICMP error is translated inside
 * and out. */
static nsp_nf_target nf_nat_hook(sim_netns *ns, nf_pkt *p) {
  sim_nf *nf = ns->nf;
  sim_nf_skb *skb = p->skb;
  if (!nf->nat_on || !skb->ct) return NSP_NFT_ACCEPT;
  sim_ct *ct = skb->ct;
  if ((skb->ctinfo == SIM_CTINFO_RELATED || skb->ctinfo == SIM_CTINFO_RELATED_REPLY) &&
      p->proto == IPV4_PROTO_ICMP) {
    uint8_t before[64];
    memcpy(before, p->pkt, MIN(p->len, sizeof before));
    if (!sim_nat_icmp_reply(ct, skb->ctinfo, p->hook, p->pkt, p->len)) return NSP_NFT_DROP;
    sim_trace_nat(ns, p->hook, before, p->pkt, p->len,
                  SIM_CTINFO_DIR(skb->ctinfo) == SIM_CT_DIR_REPLY);
    return NSP_NFT_ACCEPT;
  }
  sim_nat_manip m = sim_nat_hook_manip(p->hook);
  if ((skb->ctinfo == SIM_CTINFO_NEW || skb->ctinfo == SIM_CTINFO_RELATED ||
       skb->ctinfo == SIM_CTINFO_RELATED_REPLY) && !sim_nat_initialized(ct, m)) {
    nsp_nf_table *t = nf->tables[NSP_NF_NAT];
    nsp_nf_target v = t ? nf_base_chain(ns, t, p->hook, p) : NSP_NFT_ACCEPT;
    if (v == NSP_NFT_DROP) return v;
    if (!sim_nat_initialized(ct, m)) sim_nat_null_binding(nf->ct, ct, m);
  }
  uint8_t before[64];
  memcpy(before, p->pkt, MIN(p->len, sizeof before));
  sim_nat_packet(ct, skb->ctinfo, p->hook, p->pkt, p->len);
  if (memcmp(before, p->pkt, MIN(p->len, sizeof before)))
    sim_trace_nat(ns, p->hook, before, p->pkt, p->len,
                  SIM_CTINFO_DIR(skb->ctinfo) == SIM_CT_DIR_REPLY);
  return NSP_NFT_ACCEPT;
}

static nsp_nf_target nf_filter_hook(sim_netns *ns, nf_pkt *p) {
  nsp_nf_table *t = ns->nf->tables[NSP_NF_FILTER];
  if (!t || !nsp_nf_table_has_hook(NSP_NF_FILTER, p->hook)) return NSP_NFT_ACCEPT;
  nf_pkt_read(p); /* NAT before may have changed it */
  return nf_base_chain(ns, t, p->hook, p);
}

sim_nf_verdict sim_nf_hook_run(sim_netns *ns, nsp_nf_hook h, sim_iface *in, sim_iface *out,
                               uint8_t *pkt, size_t len, sim_nf_skb *skb) {
  sim_nf *nf = ns->nf;
  if (!nf) return SIM_NF_ACCEPT;
  nf_pkt p = {.hook = h, .in = in, .out = out, .pkt = pkt, .len = len, .skb = skb, .ns = ns};
  /* ipv4_conntrack_in() / ipv4_conntrack_local(): a packet met once */
  if ((h == NSP_NF_PREROUTING || h == NSP_NF_OUTPUT) && nf->ct_on && !skb->ct && !skb->invalid)
    sim_ct_in(ns, nf->ct, pkt, len, skb);
  nf_pkt_read(&p);
  nsp_nf_target v = NSP_NFT_ACCEPT;
  switch (h) {
  case NSP_NF_PREROUTING: v = nf_nat_hook(ns, &p); break;
  case NSP_NF_OUTPUT:
    v = nf_nat_hook(ns, &p);
    if (v != NSP_NFT_DROP) v = nf_filter_hook(ns, &p);
    break;
  case NSP_NF_FORWARD: v = nf_filter_hook(ns, &p); break;
  case NSP_NF_INPUT:
  case NSP_NF_POSTROUTING:
    if (h == NSP_NF_INPUT) v = nf_filter_hook(ns, &p);
    if (v != NSP_NFT_DROP) {
      nf_pkt_read(&p);
      v = nf_nat_hook(ns, &p);
    }
    if (v != NSP_NFT_DROP && nf->ct) sim_ct_confirm(nf->ct, skb);
    break;
  default: break;
  }
  return v == NSP_NFT_DROP ? SIM_NF_DROP : SIM_NF_ACCEPT;
}
