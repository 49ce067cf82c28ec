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

#include "core/nc_run.h"
#include "proto/inet.h"

#define NC_UDP_SCAN_TIMEOUT 3     /* netcat.c UDP_SCAN_TIMEOUT, s */

static const char *nc_proto(const nc_run *r) { return r->o->udp ? "udp" : "tcp"; }

/* "Connection to HOST PORT port [tcp/SERVICE] succeeded!" (getservbyport()
 * unless -n, "*" when none) */
static void nc_report_success(nc_run *r, uint16_t port) {
  struct servent *sv = r->o->numeric ? NULL : getservbyport(htons(port), nc_proto(r));
  nsp_out(r->c, "Connection to %s%s %s port [%s/%s] succeeded!\n", r->o->host, r->ipaddr, r->port,
          nc_proto(r), sv ? sv->s_name : "*");
}

/* remote_connect()'s warning: "nc: connect to HOST port PORT (tcp) failed:
 * STRERROR" or "... timed out: Operation now in progress" (the errno the
 * non-blocking connect() left) */
static void nc_report_failure(nc_run *r, bool timed_out, int err) {
  if (!r->o->verbose) return;
  nsp_out(r->c, "nc: connect to %s%s port %s (%s) %s: %s\n", r->o->host, r->ipaddr, r->port, nc_proto(r),
          timed_out ? "timed out" : "failed", g_strerror(timed_out ? EINPROGRESS : err));
}

static bool nc_socket(nc_run *r, const char *ns, uint32_t src, nsp_status *st) {
  nsp_sock_opts so = {.type = r->o->udp ? NSP_SOCK_UDP : NSP_SOCK_TCP, .pmtudisc = -1,
                      .tos = -1, .ttl = r->o->ttl > 0 ? r->o->ttl : 0, .comm = "nc"};
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
  if (nc_wait(r, &f, 1, deadline) == 0) {
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
    nc_sleep(r, NC_NS_S);
    if (r->be->ops->sock_send(r->s, "X", 1, NULL, &st) != 1 && st.err == ECONNREFUSED) return false;
    nc_settle(r);
  }
  return true;
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
  if (o.listen) return nc_listen_start(c, &o);
  /* build_ports() reads the port before the host is looked up, and the
   * lookup names the port as a number (found by tests/difffuzz: "0x" is
   * "port number invalid" whatever the host, "010" is port 10) */
  uint16_t port;
  if ((rc = nc_port_parse(c, o.port, o.udp, &port)) != NC_GO) {
    c->status = rc;
    return NSP_LINE_OK;
  }
  /* getaddrinfo() with AI_NUMERICHOST (-n) or not reads a numeric host as
   * inet_aton() does: "10.9.9" is 10.9.0.9 (seen on the kernel; found by
   * tests/difffuzz) */
  uint32_t dst;
  if (!ipv4_addr_aton(o.host, &dst)) {
    if (!o.numeric) return nsp_unsupported(c, "nc to a host name (%s): only addresses are modelled", o.host);
    nsp_out(c, "nc: getaddrinfo for host \"%s\" port %u: Name or service not known\n", o.host, port);
    c->status = 1;
    return NSP_LINE_OK;
  }
  nc_run r = {.c = c, .o = &o, .be = c->be, .jobs = c->jobs, .in = c->in ? c->in : "", .in_len = c->in_len};
  g_snprintf(r.port, sizeof r.port, "%u", port);
  char quad[16];
  if (!o.numeric && strcmp(ipv4_addr_ntop(dst, quad), o.host) != 0)
    g_snprintf(r.ipaddr, sizeof r.ipaddr, " (%s)", quad);
  c->status = nc_client(&r, dst, port);
  if (r.s) r.be->ops->sock_close(r.s);
  if (r.hung) return nsp_unsupported(c, "nc would wait forever here (give it -w, -q or -N)");
  return NSP_LINE_OK;
}
