/* UDP (net/ipv4/udp.c, datagram.c): the input path, Port Unreachable,
 * errors, and the socket calls. */
#include "sim/udp.h"

#include <errno.h>
#include <string.h>

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "proto/udp.h"
#include "sim/trace_hooks.h"

/* The queued datagram's data and where it came from. */
static const uint8_t *udp_pkt_data(const sim_pkt *p, size_t *dlen, nsp_sockaddr *from) {
  size_t ihl = (size_t)(p->data[0] & 0x0f) * 4;
  const uint8_t *u = p->data + ihl;
  *dlen = inet_get16(u + 4) - UDP_HDR_LEN;
  if (from) *from = (nsp_sockaddr){.addr = inet_get32(p->data + 12), .port = inet_get16(u)};
  return u + UDP_HDR_LEN;
}

static void udp_queue(sim_isock *s, const uint8_t *pkt, size_t len) {
  sim_netns *ns = s->ns;
  if (s->rxq_len >= SIM_SOCK_RXQ_MAX || s->shut_rd) {
    ns->cnt.udp_rcvbuf_errors++;
    ns->cnt.udp_in_errors++;
    return;
  }
  sim_pkt *p = sim_pkt_get(ns->w, len);
  memcpy(p->data, pkt, len);
  sim_pktq_push(&s->rxq, p);
  s->rxq_len++;
  ns->cnt.udp_in_datagrams++;
}

/* __udp4_lib_mcast_deliver() for broadcasts: a copy to every socket the
 * datagram matches, and nothing back when none does. */
static void udp_bcast_deliver(sim_netns *ns, sim_iface *in, const ipv4_hdr *h, const udp_hdr *u,
                              const uint8_t *pkt) {
  for (guint i = 0; ns->isocks && i < ns->isocks->len; i++) {
    sim_isock *s = g_ptr_array_index(ns->isocks, i);
    if (s->opts.type != NSP_SOCK_UDP || s->lport != u->dport) continue;
    if (s->laddr && s->laddr != h->daddr) continue;
    if (s->connected && (s->raddr != h->saddr || s->rport != u->sport)) continue;
    if (s->bound_ifindex && s->bound_ifindex != in->ifindex) continue;
    udp_queue(s, pkt, h->tot_len);
  }
}

void sim_udp_input(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len, bool bcast) {
  ipv4_hdr h;
  udp_hdr u;
  if (ipv4_hdr_parse(pkt, len, &h) != PROTO_OK) return;
  /* the checksum is trusted: every packet here came over a veth or lo,
   * CHECKSUM_PARTIAL (udp4_csum_init()) */
  if (udp_parse(pkt + h.ihl, h.tot_len - h.ihl, h.saddr, h.daddr, false, &u) != PROTO_OK) {
    ns->cnt.udp_in_errors++; /* short_packet */
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_MALFORMED, "UdpInErrors");
    return;
  }
  if (bcast) {
    udp_bcast_deliver(ns, in, &h, &u, pkt);
    return;
  }
  sim_isock *s = sim_isock_lookup(ns, NSP_SOCK_UDP, h.saddr, u.sport, h.daddr, u.dport,
                                  in ? in->ifindex : 0);
  if (s) {
    sim_trace_socket(ns, in, pkt, len, s, NULL);
    udp_queue(s, pkt, h.tot_len);
    return;
  }
  /* no socket: UDP_MIB_NOPORTS and Port Unreachable from the address the
   * datagram was sent to, under the ICMP rate limits */
  ns->cnt.udp_no_ports++;
  ns->cnt.drops[SIM_DROP_NO_SOCKET]++;
  sim_trace_drop(ns, in, pkt, len, SIM_DROP_NO_SOCKET, "UdpNoPorts");
  sim_icmp_send_error(ns, in, pkt, h.tot_len, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, true);
}

/* icmp_err_convert[] (net/ipv4/icmp.c): the errno of each Destination
 * Unreachable code, and whether it is fatal ("hard"). */
static int udp_unreach_errno(uint8_t code, bool *hard) {
  static const struct {
    int err;
    bool fatal;
  } t[] = {
      {ENETUNREACH, true},  {EHOSTUNREACH, true}, {ENOPROTOOPT, true}, {ECONNREFUSED, true},
      {EMSGSIZE, false},    {EOPNOTSUPP, false},  {ENETUNREACH, true}, {EHOSTDOWN, true},
      {ENONET, true},       {ENETUNREACH, true},  {EHOSTUNREACH, true}, {ENETUNREACH, true},
      {EHOSTUNREACH, true}, {EHOSTUNREACH, true}, {EHOSTUNREACH, true}, {EHOSTUNREACH, true},
  };
  if (code >= G_N_ELEMENTS(t)) {
    *hard = false;
    return EHOSTUNREACH;
  }
  *hard = t[code].fatal;
  return t[code].err;
}

/* __udp4_lib_err(): the socket that sent the quoted datagram gets the
 * error on its error queue with IP_RECVERR; without it only a hard error
 * on a connected socket is kept, as sk_err, which the next call returns. */
void sim_udp_err(sim_netns *ns, int in_ifindex, const uint8_t *pkt, size_t len) {
  ipv4_hdr oh, qh;
  if (ipv4_hdr_parse(pkt, len, &oh) != PROTO_OK) return;
  const uint8_t *icmp = pkt + oh.ihl;
  size_t ilen = oh.tot_len - oh.ihl;
  const uint8_t *q = icmp + ICMP_HDR_LEN;
  if (ilen < ICMP_HDR_LEN + IPV4_HDR_LEN) return;
  ipv4_hdr_read(q, &qh);
  size_t qlen = ilen - ICMP_HDR_LEN;
  if (qh.ihl < IPV4_HDR_LEN || qlen < (size_t)qh.ihl + UDP_HDR_LEN) return;
  udp_hdr u;
  udp_hdr_read(q + qh.ihl, &u);
  /* the quote is of a datagram we sent: we are its source; looked up with
   * the device the error came in on (__udp4_lib_err(): skb->dev->ifindex),
   * which a socket bound to a device (traceroute -i) must match */
  sim_isock *s = sim_isock_lookup(ns, NSP_SOCK_UDP, qh.daddr, u.dport, qh.saddr, u.sport, in_ifindex);
  if (!s) return;
  uint8_t type = icmp[0], code = icmp[1];
  bool hard = false;
  int err = EHOSTUNREACH;
  if (type == ICMP_SOURCE_QUENCH || type == ICMP_REDIRECT) return;
  if (type == ICMP_PARAMETERPROB) {
    err = EPROTO;
    hard = true;
  } else if (type == ICMP_DEST_UNREACH) {
    if (code == ICMP_FRAG_NEEDED) {
      int mode = s->opts.pmtudisc < 0 ? NSP_PMTUDISC_WANT : s->opts.pmtudisc;
      if (mode == NSP_PMTUDISC_DONT) return;
      err = EMSGSIZE;
      hard = true;
    } else {
      err = udp_unreach_errno(code, &hard);
    }
  }
  if (!s->opts.recverr) {
    if (!hard || !s->connected) return;
  } else {
    nsp_sock_errq e = {.err = err, .origin = NSP_EE_ORIGIN_ICMP, .type = type, .code = code,
                       .info = type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED
                                   ? inet_get16(icmp + 6) : 0,
                       .offender = oh.saddr, .dst = {.addr = qh.daddr, .port = u.dport},
                       .ttl = oh.ttl, .at_ns = ns->w->now,
                       .len = qlen - qh.ihl - UDP_HDR_LEN};
    sim_isock_queue_error(s, &e);
  }
  s->sk_err = err;
}

/* __ip4_datagram_connect(): the route decides the source address unless
 * one was bound; no route is ENETUNREACH (and IpOutNoRoutes). */
bool sim_udp_connect(sim_isock *s, uint32_t addr, uint16_t port, nsp_status *st) {
  if (!s->ns) {
    nsp_status_set(st, ENOTCONN, NULL);
    return false;
  }
  if (!sim_isock_autobind(s, st)) return false;
  sim_rt_result res;
  if (!sim_isock_route(s, addr, port, true, &res, st)) {
    s->ns->cnt.ip_out_no_routes++;
    return false;
  }
  if (!s->bind_addr_set) s->laddr = res.src;
  s->raddr = res.daddr; /* ip4_datagram_connect(): the routed destination */
  s->rport = port;
  s->connected = true;
  s->inet_id = (uint16_t)sim_world_rand(s->ns->w); /* get_random_u16() */
  return true;
}

/* udp_sendmsg(): to the connected peer or to `to`; the route per datagram;
 * a pending error is returned (and cleared) instead of sending
 * (sock_alloc_send_pskb() -> sock_error()). */
long sim_udp_sendmsg(sim_isock *s, const void *data, size_t len, const nsp_sockaddr *to,
                     nsp_status *st) {
  if (!s->ns) {
    nsp_status_set(st, ENOTCONN, NULL);
    return -1;
  }
  if (s->shut_wr) {
    nsp_status_set(st, EPIPE, NULL);
    return -1;
  }
  if (!to && !s->connected) {
    nsp_status_set(st, EDESTADDRREQ, NULL);
    return -1;
  }
  if (len > 65535 - IPV4_HDR_LEN - UDP_HDR_LEN) {
    nsp_status_set(st, EMSGSIZE, NULL);
    return -1;
  }
  nsp_sockaddr dst = to ? *to : (nsp_sockaddr){.addr = s->raddr, .port = s->rport};
  if (!sim_isock_autobind(s, st)) return -1;
  sim_rt_result res;
  if (!sim_isock_route(s, dst.addr, dst.port, false, &res, st)) {
    s->ns->cnt.ip_out_no_routes++;
    return -1;
  }
  size_t tot = IPV4_HDR_LEN + UDP_HDR_LEN + len;
  int mode = s->opts.pmtudisc < 0 ? NSP_PMTUDISC_WANT : s->opts.pmtudisc;
  if ((mode == NSP_PMTUDISC_DO || mode == NSP_PMTUDISC_PROBE) && tot > sim_isock_mtu(&res)) {
    nsp_status_set(st, EMSGSIZE, NULL);
    return -1;
  }
  int err = sim_isock_take_error(s);
  if (err) {
    nsp_status_set(st, err, NULL);
    return -1;
  }
  dst.addr = res.daddr; /* udp_sendmsg(): "if (!ipc.addr) daddr = ipc.addr = fl4->daddr" */
  uint8_t pkt[65536];
  uint32_t src = res.src; /* the bound (or connected) address when there is one */
  inet_put32(pkt + 12, src);
  inet_put32(pkt + 16, dst.addr);
  udp_hdr u = {.sport = s->lport, .dport = dst.port};
  udp_emit(&u, src, dst.addr, data, len, PROTO_CSUM_PARTIAL, pkt + IPV4_HDR_LEN,
           sizeof pkt - IPV4_HDR_LEN);
  s->ns->cnt.udp_out_datagrams++;
  sim_isock_ip_output(s, &res, pkt, tot, IPV4_PROTO_UDP, false);
  return (long)len;
}

/* udp_recvmsg(): a pending error first, then the oldest datagram (cut to
 * cap, the rest of it lost unless peek). */
long sim_udp_recvmsg(sim_isock *s, void *buf, size_t cap, nsp_sockaddr *from, bool peek,
                     nsp_status *st) {
  int err = sim_isock_take_error(s);
  if (err) {
    nsp_status_set(st, err, NULL);
    return -1;
  }
  sim_pkt *p = s->rxq.head;
  if (!p) {
    if (s->shut_rd) return 0;
    nsp_status_set(st, EAGAIN, NULL);
    return -1;
  }
  size_t dlen;
  const uint8_t *d = udp_pkt_data(p, &dlen, from);
  size_t n = dlen < cap ? dlen : cap;
  memcpy(buf, d, n);
  if (!peek) {
    sim_pkt_put(s->ns->w, sim_pktq_pop(&s->rxq));
    s->rxq_len--;
  }
  return (long)n;
}

unsigned sim_udp_poll(const sim_isock *s) {
  unsigned m = NSP_POLLOUT;
  if (s->sk_err || s->errq_next < s->errq->len) m |= NSP_POLLERR;
  if (s->shut_rd) m |= NSP_POLLRDHUP | NSP_POLLIN;
  if (s->shut_rd && s->shut_wr) m |= NSP_POLLHUP;
  if (s->rxq.head) m |= NSP_POLLIN;
  return m;
}
