/* iptables' options of the matches and targets nspath models (libxt_tcp,
 * libxt_udp, libxt_state, libxt_conntrack, libipt_REJECT, libxt_NAT):
 * their values read and checked as the extensions do, with their words. */
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "core/iptables_priv.h"
#include "proto/inet.h"

/* xtables_parse_port(): a number or a service of the rule's protocol */
static bool ipt_port(ipt_parser *p, const char *s, uint16_t *port) {
  char *end;
  long n = strtol(s, &end, 10);
  if (*s && !*end && n >= 0 && n <= 65535) {
    *port = (uint16_t)n;
    return true;
  }
  struct servent *sv = getservbyname(s, p->proto_name);
  if (sv) {
    *port = ntohs((uint16_t)sv->s_port);
    return true;
  }
  return PROBLEM(p, "invalid port/service `%s' specified", s);
}

/* PORT, PORT:PORT, :PORT, PORT: (libxt_tcp.c parse_tcp_ports()) */
static bool ipt_ports(ipt_parser *p, const char *arg, uint16_t range[2]) {
  char *s = g_strdup(arg), *colon = strchr(s, ':');
  bool ok;
  if (!colon) {
    ok = ipt_port(p, s, &range[0]);
    range[1] = range[0];
  } else {
    *colon = '\0';
    range[0] = 0;
    range[1] = 0xffff;
    ok = (!*s || ipt_port(p, s, &range[0])) && (!colon[1] || ipt_port(p, colon + 1, &range[1]));
    if (ok && range[0] > range[1]) ok = PROBLEM(p, "invalid portrange (min > max)");
  }
  g_free(s);
  return ok;
}

/* state_parse_states() and conntrack's parse_states(): prefixes of the
 * names, any case, separated by commas. */
static bool ipt_states(ipt_parser *p, const char *arg, bool ct, unsigned *mask) {
  static const struct {
    const char *name;
    unsigned bit;
  } states[] = {{"INVALID", NSP_NF_CT_INVALID}, {"NEW", NSP_NF_CT_NEW},
                {"ESTABLISHED", NSP_NF_CT_ESTABLISHED}, {"RELATED", NSP_NF_CT_RELATED},
                {"UNTRACKED", NSP_NF_CT_UNTRACKED}, {"SNAT", NSP_NF_CT_SNAT},
                {"DNAT", NSP_NF_CT_DNAT}};
  const char *bad = ct ? "Bad ctstate \"%s\"" : "Bad state \"%s\"";
  *mask = 0;
  for (const char *s = arg;;) {
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    if (!comma && !*s)
      return PROBLEM(p, "\"--%s\" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED",
                     ct ? "ctstate" : "state");
    unsigned bit = 0;
    for (size_t i = 0; len && i < G_N_ELEMENTS(states) - (ct ? 0 : 2) && !bit; i++)
      if (!g_ascii_strncasecmp(states[i].name, s, len)) bit = states[i].bit;
    if (!bit) return PROBLEM(p, bad, s);
    *mask |= bit;
    if (!comma) return true;
    s = comma + 1;
  }
}

/* libxt_icmp.h icmp_codes[]: iptables' ICMP type names (and the ranges of
 * codes each stands for); shared with -L's printing */
const ipt_icmp_name ipt_icmp_names[] = {
    {"any", 0xFF, 0, 0xFF},
    {"echo-reply", 0, 0, 0xFF},
    {"pong", 0, 0, 0xFF},
    {"destination-unreachable", 3, 0, 0xFF},
    {"network-unreachable", 3, 0, 0},
    {"host-unreachable", 3, 1, 1},
    {"protocol-unreachable", 3, 2, 2},
    {"port-unreachable", 3, 3, 3},
    {"fragmentation-needed", 3, 4, 4},
    {"source-route-failed", 3, 5, 5},
    {"network-unknown", 3, 6, 6},
    {"host-unknown", 3, 7, 7},
    {"network-prohibited", 3, 9, 9},
    {"host-prohibited", 3, 10, 10},
    {"TOS-network-unreachable", 3, 11, 11},
    {"TOS-host-unreachable", 3, 12, 12},
    {"communication-prohibited", 3, 13, 13},
    {"host-precedence-violation", 3, 14, 14},
    {"precedence-cutoff", 3, 15, 15},
    {"source-quench", 4, 0, 0xFF},
    {"redirect", 5, 0, 0xFF},
    {"network-redirect", 5, 0, 0},
    {"host-redirect", 5, 1, 1},
    {"TOS-network-redirect", 5, 2, 2},
    {"TOS-host-redirect", 5, 3, 3},
    {"echo-request", 8, 0, 0xFF},
    {"ping", 8, 0, 0xFF},
    {"router-advertisement", 9, 0, 0xFF},
    {"router-solicitation", 10, 0, 0xFF},
    {"time-exceeded", 11, 0, 0xFF},
    {"ttl-exceeded", 11, 0, 0xFF},
    {"ttl-zero-during-transit", 11, 0, 0},
    {"ttl-zero-during-reassembly", 11, 1, 1},
    {"parameter-problem", 12, 0, 0xFF},
    {"ip-header-bad", 12, 0, 0},
    {"required-option-missing", 12, 1, 1},
    {"timestamp-request", 13, 0, 0xFF},
    {"timestamp-reply", 14, 0, 0xFF},
    {"address-mask-request", 17, 0, 0xFF},
    {"address-mask-reply", 18, 0, 0xFF},
    {NULL, 0, 0, 0}};

/* libxt_icmp.h parse_range(): N or N:M, each 0-255 (xtables_strtoui()
 * with base 0: 0x and leading-0 octal too) */
static const char *ipt_icmp_range(const char *s, unsigned res[2]) {
  char *end;
  if (!*s || *s == '-' || *s == '+') return NULL;
  unsigned long v = strtoul(s, &end, 0);
  if (end == s || v > 255) return NULL;
  res[0] = res[1] = (unsigned)v;
  if (*end == ':') {
    const char *t = end + 1;
    if (!*t || *t == '-' || *t == '+') return NULL;
    v = strtoul(t, &end, 0);
    if (end == t || v > 255) return NULL;
    res[1] = (unsigned)v;
  }
  return end;
}

/* __parse_icmp(): a name's prefix (any case; two names: ambiguous), or
 * TYPE[/CODE] (a range of types is refused, of codes allowed) */
static bool ipt_icmp_type(ipt_parser *p, const char *arg) {
  nsp_nf_rule *r = &p->cmd->rule;
  const ipt_icmp_name *match = NULL;
  for (const ipt_icmp_name *n = ipt_icmp_names; n->name; n++) {
    if (g_ascii_strncasecmp(n->name, arg, strlen(arg))) continue;
    if (match)
      return PROBLEM(p, "Ambiguous ICMP type `%s': `%s' or `%s'?", arg, match->name, n->name);
    match = n;
  }
  if (match) {
    r->icmp_type = match->type;
    r->icmp_code[0] = match->code_min;
    r->icmp_code[1] = match->code_max;
    return true;
  }
  unsigned t[2], c[2] = {0, 255};
  const char *next = ipt_icmp_range(arg, t);
  if (!next) return PROBLEM(p, "Unknown ICMP type `%s'", arg);
  if (*next == '/') {
    next = ipt_icmp_range(next + 1, c);
    if (!next) return PROBLEM(p, "Unknown ICMP code `%s'", arg);
  }
  if (*next) return PROBLEM(p, "unknown character %c", *next);
  if (t[0] != t[1]) return PROBLEM(p, "ICMP type range not supported");
  r->icmp_type = (uint8_t)t[0];
  r->icmp_code[0] = (uint8_t)c[0];
  r->icmp_code[1] = (uint8_t)c[1];
  return true;
}

/* libxt_multiport.c check_proto() and parse_multi_ports_v1(): up to 15
 * ports, a range taking two */
static bool ipt_multiport(ipt_parser *p, int c, const char *arg) {
  nsp_nf_rule *r = &p->cmd->rule;
  static const char *const names[] = {"source-ports", "destination-ports", "ports"};
  unsigned id = (unsigned)(c - O_MP_SPORTS);
  if (p->mp_given & (1u << id))
    return PROBLEM(p, "multiport: option \"--%s\" can only be used once.\n", names[id]);
  p->mp_given |= 1u << id;
  if (r->inv & NSP_NF_INV_PROTO)
    return PROBLEM(p, "multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
  if (!r->proto)
    return PROBLEM(p, "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
  if (r->proto != 6 && r->proto != 17) {
    if (r->proto == 33 || r->proto == 132 || r->proto == 136)
      return UNMODELLED(p, "multiport on a protocol other than TCP and UDP is not modelled");
    return PROBLEM(p, "multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
  }
  if (p->invert) r->inv |= NSP_NF_INV_MP;
  r->mp_flags = (uint8_t)(id == 0 ? NSP_NF_MP_SRC : id == 1 ? NSP_NF_MP_DST : NSP_NF_MP_EITHER);
  char *buf = g_strdup(arg), *cp = buf, *next;
  unsigned i;
  bool ok = true;
  for (i = 0; ok && cp && i < NSP_NF_MULTI_PORTS; cp = next, i++) {
    next = strchr(cp, ',');
    if (next) *next++ = '\0';
    char *range = strchr(cp, ':');
    if (range) {
      if (i == NSP_NF_MULTI_PORTS - 1) {
        ok = PROBLEM(p, "too many ports specified");
        break;
      }
      *range++ = '\0';
    }
    r->mp_pflags[i] = 0;
    ok = ipt_port(p, cp, &r->mp_ports[i]);
    if (ok && range) {
      r->mp_pflags[i] = 1;
      ok = ipt_port(p, range, &r->mp_ports[++i]);
      if (ok && r->mp_ports[i - 1] >= r->mp_ports[i]) ok = PROBLEM(p, "invalid portrange specified");
    }
  }
  r->mp_count = (uint8_t)i;
  if (ok && cp) ok = PROBLEM(p, "too many ports specified");
  g_free(buf);
  return ok;
}

static bool ipt_reject_with(ipt_parser *p, const char *arg) {
  static const struct {
    const char *name, *alias;
    uint8_t with;
  } types[] = {{"icmp-net-unreachable", "net-unreach", NSP_NF_REJ_NET_UNREACH},
               {"icmp-host-unreachable", "host-unreach", NSP_NF_REJ_HOST_UNREACH},
               {"icmp-proto-unreachable", "proto-unreach", NSP_NF_REJ_PROT_UNREACH},
               {"icmp-port-unreachable", "port-unreach", NSP_NF_REJ_PORT_UNREACH},
               {"icmp-net-prohibited", "net-prohib", NSP_NF_REJ_NET_PROHIB},
               {"icmp-host-prohibited", "host-prohib", NSP_NF_REJ_HOST_PROHIB},
               {"tcp-reset", "tcp-rst", NSP_NF_REJ_TCP_RESET},
               {"icmp-admin-prohibited", "admin-prohib", NSP_NF_REJ_ADMIN_PROHIB}};
  size_t len = strlen(arg);
  for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
    if (!g_ascii_strncasecmp(types[i].name, arg, len) ||
        !g_ascii_strncasecmp(types[i].alias, arg, len)) {
      p->cmd->rule.reject_with = types[i].with;
      return true;
    }
  return PROBLEM(p, "unknown reject type \"%s\"", arg);
}

/* libxt_NAT.c parse_ports(): PORT or PORT-PORT */
static bool ipt_nat_ports(ipt_parser *p, const char *arg) {
  nsp_nf_rule *r = &p->cmd->rule;
  uint8_t pr = r->proto;
  if (pr != 6 && pr != 17 && pr != 1 && pr != 33 && pr != 132)
    return PROBLEM(p, "Need TCP, UDP, SCTP or DCCP with port specification");
  char *end;
  unsigned long lo = strtoul(arg, &end, 10), hi;
  if (end == arg || lo > 65535) {
    struct servent *sv = getservbyname(arg, NULL);
    if (!sv) return PROBLEM(p, "Port `%s' not valid", arg);
    lo = ntohs((uint16_t)sv->s_port);
    end = (char *)"";
  }
  hi = lo;
  if (*end == ':') return PROBLEM(p, "Invalid port:port syntax - use dash");
  if (*end == '-') {
    const char *a = end + 1;
    hi = strtoul(a, &end, 10);
    if (end == a || hi > 65535 || *end) {
      if (end != a && hi <= 65535 && *end == '/')
        return UNMODELLED(p, "NAT port ranges with a base (/PORT) are not modelled");
      return *end && end != a ? PROBLEM(p, "Garbage after port range: `%s'", end)
                              : PROBLEM(p, "Port `%s' not valid", a);
    }
    if (hi < lo) return PROBLEM(p, "Port range `%s' funky", a);
  } else if (*end) {
    return PROBLEM(p, "Garbage after port value: `%s'", end);
  }
  r->nat_port = true;
  r->port_lo = (uint16_t)lo;
  r->port_hi = (uint16_t)hi;
  return true;
}

/* libxt_NAT.c parse_to(): [ADDR[-ADDR]][:PORT[-PORT]] */
static bool ipt_nat_to(ipt_parser *p, const char *orig) {
  nsp_nf_rule *r = &p->cmd->rule;
  char *arg = g_strdup(orig), *colon = strchr(arg, ':');
  bool ok = true;
  if (colon && strchr(colon + 1, ':')) colon = NULL;
  if (colon) {
    ok = ipt_nat_ports(p, colon + 1);
    *colon = '\0';
  }
  if (ok && *arg) {
    char *dash = strchr(arg, '-');
    if (dash) *dash = '\0';
    if (!ipv4_addr_pton(arg, &r->nat_lo)) ok = PROBLEM(p, "Bad IP address \"%s\"", arg);
    else if (dash && !ipv4_addr_pton(dash + 1, &r->nat_hi))
      ok = PROBLEM(p, "Bad IP address \"%s\"", dash + 1);
    else if (!dash) r->nat_hi = r->nat_lo;
    r->nat_addr = ok;
  }
  g_free(arg);
  return ok;
}

bool ipt_ext_option(ipt_parser *p, int c, const char *arg) {
  nsp_nf_rule *r = &p->cmd->rule;
  const char *name = c == O_SPORT ? "source-port" : "destination-port";
  switch (c) {
  case O_SPORT:
  case O_DPORT: {
    unsigned bit = c == O_SPORT ? 1 : 2;
    if (p->l4_flags & bit) return PROBLEM(p, "Only one `--%s' allowed", name);
    p->l4_flags |= bit;
    if (p->invert) r->inv |= c == O_SPORT ? NSP_NF_INV_SPT : NSP_NF_INV_DPT;
    return ipt_ports(p, arg, c == O_SPORT ? r->spt : r->dpt);
  }
  case O_ICMP_TYPE:
    if (p->have_icmp_type) return PROBLEM(p, "icmp: option \"--icmp-type\" can only be used once.\n");
    p->have_icmp_type = true;
    if (p->invert) r->inv |= NSP_NF_INV_ICMP;
    return ipt_icmp_type(p, arg);
  case O_MP_SPORTS:
  case O_MP_DPORTS:
  case O_MP_PORTS:
    return ipt_multiport(p, c, arg);
  case O_STATE:
  case O_CTSTATE:
    if (p->have_ct)
      return PROBLEM(p, "Only one `--%s' allowed", c == O_STATE ? "state" : "ctstate");
    p->have_ct = true;
    if (c == O_STATE) p->have_state = true;
    else p->have_ctstate = true;
    if (p->invert) r->inv |= NSP_NF_INV_CT;
    return ipt_states(p, arg, c == O_CTSTATE, &r->ctmask);
  case O_REJECT_WITH:
    if (p->invert) return PROBLEM(p, "--reject-with does not support inversion");
    if (p->have_reject_with) return PROBLEM(p, "Only one `--reject-with' allowed");
    p->have_reject_with = true;
    return ipt_reject_with(p, arg);
  case O_TO_SRC:
  case O_TO_DST:
  case O_TO_PORTS:
    if (p->have_to)
      return PROBLEM(p, "Only one `--%s' allowed",
                     c == O_TO_SRC ? "to-source" : c == O_TO_DST ? "to-destination" : "to-ports");
    p->have_to = true;
    return c == O_TO_PORTS ? ipt_nat_ports(p, arg) : ipt_nat_to(p, arg);
  default:
    return UNMODELLED(p, "iptables option \"%s\" is not modelled", p->argv[p->optind - 1]);
  }
}
