/* Sockets of the simulation: creation, the port table, routes, errors
 * (net/ipv4/af_inet.c, inet_hashtables.c, udp.c, ip_sockglue.c). */
#include "sim/inet_sock.h"
#include "proto/ipv4.h"
#include "sim/tcp.h"

#include <errno.h>
#include <string.h>

sim_isock *sim_isock_new(sim_world *w, sim_netns *ns, const nsp_sock_opts *o, nsp_status *st) {
  int ifindex = 0;
  if (o->dev[0]) {
    /* SO_BINDTODEVICE looks the name up in the socket's namespace */
    sim_iface *dev = sim_netns_iface_by_name(ns, o->dev);
    if (!dev) {
      nsp_status_set(st, ENODEV, NULL);
      return NULL;
    }
    ifindex = dev->ifindex;
  }
  if (o->ttl < 0 || o->ttl > 255 || o->pmtudisc > NSP_PMTUDISC_PROBE) {
    nsp_status_set(st, EINVAL, NULL); /* do_ip_setsockopt() */
    return NULL;
  }
  sim_isock *s = g_new0(sim_isock, 1);
  s->base.be = &w->base;
  s->ns = ns;
  s->opts = *o;
  s->bound_ifindex = ifindex;
  s->errq = g_array_new(FALSE, FALSE, sizeof(nsp_sock_errq));
  if (!ns->isocks) ns->isocks = g_ptr_array_new();
  g_ptr_array_add(ns->isocks, s);
  return s;
}

void sim_isock_free(sim_isock *s) {
  if (s->ns) {
    g_ptr_array_remove(s->ns->isocks, s);
    sim_pktq_purge(s->ns->w, &s->rxq);
  } else {
    for (sim_pkt *p; (p = sim_pktq_pop(&s->rxq));) {
      if (p->data != p->buf) g_free(p->data);
      g_free(p);
    }
  }
  g_array_free(s->errq, TRUE);
  g_free(s);
}

/* The namespace goes: its queued packets go back to the pool while the
 * world is still there, and each socket forgets it. */
void sim_isock_orphan_all(sim_netns *ns) {
  GPtrArray *a = ns->isocks;
  if (!a) return;
  ns->isocks = NULL;
  for (guint i = 0; i < a->len; i++) {
    sim_isock *s = g_ptr_array_index(a, i);
    sim_pktq_purge(ns->w, &s->rxq);
    s->rxq_len = 0;
    if (s->proto) sim_tcp_ns_gone(s->proto);
    s->ns = NULL;
  }
  /* connections their programs had closed go with the namespace */
  for (guint i = 0; i < a->len; i++) {
    sim_isock *s = g_ptr_array_index(a, i);
    if (s->proto) sim_tcp_reap_orphan(s->proto);
  }
  g_ptr_array_free(a, TRUE);
}

/* Two sockets on one port clash unless both said SO_REUSEADDR and the
 * other is not listening, or both said SO_REUSEPORT (udp_lib_lport_inuse(),
 * inet_bind_conflict()); different bound addresses never clash. */
static bool isock_port_clash(const sim_isock *s, const sim_isock *o, uint32_t addr, uint16_t port) {
  if (o == s || o->lport != port || o->opts.type != s->opts.type) return false;
  if (addr && o->laddr && addr != o->laddr) return false;
  if (s->bound_ifindex && o->bound_ifindex && s->bound_ifindex != o->bound_ifindex) return false;
  if (s->opts.reuseaddr && o->opts.reuseaddr && !o->listening) return false;
  if (s->opts.reuseport && o->opts.reuseport) return false;
  return true;
}

static bool isock_port_free(const sim_isock *s, uint32_t addr, uint16_t port) {
  for (guint i = 0; i < s->ns->isocks->len; i++)
    if (isock_port_clash(s, g_ptr_array_index(s->ns->isocks, i), addr, port)) return false;
  return true;
}

/* An ephemeral port: a random start in ip_local_port_range, then the
 * first free one after it.  connect() of TCP prefers even ports and
 * bind(0) odd ones (__inet_hash_connect(), inet_csk_find_open_port());
 * UDP takes any. */
static uint16_t isock_pick_port(sim_isock *s, uint32_t addr, int parity) {
  unsigned range = SIM_PORT_EPHEMERAL_HIGH - SIM_PORT_EPHEMERAL_LOW + 1;
  unsigned start = (unsigned)(sim_world_rand(s->ns->w) % range);
  for (int pass = 0; pass < 2; pass++) {
    for (unsigned i = 0; i < range; i++) {
      uint16_t port = (uint16_t)(SIM_PORT_EPHEMERAL_LOW + (start + i) % range);
      if (pass == 0 && parity >= 0 && (port & 1) != parity) continue;
      if (isock_port_free(s, addr, port)) return port;
    }
  }
  return 0;
}

static bool isock_addr_bindable(sim_netns *ns, uint32_t addr) {
  if (!addr || addr == 0xffffffffu || (addr >> 28) == 0xe) return true;
  /* inet_addr_type_table(): without a local table yet (no address ever,
   * lo never up) every address types as broadcast, which binds */
  return !ns->local.made || sim_netns_addr_is_local(ns, addr);
}

bool sim_isock_bind(sim_isock *s, uint32_t addr, uint16_t port, nsp_status *st) {
  if (!s->ns) {
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  if (!isock_addr_bindable(s->ns, addr)) {
    nsp_status_set(st, EADDRNOTAVAIL, NULL);
    return false;
  }
  if (s->lport) { /* __inet_bind(): "Check these errors (active socket, double bind)" */
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  if (port == 0) port = isock_pick_port(s, addr, s->opts.type == NSP_SOCK_TCP ? 1 : -1);
  if (port == 0 || !isock_port_free(s, addr, port)) {
    nsp_status_set(st, EADDRINUSE, NULL);
    return false;
  }
  s->laddr = addr;
  s->lport = port;
  s->bind_addr_set = addr != 0;
  return true;
}

bool sim_isock_autobind(sim_isock *s, nsp_status *st) {
  if (s->lport) return true;
  uint16_t port = isock_pick_port(s, s->laddr, s->opts.type == NSP_SOCK_TCP ? 0 : -1);
  if (!port) {
    nsp_status_set(st, EAGAIN, NULL); /* inet_autobind() */
    return false;
  }
  s->lport = port;
  return true;
}

bool sim_isock_route(sim_isock *s, uint32_t dst, uint16_t dport, bool connect,
                     sim_rt_result *res, nsp_status *st) {
  sim_flow fl = {.daddr = dst, .saddr = s->laddr, .oif = s->bound_ifindex,
                 .proto = s->opts.type == NSP_SOCK_TCP ? IPV4_PROTO_TCP : IPV4_PROTO_UDP,
                 .sport = s->lport, .dport = dport, .any_sport = connect && !s->lport};
  int err = sim_ip_route_output_flow(s->ns, &fl, res);
  if (!err && connect && !fl.saddr) {
    fl.saddr = res->src;
    err = sim_ip_route_output_flow(s->ns, &fl, res);
  }
  if (err) {
    nsp_status_set(st, ENETUNREACH, NULL);
    return false;
  }
  return true;
}

/* compute_score(): each field the socket pins must match; each pinned one
 * scores, so a connected socket wins over a bound one, a bound address
 * over the wildcard. */
static int isock_score(const sim_isock *s, nsp_sock_type type, uint32_t saddr, uint16_t sport,
                       uint32_t daddr, uint16_t dport, int ifindex) {
  if (s->opts.type != type || s->lport != dport) return -1;
  int score = 1;
  if (s->laddr) {
    if (s->laddr != daddr) return -1;
    score += 4;
  }
  if (s->connected) {
    if (s->raddr != saddr || s->rport != sport) return -1;
    score += 8;
  }
  if (s->bound_ifindex) {
    if (s->bound_ifindex != ifindex) return -1;
    score += 4;
  }
  return score;
}

sim_isock *sim_isock_lookup(sim_netns *ns, nsp_sock_type type, uint32_t saddr, uint16_t sport,
                            uint32_t daddr, uint16_t dport, int ifindex) {
  sim_isock *best = NULL;
  int best_score = -1;
  for (guint i = 0; ns->isocks && i < ns->isocks->len; i++) {
    sim_isock *s = g_ptr_array_index(ns->isocks, i);
    int score = isock_score(s, type, saddr, sport, daddr, dport, ifindex);
    if (score > best_score) {
      best = s;
      best_score = score;
    }
  }
  return best;
}

void sim_isock_queue_error(sim_isock *s, const nsp_sock_errq *e) {
  g_array_append_val(s->errq, *e);
}

/* sock_dequeue_err_skb(): reading one error leaves sk_err the next one's
 * errno, or 0. */
bool sim_isock_pop_error(sim_isock *s, nsp_sock_errq *e) {
  if (s->errq_next == s->errq->len) return false;
  *e = g_array_index(s->errq, nsp_sock_errq, s->errq_next++);
  if (s->errq_next == s->errq->len) {
    g_array_set_size(s->errq, 0);
    s->errq_next = 0;
    s->sk_err = 0;
  } else {
    s->sk_err = g_array_index(s->errq, nsp_sock_errq, s->errq_next).err;
  }
  return true;
}

int sim_isock_take_error(sim_isock *s) {
  int e = s->sk_err;
  s->sk_err = 0;
  return e;
}

/* ip_dont_fragment(): DF with IP_PMTUDISC_DO or PROBE, and with WANT (the
 * default) while the packet fits the route's MTU; a larger one is
 * fragmented here and its fragments go without DF. */
static bool isock_df(const sim_isock *s, size_t len, unsigned mtu) {
  int mode = s->opts.pmtudisc < 0 ? NSP_PMTUDISC_WANT : s->opts.pmtudisc;
  if (mode == NSP_PMTUDISC_DO || mode == NSP_PMTUDISC_PROBE) return true;
  return mode == NSP_PMTUDISC_WANT && len <= mtu;
}

unsigned sim_isock_mtu(const sim_rt_result *res) {
  return res->dev && res->type != NSP_RTN_LOCAL ? res->dev->mtu : 65535;
}

/* ip_queue_xmit()/ip_make_skb(): the IPv4 header in front of the
 * transport bytes at pkt + 20, then out along res.  The ID is
 * ip_select_ident_segs()'s: a connected socket counts its own from a
 * random start (UDP the value after the increment, TCP before it), an
 * unconnected one sends DF packets with ID 0 and others with a hashed
 * (here random) ID. */
void sim_isock_ip_output(sim_isock *s, const sim_rt_result *res, uint8_t *pkt, size_t len,
                         uint8_t proto, bool id0) {
  sim_netns *ns = s->ns;
  bool df = isock_df(s, len, sim_isock_mtu(res));
  uint16_t id;
  if (id0) id = 0;
  else if (s->connected) id = proto == IPV4_PROTO_TCP ? s->inet_id++ : ++s->inet_id;
  else id = df ? 0 : sim_ip_next_id(ns);
  ipv4_hdr h = {.ihl = IPV4_HDR_LEN, .tos = (uint8_t)(s->opts.tos < 0 ? 0 : s->opts.tos),
                .tot_len = (uint16_t)len, .id = id, .frag = df ? IPV4_FLAG_DF : 0,
                .ttl = (uint8_t)(s->opts.ttl ? s->opts.ttl : ns->ip_default_ttl),
                .proto = proto, .saddr = inet_get32(pkt + 12), .daddr = inet_get32(pkt + 16)};
  ipv4_hdr_emit(&h, pkt, IPV4_HDR_LEN);
  sim_ip_output(ns, res, pkt, len);
}
