/* Policy routing rules on the kernel: RTM_NEWRULE, RTM_DELRULE and the
 * IPv4 rule dump, built and read by hand as ip/iprule.c does (libnl's
 * rtnl_rule has no suppress_prefixlength nor the detached flags). */
#include "real/nl.h"

#include <errno.h>
#include <glib.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "proto/inet.h"
#include "real/nl_priv.h"

static struct nl_msg *rule_msg(int type, unsigned flags, const nsp_rule *r) {
  struct fib_rule_hdr frh = {.family = AF_INET, .dst_len = r->dst_len, .src_len = r->src_len,
                             .tos = r->tos, .action = r->action, .flags = r->flags,
                             .table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC};
  struct nl_msg *m = real_nl_msg_new(type, (int)flags, &frh, sizeof frh);
  if (r->table >= 256) nla_put_u32(m, FRA_TABLE, r->table);
  if (r->has_src) real_nla_put_ip4(m, FRA_SRC, r->src);
  if (r->has_dst) real_nla_put_ip4(m, FRA_DST, r->dst);
  if (r->has_pref) nla_put_u32(m, FRA_PRIORITY, r->pref);
  if (r->has_mark) nla_put_u32(m, FRA_FWMARK, r->mark);
  if (r->has_mask) nla_put_u32(m, FRA_FWMASK, r->mask);
  if (r->iif[0]) nla_put_string(m, FRA_IFNAME, r->iif);
  if (r->oif[0]) nla_put_string(m, FRA_OIFNAME, r->oif);
  if (r->has_suppress_prefixlen) nla_put_u32(m, FRA_SUPPRESS_PREFIXLEN, (uint32_t)r->suppress_prefixlen);
  if (r->has_goto) nla_put_u32(m, FRA_GOTO, r->goto_target);
  if (r->protocol) nla_put_u8(m, FRA_PROTOCOL, r->protocol);
  return m;
}

static int rule_ack_only(struct nl_msg *msg, void *arg) { return NL_OK; }

static bool rule_modify(struct nl_sock *sk, int type, unsigned flags, const nsp_rule *r,
                        nsp_status *st) {
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  int err = real_nl_request(sk, rule_msg(type, flags, r), true, rule_ack_only, NULL);
  if (err >= 0 && a.err) err = -NLE_FAILURE;
  return real_nl_ack_done(sk, &a, err, st);
}

bool real_nl_rule_add(struct nl_sock *sk, const nsp_rule *r, nsp_status *st) {
  return rule_modify(sk, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, r, st);
}

bool real_nl_rule_del(struct nl_sock *sk, const nsp_rule *r, nsp_status *st) {
  return rule_modify(sk, RTM_DELRULE, 0, r, st);
}

static uint32_t rule_attr_ip4(struct nlattr *a) {
  return a && nla_len(a) >= 4 ? inet_get32(nla_data(a)) : 0;
}

static int rule_dump_one(struct nl_msg *msg, void *arg) {
  GArray *out = arg;
  struct nlmsghdr *h = nlmsg_hdr(msg);
  struct fib_rule_hdr *frh = nlmsg_data(h);
  struct nlattr *tb[FRA_MAX + 1];
  if (nlmsg_parse(h, sizeof *frh, tb, FRA_MAX, NULL) < 0 || frh->family != AF_INET) return NL_OK;
  nsp_rule r = {.src_len = frh->src_len, .dst_len = frh->dst_len, .tos = frh->tos,
                .action = frh->action, .flags = (uint8_t)frh->flags,
                .table = tb[FRA_TABLE] ? nla_get_u32(tb[FRA_TABLE]) : frh->table,
                .has_src = tb[FRA_SRC] != NULL, .src = rule_attr_ip4(tb[FRA_SRC]),
                .has_dst = tb[FRA_DST] != NULL, .dst = rule_attr_ip4(tb[FRA_DST]),
                .has_pref = tb[FRA_PRIORITY] != NULL,
                .pref = tb[FRA_PRIORITY] ? nla_get_u32(tb[FRA_PRIORITY]) : 0,
                .has_mark = tb[FRA_FWMARK] != NULL,
                .mark = tb[FRA_FWMARK] ? nla_get_u32(tb[FRA_FWMARK]) : 0,
                .has_mask = tb[FRA_FWMASK] != NULL,
                .mask = tb[FRA_FWMASK] ? nla_get_u32(tb[FRA_FWMASK]) : 0,
                .has_suppress_prefixlen = tb[FRA_SUPPRESS_PREFIXLEN] != NULL,
                .suppress_prefixlen = tb[FRA_SUPPRESS_PREFIXLEN]
                                          ? (int32_t)nla_get_u32(tb[FRA_SUPPRESS_PREFIXLEN]) : -1,
                .has_goto = tb[FRA_GOTO] != NULL,
                .goto_target = tb[FRA_GOTO] ? nla_get_u32(tb[FRA_GOTO]) : 0,
                .protocol = tb[FRA_PROTOCOL] ? nla_get_u8(tb[FRA_PROTOCOL]) : 0};
  if (tb[FRA_IFNAME]) g_strlcpy(r.iif, nla_data(tb[FRA_IFNAME]), sizeof r.iif);
  if (tb[FRA_OIFNAME]) g_strlcpy(r.oif, nla_data(tb[FRA_OIFNAME]), sizeof r.oif);
  g_array_append_val(out, r);
  return NL_OK;
}

nsp_rule *real_nl_rule_list(struct nl_sock *sk, size_t *n) {
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_rule));
  struct fib_rule_hdr frh = {.family = AF_INET};
  int err = 0;
  *n = 0;
  for (int tries = 0; tries < 5; tries++) {
    g_array_set_size(out, 0);
    err = real_nl_request(sk, real_nl_msg_new(RTM_GETRULE, NLM_F_DUMP, &frh, sizeof frh), true,
                          rule_dump_one, out);
    if (err != -NLE_DUMP_INTR) break;
  }
  if (err < 0) {
    g_array_free(out, TRUE);
    return NULL;
  }
  *n = out->len;
  return (nsp_rule *)g_array_free(out, FALSE);
}
