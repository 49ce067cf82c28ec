/* iptables' command line as do_parse() reads it (iptables/xshared.c):
 * getopt_long() in order ("-" first in the option string: words that are
 * no option come back as such), the options of loaded matches and of the
 * target joined to the table as they are loaded, and the same checks in
 * the same order, so that a mistake gets iptables' own message. */
#include "core/iptables_priv.h"

#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "proto/inet.h"

/* OPT_* of iptables/xshared.h, in optflags[] order */
enum {
  OPT_NUMERIC = 1 << 0, OPT_SOURCE = 1 << 1, OPT_DESTINATION = 1 << 2, OPT_PROTOCOL = 1 << 3,
  OPT_JUMP = 1 << 4, OPT_VERBOSE = 1 << 5, OPT_EXPANDED = 1 << 6, OPT_VIANAMEIN = 1 << 7,
  OPT_VIANAMEOUT = 1 << 8, OPT_LINENUMBERS = 1 << 9,
};
static const char ipt_optflags[] = "nsdpjvxio0";


static const ipt_longopt ipt_base_opts[] = {
    {"append", 1, 'A'}, {"delete", 1, 'D'}, {"check", 1, 'C'}, {"insert", 1, 'I'},
    {"replace", 1, 'R'}, {"list", 2, 'L'}, {"list-rules", 2, 'S'}, {"flush", 2, 'F'},
    {"zero", 2, 'Z'}, {"new-chain", 1, 'N'}, {"delete-chain", 2, 'X'}, {"rename-chain", 1, 'E'},
    {"policy", 1, 'P'}, {"source", 1, 's'}, {"destination", 1, 'd'}, {"src", 1, 's'},
    {"dst", 1, 'd'}, {"protocol", 1, 'p'}, {"in-interface", 1, 'i'}, {"jump", 1, 'j'},
    {"table", 1, 't'}, {"match", 1, 'm'}, {"numeric", 0, 'n'}, {"out-interface", 1, 'o'},
    {"verbose", 0, 'v'}, {"wait", 2, 'w'}, {"wait-interval", 2, 'W'}, {"exact", 0, 'x'},
    {"fragments", 0, 'f'}, {"version", 0, 'V'}, {"help", 2, 'h'}, {"line-numbers", 0, '0'},
    {"modprobe", 1, 'M'}, {"set-counters", 1, 'c'}, {"goto", 1, 'g'}, {"ipv4", 0, '4'},
    {"ipv6", 0, '6'}, {NULL, 0, 0}};
static const ipt_longopt ipt_tcp_opts[] = {
    {"source-port", 1, O_SPORT}, {"sport", 1, O_SPORT}, {"destination-port", 1, O_DPORT},
    {"dport", 1, O_DPORT}, {"syn", 0, O_UNMODELLED}, {"tcp-flags", 1, O_UNMODELLED},
    {"tcp-option", 1, O_UNMODELLED}, {NULL, 0, 0}};
static const ipt_longopt ipt_udp_opts[] = {
    {"source-port", 1, O_SPORT}, {"sport", 1, O_SPORT}, {"destination-port", 1, O_DPORT},
    {"dport", 1, O_DPORT}, {NULL, 0, 0}};
static const ipt_longopt ipt_state_opts[] = {{"state", 1, O_STATE}, {NULL, 0, 0}};
static const ipt_longopt ipt_icmp_opts[] = {{"icmp-type", 1, O_ICMP_TYPE}, {NULL, 0, 0}};
static const ipt_longopt ipt_multiport_opts[] = {
    {"source-ports", 1, O_MP_SPORTS}, {"sports", 1, O_MP_SPORTS},
    {"destination-ports", 1, O_MP_DPORTS}, {"dports", 1, O_MP_DPORTS}, {"ports", 1, O_MP_PORTS},
    {NULL, 0, 0}};
static const ipt_longopt ipt_conntrack_opts[] = {
    {"ctstate", 1, O_CTSTATE}, {"ctproto", 1, O_UNMODELLED}, {"ctorigsrc", 1, O_UNMODELLED},
    {"ctorigdst", 1, O_UNMODELLED}, {"ctreplsrc", 1, O_UNMODELLED},
    {"ctrepldst", 1, O_UNMODELLED}, {"ctstatus", 1, O_UNMODELLED},
    {"ctexpire", 1, O_UNMODELLED}, {"ctdir", 1, O_UNMODELLED}, {NULL, 0, 0}};
static const ipt_longopt ipt_reject_opts[] = {{"reject-with", 1, O_REJECT_WITH}, {NULL, 0, 0}};
static const ipt_longopt ipt_snat_opts[] = {
    {"to-source", 1, O_TO_SRC}, {"random", 0, O_UNMODELLED}, {"random-fully", 0, O_UNMODELLED},
    {"persistent", 0, O_UNMODELLED}, {NULL, 0, 0}};
static const ipt_longopt ipt_dnat_opts[] = {
    {"to-destination", 1, O_TO_DST}, {"random", 0, O_UNMODELLED},
    {"persistent", 0, O_UNMODELLED}, {NULL, 0, 0}};
static const ipt_longopt ipt_masq_opts[] = {
    {"to-ports", 1, O_TO_PORTS}, {"random", 0, O_UNMODELLED}, {"random-fully", 0, O_UNMODELLED},
    {NULL, 0, 0}};

/* The extensions iptables 1.8.9 ships (/usr/lib/x86_64-linux-gnu/xtables):
 * a match or target of these that nspath does not model is refused as
 * such, any other name gets iptables' "Couldn't load". */
static const char *const ipt_known_matches[] = {
    "ah", "icmp", "realm", "ttl", "addrtype", "bpf", "cgroup", "cluster", "comment", "connbytes",
    "connlabel", "connlimit", "connmark", "cpu", "dccp", "devgroup", "dscp", "ecn", "esp",
    "hashlimit", "helper", "ipcomp", "iprange", "ipvs", "length", "limit", "mac", "mark",
    "multiport", "nfacct", "osf", "owner", "physdev", "pkttype", "policy", "quota", "rateest",
    "recent", "rpfilter", "sctp", "set", "socket", "statistic", "string", "tcpmss", "time", "tos",
    "u32", NULL};
static const char *const ipt_known_targets[] = {
    "CLUSTERIP", "ECN", "NETMAP", "TTL", "ULOG", "AUDIT", "CHECKSUM", "CLASSIFY", "CONNMARK",
    "CONNSECMARK", "CT", "DSCP", "HMARK", "IDLETIMER", "LED", "LOG", "MARK", "NFLOG", "NFQUEUE",
    "NOTRACK", "RATEEST", "REDIRECT", "SECMARK", "SET", "SYNPROXY", "TCPMSS", "TCPOPTSTRIP", "TEE",
    "TOS", "TPROXY", "TRACE", NULL};


static bool ipt_in(const char *s, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(s, *list)) return true;
  return false;
}

/* xtables_error(): iptables' whole message in p->msg (xtables_exit_error()
 * prints the program and version first and the hint after it); for
 * IPT_UNSUPPORTED the reason nspath gives. */
bool ipt_fail(ipt_parser *p, ipt_status st, const char *fmt, ...) {
  if (p->st != IPT_OK) return false;
  va_list ap;
  va_start(ap, fmt);
  char *text = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  if (st == IPT_UNSUPPORTED) g_string_assign(p->msg, text);
  else
    g_string_printf(p->msg, "iptables v1.8.9 (nf_tables): %s\n%s", text,
                    st == IPT_VERSION_PROBLEM
                        ? "Perhaps iptables or your kernel needs to be upgraded.\n"
                        : "Try `iptables -h' or 'iptables --help' for more information.\n");
  g_free(text);
  p->st = st;
  return false;
}

/* ---- getopt_long(), the parts iptables uses ---------------------------- */

static const ipt_longopt *ipt_long_find(ipt_parser *p, const char *name, size_t len) {
  const ipt_longopt *tables[] = {ipt_base_opts, p->mopts[0], p->mopts[1], p->mopts[2], p->topts};
  const ipt_longopt *found = NULL;
  int hits = 0;
  for (size_t t = 0; t < G_N_ELEMENTS(tables); t++) {
    for (const ipt_longopt *o = tables[t]; o && o->name; o++) {
      if (strncmp(o->name, name, len)) continue;
      if (strlen(o->name) == len) return o; /* exact */
      if (!found || found->val != o->val) hits++;
      found = o;
    }
  }
  return hits == 1 ? found : NULL;
}

static bool ipt_short_arg(char c, int *has_arg) {
  static const char opts[] = "A:C:D:E:F::I:L::M:N:P:VX::Z::c:d:i:j:o:p:s:t:R:S::W::46bfg:h::m:nvw::x";
  const char *q = strchr(opts, c);
  if (!c || !q || c == ':') return false;
  *has_arg = q[1] != ':' ? 0 : q[2] == ':' ? 2 : 1;
  return true;
}

/* The next option: its code, 1 for a word that is none, -1 at the end,
 * '?' unknown, ':' missing its argument. */
static int ipt_getopt(ipt_parser *p) {
  p->optarg = NULL;
  if (!p->nextchar || !*p->nextchar) {
    p->nextchar = NULL;
    if (p->optind >= p->argc) return -1;
    const char *a = p->argv[p->optind];
    if (a[0] != '-' || !a[1]) {
      p->optind++;
      p->optarg = a;
      return 1;
    }
    if (!strcmp(a, "--")) {
      p->optind++;
      return -1;
    }
    if (a[1] == '-') {
      p->optind++;
      const char *name = a + 2, *eq = strchr(name, '=');
      const ipt_longopt *o = ipt_long_find(p, name, eq ? (size_t)(eq - name) : strlen(name));
      if (!o) return '?';
      if (eq) p->optarg = eq + 1;
      else if (o->has_arg == 1) {
        if (p->optind >= p->argc) return ':';
        p->optarg = p->argv[p->optind++];
      }
      return o->val;
    }
    p->nextchar = a + 1;
    p->optind++;
  }
  char c = *p->nextchar++;
  int has_arg;
  if (!ipt_short_arg(c, &has_arg)) return '?';
  if (has_arg && *p->nextchar) {
    p->optarg = p->nextchar;
    p->nextchar = NULL;
  } else if (has_arg == 1) {
    if (p->optind >= p->argc) return ':';
    p->optarg = p->argv[p->optind++];
  }
  return c;
}

/* xs_has_arg(): the next word is an argument of the command */
static const char *ipt_next_arg(ipt_parser *p) {
  if (p->optind < p->argc && p->argv[p->optind][0] != '-' && p->argv[p->optind][0] != '!')
    return p->argv[p->optind++];
  return NULL;
}

/* ---- commands and options ------------------------------------------------ */

static char ipt_cmd2char(unsigned cmd) {
  static const char chars[] = "IDDRALFZNXPESZC";
  for (int i = 0; chars[i]; i++)
    if (cmd & (1u << i)) return chars[i];
  return '?';
}

static bool ipt_add_command(ipt_parser *p, unsigned cmd, unsigned others) {
  if (p->invert) return PROBLEM(p, "unexpected '!' flag");
  if (p->cmd->command & ~others)
    return PROBLEM(p, "Cannot use -%c with -%c", ipt_cmd2char(cmd),
                   ipt_cmd2char(p->cmd->command & ~others));
  p->cmd->command |= cmd;
  return true;
}

static bool ipt_rulenum(ipt_parser *p, const char *s) {
  char *end;
  long n = strtol(s, &end, 10);
  if (!*s || *end || n < 1 || n > G_MAXINT) return PROBLEM(p, "Invalid rule number `%s'", s);
  p->cmd->rulenum = (int)n;
  return true;
}

static bool ipt_set_option(ipt_parser *p, unsigned opt, unsigned inv) {
  if (p->cmd->options & opt)
    return PROBLEM(p, "multiple -%c flags not allowed", ipt_optflags[__builtin_ctz(opt)]);
  p->cmd->options |= opt;
  if (p->invert) {
    if (!inv) return PROBLEM(p, "cannot have ! before -%c", ipt_optflags[__builtin_ctz(opt)]);
    p->cmd->rule.inv |= inv;
  }
  return true;
}

/* xtables_numeric_to_ipaddr() (libxtables/xtables.c __numeric_to_ipaddr()):
 * up to four parts of 0..255 (C notation), a missing tail completed with
 * zeros as a network address ("1.2.3" is 1.2.3.0, "7" 7.0.0.0). */
static bool ipt_numeric_to_ipaddr(const char *s, uint32_t *out) {
  uint32_t a = 0;
  int i = 0;
  for (;; i++, s++) {
    char *end;
    if (*s < '0' || *s > '9') return false;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (errno || v > 0xff) return false;
    a |= (uint32_t)v << (24 - 8 * i);
    s = end;
    if (*s != '.' || i == 3) break;
  }
  if (*s) return false;
  *out = a;
  return true;
}

/* xtables_ipparse_multiple() for one address: ADDR[/LEN|/MASK]; a number
 * xtables_numeric_to_ipaddr() does not take goes to getaddrinfo(), which
 * takes inet_aton()'s forms ("1.2.3.04" is 1.2.3.4); names are not
 * resolved here (nspath does not model DNS).  Seen on the kernel: -s 1.2.3
 * lists as 1.2.3.0/32, -s 0x10.1.0377 as 16.1.255.0/32 (found by
 * tests/difffuzz). */
static bool ipt_parse_net(ipt_parser *p, const char *s, uint32_t *addr, uint32_t *mask) {
  /* the mask after the last '/' (10.0.0.0/8/8: host `10.0.0.0/8' not found) */
  char *copy = g_strdup(s), *slash = strrchr(copy, '/');
  bool ok = true;
  *mask = 0xffffffffu;
  if (slash) {
    *slash++ = '\0';
    char *end;
    long len = strtol(slash, &end, 10);
    if (strchr(slash, '.')) {
      if (!ipv4_addr_pton(slash, mask)) ok = PROBLEM(p, "host/network `%s' not found", slash);
    } else if (!*slash || *end || len < 0 || len > 32) {
      ok = PROBLEM(p, "invalid mask `%s' specified", slash);
    } else {
      *mask = len ? 0xffffffffu << (32 - len) : 0;
    }
  }
  /* "if a null mask is given, the name is ignored, like in "any/0"" */
  if (ok && !*mask) g_free(copy), copy = g_strdup("0.0.0.0");
  if (ok && !ipt_numeric_to_ipaddr(copy, addr) && !ipv4_addr_aton(copy, addr)) {
    /* a '/' left (10.0.0.0/8/8) is no name getaddrinfo() could resolve */
    bool name = strspn(copy, "0123456789.") != strlen(copy) && !strchr(copy, '/');
    ok = name ? UNMODELLED(p, "iptables with a host name (%s): only addresses are modelled", copy)
              : PROBLEM(p, "host/network `%s' not found", copy);
  }
  if (ok) *addr &= *mask;
  g_free(copy);
  return ok;
}

/* xtables_parse_interface() */
static bool ipt_parse_iface(ipt_parser *p, const char *s, char *out) {
  if (!*s) return PROBLEM(p, "Empty interface is likely to be undesired");
  if (strlen(s) >= NSP_NF_IFSZ)
    return PROBLEM(p, "interface name `%s' must be shorter than IFNAMSIZ (%i)", s, NSP_NF_IFSZ - 1);
  g_strlcpy(out, s, NSP_NF_IFSZ);
  return true;
}

static bool ipt_parse_proto(ipt_parser *p, const char *arg) {
  char *s = g_ascii_strdown(arg, -1);
  char *end;
  long n = strtol(s, &end, 0);
  int proto = -1;
  if (*s && !*end && n >= 0 && n <= 255) proto = (int)n;
  else if (!strcmp(s, "all")) proto = 0;
  else {
    struct protoent *pe = getprotobyname(s);
    if (pe) proto = pe->p_proto;
  }
  if (proto < 0) {
    g_free(s);
    return PROBLEM(p, "unknown protocol \"%s\" specified", arg);
  }
  p->proto_name = proto == 6 ? "tcp" : proto == 17 ? "udp" : proto == 1 ? "icmp" : NULL;
  g_free(s);
  p->cmd->rule.proto = (uint8_t)proto;
  if (proto == 0 && (p->cmd->rule.inv & NSP_NF_INV_PROTO))
    return PROBLEM(p, "rule would never match protocol");
  return true;
}

static bool ipt_add_match(ipt_parser *p, nsp_nf_match m, const ipt_longopt *opts) {
  for (int i = 0; i < NSP_NF_MATCHES; i++) {
    if (p->cmd->rule.matches[i] == m) return true;
    if (!p->cmd->rule.matches[i]) {
      p->cmd->rule.matches[i] = (uint8_t)m;
      p->mopts[i] = opts;
      return true;
    }
  }
  return UNMODELLED(p, "iptables with more than three matches");
}

/* command_match(): -m NAME */
static bool ipt_match(ipt_parser *p, const char *name) {
  if (p->invert) return PROBLEM(p, "unexpected ! flag before --match");
  if (!strcmp(name, "tcp") || !strcmp(name, "udp")) {
    /* the match of another protocol than -p's never matches; not modelled */
    if (!p->proto_name || strcmp(p->proto_name, name))
      return UNMODELLED(p, "iptables -m %s without -p %s", name, name);
    return ipt_add_match(p, NSP_NF_M_L4, !strcmp(name, "tcp") ? ipt_tcp_opts : ipt_udp_opts);
  }
  if (!strcmp(name, "icmp")) {
    if (!p->proto_name || strcmp(p->proto_name, "icmp"))
      return UNMODELLED(p, "iptables -m icmp without -p icmp");
    return ipt_add_match(p, NSP_NF_M_ICMP, ipt_icmp_opts);
  }
  if (!strcmp(name, "multiport")) return ipt_add_match(p, NSP_NF_M_MULTIPORT, ipt_multiport_opts);
  if (!strcmp(name, "state")) return ipt_add_match(p, NSP_NF_M_STATE, ipt_state_opts);
  if (!strcmp(name, "conntrack")) return ipt_add_match(p, NSP_NF_M_CONNTRACK, ipt_conntrack_opts);
  if (ipt_in(name, ipt_known_matches)) return UNMODELLED(p, "iptables match -m %s is not modelled", name);
  return PROBLEM(p, "Couldn't load match `%s':No such file or directory\n", name);
}

/* command_jump(): -j/-g TARGET */
static bool ipt_jump(ipt_parser *p, const char *t, bool go) {
  nsp_nf_rule *r = &p->cmd->rule;
  static const struct {
    const char *name;
    nsp_nf_target t;
    const ipt_longopt *opts;
  } targets[] = {{"ACCEPT", NSP_NFT_ACCEPT, NULL},           {"DROP", NSP_NFT_DROP, NULL},
                 {"RETURN", NSP_NFT_RETURN, NULL},           {"REJECT", NSP_NFT_REJECT, ipt_reject_opts},
                 {"SNAT", NSP_NFT_SNAT, ipt_snat_opts},      {"DNAT", NSP_NFT_DNAT, ipt_dnat_opts},
                 {"MASQUERADE", NSP_NFT_MASQUERADE, ipt_masq_opts}};
  if (strlen(t) >= NSP_NF_CHAINSZ - 3)
    return PROBLEM(p, "Invalid target name `%s' (%u chars max)", t, NSP_NF_CHAINSZ - 4);
  for (size_t i = 0; !go && i < G_N_ELEMENTS(targets); i++) {
    if (strcmp(t, targets[i].name)) continue;
    r->target = targets[i].t;
    p->topts = targets[i].opts;
    if (r->target == NSP_NFT_REJECT) r->reject_with = NSP_NF_REJ_PORT_UNREACH;
    return true;
  }
  if (!go && ipt_in(t, ipt_known_targets))
    return UNMODELLED(p, "iptables target -j %s is not modelled", t);
  r->target = go ? NSP_NFT_GOTO : NSP_NFT_JUMP;
  g_strlcpy(r->chain, t, sizeof r->chain);
  return true;
}

/* command_default(): an option no table knows yet loads -p's match (as
 * iptables loads libxt_tcp for --dport after -p tcp): true, read it again. */
static bool ipt_default(ipt_parser *p, int c) {
  if (c >= O_SPORT) {
    ipt_ext_option(p, c, p->optarg);
    return false;
  }
  bool icmp = p->proto_name && !strcmp(p->proto_name, "icmp");
  nsp_nf_match want = icmp ? NSP_NF_M_ICMP : NSP_NF_M_L4;
  bool loaded = false;
  for (int i = 0; i < NSP_NF_MATCHES; i++) loaded |= p->cmd->rule.matches[i] == want;
  if (c == '?' && p->proto_name && !loaded) {
    if (!ipt_add_match(p, want, icmp ? ipt_icmp_opts : !strcmp(p->proto_name, "tcp") ? ipt_tcp_opts : ipt_udp_opts))
      return false;
    /* the word again: a long option is one word, its argument after it */
    p->optind--;
    p->nextchar = NULL;
    return true;
  }
  if (c == ':') return PROBLEM(p, "option \"%s\" requires an argument", p->argv[p->optind - 1]);
  if (c == '?') return PROBLEM(p, "unknown option \"%s\"", p->argv[p->optind - 1]);
  return PROBLEM(p, "Unknown arg \"%s\"", p->optarg ? p->optarg : "");
}

/* ---- do_parse() ------------------------------------------------------------ */

/* The command's chain.  -L and -Z go together ("-Z INPUT -L FORWARD"), each
 * with a chain: as in do_parse(), the last one named is the chain. */
static void ipt_chain_set(ipt_cmd *cmd, const char *chain) {
  g_free(cmd->chain);
  cmd->chain = g_strdup(chain);
}

static bool ipt_command_option(ipt_parser *p, int c) {
  ipt_cmd *cmd = p->cmd;
  const char *a = p->optarg;
  switch (c) {
  case 'A':
    if (!ipt_add_command(p, IPT_CMD_APPEND, 0)) return false;
    ipt_chain_set(cmd, a);
    return true;
  case 'C':
    if (!ipt_add_command(p, IPT_CMD_CHECK, 0)) return false;
    ipt_chain_set(cmd, a);
    return true;
  case 'D':
    if (!ipt_add_command(p, IPT_CMD_DELETE, 0)) return false;
    ipt_chain_set(cmd, a);
    if ((a = ipt_next_arg(p))) {
      cmd->command = IPT_CMD_DELETE_NUM;
      return ipt_rulenum(p, a);
    }
    return true;
  case 'R':
    if (!ipt_add_command(p, IPT_CMD_REPLACE, 0)) return false;
    ipt_chain_set(cmd, a);
    if (!(a = ipt_next_arg(p))) return PROBLEM(p, "-R requires a rule number");
    return ipt_rulenum(p, a);
  case 'I':
    if (!ipt_add_command(p, IPT_CMD_INSERT, 0)) return false;
    ipt_chain_set(cmd, a);
    if ((a = ipt_next_arg(p))) return ipt_rulenum(p, a);
    cmd->rulenum = 1;
    return true;
  case 'L':
  case 'S':
  case 'Z':
  case 'F':
  case 'X': {
    unsigned which = c == 'L' ? IPT_CMD_LIST : c == 'S' ? IPT_CMD_LIST_RULES
                     : c == 'Z' ? IPT_CMD_ZERO : c == 'F' ? IPT_CMD_FLUSH : IPT_CMD_DELETE_CHAIN;
    unsigned others = c == 'L' || c == 'S' ? IPT_CMD_ZERO | IPT_CMD_ZERO_NUM
                      : c == 'Z' ? IPT_CMD_LIST | IPT_CMD_LIST_RULES : 0;
    if (!ipt_add_command(p, which, others)) return false;
    if (a || (a = ipt_next_arg(p))) ipt_chain_set(cmd, a);
    if (c == 'F' || c == 'X') return true;
    if ((a = ipt_next_arg(p))) {
      if (c == 'Z') cmd->command = (cmd->command & ~IPT_CMD_ZERO) | IPT_CMD_ZERO_NUM;
      return ipt_rulenum(p, a);
    }
    return true;
  }
  case 'N':
    if (a[0] == '-' || a[0] == '!')
      return PROBLEM(p, "chain name not allowed to start with `%c'", a[0]);
    if (!strcmp(a, "ACCEPT") || !strcmp(a, "DROP") || !strcmp(a, "RETURN") ||
        !strcmp(a, "REJECT") || !strcmp(a, "SNAT") || !strcmp(a, "DNAT") ||
        !strcmp(a, "MASQUERADE") || ipt_in(a, ipt_known_targets))
      return PROBLEM(p, "chain name may not clash with target name");
    for (const char *s = a; *s; s++)
      if (isspace((unsigned char)*s)) return PROBLEM(p, "Invalid chain name `%s'", a);
    if (!ipt_add_command(p, IPT_CMD_NEW_CHAIN, 0)) return false;
    ipt_chain_set(cmd, a);
    return true;
  case 'E':
    if (!ipt_add_command(p, IPT_CMD_RENAME_CHAIN, 0)) return false;
    ipt_chain_set(cmd, a);
    if (!(a = ipt_next_arg(p))) return PROBLEM(p, "-E requires old-chain-name and new-chain-name");
    cmd->newname = g_strdup(a);
    return true;
  case 'P':
    if (!ipt_add_command(p, IPT_CMD_SET_POLICY, 0)) return false;
    ipt_chain_set(cmd, a);
    if (!(a = ipt_next_arg(p))) return PROBLEM(p, "-P requires a chain and a policy");
    cmd->policy = g_strdup(a);
    return true;
  }
  return false;
}

static bool ipt_rule_option(ipt_parser *p, int c) {
  ipt_cmd *cmd = p->cmd;
  nsp_nf_rule *r = &cmd->rule;
  const char *a = p->optarg;
  switch (c) {
  case 'p':
    return ipt_set_option(p, OPT_PROTOCOL, NSP_NF_INV_PROTO) && ipt_parse_proto(p, a);
  case 's':
    p->src_arg = a;
    return ipt_set_option(p, OPT_SOURCE, NSP_NF_INV_SRC);
  case 'd':
    p->dst_arg = a;
    return ipt_set_option(p, OPT_DESTINATION, NSP_NF_INV_DST);
  case 'i':
    if (!*a) return PROBLEM(p, "Empty interface is likely to be undesired");
    return ipt_set_option(p, OPT_VIANAMEIN, NSP_NF_INV_IN) && ipt_parse_iface(p, a, r->iif);
  case 'o':
    if (!*a) return PROBLEM(p, "Empty interface is likely to be undesired");
    return ipt_set_option(p, OPT_VIANAMEOUT, NSP_NF_INV_OUT) && ipt_parse_iface(p, a, r->oif);
  case 'j':
  case 'g':
    return ipt_set_option(p, OPT_JUMP, 0) && ipt_jump(p, a, c == 'g');
  case 'm':
    return ipt_match(p, a);
  case 'n': return ipt_set_option(p, OPT_NUMERIC, 0) && (cmd->numeric = true);
  case 'x': return ipt_set_option(p, OPT_EXPANDED, 0) && (cmd->expanded = true);
  case '0': return ipt_set_option(p, OPT_LINENUMBERS, 0) && (cmd->linenumbers = true);
  case 'v':
    if (!cmd->verbose && !ipt_set_option(p, OPT_VERBOSE, 0)) return false;
    cmd->verbose = true;
    return true;
  case 't':
    if (p->invert) return PROBLEM(p, "unexpected ! flag before --table");
    g_free(cmd->table);
    cmd->table = g_strdup(a);
    return true;
  case '4': return true;
  case '6': return UNMODELLED(p, "iptables -6 (IPv6) is not modelled");
  }
  return false;
}

/* What iptables prints once the loop is done, in do_parse()'s order. */
static bool ipt_post_checks(ipt_parser *p) {
  ipt_cmd *cmd = p->cmd;
  nsp_nf_rule *r = &cmd->rule;
  if (!strcmp(cmd->table, "nat") &&
      ((cmd->policy && !strcmp(cmd->policy, "DROP")) || r->target == NSP_NFT_DROP))
    return PROBLEM(p, "\nThe \"nat\" table is not intended for filtering, the use of DROP is "
                      "therefore inhibited.\n\n");
  /* the matches' final checks (xtables_option_mfcall()) */
  for (int i = 0; i < NSP_NF_MATCHES; i++)
    if (r->matches[i] == NSP_NF_M_CONNTRACK && !p->have_ctstate) {
      /* extensions/libxt_conntrack.c conntrack_mt_check(): no option at all
       * (found by tests/difffuzz) */
      return PROBLEM(p, "conntrack: At least one option is required");
    } else if (r->matches[i] == NSP_NF_M_STATE && !p->have_state) {
      return PROBLEM(p, "state: option \"--state\" must be specified\n");
    } else if (r->matches[i] == NSP_NF_M_MULTIPORT) {
      static const char *const names[] = {"source-ports", "destination-ports", "ports"};
      unsigned g = p->mp_given;
      if (!g) return PROBLEM(p, "multiport expection an option");
      /* xtables_options_fcheck(): the three exclude each other */
      if (g & (g - 1)) {
        unsigned a = (unsigned)__builtin_ctz(g), b = (unsigned)__builtin_ctz(g & (g - 1));
        return PROBLEM(p, "multiport: option \"--%s\" cannot be used together with \"--%s\".\n",
                       names[a], names[b]);
      }
    }
  /* the targets' final checks (xtables_option_tfcall()) */
  if (r->target == NSP_NFT_SNAT && !p->have_to)
    return PROBLEM(p, "SNAT: option \"--to-source\" must be specified\n");
  if (r->target == NSP_NFT_DNAT && !p->have_to)
    return PROBLEM(p, "DNAT: option \"--to-destination\" must be specified\n");
  if (!cmd->command) return PROBLEM(p, "no command specified");
  if (p->invert) return PROBLEM(p, "nothing appropriate following !");
  /* ipv4_post_parse() (iptables/xshared.c): the addresses are read only
   * after every option, so `-s 10.0.0.0/33 junk` is a "Bad argument"
   * (found by tests/difffuzz) */
  if (p->src_arg && !ipt_parse_net(p, p->src_arg, &r->src, &r->smsk)) return false;
  if (p->dst_arg && !ipt_parse_net(p, p->dst_arg, &r->dst, &r->dmsk)) return false;
  /* generic_opt_check(): the options each command may take */
  static const struct {
    unsigned cmds;
    unsigned illegal;
  } legal[] = {
      {IPT_CMD_INSERT | IPT_CMD_REPLACE | IPT_CMD_APPEND | IPT_CMD_DELETE | IPT_CMD_CHECK,
       OPT_NUMERIC | OPT_EXPANDED | OPT_LINENUMBERS},
      {IPT_CMD_LIST, OPT_SOURCE | OPT_DESTINATION | OPT_PROTOCOL | OPT_JUMP | OPT_VIANAMEIN |
                         OPT_VIANAMEOUT},
  };
  unsigned all = OPT_NUMERIC | OPT_SOURCE | OPT_DESTINATION | OPT_PROTOCOL | OPT_JUMP |
                 OPT_EXPANDED | OPT_VIANAMEIN | OPT_VIANAMEOUT | OPT_LINENUMBERS;
  for (unsigned i = 0; i < 10; i++) {
    unsigned opt = 1u << i;
    if (!(cmd->options & opt) || opt == OPT_VERBOSE) continue;
    int verdict = 0; /* -1 illegal, 1 legal */
    for (unsigned k = 0; k < 15; k++) {
      unsigned c = 1u << k;
      if (!(cmd->command & c)) continue;
      unsigned illegal = all;
      for (size_t l = 0; l < G_N_ELEMENTS(legal); l++)
        if (legal[l].cmds & c) illegal = legal[l].illegal;
      if (c == IPT_CMD_DELETE_NUM) illegal = all;
      if (!(illegal & opt)) verdict = 1;
      else if (verdict == 0) verdict = -1;
    }
    if (verdict == -1) return PROBLEM(p, "Illegal option `-%c' with this command", ipt_optflags[i]);
  }
  if (cmd->chain && strlen(cmd->chain) >= 29)
    return PROBLEM(p, "chain name `%s' too long (must be under %u chars)", cmd->chain, 29);
  if (cmd->command & (IPT_CMD_APPEND | IPT_CMD_DELETE | IPT_CMD_CHECK | IPT_CMD_INSERT |
                      IPT_CMD_REPLACE)) {
    if ((!strcmp(cmd->chain, "PREROUTING") || !strcmp(cmd->chain, "INPUT")) &&
        (cmd->options & OPT_VIANAMEOUT))
      return PROBLEM(p, "Can't use -o with %s\n", cmd->chain);
    if ((!strcmp(cmd->chain, "POSTROUTING") || !strcmp(cmd->chain, "OUTPUT")) &&
        (cmd->options & OPT_VIANAMEIN))
      return PROBLEM(p, "Can't use -i with %s\n", cmd->chain);
  }
  if (!(cmd->options & OPT_SOURCE)) r->smsk = 0;
  if (!(cmd->options & OPT_DESTINATION)) r->dmsk = 0;
  if (!nsp_nf_table_lookup(cmd->table, &cmd->table_id)) {
    if (!strcmp(cmd->table, "mangle") || !strcmp(cmd->table, "raw") ||
        !strcmp(cmd->table, "security"))
      return UNMODELLED(p, "iptables table \"%s\" is not modelled (filter and nat are)", cmd->table);
    return ipt_fail(p, IPT_VERSION_PROBLEM, "table '%s' does not exist", cmd->table);
  }
  return true;
}

ipt_status ipt_parse(int argc, char **argv, ipt_cmd *cmd, GString *msg) {
  memset(cmd, 0, sizeof *cmd);
  cmd->table = g_strdup("filter");
  nsp_nf_rule *r = &cmd->rule;
  r->spt[1] = r->dpt[1] = 0xffff;
  ipt_parser p = {.argc = argc, .argv = argv, .optind = 1, .cmd = cmd, .msg = msg};
  int c;
  while (p.st == IPT_OK && (c = ipt_getopt(&p)) != -1) {
    if (c > 1 && c < 256 && strchr("ACDRILSFZNXEP", c)) {
      ipt_command_option(&p, c);
    } else if (c > 1 && c < 256 && strchr("psdiojgmnx0vt46", c)) {
      ipt_rule_option(&p, c);
    } else if (c > 1 && c < 256 && strchr("hVwWcfMb", c)) {
      UNMODELLED(&p, "iptables option \"%s\" is not modelled", argv[p.optind - 1]);
    } else if (c == 1) {
      if (!strcmp(p.optarg, "!")) {
        if (p.invert) PROBLEM(&p, "multiple consecutive ! not allowed");
        p.invert = true;
        continue;
      }
      /* no "iptables v1.8.9" before it: exit_tryhelp() alone */
      g_string_printf(msg, "Bad argument `%s'\nTry `iptables -h' or 'iptables --help' for more "
                           "information.\n", p.optarg);
      p.st = IPT_PARAMETER_PROBLEM;
    } else if (ipt_default(&p, c)) {
      continue; /* read again, with its ! */
    }
    p.invert = false;
  }
  if (p.st == IPT_OK) ipt_post_checks(&p);
  return p.st;
}

void ipt_cmd_clear(ipt_cmd *cmd) {
  g_free(cmd->table);
  g_free(cmd->chain);
  g_free(cmd->newname);
  g_free(cmd->policy);
  memset(cmd, 0, sizeof *cmd);
}
