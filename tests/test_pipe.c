/* The filters at the end of a pipe (core/pipe.c) against GNU grep 3.8 and
 * coreutils 9.1: each case's expected output and exit status is what the
 * tool printed on the same input (an `ip link show` of a bridge). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/pipe.h"

static const char input[] = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: br0-ns1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n    link/ether 02:00:5e:00:53:01 brd ff:ff:ff:ff:ff:ff link-netns ns1\n3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n    link/ether 02:00:5e:00:53:01 brd ff:ff:ff:ff:ff:ff\n4: br0x: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff\n";

typedef struct {
  const char *argv[6];
  const char *out;
  int status;
} pipe_case;

static const pipe_case cases[] = {
    {{"grep", "-i", "LOWER_UP"}, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n2: br0-ns1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n", 0},
    {{"grep", "-v", "link/"}, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n2: br0-ns1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n4: br0x: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n", 0},
    {{"grep", "-E", "br0|lo"}, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: br0-ns1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n4: br0x: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n", 0},
    {{"grep", "br0|lo"}, "", 1},
    {{"grep", "br0\\|lo"}, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: br0-ns1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n4: br0x: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n", 0},
    {{"grep", "-w", "br0"}, "2: br0-ns1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n", 0},
    {{"grep", "-c", "master"}, "1\n", 0},
    {{"grep", "-o", "master [a-z0-9]*"}, "master br0\n", 0},
    {{"grep", "-o", "-w", "br0"}, "br0\nbr0\nbr0\n", 0},
    {{"grep", "-c", "-v", "state"}, "4\n", 0},
    {{"grep", "-e", "-v"}, "", 1},
    {{"grep", "[[:digit:]]: br"}, "2: br0-ns1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n4: br0x: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n", 0},
    {{"grep", "-i", "-o", "STATE [A-Z]*"}, "state UNKNOWN\nstate UP\nstate UP\nstate DOWN\n", 0},
    {{"grep", "nothing"}, "", 1},
    {{"grep", "-E", "br0(-|:)"}, "2: br0-ns1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n", 0},
    {{"grep", "-ic", "UP"}, "4\n", 0},
    {{"grep", "-E", "^[0-9]+: br0x?:"}, "3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n4: br0x: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n", 0},
    {{"grep", "-w", "-E", "br0x?"}, "2: br0-ns1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n4: br0x: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n", 0},
    {{"grep", "-vc", "br0"}, "5\n", 0},
    {{"head", "-n", "2"}, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n", 0},
    {{"head", "-n", "-3"}, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: br0-ns1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n    link/ether 02:00:5e:00:53:01 brd ff:ff:ff:ff:ff:ff link-netns ns1\n3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n", 0},
    {{"head", "-2"}, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n", 0},
    {{"tail", "-n", "2"}, "4: br0x: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff\n", 0},
    {{"tail", "-n", "+7"}, "4: br0x: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff\n", 0},
    {{"tail", "-1"}, "    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff\n", 0},
};

static int argc_of(const pipe_case *k) {
  int n = 0;
  while (n < 6 && k->argv[n]) n++;
  return n;
}

static void test_against_the_tools(void **state) {
  (void)state;
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
    const pipe_case *k = &cases[i];
    GString *err = g_string_new(NULL), *why = g_string_new(NULL), *out = g_string_new(NULL);
    int status = 0;
    nsp_filter *f = nsp_filter_new(argc_of(k), (char **)k->argv, err, &status, why);
    if (!f) fail_msg("case %zu (%s %s): %s%s", i, k->argv[0], k->argv[1], err->str, why->str);
    nsp_filter_apply(f, input, out, &status);
    if (strcmp(out->str, k->out) != 0 || status != k->status)
      fail_msg("case %zu (%s %s %s): got status %d\n%s", i, k->argv[0], k->argv[1],
               k->argv[2] ? k->argv[2] : "", status, out->str);
    nsp_filter_free(f);
    g_string_free(err, TRUE);
    g_string_free(why, TRUE);
    g_string_free(out, TRUE);
  }
}

/* A pattern regcomp() refuses: grep's own message, exit status 2. */
static void test_bad_patterns(void **state) {
  (void)state;
  static const struct {
    const char *argv[4];
    const char *msg;
  } bad[] = {
      {{"grep", "-E", "("}, "grep: Unmatched ( or \\(\n"},
      {{"grep", "a\\{1"}, "grep: Unmatched \\{\n"},
      {{"grep", "[z-a]"}, "grep: Invalid range end\n"},
  };
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
    GString *err = g_string_new(NULL), *why = g_string_new(NULL);
    int status = 0, argc = bad[i].argv[2] ? 3 : 2;
    assert_null(nsp_filter_new(argc, (char **)bad[i].argv, err, &status, why));
    assert_string_equal(err->str, bad[i].msg);
    assert_int_equal(status, 2);
    g_string_free(err, TRUE);
    g_string_free(why, TRUE);
  }
}

/* Other tools stay refused, with why. */
static void test_refused(void **state) {
  (void)state;
  const char *argv[] = {"sort", "-u", NULL};
  GString *err = g_string_new(NULL), *why = g_string_new(NULL);
  int status = 0;
  assert_null(nsp_filter_new(2, (char **)argv, err, &status, why));
  assert_int_equal(status, -1);
  assert_string_equal(why->str, "a pipe into \"sort\" (nspath runs grep, head and tail there)");
  g_string_free(err, TRUE);
  g_string_free(why, TRUE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_against_the_tools),
      cmocka_unit_test(test_bad_patterns),
      cmocka_unit_test(test_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
