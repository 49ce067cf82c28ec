/* conntrack -L and -F (conntrack-tools 1.4.7): the connection tracking
 * table of a namespace, one line per connection as ctnetlink dumps it
 *
 *   tcp      6 119 TIME_WAIT src=10.0.0.1 dst=203.0.113.1 sport=40000 dport=12345 src=203.0.113.1 dst=203.0.113.254 sport=12345 dport=40000 [ASSURED] mark=0 use=1
 *
 * then "conntrack v1.4.7 (conntrack-tools): N flow entries have been
 * shown." on stderr.  Recorded on the kernel (tests/scenarios/125): the
 * count comes first in a transcript, as stdout is a pipe there and flushed
 * at exit while stderr is not buffered.  Filters: -p/--protonum,
 * -s/--src/--orig-src and -d/--dst/--orig-dst (an address or a prefix)
 * of the original direction.  On the kernel (--real) the real
 * /usr/sbin/conntrack runs in the namespace. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmd.h"
#include "proto/inet.h"

#define CT_PROGRAM "/usr/sbin/conntrack"
#define CT_PREFIX "conntrack v1.4.7 (conntrack-tools): "

typedef struct {
  bool list, flush;
  int proto;                /* -1: any */
  bool has_src, has_dst;
  uint32_t src, smask, dst, dmask;
} ct_opts;

/* exit_error(PARAMETER_PROBLEM, ...): the message, the hint, status 2 */
static int ct_problem(GString *out, const char *msg) {
  g_string_append_printf(out, CT_PREFIX "%s\nTry `conntrack -h' or 'conntrack --help' for more "
                              "information.\n", msg);
  return 2;
}

/* -p: a number up to 255, or a name of /etc/protocols conntrack has a
 * handler or generic tracking for */
static int ct_proto(const char *s) {
  static const struct {
    const char *name;
    int num;
  } names[] = {{"tcp", 6},      {"udp", 17},  {"icmp", 1},  {"udplite", 136}, {"sctp", 132},
               {"dccp", 33},    {"gre", 47},  {"icmpv6", 58}, {"ipv6-icmp", 58}, {"esp", 50},
               {"ah", 51},      {"ip", 0}};
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
    if (strcmp(s, names[i].name) == 0) return names[i].num;
  char *end;
  long n = strtol(s, &end, 10);
  return *s && !*end && n >= 0 && n <= 255 ? (int)n : -1;
}

/* parse_addr(): inet_aton()'s forms ("1.2.3" too), with a /LEN */
static bool ct_addr(const char *s, uint32_t *a, uint32_t *m) {
  char *copy = g_strdup(s), *slash = strchr(copy, '/');
  long len = 32;
  if (slash) {
    *slash = '\0';
    char *end;
    len = strtol(slash + 1, &end, 10);
    if (!slash[1] || *end || len < 0 || len > 32) len = -1;
  }
  struct in_addr in;
  bool ok = len >= 0 && inet_aton(copy, &in);
  g_free(copy);
  if (!ok) return false;
  *a = ntohl(in.s_addr);
  *m = len ? 0xffffffffu << (32 - len) : 0;
  return true;
}

/* the options conntrack has that are not modelled here */
static bool ct_known_unmodelled(const char *o) {
  static const char *const known[] = {
      "-I", "-U", "-D", "-G", "-E", "-C", "-S", "-h", "-V", "-r", "-q", "-f", "-t", "-u", "-w",
      "-b", "-n", "-g", "-j", "-m", "-c", "-e", "-z", "-o", "-l", "--reply-src", "--reply-dst",
      "--family", "--timeout", "--status", "--zone", "--mask-src", "--mask-dst", "--src-nat",
      "--dst-nat", "--any-nat", "--mark", "--secmark", "--event-mask", "--zero", "--output",
      "--label", "--sport", "--dport", "--orig-port-src", "--orig-port-dst", "--reply-port-src",
      "--reply-port-dst", "--state", "--icmp-type", "--icmp-code", "--icmp-id", "--help",
      "--version", "--create", "--update", "--delete", "--get", "--event", "--count", "--stats"};
  for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
    if (strcmp(o, known[i]) == 0) return true;
  return false;
}

typedef enum { CT_OK, CT_BAD, CT_UNMODELLED } ct_parse_res;

static ct_parse_res ct_parse(int argc, char **argv, ct_opts *o, GString *out, int *status) {
  *o = (ct_opts){.proto = -1};
  const char *proto_opt = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool list = !strcmp(a, "-L") || !strcmp(a, "--dump");
    bool flush = !strcmp(a, "-F") || !strcmp(a, "--flush");
    if (list || flush) {
      if (o->list || o->flush) return *status = ct_problem(out, "Invalid commands combination"), CT_BAD;
      o->list = list;
      o->flush = flush;
      /* an optional table name follows */
      if (i + 1 < argc && argv[i + 1][0] != '-') {
        const char *t = argv[++i];
        if (strcmp(t, "conntrack") != 0) {
          if (!strcmp(t, "expect") || !strcmp(t, "dying") || !strcmp(t, "unconfirmed"))
            return CT_UNMODELLED;
          char *m = g_strdup_printf("unknown type `%s'", t);
          *status = ct_problem(out, m);
          g_free(m);
          return CT_BAD;
        }
      }
      continue;
    }
    bool p = !strcmp(a, "-p") || !strcmp(a, "--protonum");
    bool s = !strcmp(a, "-s") || !strcmp(a, "--src") || !strcmp(a, "--orig-src");
    bool d = !strcmp(a, "-d") || !strcmp(a, "--dst") || !strcmp(a, "--orig-dst");
    if (p || s || d) {
      if (i + 1 >= argc) {
        char *m = g_strdup_printf("option `%s' requires an argument", a);
        *status = ct_problem(out, m);
        g_free(m);
        return CT_BAD;
      }
      const char *v = argv[++i];
      char *m = NULL;
      if (p && (o->proto = ct_proto(v)) < 0) m = g_strdup_printf("`%s' unsupported protocol", v);
      if (p) proto_opt = "--protonum";
      if (s && !(o->has_src = ct_addr(v, &o->src, &o->smask)))
        m = g_strdup_printf("Invalid IP address `%s'", v);
      if (d && !(o->has_dst = ct_addr(v, &o->dst, &o->dmask)))
        m = g_strdup_printf("Invalid IP address `%s'", v);
      if (m) {
        *status = ct_problem(out, m);
        g_free(m);
        return CT_BAD;
      }
      continue;
    }
    if (ct_known_unmodelled(a)) return CT_UNMODELLED;
    char *m = g_strdup_printf(a[0] == '-' ? "unknown option `%s'" : "unknown type `%s'", a);
    *status = ct_problem(out, m);
    g_free(m);
    return CT_BAD;
  }
  if (!o->list && !o->flush) return CT_UNMODELLED; /* the usage text */
  /* -F takes no filter (conntrack.c commands_v_options) */
  if (o->flush && (proto_opt || o->has_src || o->has_dst)) {
    char *m = g_strdup_printf("Illegal option `%s' with this command",
                              proto_opt ? proto_opt : o->has_src ? "--orig-src" : "--orig-dst");
    *status = ct_problem(out, m);
    g_free(m);
    return CT_BAD;
  }
  return CT_OK;
}

static const char *ct_proto_name(uint8_t p) {
  switch (p) {
  case 6: return "tcp";
  case 17: return "udp";
  case 1: return "icmp";
  default: return "unknown";
  }
}

/* one tuple: src= dst= then the protocol's part */
static void ct_tuple_print(const nsp_ct_entry *e, int d, GString *out) {
  char a[16], b[16];
  g_string_append_printf(out, "src=%s dst=%s ", ipv4_addr_ntop(e->src[d], a),
                         ipv4_addr_ntop(e->dst[d], b));
  if (e->proto == 6 || e->proto == 17)
    g_string_append_printf(out, "sport=%u dport=%u ", e->sport[d], e->dport[d]);
  else if (e->proto == 1)
    g_string_append_printf(out, "type=%u code=%u id=%u ", e->icmp_type[d], e->icmp_code[d],
                           e->icmp_id[d]);
}

/* libnetfilter_conntrack's default output (nfct_snprintf(), NFCT_O_DEFAULT) */
static void ct_entry_print(const nsp_ct_entry *e, GString *out) {
  g_string_append_printf(out, "%-8s %u %" G_GUINT64_FORMAT " ", ct_proto_name(e->proto), e->proto,
                         e->timeout_s);
  if (e->tcp_state) g_string_append_printf(out, "%s ", e->tcp_state);
  ct_tuple_print(e, 0, out);
  if (e->unreplied) g_string_append(out, "[UNREPLIED] ");
  ct_tuple_print(e, 1, out);
  if (e->assured) g_string_append(out, "[ASSURED] ");
  g_string_append(out, "mark=0 use=1\n");
}

static bool ct_match(const ct_opts *o, const nsp_ct_entry *e) {
  if (o->proto >= 0 && e->proto != o->proto) return false;
  if (o->has_src && (e->src[0] & o->smask) != (o->src & o->smask)) return false;
  if (o->has_dst && (e->dst[0] & o->dmask) != (o->dst & o->dmask)) return false;
  return true;
}

static nsp_line_result ct_real(nsp_cmd_ctx *c, int argc, char **argv) {
  char **v = g_new0(char *, (size_t)argc + 1);
  v[0] = (char *)CT_PROGRAM;
  for (int i = 1; i < argc; i++) v[i] = argv[i];
  char *out = NULL;
  nsp_status st = {0};
  bool ok = c->be->ops->tool_run(c->be, c->ns, v, &out, &c->status, &st);
  g_free(v);
  if (!ok) return nsp_unsupported(c, "%s could not run: %s", CT_PROGRAM, g_strerror(st.err));
  g_string_append(c->out, out);
  g_free(out);
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_conntrack(nsp_cmd_ctx *c, int argc, char **argv) {
  ct_opts o;
  GString *msg = g_string_new(NULL);
  int status = 0;
  ct_parse_res pr = ct_parse(argc, argv, &o, msg, &status);
  nsp_line_result res = NSP_LINE_OK;
  if (pr == CT_UNMODELLED) {
    res = nsp_unsupported(c, "this form of conntrack is not modelled (only -L and -F, with -p, -s, -d)");
  } else if (c->be->ops->tool_run) {
    res = ct_real(c, argc, argv);
  } else if (pr == CT_BAD) {
    g_string_append(c->out, msg->str);
    c->status = status;
  } else {
    nsp_status st = {0};
    nsp_ct_entry *all = NULL;
    size_t count = 0;
    if (o.flush && c->be->ops->ct_flush(c->be, c->ns, &st)) {
      g_string_append(c->out, CT_PREFIX "connection tracking table has been emptied.\n");
    } else if (o.list && c->be->ops->ct_list(c->be, c->ns, &all, &count, &st)) {
      GString *lines = g_string_new(NULL);
      unsigned n = 0;
      for (size_t i = 0; i < count; i++) {
        const nsp_ct_entry *e = &all[i];
        if (!ct_match(&o, e)) continue;
        ct_entry_print(e, lines);
        n++;
      }
      /* stderr unbuffered before stdout flushed at exit (see the top) */
      g_string_append_printf(c->out, CT_PREFIX "%u flow entries have been shown.\n", n);
      g_string_append(c->out, lines->str);
      g_string_free(lines, TRUE);
    } else {
      res = nsp_unsupported(c, "conntrack: %s", g_strerror(st.err));
    }
    g_free(all);
  }
  g_string_free(msg, TRUE);
  return res;
}
