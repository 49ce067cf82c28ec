/* The real backend's ping socket (real/probe.c) and live capture
 * (real/capture.c) on the kernel.  Root only: every test builds its own
 * pair of private namespaces, A and B, held by file descriptors only
 * (unshare(CLONE_NEWNET), never bind-mounted), joined by a veth pair made
 * with libnl from inside A, so the host's interfaces are never touched and
 * closing the descriptors tears everything down.  Without root, or where
 * unshare() is refused, every test is skipped.
 *
 *   A: lo (up on request), nspva 192.0.2.1/24  <-->  B: nspvb 192.0.2.2/24 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <pcap/pcap.h>

#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/ipv4.h"
#include "real/capture.h"
#include "real/ns.h"
#include "real/probe.h"

#define NS_PER_MS 1000000ULL
#define NS_PER_S 1000000000ULL
#define ADDR_A 0xc0000201u    /* 192.0.2.1 */
#define ADDR_B 0xc0000202u    /* 192.0.2.2 */
#define ADDR_NONE 0xc0000263u /* 192.0.2.99: on the link, nobody answers */
#define ADDR_FAR 0xcb007101u  /* 203.0.113.1: no route */
#define VETH_A "nspva"
#define VETH_B "nspvb"
#define IDENT 0x4e53
#define NPROBES 3

typedef struct {
  int a, b; /* namespace descriptors, -1 until made */
  struct nl_sock *nla, *nlb;
  real_capture *cap;
  real_probe *probe[NPROBES];
  char *pcap_path;
} topo;

/* ---- fixture ------------------------------------------------------------ */

/* A route netlink socket of namespace nsfd (bound to it for life). */
static struct nl_sock *nl_in(int nsfd) {
  int saved = real_ns_enter(nsfd);
  if (saved < 0) return NULL;
  struct nl_sock *sk = nl_socket_alloc();
  if (sk && nl_connect(sk, NETLINK_ROUTE) != 0) {
    nl_socket_free(sk);
    sk = NULL;
  }
  real_ns_leave(saved);
  return sk;
}

static int nl_ifindex(struct nl_sock *sk, const char *name) {
  struct rtnl_link *l = NULL;
  if (rtnl_link_get_kernel(sk, 0, name, &l) < 0) return 0;
  int ifindex = rtnl_link_get_ifindex(l);
  rtnl_link_put(l);
  return ifindex;
}

static int nl_link_set(struct nl_sock *sk, const char *name, bool up) {
  struct rtnl_link *old = NULL, *change = rtnl_link_alloc();
  int err = rtnl_link_get_kernel(sk, 0, name, &old);
  if (err == 0) {
    if (up) rtnl_link_set_flags(change, IFF_UP);
    else rtnl_link_unset_flags(change, IFF_UP);
    err = rtnl_link_change(sk, old, change, 0);
  }
  rtnl_link_put(change);
  if (old) rtnl_link_put(old);
  return err;
}

static int nl_addr_add(struct nl_sock *sk, const char *dev, const char *cidr) {
  struct rtnl_addr *a = rtnl_addr_alloc();
  struct nl_addr *local = NULL;
  int err = nl_addr_parse(cidr, AF_INET, &local);
  if (err == 0) {
    rtnl_addr_set_ifindex(a, nl_ifindex(sk, dev));
    err = rtnl_addr_set_local(a, local);
  }
  if (err == 0) err = rtnl_addr_add(sk, a, 0);
  if (local) nl_addr_put(local);
  rtnl_addr_put(a);
  return err;
}

/* The pair is created by A's netlink socket with the peer's
 * IFLA_NET_NS_FD set to B (iproute2's ip/link_veth.c nests the peer's
 * attributes the same way), so neither end ever exists in the host. */
static int nl_veth_add(topo *t) {
  struct rtnl_link *link = rtnl_link_veth_alloc();
  struct rtnl_link *peer = rtnl_link_veth_get_peer(link); /* a reference of ours */
  rtnl_link_set_name(link, VETH_A);
  rtnl_link_set_name(peer, VETH_B);
  rtnl_link_set_ns_fd(peer, t->b);
  int err = rtnl_link_add(t->nla, link, NLM_F_CREATE | NLM_F_EXCL);
  rtnl_link_put(peer);
  rtnl_link_put(link);
  return err;
}

enum { TOPO_LO_UP = 1, TOPO_A_DOWN = 2 };

/* Builds A and B; skips when not root or when unshare() is refused. */
static void topo_build(topo *t, unsigned flags) {
  if (geteuid() != 0) {
    print_message("not root: skipped\n");
    skip();
  }
  if ((t->a = real_ns_create()) < 0 || (t->b = real_ns_create()) < 0) {
    print_message("unshare(CLONE_NEWNET): %s: skipped\n", g_strerror(errno));
    skip();
  }
  assert_non_null(t->nla = nl_in(t->a));
  assert_non_null(t->nlb = nl_in(t->b));
  assert_int_equal(nl_veth_add(t), 0);
  assert_int_equal(if_nametoindex(VETH_A), 0); /* nothing appeared in the host */
  assert_int_equal(if_nametoindex(VETH_B), 0);
  assert_int_not_equal(nl_ifindex(t->nla, VETH_A), 0);
  assert_int_not_equal(nl_ifindex(t->nlb, VETH_B), 0);
  assert_int_equal(nl_addr_add(t->nla, VETH_A, "192.0.2.1/24"), 0);
  assert_int_equal(nl_addr_add(t->nlb, VETH_B, "192.0.2.2/24"), 0);
  if (!(flags & TOPO_A_DOWN)) assert_int_equal(nl_link_set(t->nla, VETH_A, true), 0);
  assert_int_equal(nl_link_set(t->nlb, VETH_B, true), 0);
  if (flags & TOPO_LO_UP) assert_int_equal(nl_link_set(t->nla, "lo", true), 0);
}

static int topo_setup(void **state) {
  topo *t = g_new0(topo, 1);
  t->a = t->b = -1;
  *state = t;
  return 0;
}

/* Also runs after a failed assertion: stops what the test left running. */
/* A capture started and open (real/capture.h opens on its own thread);
 * NULL with st set when it failed. */
static real_capture *cap_open(int nsfd, const char *ifname, const char *path, nsp_status *st) {
  real_capture *c = real_capture_start(nsfd, ifname, path, st);
  if (c && !real_capture_wait(c, st)) {
    real_capture_stop(c, NULL);
    c = NULL;
  }
  return c;
}

static int topo_teardown(void **state) {
  topo *t = *state;
  if (t->cap) real_capture_stop(t->cap, NULL);
  for (int i = 0; i < NPROBES; i++) real_probe_close(t->probe[i]);
  if (t->nla) nl_socket_free(t->nla);
  if (t->nlb) nl_socket_free(t->nlb);
  if (t->a >= 0) close(t->a);
  if (t->b >= 0) close(t->b);
  if (t->pcap_path) unlink(t->pcap_path);
  g_free(t->pcap_path);
  g_free(t);
  return 0;
}

static nsp_probe_cfg cfg_to(uint32_t dst) {
  return (nsp_probe_cfg){.dst = dst, .ttl = 64, .ident = IDENT, .pmtudisc = 0};
}

/* ---- frames of a pcap file ---------------------------------------------- */

/* An ARP or IPv4/ICMP frame, reduced to what the tests compare. */
typedef struct {
  uint16_t ethertype;
  uint16_t arp_op;
  uint32_t src, dst; /* ARP spa/tpa or IPv4 saddr/daddr */
  uint8_t ttl;
  bool df;
  uint8_t icmp_type;
  uint16_t icmp_id, icmp_seq;
} frame_sum;

static bool frame_summarize(const uint8_t *f, size_t len, frame_sum *s) {
  ether_hdr eh;
  arp_pkt arp;
  ipv4_hdr ip;
  if (ether_hdr_parse(f, len, &eh) != PROTO_OK) return false;
  const uint8_t *l3 = f + ETHER_HDR_LEN;
  size_t l3len = len - ETHER_HDR_LEN;
  *s = (frame_sum){.ethertype = eh.type};
  if (eh.type == ETHER_TYPE_ARP && arp_pkt_parse(l3, l3len, &arp) == PROTO_OK) {
    s->arp_op = arp.op;
    s->src = arp.spa;
    s->dst = arp.tpa;
    return true;
  }
  if (eh.type != ETHER_TYPE_IPV4 || ipv4_hdr_parse(l3, l3len, &ip) != PROTO_OK ||
      ip.proto != IPV4_PROTO_ICMP || ip.tot_len < ip.ihl + ICMP_HDR_LEN)
    return false;
  s->src = ip.saddr;
  s->dst = ip.daddr;
  s->ttl = ip.ttl;
  s->df = (ip.frag & IPV4_FLAG_DF) != 0;
  s->icmp_type = l3[ip.ihl];
  s->icmp_id = inet_get16(l3 + ip.ihl + 4);
  s->icmp_seq = inet_get16(l3 + ip.ihl + 6);
  return true;
}

/* The ARP and ICMP frames of the file, in order (IPv6 chatter, such as
 * router solicitations and MLD reports of the new links, left out); *total
 * counts every frame. */
static GArray *pcap_frames(const char *path, size_t *total) {
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t *pc = pcap_open_offline(path, errbuf);
  assert_non_null(pc);
  assert_int_equal(pcap_datalink(pc), DLT_EN10MB);
  assert_int_equal(pcap_snapshot(pc), 65535);
  GArray *out = g_array_new(FALSE, TRUE, sizeof(frame_sum));
  struct pcap_pkthdr *h;
  const u_char *bytes;
  *total = 0;
  while (pcap_next_ex(pc, &h, &bytes) == 1) {
    frame_sum s;
    assert_int_equal(h->caplen, h->len); /* nothing cut by the snaplen */
    (*total)++;
    if (frame_summarize(bytes, h->caplen, &s)) g_array_append_val(out, s);
  }
  pcap_close(pc);
  return out;
}

static void assert_arp(const frame_sum *s, uint16_t op, uint32_t spa, uint32_t tpa) {
  assert_int_equal(s->ethertype, ETHER_TYPE_ARP);
  assert_int_equal(s->arp_op, op);
  assert_int_equal(s->src, spa);
  assert_int_equal(s->dst, tpa);
}

static void assert_icmp(const frame_sum *s, uint8_t type, uint32_t src, uint32_t dst,
                        uint16_t seq) {
  assert_int_equal(s->ethertype, ETHER_TYPE_IPV4);
  assert_int_equal(s->icmp_type, type);
  assert_int_equal(s->src, src);
  assert_int_equal(s->dst, dst);
  assert_int_equal(s->icmp_id, IDENT);
  assert_int_equal(s->icmp_seq, seq);
}

/* ---- tests -------------------------------------------------------------- */

/* ping B from A, then an address nobody answers, under a capture of A's
 * end: a reply with TTL 64 (ip_default_ttl, KERNEL.md §5.5); after three
 * broadcast ARP requests 1 s apart, Destination Host Unreachable from A's
 * own address over lo (§5.1), reported once. */
static void test_reply_error_capture(void **state) {
  topo *t = *state;
  nsp_status st = {0};
  nsp_probe_event ev;
  uint32_t src = 0;
  topo_build(t, TOPO_LO_UP);
  int fd = g_file_open_tmp("nsp-capture-XXXXXX.pcap", &t->pcap_path, NULL);
  assert_true(fd >= 0);
  close(fd);
  assert_non_null(t->cap = cap_open(t->a, VETH_A, t->pcap_path, &st));

  nsp_probe_cfg cfg = cfg_to(ADDR_B);
  assert_non_null(t->probe[0] = real_probe_open(t->a, &cfg, &st));
  assert_true(real_probe_connect(t->probe[0], &src, &st));
  assert_int_equal(src, ADDR_A);
  uint64_t t0 = real_clock_now();
  assert_true(real_probe_send(t->probe[0], 1, 56, &st));
  real_probe_wait(t->probe[0], t0 + 2 * NS_PER_S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.seq, 1);
  assert_int_equal(ev.ttl, 64);
  assert_int_equal(ev.from, ADDR_B);
  assert_int_equal(ev.len, 64);
  /* the payload's timeval has µs resolution */
  assert_true(ev.sent_ns + 1000 > t0 && ev.sent_ns <= ev.at_ns && ev.at_ns < t0 + NS_PER_S);

  cfg = cfg_to(ADDR_NONE);
  assert_non_null(t->probe[1] = real_probe_open(t->a, &cfg, &st));
  assert_true(real_probe_connect(t->probe[1], &src, &st));
  assert_int_equal(src, ADDR_A);
  t0 = real_clock_now();
  assert_true(real_probe_send(t->probe[1], 7, 56, &st));
  real_probe_wait(t->probe[1], t0 + 6 * NS_PER_S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_ERROR);
  assert_int_equal(ev.icmp_type, ICMP_DEST_UNREACH);
  assert_int_equal(ev.icmp_code, ICMP_HOST_UNREACH);
  assert_int_equal(ev.from, ADDR_A);
  assert_int_equal(ev.seq, 7);
  uint64_t took = ev.at_ns - t0;
  print_message("host unreachable after %" PRIu64 " ms\n", (uint64_t)(took / NS_PER_MS));
  assert_true(took > 2500 * NS_PER_MS && took < 4500 * NS_PER_MS);
  /* its raw copy is not a second event; the other probe sees none of it */
  real_probe_wait(t->probe[1], real_clock_now() + 300 * NS_PER_MS, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_NONE);
  real_probe_wait(t->probe[0], real_clock_now(), &ev);
  assert_int_equal(ev.kind, NSP_PROBE_NONE);

  uint64_t frames = 0;
  real_capture_stop(t->cap, &frames);
  t->cap = NULL;
  size_t total;
  GArray *fs = pcap_frames(t->pcap_path, &total);
  print_message("%" PRIu64 " frames captured, %u ARP/ICMP\n", frames, fs->len);
  assert_int_equal(total, frames);
  assert_int_equal(fs->len, 7);
  const frame_sum *s = (const frame_sum *)(void *)fs->data;
  assert_arp(&s[0], ARP_OP_REQUEST, ADDR_A, ADDR_B);
  assert_arp(&s[1], ARP_OP_REPLY, ADDR_B, ADDR_A);
  assert_icmp(&s[2], ICMP_ECHO, ADDR_A, ADDR_B, 1);
  assert_icmp(&s[3], ICMP_ECHOREPLY, ADDR_B, ADDR_A, 1);
  for (int i = 4; i < 7; i++) assert_arp(&s[i], ARP_OP_REQUEST, ADDR_A, ADDR_NONE);
  g_array_free(fs, TRUE);
}

/* Frames sent just before the stop are in the file (the stop drains the
 * ring).  The requests carry the socket's TTL and DF (IP_PMTUDISC_WANT,
 * KERNEL.md §5.10); the kernel's replies have TTL 64 and no DF (§5.5). */
static void test_capture_drain(void **state) {
  topo *t = *state;
  nsp_status st = {0};
  nsp_probe_event ev;
  topo_build(t, 0);
  int fd = g_file_open_tmp("nsp-capture-XXXXXX.pcap", &t->pcap_path, NULL);
  assert_true(fd >= 0);
  close(fd);
  assert_non_null(t->cap = cap_open(t->a, VETH_A, t->pcap_path, &st));
  nsp_probe_cfg cfg = cfg_to(ADDR_B);
  cfg.ttl = 7;
  assert_non_null(t->probe[0] = real_probe_open(t->a, &cfg, &st));
  for (uint16_t seq = 1; seq <= 5; seq++) {
    assert_true(real_probe_send(t->probe[0], seq, 56, &st));
    real_probe_wait(t->probe[0], real_clock_now() + 2 * NS_PER_S, &ev);
    assert_int_equal(ev.kind, NSP_PROBE_REPLY);
    assert_int_equal(ev.seq, seq);
  }
  uint64_t frames = 0;
  real_capture_stop(t->cap, &frames);
  t->cap = NULL;
  size_t total;
  GArray *fs = pcap_frames(t->pcap_path, &total);
  assert_int_equal(total, frames);
  assert_int_equal(fs->len, 2 + 2 * 5);
  const frame_sum *s = (const frame_sum *)(void *)fs->data;
  assert_arp(&s[0], ARP_OP_REQUEST, ADDR_A, ADDR_B);
  assert_arp(&s[1], ARP_OP_REPLY, ADDR_B, ADDR_A);
  for (uint16_t seq = 1; seq <= 5; seq++) {
    const frame_sum *rq = &s[2 * seq], *rp = &s[2 * seq + 1];
    assert_icmp(rq, ICMP_ECHO, ADDR_A, ADDR_B, seq);
    assert_int_equal(rq->ttl, 7);
    assert_true(rq->df);
    assert_icmp(rp, ICMP_ECHOREPLY, ADDR_B, ADDR_A, seq);
    assert_int_equal(rp->ttl, 64);
    assert_false(rp->df);
  }
  g_array_free(fs, TRUE);
}

/* A capture will not start on a link that is down (the packet socket's
 * pending ENETDOWN after the bind, which libpcap's iface_bind() turns into
 * PCAP_ERROR_IFACE_NOT_UP), but a
 * capture started while it was up keeps going across a down/up: the
 * kernel re-registers the bound packet socket at NETDEV_UP
 * (packet_notifier()), and libpcap 1.10 takes the ENETDOWN it reads on the
 * way for no error. */
static void test_capture_link_down(void **state) {
  topo *t = *state;
  nsp_status st = {0};
  nsp_probe_event ev;
  topo_build(t, TOPO_A_DOWN);
  int fd = g_file_open_tmp("nsp-capture-XXXXXX.pcap", &t->pcap_path, NULL);
  assert_true(fd >= 0);
  close(fd);
  assert_null(cap_open(t->a, VETH_A, t->pcap_path, &st));
  assert_int_equal(st.err, ENETDOWN);
  assert_int_equal(nl_link_set(t->nla, VETH_A, true), 0);
  assert_non_null(t->cap = cap_open(t->a, VETH_A, t->pcap_path, &st));
  assert_int_equal(nl_link_set(t->nla, VETH_A, false), 0);
  assert_int_equal(nl_link_set(t->nla, VETH_A, true), 0);
  nsp_probe_cfg cfg = cfg_to(ADDR_B);
  assert_non_null(t->probe[0] = real_probe_open(t->a, &cfg, &st));
  assert_true(real_probe_send(t->probe[0], 1, 56, &st));
  real_probe_wait(t->probe[0], real_clock_now() + 2 * NS_PER_S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  real_capture_stop(t->cap, NULL);
  t->cap = NULL;
  size_t total;
  GArray *fs = pcap_frames(t->pcap_path, &total);
  assert_int_equal(fs->len, 4); /* ARP request and reply, echo request and reply */
  const frame_sum *s = (const frame_sum *)(void *)fs->data;
  assert_arp(&s[0], ARP_OP_REQUEST, ADDR_A, ADDR_B);
  assert_icmp(&s[3], ICMP_ECHOREPLY, ADDR_B, ADDR_A, 1);
  g_array_free(fs, TRUE);
}

/* No route: connect() fails as iputils reports it ("ping: connect: Network
 * is unreachable", KERNEL.md §5.6) and so does sendto() (the -I ADDR path). */
static void test_unroutable(void **state) {
  topo *t = *state;
  nsp_status st = {0};
  uint32_t src = 0;
  topo_build(t, 0);
  nsp_probe_cfg cfg = cfg_to(ADDR_FAR);
  assert_non_null(t->probe[0] = real_probe_open(t->a, &cfg, &st));
  assert_false(real_probe_connect(t->probe[0], &src, &st));
  assert_int_equal(st.err, ENETUNREACH);
  st = (nsp_status){0};
  assert_false(real_probe_send(t->probe[0], 1, 56, &st));
  assert_int_equal(st.err, ENETUNREACH);
}

/* -I ADDR with an address that is not ours: raw_bind()'s EADDRNOTAVAIL. */
static void test_bind_nonlocal(void **state) {
  topo *t = *state;
  nsp_status st = {0};
  topo_build(t, 0);
  nsp_probe_cfg cfg = cfg_to(ADDR_B);
  cfg.src = 0xc000024du; /* 192.0.2.77 */
  assert_null(real_probe_open(t->a, &cfg, &st));
  assert_int_equal(st.err, EADDRNOTAVAIL);
  cfg.src = ADDR_A; /* ours: fine, and B answers */
  assert_non_null(t->probe[0] = real_probe_open(t->a, &cfg, &st));
  nsp_probe_event ev;
  assert_true(real_probe_send(t->probe[0], 3, 56, &st));
  real_probe_wait(t->probe[0], real_clock_now() + 2 * NS_PER_S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.seq, 3);
}

/* -I DEV: SO_BINDTODEVICE looks the name up in the probe's namespace. */
static void test_bind_device(void **state) {
  topo *t = *state;
  nsp_status st = {0};
  uint32_t src = 0;
  topo_build(t, 0);
  nsp_probe_cfg cfg = cfg_to(ADDR_B);
  g_strlcpy(cfg.dev, "nosuch", sizeof cfg.dev);
  assert_null(real_probe_open(t->a, &cfg, &st));
  assert_int_equal(st.err, ENODEV);
  g_strlcpy(cfg.dev, VETH_B, sizeof cfg.dev); /* B's, not A's */
  assert_null(real_probe_open(t->a, &cfg, &st));
  assert_int_equal(st.err, ENODEV);
  g_strlcpy(cfg.dev, VETH_A, sizeof cfg.dev);
  assert_non_null(t->probe[0] = real_probe_open(t->a, &cfg, &st));
  assert_true(real_probe_connect(t->probe[0], &src, &st));
  assert_int_equal(src, ADDR_A);
  nsp_probe_event ev;
  assert_true(real_probe_send(t->probe[0], 1, 56, &st));
  real_probe_wait(t->probe[0], real_clock_now() + 2 * NS_PER_S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
}

/* -M do over the veth's MTU: sendto() fails with EMSGSIZE and the local
 * error on the queue carries the MTU (__ip_append_data() → ip_local_error());
 * nothing is sent and no event follows.  -M want fragments instead: the
 * reply comes back whole. */
static void test_pmtudisc(void **state) {
  topo *t = *state;
  nsp_status st = {0};
  nsp_probe_event ev;
  topo_build(t, 0);
  nsp_probe_cfg cfg = cfg_to(ADDR_B);
  cfg.pmtudisc = 2;
  assert_non_null(t->probe[0] = real_probe_open(t->a, &cfg, &st));
  assert_false(real_probe_send(t->probe[0], 1, 2000, &st));
  assert_int_equal(st.err, EMSGSIZE);
  assert_int_equal(st.info, 1500);
  real_probe_wait(t->probe[0], real_clock_now() + 200 * NS_PER_MS, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_NONE);
  st = (nsp_status){0};
  assert_true(real_probe_send(t->probe[0], 2, 1472, &st)); /* 1500 - 20 - 8: fits */
  real_probe_wait(t->probe[0], real_clock_now() + 2 * NS_PER_S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.seq, 2);
  assert_int_equal(ev.len, 1480);

  cfg.pmtudisc = 0;
  assert_non_null(t->probe[1] = real_probe_open(t->a, &cfg, &st));
  assert_true(real_probe_send(t->probe[1], 3, 2000, &st));
  real_probe_wait(t->probe[1], real_clock_now() + 2 * NS_PER_S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.seq, 3);
  assert_int_equal(ev.len, 2008);
}

/* Every raw ICMP socket gets a copy of every reply; the ident filter
 * (ping4_install_filter()) keeps another ping's replies out.  A payload
 * shorter than a timeval carries no send time. */
static void test_foreign_ident(void **state) {
  topo *t = *state;
  nsp_status st = {0};
  nsp_probe_event ev;
  topo_build(t, 0);
  nsp_probe_cfg cfg = cfg_to(ADDR_B);
  assert_non_null(t->probe[0] = real_probe_open(t->a, &cfg, &st));
  cfg.ident = IDENT + 1;
  assert_non_null(t->probe[1] = real_probe_open(t->a, &cfg, &st));
  assert_true(real_probe_send(t->probe[1], 9, 8, &st));
  real_probe_wait(t->probe[1], real_clock_now() + 2 * NS_PER_S, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_REPLY);
  assert_int_equal(ev.seq, 9);
  assert_int_equal(ev.len, 16);
  assert_true(ev.sent_ns == UINT64_MAX);
  real_probe_wait(t->probe[0], real_clock_now() + 100 * NS_PER_MS, &ev);
  assert_int_equal(ev.kind, NSP_PROBE_NONE);
}

/* A capture of a missing interface fails as libpcap's would (ENODEV). */
static void test_capture_errors(void **state) {
  topo *t = *state;
  nsp_status st = {0};
  topo_build(t, 0);
  assert_null(cap_open(t->a, "nosuch", "/dev/null", &st));
  assert_int_equal(st.err, ENODEV);
  st = (nsp_status){0};
  assert_null(cap_open(t->a, VETH_B, "/dev/null", &st)); /* B's, not A's */
  assert_int_equal(st.err, ENODEV);
  st = (nsp_status){0};
  assert_null(cap_open(t->a, VETH_A, "/nonexistent/dir/x.pcap", &st));
  assert_int_equal(st.err, ENOENT);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_reply_error_capture, topo_setup, topo_teardown),
      cmocka_unit_test_setup_teardown(test_capture_drain, topo_setup, topo_teardown),
      cmocka_unit_test_setup_teardown(test_capture_link_down, topo_setup, topo_teardown),
      cmocka_unit_test_setup_teardown(test_unroutable, topo_setup, topo_teardown),
      cmocka_unit_test_setup_teardown(test_bind_nonlocal, topo_setup, topo_teardown),
      cmocka_unit_test_setup_teardown(test_bind_device, topo_setup, topo_teardown),
      cmocka_unit_test_setup_teardown(test_pmtudisc, topo_setup, topo_teardown),
      cmocka_unit_test_setup_teardown(test_foreign_ident, topo_setup, topo_teardown),
      cmocka_unit_test_setup_teardown(test_capture_errors, topo_setup, topo_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
