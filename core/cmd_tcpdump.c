/* `tcpdump` as 4.99.3 (Debian 12) runs a live capture: its options
 * (tcpdump.c main()), the interface it opens (open_interface(): promisc
 * unless -p, the snapshot length), the filter compiled by libpcap
 * (pcap_compile() on a dead DLT_EN10MB handle, netmask 0 as tcpdump's
 * without -f, run with pcap_offline_filter() on each frame as the kernel
 * runs it on the socket), the frames printed by core/tcpdump_print.c, and
 * the closing statistics (info()).
 *
 * A person runs tcpdump in a second terminal: typed without `&` it is a
 * second terminal's job (core/jobs.h), its output under its own line, and
 * it ends after -c N frames, by Ctrl-C when the scenario ends, or by
 * `kill -INT %N` when started with `&`. */
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmd.h"
#include "core/tcpdump_print.h"

#define TCPDUMP_MAX_SNAPLEN 262144 /* MAXIMUM_SNAPLEN */

typedef struct {
  nsp_tcpdump_flags f;
  long count;               /* -c, 0: none */
  bool pflag;               /* -p */
  bool lflag, immediate;    /* -l, --immediate-mode: how soon frames reach tcpdump */
  int snaplen;              /* -s, 0: the maximum */
  const char *dev, *wfile;  /* -i, -w */
  char *expr;               /* the filter: the other words joined by blanks */
} td_opts;

typedef struct {
  td_opts o;
  nsp_backend *be;
  char **argv;              /* the words o points into */
  char dev[NSP_IFNAMSIZ];
  nsp_capture *cap;
  nsp_tcpdump_printer *printer;
  pcap_t *dead;             /* -w's file */
  pcap_dumper_t *dumper;
  uint64_t captured;
  bool interrupted;
} td_run;

static const char td_usage[] =
    "tcpdump version 4.99.3\n"
    "libpcap version 1.10.3 (with TPACKET_V3)\n"
    "OpenSSL 3.0.19 27 Jan 2026\n"
    "Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n"
    "\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n"
    "\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n"
    "\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n"
    "\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n"
    "\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n"
    "\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n"
    "\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n";

/* The options tcpdump has and nspath does not model; "with argument" */
static const char td_other_opts[] = "aAb:B:C:d:DE:fF:G:hHIj:JKLm:M:NOQ:r:tT:u:V:W:xXy:Yz:Z:#";

/* One option of getopt_long()'s loop: -1 go on, else the exit status
 * (a message printed), or -2 when nspath does not model it (c->why). */
static int td_opt(nsp_cmd_ctx *c, td_opts *o, char ch, const char *arg) {
  char *end;
  switch (ch) {
  case 'c':
    o->count = atoi(arg);
    if (o->count <= 0) {
      nsp_out(c, "tcpdump: invalid packet count %s\n", arg);
      return 1;
    }
    return -1;
  case 's':
    o->snaplen = (int)strtol(arg, &end, 0);
    if (end == arg || *end || o->snaplen < 0 || o->snaplen > TCPDUMP_MAX_SNAPLEN) {
      nsp_out(c, "tcpdump: invalid snaplen %s (must be >= 0 and <= %d)\n", arg, TCPDUMP_MAX_SNAPLEN);
      return 1;
    }
    return -1;
  case 'e': o->f.eflag = true; return -1;
  case 'n': o->f.nflag = true; return -1;
  case 'v': o->f.vflag++; return -1;
  case 'q': o->f.qflag++; return -1;
  case 'S': o->f.Sflag = true; return -1;
  case 't': o->f.tflag++; return -1;
  case 'p': o->pflag = true; return -1;
  case 'l': o->lflag = true; return -1;
  case 'U': return -1; /* -w's file is flushed per frame: nothing shows */
  case 'i': o->dev = arg; return -1;
  case 'w': o->wfile = arg; return -1;
  default: nsp_unsupported(c, "tcpdump -%c is not modelled", ch); return -2;
  }
}

/* getopt_long() with GNU permutation: options anywhere, "--" ends them. */
static int td_opts_parse(nsp_cmd_ctx *c, int argc, char **argv, td_opts *o) {
  static const char mine[] = "c:s:envqStpli:w:U";
  GString *expr = g_string_new(NULL);
  int rc = -1;
  bool only_args = false;
  for (int i = 1; i < argc && rc == -1; i++) {
    char *a = argv[i];
    if (!only_args && !strcmp(a, "--")) {
      only_args = true;
    } else if (!only_args && !strcmp(a, "--immediate-mode")) {
      o->immediate = true;
    } else if (!only_args && a[0] == '-' && a[1] == '-') {
      rc = -2;
      nsp_unsupported(c, "tcpdump option \"%s\" is not modelled", a);
    } else if (only_args || a[0] != '-' || !a[1]) {
      g_string_append_printf(expr, "%s%s", expr->len ? " " : "", a);
    } else {
      for (const char *p = a + 1; *p && rc == -1; p++) {
        const char *spec = strchr(mine, *p) ? strchr(mine, *p) : strchr(td_other_opts, *p);
        const char *arg = NULL;
        if (*p != ':' && spec && spec[1] == ':') arg = p[1] ? p + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (!spec || *p == ':' || (spec[1] == ':' && !arg)) {
          nsp_out(c, spec && *p != ':' ? "tcpdump: option requires an argument -- '%c'\n%s"
                                       : "tcpdump: invalid option -- '%c'\n%s", *p, td_usage);
          rc = 1;
          break;
        }
        rc = td_opt(c, o, *p, arg);
        if (arg) break;
      }
    }
  }
  o->expr = g_string_free(expr, FALSE);
  return rc;
}

/* pcap_findalldevs() ranks the interfaces (get_figure_of_merit() of
 * libpcap 1.10.3): up, running (IFF_RUNNING), connected (ETHTOOL_GLINK:
 * the carrier) and no loopback comes first, in the order of the link dump,
 * then "any", then loopback and whatever is down or disconnected; tcpdump
 * takes the first (recorded: with lo up and the only veth without
 * carrier, it listens on "any"). */
static bool td_default_dev(nsp_cmd_ctx *c, char dev[NSP_IFNAMSIZ]) {
  size_t n;
  bool found = false;
  nsp_link *l = c->be->ops->link_list(c->be, c->ns, &n);
  for (size_t i = 0; i < n && !found; i++) {
    if (l[i].kind == NSP_LINK_LOOPBACK || !(l[i].flags & NSP_IFF_UP) ||
        !(l[i].flags & NSP_IFF_RUNNING) || !l[i].carrier)
      continue;
    g_strlcpy(dev, l[i].name, NSP_IFNAMSIZ);
    found = true;
  }
  g_free(l);
  return found;
}

static void td_free(void *state) {
  td_run *r = state;
  if (r->cap) r->be->ops->capture_close(r->cap);
  if (r->dumper) pcap_dump_close(r->dumper);
  if (r->dead) pcap_close(r->dead);
  nsp_tcpdump_printer_free(r->printer);
  g_free(r->o.expr);
  g_strfreev(r->argv);
  g_free(r);
}

/* info(1): the counts, one a line */
static void td_info(nsp_cmd_ctx *c, td_run *r) {
  nsp_capture_stats s = {0};
  c->be->ops->capture_stats(r->cap, &s);
  nsp_out(c, "%llu packet%s captured\n", (unsigned long long)r->captured, r->captured == 1 ? "" : "s");
  nsp_out(c, "%llu packet%s received by filter\n", (unsigned long long)s.received,
          s.received == 1 ? "" : "s");
  nsp_out(c, "%llu packet%s dropped by kernel\n", (unsigned long long)s.dropped,
          s.dropped == 1 ? "" : "s");
}

/* pcap_loop()'s callback: a frame the filter took */
static void td_frame(nsp_cmd_ctx *c, td_run *r, const nsp_capture_frame *f) {
  struct pcap_pkthdr h = {.ts = {.tv_sec = (time_t)(f->ts_ns / 1000000000ULL),
                                 .tv_usec = (suseconds_t)(f->ts_ns % 1000000000ULL / 1000)},
                          .caplen = f->caplen, .len = f->len};
  r->captured++;
  if (r->dumper) pcap_dump((u_char *)r->dumper, &h, f->data);
  else nsp_tcpdump_print(r->printer, f->ts_ns, f->data, f->caplen, f->len, c->out);
}

static bool td_run_job(nsp_job *j) {
  td_run *r = nsp_job_state(j);
  nsp_cmd_ctx *c = nsp_job_ctx(j);
  nsp_capture_frame f;
  while (!r->interrupted && !(r->o.count && r->captured >= (uint64_t)r->o.count) &&
         c->be->ops->capture_next(r->cap, &f))
    td_frame(c, r, &f);
  bool done = r->interrupted || (r->o.count && r->captured >= (uint64_t)r->o.count);
  if (!done) {
    nsp_job_wait(j, UINT64_MAX, NULL, r->cap);
    return true;
  }
  /* pcap_loop() returned -2 when interrupted: "an extra newline, just in
   * case" when printing */
  if (r->interrupted && !r->dumper) nsp_out(c, "\n");
  if (r->dumper) pcap_dump_flush(r->dumper);
  td_info(c, r);
  c->status = 0;
  return false;
}

/* cleanup(): SIGINT, SIGTERM and SIGHUP break the loop */
static bool td_signal(nsp_job *j, int sig) {
  td_run *r = nsp_job_state(j);
  if (sig != NSP_SIGINT && sig != NSP_SIGTERM && sig != NSP_SIGHUP) return false;
  r->interrupted = true;
  return true;
}

static const nsp_job_ops td_job_ops = {.run = td_run_job, .signal = td_signal, .free = td_free};

/* open_interface(), the filter, -w's file; 1 after tcpdump's message.
 * The buffer timeout is tcpdump's: 100 ms when it prints to a terminal --
 * a person's tcpdump does -- and 1 s when it writes a file without -l. */
static int td_open(nsp_cmd_ctx *c, td_run *r) {
  td_opts *o = &r->o;
  unsigned snaplen = o->snaplen ? (unsigned)o->snaplen : TCPDUMP_MAX_SNAPLEN;
  nsp_capture_cfg cfg = {.snaplen = snaplen, .promisc = !o->pflag, .filter = o->expr,
                         .timeout_ms = o->immediate ? 0 : o->wfile && !o->lflag ? 1000 : 100};
  g_strlcpy(cfg.dev, r->dev, sizeof cfg.dev);
  nsp_status st = {0};
  if (!(r->cap = c->be->ops->capture_open(c->be, c->ns, &cfg, &st))) {
    nsp_out(c, "tcpdump: %s\n", st.extack);
    return 1;
  }
  if (o->wfile) r->dead = pcap_open_dead(DLT_EN10MB, (int)snaplen);
  if (o->wfile && !(r->dumper = pcap_dump_open(r->dead, o->wfile))) {
    nsp_out(c, "tcpdump: %s\n", pcap_geterr(r->dead));
    return 1;
  }
  if (!o->f.vflag && !o->wfile)
    nsp_out(c, "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n");
  else
    nsp_out(c, "tcpdump: ");
  nsp_out(c, "listening on %s, link-type EN10MB (Ethernet), snapshot length %u bytes\n", r->dev,
          snaplen);
  return -1;
}

nsp_line_result nsp_cmd_tcpdump(nsp_cmd_ctx *c, int argc, char **argv) {
  td_run *r = g_new0(td_run, 1);
  r->be = c->be;
  r->argv = g_strdupv(argv);
  int rc = td_opts_parse(c, argc, r->argv, &r->o);
  if (rc == -1 && r->o.wfile && r->o.f.vflag) {
    nsp_unsupported(c, "tcpdump -v -w (a count each second) is not modelled");
    rc = -2;
  }
  if (rc == -1 && r->o.wfile && !strcmp(r->o.wfile, "-")) {
    nsp_unsupported(c, "tcpdump -w - is not modelled");
    rc = -2;
  }
  if (rc == -1 && r->o.dev && !strcmp(r->o.dev, "any")) {
    nsp_unsupported(c, "tcpdump -i any (Linux cooked capture) is not modelled");
    rc = -2;
  }
  if (rc == -1 && !r->o.dev && !td_default_dev(c, r->dev)) {
    nsp_unsupported(c, "tcpdump without -i here would capture on \"any\" (Linux cooked capture), "
                       "not modelled");
    rc = -2;
  }
  if (rc == -1 && r->o.dev) g_strlcpy(r->dev, r->o.dev, sizeof r->dev);
  if (rc == -1) rc = td_open(c, r);
  if (rc != -1) {
    c->status = rc > 0 ? rc : 0;
    td_free(r);
    return rc == -2 ? NSP_LINE_UNSUPPORTED : NSP_LINE_OK;
  }
  /* the simulation's clock starts at 0: its times of day are UTC's, the
   * same wherever it runs */
  r->o.f.utc = c->be->virtual_clock;
  r->printer = nsp_tcpdump_printer_new(&r->o.f);
  nsp_job_attach(c, &td_job_ops, r, NSP_JOB_TERMINAL | (r->o.count ? 0 : NSP_JOB_ENDLESS));
  return NSP_LINE_OK;
}
