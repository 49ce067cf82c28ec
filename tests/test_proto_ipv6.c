/* proto/ipv6.c against the kernel's own packets, byte for byte: frames 1
 * (an MLDv2 report from :: for two groups), 6 (a DAD neighbour
 * solicitation with its nonce) and 15/16 (a router solicitation and an
 * MLDv2 report from the link-local) of tests/data/tcpdump/bridge-port.pcap,
 * captured on this kernel.  Each emitter also refuses a buffer that is one
 * byte short, writing nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proto/ipv6.h"

static const ether_addr mac = {{0xca, 0x5c, 0xb8, 0x97, 0xb1, 0xba}};

/* IPv6 header onward of frame 1 */
static const uint8_t mld_unspec[] = {
    0x60, 0x00, 0x00, 0x00, 0x00, 0x38, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x16, 0x3a, 0x00, 0x05, 0x02, 0x00, 0x00,
    0x01, 0x00, 0x8f, 0x00, 0xb9, 0xb6, 0x00, 0x00, 0x00, 0x02, 0x04, 0x00, 0x00, 0x00, 0xff, 0x02,
    0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0xff, 0x97, 0xb1, 0xba, 0x04, 0x00, 0x00, 0x00, 0xff, 0x02,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x6a};

/* frame 6 */
static const uint8_t ns_dad[] = {
    0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0xff, 0x97, 0xb1, 0xba, 0x87, 0x00, 0x42, 0x30,
    0x00, 0x00, 0x00, 0x00, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0xc8, 0x5c, 0xb8, 0xff, 0xfe, 0x97, 0xb1,
    0xba, 0x0e, 0x01, 0x7c, 0xd4, 0x4c, 0x87, 0x7e, 0x91};

static void test_ll_and_groups(void **state) {
  (void)state;
  ipv6_addr ll, sn;
  ether_addr m;
  ipv6_addr_ll_from_mac(&mac, &ll);
  static const uint8_t want_ll[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0xc8, 0x5c, 0xb8, 0xff,
                                      0xfe, 0x97, 0xb1, 0xba};
  assert_memory_equal(ll.b, want_ll, 16);
  ipv6_addr_solicited_node(&ll, &sn);
  static const uint8_t want_sn[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0x97, 0xb1, 0xba};
  assert_memory_equal(sn.b, want_sn, 16);
  ipv6_addr_mc_mac(&sn, &m);
  static const uint8_t want_m[6] = {0x33, 0x33, 0xff, 0x97, 0xb1, 0xba};
  assert_memory_equal(m.b, want_m, 6);
}

static void test_mld2_report(void **state) {
  (void)state;
  ipv6_addr ll, groups[2] = {{{0}}, {{0xff, 0x02, [15] = 0x6a}}}, unspec = {{0}};
  ipv6_addr_ll_from_mac(&mac, &ll);
  ipv6_addr_solicited_node(&ll, &groups[0]);
  uint8_t out[sizeof mld_unspec];
  memset(out, 0xa5, sizeof out);
  assert_int_equal(ipv6_mld2_report_emit(&unspec, groups, 2, out, sizeof out), sizeof mld_unspec);
  assert_memory_equal(out, mld_unspec, sizeof mld_unspec);
  /* frame 16: the same from the link-local, checksum 0x8986 */
  assert_int_equal(ipv6_mld2_report_emit(&ll, groups, 2, out, sizeof out), sizeof mld_unspec);
  assert_memory_equal(out + 8, ll.b, 16);
  assert_int_equal(out[50], 0x89);
  assert_int_equal(out[51], 0x86);
  memset(out, 0xa5, sizeof out);
  assert_int_equal(ipv6_mld2_report_emit(&ll, groups, 2, out, sizeof out - 1), 0);
  assert_int_equal(out[0], 0xa5);
}

static void test_ns_dad(void **state) {
  (void)state;
  ipv6_addr ll;
  static const uint8_t nonce[6] = {0x7c, 0xd4, 0x4c, 0x87, 0x7e, 0x91};
  ipv6_addr_ll_from_mac(&mac, &ll);
  uint8_t out[sizeof ns_dad];
  memset(out, 0xa5, sizeof out);
  assert_int_equal(ipv6_ns_dad_emit(&ll, nonce, out, sizeof out), sizeof ns_dad);
  assert_memory_equal(out, ns_dad, sizeof ns_dad);
  assert_int_equal(ipv6_ns_dad_emit(&ll, nonce, out, sizeof out - 1), 0);
}

/* frame 15, another host's solicitation */
static void test_rs(void **state) {
  (void)state;
  static const ether_addr rs_mac = {{0x5e, 0xbc, 0x0c, 0x54, 0x4b, 0x37}};
  static const uint8_t want[IPV6_HDR_LEN + 16] = {
      0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 0x3a, 0xff, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x5c, 0xbc,
      0x0c, 0xff, 0xfe, 0x54, 0x4b, 0x37, 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x02,
      0x85, 0x00, 0x12, 0x9f, 0, 0, 0, 0, 0x01, 0x01, 0x5e, 0xbc, 0x0c, 0x54, 0x4b, 0x37};
  ipv6_addr ll;
  ipv6_addr_ll_from_mac(&rs_mac, &ll);
  uint8_t out[sizeof want];
  memset(out, 0xa5, sizeof out);
  assert_int_equal(ipv6_rs_emit(&ll, &rs_mac, out, sizeof out), sizeof want);
  assert_memory_equal(out, want, sizeof want);
  assert_int_equal(ipv6_rs_emit(&ll, &rs_mac, out, sizeof out - 1), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ll_and_groups),
      cmocka_unit_test(test_mld2_report),
      cmocka_unit_test(test_ns_dad),
      cmocka_unit_test(test_rs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
