/* traceroute's command line: libsupp/clif.c CLIF_parse() over the option
 * list of traceroute.c (flags CLIF_MAY_JOIN_ARG | CLIF_HELP_EMPTY), then
 * main()'s checks, each message as the program prints it (recorded:
 * tests/scenarios/94-traceroute-errors.sh, tests/test_traceroute.c). */
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "core/traceroute.h"
#include "proto/inet.h"

typedef enum {
  TO_NONE, TO_4, TO_ICMP, TO_NORESOLVE, TO_FIRST, TO_MAX, TO_SIM, TO_QUERIES, TO_WAIT, TO_PORT,
  TO_DEV, TO_SRC, TO_UNSUPPORTED,
} tr_opt_id;

/* option_list[] in its order (the first short letter that matches wins);
 * the ones nspath does not model keep their names, so that they are
 * refused as "not modelled", not as a bad option */
static const struct tr_opt {
  char s;              /* short letter, 0: none */
  const char *l;       /* long name, NULL: none */
  const char *arg;     /* arg_name, NULL: a flag */
  tr_opt_id id;
} tr_options[] = {
    {'4', NULL, NULL, TO_4},
    {'6', NULL, NULL, TO_UNSUPPORTED},
    {'d', "debug", NULL, TO_UNSUPPORTED},
    {'F', "dont-fragment", NULL, TO_UNSUPPORTED},
    {'f', "first", "first_ttl", TO_FIRST},
    {'g', "gateway", "gate", TO_UNSUPPORTED},
    {'I', "icmp", NULL, TO_ICMP},
    {'T', "tcp", NULL, TO_UNSUPPORTED},
    {'i', "interface", "device", TO_DEV},
    {'m', "max-hops", "max_ttl", TO_MAX},
    {'N', "sim-queries", "squeries", TO_SIM},
    {'n', NULL, NULL, TO_NORESOLVE},
    {'p', "port", "port", TO_PORT},
    {'t', "tos", "tos", TO_UNSUPPORTED},
    {'l', "flowlabel", "flow_label", TO_UNSUPPORTED},
    {'w', "wait", "MAX,HERE,NEAR", TO_WAIT},
    {'q', "queries", "nqueries", TO_QUERIES},
    {'r', NULL, NULL, TO_UNSUPPORTED},
    {'s', "source", "src_addr", TO_SRC},
    {'z', "sendwait", "sendwait", TO_UNSUPPORTED},
    {'e', "extensions", NULL, TO_UNSUPPORTED},
    {'A', "as-path-lookups", NULL, TO_UNSUPPORTED},
    {'M', "module", "name", TO_UNSUPPORTED},
    {'O', "options", "OPTS", TO_UNSUPPORTED},
    {0, "sport", "num", TO_UNSUPPORTED},
    {0, "fwmark", "num", TO_UNSUPPORTED},
    {'U', "udp", NULL, TO_UNSUPPORTED},
    {'D', "dccp", NULL, TO_UNSUPPORTED},
    {'P', "protocol", "prot", TO_UNSUPPORTED},
    {0, "mtu", NULL, TO_UNSUPPORTED},
    {0, "back", NULL, TO_UNSUPPORTED},
    {'V', "version", NULL, TO_UNSUPPORTED},
    {0, "help", NULL, TO_UNSUPPORTED},
};

/* clif.c set_uint(): strtoul() base 0, all of it */
static bool tr_set_uint(const char *arg, unsigned *v) {
  char *q;
  *v = (unsigned)strtoul(arg, &q, 0);
  return q != arg && !*q;
}

/* set_wait_specs(): MAX[,HERE[,NEAR]] (any one character between them);
 * the factors not given are 0 */
static bool tr_set_wait(tr_opts *o, const char *arg) {
  char *q;
  const char *p;
  o->here_factor = o->near_factor = 0;
  o->wait_secs = strtod(p = arg, &q);
  if (q == p) return false;
  if (!*q++) return true;
  o->here_factor = strtod(p = q, &q);
  if (q == p) return false;
  if (!*q++) return true;
  o->near_factor = strtod(p = q, &q);
  return q != p && !*q;
}

/* set_port(): strtoul() base 0, whatever follows the digits ignored, or a
 * service name (getservbyname(), any protocol) */
static bool tr_set_port(const char *arg, unsigned *v) {
  char *q;
  *v = (unsigned)strtoul(arg, &q, 0);
  if (q != arg) return true;
  struct servent *s = getservbyname(arg, NULL);
  if (!s) return false;
  *v = ntohs((uint16_t)s->s_port);
  return true;
}

/* -1 when refused, 1 when not modelled (o->why), 0 when taken */
static int tr_call(const struct tr_opt *op, const char *arg, tr_opts *o) {
  switch (op->id) {
  case TO_4: return 0;
  case TO_ICMP: o->icmp = true; return 0;
  case TO_NORESOLVE: o->noresolve = true; return 0;
  case TO_FIRST: return tr_set_uint(arg, &o->first_hop) ? 0 : -1;
  case TO_MAX: return tr_set_uint(arg, &o->max_hops) ? 0 : -1;
  case TO_SIM: return tr_set_uint(arg, &o->sim_probes) ? 0 : -1;
  case TO_QUERIES: return tr_set_uint(arg, &o->probes_per_hop) ? 0 : -1;
  case TO_WAIT: return tr_set_wait(o, arg) ? 0 : -1;
  case TO_PORT: return tr_set_port(arg, &o->port) ? 0 : -1;
  case TO_DEV: o->device = arg; return 0;
  case TO_SRC:
    if (!ipv4_addr_pton(arg, &o->src_addr)) {
      g_snprintf(o->why, sizeof o->why, "traceroute -s with a host name (%s): only addresses are modelled", arg);
      return 1;
    }
    o->src = arg;
    return 0;
  default:
    if (op->s) g_snprintf(o->why, sizeof o->why, "traceroute -%c is not modelled", op->s);
    else g_snprintf(o->why, sizeof o->why, "traceroute --%s is not modelled", op->l);
    return 1;
  }
}

/* show_short() / show_long() of clif.c */
static char *tr_show(const struct tr_opt *op, bool shrt, bool with_arg) {
  if (shrt) return with_arg && op->arg ? g_strdup_printf("-%c %s", op->s, op->arg) : g_strdup_printf("-%c", op->s);
  return with_arg && op->arg ? g_strdup_printf("--%s=%s", op->l, op->arg) : g_strdup_printf("--%s", op->l);
}

/* err_bad_arg(), err_bad_res() */
static int tr_err_arg(const struct tr_opt *op, bool shrt, int n, GString *out) {
  char *a = tr_show(op, shrt, false), *b = tr_show(op, shrt, true);
  g_string_append_printf(out, "Option `%s' (argc %d) requires an argument: `%s'\n", a, n, b);
  g_free(a);
  g_free(b);
  return 2;
}

static int tr_err_res(const struct tr_opt *op, bool shrt, const char *arg, int n, GString *out) {
  char *a = tr_show(op, shrt, false);
  if (op->arg) g_string_append_printf(out, "Cannot handle `%s' option with arg `%s' (argc %d)\n", a, arg, n);
  else g_string_append_printf(out, "Cannot handle `%s' option (argc %d)\n", a, n);
  g_free(a);
  return 2;
}

static int tr_apply(const struct tr_opt *op, bool shrt, const char *arg, int n, tr_opts *o, GString *out) {
  int r = tr_call(op, arg, o);
  if (r > 0) return TR_UNSUPPORTED;
  if (r < 0) return tr_err_res(op, shrt, arg, n, out);
  return TR_GO;
}

/* a long option: exact names only (none of traceroute's modelled long
 * options is CLIF_ABBREV); "--name=ARG", the argument never in the next
 * word (no CLIF_MAY_NOEQUAL) */
static int tr_long(int argc, char **argv, int *i, tr_opts *o, GString *out) {
  const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
  size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
  for (size_t k = 0; k < G_N_ELEMENTS(tr_options); k++) {
    const struct tr_opt *op = &tr_options[k];
    if (!op->l || strlen(op->l) != len || strncmp(op->l, arg, len) || (eq && !op->arg)) continue;
    if (op->arg && !eq) return tr_err_arg(op, false, *i, out);
    return tr_apply(op, false, eq ? eq + 1 : NULL, *i, o, out);
  }
  (void)argc;
  if (eq) g_string_append_printf(out, "Bad option `%s' (with arg `%s') (argc %d)\n", argv[*i], eq + 1, *i);
  else g_string_append_printf(out, "Bad option `%s' (argc %d)\n", argv[*i], *i);
  return 2;
}

/* handle_short: a group of letters, an argument joined to the first one
 * or in the next word */
static int tr_short(int argc, char **argv, int *i, tr_opts *o, GString *out) {
  const char *word = argv[*i];
  for (const char *a = word + 1; *a; a++) {
    const struct tr_opt *op = NULL;
    for (size_t k = 0; k < G_N_ELEMENTS(tr_options) && !op; k++)
      if (tr_options[k].s == *a) op = &tr_options[k];
    if (!op) {
      g_string_append_printf(out, "Bad option `-%c' (argc %d)\n", *a, *i);
      return 2;
    }
    const char *arg = NULL;
    if (op->arg) {
      if (a[1] == '\0') {
        if (*i + 1 >= argc) return tr_err_arg(op, true, *i, out);
        arg = argv[++*i];
      } else if (a == word + 1) {
        arg = a + 1;
      } else {
        return tr_err_arg(op, true, *i, out); /* inside a group */
      }
    }
    int r = tr_apply(op, true, arg, *i, o, out);
    if (r != TR_GO) return r;
    if (arg) break;
  }
  return TR_GO;
}

/* the arguments, after all the options: host, then packetlen */
static int tr_args(char **argv, const int *at, int n, tr_opts *o, GString *out) {
  if (n < 1) {
    g_string_append(out, "Specify \"host\" missing argument.\n");
    return 2;
  }
  if (n > 2) {
    g_string_append_printf(out, "Extra arg `%s' (position 3, argc %d)\n", argv[at[2]], at[2]);
    return 2;
  }
  if (!ipv4_addr_pton(argv[at[0]], &o->dst_addr)) {
    g_snprintf(o->why, sizeof o->why, "traceroute to a host name (%s): only addresses are modelled",
               argv[at[0]]);
    return TR_UNSUPPORTED;
  }
  o->host = argv[at[0]];
  if (n == 2) {
    char *q;
    o->packet_len = (int)strtol(argv[at[1]], &q, 0); /* set_int() */
    if (q == argv[at[1]] || *q) {
      g_string_append_printf(out, "Cannot handle \"packetlen\" cmdline arg `%s' on position 2 (argc %d)\n",
                             argv[at[1]], at[1]);
      return 2;
    }
  }
  return TR_GO;
}

/* main()'s checks, in its order, and the packet's size */
static int tr_check(tr_opts *o, GString *out) {
  const char *e = NULL;
  if (!o->first_hop || o->first_hop > o->max_hops) e = "first hop out of range";
  else if (o->max_hops > TR_MAX_HOPS) e = "max hops cannot be more than 255";
  else if (!o->probes_per_hop || o->probes_per_hop > TR_MAX_PROBES) e = "no more than 10 probes per hop";
  if (e) {
    g_string_append_printf(out, "%s\n", e);
    return 2;
  }
  if (o->wait_secs < 0 || o->here_factor < 0 || o->near_factor < 0) {
    g_string_append_printf(out, "bad wait specifications `%g,%g,%g' used\n", o->wait_secs,
                           o->here_factor, o->near_factor);
    return 2;
  }
  if (o->packet_len > TR_MAX_PACKET_LEN) {
    g_string_append_printf(out, "too big packetlen %d specified\n", o->packet_len);
    return 2;
  }
  size_t mod_hdr = o->icmp ? 0 : TR_UDP_HDR; /* ops->header_len */
  o->header_len = TR_IP_HDR + mod_hdr;
  o->data_len = 0;
  if (o->packet_len < 0) o->data_len = TR_DEF_DATA_LEN - mod_hdr;
  else if ((size_t)o->packet_len >= o->header_len) o->data_len = (size_t)o->packet_len - o->header_len;
  if (o->icmp && o->data_len < 8) o->data_len = 8; /* icmp_init(): at least an ICMP header */
  return TR_GO;
}

int tr_opts_parse(int argc, char **argv, tr_opts *o, GString *out) {
  memset(o, 0, sizeof *o);
  o->first_hop = 1;
  o->max_hops = TR_DEF_HOPS;
  o->sim_probes = TR_DEF_SIM_PROBES;
  o->probes_per_hop = TR_DEF_NUM_PROBES;
  o->wait_secs = TR_DEF_WAIT_SECS;
  o->here_factor = TR_DEF_HERE_FACTOR;
  o->near_factor = TR_DEF_NEAR_FACTOR;
  o->packet_len = -1;
  if (argc <= 1) { /* CLIF_HELP_EMPTY */
    g_strlcpy(o->why, "traceroute's help text (no arguments) is not reproduced", sizeof o->why);
    return TR_UNSUPPORTED;
  }
  int at[3], n = 0;
  bool opts_done = false;
  for (int i = 1; i < argc; i++) {
    const char *w = argv[i];
    int r = TR_GO;
    if (opts_done || w[0] != '-' || w[1] == '\0') {
      if (n < 3) at[n++] = i;
      else n++;
    } else if (w[1] == '-' && w[2] == '\0') {
      opts_done = true; /* "--": POSIX way */
    } else if (w[1] == '-' && w[2] != '-') {
      r = tr_long(argc, argv, &i, o, out);
    } else if (w[1] == '-') {
      if (n < 3) at[n++] = i; /* "---": an argument */
      else n++;
    } else if (strcmp(w, "-UL") == 0) {
      g_strlcpy(o->why, "traceroute -UL is not modelled", sizeof o->why);
      r = TR_UNSUPPORTED;
    } else {
      r = tr_short(argc, argv, &i, o, out);
    }
    if (r != TR_GO) return r;
  }
  int r = tr_args(argv, at, n, o, out);
  if (r != TR_GO) return r;
  return tr_check(o, out);
}
