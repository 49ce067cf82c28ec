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

/* RTM_NEWROUTE/RTM_DELROUTE as iproute_modify() builds them; the table
 * always as RTA_TABLE too (the kernel takes it over rtm_table). */
static struct nl_msg *route_msg(int type, unsigned flags, const nsp_route_req *rq) {
  const nsp_route *r = &rq->r;
  struct rtmsg rtm = {.rtm_family = AF_INET, .rtm_dst_len = r->plen,
                      .rtm_table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC,
                      .rtm_protocol = r->protocol, .rtm_scope = r->scope, .rtm_type = r->type};
  struct nl_msg *m = real_nl_msg_new(type, (int)flags, &rtm, sizeof rtm);
  if (r->table >= 256) nla_put_u32(m, RTA_TABLE, r->table);
  if (r->plen) real_nla_put_ip4(m, RTA_DST, r->dst);
  if (r->gw) real_nla_put_ip4(m, RTA_GATEWAY, r->gw);
  if (r->oif) nla_put_u32(m, RTA_OIF, (uint32_t)r->oif);
  if (r->prefsrc) real_nla_put_ip4(m, RTA_PREFSRC, r->prefsrc);
  if (rq->has_metric) nla_put_u32(m, RTA_PRIORITY, r->metric);
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

/* One RTM_NEWROUTE as nsp_route: the first nexthop's gateway and device. */
static bool route_parse(struct nlmsghdr *h, nsp_route *o, struct nlattr **tb) {
  struct rtmsg *rtm = nlmsg_data(h);
  if (nlmsg_parse(h, sizeof *rtm, tb, RTA_MAX, NULL) < 0 || rtm->rtm_family != AF_INET) return false;
  *o = (nsp_route){.table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table,
                   .type = rtm->rtm_type, .protocol = rtm->rtm_protocol, .scope = rtm->rtm_scope,
                   .dst = route_attr_ip4(tb[RTA_DST]), .plen = rtm->rtm_dst_len,
                   .gw = route_attr_ip4(tb[RTA_GATEWAY]),
                   .oif = tb[RTA_OIF] ? (int)nla_get_u32(tb[RTA_OIF]) : 0,
                   .prefsrc = route_attr_ip4(tb[RTA_PREFSRC]),
                   .metric = tb[RTA_PRIORITY] ? nla_get_u32(tb[RTA_PRIORITY]) : 0,
                   .nh_flags = rtm->rtm_flags & 0xff};
  if (tb[RTA_MULTIPATH] && nla_len(tb[RTA_MULTIPATH]) >= (int)sizeof(struct rtnexthop)) {
    struct rtnexthop *nh = nla_data(tb[RTA_MULTIPATH]);
    o->oif = nh->rtnh_ifindex;
    o->nh_flags |= nh->rtnh_flags;
  }
  return true;
}

typedef struct {
  GArray *routes;
  real_nl_ack *ack;
} route_dump;

static int route_dump_one(struct nl_msg *msg, void *arg) {
  route_dump *d = arg;
  struct nlattr *tb[RTA_MAX + 1];
  nsp_route o;
  if (route_parse(nlmsg_hdr(msg), &o, tb)) g_array_append_val(d->routes, o);
  return NL_OK;
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
  route_dump d = {.routes = g_array_new(TRUE, TRUE, sizeof(nsp_route)), .ack = &ack};
  struct rtmsg rtm = {.rtm_family = AF_INET};
  int one = 1, zero = 0, err = 0, fd = nl_socket_get_fd(sk);
  *n = 0;
  setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one);
  for (int tries = 0; tries < 5; tries++) { /* a dump interrupted by a change is redone */
    g_array_set_size(d.routes, 0);
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
    return NULL;
  }
  *n = d.routes->len;
  return (nsp_route *)g_array_free(d.routes, FALSE);
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
  if (tb[RTA_CACHEINFO] && nla_len(tb[RTA_CACHEINFO]) >= (int)sizeof(struct rta_cacheinfo))
    out->error = ((struct rta_cacheinfo *)nla_data(tb[RTA_CACHEINFO]))->rta_error;
  return NL_OK;
}

/* iproute2's iproute_get(): RTA_DST/32, RTA_SRC/32 with `from`, RTA_IIF,
 * RTA_OIF, RTA_MARK, RTA_UID, rtm_tos, RTM_F_LOOKUP_TABLE. */
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
