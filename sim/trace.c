/* The trace recorder (sim/trace.h): one event per hook while tracing is on,
 * for the packets that belong to a ping. */
#include "sim/trace.h"

#include <string.h>

#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "proto/tcp.h"
#include "core/iptables.h"
#include "sim/bridge.h"
#include "sim/trace_hooks.h"
#include "sim/trace_priv.h"
#include "sim/world.h"

/* The recorder lives while --explain (keep) or the frame journal wants it:
 * its hooks are the journal's too. */
void sim_trace_sync(sim_world *w) {
  bool want = w->trace && (w->trace->keep || w->trace->journal);
  if (!want && w->trace) {
    g_array_free(w->trace->events, TRUE);
    g_free(w->trace);
    w->trace = NULL;
  }
}

sim_trace *sim_trace_get(sim_world *w) {
  if (!w->trace) {
    w->trace = g_new0(sim_trace, 1);
    w->trace->events = g_array_new(FALSE, TRUE, sizeof(sim_trace_event));
  }
  return w->trace;
}

void sim_world_trace_enable(sim_world *w, bool on) {
  if (on) sim_trace_get(w)->keep = true;
  else if (w->trace) {
    w->trace->keep = false;
    g_array_set_size(w->trace->events, 0);
  }
  sim_trace_sync(w);
}

sim_trace_event *sim_world_trace_take(sim_world *w, size_t *n) {
  *n = 0;
  if (!w->trace || !w->trace->keep || !w->trace->events->len) return NULL;
  *n = w->trace->events->len;
  sim_trace_event *ev = g_memdup2(w->trace->events->data, *n * sizeof *ev);
  g_array_set_size(w->trace->events, 0);
  return ev;
}

/* Which ping a packet belongs to: an echo request or reply by its own
 * identifier and sequence, an error by the echo request it quotes
 * (ping4_parse_reply() matches them the same way).  Fragments after the
 * first carry no ICMP header and are not followed. */
static bool trace_identify(const uint8_t *pkt, size_t len, sim_trace_event *ev) {
  ipv4_hdr h;
  if (ipv4_hdr_parse(pkt, len, &h) != PROTO_OK || h.proto != IPV4_PROTO_ICMP) return false;
  if (h.frag & IPV4_OFFSET_MASK) return false;
  size_t ilen = (h.tot_len < len ? h.tot_len : len) - h.ihl;
  const uint8_t *icmp = pkt + h.ihl;
  if (ilen < ICMP_HDR_LEN) return false;
  ev->src = h.saddr;
  ev->dst = h.daddr;
  ev->ttl = h.ttl;
  if (icmp[0] == ICMP_ECHO || icmp[0] == ICMP_ECHOREPLY) {
    ev->packet = icmp[0] == ICMP_ECHO ? SIM_TRACE_ECHO_REQUEST : SIM_TRACE_ECHO_REPLY;
    ev->ident = inet_get16(icmp + 4);
    ev->seq = inet_get16(icmp + 6);
    return true;
  }
  if (!icmp_type_is_error(icmp[0]) || ilen < ICMP_HDR_LEN + IPV4_HDR_LEN + ICMP_HDR_LEN)
    return false;
  const uint8_t *inner = icmp + ICMP_HDR_LEN;
  size_t ihl = (size_t)(inner[0] & 0x0f) * 4;
  if (inner[9] != IPV4_PROTO_ICMP || ilen < ICMP_HDR_LEN + ihl + ICMP_HDR_LEN ||
      inner[ihl] != ICMP_ECHO)
    return false;
  ev->packet = SIM_TRACE_ICMP_ERROR;
  ev->icmp_type = icmp[0];
  ev->icmp_code = icmp[1];
  ev->ident = inet_get16(inner + ihl + 4);
  ev->seq = inet_get16(inner + ihl + 6);
  return true;
}

/* The ports, ID and TCP header of a UDP or TCP packet at ip (len bytes,
 * at least its IP header and 8 bytes of the transport's: what an ICMP
 * error quotes). */
static bool trace_l4_fields(const uint8_t *ip, size_t len, sim_trace_event *ev) {
  size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
  if (ihl < IPV4_HDR_LEN || len < ihl + 8 || (inet_get16(ip + 6) & IPV4_OFFSET_MASK)) return false;
  if (ip[9] != IPV4_PROTO_UDP && ip[9] != IPV4_PROTO_TCP) return false;
  const uint8_t *t = ip + ihl;
  size_t tot = inet_get16(ip + 2) < len ? inet_get16(ip + 2) : len;
  ev->l4_proto = ip[9];
  ev->ip_id = inet_get16(ip + 4);
  ev->sport = inet_get16(t);
  ev->dport = inet_get16(t + 2);
  ev->tcp_seq = inet_get32(t + 4);
  if (ip[9] == IPV4_PROTO_UDP) {
    ev->tcp_seq = 0;
    ev->l4_len = (uint16_t)(inet_get16(t + 4) >= 8 ? inet_get16(t + 4) - 8 : 0);
  } else if (tot >= ihl + TCP_HDR_LEN) {
    ev->tcp_ack = inet_get32(t + 8);
    ev->tcp_flags = t[13];
    size_t doff = (size_t)(t[12] >> 4) * 4;
    ev->l4_len = (uint16_t)(tot >= ihl + doff ? tot - ihl - doff : 0);
  }
  return true;
}

/* For --explain: a UDP or TCP packet, or an ICMP error about one (by the
 * packet it quotes); an OTHER_IP event to the frame journal. */
static bool trace_transport( const uint8_t *pkt, size_t len,
                            sim_trace_event *ev) {
  ipv4_hdr h;
  if (ipv4_hdr_parse(pkt, len, &h) != PROTO_OK) return false;
  size_t tot = h.tot_len < len ? h.tot_len : len;
  if (h.proto == IPV4_PROTO_ICMP) {
    const uint8_t *icmp = pkt + h.ihl;
    if ((h.frag & IPV4_OFFSET_MASK) || tot < (size_t)h.ihl + ICMP_HDR_LEN + IPV4_HDR_LEN + 8 ||
        !icmp_type_is_error(icmp[0]) ||
        !trace_l4_fields(icmp + ICMP_HDR_LEN, tot - h.ihl - ICMP_HDR_LEN, ev))
      return false;
    ev->icmp_type = icmp[0];
    ev->icmp_code = icmp[1];
    ev->ip_id = h.id;
  } else if (!trace_l4_fields(pkt, tot, ev)) {
    return false;
  }
  ev->l4 = true;
  ev->packet = SIM_TRACE_OTHER_IP;
  ev->src = h.saddr;
  ev->dst = h.daddr;
  ev->ttl = h.ttl;
  ev->ip_proto = h.proto;
  return true;
}

/* For the frame journal alone: an IPv4 packet no ping owns (its hops are
 * still what happened to the frame that carried it); --explain keeps the
 * UDP and TCP ones. */
static bool trace_other(const sim_world *w, const uint8_t *pkt, size_t len, sim_trace_event *ev) {
  ipv4_hdr h;
  if (w->trace->keep && trace_transport(pkt, len, ev)) return true;
  if (!w->trace->journal || ipv4_hdr_parse(pkt, len, &h) != PROTO_OK) return false;
  ev->packet = SIM_TRACE_OTHER_IP;
  ev->src = h.saddr;
  ev->dst = h.daddr;
  ev->ttl = h.ttl;
  ev->ip_proto = h.proto;
  ev->frag_offset = (uint16_t)((h.frag & IPV4_OFFSET_MASK) * 8);
  return true;
}

static void trace_where(sim_trace_event *ev, sim_netns *ns, const sim_iface *dev) {
  g_strlcpy(ev->ns, ns->name ? ns->name : "", sizeof ev->ns);
  if (dev) g_strlcpy(ev->dev, dev->name, sizeof ev->dev);
}

static void trace_route(sim_trace_event *ev, const sim_route *r, const sim_rt_result *res) {
  if (res) {
    ev->rt_table = res->table == NSP_RT_TABLE_MAIN ? 0 : res->table;
    ev->has_rule = res->rule != NULL;
    ev->rule_pref = res->rule ? res->rule->pref : 0;
  }
  if (!r) return;
  ev->has_route = true;
  ev->rt_dst = r->dst;
  ev->rt_plen = r->plen;
  ev->rt_gw = r->gw;
  ev->rt_type = r->type;
  /* fib_select_multipath(): the path the flow took, its gateway the route's */
  if (res && res->npaths && res->path >= 0) {
    ev->rt_path = (uint8_t)(res->path + 1);
    ev->rt_npaths = (uint8_t)res->npaths;
    ev->rt_hashed = res->hashed;
    ev->rt_hash = res->hash;
    ev->rt_gw = res->gateway ? res->nexthop : 0;
  }
}

static void trace_push(sim_netns *ns, sim_trace_event *ev) {
  ev->at_ns = ns->w->now;
  if (ns->w->trace->keep && (ev->packet != SIM_TRACE_OTHER_IP || ev->l4))
    g_array_append_val(ns->w->trace->events, *ev);
  if (ns->w->trace->journal) sim_journal_event(ns->w, ev);
}

void sim_trace_rec_out(sim_netns *ns, const sim_rt_result *res, const uint8_t *pkt, size_t len) {
  sim_trace_event ev = {.kind = SIM_TRACE_OUT};
  if (!trace_identify(pkt, len, &ev) && !trace_other(ns->w, pkt, len, &ev)) return;
  trace_where(&ev, ns, res->dev);
  trace_route(&ev, res->rt, res);
  ev.nexthop = res->nexthop;
  trace_push(ns, &ev);
}

void sim_trace_rec_in(sim_iface *in, const uint8_t *pkt, size_t len) {
  sim_trace_event ev = {.kind = SIM_TRACE_IN};
  if (!trace_identify(pkt, len, &ev) && !trace_other(in->ns->w, pkt, len, &ev)) return;
  trace_where(&ev, in->ns, in);
  trace_push(in->ns, &ev);
}

void sim_trace_rec_forward(sim_iface *in, sim_iface *out, const sim_rt_result *res,
                           const uint8_t *pkt, size_t len) {
  const sim_route *r = res->rt;
  sim_trace_event ev = {.kind = SIM_TRACE_FORWARD};
  if (!trace_identify(pkt, len, &ev) && !trace_other(in->ns->w, pkt, len, &ev)) return;
  trace_where(&ev, in->ns, in);
  g_strlcpy(ev.dev_out, out->name, sizeof ev.dev_out);
  trace_route(&ev, r, res);
  ev.nexthop = res->npaths ? res->nexthop : sim_route_nexthop(r, ev.dst);
  ev.ttl_after = ev.ttl;
  ev.ttl = (uint8_t)(ev.ttl + 1);
  trace_push(in->ns, &ev);
}

void sim_trace_rec_arp(sim_iface *dev, uint32_t nexthop, const uint8_t *pkt, size_t len,
                       sim_trace_kind k) {
  sim_trace_event ev = {.kind = k};
  if (!trace_identify(pkt, len, &ev) && !trace_other(dev->ns->w, pkt, len, &ev)) return;
  trace_where(&ev, dev->ns, dev);
  ev.nexthop = nexthop;
  if (k == SIM_TRACE_ARP_FAILED) {
    char a[16];
    ev.reason = SIM_DROP_NEIGH_FAILED;
    /* neigh_invalidate(): no SNMP counter; the entry turns FAILED and the
     * table's res_failed statistic (ip -s ntable) goes up */
    g_snprintf(ev.detail, sizeof ev.detail, "no ARP reply for %s on %s (neighbour FAILED)",
               ipv4_addr_ntop(nexthop, a), dev->name);
  }
  trace_push(dev->ns, &ev);
}

void sim_trace_rec_deliver(sim_iface *in, const uint8_t *pkt, size_t len) {
  sim_trace_event ev = {.kind = SIM_TRACE_DELIVER};
  if (!trace_identify(pkt, len, &ev) && !trace_other(in->ns->w, pkt, len, &ev)) return;
  trace_where(&ev, in->ns, in);
  trace_push(in->ns, &ev);
}

/* The reason in plain words, from what the event knows. */
static void trace_detail(sim_trace_event *ev, const sim_iface *dev) {
  char a[16];
  const char *d = ev->dev;
  switch (ev->reason) {
  case SIM_DROP_NO_CARRIER:
    if (dev && dev->peer)
      g_snprintf(ev->detail, sizeof ev->detail, "no carrier on %s: its peer %s%s%s is down", d,
                 dev->peer->name, dev->peer->ns && dev->peer->ns->name ? " in " : "",
                 dev->peer->ns && dev->peer->ns->name ? dev->peer->ns->name : "");
    else
      g_snprintf(ev->detail, sizeof ev->detail, "no carrier on %s", d);
    break;
  case SIM_DROP_IF_DOWN: g_snprintf(ev->detail, sizeof ev->detail, "%s is down", d); break;
  case SIM_DROP_NOT_FOR_US:
    g_snprintf(ev->detail, sizeof ev->detail, "the frame is for another host's MAC address");
    break;
  case SIM_DROP_NO_ROUTE:
    g_snprintf(ev->detail, sizeof ev->detail, "no route to %s", ipv4_addr_ntop(ev->dst, a));
    break;
  case SIM_DROP_FORWARD_OFF:
    g_snprintf(ev->detail, sizeof ev->detail,
               "not for this namespace, and forwarding is off on %s "
               "(net.ipv4.conf.%s.forwarding = 0)", d, d);
    break;
  case SIM_DROP_TTL:
    g_snprintf(ev->detail, sizeof ev->detail, "TTL exceeded: it arrived with ttl %u, nothing left to forward it with", ev->ttl);
    break;
  case SIM_DROP_NEIGH_QUEUE:
    g_snprintf(ev->detail, sizeof ev->detail, "the queue waiting for ARP on %s overflowed", d);
    break;
  case SIM_DROP_LO_DOWN:
    g_snprintf(ev->detail, sizeof ev->detail, "lo is down: nothing is delivered locally");
    break;
  case SIM_DROP_RATELIMIT:
    g_snprintf(ev->detail, sizeof ev->detail, "the ICMP error toward %s was rate limited",
               ipv4_addr_ntop(ev->src, a));
    break;
  case SIM_DROP_NO_ROUTE_BACK:
    g_snprintf(ev->detail, sizeof ev->detail, "no route back to %s for the %s",
               ipv4_addr_ntop(ev->src, a),
               ev->packet == SIM_TRACE_ECHO_REQUEST ? "echo reply" : "ICMP error");
    break;
  case SIM_DROP_RP_FILTER:
    g_snprintf(ev->detail, sizeof ev->detail,
               "reverse path filter (rp_filter) on %s: the route back to %s fails it",
               d, ipv4_addr_ntop(ev->src, a));
    break;
  case SIM_DROP_MARTIAN:
    g_snprintf(ev->detail, sizeof ev->detail, "martian: source %s may not arrive from the wire here",
               ipv4_addr_ntop(ev->src, a));
    break;
  case SIM_DROP_BLACKHOLE:
    g_snprintf(ev->detail, sizeof ev->detail, "a blackhole route or rule for %s", ipv4_addr_ntop(ev->dst, a));
    break;
  case SIM_DROP_REJECT:
    g_snprintf(ev->detail, sizeof ev->detail, "an unreachable or prohibit route or rule for %s",
               ipv4_addr_ntop(ev->dst, a));
    break;
  case SIM_DROP_ECHO_IGNORED:
    g_snprintf(ev->detail, sizeof ev->detail,
               "echo requests are ignored here (net.ipv4.icmp_echo_ignore_all or "
               "icmp_echo_ignore_broadcasts)");
    break;
  case SIM_DROP_NO_SOCKET:
    /* __udp4_lib_rcv(): Port Unreachable (under the ICMP rate limits);
     * tcp_v4_rcv() no_tcp_socket: tcp_v4_send_reset() */
    if (ev->l4_proto == IPV4_PROTO_TCP)
      g_snprintf(ev->detail, sizeof ev->detail, "no listener on TCP %u: RST sent", ev->dport);
    else if (ev->l4_proto == IPV4_PROTO_UDP)
      g_snprintf(ev->detail, sizeof ev->detail, "no socket on UDP port %u: Port Unreachable sent",
                 ev->dport);
    else
      g_snprintf(ev->detail, sizeof ev->detail, "no socket is bound to the destination port");
    break;
  default: g_snprintf(ev->detail, sizeof ev->detail, "%s", sim_trace_drop_name(ev->reason));
  }
}

void sim_trace_rec_drop(sim_netns *ns, sim_iface *dev, const uint8_t *pkt, size_t len, sim_drop why,
                        const char *counter) {
  sim_trace_event ev = {.kind = SIM_TRACE_DROP, .reason = why};
  if (!trace_identify(pkt, len, &ev) && !trace_other(ns->w, pkt, len, &ev)) return;
  if (counter) g_strlcpy(ev.counter, counter, sizeof ev.counter);
  trace_where(&ev, ns, dev);
  trace_detail(&ev, dev);
  trace_push(ns, &ev);
}

/* An ARP request is followed only to say why resolution cannot succeed.
 * veth_xmit() counts what it cannot hand to a peer that is down in the
 * device's tx_dropped (seen on the kernel: `ip -s link`, /proc/net/dev). */
void sim_trace_rec_frame_drop(sim_iface *dev, uint16_t type, const uint8_t *p, size_t plen,
                              sim_drop why) {
  char counter[48] = "";
  if (why == SIM_DROP_NO_CARRIER) g_snprintf(counter, sizeof counter, "%s:tx_dropped", dev->name);
  arp_pkt a;
  if (type == ETHER_TYPE_IPV4) {
    sim_trace_rec_drop(dev->ns, dev, p, plen, why, counter[0] ? counter : NULL);
  } else if (type == ETHER_TYPE_ARP && arp_pkt_parse(p, plen, &a) == PROTO_OK &&
             a.op == ARP_OP_REQUEST) {
    sim_trace_event ev = {.kind = SIM_TRACE_DROP, .packet = SIM_TRACE_ARP, .reason = why,
                          .src = a.spa, .dst = a.tpa};
    g_strlcpy(ev.counter, counter, sizeof ev.counter);
    trace_where(&ev, dev->ns, dev);
    trace_detail(&ev, dev);
    trace_push(dev->ns, &ev);
  }
}

/* A frame a bridge handled: the IPv4 packet it carries, if a ping's */
void sim_trace_rec_bridge(sim_bridge *br, const sim_bport *in, const sim_bport *out,
                          const uint8_t *frame, size_t len, sim_trace_br_how how, unsigned ports) {
  if (len < ETHER_HDR_LEN || inet_get16(frame + 12) != ETHER_TYPE_IPV4) return;
  sim_trace_event ev = {.kind = SIM_TRACE_BRIDGE, .br_how = how, .br_ports = ports};
  if (!trace_identify(frame + ETHER_HDR_LEN, len - ETHER_HDR_LEN, &ev)) return;
  trace_where(&ev, br->dev->ns, in ? in->dev : NULL);
  g_strlcpy(ev.br, br->dev->name, sizeof ev.br);
  if (out) g_strlcpy(ev.dev_out, out->dev->name, sizeof ev.dev_out);
  ev.br_bcast = (frame[0] & 1) != 0;
  /* br_flood(): the ports in the bridge's list order that forward, the
   * one it came in on excepted */
  for (guint i = 0; how == SIM_TRACE_BR_FLOOD && i < br->ports->len; i++) {
    const sim_bport *p = g_ptr_array_index(br->ports, i);
    if (p == in || p->state != SIM_BR_FORWARDING) continue;
    if (ev.detail[0]) g_strlcat(ev.detail, ", ", sizeof ev.detail);
    g_strlcat(ev.detail, p->dev->name, sizeof ev.detail);
  }
  trace_push(br->dev->ns, &ev);
}

void sim_trace_rec_send_drop(sim_netns *ns, uint16_t ident, uint16_t seq, uint32_t dst,
                             sim_drop why, const char *counter) {
  sim_trace_event ev = {.kind = SIM_TRACE_DROP, .packet = SIM_TRACE_ECHO_REQUEST, .ident = ident,
                        .seq = seq, .dst = dst, .reason = why};
  if (counter) g_strlcpy(ev.counter, counter, sizeof ev.counter);
  trace_where(&ev, ns, NULL);
  trace_detail(&ev, NULL);
  trace_push(ns, &ev);
}

const char *sim_trace_kind_name(sim_trace_kind k) {
  static const char *const names[] = {"out",          "in",         "forward", "arp_wait",
                                      "arp_resolved", "arp_failed", "deliver", "drop",
                                      "arp_solicit",  "arp_in",     "bridge",  "nat",
                                      "socket"};
  return (unsigned)k < G_N_ELEMENTS(names) ? names[k] : "?";
}

const char *sim_trace_packet_name(sim_trace_packet p) {
  static const char *const names[] = {"echo_request", "echo_reply", "icmp_error", "arp_request",
                                      "other_ip"};
  /* --explain's UDP and TCP packets are other_ip here; explain names them */
  return (unsigned)p < G_N_ELEMENTS(names) ? names[p] : "?";
}

const char *sim_trace_drop_name(sim_drop r) {
  static const char *const names[] = {
      "none", "no_carrier", "if_down", "not_for_us", "malformed", "no_route", "forward_off",
      "ttl_expired", "arp_failed", "arp_queue_full", "lo_down", "rate_limited", "no_route_back",
      "echo_ignored", "martian", "blackhole", "reject", "rp_filter", "no_socket", "no_handler",
      "reassembly_failed", "oversize", "netfilter"};
  G_STATIC_ASSERT(G_N_ELEMENTS(names) == SIM_DROP_MAX);
  return (unsigned)r < G_N_ELEMENTS(names) ? names[r] : "?";
}

/* A rule (or a chain's policy, rule 0) dropped or rejected the packet. */
void sim_trace_rec_nf_drop(sim_netns *ns, sim_iface *dev, const uint8_t *pkt, size_t len,
                           const char *table, const char *chain, size_t rule, const char *target,
                           const nsp_nf_rule *r) {
  sim_trace_event ev = {.kind = SIM_TRACE_DROP, .reason = SIM_DROP_NETFILTER};
  if (!trace_identify(pkt, len, &ev) && !trace_other(ns->w, pkt, len, &ev)) return;
  trace_where(&ev, ns, dev);
  if (rule && r) { /* the rule as iptables -S prints it */
    GString *text = g_string_new(NULL);
    g_string_printf(text, "-A %s", chain);
    ipt_save_rule(r, false, text);
    g_snprintf(ev.detail, sizeof ev.detail, "%s by rule %zu of chain %s (table %s): %s", target,
               rule, chain, table, text->str);
    g_string_free(text, TRUE);
  } else if (rule)
    g_snprintf(ev.detail, sizeof ev.detail, "%s by rule %zu of chain %s (table %s)", target, rule,
               chain, table);
  else
    g_snprintf(ev.detail, sizeof ev.detail, "DROP by the policy of chain %s (table %s)", chain,
               table);
  trace_push(ns, &ev);
}

/* "SNAT in router: 192.0.2.1:40000 -> 203.0.113.254:40000": what NAT
 * changed, from the packet before and after.  A reply (or an ICMP error
 * about the connection, from the far side) is rewritten back by
 * conntrack (nf_nat_packet() with the reply tuple): "reverses the SNAT". */
void sim_trace_rec_nat(sim_netns *ns, nsp_nf_hook hook, const uint8_t *before, const uint8_t *after,
                       size_t len, bool reply) {
  sim_trace_event ev = {.kind = SIM_TRACE_NAT};
  if (!trace_identify(after, len, &ev) && !trace_other(ns->w, after, len, &ev)) return;
  trace_where(&ev, ns, NULL);
  bool src = inet_get32(before + 12) != inet_get32(after + 12) ||
             (inet_get32(before + 16) == inet_get32(after + 16) &&
              (hook == NSP_NF_POSTROUTING || hook == NSP_NF_INPUT));
  size_t off = src ? 12 : 16, ihl = (size_t)(after[0] & 0x0f) * 4;
  char a[16], b[16], pa[8] = "", pb[8] = "";
  bool ports = (after[9] == IPV4_PROTO_TCP || after[9] == IPV4_PROTO_UDP) && len >= ihl + 4 &&
               !(inet_get16(after + 6) & IPV4_OFFSET_MASK);
  if (ports) {
    g_snprintf(pa, sizeof pa, ":%u", inet_get16(before + ihl + (src ? 0 : 2)));
    g_snprintf(pb, sizeof pb, ":%u", inet_get16(after + ihl + (src ? 0 : 2)));
  }
  bool err = after[9] == IPV4_PROTO_ICMP && len > ihl && icmp_type_is_error(after[ihl]);
  /* an ICMP error's null binding rewrites nothing of its own header */
  if (inet_get32(before + off) == inet_get32(after + off) && strcmp(pa, pb) == 0) return;
  const char *where = ns->name ? ns->name : "the root namespace";
  char what[64];
  if (reply) /* the source of a reply is the original's destination */
    g_snprintf(what, sizeof what, "conntrack in %s reverses the %s%s", where,
               src ? "DNAT" : "SNAT", err ? "" : " of a reply");
  else
    g_snprintf(what, sizeof what, "%s in %s", src ? "SNAT" : "DNAT", where);
  g_snprintf(ev.detail, sizeof ev.detail, "%s: %s%s -> %s%s%s", what,
             ipv4_addr_ntop(inet_get32(before + off), a), pa,
             ipv4_addr_ntop(inet_get32(after + off), b), pb,
             err ? " (an ICMP error, and the packet it quotes)" : "");
  trace_push(ns, &ev);
}

/* "nc's TCP socket 0.0.0.0:12345 (LISTEN)": the socket that took a UDP
 * datagram or TCP segment, by its own address as ss lists it. */
void sim_trace_rec_socket(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len,
                          const sim_isock *s, const char *state) {
  sim_trace_event ev = {.kind = SIM_TRACE_SOCKET};
  if (!trace_transport(pkt, len, &ev)) return;
  trace_where(&ev, ns, in);
  char a[16];
  g_snprintf(ev.detail, sizeof ev.detail, "%s%s%s socket %s:%u%s%s%s", s->opts.comm,
             s->opts.comm[0] ? "'s " : "", s->opts.type == NSP_SOCK_TCP ? "TCP" : "UDP",
             ipv4_addr_ntop(s->laddr, a), s->lport, state ? " (" : "", state ? state : "",
             state ? ")" : "");
  trace_push(ns, &ev);
}
