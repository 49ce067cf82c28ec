/* real/nl.c against the kernel.  Root only: each test makes two private
 * network namespaces with unshare(CLONE_NEWNET), held by descriptors and
 * never bind-mounted, and talks to them from the host namespace, so the
 * kernel removes them (veths and all) when the test closes them.  Tests
 * skip when not root or when no namespace can be made. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib.h>
#include <netinet/in.h>

#include "proto/inet.h"
#include "real/nl.h"

/* Names no host is likely to have: a veth leaking into the host namespace
 * would show up under them (checked with if_nametoindex()). */
#define VA "nlt-a"
#define VB "nlt-b"
#define VC "nlt-c"
#define VD "nlt-d"

typedef struct {
  int ns[2];             /* A and B */
  struct nl_sock *sk[2];
} fx;

/* A namespace held only by the returned descriptor; -1 when none can be made. */
static int ns_new(void) {
  int host = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (host < 0) return -1;
  int fd = -1;
  if (unshare(CLONE_NEWNET) == 0) {
    fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (setns(host, CLONE_NEWNET) != 0) abort(); /* never run on in the wrong namespace */
  }
  close(host);
  return fd;
}

static int teardown(void **state) {
  fx *f = *state;
  if (!f) return 0;
  for (int i = 0; i < 2; i++) {
    if (f->sk[i]) real_nl_close(f->sk[i]);
    if (f->ns[i] >= 0) close(f->ns[i]);
  }
  g_free(f);
  *state = NULL;
  return 0;
}

/* Leaves *state NULL (and the test skips) without root or namespaces. */
static int setup(void **state) {
  *state = NULL;
  if (geteuid() != 0) return 0;
  fx *f = g_new0(fx, 1);
  f->ns[0] = f->ns[1] = -1;
  *state = f;
  for (int i = 0; i < 2; i++) {
    nsp_status st = {0};
    f->ns[i] = ns_new();
    if (f->ns[i] < 0 || !(f->sk[i] = real_nl_open(f->ns[i], &st))) return teardown(state);
  }
  return 0;
}

#define FX(state)                 \
  fx *f = *(state);               \
  if (!f) skip();                 \
  struct nl_sock *a = f->sk[0];   \
  (void)a

static uint32_t ip(const char *s) {
  uint32_t v = 0;
  assert_true(ipv4_addr_pton(s, &v));
  return v;
}

/* The link called name, ifindex 0 when missing. */
static nsp_link link_get(struct nl_sock *sk, const char *name) {
  size_t n;
  nsp_link *l = real_nl_link_list(sk, &n), r = {0};
  for (size_t i = 0; i < n; i++)
    if (strcmp(l[i].name, name) == 0) r = l[i];
  g_free(l);
  return r;
}

static int idx(struct nl_sock *sk, const char *name) { return link_get(sk, name).ifindex; }

static void veth(struct nl_sock *sk, const char *x, const char *y) {
  nsp_status st = {0};
  real_nl_veth_end ex = {.name = x, .nsfd = -1}, ey = {.name = y, .nsfd = -1};
  assert_true(real_nl_veth_add(sk, &ex, &ey, &st));
  assert_int_equal(if_nametoindex(x), 0); /* not in the host namespace */
  assert_int_equal(if_nametoindex(y), 0);
}

static void up(struct nl_sock *sk, const char *name) {
  nsp_status st = {0};
  assert_true(real_nl_link_set_up(sk, idx(sk, name), true, &st));
}

static void addr(struct nl_sock *sk, const char *dev, const char *local, int plen) {
  nsp_status st = {0};
  nsp_addr x = {.ifindex = idx(sk, dev), .local = ip(local), .plen = (uint8_t)plen};
  assert_true(real_nl_addr_add(sk, &x, &st));
}

/* Operational state follows carrier through the kernel's linkwatch work,
 * a moment later: wait up to two seconds for it. */
static nsp_link link_wait_lowerdown(struct nl_sock *sk, const char *name, bool want) {
  nsp_link l = link_get(sk, name);
  for (int i = 0; i < 200 && l.oper_lowerdown != want; i++) {
    g_usleep(10000);
    l = link_get(sk, name);
  }
  return l;
}

/* ---- links -------------------------------------------------------------- */

static void test_open_bad_fd(void **state) {
  FX(state);
  nsp_status st = {0};
  assert_null(real_nl_open(-1, &st));
  assert_int_equal(st.err, EBADF);
}

static void test_veth_add(void **state) {
  FX(state);
  nsp_status st = {0};
  veth(a, VA, VB);
  size_t n;
  nsp_link *l = real_nl_link_list(a, &n);
  assert_int_equal(n, 3);
  assert_string_equal(l[0].name, "lo");
  assert_int_equal(l[0].kind, NSP_LINK_LOOPBACK);
  assert_true(l[0].flags & NSP_IFF_LOOPBACK);
  assert_int_equal(l[0].peer_ifindex, 0);
  assert_true(l[0].ifindex < l[1].ifindex && l[1].ifindex < l[2].ifindex);
  g_free(l);
  nsp_link x = link_get(a, VA), y = link_get(a, VB);
  assert_int_equal(x.kind, NSP_LINK_VETH);
  assert_int_equal(x.peer_ifindex, y.ifindex);
  assert_int_equal(y.peer_ifindex, x.ifindex);
  assert_int_equal(x.peer_nsid, -1);
  assert_string_equal(x.peer_name, VB);
  assert_string_equal(y.peer_name, VA);
  assert_string_equal(x.peer_ns, "");
  assert_true(x.flags & NSP_IFF_BROADCAST);
  assert_true(x.flags & NSP_IFF_MULTICAST);
  assert_int_equal(x.flags & (NSP_IFF_UP | NSP_IFF_LOWER_UP), 0);
  assert_int_equal(x.mtu, 1500);
  assert_false(x.qdisc_noqueue); /* noop until first up */
  assert_false(x.oper_lowerdown);
  real_nl_veth_end ea = {.name = VA, .nsfd = -1}, ec = {.name = VC, .nsfd = -1};
  assert_false(real_nl_veth_add(a, &ea, &ec, &st));
  assert_int_equal(st.err, EEXIST);
}

/* One request places each end in its namespace with the index asked for
 * and the first end up; the shortcut real/lazy.c takes instead of moves. */
static void test_veth_add_placed(void **state) {
  FX(state);
  struct nl_sock *b = f->sk[1];
  nsp_status st = {0};
  real_nl_veth_end x = {.name = VA, .ifindex = 41, .nsfd = f->ns[0], .up = true};
  real_nl_veth_end y = {.name = VB, .ifindex = 40, .nsfd = f->ns[1]};
  assert_true(real_nl_veth_add(a, &x, &y, &st));
  nsp_link lx = link_get(a, VA), ly = link_get(b, VB);
  assert_int_equal(lx.ifindex, 41);
  assert_int_equal(ly.ifindex, 40);
  assert_int_equal(lx.peer_ifindex, 40);
  assert_true(lx.flags & NSP_IFF_UP);
  assert_int_equal(ly.flags & NSP_IFF_UP, 0);
  assert_false(lx.carrier); /* the peer is down */
  assert_int_equal(idx(a, VB), 0);
  assert_true(real_nl_link_set_up(b, 40, true, &st));
  assert_true(link_get(a, VA).carrier);
  /* the peer's own IFF_UP would need the pair linked already: veth_open() */
  real_nl_veth_end z = {.name = VC, .nsfd = -1}, w = {.name = VD, .nsfd = f->ns[1], .up = true};
  assert_false(real_nl_veth_add(a, &z, &w, &st));
  assert_int_equal(st.err, ENOTCONN);
}

static void test_link_del(void **state) {
  FX(state);
  nsp_status st = {0};
  veth(a, VA, VB);
  assert_true(real_nl_link_del(a, idx(a, VB), &st));
  assert_int_equal(idx(a, VA), 0); /* the pair goes together */
  assert_false(real_nl_link_del(a, 999, &st));
  assert_int_equal(st.err, ENODEV);
}

static void test_up_down_carrier(void **state) {
  FX(state);
  nsp_status st = {0};
  veth(a, VA, VB);
  up(a, VA);
  nsp_link x = link_wait_lowerdown(a, VA, true);
  assert_true(x.flags & NSP_IFF_UP);
  assert_false(x.flags & NSP_IFF_LOWER_UP);
  assert_false(x.carrier);
  assert_true(x.oper_lowerdown);
  assert_true(x.qdisc_noqueue);
  up(a, VB);
  x = link_wait_lowerdown(a, VA, false);
  assert_true(x.carrier);
  assert_true(x.flags & NSP_IFF_LOWER_UP);
  assert_false(x.oper_lowerdown);
  assert_true(real_nl_link_set_up(a, x.ifindex, false, &st));
  x = link_get(a, VA);
  assert_false(x.flags & NSP_IFF_UP);
  assert_true(x.qdisc_noqueue); /* stays once it has been up */
  assert_false(link_get(a, VB).carrier);
}

static void test_set_mac(void **state) {
  FX(state);
  nsp_status st = {0};
  veth(a, VA, VB);
  ether_addr mac = {{0x02, 0x00, 0x5e, 0x10, 0x20, 0x30}}, mcast = {{0x01, 0, 0, 0, 0, 1}};
  assert_true(real_nl_link_set_mac(a, idx(a, VA), &mac, &st));
  assert_memory_equal(link_get(a, VA).mac.b, mac.b, ETHER_ADDR_LEN);
  assert_false(real_nl_link_set_mac(a, idx(a, VA), &mcast, &st));
  assert_int_equal(st.err, EADDRNOTAVAIL);
}

static void test_set_netns_and_nsid(void **state) {
  FX(state);
  struct nl_sock *b = f->sk[1];
  nsp_status st = {0};
  veth(a, VA, VB);
  assert_int_equal(real_nl_nsid(a, f->ns[1]), -1); /* none until a link needs one */
  assert_true(real_nl_link_set_netns(a, idx(a, VB), f->ns[1], &st));
  assert_int_equal(idx(a, VB), 0);
  nsp_link x = link_get(a, VA), y = link_get(b, VB);
  assert_int_not_equal(y.ifindex, 0);
  assert_true(x.peer_nsid >= 0);
  assert_string_equal(x.peer_name, "");
  assert_int_equal(x.peer_ifindex, y.ifindex);
  assert_int_equal(real_nl_nsid(a, f->ns[1]), x.peer_nsid);
  assert_true(y.peer_nsid >= 0);
  assert_int_equal(real_nl_nsid(b, f->ns[0]), y.peer_nsid);
  int c = ns_new();
  assert_true(c >= 0);
  assert_int_equal(real_nl_nsid(a, c), -1);
  close(c);
  assert_false(real_nl_link_set_netns(a, x.ifindex, -1, &st));
  assert_int_equal(st.err, EBADF);
  assert_true(real_nl_link_del(a, x.ifindex, &st)); /* takes the end in B along */
  assert_int_equal(idx(b, VB), 0);
}

/* ---- addresses ---------------------------------------------------------- */

static void test_addr(void **state) {
  FX(state);
  nsp_status st = {0};
  veth(a, VA, VB);
  int va = idx(a, VA);
  nsp_addr x = {.ifindex = va, .local = ip("10.0.0.1"), .plen = 24, .brd = ip("10.0.0.255"),
                .label = VA ":1"};
  assert_true(real_nl_addr_add(a, &x, &st));
  assert_false(real_nl_addr_add(a, &x, &st));
  assert_int_equal(st.err, EEXIST);
  assert_string_equal(st.extack, "ipv4: Address already assigned");
  addr(a, VA, "10.0.0.2", 24);
  addr(a, VA, "10.9.0.1", 16);
  size_t n;
  nsp_addr *l = real_nl_addr_list(a, &n);
  assert_int_equal(n, 3);
  assert_int_equal(l[0].ifindex, va);
  assert_int_equal(l[0].local, ip("10.0.0.1"));
  assert_int_equal(l[0].plen, 24);
  assert_int_equal(l[0].scope, NSP_SCOPE_UNIVERSE);
  assert_int_equal(l[0].brd, ip("10.0.0.255"));
  assert_string_equal(l[0].label, VA ":1");
  assert_int_equal(l[0].flags, 0);
  /* the kernel keeps a link's primaries ahead of its secondaries */
  assert_int_equal(l[1].local, ip("10.9.0.1"));
  assert_int_equal(l[1].flags, 0);
  assert_int_equal(l[2].local, ip("10.0.0.2"));
  assert_int_equal(l[2].flags, NSP_IFA_F_SECONDARY);
  assert_int_equal(l[2].brd, 0);
  assert_string_equal(l[2].label, VA);
  g_free(l);
  nsp_addr w = {.ifindex = va, .local = ip("10.0.0.2")}; /* plen 0: any length */
  assert_true(real_nl_addr_del(a, &w, &st));
  assert_false(real_nl_addr_del(a, &w, &st));
  assert_int_equal(st.err, EADDRNOTAVAIL);
  nsp_addr wrong = {.ifindex = va, .local = ip("10.9.0.1"), .plen = 24};
  assert_false(real_nl_addr_del(a, &wrong, &st));
  assert_int_equal(st.err, EADDRNOTAVAIL);
  wrong.plen = 16;
  assert_true(real_nl_addr_del(a, &wrong, &st));
  l = real_nl_addr_list(a, &n);
  assert_int_equal(n, 1);
  g_free(l);
}

/* ---- routes ------------------------------------------------------------- */

/* 10.0.0.1/24 on VA (up, with carrier) */
static int route_net(struct nl_sock *a) {
  veth(a, VA, VB);
  addr(a, VA, "10.0.0.1", 24);
  up(a, VA);
  up(a, VB);
  return idx(a, VA);
}

static nsp_route_req route_req(const char *dst, int plen, const char *gw, int oif, bool add) {
  nsp_route_req rq = {.r = {.table = NSP_RT_TABLE_MAIN, .dst = ip(dst), .plen = (uint8_t)plen}};
  rq.r.oif = oif;
  if (gw) rq.r.gw = ip(gw);
  if (add) { /* as core/cmd_route.c builds them */
    rq.r.protocol = NSP_RTPROT_BOOT, rq.r.type = NSP_RTN_UNICAST;
    rq.has_protocol = rq.has_type = true;
    rq.r.scope = gw ? NSP_SCOPE_UNIVERSE : NSP_SCOPE_LINK;
  } else {
    rq.r.scope = NSP_SCOPE_NOWHERE;
    rq.has_scope = true;
  }
  return rq;
}

static const nsp_route *route_find(const nsp_route *r, size_t n, const char *dst, int plen) {
  for (size_t i = 0; i < n; i++)
    if (r[i].dst == ip(dst) && r[i].plen == plen) return &r[i];
  return NULL;
}

static void test_route_add_list_del(void **state) {
  FX(state);
  nsp_status st = {0};
  int va = route_net(a);
  nsp_route_req rq = route_req("192.168.5.0", 24, "10.0.0.2", 0, true);
  assert_true(real_nl_route_add(a, &rq, &st));
  assert_false(real_nl_route_add(a, &rq, &st));
  assert_int_equal(st.err, EEXIST);
  nsp_route_req m = route_req("192.168.6.0", 24, NULL, va, true);
  m.r.metric = 7, m.has_metric = true;
  assert_true(real_nl_route_add(a, &m, &st));
  size_t n;
  nsp_route *r = real_nl_route_list(a, NSP_RT_TABLE_MAIN, &n, &st);
  assert_int_equal(n, 3);
  const nsp_route *c = route_find(r, n, "10.0.0.0", 24), *g = route_find(r, n, "192.168.5.0", 24),
                  *d = route_find(r, n, "192.168.6.0", 24);
  assert_non_null(c);
  assert_int_equal(c->protocol, NSP_RTPROT_KERNEL);
  assert_int_equal(c->scope, NSP_SCOPE_LINK);
  assert_int_equal(c->prefsrc, ip("10.0.0.1"));
  assert_int_equal(c->oif, va);
  assert_int_equal(c->gw, 0);
  assert_non_null(g);
  assert_int_equal(g->type, NSP_RTN_UNICAST);
  assert_int_equal(g->protocol, NSP_RTPROT_BOOT);
  assert_int_equal(g->scope, NSP_SCOPE_UNIVERSE);
  assert_int_equal(g->gw, ip("10.0.0.2"));
  assert_int_equal(g->oif, va);
  assert_int_equal(g->metric, 0);
  assert_non_null(d);
  assert_int_equal(d->metric, 7);
  assert_int_equal(d->scope, NSP_SCOPE_LINK);
  assert_int_equal(d->table, NSP_RT_TABLE_MAIN);
  g_free(r);
  nsp_route_req del = route_req("192.168.5.0", 24, NULL, 0, false);
  assert_true(real_nl_route_del(a, &del, &st));
  assert_false(real_nl_route_del(a, &del, &st));
  assert_int_equal(st.err, ESRCH);
  r = real_nl_route_list(a, NSP_RT_TABLE_MAIN, &n, &st);
  assert_int_equal(n, 2);
  assert_null(route_find(r, n, "192.168.5.0", 24));
  g_free(r);
}

static void test_route_bad_gateway(void **state) {
  FX(state);
  nsp_status st = {0};
  route_net(a);
  /* no route at all towards the gateway: fib_lookup()'s error */
  nsp_route_req far = route_req("192.168.5.0", 24, "172.16.0.1", 0, true);
  assert_false(real_nl_route_add(a, &far, &st));
  assert_int_equal(st.err, ENETUNREACH);
  assert_string_equal(st.extack, "Nexthop has invalid gateway");
  /* the gateway's route is not unicast (a broadcast address) */
  nsp_route_req brd = route_req("192.168.5.0", 24, "10.0.0.255", 0, true);
  memset(&st, 0, sizeof st);
  assert_false(real_nl_route_add(a, &brd, &st));
  assert_int_equal(st.err, EINVAL);
  assert_string_equal(st.extack, "Nexthop has invalid gateway");
  /* one of our own addresses is accepted */
  nsp_route_req own = route_req("192.168.5.0", 24, "10.0.0.1", 0, true);
  assert_true(real_nl_route_add(a, &own, &st));
}

/* Two links in one subnet: two routes that differ only in their device,
 * which a libnl cache would merge into one. */
static void test_route_list_same_prefix(void **state) {
  FX(state);
  route_net(a);
  veth(a, VC, VD);
  addr(a, VC, "10.0.0.3", 24);
  up(a, VC);
  up(a, VD);
  size_t n;
  nsp_status st = {0};
  nsp_route *r = real_nl_route_list(a, NSP_RT_TABLE_MAIN, &n, &st);
  assert_int_equal(n, 2);
  assert_int_equal(r[0].dst, ip("10.0.0.0"));
  assert_int_equal(r[1].dst, ip("10.0.0.0"));
  assert_int_equal(r[0].oif, idx(a, VA));
  assert_int_equal(r[1].oif, idx(a, VC));
  g_free(r);
  r = real_nl_route_list(a, NSP_RT_TABLE_LOCAL, &n, &st);
  const nsp_route *l = route_find(r, n, "10.0.0.1", 32);
  assert_non_null(l);
  assert_int_equal(l->type, NSP_RTN_LOCAL);
  assert_int_equal(l->scope, NSP_SCOPE_HOST);
  assert_int_equal(l->table, NSP_RT_TABLE_LOCAL);
  int brd = 0;
  for (size_t i = 0; i < n; i++) brd += r[i].type == NSP_RTN_BROADCAST && r[i].dst == ip("10.0.0.255");
  assert_int_equal(brd, 2);
  g_free(r);
}

static void test_route_linkdown(void **state) {
  FX(state);
  nsp_status st = {0};
  route_net(a);
  assert_true(real_nl_link_set_up(a, idx(a, VB), false, &st));
  size_t n = 0;
  nsp_route *r = NULL;
  for (int i = 0; i < 200; i++) { /* carrier loss reaches the FIB through linkwatch */
    g_free(r);
    r = real_nl_route_list(a, NSP_RT_TABLE_MAIN, &n, &st);
    if (n == 1 && (r[0].nh_flags & NSP_RTNH_F_LINKDOWN)) break;
    g_usleep(10000);
  }
  assert_int_equal(n, 1);
  assert_int_equal(r[0].nh_flags, NSP_RTNH_F_LINKDOWN);
  g_free(r);
}

static void test_route_get(void **state) {
  FX(state);
  nsp_status st = {0};
  int va = route_net(a);
  nsp_route_req rq = route_req("192.168.5.0", 24, "10.0.0.2", 0, true);
  assert_true(real_nl_route_add(a, &rq, &st));
  nsp_route_get g;
  nsp_route_get_req q = {.dst = ip("10.0.0.1")};
  assert_true(real_nl_route_get(a, &q, &g, &st));
  assert_int_equal(g.type, NSP_RTN_LOCAL);
  assert_int_equal(g.dst, ip("10.0.0.1"));
  assert_int_equal(g.oif, idx(a, "lo"));
  assert_true(g.has_prefsrc);
  assert_int_equal(g.prefsrc, ip("10.0.0.1"));
  assert_int_equal(g.gw, 0);
  assert_true(g.flags & NSP_RTCF_LOCAL);
  q.dst = ip("192.168.5.9");
  assert_true(real_nl_route_get(a, &q, &g, &st));
  assert_int_equal(g.type, NSP_RTN_UNICAST);
  assert_int_equal(g.gw, ip("10.0.0.2"));
  assert_int_equal(g.oif, va);
  assert_int_equal(g.prefsrc, ip("10.0.0.1"));
  assert_false(g.has_src);
  assert_true(g.has_uid);
  q = (nsp_route_get_req){.dst = ip("10.0.0.7"), .src = ip("10.0.0.1"), .oif = va, .mark = 7};
  assert_true(real_nl_route_get(a, &q, &g, &st));
  assert_int_equal(g.type, NSP_RTN_UNICAST);
  assert_int_equal(g.gw, 0);
  assert_int_equal(g.oif, va);
  assert_true(g.has_src);
  assert_int_equal(g.src, ip("10.0.0.1"));
  assert_false(g.has_prefsrc);
  assert_int_equal(g.mark, 7);
  q = (nsp_route_get_req){.dst = ip("8.8.8.8")};
  assert_false(real_nl_route_get(a, &q, &g, &st));
  assert_int_equal(st.err, ENETUNREACH);
}

/* ---- neighbours --------------------------------------------------------- */

/* A UDP datagram sent from inside namespace nsfd, to make it resolve dst. */
static void udp_poke(int nsfd, uint32_t dst) {
  int host = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  assert_true(host >= 0);
  assert_int_equal(setns(nsfd, CLONE_NEWNET), 0);
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (setns(host, CLONE_NEWNET) != 0) abort();
  close(host);
  assert_true(s >= 0);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(dst)};
  sendto(s, "x", 1, 0, (struct sockaddr *)&to, sizeof to);
  close(s);
}

static void test_neigh(void **state) {
  FX(state);
  struct nl_sock *b = f->sk[1];
  nsp_status st = {0};
  size_t n;
  nsp_neigh *e = real_nl_neigh_list(a, false, &n);
  assert_int_equal(n, 0);
  g_free(e);
  veth(a, VA, VB);
  assert_true(real_nl_link_set_netns(a, idx(a, VB), f->ns[1], &st));
  addr(a, VA, "10.0.0.1", 24);
  addr(b, VB, "10.0.0.2", 24);
  up(a, VA);
  up(b, VB);
  ether_addr mac = link_get(b, VB).mac;
  udp_poke(f->ns[0], ip("10.0.0.2"));
  e = NULL;
  for (int i = 0; i < 200; i++) { /* the ARP exchange takes a moment */
    g_free(e);
    e = real_nl_neigh_list(a, false, &n);
    if (n == 1 && e[0].state == NSP_NUD_REACHABLE) break;
    g_usleep(10000);
  }
  assert_int_equal(n, 1);
  assert_int_equal(e[0].ifindex, idx(a, VA));
  assert_int_equal(e[0].ip, ip("10.0.0.2"));
  assert_int_equal(e[0].state, NSP_NUD_REACHABLE);
  assert_true(e[0].has_mac);
  assert_memory_equal(e[0].mac.b, mac.b, ETHER_ADDR_LEN);
  g_free(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_open_bad_fd, setup, teardown),
      cmocka_unit_test_setup_teardown(test_veth_add, setup, teardown),
      cmocka_unit_test_setup_teardown(test_veth_add_placed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_link_del, setup, teardown),
      cmocka_unit_test_setup_teardown(test_up_down_carrier, setup, teardown),
      cmocka_unit_test_setup_teardown(test_set_mac, setup, teardown),
      cmocka_unit_test_setup_teardown(test_set_netns_and_nsid, setup, teardown),
      cmocka_unit_test_setup_teardown(test_addr, setup, teardown),
      cmocka_unit_test_setup_teardown(test_route_add_list_del, setup, teardown),
      cmocka_unit_test_setup_teardown(test_route_bad_gateway, setup, teardown),
      cmocka_unit_test_setup_teardown(test_route_list_same_prefix, setup, teardown),
      cmocka_unit_test_setup_teardown(test_route_linkdown, setup, teardown),
      cmocka_unit_test_setup_teardown(test_route_get, setup, teardown),
      cmocka_unit_test_setup_teardown(test_neigh, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
