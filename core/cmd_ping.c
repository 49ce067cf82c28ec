/* `ping` as iputils 20221126 (Debian 12) runs it as root: the set-up of
 * ping4_run(), and the send, wait and exit machinery of ping/ping_common.c
 * (pinger(), __schedule_exit(), main_loop(), gather_statistics(), finish())
 * with the bookkeeping of ping/ping.h (in_flight(), acknowledge(),
 * rcvd_*()).  Time is the backend's clock: every wait is one probe_wait()
 * to an exact deadline; nothing sleeps. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ping_opts.h"
#include "proto/inet.h"

#define PING_NS_MS 1000000ULL
#define PING_NS_S 1000000000ULL
#define PING_MIN_INTERVAL 10 /* ping.h MIN_INTERVAL_MS */
#define PING_SCHINT(a) ((a) <= PING_MIN_INTERVAL ? PING_MIN_INTERVAL : (a))
#define PING_TICK_MS 10       /* main_loop(): 1000 / HZ, sysconf(_SC_CLK_TCK) being 100 */
#define PING_HANG_NS (60 * PING_NS_S) /* no reply is this late: ping would wait forever */

/* The state of one run, as struct ping_rts keeps it. */
typedef struct {
  nsp_cmd_ctx *c;                /* the line's, then the job's context */
  ping_opts *o;
  ping_opts opts;                /* o points here */
  char **argv;                   /* the words opts point into (the line's are gone) */
  long count;                    /* -c, or no end */
  bool receiving;                /* in main_loop()'s wait for replies, until deadline */
  uint64_t deadline;
  nsp_probe *p;
  nsp_probe_cfg cfg;
  bool timing, exiting, cur_set, hung;
  long ntransmitted, nreceived, nrepeats, nerrors, tmin, tmax, rtt, tokens;
  uint16_t acked;
  int pipesize;
  double tsum, tsum2;            /* doubles in 20221126 (finish() divides them as such) */
  uint64_t start, cur, alarm_at; /* start_time, cur_time (the last send), SIGALRM */
  unsigned long waittime;        /* __schedule_exit()'s, in µs */
  uint64_t rcvd[65536 / 64];     /* rcvd_tbl: a bit per sequence number */
} ping_run;

static uint64_t ping_now(const ping_run *r) { return r->c->be->ops->clock_now(r->c->be); }

/* ping.h in_flight(), acknowledge() (the highest answered, the pipe size)
 * and advance_ntransmitted(), with their int arithmetic */
static int ping_in_flight(const ping_run *r) {
  uint16_t diff = (uint16_t)((uint16_t)r->ntransmitted - r->acked);
  return diff <= 0x7FFF ? diff : (int)(r->ntransmitted - r->nreceived - r->nerrors);
}

static void ping_acknowledge(ping_run *r, uint16_t seq) {
  uint16_t diff = (uint16_t)((uint16_t)r->ntransmitted - seq);
  if (diff > 0x7FFF) return;
  if ((int)diff + 1 > r->pipesize) r->pipesize = (int)diff + 1;
  if ((int16_t)(seq - r->acked) > 0 || (int)(uint16_t)r->ntransmitted - (int)r->acked > 0x7FFF)
    r->acked = seq;
}

static void ping_advance(ping_run *r) {
  r->ntransmitted++;
  if ((int)(uint16_t)r->ntransmitted - (int)r->acked > 0x7FFF)
    r->acked = (uint16_t)((uint16_t)r->ntransmitted + 1);
}

/* ping4_run(): is src on dev, as getifaddrs() names addresses (by label)? */
static bool ping_dev_has(nsp_cmd_ctx *c, const char *dev, uint32_t src) {
  size_t n;
  bool found = false;
  char name[NSP_IFNAMSIZ];
  nsp_addr *l = c->be->ops->addr_list(c->be, c->ns, &n);
  for (size_t i = 0; i < n && !found; i++)
    found = l[i].local == src && strcmp(l[i].label[0] ? l[i].label
                                                      : nsp_ifname_by_index(c, l[i].ifindex, name),
                                        dev) == 0;
  g_free(l);
  return found;
}

/* ping4_run() up to the PING line: SO_BINDTODEVICE, the connect()ed UDP
 * socket that finds the source, bind(), IP_TTL.  PING_GO or exit status. */
static int ping_open(ping_run *r) {
  nsp_cmd_ctx *c = r->c;
  const ping_opts *o = r->o;
  nsp_status st = {0};
  r->cfg.src = o->has_src ? o->src : 0;
  if (!r->cfg.dst) r->cfg.dst = r->cfg.src; /* "whereto = source" for 0.0.0.0 */
  r->cfg.ttl = (uint8_t)(o->ttl > 0 ? o->ttl : 0); /* 0: the namespace's ip_default_ttl */
  r->cfg.ident = c->be->ops->random_u16(c->be);
  r->cfg.pmtudisc = o->pmtudisc;
  r->cfg.mark = o->mark;
  if (o->dev) g_strlcpy(r->cfg.dev, o->dev, sizeof r->cfg.dev);
  if (!(r->p = c->be->ops->probe_open(c->be, c->ns, &r->cfg, &st))) {
    if (st.err == ENODEV)
      nsp_out(c, "%s: SO_BINDTODEVICE %s: %s\n", o->prog, o->dev, g_strerror(st.err));
    else
      nsp_out(c, "%s: bind: %s\n", o->prog, g_strerror(st.err));
    return 2;
  }
  if (!o->has_src && !c->be->ops->probe_connect(r->p, &r->cfg.src, &st)) {
    if (st.err == EACCES)
      nsp_out(c, "%s: Do you want to ping broadcast? Then -b. If not, check your local firewall "
                 "rules\n", o->prog);
    else
      nsp_out(c, "%s: connect: %s\n", o->prog, g_strerror(st.err));
    return 2;
  }
  if (!o->has_src && o->dev && !ping_dev_has(c, o->dev, r->cfg.src))
    nsp_out(c, "%s: Warning: source address might be selected on device other than: %s\n",
            o->prog, o->dev);
  if (o->ttl == 0) {
    nsp_out(c, "%s: cannot set unicast time-to-live: %s\n", o->prog, g_strerror(EINVAL));
    return 2;
  }
  return PING_GO;
}

/* pinger()'s (tv_sec - cur.tv_sec) * 1000 + (tv_nsec - cur.tv_nsec) / 1000000 */
static long ping_ms_since(uint64_t from, uint64_t to) {
  long long s = (long long)(to / PING_NS_S) - (long long)(from / PING_NS_S);
  return (long)(s * 1000 + ((long long)(to % PING_NS_S) - (long long)(from % PING_NS_S)) / 1000000);
}

/* ping_common.c pinger(): a token bucket in ms (preload 1) gates each send;
 * returns the ms until the next one.  A failed send counts as sent and, in
 * this version, prints nothing (receive_error_msg() finds no error). */
static int ping_pinger(ping_run *r) {
  const ping_opts *o = r->o;
  if (r->exiting || r->ntransmitted >= r->count) return 1000;
  uint64_t now = ping_now(r);
  if (r->cur_set) {
    long ntokens = ping_ms_since(r->cur, now);
    if (!o->interval && ntokens < PING_MIN_INTERVAL && ping_in_flight(r) >= 1)
      return PING_MIN_INTERVAL - (int)ntokens;
    ntokens += r->tokens;
    if (o->interval < ntokens) ntokens = o->interval;
    if (ntokens < o->interval) return o->interval - (int)ntokens;
    r->tokens = ntokens - o->interval;
  }
  r->cur = now;
  r->cur_set = true;
  uint16_t seq = (uint16_t)(r->ntransmitted + 1);
  r->rcvd[seq >> 6] &= ~(1ULL << (seq & 63)); /* rcvd_clear() in ping4_send_probe() */
  nsp_status st = {0};
  bool sent = r->c->be->ops->probe_send(r->p, seq, (size_t)o->size, &st);
  ping_advance(r);
  /* receive_error_msg(): a local error from the error queue (SO_EE_ORIGIN_LOCAL) */
  if (!sent && st.err == EMSGSIZE) {
    if (!o->quiet) nsp_out(r->c, "%s: local error: message too long, mtu=%u\n", o->prog, st.info);
    r->nerrors++;
  }
  if (sent) return o->interval - (int)r->tokens;
  r->tokens = 0;
  return PING_SCHINT(o->interval);
}

/* schedule_exit() and __schedule_exit(): once all is sent, SIGALRM ends the
 * run after twice the longest RTT (at least one interval) if anything came
 * back, else after the linger time; decided once, at that moment. */
static int ping_schedule_exit(ping_run *r, int next) {
  if (r->ntransmitted < r->count || r->waittime) return next;
  unsigned long wt = (unsigned long)r->o->linger * 1000;
  if (r->nreceived) {
    wt = 2 * (unsigned long)r->tmax;
    if (wt < 1000UL * (unsigned long)r->o->interval) wt = 1000UL * (unsigned long)r->o->interval;
  }
  if (next < 0 || (unsigned long)next < wt / 1000) next = (int)(wt / 1000);
  r->waittime = wt;
  if (wt) r->alarm_at = ping_now(r) + wt * 1000;
  return next;
}

/* gather_statistics(): the time with three significant decimals */
static void ping_print_time(nsp_cmd_ctx *c, long t) {
  if (t >= 100000 - 50)
    nsp_out(c, " time=%ld ms", (t + 500) / 1000);
  else if (t >= 10000 - 5)
    nsp_out(c, " time=%ld.%01ld ms", (t + 50) / 1000, ((t + 50) % 1000) / 100);
  else if (t >= 1000)
    nsp_out(c, " time=%ld.%02ld ms", (t + 5) / 1000, ((t + 5) % 1000) / 10);
  else
    nsp_out(c, " time=%ld.%03ld ms", t / 1000, t % 1000);
}

/* ping4_parse_reply() and gather_statistics() for an echo reply; the RTT in
 * µs, from the timevals of the payload and of SO_TIMESTAMP. */
static void ping_on_reply(ping_run *r, const nsp_probe_event *ev) {
  long t = 0;
  char from[16];
  r->nreceived++;
  ping_acknowledge(r, ev->seq);
  if (r->timing && ev->len >= 8 + 16 && ev->sent_ns != UINT64_MAX) {
    t = (long)(ev->at_ns / 1000) - (long)(ev->sent_ns / 1000);
    t = t < 0 ? 0 : t;
    r->tsum += (double)t;
    r->tsum2 += (double)((long long)t * (long long)t);
    r->tmin = t < r->tmin ? t : r->tmin;
    r->tmax = t > r->tmax ? t : r->tmax;
    r->rtt = r->rtt ? r->rtt + t - r->rtt / 8 : t * 8;
  }
  uint64_t bit = 1ULL << (ev->seq & 63);
  bool dup = r->rcvd[ev->seq >> 6] & bit;
  r->rcvd[ev->seq >> 6] |= bit;
  r->nrepeats += dup;
  r->nreceived -= dup;
  if (r->o->quiet) return;
  nsp_out(r->c, "%zu bytes from %s: icmp_seq=%u ttl=%u", ev->len, ipv4_addr_ntop(ev->from, from),
          (unsigned)ev->seq, (unsigned)ev->ttl);
  if (ev->len < (size_t)r->o->size + 8) {
    nsp_out(r->c, " (truncated)\n");
    return;
  }
  if (r->timing) ping_print_time(r->c, t);
  nsp_out(r->c, "%s\n", dup ? " (DUP!)" : "");
}

/* ping.c pr_icmph().  nsp_probe_event carries no ee_info: the MTU of "Frag
 * needed" and the pointer of a parameter problem print as 0; a redirect's
 * gateway (un.gateway, from the raw copy) is there. */
static void ping_pr_icmph(nsp_cmd_ctx *c, uint8_t type, uint8_t code, uint32_t gateway) {
  char gw[16];
  static const char *const unreach[16] = {
      "Destination Net Unreachable", "Destination Host Unreachable",
      "Destination Protocol Unreachable", "Destination Port Unreachable", NULL,
      "Source Route Failed", "Destination Net Unknown", "Destination Host Unknown",
      "Source Host Isolated", "Destination Net Prohibited", "Destination Host Prohibited",
      "Destination Net Unreachable for Type of Service",
      "Destination Host Unreachable for Type of Service", "Packet filtered",
      "Precedence Violation", "Precedence Cutoff"};
  static const char *const redirect[4] = {"Redirect Network", "Redirect Host",
                                          "Redirect Type of Service and Network",
                                          "Redirect Type of Service and Host"};
  if (type == 3 && code == 4) nsp_out(c, "Frag needed and DF set (mtu = %u)\n", 0u);
  else if (type == 3 && code < 16) nsp_out(c, "%s\n", unreach[code]);
  else if (type == 3) nsp_out(c, "Dest Unreachable, Bad Code: %d\n", code);
  else if (type == 4) nsp_out(c, "Source Quench\n");
  else if (type == 5 && code < 4)
    nsp_out(c, "%s(New nexthop: %s)\n", redirect[code], ipv4_addr_ntop(gateway, gw));
  else if (type == 5)
    nsp_out(c, "Redirect, Bad Code: %d(New nexthop: %s)\n", code, ipv4_addr_ntop(gateway, gw));
  else if (type == 11 && code == 0) nsp_out(c, "Time to live exceeded\n");
  else if (type == 11 && code == 1) nsp_out(c, "Frag reassembly time exceeded\n");
  else if (type == 11) nsp_out(c, "Time exceeded, Bad Code: %d\n", code);
  else if (type == 12) nsp_out(c, "Parameter problem: pointer = %u\n", 0u);
  else nsp_out(c, "Bad ICMP type: %d\n", type);
}

/* An ICMP error about one of our requests: through the IP_RECVERR queue
 * (ping4_receive_error_msg()), acknowledged and counted.  Source quench
 * and redirects never enter that queue: ping4_parse_reply() prints them
 * ("From X: ...") and counts nothing. */
static void ping_on_error(ping_run *r, const nsp_probe_event *ev) {
  char from[16];
  bool notice = ev->icmp_type == 4 || ev->icmp_type == 5;
  if (!notice) {
    ping_acknowledge(r, ev->seq);
    r->nerrors++;
  }
  if (r->o->quiet) return;
  nsp_out(r->c, notice ? "From %s: icmp_seq=%u " : "From %s icmp_seq=%u ",
          ipv4_addr_ntop(ev->from, from), (unsigned)ev->seq);
  ping_pr_icmph(r->c, ev->icmp_type, ev->icmp_code, ev->gateway);
}

/* ping_common.c main_loop(), as a job (core/jobs.h): send what pinger()
 * allows, then wait: poll() up to the next send when it is nearer than
 * SCHINT(interval) (10 ms when something is in flight and it is nearer
 * than a tick), else recvmsg() under SO_RCVTIMEO = SCHINT(interval); after
 * a packet, take what else is queued (MSG_DONTWAIT) until nothing is in
 * flight.  SIGALRM (the -W linger) and SIGINT (sigexit()) cut it short.
 * The loop's two waits are the job's two phases: PING_SEND decides and
 * sends, PING_RECV takes replies until its deadline. */
static bool ping_main_step(ping_run *r) {
  const ping_opts *o = r->o;
  uint64_t now = ping_now(r);
  if (r->alarm_at && now >= r->alarm_at) r->exiting = true;
  if (nsp_cmd_stopped(r->c)) r->exiting = true; /* SIGINT: finish() prints the statistics */
  if (r->exiting || r->nreceived + r->nerrors >= r->count) return false;
  if (r->ntransmitted >= r->count && !r->alarm_at && now - r->cur > PING_HANG_NS) {
    r->hung = true;
    return false;
  }
  int next, sch = PING_SCHINT(o->interval);
  do {
    next = ping_schedule_exit(r, ping_pinger(r));
  } while (next <= 0);
  if (next >= sch) next = sch;
  else if (next <= PING_TICK_MS && ping_in_flight(r)) next = PING_MIN_INTERVAL;
  r->deadline = ping_now(r) + (uint64_t)next * PING_NS_MS;
  r->receiving = true;
  return true;
}

/* PING_RECV: what has arrived; false when the wait is over. */
static bool ping_recv_step(ping_run *r) {
  for (;;) {
    uint64_t now = ping_now(r);
    if (r->alarm_at && r->deadline > r->alarm_at) r->deadline = r->alarm_at;
    if (r->exiting) return false;
    nsp_probe_event ev;
    r->c->be->ops->probe_wait(r->p, now, &ev); /* nothing waits: the job table does */
    if (ev.kind == NSP_PROBE_NONE) return now < r->deadline;
    if (ev.kind == NSP_PROBE_REPLY) ping_on_reply(r, &ev);
    else ping_on_error(r, &ev);
    if (!ping_in_flight(r)) return false;
    r->deadline = now; /* take what else is queued, then send */
  }
}

/* finish()'s llsqrt() */
static long long ping_llsqrt(long long a) {
  long long prev = LLONG_MAX, x = a;
  while (x > 0 && x < prev) {
    prev = x;
    x = (x + a / x) / 2;
  }
  return x;
}

/* finish(): "time" runs from the start to the last send */
static void ping_stats_print(ping_run *r) {
  nsp_cmd_ctx *c = r->c;
  uint64_t el = r->cur_set ? r->cur - r->start : 0;
  const char *comma = "";
  nsp_out(c, "\n--- %s ping statistics ---\n", r->o->targets[0]);
  nsp_out(c, "%ld packets transmitted, %ld received", r->ntransmitted, r->nreceived);
  if (r->nrepeats) nsp_out(c, ", +%ld duplicates", r->nrepeats);
  if (r->nerrors) nsp_out(c, ", +%ld errors", r->nerrors);
  if (r->ntransmitted) {
    float loss = (float)((double)(r->ntransmitted - r->nreceived) * 100.0 /
                         (double)r->ntransmitted);
    nsp_out(c, ", %g%% packet loss, time %llums\n", (double)loss,
            (unsigned long long)(el / PING_NS_S * 1000 + (el % PING_NS_S + 500000) / 1000000));
  } else {
    nsp_out(c, "\n");
  }
  if (r->nreceived && r->timing) {
    double total = (double)(r->nreceived + r->nrepeats);
    long avg = (long)(r->tsum / total);
    long long var = r->tsum < INT_MAX ? (long long)((r->tsum2 - r->tsum * r->tsum / total) / total)
                                      : (long long)(r->tsum2 / total - (double)(avg * avg));
    long dev = (long)ping_llsqrt(var);
    nsp_out(c, "rtt min/avg/max/mdev = %ld.%03ld/%ld.%03ld/%ld.%03ld/%ld.%03ld ms", r->tmin / 1000,
            r->tmin % 1000, avg / 1000, avg % 1000, r->tmax / 1000, r->tmax % 1000, dev / 1000,
            dev % 1000);
    comma = ", ";
  }
  if (r->pipesize > 1) {
    nsp_out(c, "%spipe %d", comma, r->pipesize);
    comma = ", ";
  }
  if (r->nreceived && !r->o->interval && r->ntransmitted > 1) {
    int ipg = (int)((long long)(el / 1000) / (r->ntransmitted - 1));
    nsp_out(c, "%sipg/ewma %d.%03d/%ld.%03ld ms", comma, ipg / 1000, ipg % 1000, r->rtt / 8000,
            (r->rtt / 8) % 1000);
  }
  nsp_out(c, "\n");
}

/* The job: main_loop()'s two waits, then finish(). */
static void ping_finish(ping_run *r) {
  if (r->hung) {
    nsp_unsupported(r->c, "ping would wait forever for a lost reply");
    r->c->status = 2;
    return;
  }
  ping_stats_print(r);
  r->c->status = r->nreceived ? 0 : 1;
}

static bool ping_job_run(nsp_job *j) {
  ping_run *r = nsp_job_state(j);
  r->c = nsp_job_ctx(j);
  for (;;) {
    if (r->receiving) {
      if (ping_recv_step(r)) {
        nsp_job_wait(j, r->deadline, r->p, NULL);
        return true;
      }
      r->receiving = false;
    }
    if (!ping_main_step(r)) break;
  }
  ping_finish(r);
  return false;
}

/* sigexit(): SIGINT (and SIGALRM) end the loop, then finish() prints the
 * statistics; any other signal kills ping without a word. */
static bool ping_job_signal(nsp_job *j, int sig) {
  ping_run *r = nsp_job_state(j);
  if (sig != NSP_SIGINT) return false;
  r->exiting = true;
  r->receiving = false;
  return true;
}

static void ping_free(void *state) {
  ping_run *r = state;
  if (r->p) r->c->be->ops->probe_close(r->p);
  g_free(r->opts.targets);
  g_strfreev(r->argv);
  g_free(r);
}

static const nsp_job_ops ping_job_ops = {
    .run = ping_job_run, .signal = ping_job_signal, .free = ping_free};

/* ping4_run(): set-up, the PING line, setup()'s start time; then the job
 * runs main_loop() and finish() (exit status 1 when nothing came back). */
static int ping_start(nsp_cmd_ctx *c, ping_run *r, uint32_t dst) {
  ping_opts *o = r->o;
  r->cfg.dst = dst;
  r->pipesize = -1;
  r->tmin = LONG_MAX;
  r->timing = o->size >= 16; /* datalen >= sizeof(struct timeval) */
  r->count = o->count ? o->count : LONG_MAX;
  int rc = ping_open(r);
  if (rc != PING_GO) return rc;
  char d[16], s[16];
  nsp_out(c, "PING %s (%s) ", o->targets[0], ipv4_addr_ntop(r->cfg.dst, d));
  if (o->dev || o->has_src)
    nsp_out(c, "from %s %s: ", ipv4_addr_ntop(r->cfg.src, s), o->dev ? o->dev : "");
  nsp_out(c, "%ld(%ld) bytes of data.\n", o->size, o->size + 28);
  r->start = ping_now(r);
  unsigned flags = o->count ? 0 : NSP_JOB_ENDLESS | NSP_JOB_TERMINAL;
  nsp_job_attach(c, &ping_job_ops, r, flags);
  return PING_GO;
}

nsp_line_result nsp_cmd_ping(nsp_cmd_ctx *c, int argc, char **argv) {
  ping_run *r = g_new0(ping_run, 1);
  r->c = c;
  r->o = &r->opts;
  r->argv = g_strdupv(argv);
  uint32_t dst = 0;
  int rc = ping_opts_parse(c, argc, r->argv, r->o);
  if (rc == PING_GO) rc = ping_opts_check(c, r->o, &dst);
  if (rc == PING_GO) rc = ping_start(c, r, dst);
  if (rc == PING_GO) return NSP_LINE_OK; /* the job goes on */
  nsp_line_result lr = NSP_LINE_OK;
  if (rc == PING_UNSUPPORTED) lr = nsp_unsupported(c, "%s", r->o->why);
  c->status = rc;
  ping_free(r);
  return lr;
}
