/* Nexthop objects on the kernel: RTM_NEWNEXTHOP, RTM_DELNEXTHOP and
 * RTM_GETNEXTHOP (one id, or the dump), built and read by hand as
 * ip/ipnexthop.c does (libnl 3.7 has no nexthop objects). */
#include "real/nl.h"

#include <errno.h>
#include <glib.h>
#include <linux/nexthop.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "proto/inet.h"
#include "real/nl_priv.h"

/* ipnh_modify(): the header's family, protocol and flags, then the
 * attributes the words gave */
static struct nl_msg *nh_msg(int type, unsigned flags, const nsp_nexthop *nh) {
  struct nhmsg hdr = {.nh_family = nh->inet ? AF_INET : AF_UNSPEC,
                      .nh_protocol = nh->protocol, .nh_flags = nh->flags};
  struct nl_msg *m = real_nl_msg_new(type, (int)flags, &hdr, sizeof hdr);
  if (nh->has_id) nla_put_u32(m, NHA_ID, nh->id);
  if (nh->oif) nla_put_u32(m, NHA_OIF, (uint32_t)nh->oif);
  if (nh->gw) real_nla_put_ip4(m, NHA_GATEWAY, nh->gw);
  if (nh->blackhole) nla_put_flag(m, NHA_BLACKHOLE);
  if (nh->ngroup) {
    g_autofree struct nexthop_grp *g = g_new0(struct nexthop_grp, nh->ngroup);
    for (unsigned i = 0; i < nh->ngroup; i++) {
      g[i].id = nh->group[i].id;
      g[i].weight = (uint8_t)(nh->group[i].weight - 1);
    }
    nla_put(m, NHA_GROUP, (int)(nh->ngroup * sizeof *g), g);
  }
  if (nh->has_group_type) nla_put_u16(m, NHA_GROUP_TYPE, NEXTHOP_GRP_TYPE_MPATH);
  return m;
}

static int nh_ack_only(struct nl_msg *msg, void *arg) { return NL_OK; }

static bool nh_modify(struct nl_sock *sk, int type, unsigned flags, const nsp_nexthop *nh,
                      nsp_status *st) {
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  int err = real_nl_request(sk, nh_msg(type, flags | NLM_F_ACK, nh), true, nh_ack_only, NULL);
  if (err >= 0 && a.err) err = -NLE_FAILURE;
  return real_nl_ack_done(sk, &a, err, st);
}

bool real_nl_nexthop_add(struct nl_sock *sk, const nsp_nexthop *nh, unsigned nlflags,
                         nsp_status *st) {
  return nh_modify(sk, RTM_NEWNEXTHOP, nlflags ? nlflags : NLM_F_CREATE | NLM_F_EXCL, nh, st);
}

bool real_nl_nexthop_del(struct nl_sock *sk, const nsp_nexthop *nh, nsp_status *st) {
  return nh_modify(sk, RTM_DELNEXTHOP, 0, nh, st);
}

typedef struct {
  GArray *nhs;
  GArray *members; /* every group's members, in order */
} nh_dump;

/* ipnh_parse_nhmsg() */
static int nh_dump_one(struct nl_msg *msg, void *arg) {
  nh_dump *d = arg;
  struct nlmsghdr *h = nlmsg_hdr(msg);
  struct nhmsg *hdr = nlmsg_data(h);
  struct nlattr *tb[NHA_MAX + 1];
  if (nlmsg_parse(h, sizeof *hdr, tb, NHA_MAX, NULL) < 0) return NL_OK;
  if (hdr->nh_family != AF_INET && hdr->nh_family != AF_UNSPEC) return NL_OK;
  nsp_nexthop o = {.has_id = tb[NHA_ID] != NULL, .id = tb[NHA_ID] ? nla_get_u32(tb[NHA_ID]) : 0,
                   .inet = hdr->nh_family == AF_INET,
                   .oif = tb[NHA_OIF] ? (int)nla_get_u32(tb[NHA_OIF]) : 0,
                   .gw = tb[NHA_GATEWAY] && nla_len(tb[NHA_GATEWAY]) == 4
                             ? inet_get32(nla_data(tb[NHA_GATEWAY])) : 0,
                   .blackhole = tb[NHA_BLACKHOLE] != NULL, .flags = hdr->nh_flags,
                   .scope = hdr->nh_scope, .protocol = hdr->nh_protocol,
                   .has_group_type = tb[NHA_GROUP_TYPE] != NULL};
  if (tb[NHA_GROUP]) {
    const struct nexthop_grp *g = nla_data(tb[NHA_GROUP]);
    int n = nla_len(tb[NHA_GROUP]) / (int)sizeof *g;
    for (int i = 0; i < n; i++) {
      nsp_nh_grp m = {.id = g[i].id, .weight = (uint16_t)(g[i].weight + 1)};
      g_array_append_val(d->members, m);
    }
    o.ngroup = (uint16_t)n;
  }
  g_array_append_val(d->nhs, o);
  return NL_OK;
}

nsp_nexthop *real_nl_nexthop_list(struct nl_sock *sk, uint32_t id, size_t *n, nsp_status *st) {
  nh_dump d = {.nhs = g_array_new(FALSE, TRUE, sizeof(nsp_nexthop)),
               .members = g_array_new(FALSE, TRUE, sizeof(nsp_nh_grp))};
  struct nhmsg hdr = {.nh_family = AF_UNSPEC};
  int err = 0;
  *n = 0;
  if (id) {
    real_nl_ack a;
    real_nl_ack_watch(sk, &a);
    struct nl_msg *m = real_nl_msg_new(RTM_GETNEXTHOP, 0, &hdr, sizeof hdr);
    nla_put_u32(m, NHA_ID, id);
    err = real_nl_request(sk, m, false, nh_dump_one, &d);
    if (!real_nl_ack_done(sk, &a, err, st)) goto fail;
  } else {
    for (int tries = 0; tries < 5; tries++) {
      g_array_set_size(d.nhs, 0);
      g_array_set_size(d.members, 0);
      err = real_nl_request(sk, real_nl_msg_new(RTM_GETNEXTHOP, NLM_F_DUMP, &hdr, sizeof hdr),
                            true, nh_dump_one, &d);
      if (err != -NLE_DUMP_INTR) break;
    }
    if (err < 0) {
      nsp_status_set(st, EIO, NULL);
      goto fail;
    }
  }
  nsp_nexthop *nhs = (nsp_nexthop *)d.nhs->data;
  const nsp_nh_grp *g = (const nsp_nh_grp *)d.members->data;
  for (guint i = 0; i < d.nhs->len; i++) {
    nhs[i].group = nhs[i].ngroup ? g : NULL;
    g += nhs[i].ngroup;
  }
  *n = d.nhs->len;
  nsp_nexthop *out = nsp_nexthops_pack(nhs, d.nhs->len);
  g_array_free(d.nhs, TRUE);
  g_array_free(d.members, TRUE);
  return out;
fail:
  g_array_free(d.nhs, TRUE);
  g_array_free(d.members, TRUE);
  return NULL;
}
