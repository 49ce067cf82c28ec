/* `ip nexthop` list, show, get, add, replace, delete and flush
 * (ip/ipnexthop.c: do_ipnh(), ipnh_modify(), ipnh_list_flush(),
 * __print_nexthop_entry()). */
#include <stdlib.h>
#include <string.h>

#include "core/ip_util.h"
#include "core/rt_names.h"
#include "proto/inet.h"

/* __print_nexthop_entry(): id, group (",weight" when not 1), via, dev,
 * scope unless universe, blackhole, proto unless unspec, the flags */
static void nh_print(nsp_cmd_ctx *c, const nsp_nexthop *nh) {
  char a[16], b[NSP_IFNAMSIZ], t[16];
  nsp_out(c, "id %u ", nh->id);
  if (nh->ngroup) {
    nsp_out(c, "group ");
    for (unsigned i = 0; i < nh->ngroup; i++) {
      nsp_out(c, "%s%u", i ? "/" : "", nh->group[i].id);
      if (nh->group[i].weight > 1) nsp_out(c, ",%u", nh->group[i].weight);
    }
    nsp_out(c, " ");
  }
  if (nh->gw) nsp_out(c, "via %s ", ipv4_addr_ntop(nh->gw, a));
  if (nh->oif) nsp_out(c, "dev %s ", nsp_ifname_by_index(c, nh->oif, b));
  if (nh->scope != NSP_SCOPE_UNIVERSE) nsp_out(c, "scope %s ", nsp_rt_scope_n2a(nh->scope, t, sizeof t));
  if (nh->blackhole) nsp_out(c, "blackhole ");
  if (nh->protocol) nsp_out(c, "proto %s ", nsp_rt_proto_n2a(nh->protocol, t, sizeof t));
  if (nh->flags & NSP_RTNH_F_DEAD) nsp_out(c, "dead ");
  if (nh->flags & NSP_RTNH_F_ONLINK) nsp_out(c, "onlink ");
  if (nh->flags & NSP_RTNH_F_LINKDOWN) nsp_out(c, "linkdown ");
  nsp_out(c, "\n");
}

/* ipnh_parse_id(): get_unsigned() or "invalid id value" */
static bool nh_parse_id(nsp_cmd_ctx *c, const char *v, uint32_t *id) {
  if (nsp_get_unsigned(v, 0, id)) return true;
  c->status = nsp_ip_invarg(c, "invalid id value", v);
  return false;
}

/* add_nh_group_attr(): "id[,weight]/id[,weight]/..." */
static bool nh_group_parse(nsp_cmd_ctx *c, const char *v, GArray *grp) {
  g_auto(GStrv) parts = g_strsplit(v, "/", -1);
  for (int i = 0; *v && parts[i]; i++) {
    char *w = strchr(parts[i], ',');
    if (w) *w++ = '\0';
    nsp_nh_grp g = {.weight = 1};
    if (!nsp_get_unsigned(parts[i], 0, &g.id)) break;
    if (w) {
      uint32_t x;
      if (!nsp_get_unsigned(w, 0, &x) || x == 0 || x > 256) {
        c->status = nsp_ip_invarg(c, "\"weight\" is invalid\n", w);
        return false;
      }
      g.weight = (uint16_t)x;
    }
    g_array_append_val(grp, g);
    if (!parts[i + 1]) return true;
  }
  /* add_nh_group_attr() cut the word in place at its first '/' and ','
   * before failing, so invarg() names only what comes before them (found
   * by tests/difffuzz: "1e3,257" is reported as "1e3") */
  g_autofree char *cut = g_strndup(v, strcspn(v, "/,"));
  c->status = nsp_ip_invarg(c, "\"group\" value is invalid\n", cut);
  return false;
}

/* One word of ipnh_modify(); false when the line is done. */
static bool nh_arg(nsp_cmd_ctx *c, int *argc, char ***argv, nsp_nexthop *nh, GArray *grp,
                   nsp_line_result *lr) {
  const char *k = (*argv)[0];
  bool value = !strcmp(k, "id") || !strcmp(k, "dev") || !strcmp(k, "via") || !strcmp(k, "group") ||
               !strcmp(k, "type") || nsp_matches(k, "protocol");
  if (value) {
    if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
    (*argv)++, (*argc)--;
  }
  const char *v = (*argv)[0];
  if (!strcmp(k, "id")) {
    nh->has_id = true;
    return nh_parse_id(c, v, &nh->id);
  }
  if (!strcmp(k, "dev")) {
    if (!(nh->oif = nsp_ifindex_by_name(c, v)))
      return c->status = nsp_ip_invarg(c, "Device does not exist\n", v), false;
    nh->inet = true;
  } else if (!strcmp(k, "via")) {
    if (!nsp_ip_addr_parse(v, &nh->gw)) return c->status = nsp_ip_addr_expected(c, v, nh->inet), false;
    nh->inet = true;
  } else if (!strcmp(k, "blackhole")) {
    nh->blackhole = nh->inet = true;
  } else if (!strcmp(k, "onlink")) {
    nh->flags |= NSP_RTNH_F_ONLINK;
  } else if (!strcmp(k, "group")) {
    return nh_group_parse(c, v, grp);
  } else if (!strcmp(k, "type")) {
    if (strcmp(v, "mpath")) {
      if (!strcmp(v, "resilient")) return *lr = nsp_unsupported(c, "ip nexthop type resilient is not modelled"), false;
      return c->status = nsp_ip_invarg(c, "\"type\" value is invalid\n", v), false;
    }
    nh->has_group_type = true;
  } else if (nsp_matches(k, "protocol")) {
    if (!nsp_rt_proto_a2n(v, &nh->protocol))
      return c->status = nsp_ip_invarg(c, "\"protocol\" value is invalid\n", v), false;
  } else if (!strcmp(k, "encap") || !strcmp(k, "fdb") || !strcmp(k, "help")) {
    return *lr = nsp_unsupported(c, "ip nexthop %s is not modelled", k), false;
  } else {
    return c->status = nsp_ip_invarg(c, "", k), false;
  }
  return true;
}

static nsp_line_result nh_modify(nsp_cmd_ctx *c, int argc, char **argv, int op, unsigned nlflags) {
  nsp_nexthop nh = {.inet = c->inet_only};
  g_autoptr(GArray) grp = g_array_new(FALSE, TRUE, sizeof(nsp_nh_grp));
  nsp_line_result lr = NSP_LINE_OK;
  for (; argc > 0; argc--, argv++)
    if (!nh_arg(c, &argc, &argv, &nh, grp, &lr)) return lr;
  nh.ngroup = (uint16_t)grp->len;
  nh.group = (const nsp_nh_grp *)grp->data;
  nsp_status st = {0};
  bool ok = op ? c->be->ops->nexthop_add(c->be, c->ns, &nh, nlflags, &st)
               : c->be->ops->nexthop_del(c->be, c->ns, &nh, &st);
  if (!ok) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
  return NSP_LINE_OK;
}

typedef struct {
  int oif;
  bool groups;
  bool has_proto;
  uint32_t proto;
} nh_filter;

/* nh_dump_filtered(): a device filter takes single nexthops on it, a
 * groups filter only groups; the protocol is compared by iproute2 */
static bool nh_filter_match(const nh_filter *f, const nsp_nexthop *nh) {
  if (f->oif && (nh->ngroup || nh->oif != f->oif)) return false;
  if (f->groups && !nh->ngroup) return false;
  if (f->has_proto && nh->protocol != f->proto) return false;
  return true;
}

static nsp_nexthop *nh_dump(nsp_cmd_ctx *c, uint32_t id, size_t *n) {
  nsp_status st = {0};
  nsp_nexthop *nhs = c->be->ops->nexthop_list(c->be, c->ns, id, n, &st);
  if (!nhs) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
  return nhs;
}

/* ipnh_flush(): with no filter the groups go first, then the rest; each
 * one deleted counts, one gone meanwhile (with its last member) does not */
static void nh_flush(nsp_cmd_ctx *c, nh_filter *f, bool all) {
  unsigned flushed = 0;
  if (all) f->groups = true;
  for (;;) {
    size_t n;
    g_autofree nsp_nexthop *nhs = nh_dump(c, 0, &n);
    if (!nhs) return;
    for (size_t i = 0; i < n; i++) {
      if (!nh_filter_match(f, &nhs[i])) continue;
      nsp_nexthop del = {.has_id = true, .id = nhs[i].id};
      nsp_status st = {0};
      if (c->be->ops->nexthop_del(c->be, c->ns, &del, &st)) flushed++;
      else nsp_rtnl_error(c, &st);
    }
    if (!all || !f->groups) break;
    f->groups = false;
  }
  if (!flushed) nsp_out(c, "Nothing to flush\n");
  else nsp_out(c, "Flushed %u nexthops\n", flushed);
}

static nsp_line_result nh_list_flush(nsp_cmd_ctx *c, int argc, char **argv, bool flush) {
  nh_filter f = {0};
  bool all = argc == 0;
  for (; argc > 0; argc--, argv++) {
    const char *k = argv[0];
    if (nsp_matches(k, "dev")) {
      NSP_NEXT_ARG(c, argc, argv);
      if (!(f.oif = nsp_ifindex_by_name(c, argv[0]))) {
        c->status = nsp_ip_invarg(c, "Device does not exist\n", argv[0]);
        return NSP_LINE_OK;
      }
    } else if (nsp_matches(k, "groups")) {
      f.groups = true;
    } else if (!strcmp(k, "id")) {
      NSP_NEXT_ARG(c, argc, argv);
      uint32_t id;
      if (!nh_parse_id(c, argv[0], &id)) return NSP_LINE_OK;
      if (flush) {
        nsp_nexthop del = {.has_id = true, .id = id};
        nsp_status st = {0};
        if (!c->be->ops->nexthop_del(c->be, c->ns, &del, &st)) {
          nsp_rtnl_error(c, &st);
          c->status = 2;
        }
        return NSP_LINE_OK;
      }
      size_t n;
      g_autofree nsp_nexthop *nh = nh_dump(c, id, &n);
      for (size_t i = 0; nh && i < n; i++) nh_print(c, &nh[i]);
      return NSP_LINE_OK;
    } else if (nsp_matches(k, "protocol")) {
      NSP_NEXT_ARG(c, argc, argv);
      if (!nsp_get_unsigned(argv[0], 0, &f.proto)) {
        c->status = nsp_ip_invarg(c, "invalid protocol value", argv[0]);
        return NSP_LINE_OK;
      }
      f.has_proto = true;
    } else if (nsp_matches(k, "master") || nsp_matches(k, "vrf") || nsp_matches(k, "fdb") ||
               nsp_matches(k, "help")) {
      return nsp_unsupported(c, "ip nexthop list %s is not modelled", k);
    } else {
      c->status = nsp_ip_invarg(c, "", k);
      return NSP_LINE_OK;
    }
  }
  if (flush) {
    nh_flush(c, &f, all);
    return NSP_LINE_OK;
  }
  size_t n;
  g_autofree nsp_nexthop *nhs = nh_dump(c, 0, &n);
  for (size_t i = 0; nhs && i < n; i++)
    if (nh_filter_match(&f, &nhs[i])) nh_print(c, &nhs[i]);
  return NSP_LINE_OK;
}

/* ipnh_get(): "id N" and nothing else, else the usage */
static nsp_line_result nh_get(nsp_cmd_ctx *c, int argc, char **argv) {
  uint32_t id = 0;
  for (; argc > 0; argc--, argv++) {
    if (strcmp(argv[0], "id")) return nsp_unsupported(c, "ip nexthop get %s (usage)", argv[0]);
    NSP_NEXT_ARG(c, argc, argv);
    if (!nh_parse_id(c, argv[0], &id)) return NSP_LINE_OK;
  }
  if (!id) return nsp_unsupported(c, "ip nexthop get without an id (usage)");
  size_t n;
  g_autofree nsp_nexthop *nh = nh_dump(c, id, &n);
  for (size_t i = 0; nh && i < n; i++) nh_print(c, &nh[i]);
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_ip_nexthop(nsp_cmd_ctx *c, int argc, char **argv) {
  argc--, argv++;
  if (argc < 1) return nh_list_flush(c, 0, NULL, false);
  const char *cmd = argv[0];
  argc--, argv++;
  /* do_ipnh(): the order of its tests decides the abbreviations */
  if (nsp_matches(cmd, "add")) return nh_modify(c, argc, argv, 1, NSP_NLM_F_CREATE | NSP_NLM_F_EXCL);
  if (nsp_matches(cmd, "replace"))
    return nh_modify(c, argc, argv, 1, NSP_NLM_F_CREATE | NSP_NLM_F_REPLACE);
  if (nsp_matches(cmd, "delete")) return nh_modify(c, argc, argv, 0, 0);
  if (nsp_matches(cmd, "list") || nsp_matches(cmd, "show") || nsp_matches(cmd, "lst"))
    return nh_list_flush(c, argc, argv, false);
  if (nsp_matches(cmd, "get")) return nh_get(c, argc, argv);
  if (nsp_matches(cmd, "flush")) return nh_list_flush(c, argc, argv, true);
  if (nsp_matches(cmd, "bucket") || nsp_matches(cmd, "help"))
    return nsp_unsupported(c, "ip nexthop %s is not modelled", cmd);
  c->status = nsp_ip_unknown_cmd(c, cmd, "nexthop");
  return NSP_LINE_OK;
}
