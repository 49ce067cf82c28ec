/* Route netlink through libnl-route (see real/nl.h).
 *
 * Errors: libnl turns the kernel's errno into an NLE_* code and drops the
 * extended ack, so each operation installs, for its duration, an error
 * callback on the socket (nl_socket_modify_err_cb) that keeps nlmsgerr's
 * errno and the NLMSGERR_ATTR_MSG attribute; libnl's own calls clone the
 * socket's callbacks and so run it too.  The state lives on the caller's
 * stack: nothing is kept between calls and nothing at file scope. */
#include "real/nl.h"
#include "real/nl_priv.h"

#include <errno.h>
#include <glib.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <string.h>
#include <sys/socket.h>

#include "proto/inet.h"
#include "real/ns.h"

/* ---- errors ------------------------------------------------------------- */


/* libnl hands over the nlmsgerr inside the received message, its header
 * just before it.  The extended ack follows the nlmsgerr and, unless
 * NLM_F_CAPPED, a copy of the request (iproute2's nl_dump_ext_ack()). */
static int nl_ack_err_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg) {
  real_nl_ack *a = arg;
  const struct nlmsghdr *h = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
  size_t total = h->nlmsg_len - NLMSG_HDRLEN, off = sizeof *e;
  a->err = -e->error;
  a->msg[0] = '\0';
  if (!(h->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= NLMSG_HDRLEN)
    off += e->msg.nlmsg_len - NLMSG_HDRLEN;
  off = NLMSG_ALIGN(off);
  const struct nlattr *m = NULL;
  if ((h->nlmsg_flags & NLM_F_ACK_TLVS) && off < total)
    m = nla_find((const struct nlattr *)((const char *)e + off), (int)(total - off), NLMSGERR_ATTR_MSG);
  if (m) {
    size_t len = MIN(strnlen(nla_data(m), (size_t)nla_len(m)), sizeof a->msg - 1);
    memcpy(a->msg, nla_data(m), len);
    a->msg[len] = '\0';
    if (len > 0 && a->msg[len - 1] == '.') a->msg[len - 1] = '\0';
  }
  return NL_STOP; /* libnl then returns its NLE_* code as usual */
}

void real_nl_ack_watch(struct nl_sock *sk, real_nl_ack *a) {
  memset(a, 0, sizeof *a);
  nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, nl_ack_err_cb, a);
}

/* The nearest errno of a failure inside libnl. */
static int nl_errno(int nlerr) {
  switch (-nlerr) {
    case NLE_NOMEM: return ENOMEM;
    case NLE_MSGSIZE: return EMSGSIZE;
    case NLE_RANGE: return ERANGE;
    case NLE_AGAIN: return EAGAIN;
    case NLE_BAD_SOCK: return EBADF;
    case NLE_INVAL:
    case NLE_MISSING_ATTR:
    case NLE_AF_MISMATCH: return EINVAL;
    default: return EIO;
  }
}

/* Stops watching; true when libnl's result nlerr is a success, otherwise
 * st says why, in the kernel's words when the kernel refused. */
bool real_nl_ack_done(struct nl_sock *sk, real_nl_ack *a, int nlerr, nsp_status *st) {
  int sys = errno; /* nl_recv()'s recvmsg() failure, when that was it */
  nl_socket_modify_err_cb(sk, NL_CB_DEFAULT, NULL, NULL);
  if (nlerr >= 0) return true;
  if (a->err) {
    nsp_status_set(st, a->err, a->msg);
  } else if (nlerr == -NLE_NOMEM && sys == ENOBUFS) {
    /* the socket's receive queue overflowed: libnl says NLE_NOMEM, iproute2
     * "netlink receive error" with the errno (tests/faults/nl_faults.sh) */
    nsp_status_set(st, ENOBUFS, NULL);
    if (st) st->recv_error = true;
  } else {
    nsp_status_set(st, nl_errno(nlerr), NULL);
  }
  return false;
}

/* ---- sockets and raw requests ------------------------------------------- */

/* OOM aborts, as g_malloc() does */
void *real_nl_need(void *p) {
  if (!p) g_error("nl: out of memory");
  return p;
}

struct nl_sock *real_nl_open(int nsfd, nsp_status *st) {
  struct nl_sock *sk = real_nl_need(nl_socket_alloc());
  int one = 1, saved = real_ns_enter(nsfd), err = -1;
  if (saved < 0) {
    nsp_status_set(st, errno, NULL);
  } else {
    err = nl_connect(sk, NETLINK_ROUTE); /* the socket belongs to nsfd from here on */
    real_ns_leave(saved);
    if (err < 0) nsp_status_set(st, nl_errno(err), NULL);
    else if (setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one) != 0)
      nsp_status_set(st, errno, NULL), err = -1;
  }
  if (err < 0) nl_socket_free(sk);
  return err < 0 ? NULL : sk;
}

void real_nl_close(struct nl_sock *sk) { nl_socket_free(sk); }

/* Sends msg (freed here) and feeds every answer to `valid`: a dump up to
 * its NLMSG_DONE, or a single answer and then its ACK (as rtnl_talk()). */
int real_nl_request(struct nl_sock *sk, struct nl_msg *msg, bool dump, nl_recvmsg_msg_cb_t valid,
                      void *arg) {
  int err = nl_send_auto(sk, msg);
  nlmsg_free(msg);
  if (err < 0) return err;
  struct nl_cb *s = nl_socket_get_cb(sk);
  struct nl_cb *cb = nl_cb_clone(s); /* keeps the socket's error callback */
  nl_cb_put(s);
  if (!cb) return -NLE_NOMEM;
  nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, arg);
  err = nl_recvmsgs(sk, cb);
  nl_cb_put(cb);
  if (err >= 0 && !dump) err = nl_wait_for_ack(sk);
  return err;
}

struct nl_msg *real_nl_msg_new(int type, int flags, const void *hdr, size_t len) {
  struct nl_msg *m = real_nl_need(nlmsg_alloc_simple(type, flags));
  if (nlmsg_append(m, (void *)hdr, len, NLMSG_ALIGNTO) < 0) g_error("nl: out of memory");
  return m;
}

struct nl_addr *real_nl_ip4(uint32_t a, unsigned plen) {
  uint8_t b[4];
  inet_put32(b, a);
  struct nl_addr *x = real_nl_need(nl_addr_build(AF_INET, b, sizeof b));
  nl_addr_set_prefixlen(x, (int)plen);
  return x;
}

uint32_t real_nl_ip4_get(struct nl_addr *a) {
  return a && nl_addr_get_len(a) == 4 ? inet_get32(nl_addr_get_binary_addr(a)) : 0;
}

void real_nla_put_ip4(struct nl_msg *m, int type, uint32_t a) {
  uint8_t b[4];
  inet_put32(b, a);
  nla_put(m, type, sizeof b, b);
}

/* ---- links -------------------------------------------------------------- */

/* Not rtnl_link_veth_add(): it always sends IFLA_NET_NS_PID for the peer,
 * and a pid's namespace is its thread group leader's, not the socket's. */
/* One end of the RTM_NEWLINK below: the index we chose, its namespace
 * (IFLA_NET_NS_FD, -1: the socket's) and IFF_UP. */
static void veth_end_set(struct rtnl_link *l, const real_nl_veth_end *e) {
  rtnl_link_set_name(l, e->name);
  if (e->ifindex) rtnl_link_set_ifindex(l, e->ifindex);
  if (e->nsfd >= 0) rtnl_link_set_ns_fd(l, e->nsfd);
  if (e->up) rtnl_link_set_flags(l, IFF_UP);
  /* One queue each way, asked for: without IFLA_NUM_{TX,RX}_QUEUES a veth
   * gets a queue per possible CPU and veth_newlink()'s veth_init_queues()
   * then cuts the real number down to 1 on the registered device, which
   * waits in synchronize_net() -- an expedited RCU grace period per end,
   * the larger part of a pair's creation here (2,400 sleeps for a chain of
   * 1,000 routers).  The queues in use are the same (one); only `ip -d link`
   * tells, with numtxqueues/numrxqueues 1 instead of the CPU count. */
  rtnl_link_set_num_tx_queues(l, 1);
  rtnl_link_set_num_rx_queues(l, 1);
}

bool real_nl_veth_add(struct nl_sock *sk, const real_nl_veth_end *end, const real_nl_veth_end *peer,
                      nsp_status *st) {
  struct rtnl_link *link = real_nl_need(rtnl_link_veth_alloc());
  struct rtnl_link *p = rtnl_link_veth_get_peer(link); /* a reference of ours (libnl >= 3.6) */
  veth_end_set(link, end);
  veth_end_set(p, peer);
  rtnl_link_put(p);
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  int err = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
  rtnl_link_put(link);
  return real_nl_ack_done(sk, &a, err, st);
}

static struct rtnl_link *link_new(int ifindex) {
  struct rtnl_link *l = real_nl_need(rtnl_link_alloc());
  if (ifindex) rtnl_link_set_ifindex(l, ifindex);
  return l;
}

bool real_nl_link_del(struct nl_sock *sk, int ifindex, nsp_status *st) {
  struct rtnl_link *l = link_new(ifindex);
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  int err = rtnl_link_delete(sk, l);
  rtnl_link_put(l);
  return real_nl_ack_done(sk, &a, err, st);
}

/* RTM_NEWLINK for ifindex with the attributes set in `change` (consumed). */
static bool link_change(struct nl_sock *sk, int ifindex, struct rtnl_link *change, nsp_status *st) {
  struct rtnl_link *orig = link_new(ifindex);
  real_nl_ack a;
  real_nl_ack_watch(sk, &a);
  int err = rtnl_link_change(sk, orig, change, 0);
  rtnl_link_put(orig);
  rtnl_link_put(change);
  return real_nl_ack_done(sk, &a, err, st);
}

int real_nl_link_index(struct nl_sock *sk, const char *name) {
  struct rtnl_link *l = NULL;
  if (rtnl_link_get_kernel(sk, 0, name, &l) != 0 || !l) return 0;
  int idx = rtnl_link_get_ifindex(l);
  rtnl_link_put(l);
  return idx;
}

bool real_nl_link_set_netns(struct nl_sock *sk, int ifindex, int target_nsfd, nsp_status *st) {
  /* iproute2 resolves the name with a single RTM_GETLINK first, and
   * rtnl_getlink() runs the device's pending link-watch event
   * (linkwatch_sync_dev() in net/core/rtnetlink.c): a new veth's operstate
   * is then computed while its peer is still beside it, which is what makes
   * it LOWERLAYERDOWN later (real/lazy.h).  The same request here. */
  struct rtnl_link *got = NULL;
  if (rtnl_link_get_kernel(sk, ifindex, NULL, &got) == 0) rtnl_link_put(got);
  struct rtnl_link *c = link_new(0);
  rtnl_link_set_ns_fd(c, target_nsfd);
  return link_change(sk, ifindex, c, st);
}

bool real_nl_link_set_up(struct nl_sock *sk, int ifindex, bool up, nsp_status *st) {
  struct rtnl_link *c = link_new(0);
  if (up) rtnl_link_set_flags(c, IFF_UP);
  else rtnl_link_unset_flags(c, IFF_UP); /* ifi_change = IFF_UP, ifi_flags = 0 */
  return link_change(sk, ifindex, c, st);
}

bool real_nl_link_set_mac(struct nl_sock *sk, int ifindex, const ether_addr *mac, nsp_status *st) {
  struct rtnl_link *c = link_new(0);
  struct nl_addr *lladdr = real_nl_need(nl_addr_build(AF_LLC, mac->b, ETHER_ADDR_LEN));
  rtnl_link_set_addr(c, lladdr);
  nl_addr_put(lladdr);
  return link_change(sk, ifindex, c, st);
}

static void link_fill(nsp_link *l, struct rtnl_link *k) {
  l->ifindex = rtnl_link_get_ifindex(k);
  g_strlcpy(l->name, rtnl_link_get_name(k) ? rtnl_link_get_name(k) : "", sizeof l->name);
  l->flags = rtnl_link_get_flags(k);
  l->kind = (l->flags & IFF_LOOPBACK) ? NSP_LINK_LOOPBACK : NSP_LINK_VETH;
  l->carrier = rtnl_link_get_carrier(k) != 0;
  l->mtu = rtnl_link_get_mtu(k);
  struct nl_addr *mac = rtnl_link_get_addr(k);
  if (mac && nl_addr_get_len(mac) == ETHER_ADDR_LEN)
    memcpy(l->mac.b, nl_addr_get_binary_addr(mac), ETHER_ADDR_LEN);
  l->peer_ifindex = rtnl_link_get_link(k);
  int32_t nsid;
  l->peer_nsid = rtnl_link_get_link_netnsid(k, &nsid) == 0 ? nsid : -1;
  l->oper_lowerdown = rtnl_link_get_operstate(k) == IF_OPER_LOWERLAYERDOWN;
  l->operstate = rtnl_link_get_operstate(k);
  const char *q = rtnl_link_get_qdisc(k);
  l->qdisc_noqueue = q && strcmp(q, "noqueue") == 0;
}

/* nsp_link and nsp_addr both begin with their int ifindex */
static gint ifindex_cmp(gconstpointer x, gconstpointer y) {
  int a = *(const int *)x, b = *(const int *)y;
  return (a > b) - (a < b);
}

static void link_peer_names(nsp_link *l, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (l[i].peer_nsid >= 0 || !l[i].peer_ifindex) continue;
    for (size_t j = 0; j < n; j++)
      if (l[j].ifindex == l[i].peer_ifindex)
        g_strlcpy(l[i].peer_name, l[j].name, sizeof l[i].peer_name);
  }
}

nsp_link *real_nl_link_list(struct nl_sock *sk, size_t *n) {
  struct nl_cache *cache = NULL;
  *n = 0;
  if (rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache) < 0) return NULL;
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_link));
  for (struct nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
    nsp_link l = {0};
    link_fill(&l, (struct rtnl_link *)o);
    g_array_append_val(out, l);
  }
  nl_cache_free(cache);
  g_array_sort(out, ifindex_cmp);
  link_peer_names((nsp_link *)out->data, out->len);
  *n = out->len;
  return (nsp_link *)g_array_free(out, FALSE);
}

/* ---- addresses ---------------------------------------------------------- */

static struct rtnl_addr *addr_new(const nsp_addr *a) {
  struct rtnl_addr *x = real_nl_need(rtnl_addr_alloc());
  rtnl_addr_set_family(x, AF_INET);
  rtnl_addr_set_ifindex(x, a->ifindex);
  struct nl_addr *local = real_nl_ip4(a->local, a->plen);
  rtnl_addr_set_local(x, local); /* IFA_LOCAL and IFA_ADDRESS; prefixlen from it */
  nl_addr_put(local);
  rtnl_addr_set_scope(x, a->scope);
  if (a->brd) {
    struct nl_addr *brd = real_nl_ip4(a->brd, 32);
    rtnl_addr_set_broadcast(x, brd);
    nl_addr_put(brd);
  }
  if (a->label[0]) rtnl_addr_set_label(x, a->label);
  return x;
}

bool real_nl_addr_add(struct nl_sock *sk, const nsp_addr *a, nsp_status *st) {
  struct rtnl_addr *x = addr_new(a);
  real_nl_ack ack;
  real_nl_ack_watch(sk, &ack);
  int err = rtnl_addr_add(sk, x, NLM_F_EXCL);
  rtnl_addr_put(x);
  return real_nl_ack_done(sk, &ack, err, st);
}

/* iproute2's wildcard deletion: IFA_LOCAL without IFA_ADDRESS, which
 * libnl's rtnl_addr_delete() always adds; the kernel then ignores the
 * prefix length. */
static int addr_del_wildcard(struct nl_sock *sk, const nsp_addr *a) {
  struct ifaddrmsg ifa = {.ifa_family = AF_INET, .ifa_prefixlen = 32, .ifa_scope = a->scope,
                          .ifa_index = (uint32_t)a->ifindex};
  struct nl_msg *m = real_nl_msg_new(RTM_DELADDR, 0, &ifa, sizeof ifa);
  real_nla_put_ip4(m, IFA_LOCAL, a->local);
  if (a->label[0]) nla_put_string(m, IFA_LABEL, a->label);
  return nl_send_sync(sk, m); /* frees m */
}

bool real_nl_addr_del(struct nl_sock *sk, const nsp_addr *a, nsp_status *st) {
  real_nl_ack ack;
  int err;
  real_nl_ack_watch(sk, &ack);
  if (a->plen == 0) {
    err = addr_del_wildcard(sk, a);
  } else {
    struct rtnl_addr *x = addr_new(a);
    err = rtnl_addr_delete(sk, x, 0);
    rtnl_addr_put(x);
  }
  return real_nl_ack_done(sk, &ack, err, st);
}

nsp_addr *real_nl_addr_list(struct nl_sock *sk, size_t *n) {
  struct nl_cache *cache = NULL;
  *n = 0;
  if (rtnl_addr_alloc_cache(sk, &cache) < 0) return NULL;
  GArray *out = g_array_new(FALSE, TRUE, sizeof(nsp_addr));
  for (struct nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
    struct rtnl_addr *x = (struct rtnl_addr *)o;
    if (rtnl_addr_get_family(x) != AF_INET) continue;
    nsp_addr a = {.ifindex = rtnl_addr_get_ifindex(x),
                  .local = real_nl_ip4_get(rtnl_addr_get_local(x)),
                  .plen = (uint8_t)rtnl_addr_get_prefixlen(x),
                  .scope = (uint8_t)rtnl_addr_get_scope(x),
                  .flags = rtnl_addr_get_flags(x) & NSP_IFA_F_SECONDARY,
                  .brd = real_nl_ip4_get(rtnl_addr_get_broadcast(x))};
    if (rtnl_addr_get_label(x)) g_strlcpy(a.label, rtnl_addr_get_label(x), sizeof a.label);
    g_array_append_val(out, a);
  }
  nl_cache_free(cache);
  g_array_sort(out, ifindex_cmp); /* stable: the kernel's order within a link stays */
  *n = out->len;
  return (nsp_addr *)g_array_free(out, FALSE);
}

/* The IPv6 addresses `ip address show` lists beside the IPv4 ones: the
 * link-local of each link (and whether DAD still runs), ::1 on lo. */
void real_nl_link_inet6(struct nl_sock *sk, nsp_link *links, size_t n) {
  struct nl_cache *cache = NULL;
  if (rtnl_addr_alloc_cache(sk, &cache) < 0) return;
  for (struct nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
    struct rtnl_addr *x = (struct rtnl_addr *)o;
    struct nl_addr *l = rtnl_addr_get_local(x);
    if (rtnl_addr_get_family(x) != AF_INET6 || !l || nl_addr_get_len(l) != 16) continue;
    const uint8_t *b = nl_addr_get_binary_addr(l);
    for (size_t i = 0; i < n; i++) {
      if (links[i].ifindex != rtnl_addr_get_ifindex(x)) continue;
      if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) {
        links[i].inet6_ll = true;
        links[i].inet6_ll_tentative = (rtnl_addr_get_flags(x) & IFA_F_TENTATIVE) != 0;
      } else if (b[15] == 1 && !memcmp(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15)) {
        links[i].inet6_lo = true;
      }
    }
  }
  nl_cache_free(cache);
}

