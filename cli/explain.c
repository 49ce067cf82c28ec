#include "cli/explain.h"

#include <errno.h>
#include <string.h>

#include "proto/inet.h"

#define IP_STR(a, buf) ipv4_addr_ntop((a), (buf))

static void packet_free(gpointer p) {
  explain_packet *k = p;
  g_array_free(k->hops, TRUE);
  g_free(k->outcome);
  g_free(k);
}

static void seq_free(gpointer p) {
  explain_seq *s = p;
  g_ptr_array_unref(s->packets);
  g_free(s->summary);
  g_free(s);
}

const char *explain_ns_label(const char *ns) { return ns[0] ? ns : "the root namespace"; }

static explain_seq *seq_get(GPtrArray *seqs, uint16_t seq) {
  for (guint i = 0; i < seqs->len; i++) {
    explain_seq *s = g_ptr_array_index(seqs, i);
    if (s->seq == seq) return s;
  }
  explain_seq *s = g_new0(explain_seq, 1);
  s->seq = seq;
  s->packets = g_ptr_array_new_with_free_func(packet_free);
  g_ptr_array_add(seqs, s);
  return s;
}

/* The same packet all along its path: forwarded copies keep kind and
 * addresses; an error is told apart by type and code. */
static explain_packet *packet_get(explain_seq *s, const sim_trace_event *e) {
  for (guint i = 0; i < s->packets->len; i++) {
    explain_packet *k = g_ptr_array_index(s->packets, i);
    if (k->packet == e->packet && k->icmp_type == e->icmp_type && k->icmp_code == e->icmp_code)
      return k;
  }
  explain_packet *k = g_new0(explain_packet, 1);
  k->packet = e->packet;
  k->icmp_type = e->icmp_type;
  k->icmp_code = e->icmp_code;
  k->src = e->src;
  k->dst = e->dst;
  k->hops = g_array_new(FALSE, FALSE, sizeof(sim_trace_event));
  g_ptr_array_add(s->packets, k);
  return k;
}

/* ARP requests that never crossed (the link had no carrier): the reason a
 * packet waiting for that resolution waits in vain. */
static const sim_trace_event *arp_drop_for(const sim_trace_event *ev, size_t n,
                                           const sim_trace_event *wait) {
  for (size_t i = 0; i < n; i++)
    if (ev[i].packet == SIM_TRACE_ARP && ev[i].dst == wait->nexthop &&
        strcmp(ev[i].ns, wait->ns) == 0 && strcmp(ev[i].dev, wait->dev) == 0)
      return &ev[i];
  return NULL;
}

static char *outcome_drop(const sim_trace_event *e) {
  if (e->counter[0])
    return g_strdup_printf("dropped in %s: %s [%s]", explain_ns_label(e->ns), e->detail, e->counter);
  return g_strdup_printf("dropped in %s: %s", explain_ns_label(e->ns), e->detail);
}

/* A drop, then what went wrong with the ICMP error it called for (rate
 * limited, no route back): one sentence for both. */
static char *outcome_drops(const explain_packet *k) {
  GString *s = g_string_new(NULL);
  for (guint h = 0; h < k->hops->len; h++) {
    const sim_trace_event *e = &g_array_index(k->hops, sim_trace_event, h);
    if (e->kind != SIM_TRACE_DROP) continue;
    if (!s->len) {
      char *first = outcome_drop(e);
      g_string_append(s, first);
      g_free(first);
    } else {
      g_string_append_printf(s, "; then %s", e->detail);
      if (e->counter[0]) g_string_append_printf(s, " [%s]", e->counter);
    }
  }
  return g_string_free(s, FALSE);
}

static bool packet_dropped_after_delivery(const explain_packet *k) {
  for (guint h = k->hops->len; h-- > 0;) {
    const sim_trace_event *e = &g_array_index(k->hops, sim_trace_event, h);
    if (e->kind == SIM_TRACE_DELIVER) return true;
    if (e->kind != SIM_TRACE_DROP) return false;
  }
  return false;
}

/* Where a packet ended: its drops, failed resolution or delivery; a drop
 * after a delivery is the answer that could not be sent. */
/* A flooded copy that reached a host it was not for ends there without
 * saying where the packet went: the last event that does. */
static bool event_telling(const sim_trace_event *e) {
  if (e->kind == SIM_TRACE_DROP && e->reason == SIM_DROP_NOT_FOR_US) return false;
  if (e->kind == SIM_TRACE_BRIDGE)
    return e->br_how == SIM_TRACE_BR_FILTERED || e->br_how == SIM_TRACE_BR_BLOCKED;
  return true;
}

static const sim_trace_event *packet_last(const explain_packet *k) {
  for (guint h = k->hops->len; h-- > 0;) {
    const sim_trace_event *e = &g_array_index(k->hops, sim_trace_event, h);
    if (event_telling(e)) return e;
  }
  return &g_array_index(k->hops, sim_trace_event, k->hops->len - 1);
}

static char *packet_outcome(const explain_packet *k, const sim_trace_event *ev, size_t n) {
  char a[16], why[200] = "";
  const sim_trace_event *last = packet_last(k);
  const sim_trace_event *arp = NULL;
  if (last->kind == SIM_TRACE_ARP_FAILED || last->kind == SIM_TRACE_ARP_WAIT)
    arp = arp_drop_for(ev, n, last);
  if (arp)
    g_snprintf(why, sizeof why, "; the ARP requests never left: %s%s%s%s", arp->detail,
               arp->counter[0] ? " [" : "", arp->counter, arp->counter[0] ? "]" : "");
  switch (last->kind) {
  case SIM_TRACE_DROP: return packet_dropped_after_delivery(k) ? outcome_drop(last) : outcome_drops(k);
  case SIM_TRACE_DELIVER: return g_strdup_printf("delivered in %s", explain_ns_label(last->ns));
  case SIM_TRACE_ARP_FAILED:
    return g_strdup_printf("given up in %s: %s%s", explain_ns_label(last->ns), last->detail, why);
  case SIM_TRACE_ARP_WAIT:
    return g_strdup_printf("still waiting in %s for ARP to resolve %s on %s when the command ended%s",
                           explain_ns_label(last->ns), IP_STR(last->nexthop, a), last->dev, why);
  case SIM_TRACE_BRIDGE:
    if (last->br_how == SIM_TRACE_BR_BLOCKED)
      return g_strdup_printf("dropped in %s by %s: port %s does not forward", explain_ns_label(last->ns),
                             last->br, last->dev);
    if (last->br_how == SIM_TRACE_BR_FILTERED)
      return g_strdup_printf("dropped in %s by %s: its destination is behind the port it came in on",
                             explain_ns_label(last->ns), last->br);
    /* fall through */
  default:
    return g_strdup_printf("still on its way when the command ended (last seen in %s)",
                           explain_ns_label(last->ns));
  }
}

static const char *packet_name(const explain_packet *k, char *buf, size_t cap) {
  return explain_packet_name(k->packet, k->icmp_type, k->icmp_code, k->src, buf, cap);
}

const char *explain_packet_name(sim_trace_packet packet, uint8_t icmp_type, uint8_t icmp_code,
                                uint32_t src, char *buf, size_t cap) {
  char a[16];
  static const char *const unreach[] = {"Destination Net Unreachable", "Destination Host Unreachable",
                                        "Destination Protocol Unreachable",
                                        "Destination Port Unreachable",
                                        "Frag needed and DF set"};
  if (packet == SIM_TRACE_ECHO_REQUEST) return "echo request";
  if (packet == SIM_TRACE_ECHO_REPLY) return "echo reply";
  if (icmp_type == 11 && icmp_code == 0)
    g_snprintf(buf, cap, "Time to live exceeded from %s", IP_STR(src, a));
  else if (icmp_type == 3 && icmp_code < G_N_ELEMENTS(unreach))
    g_snprintf(buf, cap, "%s from %s", unreach[icmp_code], IP_STR(src, a));
  else
    g_snprintf(buf, cap, "ICMP type %u code %u from %s", icmp_type, icmp_code, IP_STR(src, a));
  return buf;
}

/* A sequence with no packet: its send failed locally (sendmsg()'s errno,
 * the error queue's MTU for EMSGSIZE), or nothing was seen of it. */
static void seq_unsent(const nsp_probe_record *rec, uint16_t seq, GString *sum) {
  for (guint i = 0; i < rec->sends->len; i++) {
    const nsp_probe_send_rec *s = &g_array_index(rec->sends, nsp_probe_send_rec, i);
    if (s->seq != seq || !s->err) continue;
    g_string_append_printf(sum, "echo request not sent: sendmsg() failed in %s: %s",
                           explain_ns_label(rec->ns), g_strerror(s->err));
    return;
  }
  g_string_append(sum, "nothing was recorded for it");
}

GPtrArray *explain_build(const nsp_probe_record *rec, const sim_trace_event *ev, size_t n) {
  GPtrArray *seqs = g_ptr_array_new_with_free_func(seq_free);
  for (guint i = 0; i < rec->sends->len; i++)
    seq_get(seqs, g_array_index(rec->sends, nsp_probe_send_rec, i).seq);
  for (size_t i = 0; i < n; i++) {
    if (ev[i].packet == SIM_TRACE_ARP || ev[i].ident != rec->cfg.ident) continue;
    explain_packet *k = packet_get(seq_get(seqs, ev[i].seq), &ev[i]);
    if (!k->src && k->packet == SIM_TRACE_ECHO_REQUEST) k->src = rec->cfg.src; /* never built */
    g_array_append_val(k->hops, ev[i]);
  }
  for (guint i = 0; i < seqs->len; i++) {
    explain_seq *s = g_ptr_array_index(seqs, i);
    GString *sum = g_string_new(NULL);
    for (guint p = 0; p < s->packets->len; p++) {
      explain_packet *k = g_ptr_array_index(s->packets, p);
      char name[96];
      k->outcome = packet_outcome(k, ev, n);
      g_string_append_printf(sum, "%s%s %s", p ? "; " : "", packet_name(k, name, sizeof name),
                             k->outcome);
    }
    if (!s->packets->len) seq_unsent(rec, s->seq, sum);
    s->summary = g_string_free(sum, FALSE);
  }
  return seqs;
}

/* A route as `ip route` prints it: "default via 192.0.2.254", "192.0.2.0/24". */
void explain_route_text(const sim_trace_event *e, GString *out) {
  char a[16];
  if (!e->has_route) {
    g_string_append(out, "no route: on-link through the bound device");
    return;
  }
  if (e->rt_type == NSP_RTN_LOCAL) g_string_append(out, "local ");
  if (e->rt_plen == 0 && e->rt_type != NSP_RTN_LOCAL) g_string_append(out, "default");
  else if (e->rt_plen == 32) g_string_append(out, IP_STR(e->rt_dst, a));
  else g_string_append_printf(out, "%s/%u", IP_STR(e->rt_dst, a), e->rt_plen);
  if (e->rt_gw) g_string_append_printf(out, " via %s", IP_STR(e->rt_gw, a));
}

/* "bridged by br0: ns1-br0 -> ns2-br0 (learned)" and its kin */
void explain_bridge_text(const sim_trace_event *e, GString *out) {
  const char *from = e->dev[0] ? e->dev : "the bridge itself";
  switch (e->br_how) {
  case SIM_TRACE_BR_FORWARD:
    g_string_append_printf(out, "bridged by %s: %s -> %s (learned)", e->br, from, e->dev_out);
    break;
  case SIM_TRACE_BR_FLOOD:
    g_string_append_printf(out, "bridged by %s: %s -> flooded to %u port%s (destination %s)", e->br,
                           from, e->br_ports, e->br_ports == 1 ? "" : "s",
                           e->br_ports || !e->dev[0] ? "unknown or broadcast" : "unknown");
    break;
  case SIM_TRACE_BR_LOCAL:
    g_string_append_printf(out, "bridged by %s: %s -> up to %s (one of its own addresses)", e->br,
                           from, e->br);
    break;
  case SIM_TRACE_BR_FILTERED:
    g_string_append_printf(out, "dropped by %s: the destination was learnt on %s, where it came in",
                           e->br, e->dev_out[0] ? e->dev_out : from);
    break;
  case SIM_TRACE_BR_BLOCKED:
    g_string_append_printf(out, "dropped by %s: port %s does not forward (disabled)", e->br, from);
    break;
  }
}

static void hop_text(const sim_trace_event *e, uint64_t t0, uint64_t wait_at, GString *out) {
  char a[16];
  uint64_t dt = e->at_ns - t0;
  g_string_append_printf(out, "#     %+9.3f ms  %-10s ", (double)dt / 1e6, explain_ns_label(e->ns));
  switch (e->kind) {
  case SIM_TRACE_OUT:
    g_string_append_printf(out, "out %s ttl %u, route ", e->dev, e->ttl);
    explain_route_text(e, out);
    g_string_append_printf(out, " dev %s", e->dev);
    break;
  case SIM_TRACE_IN: g_string_append_printf(out, "in %s ttl %u", e->dev, e->ttl); break;
  case SIM_TRACE_FORWARD:
    g_string_append_printf(out, "forward %s -> %s ttl %u -> %u, route ", e->dev, e->dev_out, e->ttl,
                           e->ttl_after);
    explain_route_text(e, out);
    g_string_append_printf(out, " dev %s", e->dev_out);
    break;
  case SIM_TRACE_ARP_WAIT:
    g_string_append_printf(out, "waits for ARP: who has %s on %s", IP_STR(e->nexthop, a), e->dev);
    break;
  case SIM_TRACE_ARP_DONE:
    g_string_append_printf(out, "ARP resolved %s on %s after %.3f ms: sent", IP_STR(e->nexthop, a),
                           e->dev, (double)(e->at_ns - wait_at) / 1e6);
    break;
  case SIM_TRACE_ARP_FAILED: g_string_append_printf(out, "ARP failed: %s", e->detail); break;
  case SIM_TRACE_DELIVER:
    g_string_append_printf(out, "delivered (to %s, one of its addresses)", IP_STR(e->dst, a));
    break;
  case SIM_TRACE_DROP:
    g_string_append_printf(out, "dropped: %s", e->detail);
    if (e->counter[0]) g_string_append_printf(out, " [%s]", e->counter);
    break;
  case SIM_TRACE_ARP_SOLICIT:
  case SIM_TRACE_ARP_IN: break; /* the frame journal's, never a ping's */
  case SIM_TRACE_BRIDGE: explain_bridge_text(e, out); break;
  case SIM_TRACE_NAT: g_string_append(out, e->detail); break;
  }
  g_string_append_c(out, '\n');
}

char *explain_no_send(const nsp_probe_record *rec) {
  char a[16];
  if (rec->open_err)
    return g_strdup_printf("no echo request sent: the socket could not be set up in %s (%s)",
                           explain_ns_label(rec->ns), g_strerror(rec->open_err));
  if (rec->connect_err == ENETUNREACH)
    /* __ip4_datagram_connect(): ENETUNREACH counts IPSTATS_MIB_OUTNOROUTES */
    return g_strdup_printf("no echo request sent: %s has no route to %s (connect() failed) "
                           "[IpOutNoRoutes]", explain_ns_label(rec->ns), IP_STR(rec->cfg.dst, a));
  if (rec->connect_err)
    return g_strdup_printf("no echo request sent: connect() to %s failed in %s (%s)",
                           IP_STR(rec->cfg.dst, a), explain_ns_label(rec->ns), g_strerror(rec->connect_err));
  return NULL;
}

void explain_render(const nsp_probe_record *rec, GPtrArray *seqs, GString *out) {
  char a[16];
  char *none = explain_no_send(rec);
  g_string_append_printf(out, "# explain: ping %s from %s\n", IP_STR(rec->cfg.dst, a),
                         explain_ns_label(rec->ns));
  if (none) g_string_append_printf(out, "#   %s\n", none);
  g_free(none);
  for (guint i = 0; i < seqs->len; i++) {
    const explain_seq *s = g_ptr_array_index(seqs, i);
    g_string_append_printf(out, "#   icmp_seq=%u: %s\n", s->seq, s->summary);
    uint64_t t0 = UINT64_MAX, wait_at = 0;
    for (guint p = 0; p < s->packets->len; p++) {
      const explain_packet *k = g_ptr_array_index(s->packets, p);
      const sim_trace_event *first = &g_array_index(k->hops, sim_trace_event, 0);
      if (first->at_ns < t0) t0 = first->at_ns;
    }
    for (guint p = 0; p < s->packets->len; p++) {
      const explain_packet *k = g_ptr_array_index(s->packets, p);
      char name[96], b[16];
      g_string_append_printf(out, "#     %s %s > %s\n", packet_name(k, name, sizeof name),
                             IP_STR(k->src, a), IP_STR(k->dst, b));
      for (guint h = 0; h < k->hops->len; h++) {
        const sim_trace_event *e = &g_array_index(k->hops, sim_trace_event, h);
        if (e->kind == SIM_TRACE_ARP_WAIT) wait_at = e->at_ns;
        hop_text(e, t0, wait_at, out);
      }
    }
  }
}

static void event_json(const sim_trace_event *e, nsp_json *j) {
  char a[16];
  nsp_json_object_begin(j);
  nsp_json_member_int(j, "t_ns", (int64_t)e->at_ns);
  nsp_json_member_string(j, "event", sim_trace_kind_name(e->kind));
  nsp_json_member_string(j, "ns", e->ns);
  if (e->dev[0]) nsp_json_member_string(j, "dev", e->dev);
  if (e->dev_out[0]) nsp_json_member_string(j, "dev_out", e->dev_out);
  if (e->kind != SIM_TRACE_DROP || e->ttl) nsp_json_member_int(j, "ttl", e->ttl);
  if (e->kind == SIM_TRACE_FORWARD) nsp_json_member_int(j, "ttl_after", e->ttl_after);
  if (e->has_route) {
    GString *r = g_string_new(NULL);
    explain_route_text(e, r);
    nsp_json_key(j, "route");
    nsp_json_object_begin(j);
    g_string_printf(r, "%s/%u", IP_STR(e->rt_dst, a), e->rt_plen);
    nsp_json_member_string(j, "prefix", r->str);
    nsp_json_member_string(j, "via", e->rt_gw ? IP_STR(e->rt_gw, a) : NULL);
    nsp_json_member_string(j, "dev", e->kind == SIM_TRACE_FORWARD ? e->dev_out : e->dev);
    nsp_json_member_string(j, "type", e->rt_type == NSP_RTN_LOCAL ? "local" : "unicast");
    nsp_json_object_end(j);
    g_string_free(r, TRUE);
  }
  if (e->nexthop) nsp_json_member_string(j, "nexthop", IP_STR(e->nexthop, a));
  if (e->kind == SIM_TRACE_BRIDGE) {
    static const char *const how[] = {"forward", "flood", "local", "filtered", "blocked"};
    nsp_json_member_string(j, "bridge", e->br);
    nsp_json_member_string(j, "bridge_action", how[e->br_how]);
    nsp_json_member_int(j, "bridge_ports", e->br_ports);
  }
  if (e->kind == SIM_TRACE_DROP || e->kind == SIM_TRACE_ARP_FAILED) {
    nsp_json_member_string(j, "reason", sim_trace_drop_name(e->reason));
    nsp_json_member_string(j, "counter", e->counter[0] ? e->counter : NULL);
    nsp_json_member_string(j, "detail", e->detail);
  }
  nsp_json_object_end(j);
}

void explain_json(GPtrArray *seqs, nsp_json *j) {
  char a[16];
  nsp_json_array_begin(j);
  for (guint i = 0; i < seqs->len; i++) {
    const explain_seq *s = g_ptr_array_index(seqs, i);
    nsp_json_object_begin(j);
    nsp_json_member_int(j, "seq", s->seq);
    nsp_json_member_string(j, "summary", s->summary);
    nsp_json_key(j, "packets");
    nsp_json_array_begin(j);
    for (guint p = 0; p < s->packets->len; p++) {
      const explain_packet *k = g_ptr_array_index(s->packets, p);
      nsp_json_object_begin(j);
      nsp_json_member_string(j, "packet", sim_trace_packet_name(k->packet));
      if (k->packet == SIM_TRACE_ICMP_ERROR) {
        nsp_json_member_int(j, "icmp_type", k->icmp_type);
        nsp_json_member_int(j, "icmp_code", k->icmp_code);
      }
      nsp_json_member_string(j, "src", IP_STR(k->src, a));
      nsp_json_member_string(j, "dst", IP_STR(k->dst, a));
      nsp_json_member_string(j, "outcome", k->outcome);
      nsp_json_key(j, "hops");
      nsp_json_array_begin(j);
      for (guint h = 0; h < k->hops->len; h++)
        event_json(&g_array_index(k->hops, sim_trace_event, h), j);
      nsp_json_array_end(j);
      nsp_json_object_end(j);
    }
    nsp_json_array_end(j);
    nsp_json_object_end(j);
  }
  nsp_json_array_end(j);
}
