/* Route netlink for routes, neighbours and namespace ids (see real/nl.h;
 * errors as the top of real/nl.c explains). */
#include "real/nl.h"

#include <errno.h>
#include <glib.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/route/route.h>
#include <string.h>
#include <sys/socket.h>

#include "proto/inet.h"
#include "real/nl_priv.h"

/* ---- routes ------------------------------------------------------------- */

static struct rtnl_route *route_new(const nsp_route_req *rq) {
  const nsp_route *r = &rq->r;
  struct rtnl_route *rt = real_nl_need(rtnl_route_alloc());
  rtnl_route_set_family(rt, AF_INET);
  rtnl_route_set_table(rt, r->table);
  rtnl_route_set_type(rt, r->type);
  rtnl_route_set_protocol(rt, r->protocol);
  rtnl_route_set_scope(rt, r->scope); /* sent as given, RT_SCOPE_NOWHERE too (libnl >= 3.3) */
  /* an empty address: no RTA_DST, as iproute2 sends `default` */
  struct nl_addr *dst = r->plen ? real_nl_ip4(r->dst, r->plen) : real_nl_need(nl_addr_build(AF_INET, NULL, 0));
  rtnl_route_set_dst(rt, dst);
  nl_addr_put(dst);
  if (r->prefsrc) {
    struct nl_addr *src = real_nl_ip4(r->prefsrc, 32);
    rtnl_route_set_pref_src(rt, src);
    nl_addr_put(src);
  }
  if (rq->has_metric) rtnl_route_set_priority(rt, r->metric);
  if (r->gw || r->oif) {
    struct rtnl_nexthop *nh = real_nl_need(rtnl_route_nh_alloc());
    if (r->oif) rtnl_route_nh_set_ifindex(nh, r->oif);
    if (r->gw) {
      struct nl_addr *gw = real_nl_ip4(r->gw, 32);
      rtnl_route_nh_set_gateway(nh, gw);
      nl_addr_put(gw);
    }
    rtnl_route_add_nexthop(rt, nh); /* the route owns it */
  }
  return rt;
}

static bool route_modify(struct nl_sock *sk, const nsp_route_req *rq, bool add, nsp_status *st) {
  struct rtnl_route *rt = route_new(rq);
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  int err = add ? rtnl_route_add(sk, rt, NLM_F_EXCL) : rtnl_route_delete(sk, rt, 0);
  rtnl_route_put(rt);
  return real_nl_ack_done(sk, &a, err, st);
}

bool real_nl_route_add(struct nl_sock *sk, const nsp_route_req *rq, nsp_status *st) {
  return route_modify(sk, rq, true, st);
}

bool real_nl_route_del(struct nl_sock *sk, const nsp_route_req *rq, nsp_status *st) {
  return route_modify(sk, rq, false, st);
}

static void route_fill(nsp_route *o, struct rtnl_route *r) {
  struct nl_addr *dst = rtnl_route_get_dst(r);
  *o = (nsp_route){.table = (uint8_t)rtnl_route_get_table(r),
                   .type = rtnl_route_get_type(r),
                   .protocol = rtnl_route_get_protocol(r),
                   .scope = rtnl_route_get_scope(r),
                   .dst = real_nl_ip4_get(dst),
                   .plen = (uint8_t)(dst ? nl_addr_get_prefixlen(dst) : 0),
                   .prefsrc = real_nl_ip4_get(rtnl_route_get_pref_src(r)),
                   .metric = rtnl_route_get_priority(r),
                   .nh_flags = rtnl_route_get_flags(r) & 0xff};
  if (rtnl_route_get_nnexthops(r) > 0) {
    struct rtnl_nexthop *nh = rtnl_route_nexthop_n(r, 0);
    o->gw = real_nl_ip4_get(rtnl_route_nh_get_gateway(nh));
    o->oif = rtnl_route_nh_get_ifindex(nh);
    o->nh_flags |= rtnl_route_nh_get_flags(nh) & 0xff;
  }
}

typedef struct {
  GArray *routes;
  uint8_t table;
} route_dump;

/* Each RTM_NEWROUTE of the dump, parsed by libnl but kept out of a cache:
 * a cache merges routes that differ only in their nexthop (two links in one
 * subnet), as its key is family, tos, table, dst and priority. */
static int route_dump_one(struct nl_msg *msg, void *arg) {
  route_dump *d = arg;
  struct rtnl_route *r = NULL;
  if (rtnl_route_parse(nlmsg_hdr(msg), &r) < 0) return NL_SKIP;
  if (rtnl_route_get_family(r) == AF_INET && rtnl_route_get_table(r) == d->table) {
    nsp_route o;
    route_fill(&o, r);
    g_array_append_val(d->routes, o);
  }
  rtnl_route_put(r);
  return NL_OK;
}

nsp_route *real_nl_route_list(struct nl_sock *sk, uint8_t table, size_t *n) {
  route_dump d = {.routes = g_array_new(FALSE, TRUE, sizeof(nsp_route)), .table = table};
  struct rtmsg rtm = {.rtm_family = AF_INET};
  int err;
  *n = 0;
  for (int tries = 0; tries < 5; tries++) { /* a dump interrupted by a change is redone */
    g_array_set_size(d.routes, 0);
    struct nl_msg *m = real_nl_msg_new(RTM_GETROUTE, NLM_F_DUMP, &rtm, sizeof rtm);
    err = real_nl_request(sk, m, true, route_dump_one, &d);
    if (err != -NLE_DUMP_INTR) break;
  }
  if (err < 0) {
    g_array_free(d.routes, TRUE);
    return NULL;
  }
  *n = d.routes->len;
  return (nsp_route *)g_array_free(d.routes, FALSE);
}

static int route_get_reply(struct nl_msg *msg, void *arg) {
  nsp_route_get *out = arg;
  struct rtnl_route *r = NULL;
  if (rtnl_route_parse(nlmsg_hdr(msg), &r) < 0) return NL_SKIP;
  nsp_route o;
  route_fill(&o, r);
  struct nl_addr *prefsrc = rtnl_route_get_pref_src(r);
  out->type = o.type;
  out->gw = o.gw;
  out->oif = o.oif;
  out->has_src = prefsrc != NULL;
  out->src = o.prefsrc;
  rtnl_route_put(r);
  return NL_OK;
}

/* iproute2's iproute_get(): RTA_DST/32, RTA_SRC/32 with `from`, RTA_OIF with
 * `oif`, RTM_F_LOOKUP_TABLE. */
bool real_nl_route_get(struct nl_sock *sk, uint32_t dst, uint32_t src, int oif,
                       nsp_route_get *out, nsp_status *st) {
  struct rtmsg rtm = {.rtm_family = AF_INET, .rtm_dst_len = 32, .rtm_src_len = src ? 32 : 0,
                      .rtm_flags = RTM_F_LOOKUP_TABLE};
  struct nl_msg *m = real_nl_msg_new(RTM_GETROUTE, 0, &rtm, sizeof rtm);
  if (src) real_nla_put_ip4(m, RTA_SRC, src);
  real_nla_put_ip4(m, RTA_DST, dst);
  if (oif) nla_put_u32(m, RTA_OIF, (uint32_t)oif);
  *out = (nsp_route_get){.dst = dst, .from = src};
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  int err = real_nl_request(sk, m, false, route_get_reply, out);
  return real_nl_ack_done(sk, &a, err, st);
}

/* ---- namespace ids -------------------------------------------------------- */

static int nsid_reply(struct nl_msg *msg, void *arg) {
  struct nlattr *tb[NETNSA_MAX + 1];
  if (nlmsg_parse(nlmsg_hdr(msg), sizeof(struct rtgenmsg), tb, NETNSA_MAX, NULL) == 0 &&
      tb[NETNSA_NSID] && nla_len(tb[NETNSA_NSID]) >= (int)sizeof(int32_t))
    *(int *)arg = nla_get_s32(tb[NETNSA_NSID]);
  return NL_OK;
}

/* iproute2's get_netnsid_from_name() */
int real_nl_nsid(struct nl_sock *sk, int nsfd) {
  struct rtgenmsg g = {.rtgen_family = AF_UNSPEC};
  struct nl_msg *m = real_nl_msg_new(RTM_GETNSID, 0, &g, sizeof g);
  nla_put_u32(m, NETNSA_FD, (uint32_t)nsfd);
  int id = -1;
  return real_nl_request(sk, m, false, nsid_reply, &id) < 0 ? -1 : id;
}
