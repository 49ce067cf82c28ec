/* Routes and rules of the simulation backend: RTM_NEWROUTE, RTM_DELROUTE,
 * the route dump and RTM_GETROUTE (net/ipv4/fib_frontend.c,
 * fib_semantics.c fib_create_info(), fib_trie.c fib_table_insert(),
 * route.c inet_rtm_getroute()), RTM_NEWRULE/DELRULE (sim/rules.c). */
#include <errno.h>
#include <string.h>

#include "proto/inet.h"
#include "sim/backend_priv.h"
#include "sim/mpath.h"
#include "sim/nexthop.h"

static bool route_fail(nsp_status *st, int err, const char *msg) {
  nsp_status_set(st, err, msg);
  return false;
}

/* fib_check_nh_v4_gw(): the gateway is looked up in the route's own table
 * (other than main), then through fib_lookup(), among routes of scope link
 * or host on the given device; it must be a unicast or local route's. */
static int route_gw_lookup(sim_netns *ns, uint32_t table, const nsp_nh_path *p, uint8_t scope,
                           sim_fib_res *res) {
  uint8_t want = scope + 1 < NSP_SCOPE_LINK ? NSP_SCOPE_LINK : scope + 1;
  sim_flow fl = {.daddr = p->gw, .oif = p->oif, .iif = 1, .scope = want};
  int err = -EAGAIN;
  memset(res, 0, sizeof *res);
  if (table && table != NSP_RT_TABLE_MAIN && sim_table_get(ns, table))
    err = sim_table_lookup(ns, table, &fl, res);
  if (err) err = sim_fib_lookup_flow(ns, &fl, res);
  return err;
}

/* an onlink gateway: the device must be up and the gateway a unicast
 * address there (inet_addr_type_dev_table()) */
static bool route_check_onlink(sim_netns *ns, uint8_t scope, nsp_nh_path *p, nsp_status *st) {
  if (scope >= NSP_SCOPE_LINK) return route_fail(st, EINVAL, "Nexthop has invalid scope");
  sim_iface *dev = sim_netns_iface_by_index(ns, p->oif);
  if (!dev) return route_fail(st, EINVAL, "Nexthop device required for onlink");
  if (!dev->up) return route_fail(st, ENETDOWN, "Nexthop device is not up");
  sim_fib_filter f = {0};
  const sim_route *l = sim_fib_lookup(&ns->local, p->gw, &f);
  if (l && l->type != NSP_RTN_UNICAST) return route_fail(st, EINVAL, "Nexthop has invalid gateway");
  if (!sim_iface_carrier(dev)) p->flags |= NSP_RTNH_F_LINKDOWN;
  return true;
}

static bool route_check_gw(sim_netns *ns, uint32_t table, uint8_t scope, nsp_nh_path *p,
                           nsp_status *st) {
  if (p->flags & NSP_RTNH_F_ONLINK) return route_check_onlink(ns, scope, p, st);
  sim_fib_res res;
  if (route_gw_lookup(ns, table, p, scope, &res))
    return route_fail(st, ENETUNREACH, "Nexthop has invalid gateway");
  const sim_route *best = res.rt;
  if (best->type != NSP_RTN_UNICAST && best->type != NSP_RTN_LOCAL)
    return route_fail(st, EINVAL, "Nexthop has invalid gateway");
  if (best->npaths || best->nhid) {
    /* the covering route has several paths: its first usable one */
    sim_paths ps;
    sim_route_paths(ns, best, &ps);
    for (unsigned i = 0; i < ps.n; i++)
      if (sim_mp_path_usable(ns, &ps.p[i], p->oif)) {
        p->oif = ps.p[i].oif;
        break;
      }
  } else {
    p->oif = best->oif;
  }
  /* nh scope = the covering route's; a host-scope (local) gateway is not
   * used as such (rt_set_nexthop()) */
  if (best->type == NSP_RTN_LOCAL) p->flags |= NSP_RTNH_F_GW_HOST;
  sim_iface *dev = sim_netns_iface_by_index(ns, p->oif);
  /* fib_check_nh_v4_gw(): ENETDOWN without a message (the extack's
   * "Nexthop device is not up" is onlink's) */
  if (!dev || !dev->up) return route_fail(st, ENETDOWN, NULL);
  if (!sim_iface_carrier(dev)) p->flags |= NSP_RTNH_F_LINKDOWN;
  return true;
}

static bool route_check_dev(sim_netns *ns, nsp_nh_path *p, nsp_status *st) {
  sim_iface *dev = sim_netns_iface_by_index(ns, p->oif);
  if (!dev) return route_fail(st, ENODEV, NULL);
  /* fib_check_nh_nongw()'s words (found by tests/difffuzz) */
  if (!dev->up) return route_fail(st, ENETDOWN, "Device for nexthop is not up");
  if (!sim_iface_carrier(dev)) p->flags |= NSP_RTNH_F_LINKDOWN;
  return true;
}

/* fib_check_nh(): a path's gateway or device, for a route of table and
 * scope (nexthop objects: main, universe) */
bool sim_fib_check_nh(sim_netns *ns, uint32_t table, uint8_t scope, nsp_nh_path *p,
                      nsp_status *st) {
  return p->gw ? route_check_gw(ns, table, scope, p, st) : route_check_dev(ns, p, st);
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

/* net/ipv4/fib_frontend.c __inet_dev_addr_type() without a device: is the
 * route table tb gives addr a local one (a rejecting route or none is
 * unicast)?  Until the first rule the local table is main's trie too. */
static bool route_addr_local_in(sim_netns *ns, uint32_t tb, uint32_t a) {
  if (!a || a == 0xffffffffu || (a >> 28) == 0xe) return false;
  sim_flow fl = {.daddr = a};
  sim_fib_res res;
  if (sim_table_lookup(ns, tb, &fl, &res) == 0 && res.rt->type == NSP_RTN_LOCAL) return true;
  return !ns->custom_rules && tb == NSP_RT_TABLE_LOCAL &&
         sim_table_lookup(ns, NSP_RT_TABLE_MAIN, &fl, &res) == 0 && res.rt->type == NSP_RTN_LOCAL;
}

/* net/ipv4/fib_semantics.c fib_valid_prefsrc(): a local route may name its
 * own address; any other src must be local by the route's table (main
 * asks local) or else by the local table -- a local route of the user's
 * counts as an address does (found by tests/routediff) */
static bool route_prefsrc_valid(sim_netns *ns, const nsp_route *r) {
  if (r->type == NSP_RTN_LOCAL && r->dst && r->prefsrc == r->dst) return true;
  uint32_t tb = r->table == NSP_RT_TABLE_MAIN ? NSP_RT_TABLE_LOCAL : r->table;
  if (route_addr_local_in(ns, tb, r->prefsrc)) return true;
  return tb != NSP_RT_TABLE_LOCAL && route_addr_local_in(ns, NSP_RT_TABLE_LOCAL, r->prefsrc);
}

/* rtm_to_fib_config() and the first steps of fib_create_info() for the
 * nexthops: an id excludes the rest; the paths of RTA_MULTIPATH must agree
 * with RTA_OIF and RTA_GATEWAY; one path makes an ordinary route. */
static bool route_nexthops(sim_netns *ns, nsp_route *r, nsp_status *st) {
  if (r->nhid) {
    if (r->gw || r->oif || r->npaths)
      return route_fail(st, EINVAL, "Nexthop specification and nexthop id are mutually exclusive");
    if (!sim_nh_find(ns, r->nhid)) return route_fail(st, EINVAL, "Nexthop id does not exist");
    return true;
  }
  if (!r->npaths) return true;
  if (r->oif && r->paths[0].oif != r->oif)
    return route_fail(st, EINVAL, "Nexthop device index does not match RTA_OIF");
  if (r->gw && r->paths[0].gw != r->gw)
    return route_fail(st, EINVAL, "Nexthop gateway does not match RTA_GATEWAY or RTA_VIA");
  if (r->npaths == 1) {
    r->gw = r->paths[0].gw;
    r->oif = r->paths[0].oif;
    r->nh_flags |= r->paths[0].flags;
    r->npaths = 0;
    r->paths = NULL;
  }
  return true;
}

/* fib_check_nexthop(): a route naming a nexthop object */
static bool route_check_nh_object(sim_netns *ns, nsp_route *r, nsp_status *st) {
  const sim_nh *o = sim_nh_find(ns, r->nhid);
  if (o->nh.ngroup && r->scope == NSP_SCOPE_HOST)
    return route_fail(st, EINVAL, "Route with host scope can not have multiple nexthops");
  if (o->nh.ngroup) o = sim_nh_find(ns, o->grp[0].id);
  if (r->scope == NSP_SCOPE_HOST && o && o->nh.gw)
    return route_fail(st, EINVAL, "Route with host scope can not have a gateway");
  if (o && (o->nh.flags & NSP_RTNH_F_ONLINK) && r->scope >= NSP_SCOPE_LINK)
    return route_fail(st, EINVAL, "Scope mismatch with nexthop");
  return true;
}

/* fib_create_info(): the checks, in the kernel's order; each path of a
 * multipath route is checked as a route's nexthop is. */
static bool route_create_info(sim_netns *ns, nsp_route *r, nsp_status *st) {
  if (r->type >= NSP_RTN_MAX) return route_fail(st, EINVAL, NULL);
  if (route_type_scope(r->type) > r->scope) return route_fail(st, EINVAL, "Invalid scope");
  if (!route_nexthops(ns, r, st)) return false;
  if (sim_route_type_error(r->type)) {
    if (r->gw || r->oif || r->npaths)
      return route_fail(st, EINVAL,
                        "Gateway, device and multipath can not be specified for this route type");
    return true;
  }
  if (r->type > NSP_RTN_MULTICAST) return route_fail(st, EINVAL, "Invalid route type");
  if (r->scope > NSP_SCOPE_HOST) return route_fail(st, EINVAL, "Invalid scope");
  if (r->nhid) {
    if (!route_check_nh_object(ns, r, st)) return false;
  } else if (r->scope == NSP_SCOPE_HOST) {
    if (r->npaths) return route_fail(st, EINVAL, "Route with host scope can not have multiple nexthops");
    if (r->gw) return route_fail(st, EINVAL, "Route with host scope can not have a gateway");
    if (!sim_netns_iface_by_index(ns, r->oif)) return route_fail(st, ENODEV, NULL);
  } else if (r->npaths) {
    unsigned linkdown = 0;
    for (unsigned i = 0; i < r->npaths; i++) {
      nsp_nh_path *p = (nsp_nh_path *)&r->paths[i];
      if (!sim_fib_check_nh(ns, r->table, r->scope, p, st)) return false;
      linkdown += (p->flags & NSP_RTNH_F_LINKDOWN) != 0;
    }
    if (linkdown == r->npaths) r->nh_flags |= NSP_RTNH_F_LINKDOWN;
  } else {
    nsp_nh_path p = {.gw = r->gw, .oif = r->oif, .weight = 1, .flags = r->nh_flags};
    if (!sim_fib_check_nh(ns, r->table, r->scope, &p, st)) return false;
    r->oif = p.oif;
    r->nh_flags = p.flags;
  }
  if (r->prefsrc && !route_prefsrc_valid(ns, r)) return route_fail(st, EINVAL, "Invalid prefsrc address");
  return true;
}

bool sim_be_route_add(nsp_backend *b, const char *nsname, const nsp_route_req *rq,
                      nsp_status *st) {
  sim_netns *ns = sim_be_ns(b, nsname);
  nsp_route r = rq->r;
  /* the paths are checked and marked in a copy of the request's */
  g_autofree nsp_nh_path *paths = r.npaths ? g_memdup2(r.paths, r.npaths * sizeof *paths) : NULL;
  r.paths = paths;
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
  const nsp_route *r = &rq->r;
  /* net/ipv4/fib_frontend.c rtm_to_fib_config() and inet_rtm_delroute():
   * the nexthop id is checked before the table (found by tests/routediff) */
  if (r->nhid && (r->gw || r->oif || r->npaths))
    return route_fail(st, EINVAL, "Nexthop specification and nexthop id are mutually exclusive");
  if (r->nhid && !sim_nh_find(ns, r->nhid)) return route_fail(st, EINVAL, "Nexthop id does not exist");
  sim_fib *t = sim_table_get(ns, r->table ? r->table : NSP_RT_TABLE_MAIN);
  if (!t) return route_fail(st, ESRCH, "FIB table does not exist");
  if (!sim_fib_delete(t, rq)) return route_fail(st, ESRCH, NULL);
  return true;
}

/* fib_dump_info(): a route naming a nexthop object shows the object's
 * paths (nexthop_compat_mode is 1), a blackhole object as a blackhole
 * route through lo */
static void route_list_nh(sim_netns *ns, nsp_route *x) {
  sim_paths ps;
  sim_nh_paths(ns, x->nhid, &ps);
  if (ps.blackhole) {
    x->type = NSP_RTN_BLACKHOLE;
    x->oif = 1;
  } else if (ps.n == 1) {
    x->gw = ps.p[0].gw;
    x->oif = ps.p[0].oif;
    x->nh_flags |= ps.p[0].flags;
  } else {
    x->npaths = (uint16_t)ps.n;
    x->paths = ps.p;
  }
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
    if (x.nhid) route_list_nh(ns, &x);
    g_array_append_val(out, x);
  }
}

/* the flag that marks a gateway of our own is the model's, not the kernel's */
static nsp_route *route_list_pack(GArray *rs) {
  nsp_route *out = nsp_routes_pack((nsp_route *)rs->data, rs->len);
  for (guint i = 0; i < rs->len; i++) {
    out[i].nh_flags &= ~(unsigned)NSP_RTNH_F_GW_HOST;
    for (unsigned k = 0; k < out[i].npaths; k++)
      ((nsp_nh_path *)out[i].paths)[k].flags &= ~(unsigned)NSP_RTNH_F_GW_HOST;
  }
  return out;
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
  nsp_route *packed = route_list_pack(out);
  g_array_free(out, TRUE);
  return packed;
}

/* inet_rtm_getroute_build_skb(): the packet the lookup is made for (the
 * kernel hashes it for a multipath route): an IPv4 header and a UDP
 * (the default), TCP or ICMP echo header with the request's ports */
static size_t route_get_skb(const nsp_route_get_req *q, uint8_t proto, uint8_t *pkt) {
  memset(pkt, 0, IPV4_HDR_LEN + 20);
  pkt[0] = 0x45;
  pkt[9] = proto;
  inet_put32(pkt + 12, q->src);
  inet_put32(pkt + 16, q->dst);
  uint8_t *l4 = pkt + IPV4_HDR_LEN;
  if (proto == IPV4_PROTO_ICMP) {
    l4[0] = 8; /* ICMP_ECHO */
    return IPV4_HDR_LEN + 8;
  }
  inet_put16(l4, q->sport);
  inet_put16(l4 + 2, q->dport);
  return IPV4_HDR_LEN + (proto == IPV4_PROTO_TCP ? 20 : 8);
}

/* rtm_getroute_parse_ip_proto(): TCP, UDP and ICMP only */
static bool route_get_flow(const nsp_route_get_req *q, uint8_t *pkt, sim_flow *fl,
                           nsp_status *st) {
  uint8_t proto = q->ipproto ? q->ipproto : IPV4_PROTO_UDP;
  if (proto != IPV4_PROTO_UDP && proto != IPV4_PROTO_TCP && proto != IPV4_PROTO_ICMP)
    return route_fail(st, EOPNOTSUPP, "Unsupported ip proto");
  *fl = (sim_flow){.daddr = q->dst, .saddr = q->src, .oif = q->oif, .mark = q->mark,
                   .tos = q->tos, .proto = proto, .sport = q->sport, .dport = q->dport, .pkt = pkt};
  fl->pkt_len = route_get_skb(q, proto, pkt);
  return true;
}

/* inet_rtm_getroute() and rt_fill_info() for an output route */
static bool route_get_output(sim_netns *ns, const nsp_route_get_req *q, nsp_route_get *out,
                             nsp_status *st) {
  uint8_t pkt[IPV4_HDR_LEN + 20];
  sim_flow fl;
  if (!route_get_flow(q, pkt, &fl, st)) return false;
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
  uint8_t pkt[IPV4_HDR_LEN + 20];
  sim_flow fl;
  if (!route_get_flow(q, pkt, &fl, st)) return false;
  sim_iface *in = sim_netns_iface_by_index(ns, q->iif);
  if (!in) return route_fail(st, ENODEV, NULL);
  fl.oif = 0;
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

bool sim_be_nexthop_add(nsp_backend *b, const char *nsname, const nsp_nexthop *nh,
                        unsigned nlflags, nsp_status *st) {
  return sim_nh_add(sim_be_ns(b, nsname), nh, nlflags, st);
}

bool sim_be_nexthop_del(nsp_backend *b, const char *nsname, const nsp_nexthop *nh,
                        nsp_status *st) {
  return sim_nh_del(sim_be_ns(b, nsname), nh, st);
}

nsp_nexthop *sim_be_nexthop_list(nsp_backend *b, const char *nsname, uint32_t id, size_t *n,
                                 nsp_status *st) {
  nsp_nexthop *out = sim_nh_list(sim_be_ns(b, nsname), id, n, st);
  /* GW_HOST is the model's own flag */
  for (size_t i = 0; out && i < *n; i++) out[i].flags &= ~(unsigned)NSP_RTNH_F_GW_HOST;
  return out;
}
