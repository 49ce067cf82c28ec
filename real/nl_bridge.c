/* Bridges through route netlink (see real/nl.h): RTM_NEWLINK of kind
 * "bridge" with its IFLA_BR_* settings, IFLA_MASTER for a port, the
 * AF_BRIDGE neighbour dump of `bridge fdb show`, and what libnl's link
 * objects leave out of a link dump -- the kind, the master, the
 * operational state, promiscuity and allmulti counts, a bridge's and a
 * port's IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA -- read from the raw
 * messages of a dump of our own.  Hand-built messages: libnl 3.7 has no
 * bridge device attributes. */
#include <errno.h>
#include <glib.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <string.h>

#include "real/nl.h"
#include "real/nl_priv.h"

bool real_nl_bridge_add(struct nl_sock *sk, const char *name, int ifindex,
                        const nsp_bridge_cfg *cfg, nsp_status *st) {
  struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC, .ifi_index = ifindex};
  struct nl_msg *m = real_nl_msg_new(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, &ifi, sizeof ifi);
  nla_put_string(m, IFLA_IFNAME, name);
  if (cfg->has_mac) nla_put(m, IFLA_ADDRESS, ETHER_ADDR_LEN, cfg->mac.b);
  struct nlattr *info = nla_nest_start(m, IFLA_LINKINFO);
  nla_put_string(m, IFLA_INFO_KIND, "bridge");
  struct nlattr *data = nla_nest_start(m, IFLA_INFO_DATA);
  /* iproute2's order (bridge_parse_opt() follows the command line; these
   * are independent settings) */
  if (cfg->forward_delay >= 0) nla_put_u32(m, IFLA_BR_FORWARD_DELAY, (uint32_t)cfg->forward_delay);
  if (cfg->hello_time >= 0) nla_put_u32(m, IFLA_BR_HELLO_TIME, (uint32_t)cfg->hello_time);
  if (cfg->max_age >= 0) nla_put_u32(m, IFLA_BR_MAX_AGE, (uint32_t)cfg->max_age);
  if (cfg->ageing_time >= 0) nla_put_u32(m, IFLA_BR_AGEING_TIME, (uint32_t)cfg->ageing_time);
  if (cfg->stp_state >= 0) nla_put_u32(m, IFLA_BR_STP_STATE, (uint32_t)cfg->stp_state);
  if (cfg->priority >= 0) nla_put_u16(m, IFLA_BR_PRIORITY, (uint16_t)cfg->priority);
  if (cfg->vlan_filtering >= 0) nla_put_u8(m, IFLA_BR_VLAN_FILTERING, (uint8_t)cfg->vlan_filtering);
  nla_nest_end(m, data);
  nla_nest_end(m, info);
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  int err = nl_send_sync(sk, m); /* frees m */
  return real_nl_ack_done(sk, &a, err, st);
}

bool real_nl_link_set_master(struct nl_sock *sk, int ifindex, int master, nsp_status *st) {
  struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC, .ifi_index = ifindex};
  struct nl_msg *m = real_nl_msg_new(RTM_NEWLINK, NLM_F_ACK, &ifi, sizeof ifi);
  nla_put_u32(m, IFLA_MASTER, (uint32_t)master);
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  int err = nl_send_sync(sk, m);
  return real_nl_ack_done(sk, &a, err, st);
}

/* ---- the fdb dump ------------------------------------------------------- */

static int fdb_one(struct nl_msg *msg, void *arg) {
  GArray *out = arg;
  struct nlmsghdr *h = nlmsg_hdr(msg);
  if (h->nlmsg_type != RTM_NEWNEIGH) return NL_SKIP;
  const struct ndmsg *ndm = nlmsg_data(h);
  if (ndm->ndm_family != AF_BRIDGE) return NL_SKIP;
  struct nlattr *tb[NDA_MAX + 1];
  if (nlmsg_parse(h, sizeof *ndm, tb, NDA_MAX, NULL) < 0) return NL_SKIP;
  nsp_fdb e = {.ifindex = ndm->ndm_ifindex, .state = ndm->ndm_state,
               .self = (ndm->ndm_flags & NTF_SELF) != 0};
  if (tb[NDA_LLADDR] && nla_len(tb[NDA_LLADDR]) == ETHER_ADDR_LEN)
    memcpy(e.mac.b, nla_data(tb[NDA_LLADDR]), ETHER_ADDR_LEN);
  if (tb[NDA_MASTER]) e.master_ifindex = (int)nla_get_u32(tb[NDA_MASTER]);
  if (tb[NDA_VLAN]) return NL_SKIP; /* VLAN filtering is not modelled */
  g_array_append_val(out, e);
  return NL_OK;
}

nsp_fdb *real_nl_fdb_list(struct nl_sock *sk, size_t *n) {
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_fdb));
  struct ndmsg ndm = {.ndm_family = AF_BRIDGE};
  int err = 0;
  for (int tries = 0; tries < 5; tries++) {
    g_array_set_size(out, 0);
    struct nl_msg *m = real_nl_msg_new(RTM_GETNEIGH, NLM_F_DUMP, &ndm, sizeof ndm);
    err = real_nl_request(sk, m, true, fdb_one, out);
    if (err != -NLE_DUMP_INTR) break;
  }
  *n = err < 0 ? 0 : out->len;
  return (nsp_fdb *)g_array_free(out, FALSE);
}

/* ---- the link extras ------------------------------------------------------- */

typedef struct {
  nsp_link *links;
  size_t n;
} extras_ctx;

static void extras_id(const struct nlattr *a, nsp_bridge_id *id) {
  const struct ifla_bridge_id *b = nla_data(a);
  id->prio = (uint16_t)(b->prio[0] << 8 | b->prio[1]);
  memcpy(id->addr.b, b->addr, ETHER_ADDR_LEN);
}

static uint64_t extras_timer(const struct nlattr *a) { return a ? nla_get_u64((struct nlattr *)a) : 0; }

static void extras_bridge(struct nlattr *data, nsp_bridge_info *b) {
  struct nlattr *tb[IFLA_BR_MAX + 1];
  if (nla_parse_nested(tb, IFLA_BR_MAX, data, NULL) < 0) return;
  if (tb[IFLA_BR_FORWARD_DELAY]) b->forward_delay = nla_get_u32(tb[IFLA_BR_FORWARD_DELAY]);
  if (tb[IFLA_BR_HELLO_TIME]) b->hello_time = nla_get_u32(tb[IFLA_BR_HELLO_TIME]);
  if (tb[IFLA_BR_MAX_AGE]) b->max_age = nla_get_u32(tb[IFLA_BR_MAX_AGE]);
  if (tb[IFLA_BR_AGEING_TIME]) b->ageing_time = nla_get_u32(tb[IFLA_BR_AGEING_TIME]);
  if (tb[IFLA_BR_STP_STATE]) b->stp_state = nla_get_u32(tb[IFLA_BR_STP_STATE]);
  if (tb[IFLA_BR_PRIORITY]) b->priority = nla_get_u16(tb[IFLA_BR_PRIORITY]);
  if (tb[IFLA_BR_VLAN_FILTERING]) b->vlan_filtering = nla_get_u8(tb[IFLA_BR_VLAN_FILTERING]);
  if (tb[IFLA_BR_BRIDGE_ID]) extras_id(tb[IFLA_BR_BRIDGE_ID], &b->bridge_id);
  if (tb[IFLA_BR_ROOT_ID]) extras_id(tb[IFLA_BR_ROOT_ID], &b->designated_root);
  if (tb[IFLA_BR_ROOT_PORT]) b->root_port = nla_get_u16(tb[IFLA_BR_ROOT_PORT]);
  if (tb[IFLA_BR_ROOT_PATH_COST]) b->root_path_cost = nla_get_u32(tb[IFLA_BR_ROOT_PATH_COST]);
  if (tb[IFLA_BR_TOPOLOGY_CHANGE]) b->topology_change = nla_get_u8(tb[IFLA_BR_TOPOLOGY_CHANGE]);
  if (tb[IFLA_BR_TOPOLOGY_CHANGE_DETECTED])
    b->topology_change_detected = nla_get_u8(tb[IFLA_BR_TOPOLOGY_CHANGE_DETECTED]);
  b->hello_timer = extras_timer(tb[IFLA_BR_HELLO_TIMER]);
  b->tcn_timer = extras_timer(tb[IFLA_BR_TCN_TIMER]);
  b->topology_change_timer = extras_timer(tb[IFLA_BR_TOPOLOGY_CHANGE_TIMER]);
  b->gc_timer = extras_timer(tb[IFLA_BR_GC_TIMER]);
}

static void extras_port(struct nlattr *data, nsp_bport_info *p) {
  struct nlattr *tb[IFLA_BRPORT_MAX + 1];
  if (nla_parse_nested(tb, IFLA_BRPORT_MAX, data, NULL) < 0) return;
  if (tb[IFLA_BRPORT_STATE]) p->state = nla_get_u8(tb[IFLA_BRPORT_STATE]);
  if (tb[IFLA_BRPORT_PRIORITY]) p->priority = nla_get_u16(tb[IFLA_BRPORT_PRIORITY]);
  if (tb[IFLA_BRPORT_COST]) p->cost = nla_get_u32(tb[IFLA_BRPORT_COST]);
  if (tb[IFLA_BRPORT_ID]) p->port_id = nla_get_u16(tb[IFLA_BRPORT_ID]);
  if (tb[IFLA_BRPORT_NO]) p->port_no = nla_get_u16(tb[IFLA_BRPORT_NO]);
  if (tb[IFLA_BRPORT_DESIGNATED_PORT]) p->designated_port = nla_get_u16(tb[IFLA_BRPORT_DESIGNATED_PORT]);
  if (tb[IFLA_BRPORT_DESIGNATED_COST]) p->designated_cost = nla_get_u16(tb[IFLA_BRPORT_DESIGNATED_COST]);
  if (tb[IFLA_BRPORT_BRIDGE_ID]) extras_id(tb[IFLA_BRPORT_BRIDGE_ID], &p->designated_bridge);
  if (tb[IFLA_BRPORT_ROOT_ID]) extras_id(tb[IFLA_BRPORT_ROOT_ID], &p->designated_root);
  p->hold_timer = extras_timer(tb[IFLA_BRPORT_HOLD_TIMER]);
  p->message_age_timer = extras_timer(tb[IFLA_BRPORT_MESSAGE_AGE_TIMER]);
  p->forward_delay_timer = extras_timer(tb[IFLA_BRPORT_FORWARD_DELAY_TIMER]);
}

static void extras_linkinfo(struct nlattr *info, nsp_link *l) {
  struct nlattr *tb[IFLA_INFO_MAX + 1];
  if (nla_parse_nested(tb, IFLA_INFO_MAX, info, NULL) < 0) return;
  const char *kind = tb[IFLA_INFO_KIND] ? nla_get_string(tb[IFLA_INFO_KIND]) : "";
  if (!strcmp(kind, "bridge")) {
    l->kind = NSP_LINK_BRIDGE;
    if (tb[IFLA_INFO_DATA]) extras_bridge(tb[IFLA_INFO_DATA], &l->br);
  }
  const char *skind = tb[IFLA_INFO_SLAVE_KIND] ? nla_get_string(tb[IFLA_INFO_SLAVE_KIND]) : "";
  if (!strcmp(skind, "bridge") && tb[IFLA_INFO_SLAVE_DATA]) extras_port(tb[IFLA_INFO_SLAVE_DATA], &l->port);
}

static unsigned extras_u32(struct nlattr *a) { return a ? nla_get_u32(a) : 0; }

/* what ip -d link prints of any device */
static void extras_details(struct nlattr **tb, nsp_link_details *x) {
  x->min_mtu = extras_u32(tb[IFLA_MIN_MTU]);
  x->max_mtu = extras_u32(tb[IFLA_MAX_MTU]);
  x->num_tx_queues = extras_u32(tb[IFLA_NUM_TX_QUEUES]);
  x->num_rx_queues = extras_u32(tb[IFLA_NUM_RX_QUEUES]);
  x->gso_max_size = extras_u32(tb[IFLA_GSO_MAX_SIZE]);
  x->gso_max_segs = extras_u32(tb[IFLA_GSO_MAX_SEGS]);
  x->tso_max_size = extras_u32(tb[IFLA_TSO_MAX_SIZE]);
  x->tso_max_segs = extras_u32(tb[IFLA_TSO_MAX_SEGS]);
  x->gro_max_size = extras_u32(tb[IFLA_GRO_MAX_SIZE]);
  x->has_addrgenmode = false;
  if (tb[IFLA_AF_SPEC]) {
    struct nlattr *af;
    int rem;
    nla_for_each_nested(af, tb[IFLA_AF_SPEC], rem) {
      struct nlattr *t6[IFLA_INET6_MAX + 1];
      if (nla_type(af) == AF_INET6 && nla_parse_nested(t6, IFLA_INET6_MAX, af, NULL) == 0 &&
          t6[IFLA_INET6_ADDR_GEN_MODE])
        x->has_addrgenmode = nla_get_u8(t6[IFLA_INET6_ADDR_GEN_MODE]) == IN6_ADDR_GEN_MODE_EUI64;
    }
  }
}

static int extras_one(struct nl_msg *msg, void *arg) {
  extras_ctx *x = arg;
  struct nlmsghdr *h = nlmsg_hdr(msg);
  if (h->nlmsg_type != RTM_NEWLINK) return NL_SKIP;
  const struct ifinfomsg *ifi = nlmsg_data(h);
  nsp_link *l = NULL;
  for (size_t i = 0; i < x->n && !l; i++)
    if (x->links[i].ifindex == ifi->ifi_index) l = &x->links[i];
  if (!l) return NL_SKIP;
  struct nlattr *tb[IFLA_MAX + 1];
  if (nlmsg_parse(h, sizeof *ifi, tb, IFLA_MAX, NULL) < 0) return NL_SKIP;
  l->flags = ifi->ifi_flags;
  if (tb[IFLA_MASTER]) l->master_ifindex = (int)nla_get_u32(tb[IFLA_MASTER]);
  if (tb[IFLA_OPERSTATE]) l->operstate = nla_get_u8(tb[IFLA_OPERSTATE]);
  if (tb[IFLA_PROMISCUITY]) l->promiscuity = nla_get_u32(tb[IFLA_PROMISCUITY]);
  if (tb[IFLA_ALLMULTI]) l->allmulti = nla_get_u32(tb[IFLA_ALLMULTI]);
  if (tb[IFLA_LINKINFO]) extras_linkinfo(tb[IFLA_LINKINFO], l);
  extras_details(tb, &l->det);
  return NL_OK;
}

void real_nl_link_extras(struct nl_sock *sk, nsp_link *links, size_t n) {
  extras_ctx x = {.links = links, .n = n};
  struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC};
  struct nl_msg *m = real_nl_msg_new(RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof ifi);
  /* the bridge and port details come with a dump asking for them */
  nla_put_u32(m, IFLA_EXT_MASK, RTEXT_FILTER_VF);
  real_nl_request(sk, m, true, extras_one, &x);
}
