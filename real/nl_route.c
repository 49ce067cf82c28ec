/* Route netlink for routes, neighbours and namespace ids (see real/nl.h;
 * errors as the top of real/nl.c explains). */
#include "real/nl.h"

#include <arpa/inet.h>
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

/* RTA_MULTIPATH as parse_nexthops() builds it: a struct rtnexthop per
 * path, its RTA_GATEWAY inside. */
static void route_put_multipath(struct nl_msg *m, const nsp_route *r) {
  size_t len = 0;
  for (unsigned i = 0; i < r->npaths; i++)
    len += RTNH_ALIGN(sizeof(struct rtnexthop) + (r->paths[i].gw ? RTA_SPACE(4) : 0));
  g_autofree uint8_t *buf = g_malloc0(len ? len : 1);
  uint8_t *p = buf;
  for (unsigned i = 0; i < r->npaths; i++) {
    const nsp_nh_path *x = &r->paths[i];
    struct rtnexthop *nh = (struct rtnexthop *)p;
    nh->rtnh_len = (unsigned short)(sizeof *nh + (x->gw ? RTA_SPACE(4) : 0));
    nh->rtnh_flags = (unsigned char)x->flags;
    nh->rtnh_hops = (unsigned char)(x->weight ? x->weight - 1 : 0);
    nh->rtnh_ifindex = x->oif;
    if (x->gw) {
      struct rtattr *a = RTNH_DATA(nh);
      a->rta_type = RTA_GATEWAY;
      a->rta_len = RTA_LENGTH(4);
      inet_put32(RTA_DATA(a), x->gw);
    }
    p += RTNH_ALIGN(nh->rtnh_len);
  }
  nla_put(m, RTA_MULTIPATH, (int)len, buf);
}

/* RTM_NEWROUTE/RTM_DELROUTE as iproute_modify() builds them; the table
 * always as RTA_TABLE too (the kernel takes it over rtm_table). */
static struct nl_msg *route_msg(int type, unsigned flags, const nsp_route_req *rq) {
  const nsp_route *r = &rq->r;
  struct rtmsg rtm = {.rtm_family = AF_INET, .rtm_dst_len = r->plen,
                      .rtm_table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC,
                      .rtm_protocol = r->protocol, .rtm_scope = r->scope, .rtm_type = r->type,
                      .rtm_flags = r->nh_flags & RTNH_F_ONLINK};
  struct nl_msg *m = real_nl_msg_new(type, (int)flags, &rtm, sizeof rtm);
  if (r->table >= 256) nla_put_u32(m, RTA_TABLE, r->table);
  if (r->plen) real_nla_put_ip4(m, RTA_DST, r->dst);
  if (r->gw) real_nla_put_ip4(m, RTA_GATEWAY, r->gw);
  if (r->prefsrc) real_nla_put_ip4(m, RTA_PREFSRC, r->prefsrc);
  if (r->nhid) nla_put_u32(m, RTA_NH_ID, r->nhid);
  if (r->oif) nla_put_u32(m, RTA_OIF, (uint32_t)r->oif);
  if (rq->has_metric) nla_put_u32(m, RTA_PRIORITY, r->metric);
  if (r->npaths) route_put_multipath(m, r);
  return m;
}

static int route_ack_only(struct nl_msg *msg, void *arg) { return NL_OK; }

static bool route_modify(struct nl_sock *sk, int type, unsigned flags, const nsp_route_req *rq,
                         nsp_status *st) {
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  struct nl_msg *m = route_msg(type, flags | NLM_F_ACK, rq);
  int err = real_nl_request(sk, m, true, route_ack_only, NULL);
  if (err >= 0 && a.err) err = -NLE_FAILURE;
  return real_nl_ack_done(sk, &a, err, st);
}

bool real_nl_route_add(struct nl_sock *sk, const nsp_route_req *rq, nsp_status *st) {
  unsigned flags = rq->nlflags ? rq->nlflags : NLM_F_CREATE | NLM_F_EXCL;
  return route_modify(sk, RTM_NEWROUTE, flags, rq, st);
}

bool real_nl_route_del(struct nl_sock *sk, const nsp_route_req *rq, nsp_status *st) {
  return route_modify(sk, RTM_DELROUTE, 0, rq, st);
}

static uint32_t route_attr_ip4(struct nlattr *a) {
  return a && nla_len(a) >= 4 ? inet_get32(nla_data(a)) : 0;
}

/* RTA_MULTIPATH's paths, appended to paths; o->paths is set when the list
 * is packed (nsp_routes_pack()), o->npaths now. */
static void route_parse_multipath(struct nlattr *mp, nsp_route *o, GArray *paths) {
  int len = nla_len(mp);
  struct rtnexthop *nh = nla_data(mp);
  while (len >= (int)sizeof *nh && nh->rtnh_len >= sizeof *nh && nh->rtnh_len <= len) {
    nsp_nh_path x = {.oif = nh->rtnh_ifindex, .weight = (uint16_t)(nh->rtnh_hops + 1),
                     .flags = nh->rtnh_flags};
    int alen = nh->rtnh_len - (int)sizeof *nh;
    for (struct rtattr *a = RTNH_DATA(nh); RTA_OK(a, alen); a = RTA_NEXT(a, alen))
      if (a->rta_type == RTA_GATEWAY && RTA_PAYLOAD(a) >= 4) x.gw = inet_get32(RTA_DATA(a));
    g_array_append_val(paths, x);
    o->npaths++;
    len -= RTNH_ALIGN(nh->rtnh_len);
    nh = RTNH_NEXT(nh);
  }
}

/* One RTM_NEWROUTE as nsp_route: its paths go to paths (NULL: only the
 * first path's device and flags are read). */
static bool route_parse(struct nlmsghdr *h, nsp_route *o, struct nlattr **tb, GArray *paths) {
  struct rtmsg *rtm = nlmsg_data(h);
  if (nlmsg_parse(h, sizeof *rtm, tb, RTA_MAX, NULL) < 0 || rtm->rtm_family != AF_INET) return false;
  *o = (nsp_route){.table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table,
                   .type = rtm->rtm_type, .protocol = rtm->rtm_protocol, .scope = rtm->rtm_scope,
                   .dst = route_attr_ip4(tb[RTA_DST]), .plen = rtm->rtm_dst_len,
                   .gw = route_attr_ip4(tb[RTA_GATEWAY]),
                   .oif = tb[RTA_OIF] ? (int)nla_get_u32(tb[RTA_OIF]) : 0,
                   .prefsrc = route_attr_ip4(tb[RTA_PREFSRC]),
                   .metric = tb[RTA_PRIORITY] ? nla_get_u32(tb[RTA_PRIORITY]) : 0,
                   .nh_flags = rtm->rtm_flags & 0xff,
                   .nhid = tb[RTA_NH_ID] ? nla_get_u32(tb[RTA_NH_ID]) : 0};
  if (tb[RTA_MULTIPATH] && paths) {
    route_parse_multipath(tb[RTA_MULTIPATH], o, paths);
  } else if (tb[RTA_MULTIPATH] && nla_len(tb[RTA_MULTIPATH]) >= (int)sizeof(struct rtnexthop)) {
    struct rtnexthop *nh = nla_data(tb[RTA_MULTIPATH]);
    o->oif = nh->rtnh_ifindex;
    o->nh_flags |= nh->rtnh_flags;
  }
  return true;
}

typedef struct {
  GArray *routes;
  GArray *paths;  /* every route's paths, in order */
  real_nl_ack *ack;
} route_dump;

static int route_dump_one(struct nl_msg *msg, void *arg) {
  route_dump *d = arg;
  struct nlattr *tb[RTA_MAX + 1];
  nsp_route o;
  if (route_parse(nlmsg_hdr(msg), &o, tb, d->paths)) g_array_append_val(d->routes, o);
  return NL_OK;
}

/* The routes with their paths in one block: the paths were gathered in
 * order, each route takes the next npaths of them. */
static nsp_route *route_dump_pack(route_dump *d) {
  nsp_route *rs = (nsp_route *)d->routes->data;
  const nsp_nh_path *p = (const nsp_nh_path *)d->paths->data;
  for (guint i = 0; i < d->routes->len; i++) {
    rs[i].paths = rs[i].npaths ? p : NULL;
    p += rs[i].npaths;
  }
  return nsp_routes_pack(rs, d->routes->len);
}

/* A dump that fails ends with NLMSG_DONE carrying the error and its
 * extended ack (netlink_dump_done()), which libnl does not report. */
static int route_dump_done(struct nl_msg *msg, void *arg) {
  route_dump *d = arg;
  struct nlmsghdr *h = nlmsg_hdr(msg);
  if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(int)) return NL_STOP;
  int e = *(int *)nlmsg_data(h);
  if (e >= 0) return NL_STOP;
  d->ack->err = -e;
  if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
    struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
    if (nlmsg_parse(h, sizeof(int), tb, NLMSGERR_ATTR_MAX, NULL) == 0 && tb[NLMSGERR_ATTR_MSG]) {
      g_strlcpy(d->ack->msg, nla_data(tb[NLMSGERR_ATTR_MSG]), sizeof d->ack->msg);
      size_t len = strlen(d->ack->msg);
      if (len && d->ack->msg[len - 1] == '.') d->ack->msg[len - 1] = '\0';
    }
  }
  return NL_STOP;
}

/* iproute2 asks with NETLINK_GET_STRICT_CHK and RTA_TABLE for one table,
 * so the kernel itself refuses a table that does not exist. */
nsp_route *real_nl_route_list(struct nl_sock *sk, uint32_t table, size_t *n, nsp_status *st) {
  real_nl_ack ack = {0};
  route_dump d = {.routes = g_array_new(TRUE, TRUE, sizeof(nsp_route)),
                  .paths = g_array_new(FALSE, TRUE, sizeof(nsp_nh_path)), .ack = &ack};
  struct rtmsg rtm = {.rtm_family = AF_INET};
  int one = 1, zero = 0, err = 0, fd = nl_socket_get_fd(sk);
  *n = 0;
  setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one);
  for (int tries = 0; tries < 5; tries++) { /* a dump interrupted by a change is redone */
    g_array_set_size(d.routes, 0);
    g_array_set_size(d.paths, 0);
    struct nl_msg *m = real_nl_msg_new(RTM_GETROUTE, NLM_F_DUMP, &rtm, sizeof rtm);
    if (table) nla_put_u32(m, RTA_TABLE, table);
    err = nl_send_auto(sk, m);
    nlmsg_free(m);
    if (err < 0) break;
    struct nl_cb *cb = real_nl_need(nl_cb_alloc(NL_CB_DEFAULT));
    nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, route_dump_one, &d);
    nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, route_dump_done, &d);
    err = nl_recvmsgs(sk, cb);
    nl_cb_put(cb);
    if (err != -NLE_DUMP_INTR) break;
  }
  setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &zero, sizeof zero);
  if (err < 0 || ack.err) {
    nsp_status_set(st, ack.err ? ack.err : EIO, ack.err ? ack.msg : NULL);
    g_array_free(d.routes, TRUE);
    g_array_free(d.paths, TRUE);
    return NULL;
  }
  *n = d.routes->len;
  nsp_route *out = route_dump_pack(&d);
  g_array_free(d.routes, TRUE);
  g_array_free(d.paths, TRUE);
  return out;
}

static int route_get_reply(struct nl_msg *msg, void *arg) {
  nsp_route_get *out = arg;
  struct nlmsghdr *h = nlmsg_hdr(msg);
  struct rtmsg *rtm = nlmsg_data(h);
  struct nlattr *tb[RTA_MAX + 1];
  if (nlmsg_parse(h, sizeof *rtm, tb, RTA_MAX, NULL) < 0) return NL_SKIP;
  out->type = rtm->rtm_type;
  out->tos = rtm->rtm_tos;
  out->flags = rtm->rtm_flags & ~0xffffu;
  out->table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
  out->dst = route_attr_ip4(tb[RTA_DST]);
  out->has_src = tb[RTA_SRC] != NULL;
  out->src = route_attr_ip4(tb[RTA_SRC]);
  out->oif = tb[RTA_OIF] ? (int)nla_get_u32(tb[RTA_OIF]) : 0;
  out->has_prefsrc = tb[RTA_PREFSRC] != NULL;
  out->prefsrc = route_attr_ip4(tb[RTA_PREFSRC]);
  out->gw = route_attr_ip4(tb[RTA_GATEWAY]);
  out->mark = tb[RTA_MARK] ? nla_get_u32(tb[RTA_MARK]) : 0;
  out->has_uid = tb[RTA_UID] != NULL;
  out->uid = tb[RTA_UID] ? nla_get_u32(tb[RTA_UID]) : 0;
  out->iif = tb[RTA_IIF] ? (int)nla_get_u32(tb[RTA_IIF]) : 0;
  if (tb[RTA_CACHEINFO] && nla_len(tb[RTA_CACHEINFO]) >= (int)sizeof(struct rta_cacheinfo)) {
    const struct rta_cacheinfo *ci = nla_data(tb[RTA_CACHEINFO]);
    out->error = ci->rta_error;
    out->expires = (uint32_t)ci->rta_expires;
  }
  return NL_OK;
}

typedef struct {
  GArray *got;        /* nsp_route_get */
  real_nl_ack *ack;
} route_cache_dump;

/* one entry of the cache dump: only the cloned ones (print_route()'s
 * filter.cloned test) */
static int route_cache_one(struct nl_msg *msg, void *arg) {
  route_cache_dump *d = arg;
  struct rtmsg *rtm = nlmsg_data(nlmsg_hdr(msg));
  if (rtm->rtm_family != AF_INET || !(rtm->rtm_flags & RTM_F_CLONED)) return NL_OK;
  nsp_route_get g = {0};
  route_get_reply(msg, &g);
  g_array_append_val(d->got, g);
  return NL_OK;
}

static int route_cache_done(struct nl_msg *msg, void *arg) {
  route_cache_dump *d = arg;
  route_dump rd = {.ack = d->ack};
  return route_dump_done(msg, &rd);
}

/* `ip route show cache`: a dump with RTM_F_CLONED (iproute_dump_filter()) */
nsp_route_get *real_nl_route_cache_list(struct nl_sock *sk, size_t *n, nsp_status *st) {
  real_nl_ack ack = {0};
  route_cache_dump d = {.got = g_array_new(FALSE, TRUE, sizeof(nsp_route_get)), .ack = &ack};
  struct rtmsg rtm = {.rtm_family = AF_INET, .rtm_flags = RTM_F_CLONED};
  *n = 0;
  struct nl_msg *m = real_nl_msg_new(RTM_GETROUTE, NLM_F_DUMP, &rtm, sizeof rtm);
  int err = nl_send_auto(sk, m);
  nlmsg_free(m);
  if (err >= 0) {
    struct nl_cb *cb = real_nl_need(nl_cb_alloc(NL_CB_DEFAULT));
    nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, route_cache_one, &d);
    nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, route_cache_done, &d);
    err = nl_recvmsgs(sk, cb);
    nl_cb_put(cb);
  }
  if (err < 0 || ack.err) {
    nsp_status_set(st, ack.err ? ack.err : EIO, ack.err ? ack.msg : NULL);
    g_array_free(d.got, TRUE);
    return NULL;
  }
  *n = d.got->len;
  return (nsp_route_get *)g_array_free(d.got, FALSE);
}

/* iproute2's iproute_get(): RTA_DST/32, RTA_SRC/32 with `from`, RTA_IIF,
 * RTA_OIF, RTA_MARK, RTA_UID, RTA_IP_PROTO, RTA_SPORT, RTA_DPORT, rtm_tos,
 * RTM_F_LOOKUP_TABLE. */
bool real_nl_route_get(struct nl_sock *sk, const nsp_route_get_req *q, nsp_route_get *out,
                       nsp_status *st) {
  struct rtmsg rtm = {.rtm_family = AF_INET, .rtm_dst_len = 32, .rtm_src_len = q->src ? 32 : 0,
                      .rtm_tos = q->tos, .rtm_flags = RTM_F_LOOKUP_TABLE};
  struct nl_msg *m = real_nl_msg_new(RTM_GETROUTE, 0, &rtm, sizeof rtm);
  if (q->src) real_nla_put_ip4(m, RTA_SRC, q->src);
  real_nla_put_ip4(m, RTA_DST, q->dst);
  if (q->iif) nla_put_u32(m, RTA_IIF, (uint32_t)q->iif);
  if (q->oif) nla_put_u32(m, RTA_OIF, (uint32_t)q->oif);
  if (q->mark) nla_put_u32(m, RTA_MARK, q->mark);
  if (q->has_uid) nla_put_u32(m, RTA_UID, q->uid);
  if (q->sport) nla_put_u16(m, RTA_SPORT, htons(q->sport));
  if (q->dport) nla_put_u16(m, RTA_DPORT, htons(q->dport));
  if (q->ipproto) nla_put_u8(m, RTA_IP_PROTO, q->ipproto);
  memset(out, 0, sizeof *out);
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
