/* Unit tests for proto/udp.c: a datagram the kernel sent (nc -u from
 * 192.0.2.1 to 198.51.100.1 port 9999, "hello\n", captured with tcpdump
 * on this machine's kernel 6.18) decoded field by field and re-encoded
 * into a buffer pre-filled with 0xa5; the Port Unreachable the kernel sent
 * back, quoting it; and a negative test for each malformed case.
 *
 * On the veth the kernel's checksum field holds 0xec55, the pseudo-header's
 * folded sum (CHECKSUM_PARTIAL: the device would finish it); the full
 * RFC 768 checksum of the same datagram is 0x108f (computed apart, in
 * Python, from the bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "proto/udp.h"

#define IP(a, b, c, d) \
  ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define FILL 0xa5
#define SRC IP(192, 0, 2, 1)
#define DST IP(198, 51, 100, 1)

/* The IPv4 packet (34 bytes): id 0xe465, DF, TTL 64, UDP 38945 > 9999. */
static const uint8_t GOLD_UDP_PKT[34] = {
    0x45, 0x00, 0x00, 0x22, 0xe4, 0x65, 0x40, 0x00, 0x40, 0x11, 0x6a, 0x2f,
    0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x01, /* IPv4 */
    0x98, 0x21, 0x27, 0x0f, 0x00, 0x0e, 0xec, 0x55, /* UDP at 20 */
    0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x0a,             /* "hello\n" */
};
#define UDP_OFF 20
#define UDP_LEN 14

/* The Port Unreachable from 198.51.100.1 as it arrived through the router
 * (TTL 63): TOS 0xc0, no DF, quoting the whole datagram (TTL 63 too: the
 * router had decremented it). */
static const uint8_t GOLD_PORT_UNREACH[62] = {
    0x45, 0xc0, 0x00, 0x3e, 0x49, 0x9d, 0x00, 0x00, 0x3f, 0x01, 0x45, 0x2c,
    0xc6, 0x33, 0x64, 0x01, 0xc0, 0x00, 0x02, 0x01, /* IPv4 */
    0x03, 0x03, 0x0d, 0x8c, 0x00, 0x00, 0x00, 0x00, /* ICMP 3/3 */
    0x45, 0x00, 0x00, 0x22, 0xe4, 0x65, 0x40, 0x00, 0x3f, 0x11, 0x6b, 0x2f,
    0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x01, 0x98, 0x21, 0x27, 0x0f,
    0x00, 0x0e, 0xec, 0x55, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x0a,
};

#define FULL_CHECK 0x108f

/* The datagram with the full checksum in place of the partial one. */
static void gold_full(uint8_t d[UDP_LEN]) {
  memcpy(d, GOLD_UDP_PKT + UDP_OFF, UDP_LEN);
  inet_put16(d + 6, FULL_CHECK);
}

static void test_udp_parse_golden(void **state) {
  (void)state;
  udp_hdr u;
  memset(&u, 0x5a, sizeof u);
  /* trusted, as the kernel takes a CHECKSUM_PARTIAL packet off a veth */
  assert_int_equal(udp_parse(GOLD_UDP_PKT + UDP_OFF, UDP_LEN, SRC, DST, false, &u), PROTO_OK);
  assert_int_equal(u.sport, 38945);
  assert_int_equal(u.dport, 9999);
  assert_int_equal(u.len, 14);
  assert_int_equal(u.check, 0xec55);
  assert_int_equal(inet_pseudo_partial(SRC, DST, IPV4_PROTO_UDP, UDP_LEN), 0xec55);
  /* checked, the partial sum is wrong; the full one is right */
  assert_int_equal(udp_parse(GOLD_UDP_PKT + UDP_OFF, UDP_LEN, SRC, DST, true, &u),
                   PROTO_ERR_CHECKSUM);
  uint8_t d[UDP_LEN];
  gold_full(d);
  assert_int_equal(udp_parse(d, UDP_LEN, SRC, DST, true, &u), PROTO_OK);
  assert_int_equal(u.check, FULL_CHECK);
  /* the pseudo-header sum, header and data fold to zero */
  uint32_t sum = inet_pseudo_sum(SRC, DST, IPV4_PROTO_UDP, UDP_LEN);
  assert_int_equal(inet_cksum_finish(inet_cksum_partial(d, UDP_LEN, sum)), 0);
}

static void test_udp_emit_golden(void **state) {
  (void)state;
  uint8_t buf[64];
  memset(buf, FILL, sizeof buf);
  udp_hdr h = {.sport = 38945, .dport = 9999, .len = 1, .check = 2}; /* len, check ignored */
  size_t n = udp_emit(&h, SRC, DST, (const uint8_t *)"hello\n", 6, PROTO_CSUM_PARTIAL, buf,
                      sizeof buf);
  assert_int_equal(n, UDP_LEN);
  assert_int_equal(udp_emit_len(6), UDP_LEN);
  assert_memory_equal(buf, GOLD_UDP_PKT + UDP_OFF, UDP_LEN); /* the kernel's bytes */
  for (size_t i = UDP_LEN; i < sizeof buf; i++) assert_int_equal(buf[i], FILL);
  uint8_t d[UDP_LEN];
  gold_full(d);
  memset(buf, FILL, sizeof buf);
  n = udp_emit(&h, SRC, DST, (const uint8_t *)"hello\n", 6, PROTO_CSUM_FULL, buf, sizeof buf);
  assert_int_equal(n, UDP_LEN);
  assert_memory_equal(buf, d, UDP_LEN);
  assert_int_equal(buf[UDP_LEN], FILL);
  /* the data may already sit where it goes */
  memset(buf, FILL, sizeof buf);
  memcpy(buf + UDP_HDR_LEN, "hello\n", 6);
  n = udp_emit(&h, SRC, DST, buf + UDP_HDR_LEN, 6, PROTO_CSUM_FULL, buf, sizeof buf);
  assert_memory_equal(buf, d, UDP_LEN);
}

/* The kernel's Port Unreachable parses with the codecs in layers: the
 * outer IPv4 and ICMP headers, then the quoted datagram's header read as
 * it is (its IPv4 checksum still checks: a router's decrement keeps it). */
static void test_udp_in_port_unreachable(void **state) {
  (void)state;
  ipv4_hdr h;
  assert_int_equal(ipv4_hdr_parse(GOLD_PORT_UNREACH, sizeof GOLD_PORT_UNREACH, &h), PROTO_OK);
  assert_int_equal(h.tos, 0xc0);
  assert_int_equal(h.frag, 0);
  icmp_hdr ih;
  assert_int_equal(icmp_parse(GOLD_PORT_UNREACH + 20, 42, &ih), PROTO_OK);
  assert_int_equal(ih.type, ICMP_DEST_UNREACH);
  assert_int_equal(ih.code, ICMP_PORT_UNREACH);
  const uint8_t *q = GOLD_PORT_UNREACH + 28;
  ipv4_hdr qh;
  assert_int_equal(ipv4_hdr_parse(q, 34, &qh), PROTO_OK);
  assert_int_equal(qh.ttl, 63);
  assert_int_equal(qh.proto, IPV4_PROTO_UDP);
  udp_hdr u;
  udp_hdr_read(q + 20, &u);
  assert_int_equal(u.sport, 38945);
  assert_int_equal(u.dport, 9999);
  /* the quoted datagram is whole, its checksum still the partial one */
  assert_int_equal(udp_parse(q + 20, 14, qh.saddr, qh.daddr, false, &u), PROTO_OK);
  assert_int_equal(u.check, 0xec55);
  /* rebuilt with the codecs, the ICMP message is the kernel's byte for byte */
  uint8_t out[42];
  icmp_hdr e = {.type = ICMP_DEST_UNREACH, .code = ICMP_PORT_UNREACH};
  assert_int_equal(icmp_emit(&e, q, 34, out, sizeof out), 42);
  assert_memory_equal(out, GOLD_PORT_UNREACH + 20, 42);
}

static void test_udp_zero_checksum(void **state) {
  (void)state;
  uint8_t d[UDP_LEN];
  memcpy(d, GOLD_UDP_PKT + UDP_OFF, UDP_LEN);
  d[6] = d[7] = 0; /* no checksum: accepted whatever the data */
  d[8] ^= 0xff;
  udp_hdr u;
  assert_int_equal(udp_parse(d, sizeof d, SRC, DST, true, &u), PROTO_OK);
  assert_int_equal(u.check, 0);
}

/* A sum that comes out 0 is sent as 0xffff (RFC 768); it checks. */
static void test_udp_emit_ffff(void **state) {
  (void)state;
  uint8_t buf[16];
  udp_hdr h = {.sport = 1, .dport = 2};
  /* choose two data bytes that make the sum fold to 0xffff */
  uint32_t sum = inet_pseudo_sum(SRC, DST, IPV4_PROTO_UDP, 10);
  uint8_t hdr[8] = {0, 1, 0, 2, 0, 10, 0, 0};
  sum = inet_cksum_partial(hdr, 8, sum);
  uint16_t want = (uint16_t)~inet_cksum_finish(sum); /* folded sum so far */
  uint8_t data[2];
  inet_put16(data, (uint16_t)(0xffff - want));
  assert_int_equal(udp_emit(&h, SRC, DST, data, 2, PROTO_CSUM_FULL, buf, sizeof buf), 10);
  assert_int_equal(inet_get16(buf + 6), 0xffff);
  udp_hdr u;
  assert_int_equal(udp_parse(buf, 10, SRC, DST, true, &u), PROTO_OK);
}

static void test_udp_malformed(void **state) {
  (void)state;
  uint8_t d[UDP_LEN + 4];
  udp_hdr u;
  memset(&u, 0x5a, sizeof u);
  udp_hdr untouched = u;
  gold_full(d);
  assert_int_equal(udp_parse(d, 7, SRC, DST, false, &u), PROTO_ERR_TRUNCATED);
  assert_int_equal(udp_parse(d, 13, SRC, DST, false, &u), PROTO_ERR_TRUNCATED); /* length 14 */
  d[5] = 7;
  assert_int_equal(udp_parse(d, UDP_LEN, SRC, DST, false, &u), PROTO_ERR_LENGTH);
  d[5] = 14;
  d[13] ^= 1;
  assert_int_equal(udp_parse(d, UDP_LEN, SRC, DST, true, &u), PROTO_ERR_CHECKSUM);
  d[13] ^= 1;
  /* the pseudo-header counts: another destination, another sum */
  assert_int_equal(udp_parse(d, UDP_LEN, SRC, DST + 1, true, &u), PROTO_ERR_CHECKSUM);
  assert_memory_equal(&u, &untouched, sizeof u);
  /* IP padding after the datagram is not the datagram's */
  memset(d + UDP_LEN, 0xee, 4);
  assert_int_equal(udp_parse(d, sizeof d, SRC, DST, true, &u), PROTO_OK);
  assert_int_equal(u.len, UDP_LEN);
}

static void test_udp_emit_no_space(void **state) {
  (void)state;
  uint8_t buf[16];
  memset(buf, FILL, sizeof buf);
  udp_hdr h = {.sport = 1, .dport = 2};
  assert_int_equal(udp_emit(&h, SRC, DST, NULL, 0, PROTO_CSUM_FULL, buf, 7), 0);
  assert_int_equal(udp_emit(&h, SRC, DST, (const uint8_t *)"123456789", 9, PROTO_CSUM_FULL, buf, 16), 0);
  for (size_t i = 0; i < sizeof buf; i++) assert_int_equal(buf[i], FILL);
  assert_int_equal(udp_emit(&h, SRC, DST, NULL, 0, PROTO_CSUM_PARTIAL, buf, 8), 8);
  assert_int_equal(inet_get16(buf + 4), 8);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_udp_parse_golden),     cmocka_unit_test(test_udp_emit_golden),
      cmocka_unit_test(test_udp_in_port_unreachable), cmocka_unit_test(test_udp_zero_checksum),
      cmocka_unit_test(test_udp_emit_ffff),        cmocka_unit_test(test_udp_malformed),
      cmocka_unit_test(test_udp_emit_no_space),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
