/* The job model (core/jobs.c, core/cmd_shell.c) on the simulation: where
 * a `&` job's output, bash's notices and a second terminal's output land
 * in the transcript, and what kill, wait and jobs say -- the rules of
 * docs/manual.md, "Jobs and second terminals". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scenario.h"
#include "sim/world.h"

static const char *const setup =
    "ip netns add a\n"
    "ip netns add b\n"
    "ip link add a0 type veth peer name b0\n"
    "ip link set a0 netns a\n"
    "ip link set b0 netns b\n"
    "ip netns exec a ip address add 192.0.2.1/24 dev a0\n"
    "ip netns exec b ip address add 192.0.2.2/24 dev b0\n"
    "ip netns exec a ip link set a0 up\n"
    "ip netns exec b ip link set b0 up\n";

typedef struct {
  sim_world *w;
  nsp_scenario_result r;
  unsigned first; /* index of the first command after the setup */
} run;

static void run_lines(run *x, const char *lines) {
  x->w = sim_world_new(7);
  nsp_scenario_result_init(&x->r);
  gchar *text = g_strconcat(setup, lines, NULL);
  nsp_scenario_run_text(sim_world_backend(x->w), "t.sh", text, strlen(text), &x->r);
  g_free(text);
  x->first = 9;
  assert_int_equal(x->r.unsupported, 0);
}

static void run_free(run *x) {
  nsp_scenario_result_clear(&x->r);
  sim_world_free(x->w);
}

/* The output under the k-th command after the setup. */
static const char *out_of(run *x, unsigned k) {
  return ((GString *)g_ptr_array_index(x->r.outputs, x->first + k))->str;
}

static gchar *notice(int n, char mark, const char *status, const char *cmd) {
  return g_strdup_printf("[%d]%c  %-24s%s\n", n, mark, status, cmd);
}

/* "[1] PID" alone under the `&` line (bash prints its prompt before ping
 * prints anything); the job's lines in time order; "Done" at the end of
 * the line during which it ended. */
static void test_background_done(void **state) {
  (void)state;
  run x;
  run_lines(&x, "ip netns exec a ping -c 2 192.0.2.2 &\nsleep 3\nsleep 1\n");
  const char *bg = out_of(&x, 0);
  assert_true(g_str_has_prefix(bg, "[1] "));
  assert_null(strchr(bg + 4, '\n') ? strstr(bg, "PING") : NULL);
  assert_true(g_str_has_prefix(out_of(&x, 1), "PING 192.0.2.2 (192.0.2.2) 56(84) bytes of data.\n"));
  const char *t = x.r.transcript->str;
  const char *seq2 = strstr(t, "icmp_seq=2");
  gchar *done = notice(1, '+', "Done", "ip netns exec a ping -c 2 192.0.2.2");
  const char *d = strstr(t, done);
  assert_non_null(seq2);
  assert_non_null(d);
  assert_true(seq2 < d);
  /* the notice is the last thing of sleep's line, before the next prompt */
  assert_true(g_str_has_suffix(out_of(&x, 1), done));
  assert_string_equal(out_of(&x, 2), "");
  g_free(done);
  run_free(&x);
}

/* kill -INT: ping prints its statistics and exits by itself (status 0 when
 * a reply came), so bash says Done, not Interrupt. */
static void test_kill_int(void **state) {
  (void)state;
  run x;
  run_lines(&x, "ip netns exec a ping 192.0.2.2 &\nsleep 2\nkill -INT %1\n");
  const char *k = out_of(&x, 2);
  assert_non_null(strstr(k, "--- 192.0.2.2 ping statistics ---\n"));
  gchar *intr = notice(1, '+', "Done", "ip netns exec a ping 192.0.2.2");
  assert_true(g_str_has_suffix(k, intr));
  g_free(intr);
  run_free(&x);
}

/* jobs lists a running job; kill of one that is not there is bash's error. */
static void test_jobs_and_errors(void **state) {
  (void)state;
  run x;
  run_lines(&x, "ip netns exec a ping 192.0.2.2 &\njobs\nkill %3\nkill -INT %1\nwait\n");
  gchar *running = notice(1, '+', "Running", "ip netns exec a ping 192.0.2.2 &");
  assert_true(g_str_has_suffix(out_of(&x, 1), running)); /* after the reply printed meanwhile */
  assert_string_equal(out_of(&x, 2), "bash: kill: %3: no such job\n");
  assert_string_equal(out_of(&x, 4), "");
  g_free(running);
  run_free(&x);
}

/* A ping without -c typed without `&` runs in a second terminal: its
 * lines stay under its own line, ended by Ctrl-C when the scenario ends. */
static void test_second_terminal(void **state) {
  (void)state;
  run x;
  run_lines(&x, "ip netns exec a ping 192.0.2.2\nsleep 2.5\nip netns exec b ip link set b0 down\n");
  const char *term = out_of(&x, 0);
  assert_non_null(strstr(term, "icmp_seq=1 "));
  assert_non_null(strstr(term, "icmp_seq=3 "));
  assert_non_null(strstr(term, "^C\n--- 192.0.2.2 ping statistics ---\n"));
  assert_string_equal(out_of(&x, 1), "");
  assert_string_equal(out_of(&x, 2), "");
  run_free(&x);
}

/* wait returns when the job has ended, with the clock past its end. */
static void test_wait(void **state) {
  (void)state;
  run x;
  run_lines(&x, "ip netns exec a ping -c 3 192.0.2.2 &\nwait\n");
  gchar *done = notice(1, '+', "Done", "ip netns exec a ping -c 3 192.0.2.2");
  assert_non_null(strstr(out_of(&x, 1), "3 packets transmitted, 3 received"));
  assert_true(g_str_has_suffix(out_of(&x, 1), done));
  nsp_backend *be = sim_world_backend(x.w);
  assert_true(be->ops->clock_now(be) >= 2000000000ULL);
  g_free(done);
  run_free(&x);
}

/* With a sink the transcript is written out as it grows and each line's
 * slot is freed once written, all but the last (a job may write into it):
 * a million-line scenario holds no line it has printed.  While a job runs,
 * nothing is written and every slot stays. */
static void test_sink_frees_written_lines(void **state) {
  (void)state;
  sim_world *w = sim_world_new(7);
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  char *buf = NULL;
  size_t len = 0;
  r.sink = open_memstream(&buf, &len);
  const char *text = "ip netns add a\nip netns exec a ip link set lo up\n"
                     "ip netns exec a ping -c 2 127.0.0.1 &\nip netns exec a ip link show lo\n"
                     "wait\nip netns add b\nip netns add c\n";
  nsp_scenario_run_text(sim_world_backend(w), "t.sh", text, strlen(text), &r);
  nsp_scenario_result_flush(&r);
  fclose(r.sink);
  assert_int_equal(r.outputs->len, 7);
  for (guint i = 0; i + 1 < r.outputs->len; i++) {
    assert_null(g_ptr_array_index(r.outputs, i));
    assert_null(g_ptr_array_index(r.commands_run, i));
  }
  const char *br = strstr(buf, "$ ip netns exec a ip link show lo\n");
  assert_non_null(br);
  assert_non_null(strstr(br, "\n1: lo: <LOOPBACK,UP,LOWER_UP>"));
  assert_non_null(strstr(buf, "2 packets transmitted, 2 received"));
  assert_true(g_str_has_suffix(buf, "$ ip netns add c\n"));
  free(buf);
  nsp_scenario_result_clear(&r);
  sim_world_free(w);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_background_done), cmocka_unit_test(test_kill_int),
      cmocka_unit_test(test_jobs_and_errors), cmocka_unit_test(test_second_terminal),
      cmocka_unit_test(test_wait), cmocka_unit_test(test_sink_frees_written_lines),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
