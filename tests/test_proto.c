/* Unit tests for proto/: golden frames decoded field by field and
 * re-encoded into buffers pre-filled with 0xa5, a negative test for every
 * malformed case and every proto_err path, checksum properties, and the
 * address text helpers.
 *
 * The golden frames were built by hand and their checksums checked with
 * tshark (ip.check_checksum enabled): IPv4 0x0145, ICMP 0x6c66; the Time
 * Exceeded frame: IPv4 0xf504, ICMP 0x6e64, quoted header 0x4044. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"

/* 192.0.2.1 (02:00:00:00:00:01) asks who-has 192.0.2.254, broadcast,
 * padded to the 60-byte minimum. */
static const uint8_t GOLD_ARP_FRAME[60] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, /* dst, src */
    0x08, 0x06,                                                             /* ARP */
    0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,                         /* hw, proto, op */
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01,             /* sha, spa */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0xfe,             /* tha, tpa */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* padding */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* ping 198.51.100.1 from 192.0.2.1: IPv4 id 0x4d2e, DF, TTL 64; ICMP echo
 * id 0x1234 seq 1 with iputils' 56 bytes (timestamp, then 0x10..0x37). */
static const uint8_t GOLD_ECHO_FRAME[98] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
    /* IPv4 at 14 */
    0x45, 0x00, 0x00, 0x54, 0x4d, 0x2e, 0x40, 0x00, 0x40, 0x01, 0x01, 0x45, 0xc0, 0x00,
    0x02, 0x01, 0xc6, 0x33, 0x64, 0x01,
    /* ICMP at 34 */
    0x08, 0x00, 0x6c, 0x66, 0x12, 0x34, 0x00, 0x01,
    /* data at 42 */
    0x00, 0xf1, 0x53, 0x65, 0x00, 0x00, 0x00, 0x00, 0x5c, 0x3b, 0x0a, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
    0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c,
    0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
};
#define ECHO_IP_OFF 14
#define ECHO_IP_LEN 84
#define ECHO_ICMP_OFF 34
#define ECHO_ICMP_LEN 64
#define ECHO_DATA_OFF 42
#define ECHO_DATA_LEN 56

/* 192.0.2.254 tells 192.0.2.1 that the same echo request, sent with TTL 1
 * (id 0x4d2f), expired in transit: TOS 0xc0, TTL 64, id 1, quoting the
 * original IPv4 header and the first 8 bytes of its data (RFC 792). */
static const uint8_t GOLD_TE_FRAME[70] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x08, 0x00,
    /* IPv4 at 14 */
    0x45, 0xc0, 0x00, 0x38, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0xf5, 0x04, 0xc0, 0x00,
    0x02, 0xfe, 0xc0, 0x00, 0x02, 0x01,
    /* ICMP at 34 */
    0x0b, 0x00, 0x6e, 0x64, 0x00, 0x00, 0x00, 0x00,
    /* quote at 42: IPv4 header, then the echo header */
    0x45, 0x00, 0x00, 0x54, 0x4d, 0x2f, 0x40, 0x00, 0x01, 0x01, 0x40, 0x44, 0xc0, 0x00,
    0x02, 0x01, 0xc6, 0x33, 0x64, 0x01, 0x08, 0x00, 0x6c, 0x66, 0x12, 0x34, 0x00, 0x01,
};
#define TE_IP_LEN 56
#define TE_ICMP_LEN 36
#define TE_QUOTE_OFF 42
#define TE_QUOTE_LEN 28

#define IP(a, b, c, d) \
  ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define FILL 0xa5
#define BUF_CAP 160

static const ether_addr MAC1 = {{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};
static const ether_addr MAC2 = {{0x02, 0x00, 0x00, 0x00, 0x00, 0xfe}};

/* ---- helpers ---------------------------------------------------------- */

static void buf_fill(uint8_t *buf, size_t cap) {
  memset(buf, FILL, cap);
}

static void assert_untouched(const uint8_t *buf, size_t from, size_t cap) {
  for (size_t i = from; i < cap; i++) assert_int_equal(buf[i], FILL);
}

/* An emit into a FILL buffer of cap bytes wrote exactly gold and nothing
 * after it. */
static void assert_emitted(size_t n, const uint8_t *buf, size_t cap, const uint8_t *gold,
                           size_t glen) {
  assert_int_equal(n, glen);
  assert_memory_equal(buf, gold, glen);
  assert_untouched(buf, glen, cap);
}

/* Fixed-seed 32-bit LCG (Numerical Recipes constants): the tests never call
 * rand(). */
static uint32_t lcg_next(uint32_t *state) {
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

/* ---- inet: error strings, checksum, byte access ----------------------- */

static void test_err_str(void **state) {
  (void)state;
  assert_string_equal(proto_err_str(PROTO_OK), "ok");
  assert_string_equal(proto_err_str(PROTO_ERR_TRUNCATED), "truncated");
  assert_string_equal(proto_err_str(PROTO_ERR_VERSION), "bad version");
  assert_string_equal(proto_err_str(PROTO_ERR_CHECKSUM), "bad checksum");
  assert_string_equal(proto_err_str((proto_err)999), "unknown error");
  for (int a = PROTO_OK; a <= PROTO_ERR_LAST; a++)
    for (int b = a + 1; b <= PROTO_ERR_LAST; b++)
      assert_string_not_equal(proto_err_str((proto_err)a), proto_err_str((proto_err)b));
}

/* RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (after
 * folding the carry), so the checksum is ~ddf2 = 220d. */
static void test_cksum_rfc1071_example(void **state) {
  (void)state;
  static const uint8_t b[8] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  assert_int_equal(inet_cksum_partial(b, sizeof b, 0), 0xddf2);
  assert_int_equal(inet_cksum(b, sizeof b), 0x220d);
  uint32_t sum = inet_cksum_partial(b, 2, 0);
  sum = inet_cksum_partial(b + 2, 4, sum);
  sum = inet_cksum_partial(b + 6, 2, sum);
  assert_int_equal(inet_cksum_finish(sum), 0x220d);
  /* with the checksum appended, the whole sums to zero */
  uint8_t c[10];
  memcpy(c, b, 8);
  inet_put16(c + 8, 0x220d);
  assert_int_equal(inet_cksum(c, sizeof c), 0);
}

static void test_cksum_odd_length(void **state) {
  (void)state;
  static const uint8_t one[1] = {0x01};
  assert_int_equal(inet_cksum(one, 1), 0xfeff); /* padded: 0x0100 */
  static const uint8_t three[3] = {0x00, 0x01, 0xf2};
  assert_int_equal(inet_cksum(three, 3), (uint16_t)~0xf201);
  /* an odd last piece after an even one */
  uint32_t sum = inet_cksum_partial(three, 2, 0);
  sum = inet_cksum_partial(three + 2, 1, sum);
  assert_int_equal(inet_cksum_finish(sum), (uint16_t)~0xf201);
  /* the RFC 1071 example without its last byte */
  static const uint8_t b[7] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6};
  assert_int_equal(inet_cksum(b, 7), 0x2304); /* 0x2dcf9 folds to 0xdcfb */
}

/* The sum in the machine's order against RFC 1071's own loop, a 16-bit
 * network-order word at a time: every length to 80 at every offset, the
 * sum carried between pieces of any even length. */
static uint32_t cksum_reference(const uint8_t *d, size_t len, uint32_t sum) {
  uint64_t acc = sum;
  for (size_t i = 0; i + 1 < len; i += 2) acc += (uint32_t)(d[i] << 8 | d[i + 1]);
  if (len & 1) acc += (uint32_t)d[len - 1] << 8;
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return (uint32_t)acc;
}

static void test_cksum_against_rfc1071_loop(void **state) {
  (void)state;
  uint8_t buf[96];
  uint32_t x = 12345;
  for (size_t k = 0; k < sizeof buf; k++) buf[k] = (uint8_t)(x = x * 1103515245u + 12345u) >> 3;
  for (size_t off = 0; off < 8; off++)
    for (size_t len = 0; len + off <= 88; len++) {
      assert_int_equal(inet_cksum_partial(buf + off, len, 0), cksum_reference(buf + off, len, 0));
      for (size_t cut = 0; cut <= len; cut += 2) {
        uint32_t a = inet_cksum_partial(buf + off, cut, 0xfffe);
        a = inet_cksum_partial(buf + off + cut, len - cut, a);
        uint32_t b = cksum_reference(buf + off, cut, 0xfffe);
        b = cksum_reference(buf + off + cut, len - cut, b);
        assert_int_equal(a, b);
      }
    }
  memset(buf, 0xff, sizeof buf);
  assert_int_equal(inet_cksum_partial(buf, 96, 0), cksum_reference(buf, 96, 0));
  assert_int_equal(inet_cksum_partial(buf, 95, 0xffff), cksum_reference(buf, 95, 0xffff));
}

static void test_cksum_empty_and_carries(void **state) {
  (void)state;
  assert_int_equal(inet_cksum(NULL, 0), 0xffff);
  assert_int_equal(inet_cksum_finish(0), 0xffff);
  assert_int_equal(inet_cksum_finish(0x1fffe), 0x0000); /* 0xfffe + 1 */
  assert_int_equal(inet_cksum_finish(0xffffffffu), 0x0000);
  static const uint8_t ff[4] = {0xff, 0xff, 0xff, 0xff};
  assert_int_equal(inet_cksum(ff, 4), 0x0000);
  static const uint8_t carry[4] = {0xff, 0xff, 0x00, 0x02}; /* 0x10001 -> 0x0002 */
  assert_int_equal(inet_cksum(carry, 4), 0xfffd);
  /* 200000 bytes of 0xff: far more words than a 32-bit sum can take
   * without folding; the running sum stays bounded */
  enum { BIG = 200000 };
  uint8_t *big = malloc(BIG);
  assert_non_null(big);
  memset(big, 0xff, BIG);
  uint32_t sum = 0;
  for (int i = 0; i < 4; i++) sum = inet_cksum_partial(big, BIG, sum);
  assert_true(sum <= 0xffff);
  assert_int_equal(inet_cksum_finish(sum), 0x0000);
  big[BIG - 1] = 0xfe; /* one less: sum 0xfffe */
  assert_int_equal(inet_cksum(big, BIG), 0x0001);
  free(big);
}

static void test_cksum_golden_headers_sum_to_zero(void **state) {
  (void)state;
  assert_int_equal(inet_cksum(GOLD_ECHO_FRAME + ECHO_IP_OFF, IPV4_HDR_LEN), 0);
  assert_int_equal(inet_cksum(GOLD_ECHO_FRAME + ECHO_ICMP_OFF, ECHO_ICMP_LEN), 0);
  assert_int_equal(inet_cksum(GOLD_TE_FRAME + 14, IPV4_HDR_LEN), 0);
  assert_int_equal(inet_cksum(GOLD_TE_FRAME + 34, TE_ICMP_LEN), 0);
  assert_int_equal(inet_cksum(GOLD_TE_FRAME + TE_QUOTE_OFF, IPV4_HDR_LEN), 0);
}

static void test_get_put(void **state) {
  (void)state;
  uint8_t b[7];
  buf_fill(b, sizeof b);
  inet_put16(b + 1, 0xbeef); /* unaligned */
  assert_int_equal(b[1], 0xbe);
  assert_int_equal(b[2], 0xef);
  assert_int_equal(inet_get16(b + 1), 0xbeef);
  assert_int_equal(b[0], FILL);
  assert_int_equal(b[3], FILL);
  inet_put32(b + 3, 0xc0000201);
  static const uint8_t want[4] = {0xc0, 0x00, 0x02, 0x01};
  assert_memory_equal(b + 3, want, 4);
  assert_int_equal(inet_get32(b + 3), 0xc0000201);
  assert_int_equal(inet_get32(GOLD_ECHO_FRAME + 30), IP(198, 51, 100, 1));
  assert_int_equal(inet_get16(GOLD_ECHO_FRAME + 12), ETHER_TYPE_IPV4);
}

/* ---- inet: IPv4 address text ------------------------------------------ */

static void test_ipv4_pton_valid(void **state) {
  (void)state;
  static const struct {
    const char *s;
    uint32_t a;
  } cases[] = {
      {"0.0.0.0", 0},
      {"255.255.255.255", 0xffffffffu},
      {"192.0.2.1", IP(192, 0, 2, 1)},
      {"198.51.100.254", IP(198, 51, 100, 254)},
      {"10.0.0.1", IP(10, 0, 0, 1)},
      {"1.20.199.0", IP(1, 20, 199, 0)},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint32_t a = 0x5a5a5a5a;
    assert_true(ipv4_addr_pton(cases[i].s, &a));
    assert_int_equal(a, cases[i].a);
  }
}

static void test_ipv4_pton_invalid(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",          "1.2.3",       "256.1.1.1",   "1.2.3.256",    "1.2.3.4.5",     "a.b.c.d",
      " 1.2.3.4",  "1.2.3.4 ",    "1.2.3.4\n",   "+1.2.3.4",     "1.+2.3.4",      "-1.2.3.4",
      "1..2.3",    ".1.2.3",      "1.2.3.",      "1.2.3.4.",     "1.2.3.0004",    "01.2.3.4",
      "1.2.3.00",  "1234.1.1.1",  "0x1.2.3.4",   "1.2.3.4/24",   "1,2,3,4",       "1.2.3.-4",
      "999.999.999.999", "1.2.3.4x", "4294967295", "1.2.3.4444444444444444444",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint32_t a = 0x5a5a5a5a;
    if (ipv4_addr_pton(bad[i], &a)) fail_msg("accepted \"%s\"", bad[i]);
    assert_int_equal(a, 0x5a5a5a5a); /* untouched */
  }
}

/* getaddrinfo()'s numeric hosts (glibc __inet_aton_exact()), as ping and
 * nc read them on the kernel */
static void test_ipv4_aton(void **state) {
  (void)state;
  static const struct {
    const char *s;
    uint32_t a;
  } cases[] = {
      {"192.0.2.1", IP(192, 0, 2, 1)}, {"10.9.9", IP(10, 9, 0, 9)}, {"127.1", IP(127, 0, 0, 1)},
      {"1", 1},                        {"0x7f.1", IP(127, 0, 0, 1)}, {"010.0.0.1", IP(8, 0, 0, 1)},
      {"4294967295", 0xffffffffu},     {"1.2.65535", IP(1, 2, 255, 255)}, {"0", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint32_t a = 0x5a5a5a5a;
    if (!ipv4_addr_aton(cases[i].s, &a)) fail_msg("refused \"%s\"", cases[i].s);
    assert_int_equal(a, cases[i].a);
  }
  static const char *const bad[] = {"", "1.2.3.4.5", "256.1.1", "1.2.65536", "4294967296", "08",
                                    "0x", "1.2.3.", ".1", "1..2", " 1", "1 ", "-1", "a", "1.2.3.4/8"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    uint32_t a = 0x5a5a5a5a;
    if (ipv4_addr_aton(bad[i], &a)) fail_msg("accepted \"%s\"", bad[i]);
    assert_int_equal(a, 0x5a5a5a5a);
  }
}

static void test_ipv4_ntop(void **state) {
  (void)state;
  char buf[16];
  assert_ptr_equal(ipv4_addr_ntop(IP(192, 0, 2, 1), buf), buf);
  assert_string_equal(buf, "192.0.2.1");
  assert_string_equal(ipv4_addr_ntop(0, buf), "0.0.0.0");
  assert_string_equal(ipv4_addr_ntop(0xffffffffu, buf), "255.255.255.255"); /* fills all 16 */
  assert_string_equal(ipv4_addr_ntop(IP(10, 100, 9, 99), buf), "10.100.9.99");
  uint32_t s = 1;
  for (int i = 0; i < 1000; i++) {
    uint32_t hi = lcg_next(&s) << 8;
    uint32_t a = hi ^ lcg_next(&s), back = ~a;
    assert_true(ipv4_addr_pton(ipv4_addr_ntop(a, buf), &back));
    assert_int_equal(back, a);
  }
}

static void test_prefix_mask(void **state) {
  (void)state;
  assert_int_equal(ipv4_prefix_mask(0), 0);
  assert_int_equal(ipv4_prefix_mask(1), 0x80000000u);
  assert_int_equal(ipv4_prefix_mask(8), 0xff000000u);
  assert_int_equal(ipv4_prefix_mask(24), 0xffffff00u);
  assert_int_equal(ipv4_prefix_mask(31), 0xfffffffeu);
  assert_int_equal(ipv4_prefix_mask(32), 0xffffffffu);
  assert_int_equal(ipv4_prefix_mask(33), 0xffffffffu);
  for (unsigned len = 0; len < 32; len++)
    assert_int_equal(ipv4_prefix_mask(len + 1), ipv4_prefix_mask(len) | 0x80000000u >> len);
}

/* ---- ether ------------------------------------------------------------ */

static void test_ether_parse_golden(void **state) {
  (void)state;
  ether_hdr h;
  assert_int_equal(ether_hdr_parse(GOLD_ARP_FRAME, sizeof GOLD_ARP_FRAME, &h), PROTO_OK);
  assert_true(ether_addr_eq(&h.dst, &ETHER_ADDR_BROADCAST));
  assert_true(ether_addr_eq(&h.src, &MAC1));
  assert_int_equal(h.type, ETHER_TYPE_ARP);
  assert_int_equal(ether_hdr_parse(GOLD_ECHO_FRAME, sizeof GOLD_ECHO_FRAME, &h), PROTO_OK);
  assert_true(ether_addr_eq(&h.dst, &MAC2));
  assert_true(ether_addr_eq(&h.src, &MAC1));
  assert_int_equal(h.type, ETHER_TYPE_IPV4);
  /* a bare header is enough */
  assert_int_equal(ether_hdr_parse(GOLD_TE_FRAME, ETHER_HDR_LEN, &h), PROTO_OK);
  assert_true(ether_addr_eq(&h.dst, &MAC1));
  assert_true(ether_addr_eq(&h.src, &MAC2));
}

static void test_ether_parse_truncated(void **state) {
  (void)state;
  for (size_t len = 0; len < ETHER_HDR_LEN; len++) {
    ether_hdr h;
    memset(&h, 0x5a, sizeof h);
    assert_int_equal(ether_hdr_parse(GOLD_ARP_FRAME, len, &h), PROTO_ERR_TRUNCATED);
    assert_int_equal(h.type, 0x5a5a);
  }
}

static void test_ether_emit_golden(void **state) {
  (void)state;
  uint8_t buf[BUF_CAP];
  ether_hdr h = {.dst = ETHER_ADDR_BROADCAST, .src = MAC1, .type = ETHER_TYPE_ARP};
  buf_fill(buf, sizeof buf);
  assert_emitted(ether_hdr_emit(&h, buf, sizeof buf), buf, sizeof buf, GOLD_ARP_FRAME,
                 ETHER_HDR_LEN);
  buf_fill(buf, sizeof buf);
  assert_emitted(ether_hdr_emit(&h, buf, ETHER_HDR_LEN), buf, sizeof buf, GOLD_ARP_FRAME,
                 ETHER_HDR_LEN);
}

static void test_ether_emit_nospace(void **state) {
  (void)state;
  uint8_t buf[ETHER_HDR_LEN];
  ether_hdr h = {.dst = MAC2, .src = MAC1, .type = ETHER_TYPE_IPV4};
  for (size_t cap = 0; cap < ETHER_HDR_LEN; cap++) {
    buf_fill(buf, sizeof buf);
    assert_int_equal(ether_hdr_emit(&h, buf, cap), 0);
    assert_untouched(buf, 0, sizeof buf);
  }
}

static void test_ether_frame_pad(void **state) {
  (void)state;
  uint8_t buf[BUF_CAP];
  buf_fill(buf, sizeof buf);
  ether_hdr h = {.dst = ETHER_ADDR_BROADCAST, .src = MAC1, .type = ETHER_TYPE_ARP};
  arp_pkt a = {.op = ARP_OP_REQUEST, .sha = MAC1, .spa = IP(192, 0, 2, 1), .tha = ETHER_ADDR_ZERO,
               .tpa = IP(192, 0, 2, 254)};
  size_t n = ether_hdr_emit(&h, buf, sizeof buf);
  n += arp_pkt_emit(&a, buf + n, sizeof buf - n);
  assert_int_equal(n, 42);
  assert_emitted(ether_frame_pad(buf, n, sizeof buf), buf, sizeof buf, GOLD_ARP_FRAME,
                 sizeof GOLD_ARP_FRAME);
  /* already long enough: nothing written, even with no room */
  buf_fill(buf, sizeof buf);
  assert_int_equal(ether_frame_pad(buf, 60, 60), 60);
  assert_int_equal(ether_frame_pad(buf, 98, 98), 98);
  assert_untouched(buf, 0, sizeof buf);
  /* too short and no room */
  assert_int_equal(ether_frame_pad(buf, 42, 59), 0);
  assert_untouched(buf, 0, sizeof buf);
}

static void test_ether_addr_pton(void **state) {
  (void)state;
  ether_addr a;
  assert_true(ether_addr_pton("02:00:00:00:00:01", &a));
  assert_true(ether_addr_eq(&a, &MAC1));
  assert_true(ether_addr_pton("FF:ff:Ff:fF:ff:FF", &a));
  assert_true(ether_addr_eq(&a, &ETHER_ADDR_BROADCAST));
  assert_true(ether_addr_pton("2:0:0:0:0:fe", &a));
  assert_true(ether_addr_eq(&a, &MAC2));
  assert_true(ether_addr_pton("0:00:0:00:0:0", &a));
  assert_true(ether_addr_eq(&a, &ETHER_ADDR_ZERO));
  static const ether_addr mixed = {{0xab, 0xcd, 0xef, 0x01, 0x9a, 0x0b}};
  assert_true(ether_addr_pton("AB:cd:EF:1:9a:b", &a));
  assert_true(ether_addr_eq(&a, &mixed));
}

static void test_ether_addr_pton_invalid(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",
      "01:02:03:04:05",
      "01:02:03:04:05:06:07",
      "01:02:03:04:05:06:",
      ":01:02:03:04:05:06",
      "zz:00:00:00:00:00",
      "00:00:00:00:00:zz",
      "001:02:03:04:05:06",
      "01:02:03:04:05:006",
      "01:02:03:04:05:0600",
      "01::03:04:05:06",
      "01-02-03-04-05-06",
      "0102.0304.0506",
      "010203040506",
      " 01:02:03:04:05:06",
      "01:02:03:04:05:06 ",
      "01:02:03:04:05:6g",
      "+1:02:03:04:05:06",
      "0x1:02:03:04:05:06",
      "01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14:15:16",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ether_addr a = {{1, 2, 3, 4, 5, 6}};
    if (ether_addr_pton(bad[i], &a)) fail_msg("accepted \"%s\"", bad[i]);
    static const ether_addr unchanged = {{1, 2, 3, 4, 5, 6}};
    assert_true(ether_addr_eq(&a, &unchanged));
  }
}

static void test_ether_addr_ntop(void **state) {
  (void)state;
  char buf[18];
  assert_ptr_equal(ether_addr_ntop(&MAC1, buf), buf);
  assert_string_equal(buf, "02:00:00:00:00:01");
  assert_string_equal(ether_addr_ntop(&ETHER_ADDR_BROADCAST, buf), "ff:ff:ff:ff:ff:ff");
  assert_string_equal(ether_addr_ntop(&ETHER_ADDR_ZERO, buf), "00:00:00:00:00:00");
  static const ether_addr m = {{0xab, 0xcd, 0xef, 0x01, 0x9a, 0x0b}};
  assert_string_equal(ether_addr_ntop(&m, buf), "ab:cd:ef:01:9a:0b");
  ether_addr back;
  assert_true(ether_addr_pton(buf, &back));
  assert_true(ether_addr_eq(&back, &m));
}

static void test_ether_addr_eq_multicast(void **state) {
  (void)state;
  ether_addr a = MAC1;
  assert_true(ether_addr_eq(&a, &MAC1));
  for (int i = 0; i < ETHER_ADDR_LEN; i++) {
    a = MAC1;
    a.b[i] ^= 0x80;
    assert_false(ether_addr_eq(&a, &MAC1));
  }
  assert_true(ether_addr_is_multicast(&ETHER_ADDR_BROADCAST));
  assert_false(ether_addr_is_multicast(&ETHER_ADDR_ZERO));
  assert_false(ether_addr_is_multicast(&MAC1));
  static const ether_addr ipv4_mcast = {{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}};
  static const ether_addr local_unicast = {{0xfe, 0xff, 0xff, 0xff, 0xff, 0xff}};
  assert_true(ether_addr_is_multicast(&ipv4_mcast));
  assert_false(ether_addr_is_multicast(&local_unicast));
}

/* ---- arp -------------------------------------------------------------- */

static void test_arp_parse_golden(void **state) {
  (void)state;
  arp_pkt a;
  const uint8_t *p = GOLD_ARP_FRAME + ETHER_HDR_LEN;
  /* with the Ethernet padding after it, and without */
  for (size_t len = sizeof GOLD_ARP_FRAME - ETHER_HDR_LEN; len >= ARP_PKT_LEN; len -= 18) {
    memset(&a, 0, sizeof a);
    assert_int_equal(arp_pkt_parse(p, len, &a), PROTO_OK);
    assert_int_equal(a.op, ARP_OP_REQUEST);
    assert_true(ether_addr_eq(&a.sha, &MAC1));
    assert_int_equal(a.spa, IP(192, 0, 2, 1));
    assert_true(ether_addr_eq(&a.tha, &ETHER_ADDR_ZERO));
    assert_int_equal(a.tpa, IP(192, 0, 2, 254));
  }
}

static void test_arp_emit_golden(void **state) {
  (void)state;
  uint8_t buf[BUF_CAP];
  arp_pkt a = {.op = ARP_OP_REQUEST, .sha = MAC1, .spa = IP(192, 0, 2, 1), .tha = ETHER_ADDR_ZERO,
               .tpa = IP(192, 0, 2, 254)};
  buf_fill(buf, sizeof buf);
  assert_emitted(arp_pkt_emit(&a, buf, sizeof buf), buf, sizeof buf,
                 GOLD_ARP_FRAME + ETHER_HDR_LEN, ARP_PKT_LEN);
  buf_fill(buf, sizeof buf);
  assert_emitted(arp_pkt_emit(&a, buf, ARP_PKT_LEN), buf, sizeof buf,
                 GOLD_ARP_FRAME + ETHER_HDR_LEN, ARP_PKT_LEN);
}

/* The answer to the golden request, byte for byte, and back. */
static void test_arp_reply_roundtrip(void **state) {
  (void)state;
  static const uint8_t reply[ARP_PKT_LEN] = {
      0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe,
      0xc0, 0x00, 0x02, 0xfe, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01,
  };
  arp_pkt a = {.op = ARP_OP_REPLY, .sha = MAC2, .spa = IP(192, 0, 2, 254), .tha = MAC1,
               .tpa = IP(192, 0, 2, 1)};
  uint8_t buf[BUF_CAP];
  buf_fill(buf, sizeof buf);
  assert_emitted(arp_pkt_emit(&a, buf, sizeof buf), buf, sizeof buf, reply, sizeof reply);
  arp_pkt b;
  assert_int_equal(arp_pkt_parse(reply, sizeof reply, &b), PROTO_OK);
  assert_int_equal(b.op, ARP_OP_REPLY);
  assert_true(ether_addr_eq(&b.sha, &MAC2));
  assert_int_equal(b.spa, IP(192, 0, 2, 254));
  assert_true(ether_addr_eq(&b.tha, &MAC1));
  assert_int_equal(b.tpa, IP(192, 0, 2, 1));
  /* an unknown opcode is passed through, not rejected */
  uint8_t odd[ARP_PKT_LEN];
  memcpy(odd, reply, sizeof odd);
  odd[7] = 9;
  assert_int_equal(arp_pkt_parse(odd, sizeof odd, &b), PROTO_OK);
  assert_int_equal(b.op, 9);
}

static void test_arp_parse_truncated(void **state) {
  (void)state;
  const uint8_t *p = GOLD_ARP_FRAME + ETHER_HDR_LEN;
  for (size_t len = 0; len < ARP_PKT_LEN; len++) {
    arp_pkt a;
    memset(&a, 0x5a, sizeof a);
    assert_int_equal(arp_pkt_parse(p, len, &a), PROTO_ERR_TRUNCATED);
    assert_int_equal(a.op, 0x5a5a);
  }
  /* truncation is reported before the type checks */
  uint8_t bad[ARP_PKT_LEN];
  memcpy(bad, p, sizeof bad);
  bad[1] = 6;
  arp_pkt a;
  assert_int_equal(arp_pkt_parse(bad, ARP_PKT_LEN - 1, &a), PROTO_ERR_TRUNCATED);
}

static void test_arp_parse_unsupported(void **state) {
  (void)state;
  static const struct {
    size_t off;
    uint8_t val;
    const char *what;
  } cases[] = {
      {0, 0x01, "htype 0x0101"},       {1, 6, "htype 6 (IEEE 802)"},  {1, 0, "htype 0"},
      {2, 0x86, "ptype 0x86dd-ish"},   {3, 0x06, "ptype 0x0806"},     {3, 0x01, "ptype 0x0801"},
      {4, 8, "hlen 8"},                {4, 0, "hlen 0"},              {5, 16, "plen 16"},
      {5, 0, "plen 0"},
  };
  const uint8_t *p = GOLD_ARP_FRAME + ETHER_HDR_LEN;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint8_t b[ARP_PKT_LEN];
    memcpy(b, p, sizeof b);
    b[cases[i].off] = cases[i].val;
    arp_pkt a;
    memset(&a, 0x5a, sizeof a);
    if (arp_pkt_parse(b, sizeof b, &a) != PROTO_ERR_UNSUPPORTED)
      fail_msg("accepted %s", cases[i].what);
    assert_int_equal(a.op, 0x5a5a);
  }
}

static void test_arp_emit_nospace(void **state) {
  (void)state;
  arp_pkt a = {.op = ARP_OP_REQUEST, .sha = MAC1, .spa = 1, .tha = MAC2, .tpa = 2};
  uint8_t buf[ARP_PKT_LEN];
  for (size_t cap = 0; cap < ARP_PKT_LEN; cap++) {
    buf_fill(buf, sizeof buf);
    assert_int_equal(arp_pkt_emit(&a, buf, cap), 0);
    assert_untouched(buf, 0, sizeof buf);
  }
}

/* ---- ipv4 ------------------------------------------------------------- */

static void test_ipv4_parse_golden(void **state) {
  (void)state;
  ipv4_hdr h;
  const uint8_t *p = GOLD_ECHO_FRAME + ECHO_IP_OFF;
  assert_int_equal(ipv4_hdr_parse(p, ECHO_IP_LEN, &h), PROTO_OK);
  assert_int_equal(h.ihl, 20);
  assert_int_equal(h.tos, 0);
  assert_int_equal(h.tot_len, ECHO_IP_LEN);
  assert_int_equal(h.id, 0x4d2e);
  assert_int_equal(h.frag, IPV4_FLAG_DF);
  assert_int_equal(h.frag & IPV4_OFFSET_MASK, 0);
  assert_int_equal(h.ttl, 64);
  assert_int_equal(h.proto, IPV4_PROTO_ICMP);
  assert_int_equal(h.check, 0x0145);
  assert_int_equal(h.saddr, IP(192, 0, 2, 1));
  assert_int_equal(h.daddr, IP(198, 51, 100, 1));

  p = GOLD_TE_FRAME + ETHER_HDR_LEN;
  assert_int_equal(ipv4_hdr_parse(p, TE_IP_LEN, &h), PROTO_OK);
  assert_int_equal(h.tos, 0xc0);
  assert_int_equal(h.tot_len, TE_IP_LEN);
  assert_int_equal(h.id, 1);
  assert_int_equal(h.frag, 0);
  assert_int_equal(h.ttl, 64);
  assert_int_equal(h.check, 0xf504);
  assert_int_equal(h.saddr, IP(192, 0, 2, 254));
  assert_int_equal(h.daddr, IP(192, 0, 2, 1));
}

/* A 28-byte datagram in a minimum-size frame carries 18 bytes of Ethernet
 * padding after tot_len: allowed, and tot_len still says 28. */
static void test_ipv4_parse_trailing_padding(void **state) {
  (void)state;
  uint8_t b[46];
  memset(b, 0, sizeof b);
  ipv4_hdr h = {.tot_len = 28, .id = 7, .ttl = 1, .proto = IPV4_PROTO_ICMP, .saddr = 1, .daddr = 2};
  assert_int_equal(ipv4_hdr_emit(&h, b, sizeof b), IPV4_HDR_LEN);
  ipv4_hdr out;
  assert_int_equal(ipv4_hdr_parse(b, sizeof b, &out), PROTO_OK);
  assert_int_equal(out.tot_len, 28);
  assert_int_equal(ipv4_hdr_parse(b, 28, &out), PROTO_OK);
  assert_int_equal(ipv4_hdr_parse(b, 27, &out), PROTO_ERR_TRUNCATED);
}

/* Header with 4 bytes of options (NOP, NOP, NOP, EOL): IHL 6. */
static void test_ipv4_parse_options(void **state) {
  (void)state;
  uint8_t b[IPV4_HDR_MAX_LEN];
  memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, IPV4_HDR_LEN);
  b[0] = 0x46;
  inet_put16(b + 2, 24);
  static const uint8_t opts[4] = {1, 1, 1, 0}; /* NOP NOP NOP EOL */
  memcpy(b + 20, opts, sizeof opts);
  inet_put16(b + 10, 0);
  inet_put16(b + 10, inet_cksum(b, 24));
  ipv4_hdr h;
  assert_int_equal(ipv4_hdr_parse(b, 24, &h), PROTO_OK);
  assert_int_equal(h.ihl, 24);
  assert_int_equal(h.tot_len, 24);
  assert_int_equal(h.daddr, IP(198, 51, 100, 1));
  /* the options are covered by the checksum */
  b[22] = 0;
  assert_int_equal(ipv4_hdr_parse(b, 24, &h), PROTO_ERR_CHECKSUM);
  /* the largest header, IHL 15, all options NOP */
  memset(b + 20, 1, 40);
  b[0] = 0x4f;
  inet_put16(b + 2, 60);
  inet_put16(b + 10, 0);
  inet_put16(b + 10, inet_cksum(b, 60));
  assert_int_equal(ipv4_hdr_parse(b, 60, &h), PROTO_OK);
  assert_int_equal(h.ihl, 60);
}

static void test_ipv4_parse_truncated(void **state) {
  (void)state;
  const uint8_t *p = GOLD_ECHO_FRAME + ECHO_IP_OFF;
  ipv4_hdr h;
  memset(&h, 0x5a, sizeof h);
  /* shorter than the fixed header */
  for (size_t len = 0; len < IPV4_HDR_LEN; len++)
    assert_int_equal(ipv4_hdr_parse(p, len, &h), PROTO_ERR_TRUNCATED);
  /* shorter than tot_len */
  for (size_t len = IPV4_HDR_LEN; len < ECHO_IP_LEN; len++)
    assert_int_equal(ipv4_hdr_parse(p, len, &h), PROTO_ERR_TRUNCATED);
  /* shorter than IHL says (IHL 15 in a 20..59 byte buffer) */
  uint8_t b[IPV4_HDR_MAX_LEN];
  memset(b, 0, sizeof b);
  memcpy(b, p, IPV4_HDR_LEN);
  b[0] = 0x4f;
  for (size_t len = IPV4_HDR_LEN; len < IPV4_HDR_MAX_LEN; len++)
    assert_int_equal(ipv4_hdr_parse(b, len, &h), PROTO_ERR_TRUNCATED);
  /* ... reported before a tot_len that is also below IHL */
  for (uint16_t tot = 0; tot <= IPV4_HDR_LEN; tot++) {
    inet_put16(b + 2, tot);
    assert_int_equal(ipv4_hdr_parse(b, IPV4_HDR_LEN, &h), PROTO_ERR_TRUNCATED);
    assert_int_equal(ipv4_hdr_parse(b, IPV4_HDR_MAX_LEN, &h), PROTO_ERR_TOTLEN);
  }
  assert_int_equal(h.id, 0x5a5a); /* never written */
  /* the Time Exceeded quote holds a whole header but not tot_len (84)
   * bytes: as a datagram on its own it is truncated */
  assert_int_equal(ipv4_hdr_parse(GOLD_TE_FRAME + TE_QUOTE_OFF, TE_QUOTE_LEN, &h),
                   PROTO_ERR_TRUNCATED);
}

static void test_ipv4_parse_version(void **state) {
  (void)state;
  uint8_t b[ECHO_IP_LEN];
  ipv4_hdr h;
  for (unsigned v = 0; v < 16; v++) {
    if (v == 4) continue;
    memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, sizeof b);
    b[0] = (uint8_t)(v << 4 | 5);
    assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_ERR_VERSION);
    b[0] = (uint8_t)(v << 4); /* bad IHL too: version is checked first */
    assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_ERR_VERSION);
  }
  /* ... but after the length */
  assert_int_equal(ipv4_hdr_parse(b, IPV4_HDR_LEN - 1, &h), PROTO_ERR_TRUNCATED);
}

static void test_ipv4_parse_hdrlen(void **state) {
  (void)state;
  uint8_t b[ECHO_IP_LEN];
  ipv4_hdr h;
  for (unsigned ihl = 0; ihl < 5; ihl++) {
    memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, sizeof b);
    b[0] = (uint8_t)(0x40 | ihl);
    assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_ERR_HDRLEN);
    inet_put16(b + 2, 0); /* bad tot_len too: IHL is checked first */
    assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_ERR_HDRLEN);
  }
}

static void test_ipv4_parse_totlen(void **state) {
  (void)state;
  uint8_t b[ECHO_IP_LEN];
  ipv4_hdr h;
  static const uint16_t short_tot[] = {0, 1, 19};
  for (size_t i = 0; i < sizeof short_tot / sizeof short_tot[0]; i++) {
    memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, sizeof b);
    inet_put16(b + 2, short_tot[i]);
    assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_ERR_TOTLEN);
  }
  /* with options, tot_len must cover them: IHL 6, tot_len 20..23 */
  memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, sizeof b);
  b[0] = 0x46;
  for (uint16_t tot = 20; tot < 24; tot++) {
    inet_put16(b + 2, tot);
    assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_ERR_TOTLEN);
  }
  /* tot_len beyond the buffer: a truncated datagram, reported before the
   * (now also wrong) checksum */
  memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, sizeof b);
  inet_put16(b + 2, ECHO_IP_LEN + 1);
  assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_ERR_TRUNCATED);
  inet_put16(b + 2, 0xffff);
  assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_ERR_TRUNCATED);
}

/* Any single flipped bit in the fields no earlier check looks at is caught
 * by the header checksum. */
static void test_ipv4_parse_checksum(void **state) {
  (void)state;
  uint8_t b[ECHO_IP_LEN];
  ipv4_hdr h;
  for (size_t off = 1; off < IPV4_HDR_LEN; off++) {
    if (off == 2 || off == 3) continue; /* tot_len */
    for (int bit = 0; bit < 8; bit++) {
      memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, sizeof b);
      b[off] ^= (uint8_t)(1u << bit);
      assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_ERR_CHECKSUM);
    }
  }
  /* tot_len lowered to a still-valid value: only the checksum notices */
  memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, sizeof b);
  inet_put16(b + 2, ECHO_IP_LEN - 1);
  assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_ERR_CHECKSUM);
  /* the checksum covers the header only, not the data */
  memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, sizeof b);
  b[IPV4_HDR_LEN + 10] ^= 0xff;
  assert_int_equal(ipv4_hdr_parse(b, sizeof b, &h), PROTO_OK);
}

static void test_ipv4_emit_golden(void **state) {
  (void)state;
  ipv4_hdr h = {.ihl = 60, /* ignored */
                .tos = 0,
                .tot_len = ECHO_IP_LEN,
                .id = 0x4d2e,
                .frag = IPV4_FLAG_DF,
                .ttl = 64,
                .proto = IPV4_PROTO_ICMP,
                .check = 0xdead, /* ignored */
                .saddr = IP(192, 0, 2, 1),
                .daddr = IP(198, 51, 100, 1)};
  uint8_t buf[BUF_CAP];
  buf_fill(buf, sizeof buf);
  assert_emitted(ipv4_hdr_emit(&h, buf, sizeof buf), buf, sizeof buf,
                 GOLD_ECHO_FRAME + ECHO_IP_OFF, IPV4_HDR_LEN);
  buf_fill(buf, sizeof buf);
  assert_emitted(ipv4_hdr_emit(&h, buf, IPV4_HDR_LEN), buf, sizeof buf,
                 GOLD_ECHO_FRAME + ECHO_IP_OFF, IPV4_HDR_LEN);
  /* parse(emit(h)) gives h back, with ihl 20 and the computed checksum */
  ipv4_hdr back;
  memcpy(buf + IPV4_HDR_LEN, GOLD_ECHO_FRAME + ECHO_ICMP_OFF, ECHO_ICMP_LEN);
  assert_int_equal(ipv4_hdr_parse(buf, ECHO_IP_LEN, &back), PROTO_OK);
  h.ihl = IPV4_HDR_LEN;
  h.check = 0x0145;
  assert_int_equal(back.ihl, h.ihl);
  assert_int_equal(back.tot_len, h.tot_len);
  assert_int_equal(back.frag, h.frag);
  assert_int_equal(back.check, h.check);
  assert_int_equal(back.id, h.id);
  assert_int_equal(back.saddr, h.saddr);
}

static void test_ipv4_emit_nospace(void **state) {
  (void)state;
  ipv4_hdr h = {.tot_len = 20, .ttl = 64, .saddr = 1, .daddr = 2};
  uint8_t buf[IPV4_HDR_LEN];
  for (size_t cap = 0; cap < IPV4_HDR_LEN; cap++) {
    buf_fill(buf, sizeof buf);
    assert_int_equal(ipv4_hdr_emit(&h, buf, cap), 0);
    assert_untouched(buf, 0, sizeof buf);
  }
}

static void test_ipv4_ttl_decrement_golden(void **state) {
  (void)state;
  uint8_t b[IPV4_HDR_LEN];
  memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, sizeof b);
  ipv4_hdr_ttl_decrement(b);
  assert_int_equal(b[8], 63);
  assert_int_equal(inet_get16(b + 10), 0x0245);
  assert_int_equal(inet_cksum(b, sizeof b), 0);
  /* only TTL and checksum changed */
  for (size_t i = 0; i < sizeof b; i++)
    if (i != 8 && i != 10 && i != 11) assert_int_equal(b[i], GOLD_ECHO_FRAME[ECHO_IP_OFF + i]);
  /* the quoted packet, TTL 1 -> 0 */
  memcpy(b, GOLD_TE_FRAME + TE_QUOTE_OFF, sizeof b);
  ipv4_hdr_ttl_decrement(b);
  assert_int_equal(b[8], 0);
  assert_int_equal(inet_get16(b + 10), 0x4144);
  assert_int_equal(inet_cksum(b, sizeof b), 0);
  /* TTL 0 stays as it is */
  ipv4_hdr_ttl_decrement(b);
  assert_int_equal(b[8], 0);
  assert_int_equal(inet_get16(b + 10), 0x4144);
}

/* Fills a random header of IHL 5..15 (random options) with a valid
 * checksum and TTL >= 1. */
static size_t random_header(uint8_t *b, uint32_t *seed) {
  size_t ihl = 5 + lcg_next(seed) % 11;
  for (size_t i = 0; i < ihl * 4; i++) b[i] = (uint8_t)lcg_next(seed);
  b[0] = (uint8_t)(0x40 | ihl);
  if (b[8] == 0) b[8] = 1;
  inet_put16(b + 10, 0);
  inet_put16(b + 10, inet_cksum(b, ihl * 4));
  return ihl * 4;
}

/* Recomputes the checksum of b[0..len) from scratch into a copy. */
static uint16_t full_cksum(const uint8_t *b, size_t len) {
  uint8_t c[IPV4_HDR_MAX_LEN];
  memcpy(c, b, len);
  inet_put16(c + 10, 0);
  return inet_cksum(c, len);
}

/* RFC 1624: the incremental update equals a full recomputation, for every
 * TTL step down to 0 of 2000 random headers. */
static void test_ipv4_ttl_decrement_random(void **state) {
  (void)state;
  uint32_t seed = 0x6e737061; /* "nspa" */
  uint8_t b[IPV4_HDR_MAX_LEN];
  for (int n = 0; n < 2000; n++) {
    size_t len = random_header(b, &seed);
    while (b[8] > 0) {
      uint8_t ttl = b[8];
      ipv4_hdr_ttl_decrement(b);
      assert_int_equal(b[8], ttl - 1);
      assert_int_equal(inet_get16(b + 10), full_cksum(b, len));
    }
  }
}

/* The end-around carry cases: for every starting checksum 0xfe00..0xfffe
 * and 0x0000..0x0100 (steered through the id field) the update still equals
 * a full recomputation; 0xffff is never produced. */
static void test_ipv4_ttl_decrement_carry(void **state) {
  (void)state;
  uint8_t b[IPV4_HDR_LEN];
  for (uint32_t target = 0xfe00; target <= 0x10100; target++) {
    uint16_t want = (uint16_t)target;
    if (want == 0xffff) continue; /* no header with a non-zero word sums to it */
    memcpy(b, GOLD_ECHO_FRAME + ECHO_IP_OFF, sizeof b);
    inet_put16(b + 4, 0);
    uint16_t c0 = full_cksum(b, sizeof b);
    /* checksum = ~(S0 + id)  =>  id = ~want - S0 = ~want + c0 (one's complement) */
    uint32_t id = (uint32_t)(uint16_t)~want + c0;
    inet_put16(b + 4, (uint16_t)((id & 0xffff) + (id >> 16)));
    inet_put16(b + 10, full_cksum(b, sizeof b));
    assert_int_equal(inet_get16(b + 10), want);
    ipv4_hdr_ttl_decrement(b);
    uint16_t got = inet_get16(b + 10);
    assert_int_equal(got, full_cksum(b, sizeof b));
    assert_int_not_equal(got, 0xffff);
    assert_int_equal(inet_cksum(b, sizeof b), 0);
  }
}

/* ---- icmp ------------------------------------------------------------- */

static void test_icmp_parse_golden(void **state) {
  (void)state;
  icmp_hdr h;
  assert_int_equal(icmp_parse(GOLD_ECHO_FRAME + ECHO_ICMP_OFF, ECHO_ICMP_LEN, &h), PROTO_OK);
  assert_int_equal(h.type, ICMP_ECHO);
  assert_int_equal(h.code, 0);
  assert_int_equal(h.check, 0x6c66);
  assert_int_equal(h.id, 0x1234);
  assert_int_equal(h.seq, 1);
  assert_false(icmp_type_is_error(h.type));

  assert_int_equal(icmp_parse(GOLD_TE_FRAME + 34, TE_ICMP_LEN, &h), PROTO_OK);
  assert_int_equal(h.type, ICMP_TIME_EXCEEDED);
  assert_int_equal(h.code, ICMP_EXC_TTL);
  assert_int_equal(h.check, 0x6e64);
  assert_int_equal(h.id, 0);
  assert_int_equal(h.seq, 0);
  assert_true(icmp_type_is_error(h.type));
  /* the quote, read the way a receiver matches it to its probe */
  const uint8_t *q = GOLD_TE_FRAME + TE_QUOTE_OFF;
  assert_int_equal(q[0] >> 4, 4);
  assert_int_equal(q[8], 1); /* TTL as it arrived */
  assert_int_equal(q[9], IPV4_PROTO_ICMP);
  assert_int_equal(inet_get32(q + 16), IP(198, 51, 100, 1));
  assert_int_equal(icmp_parse(q + IPV4_HDR_LEN, ICMP_HDR_LEN, &h), PROTO_ERR_CHECKSUM);
  assert_int_equal(q[IPV4_HDR_LEN], ICMP_ECHO);
  assert_int_equal(inet_get16(q + IPV4_HDR_LEN + 4), 0x1234);
  assert_int_equal(inet_get16(q + IPV4_HDR_LEN + 6), 1);
}

static void test_icmp_emit_golden(void **state) {
  (void)state;
  icmp_hdr h = {.type = ICMP_ECHO, .code = 0, .check = 0xdead, .id = 0x1234, .seq = 1};
  uint8_t buf[BUF_CAP];
  buf_fill(buf, sizeof buf);
  size_t n = icmp_emit(&h, GOLD_ECHO_FRAME + ECHO_DATA_OFF, ECHO_DATA_LEN, buf, sizeof buf);
  assert_emitted(n, buf, sizeof buf, GOLD_ECHO_FRAME + ECHO_ICMP_OFF, ECHO_ICMP_LEN);
  assert_int_equal(icmp_emit_len(ECHO_DATA_LEN), ECHO_ICMP_LEN);
  /* exactly enough room */
  buf_fill(buf, sizeof buf);
  n = icmp_emit(&h, GOLD_ECHO_FRAME + ECHO_DATA_OFF, ECHO_DATA_LEN, buf, ECHO_ICMP_LEN);
  assert_emitted(n, buf, sizeof buf, GOLD_ECHO_FRAME + ECHO_ICMP_OFF, ECHO_ICMP_LEN);
}

/* The data already in place at buf + 8, as a sender that writes its
 * payload first does; and data overlapping the header bytes. */
static void test_icmp_emit_in_place(void **state) {
  (void)state;
  icmp_hdr h = {.type = ICMP_ECHO, .code = 0, .id = 0x1234, .seq = 1};
  uint8_t buf[BUF_CAP];
  buf_fill(buf, sizeof buf);
  memcpy(buf + ICMP_HDR_LEN, GOLD_ECHO_FRAME + ECHO_DATA_OFF, ECHO_DATA_LEN);
  size_t n = icmp_emit(&h, buf + ICMP_HDR_LEN, ECHO_DATA_LEN, buf, ECHO_ICMP_LEN);
  assert_emitted(n, buf, sizeof buf, GOLD_ECHO_FRAME + ECHO_ICMP_OFF, ECHO_ICMP_LEN);
  buf_fill(buf, sizeof buf);
  memcpy(buf + 3, GOLD_ECHO_FRAME + ECHO_DATA_OFF, ECHO_DATA_LEN);
  n = icmp_emit(&h, buf + 3, ECHO_DATA_LEN, buf, ECHO_ICMP_LEN);
  assert_int_equal(n, ECHO_ICMP_LEN);
  assert_memory_equal(buf, GOLD_ECHO_FRAME + ECHO_ICMP_OFF, ECHO_ICMP_LEN);
}

static void test_icmp_emit_empty_and_odd(void **state) {
  (void)state;
  icmp_hdr h = {.type = ICMP_ECHOREPLY, .code = 0, .id = 0xfffe, .seq = 0x8000};
  uint8_t buf[BUF_CAP];
  buf_fill(buf, sizeof buf);
  static const uint8_t empty[8] = {0x00, 0x00, 0x80, 0x00, 0xff, 0xfe, 0x80, 0x00};
  assert_emitted(icmp_emit(&h, NULL, 0, buf, sizeof buf), buf, sizeof buf, empty, sizeof empty);
  icmp_hdr back;
  assert_int_equal(icmp_parse(buf, ICMP_HDR_LEN, &back), PROTO_OK);
  assert_int_equal(back.id, 0xfffe);
  assert_int_equal(back.seq, 0x8000);
  /* odd data length: the last byte is padded for the checksum */
  static const uint8_t data[5] = {1, 2, 3, 4, 5};
  buf_fill(buf, sizeof buf);
  size_t n = icmp_emit(&h, data, sizeof data, buf, sizeof buf);
  assert_int_equal(n, 13);
  assert_untouched(buf, 13, sizeof buf);
  /* 0xfffe + 0x8000 + 0x0102 + 0x0304 + 0x0500 = 0x18904 -> 0x8905 */
  assert_int_equal(inet_get16(buf + 2), 0x76fa);
  assert_int_equal(icmp_parse(buf, n, &back), PROTO_OK);
  /* the byte after the message is not part of it */
  buf[13] = 0;
  assert_int_equal(icmp_parse(buf, 14, &back), PROTO_OK);
  buf[13] = 1;
  assert_int_equal(icmp_parse(buf, 14, &back), PROTO_ERR_CHECKSUM);
}

/* The whole Time Exceeded frame, built layer by layer into one buffer. */
static void test_icmp_error_frame_emit(void **state) {
  (void)state;
  uint8_t buf[BUF_CAP];
  buf_fill(buf, sizeof buf);
  ether_hdr eh = {.dst = MAC1, .src = MAC2, .type = ETHER_TYPE_IPV4};
  ipv4_hdr ih = {.tos = 0xc0, .tot_len = TE_IP_LEN, .id = 1, .frag = 0, .ttl = 64,
                 .proto = IPV4_PROTO_ICMP, .saddr = IP(192, 0, 2, 254), .daddr = IP(192, 0, 2, 1)};
  icmp_hdr ch = {.type = ICMP_TIME_EXCEEDED, .code = ICMP_EXC_TTL};
  size_t n = ether_hdr_emit(&eh, buf, sizeof buf);
  n += ipv4_hdr_emit(&ih, buf + n, sizeof buf - n);
  n += icmp_emit(&ch, GOLD_TE_FRAME + TE_QUOTE_OFF, TE_QUOTE_LEN, buf + n, sizeof buf - n);
  assert_emitted(n, buf, sizeof buf, GOLD_TE_FRAME, sizeof GOLD_TE_FRAME);
  assert_int_equal(ether_frame_pad(buf, n, sizeof buf), n); /* 70 >= 60 */
}

/* The whole echo frame decoded layer by layer, as a receiver does. */
static void test_frame_decode_layers(void **state) {
  (void)state;
  const uint8_t *f = GOLD_ECHO_FRAME;
  size_t len = sizeof GOLD_ECHO_FRAME;
  ether_hdr eh;
  ipv4_hdr ih;
  icmp_hdr ch;
  assert_int_equal(ether_hdr_parse(f, len, &eh), PROTO_OK);
  assert_int_equal(eh.type, ETHER_TYPE_IPV4);
  f += ETHER_HDR_LEN, len -= ETHER_HDR_LEN;
  assert_int_equal(ipv4_hdr_parse(f, len, &ih), PROTO_OK);
  assert_int_equal(ih.proto, IPV4_PROTO_ICMP);
  assert_int_equal(icmp_parse(f + ih.ihl, (size_t)ih.tot_len - ih.ihl, &ch), PROTO_OK);
  assert_int_equal(ch.id, 0x1234);
  assert_memory_equal(f + ih.ihl + ICMP_HDR_LEN, GOLD_ECHO_FRAME + ECHO_DATA_OFF, ECHO_DATA_LEN);
}

static void test_icmp_parse_truncated(void **state) {
  (void)state;
  icmp_hdr h;
  memset(&h, 0x5a, sizeof h);
  for (size_t len = 0; len < ICMP_HDR_LEN; len++)
    assert_int_equal(icmp_parse(GOLD_ECHO_FRAME + ECHO_ICMP_OFF, len, &h), PROTO_ERR_TRUNCATED);
  assert_int_equal(h.id, 0x5a5a);
  /* a message cut short anywhere fails its checksum */
  for (size_t len = ICMP_HDR_LEN; len < ECHO_ICMP_LEN; len++)
    assert_int_equal(icmp_parse(GOLD_ECHO_FRAME + ECHO_ICMP_OFF, len, &h), PROTO_ERR_CHECKSUM);
}

static void test_icmp_parse_checksum(void **state) {
  (void)state;
  uint8_t b[ECHO_ICMP_LEN];
  icmp_hdr h;
  memset(&h, 0x5a, sizeof h);
  for (size_t off = 0; off < sizeof b; off++) {
    for (int bit = 0; bit < 8; bit++) {
      memcpy(b, GOLD_ECHO_FRAME + ECHO_ICMP_OFF, sizeof b);
      b[off] ^= (uint8_t)(1u << bit);
      assert_int_equal(icmp_parse(b, sizeof b, &h), PROTO_ERR_CHECKSUM);
    }
  }
  assert_int_equal(h.id, 0x5a5a);
  /* one's complement has two zeros: 0x0000 and 0xffff sum alike, so a
   * message whose computed checksum is 0x0000 also verifies with 0xffff */
  static const uint8_t zero_ck[8] = {0x08, 0x00, 0x00, 0x00, 0xf7, 0xff, 0x00, 0x00};
  assert_int_equal(inet_cksum(zero_ck, 8), 0);
  uint8_t alt[8];
  memcpy(alt, zero_ck, 8);
  inet_put16(alt + 2, 0xffff);
  assert_int_equal(icmp_parse(alt, 8, &h), PROTO_OK);
}

static void test_icmp_emit_nospace(void **state) {
  (void)state;
  icmp_hdr h = {.type = ICMP_ECHO, .id = 1, .seq = 2};
  uint8_t buf[ECHO_ICMP_LEN];
  for (size_t cap = 0; cap < ECHO_ICMP_LEN; cap++) {
    buf_fill(buf, sizeof buf);
    assert_int_equal(icmp_emit(&h, GOLD_ECHO_FRAME + ECHO_DATA_OFF, ECHO_DATA_LEN, buf, cap), 0);
    assert_untouched(buf, 0, sizeof buf);
  }
  for (size_t cap = 0; cap < ICMP_HDR_LEN; cap++) {
    buf_fill(buf, sizeof buf);
    assert_int_equal(icmp_emit(&h, NULL, 0, buf, cap), 0);
    assert_untouched(buf, 0, sizeof buf);
  }
  /* a payload length that would wrap 8 + plen */
  buf_fill(buf, sizeof buf);
  assert_int_equal(icmp_emit(&h, GOLD_ECHO_FRAME, SIZE_MAX - 3, buf, sizeof buf), 0);
  assert_untouched(buf, 0, sizeof buf);
}

static void test_icmp_type_is_error(void **state) {
  (void)state;
  for (unsigned t = 0; t < 256; t++) {
    bool want = t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
    assert_int_equal(icmp_type_is_error((uint8_t)t), want);
  }
  assert_true(icmp_type_is_error(ICMP_DEST_UNREACH));
  assert_true(icmp_type_is_error(ICMP_TIME_EXCEEDED));
  assert_false(icmp_type_is_error(ICMP_ECHO));
  assert_false(icmp_type_is_error(ICMP_ECHOREPLY));
}

/* frag-needed carries the next-hop MTU in the low half of the word */
static void test_icmp_frag_needed_mtu(void **state) {
  (void)state;
  icmp_hdr h = {.type = ICMP_DEST_UNREACH, .code = ICMP_FRAG_NEEDED, .id = 0, .seq = 1400};
  uint8_t buf[BUF_CAP];
  buf_fill(buf, sizeof buf);
  size_t n = icmp_emit(&h, GOLD_TE_FRAME + TE_QUOTE_OFF, TE_QUOTE_LEN, buf, sizeof buf);
  assert_int_equal(n, ICMP_HDR_LEN + TE_QUOTE_LEN);
  static const uint8_t want[8] = {0x03, 0x04};
  assert_memory_equal(buf, want, 2);
  assert_int_equal(inet_get32(buf + 4), 1400);
  icmp_hdr back;
  assert_int_equal(icmp_parse(buf, n, &back), PROTO_OK);
  assert_int_equal(back.code, ICMP_FRAG_NEEDED);
  assert_int_equal(back.seq, 1400);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_err_str),
      cmocka_unit_test(test_cksum_rfc1071_example),
      cmocka_unit_test(test_cksum_odd_length),
      cmocka_unit_test(test_cksum_against_rfc1071_loop),
      cmocka_unit_test(test_cksum_empty_and_carries),
      cmocka_unit_test(test_cksum_golden_headers_sum_to_zero),
      cmocka_unit_test(test_get_put),
      cmocka_unit_test(test_ipv4_pton_valid),
      cmocka_unit_test(test_ipv4_pton_invalid),
      cmocka_unit_test(test_ipv4_aton),
      cmocka_unit_test(test_ipv4_ntop),
      cmocka_unit_test(test_prefix_mask),
      cmocka_unit_test(test_ether_parse_golden),
      cmocka_unit_test(test_ether_parse_truncated),
      cmocka_unit_test(test_ether_emit_golden),
      cmocka_unit_test(test_ether_emit_nospace),
      cmocka_unit_test(test_ether_frame_pad),
      cmocka_unit_test(test_ether_addr_pton),
      cmocka_unit_test(test_ether_addr_pton_invalid),
      cmocka_unit_test(test_ether_addr_ntop),
      cmocka_unit_test(test_ether_addr_eq_multicast),
      cmocka_unit_test(test_arp_parse_golden),
      cmocka_unit_test(test_arp_emit_golden),
      cmocka_unit_test(test_arp_reply_roundtrip),
      cmocka_unit_test(test_arp_parse_truncated),
      cmocka_unit_test(test_arp_parse_unsupported),
      cmocka_unit_test(test_arp_emit_nospace),
      cmocka_unit_test(test_ipv4_parse_golden),
      cmocka_unit_test(test_ipv4_parse_trailing_padding),
      cmocka_unit_test(test_ipv4_parse_options),
      cmocka_unit_test(test_ipv4_parse_truncated),
      cmocka_unit_test(test_ipv4_parse_version),
      cmocka_unit_test(test_ipv4_parse_hdrlen),
      cmocka_unit_test(test_ipv4_parse_totlen),
      cmocka_unit_test(test_ipv4_parse_checksum),
      cmocka_unit_test(test_ipv4_emit_golden),
      cmocka_unit_test(test_ipv4_emit_nospace),
      cmocka_unit_test(test_ipv4_ttl_decrement_golden),
      cmocka_unit_test(test_ipv4_ttl_decrement_random),
      cmocka_unit_test(test_ipv4_ttl_decrement_carry),
      cmocka_unit_test(test_icmp_parse_golden),
      cmocka_unit_test(test_icmp_emit_golden),
      cmocka_unit_test(test_icmp_emit_in_place),
      cmocka_unit_test(test_icmp_emit_empty_and_odd),
      cmocka_unit_test(test_icmp_error_frame_emit),
      cmocka_unit_test(test_frame_decode_layers),
      cmocka_unit_test(test_icmp_parse_truncated),
      cmocka_unit_test(test_icmp_parse_checksum),
      cmocka_unit_test(test_icmp_emit_nospace),
      cmocka_unit_test(test_icmp_type_is_error),
      cmocka_unit_test(test_icmp_frag_needed_mtu),
  };
  return cmocka_run_group_tests_name("proto", tests, NULL, NULL);
}
