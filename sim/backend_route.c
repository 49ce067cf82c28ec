/* Routes and rules of the simulation backend: RTM_NEWROUTE, RTM_DELROUTE,
 * the route dump and RTM_GETROUTE (net/ipv4/fib_frontend.c,
 * fib_semantics.c fib_create_info(), fib_trie.c fib_table_insert(),
 * route.c inet_rtm_getroute()), RTM_NEWRULE/DELRULE (sim/rules.c). */
#include <errno.h>
#include <string.h>

#include "proto/inet.h"
#include "sim/backend_priv.h"

static bool route_fail(nsp_status *st, int err, const char *msg) {
  nsp_status_set(st, err, msg);
  return false;
}

/* fib_check_nh_v4_gw(): the gateway is looked up in the route's own table
 * (other than main), then through fib_lookup(), among routes of scope link
 * or host on the given device; it must be a unicast or local route's. */
static int route_gw_lookup(sim_netns *ns, const nsp_route *r, sim_fib_res *res) {
  sim_flow fl = {.daddr = r->gw, .oif = r->oif, .iif = 1, .scope = NSP_SCOPE_LINK};
  uint32_t table = r->table ? r->table : NSP_RT_TABLE_MAIN;
  int err = -EAGAIN;
  memset(res, 0, sizeof *res);
  if (table != NSP_RT_TABLE_MAIN && sim_table_get(ns, table))
    err = sim_table_lookup(ns, table, &fl, res);
  if (err) err = sim_fib_lookup_flow(ns, &fl, res);
  return err;
}

static bool route_check_gw(sim_netns *ns, nsp_route *r, nsp_status *st) {
  sim_fib_res res;
  if (route_gw_lookup(ns, r, &res)) return route_fail(st, ENETUNREACH, "Nexthop has invalid gateway");
  const sim_route *best = res.rt;
  if (best->type != NSP_RTN_UNICAST && best->type != NSP_RTN_LOCAL)
    return route_fail(st, EINVAL, "Nexthop has invalid gateway");
  r->oif = best->oif;
  /* nh scope = the covering route's; a host-scope (local) gateway is not
   * used as such (rt_set_nexthop()) */
  if (best->type == NSP_RTN_LOCAL) r->nh_flags |= NSP_RTNH_F_GW_HOST;
  sim_iface *dev = sim_netns_iface_by_index(ns, r->oif);
  if (!dev || !dev->up) return route_fail(st, ENETDOWN, "Nexthop device is not up");
  if (!sim_iface_carrier(dev)) r->nh_flags |= NSP_RTNH_F_LINKDOWN;
  return true;
}

static bool route_check_dev(sim_netns *ns, nsp_route *r, nsp_status *st) {
  sim_iface *dev = sim_netns_iface_by_index(ns, r->oif);
  if (!dev) return route_fail(st, ENODEV, NULL);
  if (!dev->up) return route_fail(st, ENETDOWN, "Nexthop device is not up");
  if (!sim_iface_carrier(dev)) r->nh_flags |= NSP_RTNH_F_LINKDOWN;
  return true;
}

/* fib_props[type].scope: the widest scope a route of the type may have */
static uint8_t route_type_scope(uint8_t type) {
  switch (type) {
  case NSP_RTN_LOCAL: return NSP_SCOPE_HOST;
  case NSP_RTN_BROADCAST: case NSP_RTN_ANYCAST: return NSP_SCOPE_LINK;
  case NSP_RTN_UNSPEC: case NSP_RTN_NAT: return NSP_SCOPE_NOWHERE;
  default: return NSP_SCOPE_UNIVERSE;
  }
}

/* fib_valid_prefsrc(): a local route may name its own address; any other
 * src must be local in the route's table or the local table */
static bool route_prefsrc_valid(sim_netns *ns, const nsp_route *r) {
  if (r->type == NSP_RTN_LOCAL && r->dst && r->prefsrc == r->dst) return true;
  return sim_netns_addr_is_local(ns, r->prefsrc);
}

/* fib_create_info(): the checks, in the kernel's order. */
static bool route_create_info(sim_netns *ns, nsp_route *r, nsp_status *st) {
  if (r->type >= NSP_RTN_MAX) return route_fail(st, EINVAL, NULL);
  if (route_type_scope(r->type) > r->scope) return route_fail(st, EINVAL, "Invalid scope");
  if (sim_route_type_error(r->type)) {
    if (r->gw || r->oif)
      return route_fail(st, EINVAL,
                        "Gateway, device and multipath can not be specified for this route type");
    return true;
  }
  if (r->type > NSP_RTN_MULTICAST) return route_fail(st, EINVAL, "Invalid route type");
  if (r->scope > NSP_SCOPE_HOST) return route_fail(st, EINVAL, "Invalid scope");
  if (r->scope == NSP_SCOPE_HOST) {
    if (r->gw) return route_fail(st, EINVAL, "Route with host scope can not have a gateway");
    if (!sim_netns_iface_by_index(ns, r->oif)) return route_fail(st, ENODEV, NULL);
  } else if (r->gw ? !route_check_gw(ns, r, st) : !route_check_dev(ns, r, st)) {
    return false;
  }
  if (r->prefsrc && !route_prefsrc_valid(ns, r)) return route_fail(st, EINVAL, "Invalid prefsrc address");
  return true;
}

bool sim_be_route_add(nsp_backend *b, const char *nsname, const nsp_route_req *rq,
                      nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  nsp_route r = rq->r;
  if (!r.table) r.table = NSP_RT_TABLE_MAIN;
  /* inet_rtm_newroute(): the table is made before anything is checked */
  sim_fib *t = sim_table_new(ns, r.table);
  if (r.plen > 32 || (r.plen < 32 && (r.dst & ~ipv4_prefix_mask(r.plen))))
    return route_fail(st, EINVAL, "Invalid prefix for given prefix length");
  if (!route_create_info(ns, &r, st)) return false;
  unsigned flags = rq->nlflags ? rq->nlflags : NSP_NLM_F_CREATE | NSP_NLM_F_EXCL;
  int err = sim_fib_insert_nl(t, &r, flags);
  if (err) return route_fail(st, -err, NULL);
  if (r.type == NSP_RTN_LOCAL) ns->custom_local_routes = true;
  return true;
}

bool sim_be_route_del(nsp_backend *b, const char *nsname, const nsp_route_req *rq,
                      nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  sim_fib *t = sim_table_get(ns, rq->r.table ? rq->r.table : NSP_RT_TABLE_MAIN);
  if (!t) return route_fail(st, ESRCH, "FIB table does not exist");
  if (!sim_fib_delete(t, rq)) return route_fail(st, ESRCH, NULL);
  return true;
}

static void route_list_table(sim_netns *ns, uint32_t id, GArray *out) {
  const sim_fib *t = sim_table_get(ns, id);
  sim_fib_iter it;
  const sim_route *r;
  if (!t) return;
  sim_fib_iter_init(t, &it);
  while ((r = sim_fib_iter_next(t, &it))) {
    nsp_route x = *r;
    x.table = id;
    x.nh_flags &= ~(unsigned)NSP_RTNH_F_GW_HOST;
    g_array_append_val(out, x);
  }
}

nsp_route *sim_be_route_list(nsp_backend *b, const char *nsname, uint32_t table, size_t *n,
                             nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  *n = 0;
  /* a dump of one table that was never made (fib_get_table() fails) */
  if (table && !sim_table_get(ns, table)) {
    route_fail(st, ENOENT, "ipv4: FIB table does not exist");
    return NULL;
  }
  GArray *out = g_array_new(TRUE, TRUE, sizeof(nsp_route)); /* never NULL, even empty */
  if (table) {
    route_list_table(ns, table, out);
  } else {
    size_t nt;
    uint32_t *ids = sim_table_ids(ns, &nt);
    for (size_t i = 0; i < nt; i++) route_list_table(ns, ids[i], out);
    g_free(ids);
  }
  *n = out->len;
  return (nsp_route *)g_array_free(out, FALSE);
}

/* inet_rtm_getroute() and rt_fill_info() for an output route */
static bool route_get_output(sim_netns *ns, const nsp_route_get_req *q, nsp_route_get *out,
                             nsp_status *st) {
  sim_flow fl = {.daddr = q->dst, .saddr = q->src, .oif = q->oif, .mark = q->mark, .tos = q->tos};
  sim_rt_result res;
  int err = sim_ip_route_output_flow(ns, &fl, &res);
  if (err) return route_fail(st, -err, NULL);
  out->type = res.type;
  out->table = res.table ? res.table : NSP_RT_TABLE_MAIN;
  out->oif = res.dev ? res.dev->ifindex : 0;
  out->gw = res.gateway ? res.nexthop : 0;
  /* RTA_PREFSRC only when the source was chosen, not asked for */
  out->has_prefsrc = res.src != q->src;
  out->prefsrc = res.src;
  out->flags = res.flags;
  return true;
}

/* ... and for an input route: the packet as if it came in on iif */
static bool route_get_input(sim_netns *ns, const nsp_route_get_req *q, nsp_route_get *out,
                            nsp_status *st) {
  sim_iface *in = sim_netns_iface_by_index(ns, q->iif);
  if (!in) return route_fail(st, ENODEV, NULL);
  sim_flow fl = {.daddr = q->dst, .saddr = q->src, .mark = q->mark, .tos = q->tos};
  sim_rt_result res;
  int err = sim_ip_route_input(in, &fl, &res);
  if (err) return route_fail(st, -err, NULL);
  out->type = res.type;
  out->table = res.table;
  out->oif = res.dev ? res.dev->ifindex : 0;
  out->gw = res.gateway ? res.nexthop : 0;
  out->iif = q->iif;
  out->flags = res.flags;
  return true;
}

bool sim_be_route_get(nsp_backend *b, const char *nsname, const nsp_route_get_req *q,
                      nsp_route_get *out, nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  memset(out, 0, sizeof *out);
  out->dst = q->dst;
  out->has_src = q->src != 0;
  out->src = q->src;
  /* rtm_tos is the route's own (rt_fill_info(res.dscp)): none here */
  out->mark = q->mark;
  bool ok = q->iif ? route_get_input(ns, q, out, st) : route_get_output(ns, q, out, st);
  /* the uid is the caller's (root) unless one was asked for; input routes
   * carry none (sock_net_uid(net, NULL) is the namespace's root) */
  if (ok && !q->iif) {
    out->has_uid = true;
    out->uid = q->has_uid ? q->uid : 0;
  }
  return ok;
}

bool sim_be_rule_add(nsp_backend *b, const char *nsname, const nsp_rule *r, nsp_status *st) {
  return sim_rules_add(sim_be_ns(b, nsname), r, st);
}

bool sim_be_rule_del(nsp_backend *b, const char *nsname, const nsp_rule *r, nsp_status *st) {
  return sim_rules_del(sim_be_ns(b, nsname), r, st);
}

nsp_rule *sim_be_rule_list(nsp_backend *b, const char *nsname, size_t *n) {
  return sim_rules_list(sim_be_ns(b, nsname), n);
}
