/* The trace recorder's hooks in the per-packet path (sim/trace.h).  Each
 * is one call beside the line it documents; while tracing is off it costs
 * one pointer test and returns. */
#ifndef SIM_TRACE_HOOKS_H
#define SIM_TRACE_HOOKS_H

#include "core/nf.h"
#include "proto/arp.h"
#include "sim/inet_sock.h"
#include "sim/sim.h"
#include "sim/trace_priv.h"

void sim_trace_rec_out(sim_netns *ns, const sim_rt_result *res, const uint8_t *pkt, size_t len);
void sim_trace_rec_in(sim_iface *in, const uint8_t *pkt, size_t len);
void sim_trace_rec_forward(sim_iface *in, sim_iface *out, const sim_rt_result *res,
                           const uint8_t *pkt, size_t len);
void sim_trace_rec_arp(sim_iface *dev, uint32_t nexthop, const uint8_t *pkt, size_t len,
                       sim_trace_kind k);
void sim_trace_rec_deliver(sim_iface *in, const uint8_t *pkt, size_t len);
void sim_trace_rec_drop(sim_netns *ns, sim_iface *dev, const uint8_t *pkt, size_t len, sim_drop why,
                        const char *counter);
void sim_trace_rec_frame_drop(sim_iface *dev, uint16_t type, const uint8_t *p, size_t plen,
                              sim_drop why);
void sim_trace_rec_bridge(sim_bridge *br, const sim_bport *in, const sim_bport *out,
                          const uint8_t *frame, size_t len, sim_trace_br_how how, unsigned ports);
void sim_trace_rec_send_drop(sim_netns *ns, uint16_t ident, uint16_t seq, uint32_t dst,
                             sim_drop why, const char *counter);

void sim_trace_rec_nf_drop(sim_netns *ns, sim_iface *dev, const uint8_t *pkt, size_t len,
                           const char *table, const char *chain, size_t rule, const char *target,
                           const nsp_nf_rule *r);
void sim_trace_rec_socket(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len,
                          const sim_isock *s, const char *state);
void sim_trace_rec_nat(sim_netns *ns, nsp_nf_hook hook, const uint8_t *before, const uint8_t *after,
                       size_t len, bool reply);

/* an iptables rule r (number rule; 0 and NULL: the chain's policy)
 * dropped or rejected pkt */
static inline void sim_trace_nf_drop(sim_netns *ns, sim_iface *dev, const uint8_t *pkt, size_t len,
                                     const char *table, const char *chain, size_t rule,
                                     const char *target, const nsp_nf_rule *r) {
  if (ns->w->trace) sim_trace_rec_nf_drop(ns, dev, pkt, len, table, chain, rule, target, r);
}
/* socket s (in state, "LISTEN", "ESTABLISHED", …; NULL for UDP) took pkt */
static inline void sim_trace_socket(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len,
                                    const sim_isock *s, const char *state) {
  if (ns->w->trace) sim_trace_rec_socket(ns, in, pkt, len, s, state);
}
/* NAT rewrote the packet at hook: before (its first bytes) and after;
 * reply: a packet of the reply direction, which conntrack rewrites back */
static inline void sim_trace_nat(sim_netns *ns, nsp_nf_hook hook, const uint8_t *before,
                                 const uint8_t *after, size_t len, bool reply) {
  if (ns->w->trace) sim_trace_rec_nat(ns, hook, before, after, len, reply);
}

static inline void sim_trace_out(sim_netns *ns, const sim_rt_result *res, const uint8_t *pkt,
                                 size_t len) {
  if (ns->w->trace) sim_trace_rec_out(ns, res, pkt, len);
}
static inline void sim_trace_in(sim_iface *in, const uint8_t *pkt, size_t len) {
  if (in->ns->w->trace) sim_trace_rec_in(in, pkt, len);
}
/* pkt as it leaves: the TTL already decremented */
static inline void sim_trace_forward(sim_iface *in, sim_iface *out, const sim_rt_result *res,
                                     const uint8_t *pkt, size_t len) {
  if (in->ns->w->trace) sim_trace_rec_forward(in, out, res, pkt, len);
}
static inline void sim_trace_arp(sim_iface *dev, uint32_t nexthop, const uint8_t *pkt, size_t len,
                                 sim_trace_kind k) {
  if (dev->ns->w->trace) sim_trace_rec_arp(dev, nexthop, pkt, len, k);
}
static inline void sim_trace_deliver(sim_iface *in, const uint8_t *pkt, size_t len) {
  if (in->ns->w->trace) sim_trace_rec_deliver(in, pkt, len);
}
/* dev: where it happened (NULL: none); counter: nstat's name of what the
 * kernel counts there, NULL when no MIB counter moves */
static inline void sim_trace_drop(sim_netns *ns, sim_iface *dev, const uint8_t *pkt, size_t len,
                                  sim_drop why, const char *counter) {
  if (ns->w->trace) sim_trace_rec_drop(ns, dev, pkt, len, why, counter);
}
/* an Ethernet frame dropped on dev: its type and payload (IPv4 or ARP) */
static inline void sim_trace_frame_drop(sim_iface *dev, uint16_t type, const uint8_t *p,
                                        size_t plen, sim_drop why) {
  if (dev->ns->w->trace) sim_trace_rec_frame_drop(dev, type, p, plen, why);
}
/* an echo request refused before it was built (sendmsg() failed) */
static inline void sim_trace_send_drop(sim_netns *ns, uint16_t ident, uint16_t seq, uint32_t dst,
                                       sim_drop why, const char *counter) {
  if (ns->w->trace) sim_trace_rec_send_drop(ns, ident, seq, dst, why, counter);
}

/* a frame through a bridge (sim/bridge_input.c): in port (NULL: the bridge
 * device sends), out port (forward), what it did, how many ports */
static inline void sim_trace_bridge(sim_bridge *br, sim_netns *ns, const sim_bport *in,
                                    const sim_bport *out, const uint8_t *frame, size_t len,
                                    sim_trace_br_how how, unsigned ports) {
  if (ns->w->trace) sim_trace_rec_bridge(br, in, out, frame, len, how, ports);
}

/* ---- the frame journal (sim/world.h sim_world_journal_enable) ---------- */

void sim_journal_rec_xmit(sim_world *w, sim_link *l, const sim_iface *from, const uint8_t *frame,
                          size_t len);
void sim_journal_rec_deliver(sim_world *w, bool begin, bool received);
void sim_journal_rec_solicit(sim_neigh *n, int probe, int probes, bool unicast);
void sim_journal_rec_solicit_end(sim_world *w);
void sim_journal_rec_arp_in(sim_iface *dev, const arp_pkt *a, bool answered, const sim_neigh *n);

static inline bool sim_journal_on(const sim_world *w) { return w->trace && w->trace->journal; }
/* a frame leaves `from` over l */
static inline void sim_journal_xmit(sim_world *w, sim_link *l, const sim_iface *from,
                                    const uint8_t *frame, size_t len) {
  if (sim_journal_on(w)) sim_journal_rec_xmit(w, l, from, frame, len);
}
/* the wire's oldest frame is being taken in (begin) or has been (end) */
static inline void sim_journal_deliver(sim_world *w, bool begin, bool received) {
  if (sim_journal_on(w)) sim_journal_rec_deliver(w, begin, received);
}
/* the next ARP request n's device sends is probe `probe` of `probes` */
static inline void sim_journal_solicit(sim_neigh *n, int probe, int probes, bool unicast) {
  if (sim_journal_on(n->dev->ns->w)) sim_journal_rec_solicit(n, probe, probes, unicast);
}
/* the ARP request was sent, or could not be (no carrier) */
static inline void sim_journal_solicit_end(sim_world *w) {
  if (sim_journal_on(w)) sim_journal_rec_solicit_end(w);
}
/* an ARP packet taken in on dev: answered or not, the sender's entry n (NULL: none) */
static inline void sim_journal_arp_in(sim_iface *dev, const arp_pkt *a, bool answered,
                                      const sim_neigh *n) {
  if (sim_journal_on(dev->ns->w)) sim_journal_rec_arp_in(dev, a, answered, n);
}

#endif
