/* --explain for UDP and TCP (nc): every datagram and segment a command's
 * time saw, and every ICMP error about one, with its path, the NAT that
 * rewrote it, the socket that took it or why none did, and the iptables
 * rule that dropped or rejected it.
 *
 * A packet is followed by what forwarding and NAT leave alone: its IP ID,
 * protocol, TCP sequence, acknowledgment and flags, and its payload's
 * length (addresses and ports change under NAT).  A packet a namespace
 * sends ("out") always starts a new one. */
#include <string.h>

#include "cli/explain.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "proto/tcp.h"

static void l4_packet_free(gpointer p) {
  explain_packet *k = p;
  g_array_free(k->hops, TRUE);
  g_free(k->outcome);
  g_free(k->name);
  g_free(k);
}

static bool l4_same(const sim_trace_event *a, const sim_trace_event *b) {
  return a->ip_proto == b->ip_proto && a->ip_id == b->ip_id && a->l4_proto == b->l4_proto &&
         a->icmp_type == b->icmp_type && a->icmp_code == b->icmp_code && a->tcp_seq == b->tcp_seq &&
         a->tcp_ack == b->tcp_ack && a->tcp_flags == b->tcp_flags && a->l4_len == b->l4_len;
}

/* Taken by a socket, or dropped: nothing more happens to it, except the
 * fate of the ICMP error or reset its drop called for. */
static bool l4_ended(const explain_packet *k) {
  const sim_trace_event *e = &g_array_index(k->hops, sim_trace_event, k->hops->len - 1);
  return e->kind == SIM_TRACE_SOCKET || e->kind == SIM_TRACE_DROP;
}

static bool l4_after_drop(const sim_trace_event *e) {
  return e->kind == SIM_TRACE_DROP &&
         (e->reason == SIM_DROP_RATELIMIT || e->reason == SIM_DROP_NO_ROUTE_BACK);
}

static explain_packet *l4_find(GPtrArray *pkts, const sim_trace_event *e) {
  if (e->kind == SIM_TRACE_OUT) return NULL;
  for (guint i = pkts->len; i-- > 0;) {
    explain_packet *k = g_ptr_array_index(pkts, i);
    const sim_trace_event *f = &g_array_index(k->hops, sim_trace_event, 0);
    if (l4_same(f, e) && (!l4_ended(k) || l4_after_drop(e))) return k;
  }
  return NULL;
}

/* tcpdump's flags: [S], [S.], [P.], [F.], [R.], [.] */
static void l4_tcp_flags(uint8_t f, GString *out) {
  g_string_append_c(out, '[');
  if (f & TCP_SYN) g_string_append_c(out, 'S');
  if (f & TCP_FIN) g_string_append_c(out, 'F');
  if (f & TCP_PSH) g_string_append_c(out, 'P');
  if (f & TCP_RST) g_string_append_c(out, 'R');
  if (f & TCP_ACK) g_string_append_c(out, '.');
  g_string_append_c(out, ']');
}

/* "TCP 192.0.2.1:40000 > 10.0.1.1:12345 [S]", "UDP … , 6 bytes",
 * "Destination Port Unreachable from 10.0.1.1 about UDP 40000 > 12345":
 * as it left the namespace that sent it. */
static char *l4_name(const sim_trace_event *e) {
  char a[16], b[16], buf[96];
  const char *proto = e->l4_proto == IPV4_PROTO_TCP ? "TCP" : "UDP";
  GString *s = g_string_new(NULL);
  if (e->ip_proto == IPV4_PROTO_ICMP) {
    g_string_printf(s, "%s about %s %u > %u",
                    explain_packet_name(SIM_TRACE_ICMP_ERROR, e->icmp_type, e->icmp_code, e->src,
                                        buf, sizeof buf),
                    proto, e->sport, e->dport);
    return g_string_free(s, FALSE);
  }
  g_string_printf(s, "%s %s:%u > %s:%u", proto, ipv4_addr_ntop(e->src, a), e->sport,
                  ipv4_addr_ntop(e->dst, b), e->dport);
  if (e->l4_proto == IPV4_PROTO_TCP) {
    g_string_append_c(s, ' ');
    l4_tcp_flags(e->tcp_flags, s);
  }
  if (e->l4_proto == IPV4_PROTO_UDP || e->l4_len)
    g_string_append_printf(s, ", %u byte%s", e->l4_len, e->l4_len == 1 ? "" : "s");
  return g_string_free(s, FALSE);
}

/* Delivered, then refused (no socket) and what became of the answer: one
 * sentence for the drops from the first after the last delivery. */
static char *l4_outcome(const explain_packet *k, const sim_trace_event *ev, size_t n) {
  guint from = 0;
  for (guint h = 0; h < k->hops->len; h++)
    if (g_array_index(k->hops, sim_trace_event, h).kind == SIM_TRACE_DELIVER) from = h + 1;
  if (!from || from >= k->hops->len) return explain_packet_outcome(k, ev, n);
  GString *s = g_string_new(NULL);
  for (guint h = from; h < k->hops->len; h++) {
    const sim_trace_event *e = &g_array_index(k->hops, sim_trace_event, h);
    if (e->kind != SIM_TRACE_DROP) {
      g_string_free(s, TRUE);
      return explain_packet_outcome(k, ev, n);
    }
    if (!s->len) g_string_append_printf(s, "dropped in %s: %s", explain_ns_label(e->ns), e->detail);
    else g_string_append_printf(s, "; then %s", e->detail);
    if (e->counter[0]) g_string_append_printf(s, " [%s]", e->counter);
  }
  return g_string_free(s, FALSE);
}

GPtrArray *explain_l4_build(const sim_trace_event *ev, size_t n) {
  GPtrArray *pkts = NULL;
  for (size_t i = 0; i < n; i++) {
    if (!ev[i].l4) continue;
    if (!pkts) pkts = g_ptr_array_new_with_free_func(l4_packet_free);
    explain_packet *k = l4_find(pkts, &ev[i]);
    if (!k) {
      k = g_new0(explain_packet, 1);
      k->packet = SIM_TRACE_OTHER_IP;
      k->icmp_type = ev[i].icmp_type;
      k->icmp_code = ev[i].icmp_code;
      k->src = ev[i].src;
      k->dst = ev[i].dst;
      k->hops = g_array_new(FALSE, FALSE, sizeof(sim_trace_event));
      k->name = l4_name(&ev[i]);
      g_ptr_array_add(pkts, k);
    }
    g_array_append_val(k->hops, ev[i]);
  }
  for (guint i = 0; pkts && i < pkts->len; i++) {
    explain_packet *k = g_ptr_array_index(pkts, i);
    k->outcome = l4_outcome(k, ev, n);
  }
  return pkts;
}

void explain_l4_render(GPtrArray *pkts, GString *out) {
  const sim_trace_event *first =
      &g_array_index(((explain_packet *)g_ptr_array_index(pkts, 0))->hops, sim_trace_event, 0);
  uint64_t t0 = first->at_ns, wait_at = 0;
  g_string_append(out, "# explain: UDP and TCP\n");
  for (guint p = 0; p < pkts->len; p++) {
    const explain_packet *k = g_ptr_array_index(pkts, p);
    g_string_append_printf(out, "#   %s: %s\n", k->name, k->outcome);
    for (guint h = 0; h < k->hops->len; h++) {
      const sim_trace_event *e = &g_array_index(k->hops, sim_trace_event, h);
      if (e->kind == SIM_TRACE_ARP_WAIT) wait_at = e->at_ns;
      explain_hop_text(e, t0, wait_at, out);
    }
  }
}

JsonArray *explain_l4_json(GPtrArray *pkts) {
  char a[16];
  JsonArray *arr = json_array_new();
  for (guint p = 0; pkts && p < pkts->len; p++) {
    const explain_packet *k = g_ptr_array_index(pkts, p);
    const sim_trace_event *f = &g_array_index(k->hops, sim_trace_event, 0);
    JsonObject *o = json_object_new();
    bool err = f->ip_proto == IPV4_PROTO_ICMP;
    json_object_set_string_member(o, "packet", err ? "icmp_error" : f->l4_proto == IPV4_PROTO_TCP ? "tcp" : "udp");
    json_object_set_string_member(o, "protocol", f->l4_proto == IPV4_PROTO_TCP ? "tcp" : "udp");
    if (err) {
      json_object_set_int_member(o, "icmp_type", f->icmp_type);
      json_object_set_int_member(o, "icmp_code", f->icmp_code);
    }
    json_object_set_string_member(o, "src", ipv4_addr_ntop(k->src, a));
    json_object_set_string_member(o, "dst", ipv4_addr_ntop(k->dst, a));
    json_object_set_int_member(o, "sport", f->sport);
    json_object_set_int_member(o, "dport", f->dport);
    if (!err && f->l4_proto == IPV4_PROTO_TCP) {
      GString *fl = g_string_new(NULL);
      l4_tcp_flags(f->tcp_flags, fl);
      json_object_set_string_member(o, "flags", fl->str);
      g_string_free(fl, TRUE);
    }
    if (!err) json_object_set_int_member(o, "length", f->l4_len);
    json_object_set_string_member(o, "summary", k->name);
    json_object_set_string_member(o, "outcome", k->outcome);
    JsonArray *hops = json_array_new();
    for (guint h = 0; h < k->hops->len; h++)
      json_array_add_object_element(hops, explain_event_json(&g_array_index(k->hops, sim_trace_event, h)));
    json_object_set_array_member(o, "hops", hops);
    json_array_add_object_element(arr, o);
  }
  return arr;
}
