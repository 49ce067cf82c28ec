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

/* The bridge that flooded the packet after its last telling event, when
 * every copy then reached a host it was not for: the packet is lost. */
static const sim_trace_event *packet_flood_lost(const explain_packet *k,
                                                const sim_trace_event *last) {
  unsigned refused = 0;
  for (guint h = k->hops->len; h-- > 0;) {
    const sim_trace_event *e = &g_array_index(k->hops, sim_trace_event, h);
    if (e == last) return NULL;
    if (e->kind == SIM_TRACE_DROP && e->reason == SIM_DROP_NOT_FOR_US) refused++;
    if (e->kind == SIM_TRACE_BRIDGE && e->br_how == SIM_TRACE_BR_FLOOD)
      return refused >= e->br_ports ? e : NULL;
  }
  return NULL;
}

char *explain_packet_outcome(const explain_packet *k, const sim_trace_event *ev, size_t n) {
  char a[16], why[200] = "";
  const sim_trace_event *last = packet_last(k);
  const sim_trace_event *flood = packet_flood_lost(k, last);
  if (flood && flood->br_ports)
    return g_strdup_printf("lost: %s in %s flooded it (its destination is unknown there) and "
                           "only hosts it was not for got it", flood->br, explain_ns_label(flood->ns));
  if (flood)
    return g_strdup_printf("lost: %s in %s has no other port that forwards", flood->br,
                           explain_ns_label(flood->ns));
  const sim_trace_event *arp = NULL;
  if (last->kind == SIM_TRACE_ARP_FAILED || last->kind == SIM_TRACE_ARP_WAIT)
    arp = arp_drop_for(ev, n, last);
  if (arp)
    g_snprintf(why, sizeof why, "; the ARP requests never left: %s%s%s%s", arp->detail,
               arp->counter[0] ? " [" : "", arp->counter, arp->counter[0] ? "]" : "");
  switch (last->kind) {
  case SIM_TRACE_DROP: return packet_dropped_after_delivery(k) ? outcome_drop(last) : outcome_drops(k);
  case SIM_TRACE_DELIVER: return g_strdup_printf("delivered in %s", explain_ns_label(last->ns));
  case SIM_TRACE_SOCKET:
    return g_strdup_printf("delivered to %s in %s", last->detail, explain_ns_label(last->ns));
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

/* iputils' words (ping.c pr_icmph()) for every error the model sends or
 * forwards: all 16 Destination Unreachable codes (the 13 of a
 * --reject-with icmp-admin-prohibited is "Packet filtered", 10 of
 * icmp-host-prohibited "Destination Host Prohibited"), Time Exceeded in
 * transit and in reassembly, redirects, parameter problems. */
const char *explain_packet_name(sim_trace_packet packet, uint8_t icmp_type, uint8_t icmp_code,
                                uint32_t src, char *buf, size_t cap) {
  char a[16];
  static const char *const unreach[16] = {
      "Destination Net Unreachable", "Destination Host Unreachable",
      "Destination Protocol Unreachable", "Destination Port Unreachable", "Frag needed and DF set",
      "Source Route Failed", "Destination Net Unknown", "Destination Host Unknown",
      "Source Host Isolated", "Destination Net Prohibited", "Destination Host Prohibited",
      "Destination Net Unreachable for Type of Service",
      "Destination Host Unreachable for Type of Service", "Packet filtered",
      "Precedence Violation", "Precedence Cutoff"};
  static const char *const redirect[4] = {"Redirect Network", "Redirect Host",
                                          "Redirect Type of Service and Network",
                                          "Redirect Type of Service and Host"};
  static const char *const exceeded[2] = {"Time to live exceeded", "Frag reassembly time exceeded"};
  const char *name = NULL;
  if (packet == SIM_TRACE_ECHO_REQUEST) return "echo request";
  if (packet == SIM_TRACE_ECHO_REPLY) return "echo reply";
  if (icmp_type == 3 && icmp_code < G_N_ELEMENTS(unreach)) name = unreach[icmp_code];
  else if (icmp_type == 5 && icmp_code < G_N_ELEMENTS(redirect)) name = redirect[icmp_code];
  else if (icmp_type == 11 && icmp_code < G_N_ELEMENTS(exceeded)) name = exceeded[icmp_code];
  else if (icmp_type == 12) name = "Parameter problem";
  else if (icmp_type == 4) name = "Source Quench";
  if (name) g_snprintf(buf, cap, "%s from %s", name, IP_STR(src, a));
  else g_snprintf(buf, cap, "ICMP type %u code %u from %s", icmp_type, icmp_code, IP_STR(src, a));
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

/* An echo reply that ended in another namespace than the ping's: its
 * destination (the ping's source) is an address there too, and the reply
 * never leaves it (84: a source the router also owns). */
static void reply_elsewhere(const nsp_probe_record *rec, explain_packet *k) {
  const sim_trace_event *last = &g_array_index(k->hops, sim_trace_event, k->hops->len - 1);
  if (k->packet != SIM_TRACE_ECHO_REPLY || last->kind != SIM_TRACE_DELIVER ||
      strcmp(last->ns, rec->ns) == 0)
    return;
  char a[16];
  g_free(k->outcome);
  k->outcome = g_strdup_printf("ended in %s, not at the ping in %s: %s is an address of %s too",
                               explain_ns_label(last->ns), explain_ns_label(rec->ns), IP_STR(k->dst, a),
                               explain_ns_label(last->ns));
}

GPtrArray *explain_build(const nsp_probe_record *rec, const sim_trace_event *ev, size_t n) {
  GPtrArray *seqs = g_ptr_array_new_with_free_func(seq_free);
  for (guint i = 0; i < rec->sends->len; i++)
    seq_get(seqs, g_array_index(rec->sends, nsp_probe_send_rec, i).seq);
  for (size_t i = 0; i < n; i++) {
    if (ev[i].packet == SIM_TRACE_ARP || ev[i].packet == SIM_TRACE_OTHER_IP ||
        ev[i].ident != rec->cfg.ident)
      continue;
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
      k->outcome = explain_packet_outcome(k, ev, n);
      reply_elsewhere(rec, k);
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
    if (!e->br_ports)
      g_string_append_printf(out, "bridged by %s: %s -> nowhere (no other port forwards)", e->br, from);
    else
      g_string_append_printf(out, "bridged by %s: %s -> %s (flooded to %u port%s: %s)", e->br, from,
                             e->detail, e->br_ports, e->br_ports == 1 ? "" : "s",
                             e->br_bcast ? "broadcast" : "destination unknown");
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

/* Policy routing: the table other than main the route came from, and the
 * rule that chose it (named by its preference, as `ip rule` lists it). */
static void route_table_text(const sim_trace_event *e, GString *out) {
  if (e->rt_table && e->rt_table != NSP_RT_TABLE_LOCAL) g_string_append_printf(out, " table %u", e->rt_table);
  if (e->has_rule) g_string_append_printf(out, ", rule %u", e->rule_pref);
  if (e->rt_npaths) {
    g_string_append_printf(out, ", path %u of %u", e->rt_path, e->rt_npaths);
    if (e->rt_hashed) g_string_append_printf(out, " (multipath hash 0x%08x)", e->rt_hash);
  }
}

void explain_hop_text(const sim_trace_event *e, uint64_t t0, uint64_t wait_at, GString *out) {
  char a[16];
  uint64_t dt = e->at_ns - t0;
  g_string_append_printf(out, "#     %+9.3f ms  %-10s ", (double)dt / 1e6, explain_ns_label(e->ns));
  switch (e->kind) {
  case SIM_TRACE_OUT:
    g_string_append_printf(out, "out %s ttl %u, route ", e->dev, e->ttl);
    explain_route_text(e, out);
    g_string_append_printf(out, " dev %s", e->dev);
    route_table_text(e, out);
    break;
  case SIM_TRACE_IN: g_string_append_printf(out, "in %s ttl %u", e->dev, e->ttl); break;
  case SIM_TRACE_FORWARD:
    g_string_append_printf(out, "forward %s -> %s ttl %u -> %u, route ", e->dev, e->dev_out, e->ttl,
                           e->ttl_after);
    explain_route_text(e, out);
    g_string_append_printf(out, " dev %s", e->dev_out);
    route_table_text(e, out);
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
  case SIM_TRACE_SOCKET: g_string_append_printf(out, "delivered to %s", e->detail); break;
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
        explain_hop_text(e, t0, wait_at, out);
      }
    }
  }
}

JsonObject *explain_event_json(const sim_trace_event *e) {
  char a[16];
  JsonObject *o = json_object_new();
  json_object_set_int_member(o, "t_ns", (gint64)e->at_ns);
  json_object_set_string_member(o, "event", sim_trace_kind_name(e->kind));
  json_object_set_string_member(o, "ns", e->ns);
  if (e->dev[0]) json_object_set_string_member(o, "dev", e->dev);
  if (e->dev_out[0]) json_object_set_string_member(o, "dev_out", e->dev_out);
  if (e->kind != SIM_TRACE_DROP || e->ttl) json_object_set_int_member(o, "ttl", e->ttl);
  if (e->kind == SIM_TRACE_FORWARD) json_object_set_int_member(o, "ttl_after", e->ttl_after);
  if (e->has_route) {
    JsonObject *r = json_object_new();
    char *prefix = g_strdup_printf("%s/%u", IP_STR(e->rt_dst, a), e->rt_plen);
    json_object_set_string_member(r, "prefix", prefix);
    g_free(prefix);
    json_object_set_string_member(r, "via", e->rt_gw ? IP_STR(e->rt_gw, a) : NULL);
    json_object_set_string_member(r, "dev", e->kind == SIM_TRACE_FORWARD ? e->dev_out : e->dev);
    json_object_set_string_member(r, "type", e->rt_type == NSP_RTN_LOCAL ? "local" : "unicast");
    json_object_set_int_member(r, "table", e->rt_table ? e->rt_table : NSP_RT_TABLE_MAIN);
    if (e->has_rule) json_object_set_int_member(r, "rule", e->rule_pref);
    if (e->rt_npaths) {
      json_object_set_int_member(r, "path", e->rt_path);
      json_object_set_int_member(r, "paths", e->rt_npaths);
      if (e->rt_hashed) json_object_set_int_member(r, "hash", e->rt_hash);
    }
    json_object_set_object_member(o, "route", r);
  }
  if (e->nexthop) json_object_set_string_member(o, "nexthop", IP_STR(e->nexthop, a));
  if (e->kind == SIM_TRACE_BRIDGE) {
    static const char *const how[] = {"forward", "flood", "local", "filtered", "blocked"};
    json_object_set_string_member(o, "bridge", e->br);
    json_object_set_string_member(o, "bridge_action", how[e->br_how]);
    json_object_set_int_member(o, "bridge_ports", e->br_ports);
  }
  if (e->kind == SIM_TRACE_NAT || e->kind == SIM_TRACE_SOCKET)
    json_object_set_string_member(o, "detail", e->detail);
  if (e->kind == SIM_TRACE_DROP || e->kind == SIM_TRACE_ARP_FAILED) {
    json_object_set_string_member(o, "reason", sim_trace_drop_name(e->reason));
    json_object_set_string_member(o, "counter", e->counter[0] ? e->counter : NULL);
    json_object_set_string_member(o, "detail", e->detail);
  }
  return o;
}

static JsonObject *packet_json(const explain_packet *k) {
  char a[16];
  JsonObject *o = json_object_new();
  json_object_set_string_member(o, "packet", sim_trace_packet_name(k->packet));
  if (k->packet == SIM_TRACE_ICMP_ERROR) {
    json_object_set_int_member(o, "icmp_type", k->icmp_type);
    json_object_set_int_member(o, "icmp_code", k->icmp_code);
  }
  json_object_set_string_member(o, "src", IP_STR(k->src, a));
  json_object_set_string_member(o, "dst", IP_STR(k->dst, a));
  json_object_set_string_member(o, "outcome", k->outcome);
  JsonArray *hops = json_array_new();
  for (guint h = 0; h < k->hops->len; h++)
    json_array_add_object_element(hops, explain_event_json(&g_array_index(k->hops, sim_trace_event, h)));
  json_object_set_array_member(o, "hops", hops);
  return o;
}

JsonArray *explain_json(GPtrArray *seqs) {
  JsonArray *arr = json_array_new();
  for (guint i = 0; i < seqs->len; i++) {
    const explain_seq *s = g_ptr_array_index(seqs, i);
    JsonObject *o = json_object_new();
    json_object_set_int_member(o, "seq", s->seq);
    json_object_set_string_member(o, "summary", s->summary);
    JsonArray *packets = json_array_new();
    for (guint p = 0; p < s->packets->len; p++)
      json_array_add_object_element(packets, packet_json(g_ptr_array_index(s->packets, p)));
    json_object_set_array_member(o, "packets", packets);
    json_array_add_object_element(arr, o);
  }
  return arr;
}
