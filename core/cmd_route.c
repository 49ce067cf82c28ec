/* `ip route` list, add, change, replace, append, prepend, delete and flush
 * (ip/iproute.c: iproute_modify(), iproute_list_flush_or_save(),
 * print_route()); `ip route get` is in cmd_route_get.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ip_util.h"
#include "core/route_words.h"
#include "core/rt_names.h"
#include "proto/inet.h"

/* print_rt_flags() */
static void route_print_flags(nsp_cmd_ctx *c, unsigned flags) {
  if (flags & NSP_RTNH_F_DEAD) nsp_out(c, "dead ");
  if (flags & NSP_RTNH_F_ONLINK) nsp_out(c, "onlink ");
  if (flags & NSP_RTNH_F_LINKDOWN) nsp_out(c, "linkdown ");
}

/* print_rta_multipath(): a line per path, "\tnexthop via A dev D weight W" */
static void route_print_paths(nsp_cmd_ctx *c, const nsp_route *r) {
  char a[16], b[NSP_IFNAMSIZ];
  for (unsigned i = 0; i < r->npaths; i++) {
    const nsp_nh_path *p = &r->paths[i];
    nsp_out(c, "\n\tnexthop ");
    if (p->gw) nsp_out(c, "via %s ", ipv4_addr_ntop(p->gw, a));
    nsp_out(c, "dev %s ", nsp_ifname_by_index(c, p->oif, b));
    nsp_out(c, "weight %d ", p->weight);
    route_print_flags(c, p->flags);
  }
}

/* print_route() for a dumped route: type unless unicast, prefix or
 * "default", nhid, via, dev, table unless main or a table was asked for,
 * proto unless boot, scope unless universe, src, metric, the nexthop
 * flags, then the paths of a multipath route; every field ends with a
 * blank, hence the trailing blank of each line. */
static void route_print(nsp_cmd_ctx *c, const nsp_route *r, bool show_dev, uint32_t filter_tb) {
  char a[16], b[NSP_IFNAMSIZ], t[16];
  if (r->type != NSP_RTN_UNICAST) nsp_out(c, "%s ", nsp_rt_type_n2a(r->type, t, sizeof t));
  if (r->plen == 0 && r->dst == 0)
    nsp_out(c, "default ");
  else if (r->plen == 32)
    nsp_out(c, "%s ", ipv4_addr_ntop(r->dst, a));
  else
    nsp_out(c, "%s/%u ", ipv4_addr_ntop(r->dst, a), r->plen);
  if (r->nhid) nsp_out(c, "nhid %u ", r->nhid);
  if (r->gw) nsp_out(c, "via %s ", ipv4_addr_ntop(r->gw, a));
  if (r->oif && show_dev) nsp_out(c, "dev %s ", nsp_ifname_by_index(c, r->oif, b));
  if (r->table && r->table != NSP_RT_TABLE_MAIN && !filter_tb)
    nsp_out(c, "table %s ", nsp_rt_table_n2a(r->table, t, sizeof t));
  if (r->protocol != NSP_RTPROT_BOOT) nsp_out(c, "proto %s ", nsp_rt_proto_n2a(r->protocol, t, sizeof t));
  if (r->scope != NSP_SCOPE_UNIVERSE) nsp_out(c, "scope %s ", nsp_rt_scope_n2a(r->scope, t, sizeof t));
  if (r->prefsrc) nsp_out(c, "src %s ", ipv4_addr_ntop(r->prefsrc, a));
  if (r->metric) nsp_out(c, "metric %u ", r->metric);
  route_print_flags(c, r->nh_flags);
  route_print_paths(c, r);
  nsp_out(c, "\n");
}

/* The filters of `ip route show|flush` nspath reads (iproute_list_flush_or_save()). */
typedef struct {
  uint32_t tb;   /* 0: every table */
  int oif;
  bool cloned;   /* `cache`, `table cache`, `cached`, `cloned`: the route cache */
} route_filter;

/* The other words of iproute_list_flush_or_save(), in its order and with
 * its matching (some abbreviate, some not); a word none of them takes is
 * `to [root|match|exact] PREFIX`. */
static bool route_filter_keyword(const char *w) {
  static const char *const abbrev[] = {"vrf", "dsfield", "protocol", "scope", "type",
                                       "metric", "priority", "realms", "from"};
  static const char *const exact[] = {"tos", "iif", "mark", "preference", "via", "src"};
  for (size_t i = 0; i < G_N_ELEMENTS(abbrev); i++)
    if (nsp_matches(w, abbrev[i])) return true;
  for (size_t i = 0; i < G_N_ELEMENTS(exact); i++)
    if (!strcmp(w, exact[i])) return true;
  return false;
}

/* A filter nspath does not model -- but a bad prefix gets get_prefix()'s
 * words first, before the device is looked up (found by tests/difffuzz:
 * `ip route show dev 192.0.2.7 x`). */
static nsp_line_result route_filter_other(nsp_cmd_ctx *c, int argc, char **argv) {
  const char *w = argv[0];
  if (!route_filter_keyword(w)) {
    if (nsp_matches(w, "to") && argc > 1) w = (--argc, *++argv);
    if (!nsp_matches(w, "root") && !nsp_matches(w, "match")) {
      if (nsp_matches(w, "exact") && argc > 1) w = argv[1];
      uint32_t a;
      int plen;
      if (!nsp_ip_prefix_parse(w, &a, &plen)) {
        c->status = nsp_ip_prefix_expected(c, w, c->inet_only);
        return NSP_LINE_OK;
      }
    }
  }
  return nsp_unsupported(c, "ip route show filter \"%s\" is not modelled", argv[0]);
}

/* Returns false when the line is done (an error printed or unsupported). */
static bool route_filter_parse(nsp_cmd_ctx *c, int argc, char **argv, route_filter *f,
                               nsp_line_result *lr) {
  f->tb = NSP_RT_TABLE_MAIN;
  f->oif = 0;
  f->cloned = false;
  const char *dev = NULL;
  for (; argc > 0; argc--, argv++) {
    if (nsp_matches(argv[0], "table")) {
      if (argc < 2) return c->status = nsp_ip_incomplete(c), false;
      argc--, argv++;
      if (!strcmp(argv[0], "all")) {
        f->tb = 0;
      } else if (!strcmp(argv[0], "cache")) { /* only when no table has the name */
        f->cloned = true;
      } else if (!nsp_rt_table_a2n(argv[0], &f->tb)) {
        c->status = nsp_ip_invarg(c, "table id value is invalid\n", argv[0]);
        return false;
      }
    } else if (!strcmp(argv[0], "dev") || !strcmp(argv[0], "oif")) {
      if (argc < 2) return c->status = nsp_ip_incomplete(c), false;
      argc--, argv++;
      dev = argv[0];
    } else if (nsp_matches(argv[0], "cached") || nsp_matches(argv[0], "cloned")) {
      f->cloned = true;
    } else {
      *lr = route_filter_other(c, argc, argv);
      return false;
    }
  }
  /* iproute_list_flush_or_save(): the device after every word */
  if (dev && !(f->oif = nsp_ifindex_by_name(c, dev))) {
    c->status = nsp_ip_nodev(c, dev);
    return false;
  }
  return true;
}

/* A failed dump: rtnl_dump_filter() prints the kernel's message and
 * "Dump terminated" */
static nsp_route *route_dump(nsp_cmd_ctx *c, uint32_t table, size_t *n) {
  nsp_status st = {0};
  nsp_route *rs = c->be->ops->route_list(c->be, c->ns, table, n, &st);
  if (rs || !st.err) return rs;
  /* save_route_errhndlr(): a main table not made yet lists as empty */
  if (table == NSP_RT_TABLE_MAIN && st.err == ENOENT) return NULL;
  nsp_rtnl_error(c, &st);
  nsp_out(c, "Dump terminated\n");
  c->status = 2;
  return NULL;
}

static nsp_line_result route_show(nsp_cmd_ctx *c, int argc, char **argv) {
  route_filter f;
  nsp_line_result lr = NSP_LINE_OK;
  if (!route_filter_parse(c, argc, argv, &f, &lr)) return lr;
  if (f.cloned) return nsp_cmd_ip_route_cache_show(c, f.oif);
  size_t n;
  nsp_route *rs = route_dump(c, f.tb, &n);
  for (size_t i = 0; rs && i < n; i++)
    if (!f.oif || rs[i].oif == f.oif) route_print(c, &rs[i], f.oif == 0, f.tb);
  g_free(rs);
  return NSP_LINE_OK;
}

/* iproute_flush(): every route the filter shows is deleted as dumped,
 * silently (the counts are printed only with -s). */
static nsp_line_result route_flush(nsp_cmd_ctx *c, int argc, char **argv) {
  if (argc == 0) {
    nsp_out(c, "\"ip route flush\" requires arguments.\n");
    c->status = 1;
    return NSP_LINE_OK;
  }
  route_filter f;
  nsp_line_result lr = NSP_LINE_OK;
  if (!route_filter_parse(c, argc, argv, &f, &lr)) return lr;
  if (f.cloned) return nsp_cmd_ip_route_cache_flush(c);
  size_t n;
  nsp_route *rs = route_dump(c, f.tb, &n);
  for (size_t i = 0; rs && i < n; i++) {
    if (f.oif && rs[i].oif != f.oif) continue;
    nsp_route_req rq = {.r = rs[i], .has_metric = rs[i].metric != 0, .has_scope = true,
                        .has_type = true, .has_protocol = true};
    rq.r.nh_flags = 0;
    nsp_status st = {0};
    c->be->ops->route_del(c->be, c->ns, &rq, &st); /* a route gone meanwhile is no error */
  }
  g_free(rs);
  return NSP_LINE_OK;
}

static bool route_u32_parse(const char *s, uint32_t *v) {
  char *end;
  if (!*s || *s == '-') return false;
  unsigned long long x = strtoull(s, &end, 0);
  if (*end || x > UINT32_MAX) return false;
  *v = (uint32_t)x;
  return true;
}

typedef struct {
  nsp_route_req rq;
  const char *dev;
  bool have_dst, table_ok, scope_ok, type_ok, gw_ok;
  bool nhs_ok;         /* "nexthop": the rest of the line is the paths */
  GArray *paths;       /* nsp_nh_path, parse_nexthops() */
  /* rtm_family is AF_INET: fixed by -4, an address or a prefix other than
   * default/any/all (iproute_modify(): get_addr() then names "inet" rather
   * than "any valid"; the differential fuzzer found "default" left it unset) */
  bool inet;
  bool gw_empty; /* `via` sent an RTA_GATEWAY without an address */
} route_args;

/* A keyword with a value of `ip route add/del`; false when the line is
 * done (error printed or unsupported). */
static bool route_arg_value(nsp_cmd_ctx *c, const char *k, const char *val, route_args *a,
                            nsp_line_result *lr) {
  nsp_route *r = &a->rq.r;
  if (!strcmp(k, "via")) {
    /* get_addr(): "default" is 0.0.0.0 once the family is known -- the
     * kernel takes a zero gateway for none --, and while it is not, like
     * "any" and "all" always, an RTA_GATEWAY of no bytes, which the
     * kernel's policy refuses (found by tests/difffuzz) */
    nsp_inet_prefix p;
    a->gw_ok = true;
    if (!nsp_ip_get_addr(val, a->inet, &p)) return c->status = nsp_ip_addr_expected(c, val, a->inet), false;
    r->gw = p.addr;
    a->gw_empty = p.bytelen == 0;
    a->inet = p.inet;
  } else if (!strcmp(k, "src")) {
    if (!nsp_ip_addr_parse(val, &r->prefsrc)) return c->status = nsp_ip_addr_expected(c, val, a->inet), false;
    a->inet = true;
  } else if (!strcmp(k, "dev") || !strcmp(k, "oif")) {
    a->dev = val;
  } else if (nsp_matches(k, "table")) {
    if (!nsp_rt_table_a2n(val, &r->table)) return c->status = nsp_ip_invarg(c, "\"table\" value is invalid\n", val), false;
    a->table_ok = true;
  } else if (nsp_matches(k, "metric") || nsp_matches(k, "priority") || !strcmp(k, "preference")) {
    if (!route_u32_parse(val, &r->metric)) return c->status = nsp_ip_invarg(c, "\"metric\" value is invalid\n", val), false;
    a->rq.has_metric = true;
  } else if (!strcmp(k, "nhid")) {
    if (!nsp_get_unsigned(val, 0, &r->nhid)) return c->status = nsp_ip_invarg(c, "\"id\" value is invalid\n", val), false;
  } else if (!strcmp(k, "scope")) {
    if (!nsp_rt_scope_a2n(val, &r->scope)) return c->status = nsp_ip_invarg(c, "invalid \"scope\" value\n", val), false;
    a->scope_ok = a->rq.has_scope = true;
  } else if (nsp_matches(k, "protocol")) {
    if (!nsp_rt_proto_a2n(val, &r->protocol)) return c->status = nsp_ip_invarg(c, "\"protocol\" value is invalid\n", val), false;
    a->rq.has_protocol = true;
  } else {
    *lr = nsp_unsupported(c, "ip route %s is not modelled", k);
    return false;
  }
  return true;
}

static bool route_is_value_key(const char *k) {
  /* tos, mtu, hoplimit, advmss, rtt, expires: core/route_words.c */
  static const char *const exact[] = {"via", "src", "dev", "oif", "preference", "scope", "nhid", "from"};
  for (size_t i = 0; i < G_N_ELEMENTS(exact); i++)
    if (!strcmp(k, exact[i])) return true;
  return nsp_matches(k, "table") || nsp_matches(k, "metric") || nsp_matches(k, "priority") ||
         nsp_matches(k, "protocol");
}

/* One word of `ip route add/del`: a keyword and its value, or the
 * destination with its optional type before it. */
static bool route_arg(nsp_cmd_ctx *c, int *argc, char ***argv, route_args *a, nsp_line_result *lr) {
  const char *k = (*argv)[0];
  if (!strcmp(k, "via") && a->gw_ok) /* checked before its value is read */
    return c->status = nsp_ip_invarg(c, "use nexthop syntax to specify multiple via\n", k), false;
  if (route_is_value_key(k)) {
    if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
    *argc -= 1, *argv += 1;
    /* read_family(): `via inet ADDR`; the other families are not IPv4 */
    if (!strcmp(k, "via") && !strcmp((*argv)[0], "inet")) {
      if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
      *argc -= 1, *argv += 1;
      a->inet = true;
    } else if (!strcmp(k, "via") && (!strcmp((*argv)[0], "inet6") || !strcmp((*argv)[0], "link") ||
                                     !strcmp((*argv)[0], "ipx") || !strcmp((*argv)[0], "mpls") ||
                                     !strcmp((*argv)[0], "bridge"))) {
      return *lr = nsp_unsupported(c, "ip route via %s is not modelled (a gateway of another family)", (*argv)[0]), false;
    }
    return route_arg_value(c, k, (*argv)[0], a, lr);
  }
  if (!strcmp(k, "onlink")) {
    a->rq.r.nh_flags |= NSP_RTNH_F_ONLINK;
    return true;
  }
  if (!strcmp(k, "nexthop")) {
    a->nhs_ok = true;
    return true;
  }
  if (!strcmp(k, "encap")) return *lr = nsp_unsupported(c, "ip route %s is not modelled", k), false;
  if (nsp_route_other_word(c, argc, argv, lr)) return false;
  if (!strcmp(k, "to")) {
    if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
    *argc -= 1, *argv += 1;
    k = (*argv)[0];
  }
  uint8_t type;
  if ((k[0] < '0' || k[0] > '9') && nsp_rt_type_a2n(k, &type)) {
    if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
    *argc -= 1, *argv += 1;
    k = (*argv)[0];
    a->rq.r.type = type;
    a->type_ok = a->rq.has_type = true;
  }
  if (nsp_matches(k, "help")) return c->status = nsp_route_usage(c), false;
  if (a->have_dst) return c->status = nsp_ip_duparg2(c, "to", k), false;
  int plen;
  if (!nsp_ip_prefix_parse(k, &a->rq.r.dst, &plen)) return c->status = nsp_ip_prefix_expected(c, k, c->inet_only), false;
  a->rq.r.plen = (uint8_t)(plen < 0 ? 32 : plen);
  a->have_dst = true;
  if (strcmp(k, "default") && strcmp(k, "any") && strcmp(k, "all")) a->inet = true;
  return true;
}

/* parse_one_nh(): the words of one path after "nexthop"; false when the
 * line is done.  A word it does not know ends the path. */
static bool route_nexthop_one(nsp_cmd_ctx *c, int *argc, char ***argv, route_args *a,
                              nsp_nh_path *p, nsp_line_result *lr) {
  p->weight = 1;
  while ((*argv)++, --*argc > 0) {
    const char *k = (*argv)[0];
    if (!strcmp(k, "via") || !strcmp(k, "dev") || !strcmp(k, "weight")) {
      if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
      (*argv)++, (*argc)--;
    }
    const char *v = (*argv)[0];
    if (!strcmp(k, "via")) {
      uint32_t gw;
      if (!nsp_ip_addr_parse(v, &gw)) return c->status = nsp_ip_addr_expected(c, v, a->inet), false;
      if (!p->gw) p->gw = gw; /* a second RTA_GATEWAY: the kernel reads the first */
      a->inet = true;
    } else if (!strcmp(k, "dev")) {
      if (!(p->oif = nsp_ifindex_by_name(c, v))) {
        nsp_ip_nodev(c, v);
        nsp_out(c, "Error: cannot parse nexthop\n");
        c->exited = true;
        return c->status = 255, false;
      }
    } else if (!strcmp(k, "weight")) {
      uint32_t w;
      if (!nsp_get_unsigned(v, 0, &w) || w == 0 || w > 256)
        return c->status = nsp_ip_invarg(c, "\"weight\" is invalid\n", v), false;
      p->weight = (uint16_t)w;
    } else if (!strcmp(k, "onlink")) {
      p->flags |= NSP_RTNH_F_ONLINK;
    } else if (nsp_matches(k, "realms") || !strcmp(k, "encap") || !strcmp(k, "as")) {
      return *lr = nsp_unsupported(c, "ip route nexthop %s is not modelled", k), false;
    } else {
      break;
    }
  }
  return true;
}

/* parse_nexthops(): "nexthop" and its words, again and again to the end */
static bool route_nexthops_parse(nsp_cmd_ctx *c, int argc, char **argv, route_args *a,
                                 GArray *paths, nsp_line_result *lr) {
  while (argc > 0) {
    if (strcmp(argv[0], "nexthop")) {
      nsp_out(c, "Error: \"nexthop\" or end of line is expected instead of \"%s\"\n", argv[0]);
      c->exited = true;
      return c->status = 255, false;
    }
    if (argc <= 1) {
      nsp_out(c, "Error: unexpected end of line after \"nexthop\"\n");
      c->exited = true;
      return c->status = 255, false;
    }
    nsp_nh_path p = {0};
    if (!route_nexthop_one(c, &argc, &argv, a, &p, lr)) return false;
    g_array_append_val(paths, p);
  }
  return true;
}

/* iproute_modify()'s defaults once the words are read: local, broadcast,
 * nat and anycast routes go to the local table; the scope follows the
 * type (host for local, link for broadcast and for a unicast route
 * without a gateway). */
static void route_defaults(route_args *a, bool add) {
  nsp_route *r = &a->rq.r;
  if (!a->table_ok && (r->type == NSP_RTN_LOCAL || r->type == NSP_RTN_BROADCAST ||
                       r->type == NSP_RTN_NAT || r->type == NSP_RTN_ANYCAST))
    r->table = NSP_RT_TABLE_LOCAL;
  if (a->scope_ok) return;
  a->rq.has_scope = true;
  if (r->type == NSP_RTN_LOCAL || r->type == NSP_RTN_NAT)
    r->scope = NSP_SCOPE_HOST;
  else if (r->type == NSP_RTN_BROADCAST || r->type == NSP_RTN_MULTICAST || r->type == NSP_RTN_ANYCAST)
    r->scope = NSP_SCOPE_LINK;
  else if (r->type == NSP_RTN_UNICAST || r->type == NSP_RTN_UNSPEC)
    r->scope = !add ? NSP_SCOPE_NOWHERE
               : (!a->gw_ok && !a->nhs_ok && !r->nhid ? NSP_SCOPE_LINK : NSP_SCOPE_UNIVERSE);
}

static nsp_line_result route_modify(nsp_cmd_ctx *c, int argc, char **argv, bool add, unsigned nlflags) {
  route_args a = {.inet = c->inet_only};
  nsp_line_result lr = NSP_LINE_OK;
  a.rq.r.table = NSP_RT_TABLE_MAIN;
  a.rq.nlflags = nlflags;
  if (add) {
    /* iproute_modify(): proto boot, scope universe, type unicast */
    a.rq.r.protocol = NSP_RTPROT_BOOT, a.rq.r.type = NSP_RTN_UNICAST;
    a.rq.has_protocol = a.rq.has_type = true;
  } else {
    a.rq.r.scope = NSP_SCOPE_NOWHERE;
  }
  for (; argc > 0 && !a.nhs_ok; argc--, argv++)
    if (!route_arg(c, &argc, &argv, &a, &lr)) return lr;
  /* iproute_modify(): "if (!dst_ok) usage();" (tests/routediff) */
  if (!a.have_dst) {
    c->status = nsp_route_usage(c);
    return NSP_LINE_OK;
  }
  if (a.dev && !(a.rq.r.oif = nsp_ifindex_by_name(c, a.dev))) {
    c->status = nsp_ip_nodev(c, a.dev);
    return NSP_LINE_OK;
  }
  g_autoptr(GArray) paths = g_array_new(FALSE, TRUE, sizeof(nsp_nh_path));
  if (a.nhs_ok && !route_nexthops_parse(c, argc + 1, argv - 1, &a, paths, &lr)) return lr;
  a.rq.r.npaths = (uint16_t)paths->len;
  a.rq.r.paths = (const nsp_nh_path *)paths->data;
  route_defaults(&a, add);
  nsp_status st = {0};
  /* the policy check comes first in the kernel; said here for both backends */
  if (a.gw_empty) nsp_status_set(&st, ERANGE, "Attribute failed policy validation");
  bool ok = !st.err && (add ? c->be->ops->route_add(c->be, c->ns, &a.rq, &st)
                            : c->be->ops->route_del(c->be, c->ns, &a.rq, &st));
  if (!ok) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_ip_route(nsp_cmd_ctx *c, int argc, char **argv) {
  argc--, argv++;
  if (argc < 1) return route_show(c, 0, NULL);
  const char *cmd = argv[0];
  argc--, argv++;
  /* do_iproute(): the order of its tests decides the abbreviations */
  if (nsp_matches(cmd, "add")) return route_modify(c, argc, argv, true, NSP_NLM_F_CREATE | NSP_NLM_F_EXCL);
  if (nsp_matches(cmd, "change") || !strcmp(cmd, "chg"))
    return route_modify(c, argc, argv, true, NSP_NLM_F_REPLACE);
  if (nsp_matches(cmd, "replace")) return route_modify(c, argc, argv, true, NSP_NLM_F_CREATE | NSP_NLM_F_REPLACE);
  if (nsp_matches(cmd, "prepend")) return route_modify(c, argc, argv, true, NSP_NLM_F_CREATE);
  if (nsp_matches(cmd, "append")) return route_modify(c, argc, argv, true, NSP_NLM_F_CREATE | NSP_NLM_F_APPEND);
  if (nsp_matches(cmd, "test")) return nsp_unsupported(c, "ip route %s is not modelled", cmd);
  if (nsp_matches(cmd, "delete")) return route_modify(c, argc, argv, false, 0);
  if (nsp_matches(cmd, "list") || nsp_matches(cmd, "show") || nsp_matches(cmd, "lst"))
    return route_show(c, argc, argv);
  if (nsp_matches(cmd, "get")) return nsp_cmd_ip_route_get(c, argc, argv);
  if (nsp_matches(cmd, "flush")) return route_flush(c, argc, argv);
  if (nsp_matches(cmd, "save") || nsp_matches(cmd, "restore") || nsp_matches(cmd, "showdump") ||
      nsp_matches(cmd, "help"))
    return nsp_unsupported(c, "ip route %s is not modelled", cmd);
  c->status = nsp_ip_unknown_cmd(c, cmd, "route");
  return NSP_LINE_OK;
}
