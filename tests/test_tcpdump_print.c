/* The tcpdump renderer (core/tcpdump_print.c) against tcpdump 4.99.3
 * itself: every pcap in tests/data/tcpdump/ was captured on this kernel,
 * and each NAME.FLAGS.txt beside it is what `TZ=UTC tcpdump -r NAME.pcap
 * -FLAGS` printed (tests/data/tcpdump/README.md).  The renderer must print
 * the same lines, byte for byte, for every flag combination. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <pcap/pcap.h>

#include "core/tcpdump_print.h"

#ifndef NSP_TEST_DATA
#error NSP_TEST_DATA must name tests/data
#endif

/* "-nev" -> its flags */
static void flags_parse(const char *s, nsp_tcpdump_flags *f) {
  memset(f, 0, sizeof *f);
  f->utc = true;
  for (; *s; s++) {
    if (*s == 'n') f->nflag = true;
    else if (*s == 'e') f->eflag = true;
    else if (*s == 'v') f->vflag++;
    else if (*s == 't') f->tflag++;
    else if (*s == 'q') f->qflag++;
    else if (*s == 'S') f->Sflag = true;
    else fail_msg("unknown flag %c", *s);
  }
}

static GString *render(const char *pcap, const char *flags) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline(pcap, err);
  assert_non_null(p);
  nsp_tcpdump_flags f;
  flags_parse(flags, &f);
  nsp_tcpdump_printer *pr = nsp_tcpdump_printer_new(&f);
  GString *out = g_string_new(NULL);
  struct pcap_pkthdr *h;
  const u_char *data;
  while (pcap_next_ex(p, &h, &data) == 1) {
    uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000ULL + (uint64_t)h->ts.tv_usec * 1000ULL;
    nsp_tcpdump_print(pr, ts, data, h->caplen, h->len, out);
  }
  nsp_tcpdump_printer_free(pr);
  pcap_close(p);
  return out;
}

/* The first line that differs, for the failure message. */
static void compare(const char *want, const char *got, const char *what) {
  if (!strcmp(want, got)) return;
  gchar **a = g_strsplit(want, "\n", -1), **b = g_strsplit(got, "\n", -1);
  guint i = 0;
  while (a[i] && b[i] && !strcmp(a[i], b[i])) i++;
  print_error("%s: line %u\n  tcpdump: %s\n  nspath:  %s\n", what, i + 1, a[i] ? a[i] : "(end)",
              b[i] ? b[i] : "(end)");
  g_strfreev(a);
  g_strfreev(b);
  fail();
}

static void test_goldens(void **state) {
  (void)state;
  const char *dir = NSP_TEST_DATA "/tcpdump";
  GDir *d = g_dir_open(dir, 0, NULL);
  assert_non_null(d);
  const char *name;
  unsigned checked = 0;
  while ((name = g_dir_read_name(d))) {
    if (!g_str_has_suffix(name, ".txt")) continue;
    /* NAME.FLAGS.txt */
    char *base = g_strndup(name, strlen(name) - 4);
    char *dot = strrchr(base, '.');
    assert_non_null(dot);
    *dot = '\0';
    char *pcap = g_strdup_printf("%s/%s.pcap", dir, base);
    char *txt = g_strdup_printf("%s/%s", dir, name);
    gchar *want;
    assert_true(g_file_get_contents(txt, &want, NULL, NULL));
    GString *got = render(pcap, dot + 1);
    compare(want, got->str, name);
    checked++;
    g_string_free(got, TRUE);
    g_free(want);
    g_free(txt);
    g_free(pcap);
    g_free(base);
  }
  g_dir_close(d);
  assert_true(checked >= 10);
}

/* A frame cut short by the snapshot length ends in tcpdump's " [|proto]". */
static void test_truncated(void **state) {
  (void)state;
  static const uint8_t frame[] = {
      0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,          /* Ethernet */
      0x45, 0, 0, 84, 0, 1, 0x40, 0, 64, 1, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2, /* IPv4 */
      8, 0};                                                          /* ICMP, cut */
  nsp_tcpdump_flags f = {.tflag = 1, .nflag = true, .utc = true};
  nsp_tcpdump_printer *pr = nsp_tcpdump_printer_new(&f);
  GString *out = g_string_new(NULL);
  nsp_tcpdump_print(pr, 0, frame, sizeof frame, 98, out);
  assert_string_equal(out->str, "IP 192.0.2.1 > 192.0.2.2:  [|icmp]\n");
  g_string_truncate(out, 0);
  nsp_tcpdump_print(pr, 0, frame, 10, 98, out);
  assert_string_equal(out->str, " [|ether]\n");
  g_string_free(out, TRUE);
  nsp_tcpdump_printer_free(pr);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_goldens),
      cmocka_unit_test(test_truncated),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
