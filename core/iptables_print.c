/* iptables -L and -S as iptables 1.8.9 prints them: print_header(),
 * print_rule_details(), print_ifaces(), print_ipv4_addresses() of
 * iptables/xshared.c, nft_ipv4_save_rule() and the extensions' print and
 * save functions (libxt_tcp.c, libxt_udp.c, libxt_conntrack.c,
 * libipt_REJECT.c, libxt_NAT.c), widths and quirks included. */
#include <netdb.h>
#include <string.h>

#include "core/iptables_priv.h"
#include "proto/inet.h"

#define FMT(f, tab, notab) (((f) & IPT_FMT_NOTABLE) ? (notab) : (tab))

static const char *const reject_names[] = {
    [NSP_NF_REJ_NET_UNREACH] = "icmp-net-unreachable",
    [NSP_NF_REJ_HOST_UNREACH] = "icmp-host-unreachable",
    [NSP_NF_REJ_PROT_UNREACH] = "icmp-proto-unreachable",
    [NSP_NF_REJ_PORT_UNREACH] = "icmp-port-unreachable",
    [4] = "",
    [NSP_NF_REJ_NET_PROHIB] = "icmp-net-prohibited",
    [NSP_NF_REJ_HOST_PROHIB] = "icmp-host-prohibited",
    [NSP_NF_REJ_TCP_RESET] = "tcp-reset",
    [NSP_NF_REJ_ADMIN_PROHIB] = "icmp-admin-prohibited",
};

/* xtables_print_num() */
static void ipt_num(uint64_t n, unsigned f, GString *out) {
  if (!(f & IPT_FMT_KILOMEGAGIGA)) {
    g_string_append_printf(out, FMT(f, "%8llu ", "%llu "), (unsigned long long)n);
    return;
  }
  if (n <= 99999) {
    g_string_append_printf(out, FMT(f, "%5llu ", "%llu "), (unsigned long long)n);
    return;
  }
  static const char units[] = "KMGT";
  for (int i = 0; i < 4; i++) {
    n = (n + 500) / 1000;
    if (n <= 9999 || i == 3) {
      g_string_append_printf(out, FMT(f, "%4llu%c ", "%llu%c "), (unsigned long long)n, units[i]);
      return;
    }
  }
}

/* proto_to_name(): xtables_chain_protos[], then /etc/protocols */
static const char *ipt_proto_name(uint8_t proto, bool nolookup) {
  switch (proto) {
  case 6: return "tcp";
  case 17: return "udp";
  case 1: return "icmp";
  case 0: return "all";
  case 136: return "udplite";
  case 132: return "sctp";
  case 58: return "ipv6-icmp";
  case 50: return "esp";
  case 51: return "ah";
  case 135: return "mh";
  }
  if (nolookup) return NULL;
  struct protoent *pe = getprotobynumber(proto);
  return pe ? pe->p_name : NULL;
}

static const char *ipt_target_name(const nsp_nf_rule *r) {
  switch (r->target) {
  case NSP_NFT_ACCEPT: return "ACCEPT";
  case NSP_NFT_DROP: return "DROP";
  case NSP_NFT_RETURN: return "RETURN";
  case NSP_NFT_REJECT: return "REJECT";
  case NSP_NFT_SNAT: return "SNAT";
  case NSP_NFT_DNAT: return "DNAT";
  case NSP_NFT_MASQUERADE: return "MASQUERADE";
  case NSP_NFT_JUMP:
  case NSP_NFT_GOTO: return r->chain;
  default: return "";
  }
}

static void ipt_header(const nsp_nf_table *t, const nsp_nf_chain *c, unsigned f, GString *out) {
  g_string_append_printf(out, "Chain %s", c->name);
  if (c->builtin) {
    g_string_append_printf(out, " (policy %s", c->policy == NSP_NFT_DROP ? "DROP" : "ACCEPT");
    if (!(f & IPT_FMT_NOCOUNTS)) {
      g_string_append_printf(out, " %llu packets, %llu bytes", (unsigned long long)c->pkts,
                             (unsigned long long)c->bytes);
    }
    g_string_append(out, ")\n");
  } else {
    g_string_append_printf(out, " (%u references)\n", nsp_nf_chain_refs(t, c->name));
  }
  if (f & IPT_FMT_LINENUMBERS) g_string_append_printf(out, FMT(f, "%-4s ", "%s "), "num");
  if (!(f & IPT_FMT_NOCOUNTS)) {
    if (f & IPT_FMT_KILOMEGAGIGA) {
      g_string_append_printf(out, FMT(f, "%5s ", "%s "), "pkts");
      g_string_append_printf(out, FMT(f, "%5s ", "%s "), "bytes");
    } else {
      g_string_append_printf(out, FMT(f, "%8s ", "%s "), "pkts");
      g_string_append_printf(out, FMT(f, "%10s ", "%s "), "bytes");
    }
  }
  g_string_append_printf(out, FMT(f, "%-9s ", "%s "), "target");
  g_string_append(out, " prot opt");
  if (f & IPT_FMT_VIA) {
    g_string_append_printf(out, FMT(f, " %-6s ", "%s "), "in");
    g_string_append_printf(out, FMT(f, "%-6s ", "%s "), "out");
  }
  g_string_append_printf(out, FMT(f, " %-19s ", "%s "), "source");
  g_string_append_printf(out, FMT(f, " %-19s ", " %s "), "destination");
  g_string_append_c(out, '\n');
}

/* xtables_ipmask_to_numeric(): "/24", or "/255.0.255.0" for a mask that
 * is no prefix, nothing for /32 */
static void ipt_addr(uint32_t a, uint32_t m, unsigned f, GString *out) {
  char buf[16];
  if (!m && !(f & IPT_FMT_NUMERIC)) {
    g_string_append(out, "anywhere");
    return;
  }
  g_string_append(out, ipv4_addr_ntop(a, buf));
  if (m == 0xffffffffu) return;
  int len = 0;
  while (len < 32 && (m & (0x80000000u >> len))) len++;
  if (len < 32 && (m << len))
    g_string_append_printf(out, "/%s", ipv4_addr_ntop(m, buf));
  else
    g_string_append_printf(out, "/%d", len);
}

static void ipt_print_port(const char *name, const uint16_t range[2], bool inv, unsigned f,
                           const char *proto, GString *out) {
  if (range[0] == 0 && range[1] == 0xffff && !inv) return;
  g_string_append_printf(out, " %s%s:%s", name, range[0] == range[1] ? "" : "s", inv ? "!" : "");
  for (int i = 0; i < (range[0] == range[1] ? 1 : 2); i++) {
    struct servent *sv = f & IPT_FMT_NUMERIC ? NULL : getservbyport(htons(range[i]), proto);
    if (i) g_string_append_c(out, ':');
    if (sv) g_string_append(out, sv->s_name);
    else g_string_append_printf(out, "%u", range[i]);
  }
}

static void ipt_states(unsigned mask, char sep0, GString *out) {
  static const struct {
    unsigned bit;
    const char *name;
  } names[] = {{NSP_NF_CT_INVALID, "INVALID"}, {NSP_NF_CT_NEW, "NEW"},
               {NSP_NF_CT_RELATED, "RELATED"}, {NSP_NF_CT_ESTABLISHED, "ESTABLISHED"},
               {NSP_NF_CT_UNTRACKED, "UNTRACKED"}, {NSP_NF_CT_SNAT, "SNAT"},
               {NSP_NF_CT_DNAT, "DNAT"}};
  char sep = sep0;
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
    if (!(mask & names[i].bit)) continue;
    if (sep) g_string_append_c(out, sep);
    g_string_append(out, names[i].name);
    sep = ',';
  }
}

/* sprint_range() of libxt_NAT.c */
static void ipt_nat_range(const nsp_nf_rule *r, GString *out) {
  char a[16], b[16];
  if (r->nat_addr) {
    g_string_append(out, ipv4_addr_ntop(r->nat_lo, a));
    if (r->nat_hi != r->nat_lo) g_string_append_printf(out, "-%s", ipv4_addr_ntop(r->nat_hi, b));
  }
  if (r->nat_port) {
    g_string_append_printf(out, ":%u", r->port_lo);
    if (r->port_hi != r->port_lo) g_string_append_printf(out, "-%u", r->port_hi);
  }
}

/* libipt_icmp.c print_icmptype(): the name of exactly this type and code
 * range, else "type N [code C|codes A-B]" */
static void ipt_icmp_print(const nsp_nf_rule *r, unsigned f, GString *out) {
  bool inv = r->inv & NSP_NF_INV_ICMP;
  g_string_append(out, " icmp");
  for (const ipt_icmp_name *n = ipt_icmp_names; !(f & IPT_FMT_NUMERIC) && n->name; n++)
    if (n->type == r->icmp_type && n->code_min == r->icmp_code[0] &&
        n->code_max == r->icmp_code[1]) {
      g_string_append_printf(out, " %s%s", inv ? "!" : "", n->name);
      return;
    }
  if (inv) g_string_append(out, " !");
  g_string_append_printf(out, "type %u", r->icmp_type);
  if (r->icmp_code[0] == r->icmp_code[1]) g_string_append_printf(out, " code %u", r->icmp_code[0]);
  else if (r->icmp_code[0] != 0 || r->icmp_code[1] != 0xFF)
    g_string_append_printf(out, " codes %u-%u", r->icmp_code[0], r->icmp_code[1]);
}

/* one of a multiport list's ports: its service name unless -n */
static void ipt_mp_port(uint16_t port, const char *proto, bool numeric, GString *out) {
  struct servent *sv = numeric ? NULL : getservbyport(htons(port), proto);
  if (sv) g_string_append(out, sv->s_name);
  else g_string_append_printf(out, "%u", port);
}

/* libxt_multiport.c __multiport_print_v1() (-L) and __multiport_save_v1() (-S) */
static void ipt_multiport_print(const nsp_nf_rule *r, bool save, bool numeric, GString *out) {
  static const char *const kinds[] = {"sports", "dports", "ports"};
  const char *proto = r->proto == 17 ? "udp" : "tcp";
  bool inv = r->inv & NSP_NF_INV_MP;
  if (save) g_string_append_printf(out, " -m multiport%s --%s ", inv ? " !" : "", kinds[r->mp_flags]);
  else g_string_append_printf(out, " multiport %s %s", kinds[r->mp_flags], inv ? " !" : "");
  for (unsigned i = 0; i < r->mp_count; i++) {
    if (i) g_string_append_c(out, ',');
    ipt_mp_port(r->mp_ports[i], proto, save || numeric, out);
    if (r->mp_pflags[i] && i + 1 < r->mp_count) {
      g_string_append_c(out, ':');
      ipt_mp_port(r->mp_ports[++i], proto, save || numeric, out);
    }
  }
}

/* the matches' print() and the target's, for -L */
static void ipt_matches_print(const nsp_nf_rule *r, unsigned f, GString *out) {
  const char *proto = r->proto == 17 ? "udp" : "tcp";
  for (int i = 0; i < NSP_NF_MATCHES && r->matches[i]; i++) {
    switch (r->matches[i]) {
    case NSP_NF_M_ICMP: ipt_icmp_print(r, f, out); break;
    case NSP_NF_M_MULTIPORT: ipt_multiport_print(r, false, f & IPT_FMT_NUMERIC, out); break;
    case NSP_NF_M_L4:
      g_string_append_printf(out, " %s", proto);
      ipt_print_port("spt", r->spt, r->inv & NSP_NF_INV_SPT, f, proto, out);
      ipt_print_port("dpt", r->dpt, r->inv & NSP_NF_INV_DPT, f, proto, out);
      break;
    case NSP_NF_M_STATE:
    case NSP_NF_M_CONNTRACK:
      /* conntrack_dump(): the state match is conntrack's alias (XT_CONNTRACK_STATE_ALIAS) */
      if (r->inv & NSP_NF_INV_CT) g_string_append(out, " !");
      g_string_append(out, r->matches[i] == NSP_NF_M_STATE ? " state" : " ctstate");
      ipt_states(r->ctmask, ' ', out);
      break;
    }
  }
  if (r->target == NSP_NFT_REJECT)
    g_string_append_printf(out, " reject-with %s", reject_names[r->reject_with]);
  if ((r->target == NSP_NFT_SNAT || r->target == NSP_NFT_DNAT) && (r->nat_addr || r->nat_port)) {
    g_string_append(out, " to:");
    ipt_nat_range(r, out);
  }
  if (r->target == NSP_NFT_MASQUERADE && r->nat_port) {
    GString *range = g_string_new(NULL);
    ipt_nat_range(r, range);
    g_string_append_printf(out, " masq ports: %s", range->str + 1); /* skip_colon */
    g_string_free(range, TRUE);
  }
}

/* nft_ipv4_print_rule() */
static void ipt_rule_print(const nsp_nf_rule *r, unsigned num, unsigned f, GString *out) {
  const char *pname = ipt_proto_name(r->proto, f & IPT_FMT_NUMERIC);
  if (f & IPT_FMT_LINENUMBERS) g_string_append_printf(out, FMT(f, "%-4u ", "%u "), num);
  if (!(f & IPT_FMT_NOCOUNTS)) {
    ipt_num(r->pkts, f, out);
    ipt_num(r->bytes, f, out);
  }
  g_string_append_printf(out, FMT(f, "%-9s ", "%s "), ipt_target_name(r));
  g_string_append_c(out, r->inv & NSP_NF_INV_PROTO ? '!' : ' ');
  if ((f & (IPT_FMT_NUMERIC | IPT_FMT_NOTABLE)) == IPT_FMT_NUMERIC || !pname)
    g_string_append_printf(out, FMT(f, "%-4u ", "%u "), r->proto);
  else
    g_string_append_printf(out, FMT(f, "%-4s ", "%s "), pname);
  g_string_append(out, "-- "); /* print_fragment(): no -f */
  if (f & IPT_FMT_VIA) {
    const char *any = f & IPT_FMT_NUMERIC ? "*" : "any";
    char iface[NSP_NF_IFSZ + 2];
    g_snprintf(iface, sizeof iface, "%s%s", r->inv & NSP_NF_INV_IN ? "!" : "",
               r->iif[0] ? r->iif : any);
    g_string_append_printf(out, FMT(f, " %-6s ", "in %s "), iface);
    g_snprintf(iface, sizeof iface, "%s%s", r->inv & NSP_NF_INV_OUT ? "!" : "",
               r->oif[0] ? r->oif : any);
    g_string_append_printf(out, FMT(f, "%-6s ", "out %s "), iface);
  }
  GString *a = g_string_new(NULL);
  g_string_append_c(out, r->inv & NSP_NF_INV_SRC ? '!' : ' ');
  ipt_addr(r->src, r->smsk, f, a);
  g_string_append_printf(out, FMT(f, "%-19s ", "%s "), a->str);
  g_string_truncate(a, 0);
  g_string_append_c(out, r->inv & NSP_NF_INV_DST ? '!' : ' ');
  ipt_addr(r->dst, r->dmsk, f, a);
  g_string_append_printf(out, FMT(f, "%-19s ", "-> %s"), a->str);
  g_string_free(a, TRUE);
  if (r->target == NSP_NFT_GOTO) g_string_append(out, "[goto] ");
  ipt_matches_print(r, f, out);
  g_string_append_c(out, '\n');
}

static bool ipt_chain_listed(const nsp_nf_table *t, const char *name, const nsp_nf_chain *c) {
  (void)t;
  return !name || !strcmp(name, c->name);
}

bool ipt_list(const nsp_nf_table *t, const char *name, int rulenum, unsigned f, GString *out) {
  bool found = false, first = true;
  for (size_t i = 0; i < t->n; i++) {
    const nsp_nf_chain *c = &t->chains[i];
    if (!ipt_chain_listed(t, name, c)) continue;
    found = true;
    if (rulenum > 0) {
      /* __nft_rule_list(): the rule alone, nothing when there is none */
      if ((size_t)rulenum <= c->n) ipt_rule_print(&c->rules[rulenum - 1], (unsigned)rulenum, f, out);
      continue;
    }
    if (!first) g_string_append_c(out, '\n');
    first = false;
    ipt_header(t, c, f, out);
    for (size_t k = 0; k < c->n; k++) ipt_rule_print(&c->rules[k], (unsigned)k + 1, f, out);
  }
  return found;
}

/* save_ipv4_addr(): " -s 192.0.2.0/24", the mask always written */
static void ipt_save_addr(char letter, uint32_t a, uint32_t m, bool inv, GString *out) {
  char buf[16];
  if (!m && !inv && !a) return;
  g_string_append_printf(out, "%s -%c %s/", inv ? " !" : "", letter, ipv4_addr_ntop(a, buf));
  int len = 0;
  while (len < 32 && (m & (0x80000000u >> len))) len++;
  if (len < 32 && (m << len)) g_string_append(out, ipv4_addr_ntop(m, buf));
  else g_string_append_printf(out, "%d", len);
}

static void ipt_save_ports(const char *opt, const uint16_t range[2], bool inv, GString *out) {
  if (range[0] == 0 && range[1] == 0xffff) return;
  if (inv) g_string_append(out, " !");
  if (range[0] != range[1]) g_string_append_printf(out, " --%s %u:%u", opt, range[0], range[1]);
  else g_string_append_printf(out, " --%s %u", opt, range[0]);
}

void ipt_save_rule(const nsp_nf_rule *r, bool counters, GString *out) {
  ipt_save_addr('s', r->src, r->smsk, r->inv & NSP_NF_INV_SRC, out);
  ipt_save_addr('d', r->dst, r->dmsk, r->inv & NSP_NF_INV_DST, out);
  if (r->iif[0]) g_string_append_printf(out, "%s -i %s", r->inv & NSP_NF_INV_IN ? " !" : "", r->iif);
  if (r->oif[0])
    g_string_append_printf(out, "%s -o %s", r->inv & NSP_NF_INV_OUT ? " !" : "", r->oif);
  if (r->proto) {
    const char *pname = ipt_proto_name(r->proto, false);
    if (r->inv & NSP_NF_INV_PROTO) g_string_append(out, " !");
    if (pname) g_string_append_printf(out, " -p %s", pname);
    else g_string_append_printf(out, " -p %u", r->proto);
  }
  for (int i = 0; i < NSP_NF_MATCHES && r->matches[i]; i++) {
    switch (r->matches[i]) {
    case NSP_NF_M_ICMP:
      /* libipt_icmp.c icmp_save() */
      g_string_append_printf(out, " -m icmp%s", r->inv & NSP_NF_INV_ICMP ? " !" : "");
      if (r->icmp_type == 0xFF) {
        g_string_append(out, " --icmp-type any");
        break;
      }
      g_string_append_printf(out, " --icmp-type %u", r->icmp_type);
      if (r->icmp_code[0] != 0 || r->icmp_code[1] != 0xFF)
        g_string_append_printf(out, "/%u", r->icmp_code[0]);
      break;
    case NSP_NF_M_MULTIPORT: ipt_multiport_print(r, true, true, out); break;
    case NSP_NF_M_L4:
      g_string_append_printf(out, " -m %s", r->proto == 17 ? "udp" : "tcp");
      ipt_save_ports("sport", r->spt, r->inv & NSP_NF_INV_SPT, out);
      ipt_save_ports("dport", r->dpt, r->inv & NSP_NF_INV_DPT, out);
      break;
    case NSP_NF_M_STATE:
    case NSP_NF_M_CONNTRACK: {
      bool st = r->matches[i] == NSP_NF_M_STATE;
      g_string_append_printf(out, " -m %s%s --%s", st ? "state" : "conntrack",
                             r->inv & NSP_NF_INV_CT ? " !" : "", st ? "state" : "ctstate");
      ipt_states(r->ctmask, ' ', out);
      break;
    }
    }
  }
  if (counters)
    g_string_append_printf(out, " -c %llu %llu", (unsigned long long)r->pkts,
                           (unsigned long long)r->bytes);
  if (r->target != NSP_NFT_NONE)
    g_string_append_printf(out, " -%c %s", r->target == NSP_NFT_GOTO ? 'g' : 'j', ipt_target_name(r));
  if (r->target == NSP_NFT_REJECT)
    g_string_append_printf(out, " --reject-with %s", reject_names[r->reject_with]);
  if ((r->target == NSP_NFT_SNAT || r->target == NSP_NFT_DNAT) && (r->nat_addr || r->nat_port)) {
    g_string_append_printf(out, " --to-%s ", r->target == NSP_NFT_SNAT ? "source" : "destination");
    ipt_nat_range(r, out);
  }
  if (r->target == NSP_NFT_MASQUERADE && r->nat_port) {
    GString *range = g_string_new(NULL);
    ipt_nat_range(r, range);
    g_string_append_printf(out, " --to-ports %s", range->str + 1);
    g_string_free(range, TRUE);
  }
}

bool ipt_save(const nsp_nf_table *t, const char *name, int rulenum, bool counters, GString *out) {
  bool found = false;
  /* the policies and the user chains first, then every rule */
  for (size_t i = 0; i < t->n; i++) {
    const nsp_nf_chain *c = &t->chains[i];
    if (!ipt_chain_listed(t, name, c)) continue;
    found = true;
    if (rulenum > 0) continue;
    if (c->builtin) {
      g_string_append_printf(out, "-P %s %s", c->name, c->policy == NSP_NFT_DROP ? "DROP" : "ACCEPT");
      if (counters)
        g_string_append_printf(out, " -c %llu %llu", (unsigned long long)c->pkts,
                               (unsigned long long)c->bytes);
      g_string_append_c(out, '\n');
    } else {
      g_string_append_printf(out, "-N %s\n", c->name);
    }
  }
  for (size_t i = 0; i < t->n; i++) {
    const nsp_nf_chain *c = &t->chains[i];
    if (!ipt_chain_listed(t, name, c)) continue;
    for (size_t k = 0; k < c->n; k++) {
      if (rulenum > 0 && k + 1 != (size_t)rulenum) continue;
      g_string_append_printf(out, "-A %s", c->name);
      ipt_save_rule(&c->rules[k], counters, out);
      g_string_append_c(out, '\n');
    }
  }
  return found;
}
