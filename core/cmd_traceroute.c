/* `traceroute` (Debian's traceroute 2.1.2): with --real the program itself
 * in the namespace (tool_run), in the simulation its do_it() loop
 * (traceroute/traceroute.c) over the backend's sockets: the "default"
 * method of mod-udp.c (a connected UDP socket per probe, IP_TTL, IP_RECVERR,
 * the destination port counting up from 33434) and -I, mod-icmp.c's one
 * raw ICMP socket (an echo request per probe, its TTL set before each
 * send).  core/traceroute_run.c holds the bookkeeping and the output. */
#include <errno.h>
#include <string.h>

#include "core/cmd.h"
#include "core/traceroute.h"

#define TR_PROGRAM "/usr/sbin/traceroute"
#define TR_NS 1000000000.0
/* On the kernel a probe's whole path runs inside its send() -- the veths
 * hand the packet on in the sending CPU's softirq, ARP and the hops'
 * answers included -- so the frames alternate probe, answer, probe
 * (recorded: tests/scenarios/kernel/91-traceroute-rate-limit.frames).  The
 * simulation lets this much time pass after each send, more than a round
 * trip through the routers of a scenario with an ARP exchange on the way,
 * as core/cmd_nc.c does -- and short: 16 of them must stay well inside
 * the HERE wait of the next probe (3 times a reply's 20 us + 1 ms), or it
 * expires before it is read. */
#define TR_SETTLE_NS 100000ULL

typedef struct {
  nsp_cmd_ctx *c;
  nsp_backend *be;
  tr_opts *o;
  tr_state t;
  uint64_t t0;             /* the clock when it started */
  bool failed;             /* error(): the message is out, exit 1 */
  /* UDP: the socket of each probe in flight (tr_probe.sk - 1) */
  nsp_sock **socks;
  unsigned curr_port;
  /* ICMP: one socket per TTL (the kernel's one socket with IP_TTL set
   * before each send); every one of them sees every answer, the first
   * one opened is read */
  nsp_probe *icmp[TR_MAX_HOPS + 1];
  nsp_probe *listener;
  nsp_probe_cfg icfg;
  uint16_t seq;
} tr_run;

/* get_time(): seconds, never 0 (a send_time of 0 means "not sent") */
static double tr_now(tr_run *r) { return (double)(r->be->ops->clock_now(r->be) - r->t0) / TR_NS + 1.0; }
static double tr_at(tr_run *r, uint64_t ns) { return (double)(ns - r->t0) / TR_NS + 1.0; }
/* a time in seconds back on the clock, rounded up (no libm: ceil()) */
static uint64_t tr_ns(tr_run *r, double t) {
  double x = (t - 1.0) * TR_NS;
  uint64_t v = x > 0 ? (uint64_t)x : 0;
  if ((double)v < x) v++;
  return r->t0 + v;
}

/* error(): a new line, perror() and exit 1 */
static void tr_error(tr_run *r, const char *what, int err) {
  nsp_out(r->c, "\n%s: %s\n", what, g_strerror(err));
  r->failed = true;
}

/* probe_done(): the socket closed */
static void tr_probe_done(tr_run *r, tr_probe *pb) {
  if (pb->sk) {
    r->be->ops->sock_close(r->socks[pb->sk - 1]);
    r->socks[pb->sk - 1] = NULL;
    pb->sk = 0;
  }
  pb->seq = 0;
  pb->done = true;
}

/* do_send()'s verdict on a send error: ENOBUFS, EAGAIN "have chances
 * later"; EMSGSIZE, EHOSTUNREACH "recverr will say more"; else fatal */
static int tr_send_verdict(tr_run *r, int err) {
  if (err == ENOBUFS || err == EAGAIN) return -1;
  if (err == EMSGSIZE || err == EHOSTUNREACH) return 0;
  tr_error(r, "send", err);
  return -2;
}

/* udp_send_probe(): socket, tune_socket() (SO_BINDTODEVICE, bind,
 * IP_MTU_DISCOVER "dont"), IP_TTL, connect, IP_RECVERR, send */
static void tr_udp_send(tr_run *r, tr_probe *pb, int ttl) {
  const nsp_backend_ops *ops = r->be->ops;
  nsp_status st = {0};
  nsp_sock_opts so = {.type = NSP_SOCK_UDP, .pmtudisc = NSP_PMTUDISC_DONT, .tos = -1, .ttl = ttl,
                      .recverr = true};
  if (r->o->device) g_strlcpy(so.dev, r->o->device, sizeof so.dev);
  nsp_sock *s = ops->sock_open(r->be, r->c->ns, &so, &st);
  if (!s) {
    tr_error(r, st.err == ENODEV ? "setsockopt SO_BINDTODEVICE" : "socket", st.err);
    return;
  }
  nsp_sockaddr src = {.addr = r->o->src_addr}, dst = {.addr = r->o->dst_addr, .port = (uint16_t)r->curr_port};
  const char *what = NULL;
  if (!ops->sock_bind(s, &src, &st)) what = "bind";
  else if (!ops->sock_connect(s, &dst, &st)) what = "connect";
  if (what) {
    ops->sock_close(s);
    tr_error(r, what, st.err);
    return;
  }
  pb->send_time = tr_now(r);
  uint8_t data[TR_MAX_PACKET_LEN];
  for (size_t i = 0; i < r->o->data_len; i++) data[i] = (uint8_t)(0x40 + (i & 0x3f)); /* fill_data() */
  if (ops->sock_send(s, data, r->o->data_len, NULL, &st) < 0 && tr_send_verdict(r, st.err) < 0) {
    ops->sock_close(s);
    pb->send_time = 0;
    return;
  }
  unsigned idx = (unsigned)(pb - r->t.probes);
  r->socks[idx] = s;
  pb->sk = (int)idx + 1;
  pb->seq = (int)r->curr_port;
  r->curr_port = (r->curr_port + 1) & 0xffff;
}

/* recv_reply() with udp_check_reply(): an error from the queue (a hop's
 * Time Exceeded, the destination's Port Unreachable) or a datagram back */
static void tr_udp_recv(tr_run *r, tr_probe *pb, unsigned revents) {
  const nsp_backend_ops *ops = r->be->ops;
  nsp_sock *s = r->socks[pb->sk - 1];
  if (revents & NSP_POLLERR) {
    nsp_sock_errq e;
    if (!ops->sock_recv_err(s, &e) || e.dst.port != pb->seq) return;
    pb->recv_time = tr_at(r, e.at_ns);
    pb->recv_ttl = e.ttl;
    if (e.origin == NSP_EE_ORIGIN_ICMP) {
      pb->has_res = true;
      pb->res = e.offender;
      tr_parse_icmp_res(pb, e.type, e.code, e.info);
    } else if (e.err == EMSGSIZE && e.info) { /* parse_local_res() */
      g_snprintf(pb->err_str, sizeof pb->err_str, "!F-%u", e.info);
      pb->final = true;
    } else {
      tr_error(r, "local recverr", e.err);
      return;
    }
  } else if (revents & NSP_POLLIN) {
    nsp_status st = {0};
    nsp_sockaddr from;
    uint8_t buf[1280];
    if (ops->sock_recv(s, buf, sizeof buf, &from, false, &st) < 0) return;
    pb->final = true;
    pb->has_res = true;
    pb->res = from.addr;
    pb->recv_time = tr_now(r);
  } else {
    return;
  }
  tr_probe_done(r, pb);
}

/* do_poll() over the probes in flight until next_time */
static void tr_udp_poll(tr_run *r, double next_time) {
  nsp_pollfd fds[TR_MAX_HOPS * TR_MAX_PROBES];
  tr_probe *who[TR_MAX_HOPS * TR_MAX_PROBES];
  size_t n = 0;
  for (unsigned i = 0; i < r->t.num_probes; i++)
    if (r->t.probes[i].sk) {
      fds[n] = (nsp_pollfd){.sock = r->socks[i], .events = NSP_POLLIN | NSP_POLLERR};
      who[n++] = &r->t.probes[i];
    }
  uint64_t now = r->be->ops->clock_now(r->be), deadline = tr_ns(r, next_time);
  if (deadline < now) deadline = now;
  if (!n) {
    r->be->ops->clock_advance(r->be, deadline - now);
    return;
  }
  if (r->be->ops->sock_poll(r->be, fds, n, deadline) <= 0) return;
  for (size_t i = 0; i < n && !r->failed; i++)
    if (fds[i].revents) tr_udp_recv(r, who[i], fds[i].revents);
}

/* icmp_init(): the raw socket, bound (device, source), connected */
static bool tr_icmp_init(tr_run *r) {
  nsp_status st = {0};
  nsp_probe_cfg *cfg = &r->icfg;
  cfg->dst = r->o->dst_addr;
  cfg->src = r->o->src_addr;
  if (r->o->device) g_strlcpy(cfg->dev, r->o->device, sizeof cfg->dev);
  cfg->ident = r->be->ops->random_u16(r->be); /* getpid() & 0xffff */
  cfg->pmtudisc = 1;                            /* IP_PMTUDISC_DONT */
  cfg->ttl = (uint8_t)r->o->first_hop;
  r->seq = r->o->port ? (uint16_t)r->o->port : 1;
  r->listener = r->be->ops->probe_open(r->be, r->c->ns, cfg, &st);
  if (!r->listener) {
    tr_error(r, st.err == ENODEV ? "setsockopt SO_BINDTODEVICE" : "bind", st.err);
    return false;
  }
  r->icmp[cfg->ttl] = r->listener;
  uint32_t src;
  if (!r->be->ops->probe_connect(r->listener, &src, &st)) {
    tr_error(r, "connect", st.err);
    return false;
  }
  return true;
}

/* icmp_send_probe(): an echo request with the next sequence number */
static void tr_icmp_send(tr_run *r, tr_probe *pb, int ttl) {
  nsp_status st = {0};
  if (!r->icmp[ttl]) {
    nsp_probe_cfg cfg = r->icfg;
    cfg.ttl = (uint8_t)ttl;
    if (!(r->icmp[ttl] = r->be->ops->probe_open(r->be, r->c->ns, &cfg, &st))) {
      tr_error(r, "setsockopt IP_TTL", st.err);
      return;
    }
  }
  pb->send_time = tr_now(r);
  if (!r->be->ops->probe_send(r->icmp[ttl], r->seq, r->o->data_len - 8, &st) &&
      tr_send_verdict(r, st.err) < 0) {
    pb->send_time = 0;
    return;
  }
  pb->seq = r->seq++;
}

/* recv_reply() with icmp_check_reply(): the probe by its sequence */
static void tr_icmp_poll(tr_run *r, double next_time) {
  nsp_probe_event ev;
  uint64_t now = r->be->ops->clock_now(r->be), deadline = tr_ns(r, next_time);
  r->be->ops->probe_wait(r->listener, deadline < now ? now : deadline, &ev);
  if (ev.kind == NSP_PROBE_NONE || !ev.seq) return;
  tr_probe *pb = NULL;
  for (unsigned i = 0; i < r->t.num_probes && !pb; i++)
    if (r->t.probes[i].seq == ev.seq) pb = &r->t.probes[i];
  if (!pb) return;
  pb->has_res = true;
  pb->res = ev.from;
  pb->recv_time = tr_at(r, ev.at_ns);
  pb->recv_ttl = ev.ttl;
  if (ev.kind == NSP_PROBE_REPLY) pb->final = true;
  else tr_parse_icmp_res(pb, ev.icmp_type, ev.icmp_code, 0);
  tr_probe_done(r, pb);
}

static void tr_send(tr_run *r, tr_probe *pb, int ttl) {
  if (r->o->icmp) tr_icmp_send(r, pb, ttl);
  else tr_udp_send(r, pb, ttl);
  if (pb->send_time) r->be->ops->clock_advance(r->be, TR_SETTLE_NS);
}

/* do_it(): at most sim_probes probes in flight from the first one not yet
 * printed; a hop is printed as soon as its probes are done in order; a
 * final answer (the destination, or an unreachable) ends the run after
 * its hop. */
static void tr_do_it(tr_run *r) {
  tr_state *t = &r->t;
  const tr_opts *o = r->o;
  unsigned pph = o->probes_per_hop, start = (o->first_hop - 1) * pph, end = t->num_probes;
  while (start < end && !r->failed) {
    unsigned num = 0;
    double next_time = 0, now_time = tr_now(r);
    for (unsigned n = start; n < end && !r->failed; n++) {
      tr_probe *pb = &t->probes[n];
      if (n == start && !pb->done && pb->send_time) { /* probably time to print */
        double expire_time = pb->send_time + tr_get_timeout(t, pb);
        if (expire_time > now_time) {
          next_time = expire_time;
        } else {
          tr_probe_done(r, pb); /* expire_probe() */
          tr_check_expired(t, pb);
        }
      }
      if (pb->done) {
        if (n == start) {
          tr_print_probe(t, pb, r->c->out);
          start++;
        }
        if (pb->final) end = (n / pph + 1) * pph;
        continue;
      }
      if (!pb->send_time) {
        tr_send(r, pb, (int)(n / pph + 1));
        if (r->failed) break;
        if (!pb->send_time) {
          if (next_time) break; /* "have chances later" */
          tr_error(r, "send probe", ENOBUFS);
          break;
        }
      }
      if (!next_time) next_time = pb->send_time + tr_get_timeout(t, pb);
      if (++num >= o->sim_probes) break;
    }
    if (next_time && !r->failed) {
      if (o->icmp) tr_icmp_poll(r, next_time);
      else tr_udp_poll(r, next_time);
    }
  }
  if (!r->failed) nsp_out(r->c, "\n"); /* print_end() */
}

static void tr_run_free(tr_run *r) {
  for (unsigned i = 0; r->socks && i < r->t.num_probes; i++)
    if (r->socks[i]) r->be->ops->sock_close(r->socks[i]);
  for (unsigned i = 0; i <= TR_MAX_HOPS; i++)
    if (r->icmp[i]) r->be->ops->probe_close(r->icmp[i]);
  g_free(r->socks);
  g_free(r->t.probes);
}

static int tr_simulate(nsp_cmd_ctx *c, tr_opts *o) {
  tr_run *r = g_new0(tr_run, 1);
  r->c = c;
  r->be = c->be;
  r->o = o;
  r->t0 = c->be->ops->clock_now(c->be);
  r->t.o = o;
  r->t.num_probes = o->max_hops * o->probes_per_hop;
  r->t.probes = g_new0(tr_probe, r->t.num_probes);
  r->socks = g_new0(nsp_sock *, r->t.num_probes);
  r->curr_port = o->port ? o->port : TR_DEF_START_PORT; /* udp_default_init() */
  /* main(): the method's init comes before the header */
  if (!o->icmp || tr_icmp_init(r)) {
    char dst[16];
    nsp_out(c, "traceroute to %s (%s), %u hops max, %zu byte packets", o->host,
            ipv4_addr_ntop(o->dst_addr, dst), o->max_hops, o->header_len + o->data_len);
    tr_do_it(r);
  }
  int status = r->failed ? 1 : 0;
  tr_run_free(r);
  g_free(r);
  return status;
}

/* --real: the program itself in the namespace */
static nsp_line_result tr_real(nsp_cmd_ctx *c, int argc, char **argv) {
  char **v = g_new0(char *, (size_t)argc + 1);
  v[0] = (char *)TR_PROGRAM;
  for (int i = 1; i < argc; i++) v[i] = argv[i];
  char *out = NULL;
  nsp_status st = {0};
  bool ok = c->be->ops->tool_run(c->be, c->ns, v, &out, &c->status, &st);
  g_free(v);
  if (!ok) return nsp_unsupported(c, "%s could not run: %s", TR_PROGRAM, g_strerror(st.err));
  g_string_append(c->out, out);
  g_free(out);
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_traceroute(nsp_cmd_ctx *c, int argc, char **argv) {
  tr_opts o;
  GString *msg = g_string_new(NULL);
  int rc = tr_opts_parse(argc, argv, &o, msg);
  nsp_line_result res = NSP_LINE_OK;
  if (rc == TR_UNSUPPORTED) res = nsp_unsupported(c, "%s", o.why);
  else if (c->be->ops->tool_run) res = tr_real(c, argc, argv);
  else if (rc != TR_GO) {
    g_string_append(c->out, msg->str);
    c->status = rc;
  } else {
    c->status = tr_simulate(c, &o);
  }
  g_string_free(msg, TRUE);
  return res;
}
