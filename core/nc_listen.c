/* `nc -l` as Debian's netcat-openbsd 1.219 runs it (netcat.c main()'s
 * lflag branch, local_listen(), report_sock()): a server that runs as a
 * job -- a `&` line, or typed without `&` in a second terminal -- while the
 * lines after it run its clients.
 *
 *   TCP:  socket, SO_REUSEADDR, SO_REUSEPORT, bind, listen; then accept one connection,
 *         "Connection received on HOST PORT" (-v), readwrite() on it, close;
 *         -k accepts the next one on the same socket ("Listening on" once),
 *         without -k nc exits.
 *   UDP:  socket, bind; recvfrom(MSG_PEEK) waits for the first datagram,
 *         connect() to its sender ("Connection received on", -v), then
 *         readwrite(): datagrams from anyone else now get Port Unreachable
 *         from the kernel.  -u -k never connects: every sender's datagrams
 *         are printed, and no "Connection received".
 *
 * Recorded (tests/scenarios/113-116): "Listening on 0.0.0.0 12345" /
 * "Bound on 0.0.0.0 5000" with -v -n; without -n report_sock()'s
 * getnameinfo() asks the resolver, which a namespace without a route to
 * its name server cannot reach: "nc: getnameinfo: Temporary failure in
 * name resolution" instead of the line (a warning: nc goes on).  A job's
 * standard input is what its line gives it (`echo … | nc -l … &`), else
 * an empty one (/dev/null, as the recorder runs jobs): a server ends when
 * its client has gone ("listen and net in gone"), whatever its input.
 * SIGINT and SIGTERM kill it (nc has no handler).
 *
 * -w S (recorded, 128): no effect on the wait for a connection or the
 * first datagram -- the server listens for ever, as the manual says --
 * but once it talks, readwrite()'s poll() has the timeout: S seconds
 * without anything from the peer (and its input at its end) and the
 * connection is over, silently, status 0 (with -k the next is accepted). */
#include <errno.h>
#include <string.h>

#include "core/nc_run.h"
#include "proto/inet.h"

typedef enum { NL_ACCEPT, NL_PEEK, NL_TALK } nl_state;

typedef struct {
  nc_run r;
  nc_opts o;
  char *host, *portw, *src, *lport; /* the option words, kept past their line */
  char *in;
  nsp_sock *ls;            /* the listening (TCP) or bound (UDP) socket */
  nsp_sock *conn;          /* TCP: the accepted connection */
  nl_state state;
  nsp_pollfd pfd;          /* what it waits on (nsp_job_wait_socks()) */
  uint64_t idle_until;     /* -w while talking: when the quiet poll() times out (0: not waiting) */
} nc_listen;

static void nl_wait(nsp_job *j, nc_listen *l, nsp_sock *s, unsigned events) {
  nsp_job_wait(j, l->idle_until ? l->idle_until : UINT64_MAX, NULL, NULL);
  l->pfd = (nsp_pollfd){.sock = s, .events = events};
  nsp_job_wait_socks(j, &l->pfd, 1);
}

/* report_sock(): "MSG on HOST PORT", numeric with -n */
static void nl_report(nc_listen *l, const char *msg, const nsp_sockaddr *a) {
  if (!l->o.verbose) return;
  if (!l->o.numeric) {
    nsp_out(l->r.c, "nc: getnameinfo: Temporary failure in name resolution\n");
    return;
  }
  char addr[16];
  ipv4_addr_ntop(a->addr, addr);
  nsp_out(l->r.c, "%s on %s %u\n", msg, addr, a->port);
}

/* the connection is over: close it; the next one with -k */
static bool nl_next(nc_listen *l) {
  if (l->conn) {
    l->r.be->ops->sock_close(l->conn);
    l->conn = NULL;
  }
  l->r.s = NULL;
  l->idle_until = 0;
  if (!l->o.keep || l->o.udp) return false;
  l->state = NL_ACCEPT;
  l->r.in_pos = 0;
  l->r.pending = 0;
  return true;
}

static void nl_talk(nc_listen *l, nsp_sock *s) {
  l->idle_until = 0;
  l->r.s = s;
  l->state = NL_TALK;
  nc_rw_begin(&l->r);
}

/* readwrite() until it would wait: false when it has returned */
static bool nl_rw(nsp_job *j, nc_listen *l) {
  nc_run *r = &l->r;
  for (;;) {
    if (nc_rw_over(r)) return false;
    nsp_pollfd f = {.sock = r->s, .events = nc_rw_events(r)};
    int ready = r->be->ops->sock_poll(r->be, &f, 1, nc_now(r));
    if (!ready && !r->stdin_open) {
      if (l->o.timeout_ms > 0 && !l->idle_until)
        l->idle_until = nc_now(r) + (uint64_t)l->o.timeout_ms * 1000000ULL;
      else if (l->o.timeout_ms > 0 && nc_now(r) >= l->idle_until)
        return false; /* "timeout happened": readwrite() returns */
      nl_wait(j, l, r->s, f.events);
      return true;
    }
    l->idle_until = 0;
    if (!nc_rw_round(r, f.revents)) return false;
  }
}

static bool nl_accept(nsp_job *j, nc_listen *l) {
  nsp_status st = {0};
  nsp_sockaddr peer = {0};
  nsp_sock *c = l->r.be->ops->sock_accept(l->ls, &peer, &st);
  if (!c) {
    if (st.err != EAGAIN) {
      nsp_out(l->r.c, "nc: accept: %s\n", g_strerror(st.err));
      l->r.c->status = 1;
      return false;
    }
    nl_wait(j, l, l->ls, NSP_POLLIN);
    return true;
  }
  l->conn = c;
  nl_report(l, "Connection received", &peer);
  nl_talk(l, c);
  return true;
}

/* recvfrom(MSG_PEEK) for the first datagram, connect() to its sender */
static bool nl_peek(nsp_job *j, nc_listen *l) {
  nsp_status st = {0};
  nsp_sockaddr from = {0};
  char buf[2048];
  if (l->r.be->ops->sock_recv(l->ls, buf, sizeof buf, &from, true, &st) < 0) {
    if (st.err != EAGAIN) {
      nsp_out(l->r.c, "nc: recvfrom: %s\n", g_strerror(st.err));
      l->r.c->status = 1;
      return false;
    }
    nl_wait(j, l, l->ls, NSP_POLLIN);
    return true;
  }
  if (!l->r.be->ops->sock_connect(l->ls, &from, &st)) {
    nsp_out(l->r.c, "nc: connect: %s\n", g_strerror(st.err));
    l->r.c->status = 1;
    return false;
  }
  nl_report(l, "Connection received", &from);
  nl_talk(l, l->ls);
  return true;
}

/* Each state's step either waits (the state unchanged, what it waits for
 * set), moves on to the next state (run at once), or ends nc. */
static bool nl_run(nsp_job *j) {
  nc_listen *l = nsp_job_state(j);
  l->r.c = nsp_job_ctx(j);
  for (;;) {
    nl_state before = l->state;
    bool goes_on;
    if (l->state == NL_ACCEPT) {
      goes_on = nl_accept(j, l);
    } else if (l->state == NL_PEEK) {
      goes_on = nl_peek(j, l);
    } else {
      goes_on = nl_rw(j, l);
      if (!goes_on) goes_on = nl_next(l);
    }
    if (!goes_on) return false;
    if (l->state == before) return true;
  }
}

static void nl_free(void *p) {
  nc_listen *l = p;
  if (l->conn) l->r.be->ops->sock_close(l->conn);
  if (l->ls) l->r.be->ops->sock_close(l->ls);
  g_free(l->host);
  g_free(l->portw);
  g_free(l->src);
  g_free(l->lport);
  g_free(l->in);
  g_free(l);
}

/* nc has no handler for SIGINT or SIGTERM: their default action */
static bool nl_signal(nsp_job *j, int sig) {
  (void)j;
  (void)sig;
  return false;
}

static const nsp_job_ops nl_ops = {.run = nl_run, .signal = nl_signal, .free = nl_free};

/* local_listen(): the socket, bound (and listening for TCP) */
static int nl_open(nc_listen *l, uint32_t addr, uint16_t port) {
  nsp_status st = {0};
  /* SO_REUSEADDR and SO_REUSEPORT: a second nc -l on a port another one
   * holds listens beside it (recorded, 116) */
  nsp_sock_opts so = {.type = l->o.udp ? NSP_SOCK_UDP : NSP_SOCK_TCP, .reuseaddr = true,
                      .reuseport = true,
                      .pmtudisc = -1, .tos = -1, .ttl = l->o.ttl > 0 ? l->o.ttl : 0,
                      .comm = "nc"};
  l->ls = l->r.be->ops->sock_open(l->r.be, l->r.c->ns, &so, &st);
  nsp_sockaddr a = {.addr = addr, .port = port};
  if (!l->ls || !l->r.be->ops->sock_bind(l->ls, &a, &st) ||
      (!l->o.udp && !l->r.be->ops->sock_listen(l->ls, 1, &st))) {
    nsp_out(l->r.c, "nc: %s\n", g_strerror(st.err));
    return 1;
  }
  nl_report(l, l->o.udp ? "Bound" : "Listening", &a);
  return NC_GO;
}

static void nl_keep_words(nc_listen *l, const nsp_cmd_ctx *c) {
  l->o.host = l->host = g_strdup(l->o.host);
  l->o.port = l->portw = g_strdup(l->o.port);
  l->o.src = l->src = g_strdup(l->o.src);
  l->o.lport = l->lport = g_strdup(l->o.lport);
  l->in = g_strndup(c->in ? c->in : "", c->in ? c->in_len : 0);
  l->r.in = l->in;
  l->r.in_len = c->in ? c->in_len : 0;
}

nsp_line_result nc_listen_start(nsp_cmd_ctx *c, nc_opts *o) {
  if (o->udp && o->keep && o->verbose && !o->numeric)
    return nsp_unsupported(c, "nc -l -u -k -v without -n is not modelled");
  uint32_t addr = 0;
  if (o->host && !ipv4_addr_pton(o->host, &addr))
    return nsp_unsupported(c, "nc -l on a host name (%s): only addresses are modelled", o->host);
  uint16_t port;
  int rc = nc_port_parse(c, o->port, o->udp, &port);
  if (rc != NC_GO) {
    c->status = rc;
    return NSP_LINE_OK;
  }
  nc_listen *l = g_new0(nc_listen, 1);
  l->o = *o;
  l->r = (nc_run){.c = c, .o = &l->o, .be = c->be};
  g_snprintf(l->r.port, sizeof l->r.port, "%u", port);
  nl_keep_words(l, c);
  if ((rc = nl_open(l, addr, port)) != NC_GO) {
    c->status = rc;
    nl_free(l);
    return NSP_LINE_OK;
  }
  l->state = o->udp ? (o->keep ? NL_TALK : NL_PEEK) : NL_ACCEPT;
  if (o->udp && o->keep) nl_talk(l, l->ls);
  /* a TCP server without -k ends with its client; the others never do */
  unsigned flags = NSP_JOB_TERMINAL | (o->udp || o->keep ? NSP_JOB_ENDLESS : 0);
  nsp_job_attach(c, &nl_ops, l, flags);
  return NSP_LINE_OK;
}
