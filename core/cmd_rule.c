/* `ip rule` list, add, delete and flush (ip/iprule.c: iprule_modify(),
 * iprule_list_flush_or_save(), print_rule(), filter_nlmsg()). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ip_util.h"
#include "core/route_words.h"
#include "core/rt_names.h"
#include "proto/inet.h"

static void rule_prefix_print(nsp_cmd_ctx *c, bool has, uint32_t a, uint8_t len) {
  char b[16];
  if (has) {
    nsp_out(c, "%s", ipv4_addr_ntop(a, b));
    if (len != 32) nsp_out(c, "/%u", len);
  } else {
    nsp_out(c, "0/%u", len);
  }
}

/* print_rule() */
static void rule_print(nsp_cmd_ctx *c, const nsp_rule *r) {
  char t[16];
  nsp_out(c, "%u:\t", r->has_pref ? r->pref : 0);
  if (r->flags & NSP_FIB_RULE_INVERT) nsp_out(c, "not ");
  if (r->has_src || r->src_len) {
    nsp_out(c, "from ");
    rule_prefix_print(c, r->has_src, r->src, r->src_len);
  } else {
    nsp_out(c, "from all");
  }
  if (r->has_dst || r->dst_len) {
    nsp_out(c, " to ");
    rule_prefix_print(c, r->has_dst, r->dst, r->dst_len);
  }
  if (r->tos) nsp_out(c, " tos %s", nsp_rt_dsfield_n2a(r->tos, t, sizeof t));
  if (r->has_mark || r->has_mask) {
    uint32_t mask = r->has_mask ? r->mask : 0;
    /* printf's %#x: "0" for zero, "0x10" otherwise */
    if (r->mark) nsp_out(c, " fwmark %#x", r->mark);
    else nsp_out(c, " fwmark 0");
    if (r->has_mask && mask != 0xffffffffu) nsp_out(c, mask ? "/%#x" : "/0", mask);
  }
  if (r->iif[0]) nsp_out(c, " iif %s%s", r->iif, r->flags & NSP_FIB_RULE_IIF_DETACHED ? " [detached]" : "");
  if (r->oif[0]) nsp_out(c, " oif %s%s", r->oif, r->flags & NSP_FIB_RULE_OIF_DETACHED ? " [detached]" : "");
  if (r->table) {
    nsp_out(c, " lookup %s", nsp_rt_table_n2a(r->table, t, sizeof t));
    if (r->has_suppress_prefixlen && r->suppress_prefixlen != -1)
      nsp_out(c, " suppress_prefixlength %d", r->suppress_prefixlen);
  }
  if (r->action == NSP_FR_ACT_GOTO) {
    if (r->has_goto) nsp_out(c, " goto %u", r->goto_target);
    else nsp_out(c, " goto none");
    if (r->flags & NSP_FIB_RULE_UNRESOLVED) nsp_out(c, " [unresolved]");
  } else if (r->action == NSP_FR_ACT_NOP) {
    nsp_out(c, " nop");
  } else if (r->action != NSP_FR_ACT_TO_TBL) {
    nsp_out(c, " %s", nsp_rt_type_n2a(r->action, t, sizeof t));
  }
  if (r->protocol && r->protocol != NSP_RTPROT_KERNEL)
    nsp_out(c, " proto %s", nsp_rt_proto_n2a(r->protocol, t, sizeof t));
  nsp_out(c, "\n");
}

static bool rule_u32(const char *s, uint32_t *v) {
  char *end;
  if (!*s || *s == '-') return false;
  unsigned long long x = strtoull(s, &end, 0);
  if (*end || x > UINT32_MAX) return false;
  *v = (uint32_t)x;
  return true;
}

static bool rule_prefix(nsp_cmd_ctx *c, const char *s, bool *has, uint32_t *a, uint8_t *len) {
  int plen;
  if (!nsp_ip_prefix_parse(s, a, &plen)) {
    c->status = nsp_ip_prefix_expected(c, s, c->inet_only);
    return false;
  }
  *len = (uint8_t)(plen < 0 ? 32 : plen);
  *has = true;
  return true;
}

/* fwmark MARK[/MASK] */
static bool rule_fwmark(nsp_cmd_ctx *c, const char *v, nsp_rule *r) {
  char *copy = g_strdup(v), *slash = strchr(copy, '/');
  bool ok = true;
  if (slash) *slash = '\0';
  if (!rule_u32(copy, &r->mark)) {
    c->status = nsp_ip_invarg(c, "fwmark value is invalid\n", copy);
    ok = false;
  } else if (slash && !rule_u32(slash + 1, &r->mask)) {
    c->status = nsp_ip_invarg(c, "fwmask value is invalid\n", slash + 1);
    ok = false;
  }
  r->has_mark = true;
  r->has_mask = slash != NULL;
  g_free(copy);
  return ok;
}

/* iprule_modify()'s checks of the words the model does not keep: a bad
 * value gets its error, a good one makes the line unsupported */
static bool rule_unkept_value_ok(const char *k, const char *v) {
  unsigned a, b;
  char *end;
  if (nsp_matches(k, "realms")) return nsp_rt_realms_ok(v);
  if (nsp_matches(k, "tun_id")) { /* get_be64() */
    (void)strtoull(v, &end, 0);
    return *v && !*end;
  }
  /* sscanf("%hu-%hu") reads one number at least; "%u-%u" two */
  if (!strcmp(k, "sport") || !strcmp(k, "dport")) return sscanf(v, "%u", &a) == 1;
  if (!strcmp(k, "uidrange")) return sscanf(v, "%u-%u", &a, &b) == 2;
  return true;
}

static const char *rule_unkept_bad(const char *k) {
  if (nsp_matches(k, "realms")) return "invalid realms\n";
  if (nsp_matches(k, "tun_id")) return "\"tun_id\" value is invalid\n";
  if (!strcmp(k, "sport")) return "invalid port range\n";
  if (!strcmp(k, "dport")) return "invalid dport range\n";
  return "invalid UID range\n";
}

/* The selectors `ip rule add|del` and `ip rule show` share: false when the
 * line is done; *used false when k is none of them. */
static bool rule_selector(nsp_cmd_ctx *c, const char *k, const char *v, nsp_rule *r, bool *used) {
  *used = true;
  if (!strcmp(k, "from")) return rule_prefix(c, v, &r->has_src, &r->src, &r->src_len);
  if (!strcmp(k, "to")) return rule_prefix(c, v, &r->has_dst, &r->dst, &r->dst_len);
  if (nsp_matches(k, "preference") || nsp_matches(k, "order") || nsp_matches(k, "priority")) {
    if (!rule_u32(v, &r->pref)) return c->status = nsp_ip_invarg(c, "preference value is invalid\n", v), false;
    r->has_pref = true;
    return true;
  }
  if (!strcmp(k, "tos") || nsp_matches(k, "dsfield")) {
    if (!nsp_rt_dsfield_a2n(v, &r->tos)) return c->status = nsp_ip_invarg(c, "TOS value is invalid\n", v), false;
    return true;
  }
  if (!strcmp(k, "fwmark")) return rule_fwmark(c, v, r);
  /* iprule_modify() tries realms, protocol and tun_id before table: "t"
   * is tun_id (found by tests/routediff) */
  if (nsp_matches(k, "realms") || nsp_matches(k, "protocol") || nsp_matches(k, "tun_id")) {
    *used = false;
    return true;
  }
  if (nsp_matches(k, "table") || !strcmp(k, "lookup")) {
    if (!nsp_rt_table_a2n(v, &r->table)) return c->status = nsp_ip_invarg(c, "invalid table ID\n", v), false;
    return true;
  }
  if (!strcmp(k, "dev") || !strcmp(k, "iif")) {
    if (!nsp_ifname_valid(v)) return c->status = nsp_ip_invarg(c, "\"iif\"/\"dev\" not a valid ifname", v), false;
    g_strlcpy(r->iif, v, sizeof r->iif);
    return true;
  }
  if (!strcmp(k, "oif")) {
    if (!nsp_ifname_valid(v)) return c->status = nsp_ip_invarg(c, "\"oif\" not a valid ifname", v), false;
    g_strlcpy(r->oif, v, sizeof r->oif);
    return true;
  }
  *used = false;
  return true;
}

static bool rule_needs_value(const char *k) {
  return !strcmp(k, "from") || !strcmp(k, "to") || nsp_matches(k, "preference") ||
         nsp_matches(k, "order") || nsp_matches(k, "priority") || !strcmp(k, "tos") ||
         nsp_matches(k, "dsfield") || !strcmp(k, "fwmark") || nsp_matches(k, "table") ||
         !strcmp(k, "lookup") || !strcmp(k, "dev") || !strcmp(k, "iif") || !strcmp(k, "oif") ||
         nsp_matches(k, "suppress_prefixlength") || !strcmp(k, "sup_pl") ||
         nsp_matches(k, "protocol") || nsp_matches(k, "realms") || nsp_matches(k, "tun_id") ||
         nsp_matches(k, "suppress_ifgroup") || !strcmp(k, "sup_group") ||
         !strcmp(k, "uidrange") || !strcmp(k, "nat") || nsp_matches(k, "map-to") ||
         !strcmp(k, "ipproto") || !strcmp(k, "sport") || !strcmp(k, "dport");
}

/* The action words: goto N, nop, or a route type (rtnl_rtntype_a2n()). */
static bool rule_action(nsp_cmd_ctx *c, int *argc, char ***argv, nsp_rule *r) {
  const char *k = (*argv)[0];
  if (!strcmp(k, "type")) {
    if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
    *argc -= 1, *argv += 1;
    k = (*argv)[0];
  }
  if (nsp_matches(k, "goto")) {
    if (*argc < 2) return c->status = nsp_ip_incomplete(c), false;
    *argc -= 1, *argv += 1;
    if (!rule_u32((*argv)[0], &r->goto_target))
      return c->status = nsp_ip_invarg(c, "invalid target\n", (*argv)[0]), false;
    r->has_goto = true;
    r->action = NSP_FR_ACT_GOTO;
  } else if (nsp_matches(k, "nop")) {
    r->action = NSP_FR_ACT_NOP;
  } else if (!nsp_rt_type_a2n(k, &r->action)) {
    return c->status = nsp_ip_invarg(c, "Failed to parse rule type", k), false;
  }
  return true;
}

static nsp_line_result rule_modify(nsp_cmd_ctx *c, int argc, char **argv, bool add) {
  nsp_rule r = {0};
  bool table_ok = false;
  if (argc == 0) {
    nsp_out(c, "\"ip rule %s\" requires arguments.\n", add ? "add" : "del");
    c->status = 1;
    return NSP_LINE_OK;
  }
  if (add) r.action = NSP_FR_ACT_TO_TBL;
  for (; argc > 0; argc--, argv++) {
    const char *k = argv[0];
    bool used;
    if (!strcmp(k, "not")) {
      r.flags |= NSP_FIB_RULE_INVERT;
      continue;
    }
    if (rule_needs_value(k)) {
      if (argc < 2) return c->status = nsp_ip_incomplete(c), NSP_LINE_OK;
      argc--, argv++;
      if (!rule_selector(c, k, argv[0], &r, &used)) return NSP_LINE_OK;
      if (used) {
        table_ok |= nsp_matches(k, "table") || !strcmp(k, "lookup");
        continue;
      }
      if (nsp_matches(k, "suppress_prefixlength") || !strcmp(k, "sup_pl")) {
        char *end;
        long pl = strtol(argv[0], &end, 0);
        if (!*argv[0] || *end || pl < 0 || pl > INT32_MAX)
          return c->status = nsp_ip_invarg(c, "suppress_prefixlength value is invalid\n", argv[0]), NSP_LINE_OK;
        r.has_suppress_prefixlen = true;
        r.suppress_prefixlen = (int32_t)pl;
      } else if (nsp_matches(k, "protocol")) {
        if (!nsp_rt_proto_a2n(argv[0], &r.protocol))
          return c->status = nsp_ip_invarg(c, "\"protocol\" value is invalid\n", argv[0]), NSP_LINE_OK;
      } else if (!rule_unkept_value_ok(k, argv[0])) {
        return c->status = nsp_ip_invarg(c, rule_unkept_bad(k), argv[0]), NSP_LINE_OK;
      } else {
        return nsp_unsupported(c, "ip rule %s is not modelled", k);
      }
      continue;
    }
    if (!strcmp(k, "l3mdev")) return nsp_unsupported(c, "ip rule l3mdev is not modelled");
    if (nsp_matches(k, "help")) return nsp_unsupported(c, "ip rule help prints its usage");
    if (!rule_action(c, &argc, &argv, &r)) return NSP_LINE_OK;
    table_ok = true;
  }
  if (!table_ok && add) r.table = NSP_RT_TABLE_MAIN;
  nsp_status st = {0};
  bool ok = add ? c->be->ops->rule_add(c->be, c->ns, &r, &st) : c->be->ops->rule_del(c->be, c->ns, &r, &st);
  if (!ok) {
    nsp_rtnl_error(c, &st);
    c->status = 2;
  }
  return NSP_LINE_OK;
}

/* filter_nlmsg(): the selectors given to `ip rule show|flush` */
static bool rule_filter_match(const nsp_rule *f, bool not, const nsp_rule *r) {
  if (f->has_pref && f->pref != (r->has_pref ? r->pref : 0)) return false;
  if (not && !(r->flags & NSP_FIB_RULE_INVERT)) return false;
  if (f->has_src && (f->src_len > r->src_len || ((f->src ^ r->src) & ipv4_prefix_mask(f->src_len))))
    return false;
  if (f->has_dst && (f->dst_len > r->dst_len || ((f->dst ^ r->dst) & ipv4_prefix_mask(f->dst_len))))
    return false;
  if (f->tos && f->tos != r->tos) return false;
  if (f->iif[0] && strcmp(f->iif, r->iif)) return false;
  if (f->oif[0] && strcmp(f->oif, r->oif)) return false;
  if (f->has_mark && (f->mark != r->mark || (f->has_mask && f->mask != r->mask))) return false;
  if (f->table && f->table != r->table) return false;
  return true;
}

static nsp_line_result rule_list(nsp_cmd_ctx *c, int argc, char **argv, bool flush) {
  nsp_rule f = {0};
  bool not = false;
  for (; argc > 0; argc--, argv++) {
    bool used = false;
    if (!strcmp(argv[0], "not")) {
      not = true;
      continue;
    }
    if (!rule_needs_value(argv[0])) return nsp_unsupported(c, "ip rule show filter \"%s\" is not modelled", argv[0]);
    if (argc < 2) return c->status = nsp_ip_incomplete(c), NSP_LINE_OK;
    argc--, argv++;
    if ((nsp_matches(argv[-1], "table") || !strcmp(argv[-1], "lookup")) && !strcmp(argv[0], "all"))
      continue;
    if (!rule_selector(c, argv[-1], argv[0], &f, &used)) return NSP_LINE_OK;
    if (!used) return nsp_unsupported(c, "ip rule show filter \"%s\" is not modelled", argv[-1]);
  }
  size_t n;
  nsp_rule *rs = c->be->ops->rule_list(c->be, c->ns, &n);
  for (size_t i = 0; rs && i < n; i++) {
    if (!rule_filter_match(&f, not, &rs[i])) continue;
    if (!flush) {
      rule_print(c, &rs[i]);
    } else if (rs[i].has_pref) { /* flush_rule(): the rules with a priority */
      nsp_status st = {0};
      if (!c->be->ops->rule_del(c->be, c->ns, &rs[i], &st)) {
        nsp_rtnl_error(c, &st);
        c->status = 2;
        break;
      }
    }
  }
  g_free(rs);
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_ip_rule(nsp_cmd_ctx *c, int argc, char **argv) {
  argc--, argv++;
  if (argc < 1) return rule_list(c, 0, NULL, false);
  const char *cmd = argv[0];
  argc--, argv++;
  if (nsp_matches(cmd, "list") || nsp_matches(cmd, "lst") || nsp_matches(cmd, "show"))
    return rule_list(c, argc, argv, false);
  if (nsp_matches(cmd, "save") || nsp_matches(cmd, "restore")) return nsp_unsupported(c, "ip rule %s is not modelled", cmd);
  if (nsp_matches(cmd, "add")) return rule_modify(c, argc, argv, true);
  if (nsp_matches(cmd, "delete")) return rule_modify(c, argc, argv, false);
  if (nsp_matches(cmd, "flush")) return rule_list(c, argc, argv, true);
  if (nsp_matches(cmd, "help")) return nsp_unsupported(c, "ip rule help prints its usage");
  nsp_out(c, "Command \"%s\" is unknown, try \"ip rule help\".\n", cmd);
  c->status = 255;
  c->exited = true;
  return NSP_LINE_OK;
}
