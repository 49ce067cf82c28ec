/* core/frames.c and core/linediff.c: frames built here with proto/'s
 * emitters, written to a pcap as the simulation writes them, rendered back
 * one line each; what is masked renders the same, what is compared does
 * not; broken frames say so; the line diff walks both lists in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>

#include "core/frames.h"
#include "core/linediff.h"
#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/ipv4.h"
#include "proto/udp.h"

#define IP(a, b, c, d) \
  ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define H1 IP(192, 0, 2, 1)
#define GW IP(192, 0, 2, 254)
#define H2 IP(198, 51, 100, 1)

static const ether_addr MAC1 = {{0x02, 0, 0, 0, 0, 0x01}};
static const ether_addr MAC2 = {{0x02, 0, 0, 0, 0, 0xfe}};
static const ether_addr MAC3 = {{0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f}};

typedef struct {
  uint8_t b[1600];
  size_t len;
} frame;

static void frame_ether(frame *f, const ether_addr *src, const ether_addr *dst, uint16_t type) {
  ether_hdr h = {.dst = *dst, .src = *src, .type = type};
  f->len = ether_hdr_emit(&h, f->b, sizeof f->b);
}

static void frame_arp(frame *f, const ether_addr *src, const ether_addr *dst, uint16_t op,
                      uint32_t spa, const ether_addr *tha, uint32_t tpa) {
  frame_ether(f, src, dst, ETHER_TYPE_ARP);
  arp_pkt a = {.op = op, .sha = *src, .spa = spa, .tha = *tha, .tpa = tpa};
  f->len += arp_pkt_emit(&a, f->b + f->len, sizeof f->b - f->len);
}

typedef struct {
  uint32_t src, dst;
  uint8_t ttl, tos;
  uint16_t id, frag;
} ip_spec;

/* An IPv4 packet carrying an ICMP message (header h, then data). */
static size_t ip_icmp(uint8_t *out, const ip_spec *s, const icmp_hdr *h, const uint8_t *data,
                      size_t dlen) {
  ipv4_hdr ih = {.tos = s->tos, .id = s->id, .frag = s->frag, .ttl = s->ttl,
                 .proto = IPV4_PROTO_ICMP, .saddr = s->src, .daddr = s->dst};
  ih.tot_len = (uint16_t)(IPV4_HDR_LEN + ICMP_HDR_LEN + dlen);
  ipv4_hdr_emit(&ih, out, IPV4_HDR_LEN);
  return IPV4_HDR_LEN + icmp_emit(h, data, dlen, out + IPV4_HDR_LEN, 1580);
}

static void frame_ip_icmp(frame *f, const ether_addr *src, const ether_addr *dst,
                          const ip_spec *s, const icmp_hdr *h, const uint8_t *data, size_t dlen) {
  frame_ether(f, src, dst, ETHER_TYPE_IPV4);
  f->len += ip_icmp(f->b + f->len, s, h, data, dlen);
}

static void frame_echo(frame *f, const ether_addr *src, const ether_addr *dst, uint16_t ip_id,
                       uint16_t icmp_id, uint8_t ttl) {
  static const uint8_t data[56] = {1, 2, 3};
  ip_spec s = {.src = H1, .dst = H2, .ttl = ttl, .id = ip_id, .frag = IPV4_FLAG_DF};
  icmp_hdr h = {.type = ICMP_ECHO, .id = icmp_id, .seq = 1};
  frame_ip_icmp(f, src, dst, &s, &h, data, sizeof data);
}

static char *render1(const frame *f) {
  nsp_frame_labels l;
  nsp_frame_labels_init(&l);
  char *s = nsp_frame_render(&l, f->b, f->len);
  nsp_frame_labels_clear(&l);
  return s;
}

static void assert_renders(const frame *f, const char *want) {
  char *got = render1(f);
  assert_non_null(got);
  assert_string_equal(got, want);
  g_free(got);
}

/* Writes frames to a pcap in a new temporary folder; the path (g_free). */
static char *pcap_write(const frame *frames, size_t n) {
  char *dir = g_dir_make_tmp("nspath-test-frames-XXXXXX", NULL);
  char *path = g_build_filename(dir, "a--b.pcap", NULL);
  g_free(dir);
  pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
  pcap_dumper_t *d = pcap_dump_open(p, path);
  assert_non_null(d);
  for (size_t i = 0; i < n; i++) {
    struct pcap_pkthdr h = {.ts = {.tv_sec = (time_t)i}, .caplen = (bpf_u_int32)frames[i].len,
                            .len = (bpf_u_int32)frames[i].len};
    pcap_dump((u_char *)d, &h, frames[i].b);
  }
  pcap_dump_close(d);
  pcap_close(p);
  return path;
}

static void pcap_remove(char *path) {
  g_unlink(path);
  char *dir = g_path_get_dirname(path);
  g_rmdir(dir);
  g_free(dir);
  g_free(path);
}

/* A file: ARP both ways, an IPv6 frame skipped but counted, an echo. */
static void test_frames_file(void **state) {
  (void)state;
  frame f[4];
  frame_arp(&f[0], &MAC1, &ETHER_ADDR_BROADCAST, ARP_OP_REQUEST, H1, &ETHER_ADDR_ZERO, GW);
  frame_arp(&f[1], &MAC2, &MAC1, ARP_OP_REPLY, GW, &MAC1, H1);
  f[1].len = ether_frame_pad(f[1].b, f[1].len, sizeof f[1].b);
  frame_ether(&f[2], &MAC1, &MAC2, 0x86dd);
  memset(f[2].b + f[2].len, 0x60, 40);
  f[2].len += 40;
  frame_echo(&f[3], &MAC1, &MAC2, 0x4d2e, 0x1234, 64);
  char *path = pcap_write(f, 4);
  GError *err = NULL;
  GPtrArray *got = nsp_frames_read(path, &err);
  assert_non_null(got);
  assert_int_equal(got->len, 3);
  const nsp_frame *r0 = got->pdata[0], *r1 = got->pdata[1], *r2 = got->pdata[2];
  assert_int_equal(r0->number, 1);
  assert_string_equal(r0->text, "m1>bcast ARP who-has spa=192.0.2.1 sha=m1 tpa=192.0.2.254 tha=zero");
  assert_int_equal(r1->number, 2);
  assert_string_equal(r1->text,
                      "m2>m1 ARP is-at spa=192.0.2.254 sha=m2 tpa=192.0.2.1 tha=m1 pad=18");
  assert_int_equal(r2->number, 4);
  assert_string_equal(r2->text,
                      "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=84 DF ICMP echo-request code=0 seq=1");
  g_ptr_array_free(got, TRUE);
  pcap_remove(path);
}

/* IP ID, ICMP identifier, checksums and the MACs themselves are masked. */
static void test_frames_masked(void **state) {
  (void)state;
  frame a, b;
  frame_echo(&a, &MAC1, &MAC2, 0x0001, 0x1111, 64);
  frame_echo(&b, &MAC3, &MAC1, 0xbeef, 0x9999, 64);
  char *ra = render1(&a), *rb = render1(&b);
  assert_string_equal(ra, rb);
  g_free(rb);
  /* ...but the TTL is compared, and who is m1 follows first appearance */
  frame_echo(&b, &MAC1, &MAC2, 0x0001, 0x1111, 63);
  rb = render1(&b);
  assert_string_not_equal(ra, rb);
  g_free(ra);
  g_free(rb);
  nsp_frame_labels l;
  nsp_frame_labels_init(&l);
  frame_echo(&a, &MAC1, &MAC2, 1, 1, 64);
  frame_echo(&b, &MAC2, &MAC1, 1, 1, 64);
  ra = nsp_frame_render(&l, a.b, a.len);
  rb = nsp_frame_render(&l, b.b, b.len);
  assert_true(g_str_has_prefix(ra, "m1>m2 "));
  assert_true(g_str_has_prefix(rb, "m2>m1 "));
  nsp_frame_labels_clear(&l);
  g_free(ra);
  g_free(rb);
}

/* Time Exceeded: TOS, no DF, the quote's length, the quoted header with its
 * TTL and the quoted echo's type and sequence. */
static void test_frames_icmp_error(void **state) {
  (void)state;
  uint8_t orig[84];
  ip_spec os = {.src = H1, .dst = H2, .ttl = 1, .id = 7, .frag = IPV4_FLAG_DF};
  icmp_hdr oh = {.type = ICMP_ECHO, .id = 5, .seq = 3};
  static const uint8_t data[56];
  ip_icmp(orig, &os, &oh, data, sizeof data);
  frame f;
  ip_spec s = {.src = GW, .dst = H1, .ttl = 64, .tos = 0xc0, .id = 99};
  icmp_hdr h = {.type = ICMP_TIME_EXCEEDED, .code = ICMP_EXC_TTL};
  frame_ip_icmp(&f, &MAC2, &MAC1, &s, &h, orig, sizeof orig);
  assert_renders(&f, "m1>m2 IP 192.0.2.254>192.0.2.1 ttl=64 len=112 tos=0xc0 ICMP time-exceeded "
                     "code=0 quote=84 [IP 192.0.2.1>198.51.100.1 ttl=1 len=84 DF ICMP "
                     "echo-request code=0 seq=3]");
  /* a quote cut short keeps the quoted packet's own total length */
  frame_ip_icmp(&f, &MAC2, &MAC1, &s, &h, orig, 28);
  assert_renders(&f, "m1>m2 IP 192.0.2.254>192.0.2.1 ttl=64 len=56 tos=0xc0 ICMP time-exceeded "
                     "code=0 quote=28 [IP 192.0.2.1>198.51.100.1 ttl=1 len=84 DF ICMP "
                     "echo-request code=0 seq=3]");
  frame_ip_icmp(&f, &MAC2, &MAC1, &s, &h, orig, 12);
  assert_renders(&f, "m1>m2 IP 192.0.2.254>192.0.2.1 ttl=64 len=40 tos=0xc0 ICMP time-exceeded "
                     "code=0 quote=12 [not an IPv4 header]");
  icmp_hdr fn = {.type = ICMP_DEST_UNREACH, .code = ICMP_FRAG_NEEDED, .seq = 1400};
  frame_ip_icmp(&f, &MAC2, &MAC1, &s, &fn, orig, 28);
  assert_renders(&f, "m1>m2 IP 192.0.2.254>192.0.2.1 ttl=64 len=56 tos=0xc0 ICMP unreachable "
                     "code=4 mtu=1400 quote=28 [IP 192.0.2.1>198.51.100.1 ttl=1 len=84 DF ICMP "
                     "echo-request code=0 seq=3]");
}

/* Checksums are masked, but a wrong one is shown. */
static void test_frames_bad_checksum(void **state) {
  (void)state;
  frame f;
  frame_echo(&f, &MAC1, &MAC2, 1, 1, 64);
  f.b[ETHER_HDR_LEN + 10] ^= 0xff;
  assert_renders(&f, "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=84 DF bad-cksum ICMP "
                     "echo-request code=0 seq=1");
  frame_echo(&f, &MAC1, &MAC2, 1, 1, 64);
  f.b[ETHER_HDR_LEN + IPV4_HDR_LEN + 2] ^= 0xff;
  assert_renders(&f, "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=84 DF ICMP echo-request code=0 "
                     "seq=1 bad-cksum");
}

/* Fragments: flags and offset shown; a later fragment carries no header. */
static void test_frames_fragments(void **state) {
  (void)state;
  frame f;
  static const uint8_t data[1472];
  ip_spec s = {.src = H1, .dst = H2, .ttl = 64, .id = 3, .frag = IPV4_FLAG_MF};
  icmp_hdr h = {.type = ICMP_ECHO, .id = 1, .seq = 2};
  frame_ip_icmp(&f, &MAC1, &MAC2, &s, &h, data, sizeof data);
  /* the first fragment's ICMP checksum covers bytes it does not hold: not checked */
  f.b[ETHER_HDR_LEN + IPV4_HDR_LEN + 2] ^= 0xff;
  assert_renders(&f, "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=1500 MF ICMP echo-request "
                     "code=0 seq=2");
  s.frag = 185; /* 1480 bytes in */
  frame_ip_icmp(&f, &MAC1, &MAC2, &s, &h, data, 100);
  assert_renders(&f, "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=128 off=1480 fragment");
}

/* Frames that are not what they claim say so; other EtherTypes are skipped. */
static void test_frames_broken(void **state) {
  (void)state;
  frame f;
  memset(&f, 0, sizeof f);
  f.len = 10;
  assert_renders(&f, "short frame (10 bytes)");
  frame_arp(&f, &MAC1, &ETHER_ADDR_BROADCAST, ARP_OP_REQUEST, H1, &ETHER_ADDR_ZERO, GW);
  f.len -= 4;
  assert_renders(&f, "m1>bcast ARP malformed (truncated)");
  frame_arp(&f, &MAC1, &ETHER_ADDR_BROADCAST, 9, H1, &ETHER_ADDR_ZERO, GW);
  assert_renders(&f, "m1>bcast ARP op=9 spa=192.0.2.1 sha=m1 tpa=192.0.2.254 tha=zero");
  frame_echo(&f, &MAC1, &MAC2, 1, 1, 64);
  f.len = ETHER_HDR_LEN + 30;
  assert_renders(&f, "m1>m2 IP malformed (truncated, 30 bytes)");
  frame_ether(&f, &MAC1, &MAC2, 0x88cc);
  assert_null(render1(&f));
}

static void test_frames_read_errors(void **state) {
  (void)state;
  GError *err = NULL;
  assert_null(nsp_frames_read("/nonexistent/x.pcap", &err));
  assert_non_null(err);
  g_clear_error(&err);
  char *dir = g_dir_make_tmp("nspath-test-frames-XXXXXX", NULL);
  char *path = g_build_filename(dir, "raw.pcap", NULL);
  g_free(dir);
  pcap_t *p = pcap_open_dead(DLT_RAW, 65535);
  pcap_dump_close(pcap_dump_open(p, path));
  pcap_close(p);
  assert_null(nsp_frames_read(path, &err));
  assert_non_null(strstr(err->message, "not an Ethernet capture"));
  g_clear_error(&err);
  pcap_remove(path);
}

static GString *diff_string(char **a, char **b) {
  GArray *ops = nsp_diff_lines(a, g_strv_length(a), b, g_strv_length(b));
  GString *s = g_string_new(NULL);
  for (guint k = 0; k < ops->len; k++) {
    const nsp_diff_op *op = &g_array_index(ops, nsp_diff_op, k);
    if (op->kind == NSP_DIFF_SAME) g_string_append_printf(s, " %s%u%u", a[op->a], op->a, op->b);
    else if (op->kind == NSP_DIFF_DEL) g_string_append_printf(s, "-%s%u", a[op->a], op->a);
    else g_string_append_printf(s, "+%s%u", b[op->b], op->b);
  }
  g_array_free(ops, TRUE);
  return s;
}

static void test_linediff(void **state) {
  (void)state;
  char *a[] = {"a", "b", "c", "d", "e", NULL}, *b[] = {"a", "x", "c", "e", "y", NULL};
  GString *s = diff_string(a, b);
  assert_string_equal(s->str, " a00-b1+x1 c22-d3 e43+y4");
  g_string_free(s, TRUE);
  char *none[] = {NULL};
  s = diff_string(a, none);
  assert_string_equal(s->str, "-a0-b1-c2-d3-e4");
  g_string_free(s, TRUE);
  GArray *ops = nsp_diff_lines(a, 5, a, 5);
  assert_int_equal(ops->len, 5);
  assert_false(nsp_diff_differs(ops));
  g_array_free(ops, TRUE);
}

/* An IPv4 packet carrying a UDP datagram (CHECKSUM_PARTIAL, as on a veth). */
static size_t ip_udp(uint8_t *out, const ip_spec *s, uint16_t sport, uint16_t dport,
                     const char *data) {
  size_t dlen = strlen(data);
  ipv4_hdr ih = {.tos = s->tos, .id = s->id, .frag = s->frag, .ttl = s->ttl,
                 .proto = IPV4_PROTO_UDP, .saddr = s->src, .daddr = s->dst,
                 .tot_len = (uint16_t)(IPV4_HDR_LEN + UDP_HDR_LEN + dlen)};
  ipv4_hdr_emit(&ih, out, IPV4_HDR_LEN);
  udp_hdr u = {.sport = sport, .dport = dport};
  udp_emit(&u, s->src, s->dst, (const uint8_t *)data, dlen, PROTO_CSUM_PARTIAL,
           out + IPV4_HDR_LEN, 1500);
  return ih.tot_len;
}

/* UDP: an ephemeral source port is relabelled at its first appearance and
 * keeps its label (also inside the Port Unreachable's quote); a port seen
 * first as a destination stays a number, even in the ephemeral range
 * (traceroute's 33434); the partial checksum is no complaint. */
static void test_frames_udp(void **state) {
  (void)state;
  nsp_frame_labels l;
  nsp_frame_labels_init(&l);
  frame f;
  ip_spec s = {.src = H1, .dst = H2, .ttl = 64, .id = 1, .frag = IPV4_FLAG_DF};
  frame_ether(&f, &MAC1, &MAC2, ETHER_TYPE_IPV4);
  size_t n = ip_udp(f.b + f.len, &s, 38945, 9999, "hello\n");
  f.len += n;
  char *r = nsp_frame_render(&l, f.b, f.len);
  assert_string_equal(r, "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=34 DF UDP p1>9999 len=14");
  g_free(r);
  frame e;
  ip_spec es = {.src = H2, .dst = H1, .ttl = 64, .tos = 0xc0, .id = 2};
  icmp_hdr eh = {.type = ICMP_DEST_UNREACH, .code = ICMP_PORT_UNREACH};
  frame_ip_icmp(&e, &MAC2, &MAC1, &es, &eh, f.b + ETHER_HDR_LEN, n);
  r = nsp_frame_render(&l, e.b, e.len);
  assert_string_equal(r, "m2>m1 IP 198.51.100.1>192.0.2.1 ttl=64 len=62 tos=0xc0 ICMP unreachable "
                         "code=3 quote=34 [IP 192.0.2.1>198.51.100.1 ttl=64 len=34 DF UDP p1>9999 "
                         "len=14]");
  g_free(r);
  /* the reply, ports the other way round; then a probe to 33434 */
  frame_ether(&f, &MAC2, &MAC1, ETHER_TYPE_IPV4);
  ip_spec rs = {.src = H2, .dst = H1, .ttl = 64, .id = 3};
  f.len += ip_udp(f.b + f.len, &rs, 9999, 38945, "");
  r = nsp_frame_render(&l, f.b, f.len);
  assert_string_equal(r, "m2>m1 IP 198.51.100.1>192.0.2.1 ttl=64 len=28 UDP 9999>p1 len=8");
  g_free(r);
  frame_ether(&f, &MAC1, &MAC2, ETHER_TYPE_IPV4);
  f.len += ip_udp(f.b + f.len, &s, 51000, 33434, "@ABC");
  r = nsp_frame_render(&l, f.b, f.len);
  assert_string_equal(r, "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=32 DF UDP p2>33434 len=12");
  g_free(r);
  frame_ether(&f, &MAC1, &MAC2, ETHER_TYPE_IPV4);
  /* a socket that took 33434 as its random port, in a flow of its own:
   * labelled, though a probe went to 33434 before (traceroute's sockets
   * take ports from the range its probes go to) */
  f.len += ip_udp(f.b + f.len, &s, 33434, 40000, "x");
  r = nsp_frame_render(&l, f.b, f.len);
  assert_string_equal(r, "m1>m2 IP 192.0.2.1>198.51.100.1 ttl=64 len=29 DF UDP p3>40000 len=9");
  g_free(r);
  /* a length field that disagrees with the packet; a datagram cut short */
  inet_put16(f.b + ETHER_HDR_LEN + IPV4_HDR_LEN + 4, 8);
  r = nsp_frame_render(&l, f.b, f.len);
  assert_true(g_str_has_suffix(r, "UDP p3>40000 len=8 ip-payload=9"));
  g_free(r);
  nsp_frame_labels_clear(&l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_frames_file),         cmocka_unit_test(test_frames_masked),
      cmocka_unit_test(test_frames_icmp_error),   cmocka_unit_test(test_frames_bad_checksum),
      cmocka_unit_test(test_frames_fragments),    cmocka_unit_test(test_frames_broken),
      cmocka_unit_test(test_frames_read_errors),  cmocka_unit_test(test_linediff),
      cmocka_unit_test(test_frames_udp),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
