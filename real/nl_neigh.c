/* IPv4 neighbours through route netlink (see real/nl.h), in raw messages:
 * the dumps of `ip neigh show` (the neighbour table, or with NTF_PROXY the
 * proxy table, as iproute2 asks for them) and RTM_NEWNEIGH / RTM_DELNEIGH
 * with the flags ip/ipneigh.c sends.  libnl's neighbour cache has neither
 * the proxy dump nor NLM_F_EXCL. */
#include <errno.h>
#include <glib.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <string.h>

#include "real/nl.h"
#include "real/nl_priv.h"

static int neigh_one(struct nl_msg *msg, void *arg) {
  GArray *out = arg;
  struct nlmsghdr *h = nlmsg_hdr(msg);
  if (h->nlmsg_type != RTM_NEWNEIGH) return NL_SKIP;
  const struct ndmsg *ndm = nlmsg_data(h);
  if (ndm->ndm_family != AF_INET) return NL_SKIP;
  struct nlattr *tb[NDA_MAX + 1];
  if (nlmsg_parse(h, sizeof *ndm, tb, NDA_MAX, NULL) < 0 || !tb[NDA_DST] ||
      nla_len(tb[NDA_DST]) != 4)
    return NL_SKIP;
  uint32_t be;
  memcpy(&be, nla_data(tb[NDA_DST]), 4);
  nsp_neigh e = {.ifindex = ndm->ndm_ifindex, .ip = g_ntohl(be), .state = ndm->ndm_state,
                 .flags = ndm->ndm_flags & (NTF_PROXY | NTF_ROUTER)};
  if (tb[NDA_LLADDR] && nla_len(tb[NDA_LLADDR]) == ETHER_ADDR_LEN) {
    memcpy(e.mac.b, nla_data(tb[NDA_LLADDR]), ETHER_ADDR_LEN);
    e.has_mac = true;
  }
  g_array_append_val(out, e);
  return NL_OK;
}

nsp_neigh *real_nl_neigh_list(struct nl_sock *sk, bool proxy, size_t *n) {
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_neigh));
  struct ndmsg ndm = {.ndm_family = AF_INET, .ndm_flags = proxy ? NTF_PROXY : 0};
  int err = 0;
  for (int tries = 0; tries < 5; tries++) {
    g_array_set_size(out, 0);
    struct nl_msg *m = real_nl_msg_new(RTM_GETNEIGH, NLM_F_DUMP, &ndm, sizeof ndm);
    err = real_nl_request(sk, m, true, neigh_one, out);
    if (err != -NLE_DUMP_INTR) break;
  }
  *n = err < 0 ? 0 : out->len;
  return (nsp_neigh *)g_array_free(out, FALSE);
}

static bool neigh_send(struct nl_sock *sk, int type, const nsp_neigh_req *rq, nsp_status *st) {
  struct ndmsg ndm = {.ndm_family = AF_INET, .ndm_ifindex = rq->ifindex,
                      .ndm_state = (uint16_t)rq->state, .ndm_flags = (uint8_t)rq->flags};
  int flags = NLM_F_ACK;
  if (rq->nlflags & NSP_NLM_F_CREATE) flags |= NLM_F_CREATE;
  if (rq->nlflags & NSP_NLM_F_EXCL) flags |= NLM_F_EXCL;
  if (rq->nlflags & NSP_NLM_F_REPLACE) flags |= NLM_F_REPLACE;
  struct nl_msg *m = real_nl_msg_new(type, flags, &ndm, sizeof ndm);
  real_nla_put_ip4(m, NDA_DST, rq->ip);
  if (rq->mac_len) nla_put(m, NDA_LLADDR, (int)rq->mac_len, rq->mac.b);
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  int err = nl_send_sync(sk, m); /* frees m */
  return real_nl_ack_done(sk, &a, err, st);
}

bool real_nl_neigh_modify(struct nl_sock *sk, const nsp_neigh_req *rq, nsp_status *st) {
  return neigh_send(sk, RTM_NEWNEIGH, rq, st);
}

bool real_nl_neigh_del(struct nl_sock *sk, const nsp_neigh_req *rq, nsp_status *st) {
  return neigh_send(sk, RTM_DELNEIGH, rq, st);
}
