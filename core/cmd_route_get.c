/* `ip route get` (ip/iproute.c iproute_get() and print_route() for the
 * cloned route the kernel answers with). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ip_util.h"
#include "core/rt_names.h"
#include "proto/inet.h"

/* print_cache_flags(): "    cache " and the RTCF_* names between < > */
static void route_get_cache_flags(nsp_cmd_ctx *c, uint32_t flags) {
  static const struct {
    uint32_t bit;
    const char *name;
  } names[] = {{NSP_RTCF_LOCAL, "local"},          {NSP_RTCF_REJECT, "reject"},
               {NSP_RTCF_MULTICAST, "mc"},          {NSP_RTCF_BROADCAST, "brd"},
               {0x08000000, "dst-nat"},             {0x00800000, "src-nat"},
               {0x00400000, "masq"},                {0x00020000, "dst-direct"},
               {NSP_RTCF_DIRECTSRC, "src-direct"},  {NSP_RTCF_REDIRECTED, "redirected"},
               {NSP_RTCF_DOREDIRECT, "redirect"},   {0x00200000, "fastroute"},
               {NSP_RTCF_NOTIFY, "notify"},         {0x00080000, "proxy"}};
  flags &= ~0xffffu;
  nsp_out(c, "\n    cache ");
  if (!flags) return;
  nsp_out(c, "<");
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
    if (!(flags & names[i].bit)) continue;
    flags &= ~names[i].bit;
    nsp_out(c, "%s%s", names[i].name, flags ? "," : "> ");
  }
  if (flags) nsp_out(c, "%x>", flags);
}

/* print_route() for an RTM_F_CLONED answer: no proto, scope or metric */
static void route_get_print(nsp_cmd_ctx *c, const nsp_route_get *g) {
  char a[16], b[NSP_IFNAMSIZ], t[16];
  if (g->type != NSP_RTN_UNICAST) nsp_out(c, "%s ", nsp_rt_type_n2a(g->type, t, sizeof t));
  nsp_out(c, "%s ", ipv4_addr_ntop(g->dst, a));
  if (g->has_src) nsp_out(c, "from %s ", ipv4_addr_ntop(g->src, a));
  if (g->tos) nsp_out(c, "tos %s ", nsp_rt_dsfield_n2a(g->tos, t, sizeof t));
  if (g->gw) nsp_out(c, "via %s ", ipv4_addr_ntop(g->gw, a));
  if (g->oif) nsp_out(c, "dev %s ", nsp_ifname_by_index(c, g->oif, b));
  if (g->table && g->table != NSP_RT_TABLE_MAIN)
    nsp_out(c, "table %s ", nsp_rt_table_n2a(g->table, t, sizeof t));
  if (g->has_prefsrc) nsp_out(c, "src %s ", ipv4_addr_ntop(g->prefsrc, a));
  if (g->mark) nsp_out(c, g->mark >= 16 ? "mark 0x%x " : "mark %u ", g->mark);
  if (g->has_uid) nsp_out(c, "uid %u ", g->uid);
  route_get_cache_flags(c, g->flags);
  if (g->expires) nsp_out(c, "expires %dsec ", (int)(g->expires / 100)); /* rta_expires/hz */
  if (g->error) nsp_out(c, "error %u ", g->error);
  if (g->iif) nsp_out(c, "iif %s ", nsp_ifname_by_index(c, g->iif, b));
  nsp_out(c, "\n");
}

static bool route_get_uint(const char *s, uint32_t *v) {
  char *end;
  if (!*s || *s == '-') return false;
  unsigned long long x = strtoull(s, &end, 0);
  if (*end || x > UINT32_MAX) return false;
  *v = (uint32_t)x;
  return true;
}

/* inet_proto_a2n(): a number up to 255, or a name of Debian 12's
 * /etc/protocols (netbase), built in rather than read from the host */
static bool route_get_ipproto(const char *s, uint8_t *p) {
  static const struct {
    const char *name, *alias;
    uint8_t n;
  } names[] = {{"ip", "IP", 0},      {"icmp", "ICMP", 1},     {"igmp", "IGMP", 2},
               {"tcp", "TCP", 6},    {"udp", "UDP", 17},      {"gre", "GRE", 47},
               {"esp", "IPSEC-ESP", 50}, {"ah", "IPSEC-AH", 51}, {"sctp", "SCTP", 132},
               {"udplite", "UDPLite", 136}};
  uint32_t v;
  if (nsp_get_unsigned(s, 10, &v) && v <= 255) {
    *p = (uint8_t)v;
    return true;
  }
  for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
    if (!strcmp(s, names[i].name) || !strcmp(s, names[i].alias)) {
      *p = names[i].n;
      return true;
    }
  return false;
}

typedef struct {
  nsp_route_get_req q;
  const char *idev, *odev;
  bool have_dst;          /* address_found */
  bool inet;              /* req.r.rtm_family is AF_INET (-4, or an address read) */
  bool src_attr, dst_attr; /* RTA_SRC, RTA_DST sent (the last of each counts) */
  int src_len, dst_len;   /* rtm_src_len, rtm_dst_len */
} route_get_args;

/* `from PREFIX`: RTA_SRC when it names an address, rtm_src_len its length */
static bool route_get_from(nsp_cmd_ctx *c, const char *v, route_get_args *a) {
  nsp_inet_prefix p;
  if (!nsp_ip_get_prefix(v, a->inet, &p)) return c->status = nsp_ip_prefix_expected(c, v, a->inet), false;
  a->inet |= p.inet;
  if (p.bytelen) a->q.src = p.addr, a->src_attr = true;
  a->src_len = p.bitlen;
  return true;
}

/* the destination: RTA_DST when it names an address; an inet length other
 * than 32 is warned about and sent as 32 ("default" too, once the family
 * is known; while it is not, "default" is no address and length 0) */
static bool route_get_to(nsp_cmd_ctx *c, const char *k, route_get_args *a) {
  nsp_inet_prefix p;
  if (!nsp_ip_get_prefix(k, a->inet, &p)) return c->status = nsp_ip_prefix_expected(c, k, a->inet), false;
  a->inet |= p.inet;
  if (p.bytelen) a->q.dst = p.addr, a->dst_attr = true;
  if (a->inet && p.bitlen != 32) {
    nsp_out(c, "Warning: /%u as prefix is invalid, only /32 (or none) is supported.\n", p.bitlen);
    a->dst_len = 32;
  } else {
    a->dst_len = p.bitlen;
  }
  a->have_dst = true;
  return true;
}

/* One word of iproute_get(); false when the line is done. */
static bool route_get_arg(nsp_cmd_ctx *c, int *argc, char ***argv, route_get_args *a,
                          nsp_line_result *lr) {
  const char *k = (*argv)[0];
  bool with_value = !strcmp(k, "tos") || nsp_matches(k, "dsfield") || nsp_matches(k, "from") ||
                    nsp_matches(k, "iif") || nsp_matches(k, "mark") || nsp_matches(k, "oif") ||
                    !strcmp(k, "dev") || nsp_matches(k, "uid") || nsp_matches(k, "sport") ||
                    nsp_matches(k, "dport") || nsp_matches(k, "ipproto");
  if (with_value) {
    if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
    *argc -= 1, *argv += 1;
  }
  const char *v = (*argv)[0];
  if (!strcmp(k, "tos") || nsp_matches(k, "dsfield")) {
    if (!nsp_rt_dsfield_a2n(v, &a->q.tos)) return c->status = nsp_ip_invarg(c, "TOS value is invalid\n", v), false;
  } else if (nsp_matches(k, "from")) {
    if (nsp_matches(v, "help")) return *lr = nsp_unsupported(c, "ip route get from help prints its usage"), false;
    return route_get_from(c, v, a);
  } else if (nsp_matches(k, "iif")) {
    a->idev = v;
  } else if (nsp_matches(k, "mark")) {
    if (!route_get_uint(v, &a->q.mark)) return c->status = nsp_ip_invarg(c, "invalid mark value", v), false;
  } else if (nsp_matches(k, "oif") || !strcmp(k, "dev")) {
    a->odev = v;
  } else if (nsp_matches(k, "uid")) {
    if (!route_get_uint(v, &a->q.uid)) return c->status = nsp_ip_invarg(c, "invalid UID\n", v), false;
    a->q.has_uid = true;
  } else if (nsp_matches(k, "sport") || nsp_matches(k, "dport")) {
    uint32_t port;
    bool src = nsp_matches(k, "sport");
    if (!nsp_get_unsigned(v, 0, &port) || port > 0xffff)
      return c->status = nsp_ip_invarg(c, src ? "invalid sport\n" : "invalid dport\n", v), false;
    *(src ? &a->q.sport : &a->q.dport) = (uint16_t)port;
  } else if (nsp_matches(k, "ipproto")) {
    if (!route_get_ipproto(v, &a->q.ipproto))
      return c->status = nsp_ip_invarg(c, "Invalid \"ipproto\" value\n", v), false;
  } else if (nsp_matches(k, "notify") || nsp_matches(k, "connected") || nsp_matches(k, "vrf") ||
             nsp_matches(k, "fibmatch") || !strcmp(k, "as")) {
    *lr = nsp_unsupported(c, "ip route get %s is not modelled", k);
    return false;
  } else {
    if (!strcmp(k, "to")) {
      if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
      *argc -= 1, *argv += 1;
      k = (*argv)[0];
    }
    if (nsp_matches(k, "help")) return *lr = nsp_unsupported(c, "ip route get help prints its usage"), false;
    return route_get_to(c, k, a);
  }
  return true;
}

/* inet_rtm_valid_getroute_req() (net/ipv4/route.c), on the header the
 * words made: lengths other than 0 and 32, then an address sent with a
 * length of 0 (found by tests/difffuzz: `from 10.0.1.1/30`, `from 0/0`) */
static bool route_get_valid(nsp_cmd_ctx *c, const route_get_args *a) {
  const char *why = NULL;
  if ((a->src_len && a->src_len != 32) || (a->dst_len && a->dst_len != 32))
    why = "ipv4: Invalid values in header for route get request";
  else if ((a->src_attr && !a->src_len) || (a->dst_attr && !a->dst_len))
    why = "ipv4: rtm_src_len and rtm_dst_len must be 32 for IPv4";
  if (!why) return true;
  nsp_status st = {0};
  nsp_status_set(&st, EINVAL, why);
  nsp_rtnl_error(c, &st);
  c->status = 2;
  return false;
}

static bool route_get_dev(nsp_cmd_ctx *c, const char *name, int *idx) {
  if (!name) return true;
  if ((*idx = nsp_ifindex_by_name(c, name))) return true;
  c->status = nsp_ip_nodev(c, name);
  return false;
}

nsp_line_result nsp_cmd_ip_route_get(nsp_cmd_ctx *c, int argc, char **argv) {
  route_get_args a = {.inet = c->inet_only};
  nsp_line_result lr = NSP_LINE_OK;
  for (; argc > 0; argc--, argv++)
    if (!route_get_arg(c, &argc, &argv, &a, &lr)) return lr;
  if (!a.have_dst) {
    nsp_out(c, "need at least a destination address\n");
    c->status = 1;
    return NSP_LINE_OK;
  }
  if (!route_get_dev(c, a.idev, &a.q.iif) || !route_get_dev(c, a.odev, &a.q.oif)) return NSP_LINE_OK;
  if (!route_get_valid(c, &a)) return NSP_LINE_OK;
  nsp_route_get g;
  nsp_status st = {0};
  if (!c->be->ops->route_get(c->be, c->ns, &a.q, &g, &st)) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
    return NSP_LINE_OK;
  }
  route_get_print(c, &g);
  return NSP_LINE_OK;
}

/* `ip route show cache` (filter.cloned): the dump with RTM_F_CLONED, each
 * entry printed by print_route() as `ip route get` prints its answer */
nsp_line_result nsp_cmd_ip_route_cache_show(nsp_cmd_ctx *c, int oif) {
  nsp_status st = {0};
  size_t n = 0;
  if (!c->be->ops->route_cache_list) return nsp_unsupported(c, "the route cache is not modelled");
  nsp_route_get *gs = c->be->ops->route_cache_list(c->be, c->ns, &n, &st);
  if (!gs && st.err) {
    nsp_rtnl_error(c, &st);
    nsp_out(c, "Dump terminated\n");
    c->status = 2;
    return NSP_LINE_OK;
  }
  for (size_t i = 0; i < n; i++)
    if (!oif || gs[i].oif == oif) route_get_print(c, &gs[i]);
  g_free(gs);
  return NSP_LINE_OK;
}

/* `ip route flush cache`: iproute_flush_cache() writes -1 to
 * /proc/sys/net/ipv4/route/flush (rt_cache_flush(): every exception of
 * the namespace is stale from then on) and, for IPv4, stops there */
nsp_line_result nsp_cmd_ip_route_cache_flush(nsp_cmd_ctx *c) {
  nsp_status st = {0};
  if (!c->be->ops->sysctl_set(c->be, c->ns, "net.ipv4.route.flush", "-1", &st)) {
    nsp_out(c, "Cannot open \"/proc/sys/net/ipv4/route/flush\": %s\n", g_strerror(st.err));
    c->status = 1;
  }
  return NSP_LINE_OK;
}
