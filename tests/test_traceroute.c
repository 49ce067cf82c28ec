/* traceroute's command line and bookkeeping (core/traceroute_opts.c,
 * core/traceroute_run.c) against what Debian's traceroute 2.1.2 printed on
 * this machine: each message below was read off the real program (the
 * ones that need a namespace are in tests/scenarios/94-traceroute-errors.sh
 * too), each hop line as print_probe() makes it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/traceroute.h"

/* the words of LINE as argv; the status; what was printed into out */
static int parse_line(const char *line, tr_opts *o, GString *out) {
  gchar **argv = g_strsplit(line, " ", -1);
  int argc = (int)g_strv_length(argv);
  g_string_truncate(out, 0);
  int rc = tr_opts_parse(argc, argv, o, out);
  o->host = NULL; /* points into argv */
  o->device = o->src = NULL;
  g_strfreev(argv);
  return rc;
}

static void test_opts_errors(void **state) {
  (void)state;
  static const struct {
    const char *line, *msg;
  } cases[] = {
      {"traceroute -x 1.2.3.4", "Bad option `-x' (argc 1)\n"},
      {"traceroute -q 0 1.2.3.4", "no more than 10 probes per hop\n"},
      {"traceroute -q 11 1.2.3.4", "no more than 10 probes per hop\n"},
      {"traceroute -m 256 1.2.3.4", "max hops cannot be more than 255\n"},
      {"traceroute -f 0 1.2.3.4", "first hop out of range\n"},
      {"traceroute -f 5 -m 3 1.2.3.4", "first hop out of range\n"},
      {"traceroute -m 0 1.2.3.4", "first hop out of range\n"},
      {"traceroute -w -1 1.2.3.4", "bad wait specifications `-1,0,0' used\n"},
      {"traceroute -w abc 1.2.3.4", "Cannot handle `-w' option with arg `abc' (argc 2)\n"},
      {"traceroute -w 1,2,x 1.2.3.4", "Cannot handle `-w' option with arg `1,2,x' (argc 2)\n"},
      {"traceroute -q abc 1.2.3.4", "Cannot handle `-q' option with arg `abc' (argc 2)\n"},
      {"traceroute -q", "Option `-q' (argc 1) requires an argument: `-q nqueries'\n"},
      {"traceroute -p abc 127.0.0.1", "Cannot handle `-p' option with arg `abc' (argc 2)\n"},
      {"traceroute 1.2.3.4 70000", "too big packetlen 70000 specified\n"},
      {"traceroute 1.2.3.4 40 x", "Extra arg `x' (position 3, argc 3)\n"},
      {"traceroute 1.2.3.4 abc", "Cannot handle \"packetlen\" cmdline arg `abc' on position 2 (argc 2)\n"},
  };
  tr_opts o;
  GString *out = g_string_new(NULL);
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    assert_int_equal(parse_line(cases[i].line, &o, out), 2);
    assert_string_equal(out->str, cases[i].msg);
  }
  g_string_free(out, TRUE);
}

static void test_opts_values(void **state) {
  (void)state;
  tr_opts o;
  GString *out = g_string_new(NULL);
  assert_int_equal(parse_line("traceroute -n -q2 -m 1 127.0.0.1", &o, out), TR_GO);
  assert_true(o.noresolve);
  assert_int_equal(o.probes_per_hop, 2);
  assert_int_equal(o.max_hops, 1);
  assert_int_equal(o.header_len + o.data_len, 60);
  /* -w MAX alone: no HERE, no NEAR (set_wait_specs() zeroes them) */
  assert_int_equal(parse_line("traceroute -w 0.5 1.2.3.4", &o, out), TR_GO);
  assert_true(o.wait_secs == 0.5 && o.here_factor == 0 && o.near_factor == 0);
  assert_int_equal(parse_line("traceroute -w 2,1.5,4 -nI 1.2.3.4", &o, out), TR_GO);
  assert_true(o.wait_secs == 2 && o.here_factor == 1.5 && o.near_factor == 4 && o.icmp && o.noresolve);
  assert_int_equal(parse_line("traceroute 1.2.3.4", &o, out), TR_GO);
  assert_true(o.wait_secs == 5 && o.here_factor == 3 && o.near_factor == 10);
  assert_int_equal(o.sim_probes, 16);
  /* packetlen: 28 at least (an empty UDP datagram, or an ICMP header) */
  assert_int_equal(parse_line("traceroute -m 1 127.0.0.1 10", &o, out), TR_GO);
  assert_int_equal(o.header_len + o.data_len, 28);
  assert_int_equal(parse_line("traceroute -I -m 1 127.0.0.1 10", &o, out), TR_GO);
  assert_int_equal(o.header_len + o.data_len, 28);
  assert_int_equal(parse_line("traceroute -m 1 127.0.0.1 100", &o, out), TR_GO);
  assert_int_equal(o.header_len + o.data_len, 100);
  /* -p: digits then anything, base 0; --name=ARG; options after the host */
  assert_int_equal(parse_line("traceroute -p 0x10zz --max-hops=2 1.2.3.4 -q 1", &o, out), TR_GO);
  assert_int_equal(o.port, 16);
  assert_int_equal(o.max_hops, 2);
  assert_int_equal(o.probes_per_hop, 1);
  /* not modelled: refused as such, not as bad options */
  assert_int_equal(parse_line("traceroute -T 1.2.3.4", &o, out), TR_UNSUPPORTED);
  assert_int_equal(parse_line("traceroute --mtu 1.2.3.4", &o, out), TR_UNSUPPORTED);
  assert_int_equal(parse_line("traceroute example.com", &o, out), TR_UNSUPPORTED);
  assert_int_equal(parse_line("traceroute", &o, out), TR_UNSUPPORTED);
  g_string_free(out, TRUE);
}

/* a run of probes set by hand: 3 per hop */
static tr_state make_state(tr_opts *o, tr_probe *p, unsigned hops) {
  memset(o, 0, sizeof *o);
  o->probes_per_hop = 3;
  o->max_hops = hops;
  o->wait_secs = 5;
  o->here_factor = 3;
  o->near_factor = 10;
  o->noresolve = true;
  memset(p, 0, sizeof *p * hops * 3);
  return (tr_state){.o = o, .probes = p, .num_probes = hops * 3};
}

static void answered(tr_probe *p, uint32_t from, double sent, double got, int ttl) {
  p->done = true;
  p->has_res = true;
  p->res = from;
  p->send_time = sent;
  p->recv_time = got;
  p->recv_ttl = ttl;
}

static void test_print(void **state) {
  (void)state;
  tr_opts o;
  tr_probe p[6];
  tr_state t = make_state(&o, p, 2);
  GString *out = g_string_new(NULL);
  answered(&p[0], 0xc0000201, 1.0, 1.000061, 64);
  p[1].done = true; /* expired */
  p[1].send_time = 1.0;
  answered(&p[2], 0xc0000201, 1.0, 1.000012, 64);
  answered(&p[3], 0xc0000202, 1.0, 1.0005, 64);
  tr_parse_icmp_res(&p[3], 3, 1, 0);
  answered(&p[4], 0xc0000203, 1.0, 1.0004, 64);
  tr_parse_icmp_res(&p[4], 3, 0, 0);
  answered(&p[5], 0xc0000203, 1.0, 1.0003, 64);
  tr_parse_icmp_res(&p[5], 3, 3, 0);
  for (int i = 0; i < 6; i++) tr_print_probe(&t, &p[i], out);
  assert_string_equal(out->str, "\n 1  192.0.2.1  0.061 ms *  0.012 ms"
                                "\n 2  192.0.2.2  0.500 ms !H 192.0.2.3  0.400 ms !N  0.300 ms");
  assert_true(p[5].final && !p[5].err_str[0]);
  /* without -n the name is the address (the model resolves none) */
  o.noresolve = false;
  g_string_truncate(out, 0);
  tr_print_probe(&t, &p[0], out);
  assert_string_equal(out->str, "\n 1  192.0.2.1 (192.0.2.1)  0.061 ms");
  g_string_free(out, TRUE);
}

static void test_icmp_res(void **state) {
  (void)state;
  static const struct {
    uint8_t type, code;
    const char *str;
    bool final;
  } cases[] = {
      {11, 0, "", false},  {11, 1, "!<11-1>", true}, {3, 0, "!N", true},  {3, 6, "!N", true},
      {3, 1, "!H", true},  {3, 7, "!H", true},       {3, 13, "!X", true}, {3, 10, "!X", true},
      {3, 2, "!P", true},  {3, 3, "", true},         {3, 5, "!S", true},  {3, 14, "!V", true},
      {3, 15, "!C", true}, {3, 16, "!<16>", true},   {4, 0, "!<4-0>", true},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    tr_probe pb = {0};
    tr_parse_icmp_res(&pb, cases[i].type, cases[i].code, 0);
    assert_string_equal(pb.err_str, cases[i].str);
    assert_int_equal(pb.final, cases[i].final);
  }
  tr_probe pb = {0};
  tr_parse_icmp_res(&pb, 3, 4, 1400);
  assert_string_equal(pb.err_str, "!F-1400");
}

/* get_timeout(): HERE times a reply of the same hop, else NEAR times one
 * of a later probe, never more than MAX */
static bool near(double a, double b) { return a - b < 1e-9 && b - a < 1e-9; }

static void test_timeout(void **state) {
  (void)state;
  tr_opts o;
  tr_probe p[9];
  tr_state t = make_state(&o, p, 3);
  for (int i = 0; i < 9; i++) p[i].send_time = 1.0;
  assert_true(tr_get_timeout(&t, &p[0]) == 5.0);
  answered(&p[7], 0x01020304, 1.0, 1.1, 64);
  assert_true(near(tr_get_timeout(&t, &p[0]), 10 * 0.101));
  answered(&p[1], 0x01020304, 1.0, 1.05, 64);
  assert_true(near(tr_get_timeout(&t, &p[0]), 3 * 0.051));
  answered(&p[2], 0x01020304, 1.0, 3.0, 64);
  p[1].done = false;
  assert_true(tr_get_timeout(&t, &p[0]) == 5.0); /* 3 * 2.001 capped */
}

/* check_expired(): an expired probe of a hop whose later probe got the
 * final unreachable takes that answer ("* !H" -> "!H ...") */
static void test_check_expired(void **state) {
  (void)state;
  tr_opts o;
  tr_probe p[6];
  tr_state t = make_state(&o, p, 2);
  for (int i = 0; i < 6; i++) p[i].send_time = 1.0;
  answered(&p[0], 0x0a000001, 1.0, 1.001, 64);
  answered(&p[1], 0x0a000001, 1.0, 1.001, 64);
  answered(&p[2], 0x0a000001, 1.0, 1.001, 64);
  p[3].done = true; /* expired */
  answered(&p[4], 0x0a000002, 1.0, 1.002, 63);
  tr_parse_icmp_res(&p[4], 3, 1, 0);
  tr_check_expired(&t, &p[3]);
  assert_true(p[3].has_res && p[3].final);
  assert_string_equal(p[3].err_str, "!H");
  assert_false(p[4].done); /* emptied, blocked from being sent again */
  assert_true(p[4].send_time == 1.0);
  /* a later Time Exceeded: this one simply expired */
  t = make_state(&o, p, 2);
  p[0].done = true;
  p[0].send_time = 1.0;
  answered(&p[1], 0x0a000001, 1.0, 1.001, 64);
  tr_check_expired(&t, &p[0]);
  assert_false(p[0].has_res);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_opts_errors), cmocka_unit_test(test_opts_values),
      cmocka_unit_test(test_print),       cmocka_unit_test(test_icmp_res),
      cmocka_unit_test(test_timeout),     cmocka_unit_test(test_check_expired),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
