/* The simulation's socket operations (core/backend.h): the calls of a
 * program in a namespace, and poll(), which runs the virtual clock until a
 * socket is ready or the deadline comes. */
#include <errno.h>
#include <string.h>

#include "sim/backend_priv.h"
#include "sim/inet_sock.h"
#include "sim/tcp.h"
#include "sim/udp.h"
#include "sim/world.h"

#define S(s) ((sim_isock *)(s))

nsp_sock *sim_be_sock_open(nsp_backend *b, const char *ns, const nsp_sock_opts *o,
                              nsp_status *st) {
  if (o->type != NSP_SOCK_UDP && o->type != NSP_SOCK_TCP) {
    nsp_status_set(st, EPROTONOSUPPORT, NULL);
    return NULL;
  }
  sim_isock *s = sim_isock_new(W(b), sim_be_ns(b, ns), o, st);
  if (s && o->type == NSP_SOCK_TCP) sim_tcp_of(s);
  return s ? &s->base : NULL;
}

bool sim_be_sock_bind(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st) {
  return sim_isock_bind(S(s), a->addr, a->port, st);
}

static bool is_tcp(nsp_sock *s) { return S(s)->opts.type == NSP_SOCK_TCP; }

bool sim_be_sock_connect(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st) {
  if (is_tcp(s)) return sim_tcp_connect(S(s), a->addr, a->port, st);
  return sim_udp_connect(S(s), a->addr, a->port, st);
}

/* listen() and accept() on a datagram socket: EOPNOTSUPP, as
 * inet_dgram_ops has sock_no_listen and sock_no_accept */
bool sim_be_sock_listen(nsp_sock *s, int backlog, nsp_status *st) {
  if (is_tcp(s)) return sim_tcp_listen(S(s), backlog, st);
  nsp_status_set(st, EOPNOTSUPP, NULL);
  return false;
}

nsp_sock *sim_be_sock_accept(nsp_sock *s, nsp_sockaddr *peer, nsp_status *st) {
  if (!is_tcp(s)) {
    nsp_status_set(st, EOPNOTSUPP, NULL);
    return NULL;
  }
  sim_isock *c = sim_tcp_accept(S(s), peer, st);
  return c ? &c->base : NULL;
}

long sim_be_sock_send(nsp_sock *s, const void *data, size_t len, const nsp_sockaddr *to,
                         nsp_status *st) {
  if (is_tcp(s)) return sim_tcp_sendmsg(S(s), data, len, st); /* the address is ignored */
  return sim_udp_sendmsg(S(s), data, len, to, st);
}

long sim_be_sock_recv(nsp_sock *s, void *buf, size_t cap, nsp_sockaddr *from, bool peek,
                         nsp_status *st) {
  if (is_tcp(s)) {
    long n = sim_tcp_recvmsg(S(s), buf, cap, peek, st);
    if (n >= 0 && from) *from = (nsp_sockaddr){.addr = S(s)->raddr, .port = S(s)->rport};
    return n;
  }
  return sim_udp_recvmsg(S(s), buf, cap, from, peek, st);
}

bool sim_be_sock_recv_err(nsp_sock *s, nsp_sock_errq *e) { return sim_isock_pop_error(S(s), e); }

int sim_be_sock_error(nsp_sock *s) { return sim_isock_take_error(S(s)); }

bool sim_be_sock_name(nsp_sock *s, bool peer, nsp_sockaddr *a, nsp_status *st) {
  sim_isock *k = S(s);
  if (peer) {
    sim_tcp *tp = k->proto;
    if (!k->connected || (tp && (tp->state == SIM_TCP_SYN_SENT || tp->state == SIM_TCP_CLOSE))) {
      nsp_status_set(st, ENOTCONN, NULL);
      return false;
    }
    *a = (nsp_sockaddr){.addr = k->raddr, .port = k->rport};
    return true;
  }
  *a = (nsp_sockaddr){.addr = k->laddr, .port = k->lport};
  return true;
}

/* inet_shutdown(): an unconnected datagram socket is ENOTCONN, though the
 * flags are still set */
bool sim_be_sock_shutdown(nsp_sock *s, int how, nsp_status *st) {
  if (is_tcp(s)) return sim_tcp_shutdown(S(s), how, st);
  sim_isock *k = S(s);
  if (how < NSP_SHUT_RD || how > NSP_SHUT_RDWR) {
    nsp_status_set(st, EINVAL, NULL);
    return false;
  }
  if (how != NSP_SHUT_WR) k->shut_rd = true;
  if (how != NSP_SHUT_RD) k->shut_wr = true;
  if (!k->connected) {
    nsp_status_set(st, ENOTCONN, NULL);
    return false;
  }
  return true;
}

void sim_be_sock_close(nsp_sock *s) {
  if (is_tcp(s)) sim_tcp_close(S(s));
  else sim_isock_free(S(s));
}

static unsigned sock_revents(nsp_pollfd *f) {
  unsigned m = is_tcp(f->sock) ? sim_tcp_poll(S(f->sock)) : sim_udp_poll(S(f->sock));
  return m & (f->events | NSP_POLLERR | NSP_POLLHUP);
}

int sim_be_sock_ready(nsp_pollfd *fds, size_t n) {
  int ready = 0;
  for (size_t i = 0; i < n; i++) {
    fds[i].revents = fds[i].sock ? sock_revents(&fds[i]) : 0;
    if (fds[i].revents) ready++;
  }
  return ready;
}

/* poll(): the clock runs event by event until a socket is ready; when
 * nothing is left to happen before the deadline it jumps there.  With no
 * event pending at all and no deadline, nothing can ever change: it
 * returns 0 at once rather than wait forever. */
int sim_be_sock_poll(nsp_backend *b, nsp_pollfd *fds, size_t n, uint64_t deadline) {
  sim_world *w = W(b);
  for (;;) {
    int ready = sim_be_sock_ready(fds, n);
    if (ready) return ready;
    uint64_t next;
    if (!sim_world_next_event(w, &next) || next > deadline) break;
    sim_world_run_until(w, next);
  }
  if (deadline != UINT64_MAX) sim_world_run_until(w, deadline);
  return sim_be_sock_ready(fds, n);
}
