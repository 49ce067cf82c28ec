/* TCP sockets (net/ipv4/tcp.c, tcp_ipv4.c tcp_v4_connect(), af_inet.c
 * inet_stream_connect(), inet_connection_sock.c): the calls of a program
 * and the states a connection goes through. */
#include "sim/tcp.h"

#include <errno.h>
#include <string.h>

#include "proto/tcp.h"

#define TCP_RCV_WSCALE 10

const char *sim_tcp_state_name(sim_tcp_state st) {
  static const char *const names[] = {"CLOSE",      "LISTEN",    "SYN-SENT",   "SYN-RECV",
                                      "ESTAB",      "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT",
                                      "CLOSING",    "LAST-ACK",  "TIME-WAIT"};
  return (unsigned)st < G_N_ELEMENTS(names) ? names[st] : "?";
}

sim_tcp *sim_tcp_of(sim_isock *s) {
  if (!s->proto) {
    sim_tcp *tp = g_new0(sim_tcp, 1);
    sim_tcp_init(tp, s);
    s->proto = tp;
  }
  return s->proto;
}

void sim_tcp_set_state(sim_tcp *tp, sim_tcp_state st) {
  tp->state = st;
}

/* The socket and its connection go together once both the program and
 * the protocol are done with them. */
static void tcp_free_sock(sim_tcp *tp) {
  sim_isock *s = tp->sk;
  s->proto = NULL;
  sim_tcp_free(tp);
  sim_isock_free(s);
}

void sim_tcp_ns_gone(sim_tcp *tp) {
  sim_timerq *q = &tp->sk->ns->w->timers;
  sim_timerq_cancel(q, &tp->rtx_timer);
  sim_timerq_cancel(q, &tp->delack_timer);
  sim_timerq_cancel(q, &tp->tw_timer);
  tp->parent = NULL;
  g_queue_clear(&tp->accept_q);
  tp->state = SIM_TCP_CLOSE;
}

void sim_tcp_reap_orphan(sim_tcp *tp) {
  if (tp->orphan) tcp_free_sock(tp);
}

/* tcp_done(): CLOSE, both directions shut, timers stopped; a child that
 * never got accepted leaves its listener's queue; an orphan goes. */
void sim_tcp_done(sim_tcp *tp) {
  sim_tcp_set_state(tp, SIM_TCP_CLOSE);
  tp->sk->shut_rd = tp->sk->shut_wr = true;
  if (tp->sk->ns) {
    sim_timerq *q = &tp->sk->ns->w->timers;
    sim_timerq_cancel(q, &tp->rtx_timer);
    sim_timerq_cancel(q, &tp->delack_timer);
    sim_timerq_cancel(q, &tp->tw_timer);
  }
  if (tp->parent) {
    g_queue_remove(&tp->parent->accept_q, tp);
    tp->parent = NULL;
  }
  if (tp->orphan) tcp_free_sock(tp);
}

/* tcp_v4_connect(): an even ephemeral port, the route's source, a random
 * initial sequence number, timestamp offset and IP ID, the SYN; the call
 * itself returns EINPROGRESS (a non-blocking socket). */
bool sim_tcp_connect(sim_isock *s, uint32_t addr, uint16_t port, nsp_status *st) {
  sim_tcp *tp = sim_tcp_of(s);
  if (!s->ns) {
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  if (tp->state == SIM_TCP_SYN_SENT) {
    nsp_status_set(st, EALREADY, NULL);
    return false;
  }
  if (tp->state != SIM_TCP_CLOSE || s->connected) {
    nsp_status_set(st, s->connected ? EISCONN : EINVAL, NULL);
    return false;
  }
  sim_rt_result res;
  if (!sim_isock_route(s, addr, port, true, &res, st)) {
    s->ns->cnt.ip_out_no_routes++;
    return false;
  }
  if (!s->bind_addr_set) s->laddr = res.src;
  if (!sim_isock_autobind(s, st)) return false;
  s->raddr = res.daddr; /* tcp_v4_connect(): the routed destination (0.0.0.0 is local) */
  s->rport = port;
  s->connected = true;
  sim_world *w = s->ns->w;
  tp->iss = (uint32_t)sim_world_rand(w);
  tp->ts_offset = (uint32_t)sim_world_rand(w);
  s->inet_id = (uint16_t)sim_world_rand(w);
  tp->snd_una = tp->iss;
  tp->snd_nxt = tp->iss + 1;
  tp->rcv_wscale = TCP_RCV_WSCALE;
  sim_rt_result r2;
  nsp_status st2;
  /* ip_route_newports(): the route again with the port bound */
  unsigned mtu = sim_isock_route(s, addr, port, false, &r2, &st2) ? sim_isock_mtu(&r2) : 576;
  uint16_t advmss = (uint16_t)(mtu > 65535 ? 65495 : mtu - 40);
  tp->rcv_wnd = 65535u / advmss * advmss; /* 64240 for 1460 */
  sim_tcp_set_state(tp, SIM_TCP_SYN_SENT);
  s->ns->cnt.tcp_active_opens++;
  sim_tcp_send_syn(tp);
  sim_tcp_rearm_rtx(tp);
  nsp_status_set(st, EINPROGRESS, NULL);
  return false;
}

/* inet_listen(): an unbound socket gets an ephemeral port first. */
bool sim_tcp_listen(sim_isock *s, int backlog, nsp_status *st) {
  sim_tcp *tp = sim_tcp_of(s);
  if (tp->state != SIM_TCP_CLOSE && tp->state != SIM_TCP_LISTEN) {
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  if (!sim_isock_autobind(s, st)) return false;
  tp->backlog = backlog < 0 ? 0 : backlog;
  s->listening = true;
  sim_tcp_set_state(tp, SIM_TCP_LISTEN);
  return true;
}

sim_isock *sim_tcp_accept(sim_isock *s, nsp_sockaddr *peer, nsp_status *st) {
  sim_tcp *tp = sim_tcp_of(s);
  if (tp->state != SIM_TCP_LISTEN) {
    nsp_status_set(st, EINVAL, NULL);
    return NULL;
  }
  sim_tcp *c = g_queue_pop_head(&tp->accept_q);
  if (!c) {
    nsp_status_set(st, EAGAIN, NULL);
    return NULL;
  }
  c->parent = NULL;
  c->orphan = false;
  if (peer) *peer = (nsp_sockaddr){.addr = c->sk->raddr, .port = c->sk->rport};
  s->ns->cnt.tcp_passive_opens++;
  return c->sk;
}

static bool tcp_can_send(sim_tcp_state st) {
  return st == SIM_TCP_ESTABLISHED || st == SIM_TCP_CLOSE_WAIT;
}

/* tcp_sendmsg(): a pending error first; EPIPE after shutdown(SHUT_WR) or
 * once closed; EAGAIN while the handshake runs. */
long sim_tcp_sendmsg(sim_isock *s, const void *data, size_t len, nsp_status *st) {
  sim_tcp *tp = sim_tcp_of(s);
  int err = sim_isock_take_error(s);
  if (err) {
    nsp_status_set(st, err, NULL);
    return -1;
  }
  if (s->shut_wr || tp->fin_pending) {
    nsp_status_set(st, EPIPE, NULL);
    return -1;
  }
  if (tp->state == SIM_TCP_SYN_SENT || tp->state == SIM_TCP_SYN_RECV) {
    nsp_status_set(st, EAGAIN, NULL);
    return -1;
  }
  if (!tcp_can_send(tp->state)) {
    nsp_status_set(st, EPIPE, NULL);
    return -1;
  }
  g_byte_array_append(tp->sndq, data, (guint)len);
  sim_tcp_push(tp);
  return (long)len;
}

/* tcp_recvmsg(): queued data first, then a pending error, then the end of
 * the stream (0) or EAGAIN. */
long sim_tcp_recvmsg(sim_isock *s, void *buf, size_t cap, bool peek, nsp_status *st) {
  sim_tcp *tp = sim_tcp_of(s);
  if (tp->state == SIM_TCP_LISTEN) {
    nsp_status_set(st, ENOTCONN, NULL);
    return -1;
  }
  if (tp->rcvq->len && !s->shut_rd) {
    size_t n = tp->rcvq->len < cap ? tp->rcvq->len : cap;
    memcpy(buf, tp->rcvq->data, n);
    if (!peek) g_byte_array_remove_range(tp->rcvq, 0, (guint)n);
    return (long)n;
  }
  int err = sim_isock_take_error(s);
  if (err) {
    nsp_status_set(st, err, NULL);
    return -1;
  }
  if (tp->rcv_fin || s->shut_rd || (tp->state == SIM_TCP_CLOSE && s->connected)) return 0;
  if (tp->state == SIM_TCP_CLOSE) {
    nsp_status_set(st, ENOTCONN, NULL);
    return -1;
  }
  nsp_status_set(st, EAGAIN, NULL);
  return -1;
}

/* tcp_close_state() for a FIN we are to send: ESTABLISHED -> FIN_WAIT1,
 * CLOSE_WAIT -> LAST_ACK; the FIN follows the queued data. */
static void tcp_send_fin(sim_tcp *tp) {
  if (tp->fin_pending) return;
  if (tp->state == SIM_TCP_ESTABLISHED) sim_tcp_set_state(tp, SIM_TCP_FIN_WAIT1);
  else if (tp->state == SIM_TCP_CLOSE_WAIT) sim_tcp_set_state(tp, SIM_TCP_LAST_ACK);
  else return;
  tp->fin_pending = true;
  sim_tcp_push(tp);
}

bool sim_tcp_shutdown(sim_isock *s, int how, nsp_status *st) {
  sim_tcp *tp = sim_tcp_of(s);
  if (how < NSP_SHUT_RD || how > NSP_SHUT_RDWR) {
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  if (tp->state == SIM_TCP_CLOSE || tp->state == SIM_TCP_LISTEN) {
    nsp_status_set(st, ENOTCONN, NULL);
    return false;
  }
  if (how != NSP_SHUT_WR) s->shut_rd = true;
  if (how != NSP_SHUT_RD) {
    tcp_send_fin(tp);
    s->shut_wr = true;
  }
  return true;
}

/* inet_csk_listen_stop(): the children nobody accepted are reset. */
static void tcp_listen_stop(sim_tcp *tp) {
  for (sim_tcp *c; (c = g_queue_pop_head(&tp->accept_q));) {
    c->parent = NULL;
    if (c->sk->ns) sim_tcp_send(c, TCP_RST | TCP_ACK, c->snd_nxt, 0, 0);
    sim_tcp_done(c);
  }
}

/* tcp_close(): unread data resets the connection (TcpExtTCPAbortOnClose);
 * otherwise the FIN goes after the data, and the socket finishes by
 * itself. */
void sim_tcp_close(sim_isock *s) {
  sim_tcp *tp = s->proto;
  if (!tp) {
    sim_isock_free(s);
    return;
  }
  tp->orphan = true;
  if (!s->ns) {
    tcp_free_sock(tp);
    return;
  }
  switch (tp->state) {
  case SIM_TCP_LISTEN: tcp_listen_stop(tp); sim_tcp_done(tp); return;
  case SIM_TCP_CLOSE:
  case SIM_TCP_SYN_SENT: sim_tcp_done(tp); return;
  default: break;
  }
  if (tp->rcvq->len && (tp->state == SIM_TCP_ESTABLISHED || tp->state == SIM_TCP_CLOSE_WAIT)) {
    sim_tcp_send(tp, TCP_RST | TCP_ACK, tp->snd_nxt, 0, 0);
    sim_tcp_done(tp);
    return;
  }
  tcp_send_fin(tp);
  s->shut_rd = s->shut_wr = true;
}

/* tcp_poll(): HUP once closed or shut both ways; IN|RDHUP once the
 * receive side is shut (our SHUT_RD or the peer's FIN); after the
 * handshake IN for queued data and OUT (the send buffer never fills here;
 * after SHUT_WR, OUT too, and writing fails at once); ERR for a pending
 * error. */
unsigned sim_tcp_poll(sim_isock *s) {
  sim_tcp *tp = sim_tcp_of(s);
  unsigned m = 0;
  if (tp->state == SIM_TCP_LISTEN) return tp->accept_q.length ? NSP_POLLIN : 0;
  bool rd_shut = s->shut_rd || tp->rcv_fin;
  if ((rd_shut && s->shut_wr) || tp->state == SIM_TCP_CLOSE) m |= NSP_POLLHUP;
  if (rd_shut) m |= NSP_POLLIN | NSP_POLLRDHUP;
  if (tp->state != SIM_TCP_SYN_SENT && tp->state != SIM_TCP_SYN_RECV) {
    if (tp->rcvq->len) m |= NSP_POLLIN;
    m |= NSP_POLLOUT;
  }
  if (s->sk_err || s->errq_next < s->errq->len) m |= NSP_POLLERR;
  return m;
}
