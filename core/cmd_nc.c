/* `nc` as Debian's netcat-openbsd 1.219 runs it (netcat.c main(),
 * remote_connect(), connect_with_timeout(), udptest(), readwrite()),
 * client side: the same socket calls through the backend, in the same
 * order, so the kernel sees what nc would make it do and the model is
 * held to the same.  Standard input is what the scenario line gives it
 * (`echo … |`, `printf … |`, `<<< …`; nothing: an empty input, as in a
 * script), standard output and error go to the transcript.
 *
 * Time.  On the kernel a send()'s packets cross the veths and come back
 * within the system call (the softirq runs on the sending CPU before it
 * returns), so the peer's ACK is in before nc's next call: recorded, 12 of
 * 12 `echo hello | nc -N` had the server's ACK before the client's FIN.
 * So each call that sends lets NC_SETTLE_NS pass (the simulation runs its
 * clock, the real backend sleeps), longer than a round trip between the
 * namespaces of a scenario. */
#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "core/nc_opts.h"
#include "proto/inet.h"

#define NC_NS_S 1000000000ULL
#define NC_SETTLE_NS 100000ULL    /* 100 us: see above */
#define NC_BUFSIZE 16384          /* netcat.c BUFSIZE */
#define NC_UDP_SCAN_TIMEOUT 3     /* netcat.c UDP_SCAN_TIMEOUT, s */
#define NC_FOREVER_NS (3600 * NC_NS_S) /* waiting longer than this is a hang */

typedef struct {
  nsp_cmd_ctx *c;
  nc_opts *o;
  nsp_backend *be;
  nsp_sock *s;
  char port[8];            /* the port as nc prints it */
  const char *in;          /* standard input */
  size_t in_len, in_pos;
  bool in_eof_next;        /* the next read of stdin returns 0 */
  size_t pending;          /* stdinbuf: bytes read from stdin, not yet sent */
  bool stdin_open, netin_open, netout_open, ctrld_seen;
  bool hung;               /* it would wait forever */
} nc_run;

static uint64_t nc_now(const nc_run *r) { return r->be->ops->clock_now(r->be); }
static void nc_settle(nc_run *r) { r->be->ops->clock_advance(r->be, NC_SETTLE_NS); }
static const char *nc_proto(const nc_run *r) { return r->o->udp ? "udp" : "tcp"; }

/* "Connection to HOST PORT port [tcp/SERVICE] succeeded!" (getservbyport()
 * unless -n, "*" when none) */
static void nc_report_success(nc_run *r, uint16_t port) {
  struct servent *sv = r->o->numeric ? NULL : getservbyport(htons(port), nc_proto(r));
  nsp_out(r->c, "Connection to %s %s port [%s/%s] succeeded!\n", r->o->host, r->port, nc_proto(r),
          sv ? sv->s_name : "*");
}

/* remote_connect()'s warning: "nc: connect to HOST port PORT (tcp) failed:
 * STRERROR" or "... timed out: Operation now in progress" (the errno the
 * non-blocking connect() left) */
static void nc_report_failure(nc_run *r, bool timed_out, int err) {
  if (!r->o->verbose) return;
  nsp_out(r->c, "nc: connect to %s port %s (%s) %s: %s\n", r->o->host, r->port, nc_proto(r),
          timed_out ? "timed out" : "failed", g_strerror(timed_out ? EINPROGRESS : err));
}

static bool nc_socket(nc_run *r, const char *ns, uint32_t src, nsp_status *st) {
  nsp_sock_opts so = {.type = r->o->udp ? NSP_SOCK_UDP : NSP_SOCK_TCP, .pmtudisc = -1,
                      .tos = -1, .ttl = r->o->ttl > 0 ? r->o->ttl : 0};
  r->s = r->be->ops->sock_open(r->be, ns, &so, st);
  if (!r->s) return false;
  if (r->o->src || r->o->lport) {
    uint16_t lp = 0;
    if (r->o->lport && nc_port_parse(r->c, r->o->lport, r->o->udp, &lp) != NC_GO) return false;
    nsp_sockaddr a = {.addr = src, .port = lp};
    if (!r->be->ops->sock_bind(r->s, &a, st)) {
      nsp_out(r->c, "nc: bind failed: %s\n", g_strerror(st->err));
      return false;
    }
  }
  return true;
}

/* connect_with_timeout(): a non-blocking connect, then wait for it to be
 * writable within -w; 0 when connected. */
static int nc_connect(nc_run *r, uint32_t dst, uint16_t port) {
  nsp_status st = {0};
  nsp_sockaddr to = {.addr = dst, .port = port};
  if (r->be->ops->sock_connect(r->s, &to, &st)) return 0;
  if (st.err != EINPROGRESS) {
    nc_report_failure(r, false, st.err);
    return 1;
  }
  uint64_t deadline = r->o->timeout_ms > 0
                          ? nc_now(r) + (uint64_t)r->o->timeout_ms * 1000000ULL
                          : nc_now(r) + NC_FOREVER_NS;
  nsp_pollfd f = {.sock = r->s, .events = NSP_POLLOUT};
  if (r->be->ops->sock_poll(r->be, &f, 1, deadline) == 0) {
    if (r->o->timeout_ms <= 0) r->hung = true;
    nc_report_failure(r, true, 0);
    return 1;
  }
  int err = r->be->ops->sock_error(r->s);
  if (err) {
    nc_report_failure(r, false, err);
    return 1;
  }
  return 0;
}

/* udptest(): two writes, then one a second for the scan timeout; a
 * refused one means nobody is there. */
static bool nc_udptest(nc_run *r) {
  nsp_status st = {0};
  if (r->be->ops->sock_send(r->s, "X", 1, NULL, &st) != 1) return false;
  nc_settle(r);
  if (r->be->ops->sock_send(r->s, "X", 1, NULL, &st) != 1 && st.err == ECONNREFUSED) return false;
  nc_settle(r);
  int t = r->o->timeout_ms == -1 ? NC_UDP_SCAN_TIMEOUT : r->o->timeout_ms / 1000;
  for (int i = 0; i < t; i++) {
    r->be->ops->clock_advance(r->be, NC_NS_S);
    if (r->be->ops->sock_send(r->s, "X", 1, NULL, &st) != 1 && st.err == ECONNREFUSED) return false;
    nc_settle(r);
  }
  return true;
}

/* ---- readwrite() ------------------------------------------------------ */

/* fillbuf() on stdin: what is left of the input (at most BUFSIZE), or
 * the end; a pipe gives its data and its end on separate reads. */
static void nc_read_stdin(nc_run *r) {
  if (r->in_pos == r->in_len) {
    r->stdin_open = false;
    if (r->o->quit_s >= 0) r->ctrld_seen = true;
    return;
  }
  size_t n = r->in_len - r->in_pos;
  if (n > NC_BUFSIZE - r->pending) n = NC_BUFSIZE - r->pending;
  r->pending += n;
  r->in_pos += n;
}

static void nc_write_net(nc_run *r) {
  nsp_status st = {0};
  const char *data = r->in + r->in_pos - r->pending;
  long n = r->be->ops->sock_send(r->s, data, r->pending, NULL, &st);
  if (n < 0) {
    if (st.err != EAGAIN) r->netout_open = false;
    return;
  }
  r->pending -= (size_t)n;
  nc_settle(r);
}

static void nc_read_net(nc_run *r) {
  char buf[NC_BUFSIZE];
  nsp_status st = {0};
  long n = r->be->ops->sock_recv(r->s, buf, sizeof buf, NULL, false, &st);
  if (n < 0) {
    if (st.err != EAGAIN) r->netin_open = false;
    return;
  }
  if (n == 0) {
    r->be->ops->sock_shutdown(r->s, NSP_SHUT_RD, &st);
    r->netin_open = false;
    return;
  }
  g_string_append_len(r->c->out, buf, n);
}

/* The poll() of one round: stdin is always ready (data or its end), so
 * with it open nothing waits; else the socket, within -w. */
static bool nc_poll(nc_run *r, unsigned *net) {
  nsp_pollfd f = {.sock = r->s, .events = (r->netin_open ? NSP_POLLIN : 0) |
                                         (r->netout_open && r->pending ? NSP_POLLOUT : 0)};
  uint64_t deadline;
  if (r->stdin_open) deadline = nc_now(r);
  else if (r->o->timeout_ms > 0) deadline = nc_now(r) + (uint64_t)r->o->timeout_ms * 1000000ULL;
  else deadline = nc_now(r) + NC_FOREVER_NS;
  int ready = r->be->ops->sock_poll(r->be, &f, 1, deadline);
  *net = f.revents;
  if (ready == 0 && !r->stdin_open) {
    if (r->o->timeout_ms <= 0) r->hung = true;
    return false; /* "timeout happened" */
  }
  return true;
}

/* Both inputs gone, or -q's end: readwrite() returns (or nc exits). */
static bool nc_done(nc_run *r) {
  if (!r->stdin_open && !r->netin_open && r->pending == 0) return true;
  if (r->ctrld_seen && r->pending == 0) {
    /* delay_exit: -q 0 exits at once; -q N closes the socket and exits N s later */
    if (r->o->quit_s > 0) r->be->ops->clock_advance(r->be, (uint64_t)r->o->quit_s * NC_NS_S);
    return true;
  }
  return false;
}

static void nc_readwrite(nc_run *r) {
  r->stdin_open = !r->o->detach;
  r->netin_open = r->netout_open = true;
  for (;;) {
    if (nc_done(r)) return;
    unsigned net;
    bool want_out = r->netout_open && r->pending;
    if (!nc_poll(r, &net)) return;
    if (net & NSP_POLLERR) r->netin_open = r->netout_open = false;
    if ((net & NSP_POLLHUP) && !(net & NSP_POLLIN)) r->netin_open = false;
    if (r->stdin_open && r->pending < NC_BUFSIZE) nc_read_stdin(r);
    if (want_out && (net & NSP_POLLOUT) && r->pending) nc_write_net(r);
    if (r->netin_open && (net & NSP_POLLIN)) nc_read_net(r);
    if (!r->stdin_open && r->pending == 0 && r->netout_open) {
      nsp_status st = {0};
      if (r->o->shut_on_eof) {
        r->be->ops->sock_shutdown(r->s, NSP_SHUT_WR, &st);
        nc_settle(r);
      }
      r->netout_open = false;
    }
    if (!r->netout_open && !r->netin_open && !r->stdin_open) return;
  }
}

/* The client: connect (or fail), report, then talk. */
static int nc_client(nc_run *r, uint32_t dst, uint16_t port) {
  nsp_status st = {0};
  uint32_t src = 0;
  if (r->o->src && !ipv4_addr_pton(r->o->src, &src)) {
    nsp_out(r->c, "nc: getaddrinfo: Name or service not known\n");
    return 1;
  }
  if (!nc_socket(r, r->c->ns, src, &st)) {
    if (!r->s) nsp_out(r->c, "nc: %s\n", g_strerror(st.err));
    return 1;
  }
  if (nc_connect(r, dst, port) != 0) return 1;
  if (r->o->verbose) {
    if (r->o->udp && !nc_udptest(r)) return 1;
    nc_report_success(r, port);
  }
  if (!r->o->zero) nc_readwrite(r);
  return 0;
}

nsp_line_result nsp_cmd_nc(nsp_cmd_ctx *c, int argc, char **argv) {
  nc_opts o;
  int rc = nc_opts_parse(c, argc, argv, &o);
  if (rc == NC_UNSUPPORTED) return nsp_unsupported(c, "%s", o.why);
  if (rc != NC_GO) {
    c->status = rc;
    return NSP_LINE_OK;
  }
  if (o.listen) return nsp_unsupported(c, "nc -l (a server) needs a background job (&), not modelled yet");
  /* build_ports() reads the port before the host is looked up, and the
   * lookup names the port as a number (found by tests/difffuzz: "0x" is
   * "port number invalid" whatever the host, "010" is port 10) */
  uint16_t port;
  if ((rc = nc_port_parse(c, o.port, o.udp, &port)) != NC_GO) {
    c->status = rc;
    return NSP_LINE_OK;
  }
  uint32_t dst;
  if (!ipv4_addr_pton(o.host, &dst)) {
    if (!o.numeric) return nsp_unsupported(c, "nc to a host name (%s): only addresses are modelled", o.host);
    nsp_out(c, "nc: getaddrinfo for host \"%s\" port %u: Name or service not known\n", o.host, port);
    c->status = 1;
    return NSP_LINE_OK;
  }
  nc_run r = {.c = c, .o = &o, .be = c->be, .in = c->in ? c->in : "", .in_len = c->in_len};
  g_snprintf(r.port, sizeof r.port, "%u", port);
  c->status = nc_client(&r, dst, port);
  if (r.s) r.be->ops->sock_close(r.s);
  if (r.hung) return nsp_unsupported(c, "nc would wait forever here (give it -w, -q or -N)");
  return NSP_LINE_OK;
}
