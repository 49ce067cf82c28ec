#include "cli/fnote.h"

#include <string.h>

#include "cli/explain.h"
#include "proto/inet.h"

static const char *nud_name(unsigned nud) {
  switch (nud) {
  case NSP_NUD_INCOMPLETE: return "INCOMPLETE";
  case NSP_NUD_REACHABLE: return "REACHABLE";
  case NSP_NUD_STALE: return "STALE";
  case NSP_NUD_DELAY: return "DELAY";
  case NSP_NUD_PROBE: return "PROBE";
  case NSP_NUD_FAILED: return "FAILED";
  default: return "?";
  }
}

/* ARP as the receiving side took it (arp.c sim_arp_input()). */
static void note_arp_in(const sim_trace_event *e, GString *out) {
  char a[16], b[16];
  const char *ns = explain_ns_label(e->ns);
  if (e->arp_op == 1 && e->answered) {
    g_string_append_printf(out, "%s answers (%s is its address)", ns, ipv4_addr_ntop(e->dst, a));
    if (e->nud) g_string_append_printf(out, " and learns %s as %s", ipv4_addr_ntop(e->src, b),
                                       nud_name(e->nud));
  } else if (e->arp_op == 1) {
    g_string_append_printf(out, "%s does not answer: %s is not its address", ns,
                           ipv4_addr_ntop(e->dst, a));
    if (e->nud) g_string_append_printf(out, "; its entry for %s: %s", ipv4_addr_ntop(e->src, b),
                                       nud_name(e->nud));
  } else if (e->nud) {
    g_string_append_printf(out, "%s learns %s is at this MAC: %s", ns, ipv4_addr_ntop(e->src, a),
                           nud_name(e->nud));
  } else {
    g_string_append_printf(out, "ignored by %s: it asked nothing of %s (arp_accept=0)", ns,
                           ipv4_addr_ntop(e->src, a));
  }
}

/* "via 198.51.100.0/24" for a connected route, "route default via X" */
static void note_route(const sim_trace_event *e, GString *out) {
  g_string_append(out, e->has_route && !e->rt_gw ? "via " : "route ");
  explain_route_text(e, out);
}

/* One trace event as a clause of the comment. */
static void note_event(const sim_trace_event *e, GString *out) {
  char a[16];
  const char *ns = explain_ns_label(e->ns);
  switch (e->kind) {
  case SIM_TRACE_ARP_SOLICIT:
    g_string_append_printf(out, "ARP request %u of %u for %s%s", e->probe, e->probes,
                           ipv4_addr_ntop(e->dst, a), e->unicast ? " (unicast probe)" : "");
    break;
  case SIM_TRACE_ARP_IN: note_arp_in(e, out); break;
  case SIM_TRACE_NAT: g_string_append(out, e->detail); break;
  case SIM_TRACE_SOCKET: g_string_append_printf(out, "delivered in %s to %s", ns, e->detail); break;
  case SIM_TRACE_IN: g_string_append_printf(out, "in %s %s ttl %u", ns, e->dev, e->ttl); break;
  case SIM_TRACE_OUT:
    g_string_append_printf(out, "sent by %s out %s ttl %u ", ns, e->dev, e->ttl);
    note_route(e, out);
    break;
  case SIM_TRACE_FORWARD:
    g_string_append_printf(out, "forwarded by %s %s -> %s ", ns, e->dev, e->dev_out);
    note_route(e, out);
    g_string_append_printf(out, ", ttl %u -> %u", e->ttl, e->ttl_after);
    break;
  case SIM_TRACE_ARP_WAIT:
    g_string_append_printf(out, "waits in %s for ARP: who has %s on %s", ns,
                           ipv4_addr_ntop(e->nexthop, a), e->dev);
    break;
  case SIM_TRACE_ARP_DONE:
    g_string_append_printf(out, "leaves %s on %s, ARP for %s resolved", ns, e->dev,
                           ipv4_addr_ntop(e->nexthop, a));
    break;
  case SIM_TRACE_ARP_FAILED: g_string_append_printf(out, "given up in %s: %s", ns, e->detail); break;
  case SIM_TRACE_DELIVER:
    g_string_append_printf(out, "delivered to %s (%s is its address)", ns, ipv4_addr_ntop(e->dst, a));
    break;
  case SIM_TRACE_DROP:
    g_string_append_printf(out, "dropped in %s: %s", ns, e->detail);
    if (e->counter[0]) g_string_append_printf(out, " [%s]", e->counter);
    break;
  case SIM_TRACE_BRIDGE: explain_bridge_text(e, out); break;
  }
}

static bool same_packet(const sim_trace_event *x, const sim_trace_event *y) {
  if (!x || x->packet != y->packet) return false;
  if (x->packet == SIM_TRACE_OTHER_IP)
    return x->src == y->src && x->dst == y->dst && x->ip_proto == y->ip_proto &&
           x->frag_offset == y->frag_offset;
  return x->ident == y->ident && x->seq == y->seq && x->icmp_type == y->icmp_type &&
         x->icmp_code == y->icmp_code;
}

static void note_packet_name(const sim_trace_event *e, GString *out) {
  char name[96], a[16], b[16];
  if (e->packet == SIM_TRACE_OTHER_IP && e->ip_proto == 1 && e->frag_offset)
    g_string_append_printf(out, "ICMP fragment at offset %u", e->frag_offset);
  else if (e->packet == SIM_TRACE_OTHER_IP)
    g_string_append_printf(out, "IPv4 %s > %s protocol %u%s", ipv4_addr_ntop(e->src, a),
                           ipv4_addr_ntop(e->dst, b), e->ip_proto,
                           e->frag_offset ? " (a fragment)" : "");
  else
    g_string_append_printf(out, "%s icmp_seq=%u",
                           explain_packet_name(e->packet, e->icmp_type, e->icmp_code, e->src,
                                               name, sizeof name),
                           e->seq);
}

/* An IPv4 fragment (more fragments, or an offset): ip_local_deliver()
 * keeps it in ip_defrag() until the datagram is whole. */
static bool frame_is_fragment(const sim_frame_rec *f) {
  if (f->len < 14 + 20 || f->data[12] != 0x08 || f->data[13] != 0x00) return false;
  return ((f->data[14 + 6] << 8 | f->data[14 + 7]) & 0x3fff) != 0;
}

/* The frame's own ping packet (named first), its events as clauses; a clause about
 * another packet (the reply it caused, a packet that waited for this ARP
 * reply) names that packet. */
char *fnote_text(const sim_frame_rec *f) {
  GString *out = g_string_new(NULL);
  int to = !f->from;
  bool arp = f->len >= 14 && f->data[12] == 0x08 && f->data[13] == 0x06;
  /* the first packet the receiving side records is the frame's own */
  const sim_trace_event *own = NULL;
  for (guint i = 0; !arp && !own && i < f->events->len; i++) {
    const sim_trace_event *e = &g_array_index(f->events, sim_trace_event, i);
    if (e->packet != SIM_TRACE_ARP) own = e;
  }
  if (own) {
    note_packet_name(own, out);
    g_string_append(out, ":");
  }
  bool told = false; /* something was said about the receiving side */
  unsigned clauses = 0;
  for (guint i = 0; i < f->events->len; i++) {
    const sim_trace_event *e = &g_array_index(f->events, sim_trace_event, i);
    if (e->kind == SIM_TRACE_IN) continue; /* the interface says where it came in */
    if (out->len) g_string_append(out, clauses++ ? "; " : " ");
    else clauses++;
    if (e->packet != SIM_TRACE_ARP && !same_packet(own, e)) {
      note_packet_name(e, out);
      g_string_append_c(out, ' ');
    }
    note_event(e, out);
    if (e->kind != SIM_TRACE_ARP_SOLICIT) told = true;
  }
  const char *rns = explain_ns_label(f->end_ns[to]);
  const char *sep = clauses ? "; " : out->len ? " " : "";
  if (!f->received)
    g_string_append_printf(out, "%slost: %s in %s was down when it arrived", sep, f->end_name[to],
                           rns);
  else if (!told && frame_is_fragment(f))
    g_string_append_printf(out, "%sa fragment, kept by %s until the others arrive", sep, rns);
  else if (!told)
    g_string_append_printf(out, "%staken in by %s on %s", sep, rns, f->end_name[to]);
  return g_string_free(out, FALSE);
}
