/* Unit tests for proto/tcp.c: segments the kernel sent (nc from 192.0.2.1
 * to 198.51.100.1 port 12345, and a connect to a closed port 12346,
 * captured with tcpdump on this machine's kernel 6.18), decoded field by
 * field and re-encoded into buffers pre-filled with 0xa5: the SYN and
 * SYN-ACK with Linux's option order (MSS, SACK-permitted sharing a word
 * with the timestamps, NOP + window scale), the data segment (NOP NOP +
 * timestamps), the RST; a negative test for each malformed case.
 *
 * The kernel's SYN, SYN-ACK and data carry the CHECKSUM_PARTIAL sum
 * (0xec64 = the pseudo-header's, for 40 bytes); the RST, built by
 * tcp_v4_send_reset(), carries a full checksum (0xf51c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proto/inet.h"
#include "proto/tcp.h"

#define IP(a, b, c, d) \
  ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define FILL 0xa5
#define C IP(192, 0, 2, 1)
#define SV IP(198, 51, 100, 1)

static const uint8_t GOLD_SYN[40] = {
    0xbe, 0x68, 0x30, 0x39, 0x6d, 0xad, 0xfe, 0x27, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
    0xfa, 0xf0, 0xec, 0x64, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
    0x5d, 0x18, 0x4a, 0x28, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a,
};
static const uint8_t GOLD_SYNACK[40] = {
    0x30, 0x39, 0xbe, 0x68, 0x58, 0x43, 0xa9, 0x57, 0x6d, 0xad, 0xfe, 0x28, 0xa0, 0x12,
    0xfe, 0x88, 0xec, 0x64, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
    0x5f, 0x3c, 0x90, 0xa5, 0x5d, 0x18, 0x4a, 0x28, 0x01, 0x03, 0x03, 0x0a,
};
static const uint8_t GOLD_DATA[38] = {
    0xbe, 0x68, 0x30, 0x39, 0x6d, 0xad, 0xfe, 0x28, 0x58, 0x43, 0xa9, 0x58, 0x80, 0x18,
    0x00, 0x3f, 0xec, 0x62, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x5d, 0x18, 0x4a, 0x2e,
    0x5f, 0x3c, 0x90, 0xa5, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x0a,
};
static const uint8_t GOLD_RST[20] = {
    0x30, 0x3a, 0xcf, 0x02, 0x00, 0x00, 0x00, 0x00, 0xa6, 0xb2, 0x28, 0x8e,
    0x50, 0x14, 0x00, 0x00, 0xf5, 0x1c, 0x00, 0x00,
};

static void assert_emits(const tcp_hdr *h, uint32_t s, uint32_t d, const char *data,
                         proto_csum csum, const uint8_t *gold, size_t glen) {
  uint8_t buf[96];
  memset(buf, FILL, sizeof buf);
  size_t dlen = data ? strlen(data) : 0;
  assert_int_equal(tcp_emit(h, s, d, (const uint8_t *)data, dlen, csum, buf, sizeof buf), glen);
  assert_memory_equal(buf, gold, glen);
  for (size_t i = glen; i < sizeof buf; i++) assert_int_equal(buf[i], FILL);
}

static void test_tcp_syn(void **state) {
  (void)state;
  tcp_hdr h;
  assert_int_equal(tcp_parse(GOLD_SYN, sizeof GOLD_SYN, C, SV, false, &h), PROTO_OK);
  assert_int_equal(h.sport, 48744);
  assert_int_equal(h.dport, 12345);
  assert_int_equal(h.seq, 1840119335u);
  assert_int_equal(h.ack, 0);
  assert_int_equal(h.hlen, 40);
  assert_int_equal(h.flags, TCP_SYN);
  assert_int_equal(h.win, 64240);
  assert_int_equal(h.check, inet_pseudo_partial(C, SV, IPV4_PROTO_TCP, 40));
  assert_int_equal(h.opt.mss, 1460);
  assert_true(h.opt.sack_perm);
  assert_true(h.opt.ts);
  assert_int_equal(h.opt.tsval, 1561872936u);
  assert_int_equal(h.opt.tsecr, 0);
  assert_int_equal(h.opt.wscale, 10);
  assert_int_equal(h.opt.nsack, 0);
  assert_int_equal(tcp_opts_len(&h.opt), 20);
  assert_emits(&h, C, SV, NULL, PROTO_CSUM_PARTIAL, GOLD_SYN, sizeof GOLD_SYN);
  /* checked, the partial sum is refused; a full one is accepted */
  assert_int_equal(tcp_parse(GOLD_SYN, sizeof GOLD_SYN, C, SV, true, &h), PROTO_ERR_CHECKSUM);
  uint8_t full[40];
  assert_int_equal(tcp_emit(&h, C, SV, NULL, 0, PROTO_CSUM_FULL, full, sizeof full), 40);
  assert_int_equal(tcp_parse(full, sizeof full, C, SV, true, &h), PROTO_OK);
}

static void test_tcp_synack(void **state) {
  (void)state;
  tcp_hdr h;
  assert_int_equal(tcp_parse(GOLD_SYNACK, sizeof GOLD_SYNACK, SV, C, false, &h), PROTO_OK);
  assert_int_equal(h.flags, TCP_SYN | TCP_ACK);
  assert_int_equal(h.seq, 1480829271u);
  assert_int_equal(h.ack, 1840119336u);
  assert_int_equal(h.win, 65160);
  assert_int_equal(h.opt.tsecr, 1561872936u);
  assert_emits(&h, SV, C, NULL, PROTO_CSUM_PARTIAL, GOLD_SYNACK, sizeof GOLD_SYNACK);
}

static void test_tcp_data(void **state) {
  (void)state;
  tcp_hdr h;
  assert_int_equal(tcp_parse(GOLD_DATA, sizeof GOLD_DATA, C, SV, false, &h), PROTO_OK);
  assert_int_equal(h.flags, TCP_PSH | TCP_ACK);
  assert_int_equal(h.hlen, 32);
  assert_int_equal(h.win, 63); /* 63 << 10 */
  assert_int_equal(h.opt.mss, 0);
  assert_int_equal(h.opt.wscale, -1);
  assert_false(h.opt.sack_perm);
  assert_true(h.opt.ts);
  assert_int_equal(tcp_opts_len(&h.opt), 12);
  assert_memory_equal(GOLD_DATA + h.hlen, "hello\n", 6);
  assert_emits(&h, C, SV, "hello\n", PROTO_CSUM_PARTIAL, GOLD_DATA, sizeof GOLD_DATA);
}

static void test_tcp_rst(void **state) {
  (void)state;
  tcp_hdr h;
  uint32_t sv = IP(198, 51, 100, 1), c = IP(192, 0, 2, 1);
  assert_int_equal(tcp_parse(GOLD_RST, sizeof GOLD_RST, sv, c, true, &h), PROTO_OK);
  assert_int_equal(h.flags, TCP_RST | TCP_ACK);
  assert_int_equal(h.seq, 0);
  assert_int_equal(h.ack, 2796693646u);
  assert_int_equal(h.win, 0);
  assert_int_equal(h.hlen, 20);
  assert_emits(&h, sv, c, NULL, PROTO_CSUM_FULL, GOLD_RST, sizeof GOLD_RST);
}

/* Option layouts the kernel never sends but reads: SACK-permitted without
 * timestamps, SACK blocks, unknown kinds, EOL. */
static void test_tcp_options_layouts(void **state) {
  (void)state;
  tcp_hdr h = {.sport = 1, .dport = 2, .flags = TCP_ACK, .opt = {.wscale = -1, .sack_perm = true}};
  uint8_t buf[80];
  assert_int_equal(tcp_emit(&h, C, SV, NULL, 0, PROTO_CSUM_FULL, buf, sizeof buf), 24);
  static const uint8_t nopnop_sackok[4] = {1, 1, 4, 2};
  assert_memory_equal(buf + 20, nopnop_sackok, 4);
  h.opt.sack_perm = false;
  h.opt.ts = true;
  h.opt.tsval = 7;
  h.opt.nsack = 2;
  h.opt.sack[0] = (tcp_sack_block){100, 200};
  h.opt.sack[1] = (tcp_sack_block){300, 400};
  assert_int_equal(tcp_emit(&h, C, SV, NULL, 0, PROTO_CSUM_FULL, buf, sizeof buf), 20 + 12 + 20);
  static const uint8_t sack_hdr[4] = {1, 1, 5, 18};
  assert_memory_equal(buf + 32, sack_hdr, 4);
  tcp_hdr g;
  assert_int_equal(tcp_parse(buf, 52, C, SV, true, &g), PROTO_OK);
  assert_int_equal(g.opt.nsack, 2);
  assert_int_equal(g.opt.sack[1].end, 400);
  assert_int_equal(g.opt.tsval, 7);
  /* unknown kind 30 skipped by its length, then EOL ends the list */
  static const uint8_t odd[12] = {30, 4, 0, 0, 2, 4, 0x02, 0x18, 0, 3, 3, 9};
  tcp_opts o;
  assert_int_equal(tcp_opts_parse(odd, sizeof odd, &o), PROTO_OK);
  assert_int_equal(o.mss, 536);
  assert_int_equal(o.wscale, -1); /* after EOL: not read */
  /* a window scale above 14 is taken as 14 */
  static const uint8_t big_ws[4] = {1, 3, 3, 20};
  assert_int_equal(tcp_opts_parse(big_ws, 4, &o), PROTO_OK);
  assert_int_equal(o.wscale, 14);
  /* a known kind with the wrong size is skipped, not taken */
  static const uint8_t bad_mss[8] = {2, 3, 1, 1, 1, 3, 3, 7};
  assert_int_equal(tcp_opts_parse(bad_mss, 8, &o), PROTO_OK);
  assert_int_equal(o.mss, 0);
  assert_int_equal(o.wscale, 7);
}

static void test_tcp_malformed(void **state) {
  (void)state;
  tcp_hdr h;
  memset(&h, 0x5a, sizeof h);
  tcp_hdr untouched = h;
  uint8_t s[40];
  memcpy(s, GOLD_SYN, sizeof s);
  assert_int_equal(tcp_parse(s, 19, C, SV, false, &h), PROTO_ERR_TRUNCATED);
  assert_int_equal(tcp_parse(s, 39, C, SV, false, &h), PROTO_ERR_TRUNCATED); /* offset 10 */
  s[12] = 0x40;
  assert_int_equal(tcp_parse(s, 40, C, SV, false, &h), PROTO_ERR_LENGTH);
  s[12] = 0xa0;
  s[21] = 1; /* MSS length 1: "silly option" */
  assert_int_equal(tcp_parse(s, 40, C, SV, false, &h), PROTO_ERR_OPTION);
  s[21] = 30; /* runs past the header */
  assert_int_equal(tcp_parse(s, 40, C, SV, false, &h), PROTO_ERR_OPTION);
  assert_memory_equal(&h, &untouched, sizeof h);
  /* what was read before the bad option stays in tcp_opts_parse()'s */
  tcp_opts o;
  s[21] = 4;
  s[38] = 0; /* the window scale option's length byte: 0 */
  assert_int_equal(tcp_opts_parse(s + 20, 20, &o), PROTO_ERR_OPTION);
  assert_int_equal(o.mss, 1460);
  assert_true(o.ts);
  assert_int_equal(o.wscale, -1);
  /* a trailing kind without its length byte */
  static const uint8_t cut[3] = {1, 1, 2};
  assert_int_equal(tcp_opts_parse(cut, 3, &o), PROTO_ERR_OPTION);
}

static void test_tcp_emit_no_space(void **state) {
  (void)state;
  tcp_hdr h;
  assert_int_equal(tcp_parse(GOLD_SYN, sizeof GOLD_SYN, C, SV, false, &h), PROTO_OK);
  uint8_t buf[48];
  memset(buf, FILL, sizeof buf);
  assert_int_equal(tcp_emit(&h, C, SV, NULL, 0, PROTO_CSUM_FULL, buf, 39), 0);
  assert_int_equal(tcp_emit(&h, C, SV, (const uint8_t *)"123456789", 9, PROTO_CSUM_FULL, buf, 48), 0);
  for (size_t i = 0; i < sizeof buf; i++) assert_int_equal(buf[i], FILL);
  /* more options than 40 bytes hold */
  h.opt.nsack = 4;
  assert_int_equal(tcp_emit(&h, C, SV, NULL, 0, PROTO_CSUM_FULL, buf, 48), 0);
  /* a quoted header of 8 bytes reads its ports and sequence */
  tcp_hdr_read(GOLD_SYN, 8, &h);
  assert_int_equal(h.sport, 48744);
  assert_int_equal(h.seq, 1840119335u);
  assert_int_equal(h.flags, 0);
  assert_true(tcp_seq_before(0xfffffff0u, 0x10));
  assert_false(tcp_seq_before(0x10, 0xfffffff0u));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tcp_syn),          cmocka_unit_test(test_tcp_synack),
      cmocka_unit_test(test_tcp_data),         cmocka_unit_test(test_tcp_rst),
      cmocka_unit_test(test_tcp_options_layouts), cmocka_unit_test(test_tcp_malformed),
      cmocka_unit_test(test_tcp_emit_no_space),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
