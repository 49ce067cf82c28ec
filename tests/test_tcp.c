/* TCP in the simulation (sim/tcp*.c) in smoltcp's style: segments are fed
 * into a namespace's interface and the exact segment sent back is
 * asserted.  The expectations are the kernel's, recorded with tcpdump on
 * this machine (kernel 6.18, nc between two namespaces):
 *   SYN     win 64240 [mss 1460,sackOK,TS val V ecr 0,nop,wscale 10], DF
 *   SYN-ACK win 65160 [mss 1460,sackOK,TS val W ecr V,nop,wscale 10], IP ID 0
 *   ACK     win 63 (<<10) [nop,nop,TS]; the server's ACKs win 64
 *   data acknowledged at once (quick-ACK mode), a FIN not (pingpong):
 *   the server's FIN, sent when its program closes, acknowledges it
 *   RST to a closed port: seq 0, ack ISN+1, win 0, no options, IP ID 0,
 *   DF, the checksum in full
 *   SYNs to a silent peer 1 s apart five times, then 2, 4, 8, 16, 32 s. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proto/ether.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "proto/tcp.h"
#include "core/frames.h"
#include "sim/sim.h"
#include "tests/fixture.h"

#define S 1000000000ULL
#define MS 1000000ULL
#define LINK "a0--b0"
#define A "192.0.2.9" /* nobody's: b reaches it through a static neighbour */
#define B "192.0.2.2"

static sim_iface *dev(fx_world *f, const char *ns, const char *name) {
  return sim_netns_iface_by_name(sim_world_netns_find(f->w, ns), name);
}

/* b (192.0.2.2) on a segment with a, which has no address: what b sends
 * to 192.0.2.9 (a permanent neighbour with a0's MAC) crosses the link and
 * is captured, and a drops it without answering. */
static fx_world *pair(void) {
  fx_world *f = fx_new();
  fx_veth(f, "a", "a0", "b", "b0");
  nsp_status st = {0};
  f->be->ops->link_set_up(f->be, "a", fx_index(f, "a", "a0"), true, &st);
  fx_addr_up(f, "b", "b0", B "/24");
  sim_neigh *n = sim_neigh_lookup(dev(f, "b", "b0"), fx_ip(A), true);
  sim_neigh_update(n, &dev(f, "a", "a0")->mac, NSP_NUD_PERMANENT, true);
  return f;
}

/* A segment from a (192.0.2.1, MAC of a0) to b, fed into b0. */
static void feed(fx_world *f, const tcp_hdr *h, const char *data) {
  uint8_t frame[256];
  ether_hdr eh = {.dst = dev(f, "b", "b0")->mac, .src = dev(f, "a", "a0")->mac,
                  .type = ETHER_TYPE_IPV4};
  ether_hdr_emit(&eh, frame, ETHER_HDR_LEN);
  size_t dlen = data ? strlen(data) : 0;
  size_t n = tcp_emit(h, fx_ip(A), fx_ip(B), (const uint8_t *)data, dlen, PROTO_CSUM_PARTIAL,
                      frame + ETHER_HDR_LEN + IPV4_HDR_LEN, 200);
  ipv4_hdr ih = {.tot_len = (uint16_t)(IPV4_HDR_LEN + n), .id = 1, .frag = IPV4_FLAG_DF,
                 .ttl = 64, .proto = IPV4_PROTO_TCP, .saddr = fx_ip(A), .daddr = fx_ip(B)};
  ipv4_hdr_emit(&ih, frame + ETHER_HDR_LEN, IPV4_HDR_LEN);
  sim_ether_input(dev(f, "b", "b0"), frame, ETHER_HDR_LEN + ih.tot_len);
}

/* The k-th TCP segment on the link (0 first), with its IPv4 header. */
static bool seg(fx_world *f, unsigned k, ipv4_hdr *ih, tcp_hdr *th) {
  for (unsigned i = 0, n = 0; i < fx_count(f, LINK); i++) {
    const fx_frame *fr = fx_nth(f, LINK, i);
    if (inet_get16(fr->data + 12) != ETHER_TYPE_IPV4 || fr->data[ETHER_HDR_LEN + 9] != 6) continue;
    if (n++ != k) continue;
    const uint8_t *ip = fr->data + ETHER_HDR_LEN;
    assert_int_equal(ipv4_hdr_parse(ip, fr->len - ETHER_HDR_LEN, ih), PROTO_OK);
    assert_int_equal(tcp_parse(ip + IPV4_HDR_LEN, ih->tot_len - IPV4_HDR_LEN, ih->saddr,
                               ih->daddr, false, th), PROTO_OK);
    return true;
  }
  return false;
}

static unsigned nsegs(fx_world *f) {
  ipv4_hdr ih;
  tcp_hdr th;
  unsigned n = 0;
  while (seg(f, n, &ih, &th)) n++;
  return n;
}

static nsp_sock *listener(fx_world *f, uint16_t port) {
  nsp_status st = {0};
  nsp_sock_opts o = {.type = NSP_SOCK_TCP, .pmtudisc = -1, .tos = -1, .reuseaddr = true};
  nsp_sock *l = f->be->ops->sock_open(f->be, "b", &o, &st);
  nsp_sockaddr a = {.port = port};
  assert_true(f->be->ops->sock_bind(l, &a, &st));
  assert_true(f->be->ops->sock_listen(l, 1, &st));
  return l;
}

/* the client's SYN as the kernel sent it */
static tcp_hdr syn(uint32_t iss, uint32_t tsval) {
  return (tcp_hdr){.sport = 48744, .dport = 12345, .seq = iss, .flags = TCP_SYN, .win = 64240,
                   .opt = {.mss = 1460, .sack_perm = true, .ts = true, .tsval = tsval,
                           .wscale = 10}};
}

static void test_listener_handshake_data_fin(void **state) {
  (void)state;
  fx_world *f = pair();
  nsp_sock *l = listener(f, 12345);
  tcp_hdr s = syn(1000, 5000);
  feed(f, &s, NULL);
  fx_run(f, MS);
  ipv4_hdr ih;
  tcp_hdr sa;
  assert_true(seg(f, 0, &ih, &sa));
  assert_int_equal(ih.id, 0);
  assert_int_equal(ih.frag, IPV4_FLAG_DF);
  assert_int_equal(ih.ttl, 64);
  assert_int_equal(ih.tot_len, 60);
  assert_int_equal(sa.flags, TCP_SYN | TCP_ACK);
  assert_int_equal(sa.ack, 1001);
  assert_int_equal(sa.win, 65160);
  assert_int_equal(sa.hlen, 40);
  assert_int_equal(sa.opt.mss, 1460);
  assert_true(sa.opt.sack_perm && sa.opt.ts);
  assert_int_equal(sa.opt.tsecr, 5000);
  assert_int_equal(sa.opt.wscale, 10);
  /* the option bytes in the kernel's order */
  const fx_frame *fr = fx_nth(f, LINK, fx_count(f, LINK) - 1);
  static const uint8_t order[4] = {4, 2, 8, 10};
  assert_memory_equal(fr->data + ETHER_HDR_LEN + 20 + 24, order, 4);
  assert_int_equal(fr->data[ETHER_HDR_LEN + 20 + 36], 1);
  nsp_status st = {0};
  assert_null(f->be->ops->sock_accept(l, NULL, &st));
  tcp_hdr ack = {.sport = 48744, .dport = 12345, .seq = 1001, .ack = sa.seq + 1, .flags = TCP_ACK,
                 .win = 63, .opt = {.ts = true, .tsval = 5001, .tsecr = sa.opt.tsval, .wscale = -1}};
  feed(f, &ack, NULL);
  nsp_sockaddr peer;
  nsp_sock *c = f->be->ops->sock_accept(l, &peer, &st);
  assert_non_null(c);
  assert_int_equal(peer.port, 48744);
  assert_int_equal(nsegs(f), 1); /* nothing answers the ACK */
  /* data: acknowledged at once, window 64 (65160 aligned up to 1 << 10) */
  tcp_hdr d = ack;
  d.flags = TCP_ACK | TCP_PSH;
  feed(f, &d, "hello\n");
  fx_run(f, MS);
  tcp_hdr a2;
  assert_true(seg(f, 1, &ih, &a2));
  assert_int_equal(a2.flags, TCP_ACK);
  assert_int_equal(a2.ack, 1007);
  assert_int_equal(a2.win, 64);
  assert_int_equal(a2.hlen, 32);
  assert_int_equal(a2.opt.tsecr, 5001);
  assert_int_not_equal(ih.id, 0); /* the connection's own IDs now */
  /* FIN: no ACK at once; the program's close sends FIN with the ACK */
  tcp_hdr fin = ack;
  fin.seq = 1007;
  fin.flags = TCP_FIN | TCP_ACK;
  feed(f, &fin, NULL);
  fx_run(f, 10 * MS);
  assert_int_equal(nsegs(f), 2);
  char buf[16];
  assert_int_equal(f->be->ops->sock_recv(c, buf, sizeof buf, NULL, false, &st), 6);
  assert_int_equal(f->be->ops->sock_recv(c, buf, sizeof buf, NULL, false, &st), 0);
  f->be->ops->sock_close(c);
  fx_run(f, MS);
  tcp_hdr sf;
  assert_true(seg(f, 2, &ih, &sf));
  assert_int_equal(sf.flags, TCP_FIN | TCP_ACK);
  assert_int_equal(sf.ack, 1008);
  assert_int_equal(sf.seq, sa.seq + 1);
  /* the last ACK ends it: nothing more goes out, ever */
  tcp_hdr last = ack;
  last.seq = 1008;
  last.ack = sf.seq + 1;
  feed(f, &last, NULL);
  fx_run(f, 200 * S);
  assert_int_equal(nsegs(f), 3);
  f->be->ops->sock_close(l);
  fx_free(f);
}

/* A FIN the program does not answer is acknowledged by the delayed-ACK
 * timer, 40 ms (rounded by the timer wheel) later. */
static void test_fin_delayed_ack(void **state) {
  (void)state;
  fx_world *f = pair();
  nsp_sock *l = listener(f, 12345);
  tcp_hdr s = syn(1000, 5000);
  feed(f, &s, NULL);
  ipv4_hdr ih;
  tcp_hdr sa;
  assert_true(seg(f, 0, &ih, &sa));
  tcp_hdr fin = {.sport = 48744, .dport = 12345, .seq = 1001, .ack = sa.seq + 1,
                 .flags = TCP_ACK | TCP_FIN, .win = 63,
                 .opt = {.ts = true, .tsval = 5001, .tsecr = sa.opt.tsval, .wscale = -1}};
  feed(f, &fin, NULL); /* completes the handshake and closes at once */
  fx_run(f, 39 * MS);
  assert_int_equal(nsegs(f), 1);
  fx_run(f, 20 * MS);
  tcp_hdr a;
  assert_true(seg(f, 1, &ih, &a));
  assert_int_equal(a.flags, TCP_ACK);
  assert_int_equal(a.ack, 1002);
  f->be->ops->sock_close(l);
  fx_free(f);
}

/* No listener: the kernel's RST, byte for byte in its fields. */
static void test_closed_port_reset(void **state) {
  (void)state;
  fx_world *f = pair();
  tcp_hdr s = syn(2796693645u, 1);
  s.dport = 12346;
  feed(f, &s, NULL);
  fx_run(f, 10 * MS);
  ipv4_hdr ih;
  tcp_hdr r;
  assert_true(seg(f, 0, &ih, &r));
  assert_int_equal(ih.id, 0);
  assert_int_equal(ih.frag, IPV4_FLAG_DF);
  assert_int_equal(ih.tot_len, 40);
  assert_int_equal(r.flags, TCP_RST | TCP_ACK);
  assert_int_equal(r.seq, 0);
  assert_int_equal(r.ack, 2796693646u);
  assert_int_equal(r.win, 0);
  assert_int_equal(r.hlen, 20);
  const fx_frame *fr = fx_nth(f, LINK, fx_count(f, LINK) - 1);
  const uint8_t *t = fr->data + ETHER_HDR_LEN + IPV4_HDR_LEN;
  assert_int_equal(tcp_parse(t, 20, fx_ip(B), fx_ip(A), true, &r), PROTO_OK); /* full sum */
  /* a segment with ACK: the reset takes its ack as sequence, no ACK flag */
  tcp_hdr x = {.sport = 1, .dport = 12346, .seq = 5, .ack = 777, .flags = TCP_ACK,
               .opt = {.wscale = -1}};
  feed(f, &x, NULL);
  assert_true(seg(f, 1, &ih, &r));
  assert_int_equal(r.flags, TCP_RST);
  assert_int_equal(r.seq, 777);
  /* and a reset is never answered */
  x.flags = TCP_RST;
  feed(f, &x, NULL);
  assert_int_equal(nsegs(f), 2);
  fx_free(f);
}

/* The client side: the SYN's window and options, the ACK's window 63. */
static void test_client_syn_and_ack(void **state) {
  (void)state;
  fx_world *f = pair();
  nsp_status st = {0};
  nsp_sock_opts o = {.type = NSP_SOCK_TCP, .pmtudisc = -1, .tos = -1};
  nsp_sock *c = f->be->ops->sock_open(f->be, "b", &o, &st);
  nsp_sockaddr to = {.addr = fx_ip(A), .port = 80};
  assert_false(f->be->ops->sock_connect(c, &to, &st));
  assert_int_equal(st.err, EINPROGRESS);
  fx_run(f, 10 * MS);
  ipv4_hdr ih;
  tcp_hdr s;
  assert_true(seg(f, 0, &ih, &s));
  assert_int_equal(s.flags, TCP_SYN);
  assert_int_equal(s.win, 64240);
  assert_int_equal(s.hlen, 40);
  assert_int_equal(s.opt.mss, 1460);
  assert_int_equal(s.opt.tsecr, 0);
  assert_int_equal(s.opt.wscale, 10);
  assert_int_equal(s.sport % 2, 0); /* connect() prefers even ports */
  /* the SYN-ACK: the ACK announces 63 (64240 aligned up to 1 << 10) */
  tcp_hdr sa = {.sport = 80, .dport = s.sport, .seq = 7000, .ack = s.seq + 1,
                .flags = TCP_SYN | TCP_ACK, .win = 65160,
                .opt = {.mss = 1460, .sack_perm = true, .ts = true, .tsval = 99,
                        .tsecr = s.opt.tsval, .wscale = 10}};
  feed(f, &sa, NULL);
  tcp_hdr a;
  assert_true(seg(f, 1, &ih, &a));
  assert_int_equal(a.flags, TCP_ACK);
  assert_int_equal(a.seq, s.seq + 1);
  assert_int_equal(a.ack, 7001);
  assert_int_equal(a.win, 63);
  assert_int_equal(a.opt.tsecr, 99);
  assert_int_equal(a.hlen, 32);
  nsp_pollfd pf = {.sock = c, .events = NSP_POLLOUT};
  assert_int_equal(f->be->ops->sock_poll(f->be, &pf, 1, fx_now(f)), 1);
  assert_int_equal(pf.revents, NSP_POLLOUT);
  /* data: one segment, PSH, 6 bytes, the same window */
  assert_int_equal(f->be->ops->sock_send(c, "hello\n", 6, NULL, &st), 6);
  tcp_hdr d;
  assert_true(seg(f, 2, &ih, &d));
  assert_int_equal(d.flags, TCP_ACK | TCP_PSH);
  assert_int_equal(ih.tot_len, 20 + 32 + 6);
  f->be->ops->sock_close(c);
  /* a second connect, refused by a RST that acknowledges its SYN */
  nsp_sock *c2 = f->be->ops->sock_open(f->be, "b", &o, &st);
  assert_false(f->be->ops->sock_connect(c2, &to, &st));
  unsigned n = nsegs(f);
  tcp_hdr s2;
  assert_true(seg(f, n - 1, &ih, &s2));
  assert_int_equal(s2.flags, TCP_SYN);
  tcp_hdr rst = {.sport = 80, .dport = s2.sport, .ack = s2.seq + 1, .flags = TCP_RST | TCP_ACK,
                 .opt = {.wscale = -1}};
  feed(f, &rst, NULL);
  assert_int_equal(f->be->ops->sock_error(c2), ECONNREFUSED);
  f->be->ops->sock_close(c2);
  fx_free(f);
}

/* A silent peer (its router does not forward): SYNs at 0, 1, 2, 3, 4, 5,
 * 7, 11, 19, 35, 67 s (each a little late through the timer wheel's rounding), then
 * ETIMEDOUT. */
static void test_syn_retransmissions(void **state) {
  (void)state;
  fx_world *f = fx_new();
  fx_veth(f, "h", "h0", "r", "r0");
  fx_addr_up(f, "h", "h0", "192.0.2.1/24");
  fx_addr_up(f, "r", "r0", "192.0.2.254/24");
  fx_route(f, "h", "0.0.0.0/0", "192.0.2.254");
  nsp_status st = {0};
  nsp_sock_opts o = {.type = NSP_SOCK_TCP, .pmtudisc = -1, .tos = -1};
  nsp_sock *c = f->be->ops->sock_open(f->be, "h", &o, &st);
  nsp_sockaddr to = {.addr = fx_ip("198.51.100.1"), .port = 12347};
  uint64_t t0 = fx_now(f);
  assert_false(f->be->ops->sock_connect(c, &to, &st));
  static const unsigned at[] = {0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67};
  nsp_pollfd pf = {.sock = c, .events = NSP_POLLOUT};
  f->be->ops->sock_poll(f->be, &pf, 1, t0 + 200 * S);
  assert_int_equal(f->be->ops->sock_error(c), ETIMEDOUT);
  unsigned syns = 0;
  for (unsigned i = 0; i < fx_count(f, "h0--r0"); i++) {
    const fx_frame *fr = fx_nth(f, "h0--r0", i);
    if (inet_get16(fr->data + 12) != ETHER_TYPE_IPV4) continue;
    assert_true(syns < G_N_ELEMENTS(at));
    uint64_t t = fr->at - t0;
    if (!(t >= at[syns] * S && t <= at[syns] * S + at[syns] * S / 25 + 100 * MS))
      print_message("SYN %u at %.3f s\n", syns, t / 1e9);
    assert_true(t >= at[syns] * S && t <= at[syns] * S + at[syns] * S / 25 + 100 * MS);
    syns++;
  }
  assert_int_equal(syns, G_N_ELEMENTS(at));
  f->be->ops->sock_close(c);
  fx_free(f);
}

/* The kernel's capture on ns1's link of `nc -l 12345` in ns2 and `echo
 * hello | nc -N 198.51.100.1 12345` in ns1 through a router (tcpdump on
 * gw-veth0, rendered by core/frames.c); the model, driven through the
 * same calls in the same order as the two nc processes make them, puts
 * the same frames on the wire. */
static const char *const KERNEL_NC_FRAMES[] = {
    "m1>bcast ARP who-has spa=192.0.2.1 sha=m1 tpa=192.0.2.254 tha=zero",
    "m2>m1 ARP is-at spa=192.0.2.254 sha=m2 tpa=192.0.2.1 tha=m1",
    "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=60 DF TCP p1>12345 S seq=0 win=64240 [mss 1460,sackOK,TS,nop,wscale 10] len=0",
    "m2>m1 IP 198.51.100.1>192.0.2.1 ttl=63 len=60 DF TCP 12345>p1 S. seq=0 ack=1 win=65160 [mss 1460,sackOK,TS,nop,wscale 10] len=0",
    "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=52 DF TCP p1>12345 . seq=1 ack=1 win=63 [nop,nop,TS] len=0",
    "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=58 DF TCP p1>12345 P. seq=1 ack=1 win=63 [nop,nop,TS] len=6",
    "m2>m1 IP 198.51.100.1>192.0.2.1 ttl=63 len=52 DF TCP 12345>p1 . seq=1 ack=7 win=64 [nop,nop,TS] len=0",
    "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=52 DF TCP p1>12345 F. seq=7 ack=1 win=63 [nop,nop,TS] len=0",
    "m2>m1 IP 198.51.100.1>192.0.2.1 ttl=63 len=52 DF TCP 12345>p1 F. seq=1 ack=8 win=64 [nop,nop,TS] len=0",
    "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=52 DF TCP p1>12345 . seq=8 ack=2 win=63 [nop,nop,TS] len=0",
};

static unsigned poll_for(fx_world *f, nsp_sock *s, unsigned ev) {
  nsp_pollfd pf = {.sock = s, .events = ev};
  f->be->ops->sock_poll(f->be, &pf, 1, fx_now(f) + 5 * S);
  return pf.revents;
}

static void test_nc_conversation_like_kernel(void **state) {
  (void)state;
  fx_world *f = fx_new();
  fx_veth(f, "ns1", "ns1-veth0", "router", "gw-veth0");
  fx_veth(f, "ns2", "ns2-veth0", "router", "gw-veth1");
  fx_addr_up(f, "ns1", "ns1-veth0", "192.0.2.1/24");
  fx_addr_up(f, "router", "gw-veth0", "192.0.2.254/24");
  fx_addr_up(f, "router", "gw-veth1", "198.51.100.254/24");
  fx_addr_up(f, "ns2", "ns2-veth0", "198.51.100.1/24");
  fx_route(f, "ns1", "0.0.0.0/0", "192.0.2.254");
  fx_route(f, "ns2", "0.0.0.0/0", "198.51.100.254");
  fx_forwarding(f, "router", 1);
  nsp_status st = {0};
  nsp_sock_opts lo = {.type = NSP_SOCK_TCP, .pmtudisc = -1, .tos = -1, .reuseaddr = true,
                      .reuseport = true};
  nsp_sock *l = f->be->ops->sock_open(f->be, "ns2", &lo, &st);
  nsp_sockaddr any = {.port = 12345};
  assert_true(f->be->ops->sock_bind(l, &any, &st));
  assert_true(f->be->ops->sock_listen(l, 1, &st));
  nsp_sock_opts co = {.type = NSP_SOCK_TCP, .pmtudisc = -1, .tos = -1};
  nsp_sock *c = f->be->ops->sock_open(f->be, "ns1", &co, &st);
  nsp_sockaddr to = {.addr = fx_ip("198.51.100.1"), .port = 12345};
  f->be->ops->sock_connect(c, &to, &st);
  assert_true(poll_for(f, c, NSP_POLLOUT) & NSP_POLLOUT);
  assert_true(poll_for(f, l, NSP_POLLIN) & NSP_POLLIN);
  nsp_sock *a = f->be->ops->sock_accept(l, NULL, &st);
  f->be->ops->sock_close(l); /* nc -l without -k */
  fx_run(f, 6 * MS);          /* nc reads stdin */
  assert_int_equal(f->be->ops->sock_send(c, "hello\n", 6, NULL, &st), 6);
  /* nc sees stdin's end in its next poll() round: on the kernel the FIN
   * left 40 us after the data, the server's ACK (24 us) had come back */
  fx_run(f, 100 * 1000);
  assert_true(f->be->ops->sock_shutdown(c, NSP_SHUT_WR, &st)); /* -N at EOF */
  char buf[64];
  assert_true(poll_for(f, a, NSP_POLLIN) & NSP_POLLIN);
  assert_int_equal(f->be->ops->sock_recv(a, buf, sizeof buf, NULL, false, &st), 6);
  assert_true(poll_for(f, a, NSP_POLLIN) & NSP_POLLIN);
  assert_int_equal(f->be->ops->sock_recv(a, buf, sizeof buf, NULL, false, &st), 0);
  f->be->ops->sock_shutdown(a, NSP_SHUT_RD, &st);
  f->be->ops->sock_close(a);
  assert_true(poll_for(f, c, NSP_POLLIN) & NSP_POLLIN);
  assert_int_equal(f->be->ops->sock_recv(c, buf, sizeof buf, NULL, false, &st), 0);
  f->be->ops->sock_close(c);
  fx_run(f, S);
  nsp_frame_labels lab;
  nsp_frame_labels_init(&lab);
  const char *link = "ns1-veth0--gw-veth0";
  unsigned n = 0;
  for (unsigned i = 0; i < fx_count(f, link); i++) {
    const fx_frame *fr = fx_nth(f, link, i);
    char *text = nsp_frame_render(&lab, fr->data, fr->len);
    if (!text) continue;
    assert_true(n < G_N_ELEMENTS(KERNEL_NC_FRAMES));
    assert_string_equal(text, KERNEL_NC_FRAMES[n]);
    g_free(text);
    n++;
  }
  assert_int_equal(n, G_N_ELEMENTS(KERNEL_NC_FRAMES));
  nsp_frame_labels_clear(&lab);
  fx_free(f);
}

/* The program closes with data unread: RST, not FIN (tcp_close(),
 * TcpExtTCPAbortOnClose); the RST carries the connection's sequence and
 * timestamps. */
static void test_close_with_unread_data_resets(void **state) {
  (void)state;
  fx_world *f = pair();
  nsp_sock *l = listener(f, 12345);
  tcp_hdr s = syn(1000, 5000);
  feed(f, &s, NULL);
  ipv4_hdr ih;
  tcp_hdr sa;
  assert_true(seg(f, 0, &ih, &sa));
  tcp_hdr d = {.sport = 48744, .dport = 12345, .seq = 1001, .ack = sa.seq + 1,
               .flags = TCP_ACK | TCP_PSH, .win = 63,
               .opt = {.ts = true, .tsval = 5001, .tsecr = sa.opt.tsval, .wscale = -1}};
  feed(f, &d, "unread");
  nsp_status st = {0};
  nsp_sock *c = f->be->ops->sock_accept(l, NULL, &st);
  assert_non_null(c);
  f->be->ops->sock_close(c);
  unsigned n = nsegs(f);
  tcp_hdr r;
  assert_true(seg(f, n - 1, &ih, &r));
  assert_int_equal(r.flags, TCP_RST | TCP_ACK);
  assert_int_equal(r.seq, sa.seq + 1);
  assert_int_equal(r.ack, 1007);
  assert_true(r.opt.ts);
  fx_run(f, 10 * S);
  assert_int_equal(nsegs(f), n);
  f->be->ops->sock_close(l);
  fx_free(f);
}

/* Data nobody acknowledges is sent again as the kernel did it (a client
 * behind `iptables -A INPUT -j DROP`): 212 ms (the tail loss probe), 212 ms
 * (the RTO), 424 ms, 828 ms later. */
static void test_data_retransmission(void **state) {
  (void)state;
  fx_world *f = pair();
  nsp_sock *l = listener(f, 12345);
  tcp_hdr s = syn(1000, 5000);
  feed(f, &s, NULL);
  ipv4_hdr ih;
  tcp_hdr sa;
  assert_true(seg(f, 0, &ih, &sa));
  tcp_hdr ack = {.sport = 48744, .dport = 12345, .seq = 1001, .ack = sa.seq + 1, .flags = TCP_ACK,
                 .win = 63, .opt = {.ts = true, .tsval = 5001, .tsecr = sa.opt.tsval, .wscale = -1}};
  feed(f, &ack, NULL);
  nsp_status st = {0};
  nsp_sock *c = f->be->ops->sock_accept(l, NULL, &st);
  uint64_t t0 = fx_now(f);
  assert_int_equal(f->be->ops->sock_send(c, "hi\n", 3, NULL, &st), 3);
  fx_run(f, 1500 * MS);
  assert_int_equal(nsegs(f), 5); /* SYN-ACK, the data, retransmissions at 212, 424, 848 ms */
  tcp_hdr d1, d2, d3;
  assert_true(seg(f, 1, &ih, &d1));
  assert_true(seg(f, 2, &ih, &d2));
  assert_true(seg(f, 3, &ih, &d3));
  assert_int_equal(d1.seq, d2.seq);
  assert_int_equal(d2.seq, d3.seq);
  assert_int_equal(d2.flags, TCP_ACK | TCP_PSH);
  const fx_frame *f2 = NULL, *f3 = NULL;
  for (unsigned i = 0, k = 0; i < fx_count(f, LINK); i++) {
    const fx_frame *fr = fx_nth(f, LINK, i);
    if (fr->data[ETHER_HDR_LEN + 9] != 6) continue;
    if (k == 2) f2 = fr;
    if (k == 3) f3 = fr;
    k++;
  }
  assert_true(f2->at - t0 >= 212 * MS && f2->at - t0 < 230 * MS);
  assert_true(f3->at - f2->at >= 212 * MS && f3->at - f2->at < 230 * MS);
  f->be->ops->sock_close(c);
  f->be->ops->sock_close(l);
  fx_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_listener_handshake_data_fin), cmocka_unit_test(test_fin_delayed_ack),
      cmocka_unit_test(test_closed_port_reset),           cmocka_unit_test(test_client_syn_and_ack),
      cmocka_unit_test(test_syn_retransmissions),
      cmocka_unit_test(test_nc_conversation_like_kernel),
      cmocka_unit_test(test_close_with_unread_data_resets),
      cmocka_unit_test(test_data_retransmission),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
