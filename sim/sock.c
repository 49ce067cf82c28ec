/* The ping socket: a raw ICMP socket in one namespace (iputils opens one as
 * root), fed by every ICMP message the namespace delivers locally; the probe
 * operations of the backend run the virtual clock while waiting on it. */
#include <errno.h>
#include <string.h>

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/sim.h"
#include "sim/trace_hooks.h"

struct sim_sock {
  sim_netns *ns;
  nsp_probe_cfg cfg;
  sim_iface *bound_dev;
  GArray *events; /* nsp_probe_event, taken from `next` on */
  guint next;
};

/* The events wait in an array that is emptied, not freed, once read: no
 * allocation per reply once it has grown. */
static void sock_push(sim_sock *s, const nsp_probe_event *ev) {
  g_array_append_val(s->events, *ev);
}

static bool sock_pop(sim_sock *s, nsp_probe_event *ev) {
  if (s->next == s->events->len) return false;
  *ev = g_array_index(s->events, nsp_probe_event, s->next++);
  if (s->next == s->events->len) {
    g_array_set_size(s->events, 0);
    s->next = 0;
  }
  return true;
}

static uint64_t sock_payload_time(const uint8_t *icmp, size_t ilen) {
  if (ilen < ICMP_HDR_LEN + 16) return UINT64_MAX;
  uint64_t sec = 0, usec = 0;
  for (int i = 7; i >= 0; i--) sec = (sec << 8) | icmp[ICMP_HDR_LEN + i];
  for (int i = 7; i >= 0; i--) usec = (usec << 8) | icmp[ICMP_HDR_LEN + 8 + i];
  return sec * 1000000000ULL + usec * 1000ULL;
}

/* ping4_parse_reply(): an echo reply with our id, or an error quoting one
 * of our echo requests to our destination. */
static void sock_offer(sim_sock *s, const ipv4_hdr *h, const uint8_t *icmp, size_t ilen) {
  nsp_probe_event ev = {.from = h->saddr, .ttl = h->ttl, .icmp_type = icmp[0],
                        .icmp_code = icmp[1], .gateway = inet_get32(icmp + 4),
                        .at_ns = s->ns->w->now};
  if (icmp[0] == ICMP_ECHOREPLY) {
    if (inet_get16(icmp + 4) != s->cfg.ident) return;
    ev.kind = NSP_PROBE_REPLY;
    ev.seq = inet_get16(icmp + 6);
    ev.len = ilen;
    ev.sent_ns = sock_payload_time(icmp, ilen);
    sock_push(s, &ev);
    return;
  }
  if (!icmp_type_is_error(icmp[0]) || ilen < ICMP_HDR_LEN + IPV4_HDR_LEN + ICMP_HDR_LEN) return;
  const uint8_t *inner = icmp + ICMP_HDR_LEN;
  size_t ihl = (size_t)(inner[0] & 0x0f) * 4;
  if (ilen < ICMP_HDR_LEN + ihl + ICMP_HDR_LEN) return;
  const uint8_t *q = inner + ihl;
  if (inner[9] != IPV4_PROTO_ICMP || inet_get32(inner + 16) != s->cfg.dst || q[0] != ICMP_ECHO ||
      inet_get16(q + 4) != s->cfg.ident)
    return;
  ev.kind = NSP_PROBE_ERROR;
  ev.seq = inet_get16(q + 6);
  sock_push(s, &ev);
}

void sim_sock_deliver(sim_netns *ns, const uint8_t *pkt, size_t len) {
  ipv4_hdr h;
  if (ipv4_hdr_parse(pkt, len, &h) != PROTO_OK) return;
  for (guint i = 0; ns->socks && i < ns->socks->len; i++)
    sock_offer(g_ptr_array_index(ns->socks, i), &h, pkt + h.ihl, h.tot_len - h.ihl);
}

sim_sock *sim_sock_open(sim_netns *ns, const nsp_probe_cfg *cfg, nsp_status *st) {
  sim_iface *dev = NULL;
  if (cfg->dev[0] && !(dev = sim_netns_iface_by_name(ns, cfg->dev))) {
    nsp_status_set(st, ENODEV, NULL);
    return NULL;
  }
  /* raw_bind() types the address with inet_addr_type_table(): without a
   * local table yet (no IPv4 address ever, lo never up) every address is
   * RTN_BROADCAST there, which binds (net/ipv4/fib_frontend.c,
   * __inet_dev_addr_type()) */
  if (cfg->src && ns->local.made && !sim_netns_addr_is_local(ns, cfg->src)) {
    nsp_status_set(st, EADDRNOTAVAIL, NULL);
    return NULL;
  }
  sim_sock *s = g_new0(sim_sock, 1);
  s->ns = ns;
  s->cfg = *cfg;
  s->bound_dev = dev;
  s->events = g_array_new(FALSE, FALSE, sizeof(nsp_probe_event));
  if (!ns->socks) ns->socks = g_ptr_array_new();
  g_ptr_array_add(ns->socks, s);
  return s;
}

/* The route of the socket's flow: destination, bound source and device,
 * and its mark (SO_MARK) for the rules' fwmark.  An echo request is a raw
 * socket's: the ICMP type in the flow's port bytes (raw_probe_proto_opt());
 * the source probe is ping's UDP socket connected to port 1025
 * (ip_route_connect(): once more with the source the first lookup chose). */
static int sock_route(sim_sock *s, bool probe, sim_rt_result *res) {
  sim_flow fl = {.daddr = s->cfg.dst, .saddr = s->cfg.src, .mark = s->cfg.mark,
                 .oif = s->bound_dev ? s->bound_dev->ifindex : 0,
                 .proto = probe ? IPV4_PROTO_UDP : IPV4_PROTO_ICMP,
                 .dport = probe ? 1025 : ICMP_ECHO << 8,
                 .any_sport = probe}; /* its ephemeral port: random on the kernel too */
  int err = sim_ip_route_output_flow(s->ns, &fl, res);
  if (err || !probe || fl.saddr) return err;
  fl.saddr = res->src;
  return sim_ip_route_output_flow(s->ns, &fl, res);
}

bool sim_sock_connect(sim_sock *s, uint32_t *src, nsp_status *st) {
  sim_rt_result res;
  int err = sock_route(s, true, &res);
  if (err) {
    /* __ip4_datagram_connect(): IPSTATS_MIB_OUTNOROUTES for ENETUNREACH;
     * an unreachable, prohibit or blackhole route fails with its own
     * errno (EHOSTUNREACH, EACCES, EINVAL) */
    if (err == -ENETUNREACH) s->ns->cnt.ip_out_no_routes++;
    nsp_status_set(st, -err, NULL);
    return false;
  }
  *src = res.src;
  return true;
}

/* ping's echo request: DF set while it fits the route's MTU (the socket's
 * IP_PMTUDISC_WANT), a random non-zero ID, then the timestamp and the
 * 0x10, 0x11, ... pattern of iputils. */
bool sim_sock_send(sim_sock *s, uint16_t seq, size_t size, nsp_status *st) {
  sim_netns *ns = s->ns;
  sim_rt_result res;
  int err = sock_route(s, false, &res);
  if (err) {
    /* raw_sendmsg() returns the routing error uncounted (net/ipv4/raw.c);
     * only connect() counts IpOutNoRoutes, as the kernel showed */
    sim_drop why = err == -EINVAL ? SIM_DROP_BLACKHOLE : err == -ENETUNREACH ? SIM_DROP_NO_ROUTE : SIM_DROP_REJECT;
    ns->cnt.drops[why]++;
    sim_trace_send_drop(ns, s->cfg.ident, seq, s->cfg.dst, why, NULL);
    nsp_status_set(st, -err, NULL);
    return false;
  }
  size_t tot = IPV4_HDR_LEN + ICMP_HDR_LEN + size;
  unsigned mtu = res.dev && res.type != NSP_RTN_LOCAL ? res.dev->mtu : 65536;
  /* ip_append_data(): with IP_PMTUDISC_DO a datagram over the MTU is
   * refused with EMSGSIZE and the MTU goes to the error queue */
  if (s->cfg.pmtudisc == 2 && tot > mtu) {
    nsp_status_set(st, EMSGSIZE, NULL);
    st->info = mtu;
    return false;
  }
  uint8_t pkt[IPV4_HDR_LEN + ICMP_HDR_LEN + 65536];
  if (tot > sizeof pkt) {
    nsp_status_set(st, EMSGSIZE, NULL);
    return false;
  }
  uint8_t *data = pkt + IPV4_HDR_LEN + ICMP_HDR_LEN;
  uint64_t now = ns->w->now, sec = now / 1000000000ULL, usec = (now % 1000000000ULL) / 1000;
  for (size_t i = 0; i < size; i++) data[i] = (uint8_t)i;
  for (size_t i = 0; i < 8 && size >= 16; i++) {
    data[i] = (uint8_t)(sec >> (8 * i));
    data[8 + i] = (uint8_t)(usec >> (8 * i));
  }
  /* DF while it fits, unless "dont"; ip_select_ident() gives ID 0 to a DF
   * packet that may not be fragmented (-M do), a random one otherwise */
  bool df = s->cfg.pmtudisc != 1 && tot <= mtu;
  ipv4_hdr h = {.ihl = IPV4_HDR_LEN, .tos = 0, .tot_len = (uint16_t)tot,
                .id = s->cfg.pmtudisc == 2 ? 0 : sim_ip_next_id(ns),
                .frag = df ? IPV4_FLAG_DF : 0,
                .ttl = s->cfg.ttl ? s->cfg.ttl : (uint8_t)ns->ip_default_ttl,
                .proto = IPV4_PROTO_ICMP, .saddr = res.src, .daddr = s->cfg.dst};
  ipv4_hdr_emit(&h, pkt, IPV4_HDR_LEN);
  icmp_hdr ih = {.type = ICMP_ECHO, .code = 0, .id = s->cfg.ident, .seq = seq};
  icmp_emit(&ih, data, size, pkt + IPV4_HDR_LEN, ICMP_HDR_LEN + size);
  sim_ip_output(ns, &res, pkt, tot);
  return true;
}

void sim_sock_wait(sim_sock *s, uint64_t deadline, nsp_probe_event *ev) {
  sim_world *w = s->ns->w;
  for (;;) {
    if (sock_pop(s, ev)) return;
    uint64_t next;
    if (!sim_world_next_event(w, &next) || next > deadline) break;
    sim_world_run_until(w, next);
  }
  sim_world_run_until(w, deadline);
  memset(ev, 0, sizeof *ev);
  ev->kind = NSP_PROBE_NONE;
  ev->at_ns = w->now;
}

bool sim_sock_ready(const sim_sock *s) { return s->next < s->events->len; }

void sim_sock_close(sim_sock *s) {
  g_ptr_array_remove(s->ns->socks, s);
  g_array_free(s->events, TRUE);
  g_free(s);
}
