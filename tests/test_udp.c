/* UDP in the simulation (sim/udp.c), in smoltcp's style: a datagram is fed
 * into a namespace's interface and the exact packet it sends back is
 * asserted, byte for byte (the IP ID, random on the kernel too, is taken
 * from what was sent).  What the kernel does here was recorded on it
 * (kernel 6.18, this machine): the Port Unreachable quotes the datagram
 * whole, from the address it was sent to, TOS 0xc0, no DF; ten datagrams
 * 50 ms apart to a closed port get six errors, and one more after a
 * second; a datagram a socket sends leaves with DF and the
 * CHECKSUM_PARTIAL pseudo-header sum in its checksum field. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "proto/udp.h"
#include "sim/sim.h"
#include "tests/fixture.h"

#define S 1000000000ULL
#define MS 1000000ULL
#define LINK "a0--b0"

/* a (192.0.2.1 on a0) -- b (192.0.2.2 on b0), one segment */
static fx_world *pair(void) {
  fx_world *f = fx_new();
  fx_veth(f, "a", "a0", "b", "b0");
  fx_addr_up(f, "a", "a0", "192.0.2.1/24");
  fx_addr_up(f, "b", "b0", "192.0.2.2/24");
  return f;
}

static sim_iface *dev(fx_world *f, const char *ns, const char *name) {
  return sim_netns_iface_by_name(sim_world_netns_find(f->w, ns), name);
}

/* A datagram from a's address and MAC to b, as the kernel's veth carries
 * it (CHECKSUM_PARTIAL); the IPv4 packet is left in pkt. */
static size_t udp_frame(fx_world *f, uint16_t sport, uint16_t dport, const char *data,
                        uint8_t frame[128], uint8_t **pkt) {
  size_t dlen = strlen(data);
  ether_hdr eh = {.dst = dev(f, "b", "b0")->mac, .src = dev(f, "a", "a0")->mac,
                  .type = ETHER_TYPE_IPV4};
  ether_hdr_emit(&eh, frame, ETHER_HDR_LEN);
  uint8_t *ip = frame + ETHER_HDR_LEN;
  uint32_t src = fx_ip("192.0.2.1"), dst = fx_ip("192.0.2.2");
  ipv4_hdr h = {.tos = 0, .tot_len = (uint16_t)(IPV4_HDR_LEN + UDP_HDR_LEN + dlen), .id = 0x1234,
                .frag = IPV4_FLAG_DF, .ttl = 64, .proto = IPV4_PROTO_UDP, .saddr = src,
                .daddr = dst};
  ipv4_hdr_emit(&h, ip, IPV4_HDR_LEN);
  udp_hdr u = {.sport = sport, .dport = dport};
  udp_emit(&u, src, dst, (const uint8_t *)data, dlen, PROTO_CSUM_PARTIAL, ip + IPV4_HDR_LEN, 100);
  *pkt = ip;
  return ETHER_HDR_LEN + h.tot_len;
}

static void feed(fx_world *f, const uint8_t *frame, size_t len) {
  sim_ether_input(dev(f, "b", "b0"), frame, len);
}

/* The frames of the link carrying IPv4 protocol proto, in order. */
static unsigned frames_proto(fx_world *f, uint8_t proto, const fx_frame **out, unsigned cap) {
  unsigned n = 0;
  for (unsigned i = 0; i < fx_count(f, LINK); i++) {
    const fx_frame *fr = fx_nth(f, LINK, i);
    if (inet_get16(fr->data + 12) != ETHER_TYPE_IPV4 || fr->data[ETHER_HDR_LEN + 9] != proto)
      continue;
    if (n < cap) out[n] = fr;
    n++;
  }
  return n;
}

/* No socket on the port: the Port Unreachable is exactly the kernel's. */
static void test_port_unreachable_bytes(void **state) {
  (void)state;
  fx_world *f = pair();
  uint8_t frame[128], *pkt;
  size_t len = udp_frame(f, 38945, 9999, "hello\n", frame, &pkt);
  feed(f, frame, len);
  fx_run(f, 10 * MS); /* b asks who 192.0.2.1 is first */
  const fx_frame *err[2];
  assert_int_equal(frames_proto(f, IPV4_PROTO_ICMP, err, 2), 1);
  const uint8_t *got = err[0]->data + ETHER_HDR_LEN;
  size_t plen = len - ETHER_HDR_LEN;
  uint8_t want[128];
  ipv4_hdr h = {.tos = 0xc0, .tot_len = (uint16_t)(IPV4_HDR_LEN + ICMP_HDR_LEN + plen),
                .id = inet_get16(got + 4), .frag = 0, .ttl = 64, .proto = IPV4_PROTO_ICMP,
                .saddr = fx_ip("192.0.2.2"), .daddr = fx_ip("192.0.2.1")};
  ipv4_hdr_emit(&h, want, IPV4_HDR_LEN);
  icmp_hdr ih = {.type = ICMP_DEST_UNREACH, .code = ICMP_PORT_UNREACH};
  icmp_emit(&ih, pkt, plen, want + IPV4_HDR_LEN, sizeof want - IPV4_HDR_LEN);
  assert_int_equal(err[0]->len, ETHER_HDR_LEN + h.tot_len);
  assert_memory_equal(got, want, h.tot_len);
  sim_netns *b = sim_world_netns_find(f->w, "b");
  assert_int_equal(b->cnt.udp_no_ports, 1);
  assert_int_equal(b->cnt.udp_in_datagrams, 0);
  fx_free(f);
}

/* icmpv4_xrlim_allow(): a burst of six, then one a second. */
static void test_port_unreachable_rate_limit(void **state) {
  (void)state;
  fx_world *f = pair();
  uint8_t frame[128], *pkt;
  for (int i = 0; i < 10; i++) {
    size_t len = udp_frame(f, 45696, 9999, "x", frame, &pkt);
    feed(f, frame, len);
    fx_run(f, 50 * MS);
  }
  fx_run(f, S);
  const fx_frame *err[16];
  assert_int_equal(frames_proto(f, IPV4_PROTO_ICMP, err, 16), 6);
  for (int i = 0; i < 3; i++) {
    size_t len = udp_frame(f, 45696, 9999, "xx", frame, &pkt);
    feed(f, frame, len);
    fx_run(f, 50 * MS);
  }
  assert_int_equal(frames_proto(f, IPV4_PROTO_ICMP, err, 16), 7);
  assert_int_equal(sim_world_netns_find(f->w, "b")->cnt.udp_no_ports, 13);
  fx_free(f);
}

static nsp_sock *udp_sock(fx_world *f, const char *ns, uint16_t port) {
  nsp_status st = {0};
  nsp_sock_opts o = {.type = NSP_SOCK_UDP, .pmtudisc = -1, .tos = -1};
  nsp_sock *s = f->be->ops->sock_open(f->be, ns, &o, &st);
  assert_non_null(s);
  nsp_sockaddr a = {.port = port};
  if (port) assert_true(f->be->ops->sock_bind(s, &a, &st));
  return s;
}

/* A bound socket takes the datagram; nothing goes back. */
static void test_delivered_to_socket(void **state) {
  (void)state;
  fx_world *f = pair();
  nsp_sock *s = udp_sock(f, "b", 9999);
  uint8_t frame[128], *pkt;
  size_t len = udp_frame(f, 40000, 9999, "hello\n", frame, &pkt);
  feed(f, frame, len);
  fx_run(f, 10 * MS);
  assert_int_equal(fx_count(f, LINK), 0);
  char buf[16];
  nsp_sockaddr from;
  nsp_status st = {0};
  assert_int_equal(f->be->ops->sock_recv(s, buf, sizeof buf, &from, false, &st), 6);
  assert_memory_equal(buf, "hello\n", 6);
  assert_int_equal(from.addr, fx_ip("192.0.2.1"));
  assert_int_equal(from.port, 40000);
  assert_int_equal(sim_world_netns_find(f->w, "b")->cnt.udp_in_datagrams, 1);
  f->be->ops->sock_close(s);
  fx_free(f);
}

/* What a socket sends: DF, TTL 64, the partial checksum, the IP ID of a
 * connected socket counting up from its random start. */
static void test_sent_datagram(void **state) {
  (void)state;
  fx_world *f = pair();
  nsp_sock *srv = udp_sock(f, "b", 9999);
  nsp_sock *c = udp_sock(f, "a", 0);
  nsp_status st = {0};
  nsp_sockaddr to = {.addr = fx_ip("192.0.2.2"), .port = 9999};
  assert_true(f->be->ops->sock_connect(c, &to, &st));
  assert_int_equal(f->be->ops->sock_send(c, "ab", 2, NULL, &st), 2);
  assert_int_equal(f->be->ops->sock_send(c, "cd", 2, NULL, &st), 2);
  fx_run(f, 10 * MS);
  const fx_frame *d[2];
  assert_int_equal(frames_proto(f, IPV4_PROTO_UDP, d, 2), 2);
  ipv4_hdr h0, h1;
  assert_int_equal(ipv4_hdr_parse(d[0]->data + ETHER_HDR_LEN, d[0]->len - ETHER_HDR_LEN, &h0),
                   PROTO_OK);
  assert_int_equal(ipv4_hdr_parse(d[1]->data + ETHER_HDR_LEN, d[1]->len - ETHER_HDR_LEN, &h1),
                   PROTO_OK);
  assert_int_equal(h0.frag, IPV4_FLAG_DF);
  assert_int_equal(h0.ttl, 64);
  assert_int_equal(h0.tot_len, 30);
  assert_int_equal((uint16_t)(h0.id + 1), h1.id);
  const uint8_t *u = d[0]->data + ETHER_HDR_LEN + IPV4_HDR_LEN;
  nsp_sockaddr me;
  assert_true(f->be->ops->sock_name(c, false, &me, &st));
  assert_int_equal(inet_get16(u), me.port);
  assert_int_equal(inet_get16(u + 2), 9999);
  assert_int_equal(inet_get16(u + 4), 10);
  assert_int_equal(inet_get16(u + 6),
                   inet_pseudo_partial(fx_ip("192.0.2.1"), fx_ip("192.0.2.2"), IPV4_PROTO_UDP, 10));
  char buf[4];
  assert_int_equal(f->be->ops->sock_recv(srv, buf, sizeof buf, NULL, false, &st), 2);
  f->be->ops->sock_close(c);
  f->be->ops->sock_close(srv);
  fx_free(f);
}

/* A malformed datagram (length field below 8) is an input error; nothing
 * goes back. */
static void test_short_length_dropped(void **state) {
  (void)state;
  fx_world *f = pair();
  uint8_t frame[128], *pkt;
  size_t len = udp_frame(f, 1, 9999, "abc", frame, &pkt);
  inet_put16(pkt + IPV4_HDR_LEN + 4, 4);
  feed(f, frame, len);
  fx_run(f, 10 * MS);
  assert_int_equal(fx_count(f, LINK), 0);
  sim_netns *b = sim_world_netns_find(f->w, "b");
  assert_int_equal(b->cnt.udp_in_errors, 1);
  assert_int_equal(b->cnt.udp_no_ports, 0);
  fx_free(f);
}

/* A protocol nobody speaks gets Protocol Unreachable. */
static void test_protocol_unreachable(void **state) {
  (void)state;
  fx_world *f = pair();
  uint8_t frame[128], *pkt;
  size_t len = udp_frame(f, 1, 9999, "abc", frame, &pkt);
  pkt[9] = 132; /* SCTP */
  inet_put16(pkt + 10, 0);
  inet_put16(pkt + 10, inet_cksum(pkt, IPV4_HDR_LEN));
  feed(f, frame, len);
  fx_run(f, 10 * MS);
  const fx_frame *err[2];
  assert_int_equal(frames_proto(f, IPV4_PROTO_ICMP, err, 2), 1);
  assert_int_equal(err[0]->data[ETHER_HDR_LEN + IPV4_HDR_LEN], ICMP_DEST_UNREACH);
  assert_int_equal(err[0]->data[ETHER_HDR_LEN + IPV4_HDR_LEN + 1], ICMP_PROT_UNREACH);
  fx_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_port_unreachable_bytes),
      cmocka_unit_test(test_port_unreachable_rate_limit),
      cmocka_unit_test(test_delivered_to_socket),
      cmocka_unit_test(test_sent_datagram),
      cmocka_unit_test(test_short_length_dropped),
      cmocka_unit_test(test_protocol_unreachable),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
