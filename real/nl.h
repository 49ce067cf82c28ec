/* Route netlink for the real backend: the backend's link, address, route
 * and neighbour operations (core/backend.h) on a kernel namespace, through
 * libnl-route where it has a call and hand-built messages where it has none
 * (RTM_GETROUTE for one lookup, RTM_GETNSID, wildcard RTM_DELADDR).
 *
 * Every function acts in the namespace its nl_sock was created in, whatever
 * namespace the calling thread is in.  A failure is reported as the kernel
 * sent it: the positive errno in st->err and the extended-ack message
 * (NLMSGERR_ATTR_MSG, without a trailing period) in st->extack; a failure
 * inside libnl (no memory, a short buffer) gives the nearest errno and no
 * message.  st is left alone on success.  Lists return a g_malloc'd array
 * (g_free it) and set *n; on a failed dump they return NULL with *n = 0.
 *
 * IPv4 addresses are host order, as everywhere in nspath. */
#ifndef REAL_NL_H
#define REAL_NL_H

#include <netlink/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"

/* A route netlink socket inside the namespace `nsfd` (the calling thread
 * enters it with setns() just for socket creation, then returns to its
 * own), with NETLINK_EXT_ACK on.  NULL with st set on failure. */
struct nl_sock *real_nl_open(int nsfd, nsp_status *st);
void real_nl_close(struct nl_sock *sk);

/* One end of a veth pair to create: ifindex 0 lets the kernel choose, nsfd
 * -1 keeps it in the socket's namespace, up brings it up in the same
 * request. */
typedef struct {
  const char *name;
  int ifindex;
  int nsfd;
  bool up;
} real_nl_veth_end;

/* `ip link add NAME type veth peer name PEER`, each end placed as given (one
 * RTM_NEWLINK, IFLA_NET_NS_FD on the link and inside VETH_INFO_PEER). */
bool real_nl_veth_add(struct nl_sock *sk, const real_nl_veth_end *end, const real_nl_veth_end *peer,
                      nsp_status *st);
bool real_nl_link_del(struct nl_sock *sk, int ifindex, nsp_status *st);
/* NAME's ifindex (one RTM_GETLINK by IFLA_IFNAME, as iproute2 resolves
 * names), 0 when there is none. */
int real_nl_link_index(struct nl_sock *sk, const char *name);
/* `ip link set DEV netns NS` with IFLA_NET_NS_FD = target_nsfd. */
bool real_nl_link_set_netns(struct nl_sock *sk, int ifindex, int target_nsfd, nsp_status *st);
bool real_nl_link_set_up(struct nl_sock *sk, int ifindex, bool up, nsp_status *st);
bool real_nl_link_set_mac(struct nl_sock *sk, int ifindex, const ether_addr *mac, nsp_status *st);
/* All links ordered by ifindex: name, kind (loopback when IFF_LOOPBACK, veth
 * otherwise), flags as the kernel reports them, carrier, mtu, mac,
 * peer_ifindex (IFLA_LINK, 0 when absent), peer_nsid (IFLA_LINK_NETNSID, -1
 * when absent), peer_name (when the peer is in this namespace),
 * oper_lowerdown (IF_OPER_LOWERLAYERDOWN), qdisc_noqueue.  peer_ns is left
 * "" (the caller maps nsids to names) and the inet6 fields false. */
nsp_link *real_nl_link_list(struct nl_sock *sk, size_t *n);

/* `ip link add NAME type bridge ...` with the index given (the one the
 * kernel would pick: real/lazy.h), `ip link set DEV master BR` (master 0:
 * nomaster), the AF_BRIDGE neighbour dump of `bridge fdb show`. */
bool real_nl_bridge_add(struct nl_sock *sk, const char *name, int ifindex,
                        const nsp_bridge_cfg *cfg, nsp_status *st);
bool real_nl_link_set_master(struct nl_sock *sk, int ifindex, int master, nsp_status *st);
nsp_fdb *real_nl_fdb_list(struct nl_sock *sk, size_t *n);
/* What libnl's link objects leave out, from a raw RTM_GETLINK dump: the
 * flags as sent, kind bridge, master, operstate, promiscuity, allmulti,
 * the bridge's and the port's details. */
void real_nl_link_extras(struct nl_sock *sk, nsp_link *links, size_t n);

/* `ip address add`: IFA_LOCAL = IFA_ADDRESS = local, prefixlen, scope,
 * IFA_BROADCAST when brd, IFA_LABEL when label[0]; NLM_F_CREATE|NLM_F_EXCL. */
bool real_nl_addr_add(struct nl_sock *sk, const nsp_addr *a, nsp_status *st);
/* `ip address del`: plen 0 is iproute2's wildcard deletion (IFA_LOCAL only,
 * any prefix length matches). */
bool real_nl_addr_del(struct nl_sock *sk, const nsp_addr *a, nsp_status *st);
/* IPv4 addresses ordered by ifindex, then as the kernel dumps them. */
nsp_addr *real_nl_addr_list(struct nl_sock *sk, size_t *n);

/* `ip route add|replace|change|append|prepend` with rq->nlflags (0:
 * CREATE|EXCL) and `ip route del`: rtm_table (RTA_TABLE from 256 on),
 * type, protocol and scope from rq->r as given; RTA_DST unless plen is 0,
 * RTA_GATEWAY when gw, RTA_OIF when oif, RTA_PREFSRC when prefsrc,
 * RTA_PRIORITY when has_metric. */
bool real_nl_route_add(struct nl_sock *sk, const nsp_route_req *rq, nsp_status *st);
bool real_nl_route_del(struct nl_sock *sk, const nsp_route_req *rq, nsp_status *st);
/* IPv4 routes of one table (0: all) in the kernel's dump order; nh_flags
 * are the RTNH_F_* bits of rtm_flags and of the first nexthop; NULL with
 * st when the kernel refuses the dump (a table that does not exist). */
nsp_route *real_nl_route_list(struct nl_sock *sk, uint32_t table, size_t *n, nsp_status *st);
/* `ip route get` (core/backend.h nsp_route_get_req). */
nsp_route_get *real_nl_route_cache_list(struct nl_sock *sk, size_t *n, nsp_status *st);
bool real_nl_route_get(struct nl_sock *sk, const nsp_route_get_req *q, nsp_route_get *out,
                       nsp_status *st);

/* `ip rule add|del` (RTM_NEWRULE with NLM_F_CREATE|NLM_F_EXCL, RTM_DELRULE)
 * and the IPv4 rule dump, as ip/iprule.c sends and reads them. */
bool real_nl_rule_add(struct nl_sock *sk, const nsp_rule *r, nsp_status *st);
bool real_nl_rule_del(struct nl_sock *sk, const nsp_rule *r, nsp_status *st);
nsp_rule *real_nl_rule_list(struct nl_sock *sk, size_t *n);

/* `ip nexthop add|replace|del` and the dump (or one id), as
 * ip/ipnexthop.c sends and reads them. */
bool real_nl_nexthop_add(struct nl_sock *sk, const nsp_nexthop *nh, unsigned nlflags,
                         nsp_status *st);
bool real_nl_nexthop_del(struct nl_sock *sk, const nsp_nexthop *nh, nsp_status *st);
nsp_nexthop *real_nl_nexthop_list(struct nl_sock *sk, uint32_t id, size_t *n, nsp_status *st);

/* real/nl_neigh.c: IPv4 neighbours with their NUD state and flags (NOARP
 * entries included), or the proxy table; RTM_NEWNEIGH and RTM_DELNEIGH. */
nsp_neigh *real_nl_neigh_list(struct nl_sock *sk, bool proxy, size_t *n);
bool real_nl_neigh_modify(struct nl_sock *sk, const nsp_neigh_req *rq, nsp_status *st);
bool real_nl_neigh_del(struct nl_sock *sk, const nsp_neigh_req *rq, nsp_status *st);

/* RTM_GETNSID with NETNSA_FD: the id sk's namespace has for the namespace
 * nsfd, -1 when none is assigned (or on error). */
void real_nl_link_inet6(struct nl_sock *sk, nsp_link *links, size_t n);
int real_nl_nsid(struct nl_sock *sk, int nsfd);

#endif
