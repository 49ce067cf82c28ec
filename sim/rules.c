/* Policy routing rules of a namespace (sim/route.h): the list of
 * net/core/fib_rules.c with IPv4's match and action (net/ipv4/fib_rules.c).
 * Verified against the kernel by tests/routing_diff (random rule sets and
 * tables, `ip route get` answered by both). */
#include <errno.h>
#include <string.h>

#include "proto/inet.h"
#include "sim/sim.h"

#define RULE_TOS_MASK 0x1e /* IPTOS_TOS_MASK */

static void rule_default_add(GArray *rules, uint32_t pref, uint32_t table) {
  sim_rule d = {.r = {.action = NSP_FR_ACT_TO_TBL, .table = table, .has_pref = true, .pref = pref,
                      .protocol = NSP_RTPROT_KERNEL, .suppress_prefixlen = -1}};
  g_array_append_val(rules, d);
}

/* The list, made when first read or changed: until then a namespace has
 * fib_default_rules_init()'s three -- 0 local, 32766 main, 32767 default
 * -- which no lookup reads while it has no custom rules
 * (sim_fib_lookup_flow() asks local, main and default directly, as
 * include/net/ip_fib.h fib_lookup() does while fib_has_custom_rules is
 * false).  Half a kilobyte a namespace that most never look at. */
static GArray *rules_of(sim_netns *ns) {
  if (!ns->rules) {
    ns->rules = g_array_sized_new(FALSE, TRUE, sizeof(sim_rule), 4);
    rule_default_add(ns->rules, 0, NSP_RT_TABLE_LOCAL);
    rule_default_add(ns->rules, 0x7ffe, NSP_RT_TABLE_MAIN);
    rule_default_add(ns->rules, 0x7fff, NSP_RT_TABLE_DEFAULT);
  }
  return ns->rules;
}

static sim_rule *rule_at(sim_netns *ns, guint i) { return &g_array_index(rules_of(ns), sim_rule, i); }

void sim_rules_init(sim_netns *ns) { ns->rules = NULL; }

void sim_rules_free(sim_netns *ns) {
  if (ns->rules) g_array_free(ns->rules, TRUE);
  ns->rules = NULL;
}

/* fib_default_rule_pref(): one below the second rule's, when that is not 0 */
static uint32_t rule_default_pref(sim_netns *ns) {
  if (rules_of(ns)->len >= 2 && rule_at(ns, 1)->r.pref) return rule_at(ns, 1)->r.pref - 1;
  return 0;
}

static bool rule_fail(nsp_status *st, int err, const char *msg) {
  nsp_status_set(st, err, msg);
  return false;
}

/* fib_nl2rule() and fib4_rule_configure(): the request as the kernel keeps it. */
static bool rule_from_request(sim_netns *ns, const nsp_rule *q, sim_rule *out, nsp_status *st) {
  memset(out, 0, sizeof *out);
  nsp_rule *r = &out->r;
  *r = *q;
  if (q->src_len > 32 || (q->src_len && !q->has_src)) return rule_fail(st, EINVAL, "Invalid source address");
  if (q->dst_len > 32 || (q->dst_len && !q->has_dst)) return rule_fail(st, EINVAL, "Invalid dst address");
  r->has_pref = true;
  r->pref = q->has_pref ? q->pref : rule_default_pref(ns);
  /* "if the mark value is non-zero all bits are compared unless a mask is
   * explicitly specified" */
  out->mark_mask = q->has_mark && q->mark ? 0xffffffffu : 0;
  if (q->has_mask) out->mark_mask = q->mask;
  if (!q->has_suppress_prefixlen) r->suppress_prefixlen = -1;
  r->has_suppress_prefixlen = true;
  if (q->has_goto) {
    if (q->action != NSP_FR_ACT_GOTO) return rule_fail(st, EINVAL, "Unexpected goto");
    if (q->goto_target <= r->pref) return rule_fail(st, EINVAL, "Backward goto not supported");
  } else if (q->action == NSP_FR_ACT_GOTO) {
    return rule_fail(st, EINVAL, "Missing goto target for action goto");
  }
  if (!q->src_len) r->has_src = false, r->src = 0;
  if (!q->dst_len) r->has_dst = false, r->dst = 0;
  return true;
}

/* fib4_rule_compare(): the address parts only where the request has them */
static bool rule_compare4(const nsp_rule *r, const nsp_rule *q) {
  if (q->src_len && r->src_len != q->src_len) return false;
  if (q->dst_len && r->dst_len != q->dst_len) return false;
  if (q->tos && r->tos != q->tos) return false;
  if (q->src_len && r->src != q->src) return false;
  if (q->dst_len && r->dst != q->dst) return false;
  return true;
}

/* rule_exists(): an NLM_F_EXCL add finds an equal rule (src, dst and tos
 * compared only when the new rule has them, the invert flag not at all) */
static bool rule_exists(sim_netns *ns, const sim_rule *n) {
  for (guint i = 0; i < rules_of(ns)->len; i++) {
    const sim_rule *o = rule_at(ns, i);
    if (o->r.action != n->r.action || o->r.table != n->r.table || o->r.pref != n->r.pref) continue;
    if (strcmp(o->r.iif, n->r.iif) || strcmp(o->r.oif, n->r.oif)) continue;
    if (o->r.mark != n->r.mark || o->mark_mask != n->mark_mask) continue;
    if (o->r.suppress_prefixlen != n->r.suppress_prefixlen) continue;
    if (o->r.protocol != n->r.protocol) continue;
    if (rule_compare4(&o->r, &n->r)) return true;
  }
  return false;
}

bool sim_rules_add(sim_netns *ns, const nsp_rule *q, nsp_status *st) {
  sim_rule n;
  if (!rule_from_request(ns, q, &n, st)) return false;
  if (rule_exists(ns, &n)) return rule_fail(st, EEXIST, NULL);
  /* fib4_rule_configure() */
  if (n.r.tos & 3) return rule_fail(st, EINVAL, "Invalid dsfield (tos): ECN bits must be 0");
  if (n.r.tos & ~RULE_TOS_MASK) return rule_fail(st, EINVAL, "Invalid tos");
  if (n.r.table == NSP_RT_TABLE_UNSPEC && n.r.action == NSP_FR_ACT_TO_TBL) {
    n.r.table = sim_table_empty_id(ns);
    if (!n.r.table) return rule_fail(st, ENOBUFS, NULL);
    sim_table_new(ns, n.r.table);
  }
  ns->custom_rules = true;
  guint at = 0;
  while (at < rules_of(ns)->len && rule_at(ns, at)->r.pref <= n.r.pref) at++;
  g_array_insert_val(rules_of(ns), at, n);
  return true;
}

/* rule_find(): the first rule equal in everything the request gives */
static bool rule_matches_request(const sim_rule *o, const sim_rule *q, bool user_pref) {
  if (q->r.action && o->r.action != q->r.action) return false;
  if (q->r.table && o->r.table != q->r.table) return false;
  if (user_pref && o->r.pref != q->r.pref) return false;
  if (q->r.iif[0] && strcmp(o->r.iif, q->r.iif)) return false;
  if (q->r.oif[0] && strcmp(o->r.oif, q->r.oif)) return false;
  if (q->r.mark && o->r.mark != q->r.mark) return false;
  if (q->r.suppress_prefixlen != -1 && o->r.suppress_prefixlen != q->r.suppress_prefixlen) return false;
  if (q->mark_mask && o->mark_mask != q->mark_mask) return false;
  if (q->r.protocol && o->r.protocol != q->r.protocol) return false;
  return rule_compare4(&o->r, &q->r);
}

bool sim_rules_del(sim_netns *ns, const nsp_rule *q, nsp_status *st) {
  sim_rule n;
  if (!rule_from_request(ns, q, &n, st)) return false;
  for (guint i = 0; i < rules_of(ns)->len; i++) {
    if (!rule_matches_request(rule_at(ns, i), &n, q->has_pref)) continue;
    g_array_remove_index(rules_of(ns), i);
    ns->custom_rules = true; /* fib4_rule_delete() */
    return true;
  }
  return rule_fail(st, ENOENT, NULL);
}

/* The device a rule names, by name: the kernel keeps its index up to date
 * as devices come and go (fib_rules_event()); -1 while it is absent. */
static int rule_dev_index(sim_netns *ns, const char *name) {
  if (!name[0]) return 0;
  sim_iface *d = sim_netns_iface_by_name(ns, name);
  return d ? d->ifindex : -1;
}

static int rule_goto_index(sim_netns *ns, uint32_t target) {
  for (guint i = 0; i < rules_of(ns)->len; i++)
    if (rule_at(ns, i)->r.pref == target) return (int)i;
  return -1;
}

nsp_rule *sim_rules_list(sim_netns *ns, size_t *n) {
  nsp_rule *out = g_new0(nsp_rule, rules_of(ns)->len + 1);
  for (guint i = 0; i < rules_of(ns)->len; i++) {
    const sim_rule *s = rule_at(ns, i);
    nsp_rule *r = &out[i];
    *r = s->r;
    /* fib_nl_fill_rule(): FRA_PRIORITY when not 0, FRA_FWMARK when set,
     * FRA_FWMASK with either */
    r->has_pref = r->pref != 0;
    r->has_mark = r->mark != 0;
    r->has_mask = r->mark || s->mark_mask;
    r->mask = s->mark_mask;
    r->flags &= (uint8_t)~(NSP_FIB_RULE_IIF_DETACHED | NSP_FIB_RULE_OIF_DETACHED | NSP_FIB_RULE_UNRESOLVED);
    if (rule_dev_index(ns, r->iif) < 0) r->flags |= NSP_FIB_RULE_IIF_DETACHED;
    if (rule_dev_index(ns, r->oif) < 0) r->flags |= NSP_FIB_RULE_OIF_DETACHED;
    if (r->action == NSP_FR_ACT_GOTO && rule_goto_index(ns, r->goto_target) < 0)
      r->flags |= NSP_FIB_RULE_UNRESOLVED;
  }
  *n = rules_of(ns)->len;
  return out;
}

/* fib_rule_match() with fib4_rule_match() */
static bool rule_match(sim_netns *ns, const sim_rule *s, const sim_flow *fl) {
  const nsp_rule *r = &s->r;
  bool ok = false;
  int iif = rule_dev_index(ns, r->iif), oif = rule_dev_index(ns, r->oif);
  if (iif && iif != fl->iif) goto out;
  if (oif && oif != fl->oif) goto out;
  if ((r->mark ^ fl->mark) & s->mark_mask) goto out;
  if ((fl->saddr ^ r->src) & ipv4_prefix_mask(r->src_len)) goto out;
  if ((fl->daddr ^ r->dst) & ipv4_prefix_mask(r->dst_len)) goto out;
  if (r->tos && (r->tos >> 2) != (fl->tos >> 2)) goto out; /* dscp */
  ok = true;
out:
  return (r->flags & NSP_FIB_RULE_INVERT) ? !ok : ok;
}

/* fib4_rule_action() */
static int rule_action(sim_netns *ns, const nsp_rule *r, const sim_flow *fl, sim_fib_res *res) {
  switch (r->action) {
  case NSP_FR_ACT_TO_TBL: return sim_table_lookup(ns, r->table, fl, res);
  case NSP_FR_ACT_UNREACHABLE: return -ENETUNREACH;
  case NSP_FR_ACT_PROHIBIT: return -EACCES;
  default: return -EINVAL; /* blackhole */
  }
}

int sim_rules_lookup(sim_netns *ns, const sim_flow *fl, sim_fib_res *res) {
  for (guint i = 0; i < rules_of(ns)->len; i++) {
    const sim_rule *s = rule_at(ns, i);
    if (!rule_match(ns, s, fl)) continue;
    if (s->r.action == NSP_FR_ACT_GOTO) {
      /* a jump lands on the first rule of the target preference and goes
       * on from there; backward jumps were refused when the rule was made */
      int t = rule_goto_index(ns, s->r.goto_target);
      if (t >= 0) i = (guint)t - 1;
      continue;
    }
    if (s->r.action == NSP_FR_ACT_NOP) continue;
    res->rule = &s->r;
    int err = rule_action(ns, &s->r, fl, res);
    /* fib4_rule_suppress(): a result of this prefix length or shorter is
     * passed over */
    if (!err && (int)res->rt->plen <= s->r.suppress_prefixlen) continue;
    if (err != -EAGAIN) return err;
  }
  return -ENETUNREACH; /* -ESRCH, as __fib_lookup() reports it */
}
