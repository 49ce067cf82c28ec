/* The hand-written transcript masks (core/normalize.c) against the GRegex
 * patterns they replace, applied the way they used to be: in order, each
 * with g_regex_replace() on what the previous left.  Inputs: every line of
 * the kernel's recorded transcripts, lines made of the patterns' pieces at
 * random (seeded), and the edge cases written out below. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <glib.h>
#include <string.h>

#include "core/transcript.h"

/* Generated lines: fewer under the sanitizers, where GRegex is slow. */
#ifndef NORMALIZE_RANDOM_LINES
#define NORMALIZE_RANDOM_LINES 60000
#endif

/* The masks as core/transcript.c had them (and tests/golden.sh has them);
 * the two with a `$` are then repeated until neither matches, as
 * core/normalize.c does so that a normalized line normalizes to itself. */
static const char *const ref_masks[][2] = {
    {"time=[0-9.]+ ms", "time=T ms"},
    {", time [0-9]+ms", ", time Tms"},
    {"  [0-9.]+ ms", "  T ms"},
    {"^rtt min/avg/max/mdev = [0-9./]+ ms", "rtt min/avg/max/mdev = T ms"},
    {"([0-9a-f]{4})\\.[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}", "\\1.MAC"},
    {"([0-9a-f]{2}:){5}[0-9a-f]{2}", "MAC"},
    {"MAC brd MAC", "MAC brd ff:ff:ff:ff:ff:ff"},
    {"fe80::[0-9a-f:]+/64", "fe80::EUI64/64"},
    {"^[0-9]+: ", "N: "},
    {"@if[0-9]+:", "@ifN:"},
    {" \\(id: [0-9]+\\)$", ""},
    {"link-netnsid [0-9]+", "link-netnsid N"},
    {"^(\\[[0-9]+\\]) [0-9]+$", "\\1 PID"},
    {"^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} ", "HH:MM:SS.US "},
    {"^[0-9]+\\.[0-9]{6} ", "EPOCH.US "},
    {"^[ -][0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} ", " DELTA "},
    {"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} ", "DATE TIME "},
    {"(ICMP echo (request|reply)), id [0-9]+, seq", "\\1, id ID, seq"},
    {"(\\(tos 0x[0-9a-f]+(,[A-Z()0-9]+)?, ttl [0-9]+), id [0-9]+,", "\\1, id ID,"},
    {"TS val [0-9]+ ecr [0-9]+", "TS val TS ecr TS"},
    {"(, seq )[0-9]{7,}(:[0-9]+)?", "\\1SEQ"},
    {"(, ack )[0-9]{7,}", "\\1ACK"},
    {"cksum 0x[0-9a-f]{4} \\(correct\\)", "cksum 0xCSUM (correct)"},
    {"-> 0x[0-9a-f]{4}", "-> 0xCSUM"},
    {"\\.(3276[89]|327[7-9][0-9]|32[89][0-9]{2}|3[3-9][0-9]{3}|[45][0-9]{4}|60[0-9]{3})(?= >|:)", ".PORT"},
    {"_timer +[0-9]+\\.[0-9]{2}", "_timer T"},
    {"numtxqueues [0-9]+ numrxqueues [0-9]+", "numtxqueues Q numrxqueues Q"},
    {"[ \\t]+$", ""},
};

typedef struct {
  GRegex *re[G_N_ELEMENTS(ref_masks)];
  unsigned compared;
} ref_state;

/* Pattern i over s (freed); the result. */
static char *ref_apply(ref_state *st, size_t i, char *s) {
  char *t = g_regex_replace(st->re[i], s, -1, 0, ref_masks[i][1], 0, NULL);
  if (!t) return s;
  g_free(s);
  return t;
}

/* Every mask, in rounds until a round changes nothing (core/normalize.c:
 * normalizing is a projection). */
static char *ref_normalize(ref_state *st, const char *line) {
  char *s = g_strdup(line);
  for (;;) {
    char *before = g_strdup(s);
    for (size_t i = 0; i < G_N_ELEMENTS(ref_masks); i++) s = ref_apply(st, i, s);
    bool same = strcmp(s, before) == 0;
    g_free(before);
    if (same) break;
  }
  return s;
}

static void ref_check(ref_state *st, const char *line) {
  char *want = ref_normalize(st, line), *got = nsp_transcript_normalize_line(line);
  if (strcmp(want, got) != 0)
    fail_msg("line \"%s\": GRegex gives \"%s\", normalize.c \"%s\"", line, want, got);
  char *again = nsp_transcript_normalize_line(got);
  if (strcmp(again, got) != 0) fail_msg("line \"%s\": \"%s\" normalizes to \"%s\"", line, got, again);
  g_free(again);
  st->compared++;
  g_free(want);
  g_free(got);
}

static int setup(void **state) {
  ref_state *st = g_new0(ref_state, 1);
  for (size_t i = 0; i < G_N_ELEMENTS(ref_masks); i++)
    st->re[i] = g_regex_new(ref_masks[i][0], G_REGEX_OPTIMIZE, 0, NULL);
  *state = st;
  return 0;
}

static int teardown(void **state) {
  ref_state *st = *state;
  for (size_t i = 0; i < G_N_ELEMENTS(ref_masks); i++) g_regex_unref(st->re[i]);
  g_free(st);
  return 0;
}

static void test_edge_cases(void **state) {
  static const char *const lines[] = {
      "", " ", "\t", "abc  ", "abc \t ", "abc  \r", "abc \r\r", "abc \xc2\x85", "abc \xe2\x80\xa8",
      "abc \xe2\x80\xa9", "abc \x0b", "abc \x0c", "  x  y  ", "64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.040 ms",
      "time=1.2.3 ms time=4 ms", "time= ms", "time=1ms", "3 packets transmitted, 3 received, 0% packet loss, time 2003ms",
      ", time ms", ", time 12 ms", "rtt min/avg/max/mdev = 0.040/0.050/0.060/0.008 ms",
      " rtt min/avg/max/mdev = 0.040 ms", "rtt min/avg/max/mdev = 1 ms rtt min/avg/max/mdev = 2 ms",
      "    link/ether 2a:10:3b:4c:5d:6e brd ff:ff:ff:ff:ff:ff link-netns ns1",
      "link/ether aa:bb:cc:dd:ee:ff:00:11", "0aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF", "aa:bb:cc:dd:ee:f",
      "aa:bb:cc:dd:ee:ffaa:bb:cc:dd:ee:ff", "a:bb:cc:dd:ee:ff:11", "MAC brd MAC brd MAC",
      "    inet6 fe80::2810:3bff:fe4c:5d6e/64 scope link", "fe80::/64", "fe80::1/648", "fe80::aa:bb:cc:dd:ee:ff/64",
      "1: lo: <LOOPBACK> mtu 65536", "12345: x", "1:x", " 1: x", "2: ns1-veth0@if3: <BROADCAST>",
      "@if: @if1: @if12:x", "ns1 (id: 0)", "ns1 (id: 0) ", "ns1 (id: 12)\r", "ns1 (id: x)", "(id: 3) (id: 4)",
      "link-netnsid 0", "link-netnsid", "link-netnsid 12 link-netnsid 3", "\xff time=3 ms",
      "time=3 ms\t\t", "a\tb\t", "time=time=1 ms ms",
      " 1  192.0.2.254 (192.0.2.254)  0.040 ms  0.006 ms  0.005 ms", " 2  10.0.0.1  0.061 ms !N * *",
      "   1.5 ms", "  . ms", "  1 ms  2 ms", " 1 ms", "  1ms", "  1.2.3 ms ms",
      "    bridge forward_delay 1500 hello_time 200 bridge_id 8000.2a:10:3b:4c:5d:6e designated_root 8000.a:b:c:d:e:f",
      "8000.2a:10:3b:4c:5d", "8000.2aa:10:3b:4c:5d:6e", "x8000.2a:10:3b:4c:5d:6e0", "800.2a:1:2:3:4:5",
      "[1] 12345", "[12] 7", "[1] 12345 ", "[1]  12", "[] 1", " [1] 2", "[1] 2\r", "[1]+  Done  ping",
      "12:34:56.123456 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 4242, seq 1, length 64",
      "12:34:56.12345 x", "1764790000.123456 ARP, Request", ".123456 x", "1.1234567 x",
      " 00:00:00.000000 IP", "-00:00:01.000000 IP", "+00:00:01.000000 IP",
      "2026-12-03 20:40:02.123456 IP", "2026-12-03 20:40:02.123456", "ICMP echo reply, id 1, seq 2",
      "ICMP echo request, id x, seq", "ICMP echo reply, id 3, seq ICMP echo reply, id 4, seq",
      "IP (tos 0x0, ttl 64, id 4243, offset 0, flags [DF], proto ICMP (1), length 84)",
      "(tos 0x2,ECT(0), ttl 64, id 1,", "(tos 0x2,ect, ttl 64, id 1,", "(tos 0x, ttl 1, id 2,",
      "(tos 0xc0, ttl 255, id 0, (tos 0x0, ttl 1, id 9,", "hello_timer    0.00 tcn_timer 12.345",
      "_timer 1.2", "_timer  .12", "numtxqueues 2 numrxqueues 2 gso_max_size 65536",
      "numtxqueues 2 numrxqueues x",
      "IP 192.0.2.1.40000 > 198.51.100.1.12345: Flags [S], seq 3977318080, win 64240, options [mss 1460,sackOK,TS val 2074673123 ecr 0,nop,wscale 10], length 0",
      "Flags [S.], seq 1380585991, ack 3977318081, win 65160", ", seq 1:7, ack 1,", ", seq 1234567:1234573, ack 12345678",
      ", seq 123456, ack 123456", ", seq 1234567:, ack x", "TS val 1 ecr", "TS val ecr 2", "cksum 0xdd7e (correct)",
      "cksum 0xec5c (incorrect -> 0x1105)", "[bad udp cksum 0xec52 -> 0xdde7!]", "-> 0xabc", "cksum 0xABCD (correct)",
      "1.2.3.4.32767 > 1.2.3.4.32768: ", "1.2.3.4.60999:", "1.2.3.4.61000:", "x.400000 >", "x.40000>", ".40000 ", ".40000 >",
      "192.0.2.1.40000 > 198.51.100.1.http: Flags [S]",
      /* one end mask exposing another (found by tests/fuzz/fuzz_transcript) */
      "  \xe2\x80\xa9  ", "ns1 (id: 0) \t", "x (id: 1) (id: 2)", "x (id: 1)\r  ", "x (id: 1) \r", "[1] 12345  ", "[1] 7 (id: 2)",
      /* a mask's own text starting a new match (found by the campaign of
       * 2026-12-04, regress/transcript/tcp-ts-twice) */
      "TS val 1 ecr 2 val 3 ecr 4", "TS val 2075292546 ecr 2472 val 20 ecr 2s2 ncet 0",
  };
  for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) ref_check(*state, lines[i]);
}

/* Lines made of pieces of the patterns, at random: the masks meet each other
 * in every order. */
static void test_random_lines(void **state) {
  static const char *const pieces[] = {
      "time=", "1", "0.5", ".", " ms", "  ", "ms", ", time ", "rtt min/avg/max/mdev = ", "/", "ab", ":",
      "aa:bb:cc:dd:ee:ff", "ff:ff:ff:ff:ff:ff", "MAC", " brd ", "fe80::", "/64", "@if", "3", ": ",
      " (id: ", ")", "link-netnsid ", " ", "\t", "\r", "x", "e", "\xc2\x85", "é", "\xe2\x80\xa9",
      "8000.", "a:b", "[1]", "[", "]", "12:34:56", ".123456", "-", "2026-12-03 ", "ICMP echo reply",
      ", id ", ", seq", "(tos 0x", ",ECT(0)", ", ttl ", ",", "_timer ", "numtxqueues ", " numrxqueues ",
      "TS val ", " ecr ", ", seq ", ", ack ", "1234567", "40000", "32767", "60999", "61000", "9", ":",
      " >", "cksum 0x", "ec5c", " (correct)", "-> 0x", "!]", ".",
  };
  GRand *r = g_rand_new_with_seed(16);
  GString *line = g_string_new(NULL);
  for (int n = 0; n < NORMALIZE_RANDOM_LINES; n++) {
    g_string_truncate(line, 0);
    int k = g_rand_int_range(r, 0, 12);
    for (int i = 0; i < k; i++)
      g_string_append(line, pieces[g_rand_int_range(r, 0, G_N_ELEMENTS(pieces))]);
    ref_check(*state, line->str);
  }
  g_string_free(line, TRUE);
  g_rand_free(r);
}

/* Every line the kernel printed in the golden scenarios. */
static void test_kernel_transcripts(void **state) {
  ref_state *st = *state;
  GDir *d = g_dir_open(NSP_KERNEL_DIR, 0, NULL);
  assert_non_null(d);
  unsigned before = st->compared;
  for (const char *name; (name = g_dir_read_name(d));) {
    if (!g_str_has_suffix(name, ".txt")) continue;
    gchar *path = g_build_filename(NSP_KERNEL_DIR, name, NULL), *text;
    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    gchar **lines = g_strsplit(text, "\n", -1);
    for (gchar **l = lines; *l; l++) ref_check(st, *l);
    g_strfreev(lines);
    g_free(text);
    g_free(path);
  }
  g_dir_close(d);
  assert_true(st->compared - before > 1000);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_edge_cases),
      cmocka_unit_test(test_random_lines),
      cmocka_unit_test(test_kernel_transcripts),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
