/* core/stdin.c: the standard input of `echo … | CMD`, `printf … | CMD` and
 * `CMD <<< WORD` (bash's results, checked by hand in bash 5.2), and the
 * lines it leaves alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/stdin.h"

static void expect(const char *line, const char *cmd, const char *input) {
  char *c = NULL;
  GString *in = g_string_new(NULL), *why = g_string_new(NULL);
  assert_true(nsp_line_stdin(line, &c, in, why));
  assert_string_equal(c, cmd);
  assert_string_equal(in->str, input);
  assert_int_equal(why->len, 0);
  g_free(c);
  g_string_free(in, TRUE);
  g_string_free(why, TRUE);
}

static void expect_none(const char *line, const char *why_text) {
  char *c = NULL;
  GString *in = g_string_new(NULL), *why = g_string_new(NULL);
  assert_false(nsp_line_stdin(line, &c, in, why));
  assert_null(c);
  assert_string_equal(why->str, why_text);
  g_string_free(in, TRUE);
  g_string_free(why, TRUE);
}

static void test_echo(void **state) {
  (void)state;
  expect("echo hello | nc -N 192.0.2.1 80", " nc -N 192.0.2.1 80", "hello\n");
  expect("echo -n 'a  b' c| nc x", " nc x", "a  b c");
  expect("echo -e 'a\\tb\\nc' | nc x", " nc x", "a\tb\nc\n");
  expect("echo 'a|b' | nc x", " nc x", "a|b\n");
  expect("echo | nc x", " nc x", "\n");
}

static void test_printf(void **state) {
  (void)state;
  expect("printf 'GET / HTTP/1.0\\r\\n\\n' | nc x", " nc x", "GET / HTTP/1.0\r\n\n");
  expect("printf '%s=%d\\n' a 1 b 2 | nc x", " nc x", "a=1\nb=2\n");
  expect("printf 'x%%\\n' | nc x", " nc x", "x%\n");
  expect_none("printf '%q' a | nc x", "printf conversion %q is not modelled");
}

static void test_here_string(void **state) {
  (void)state;
  expect("nc -u 192.0.2.1 53 <<< 'hi there'", "nc -u 192.0.2.1 53 ", "hi there\n");
  expect("sudo ip netns exec ns1 nc x 1 <<< hi", "sudo ip netns exec ns1 nc x 1 ", "hi\n");
}

static void test_left_alone(void **state) {
  (void)state;
  expect_none("cat f | nc x", "");
  expect_none("ip netns list | grep ns1", "");
  expect_none("echo a | nc x | cat", "");
  expect_none("ping -c 1 192.0.2.1", "");
  expect_none("nc x < file", "");
  expect_none("echo 'a | b'", "");
  /* no command before the '|', or nothing after "<<<": the words of the
   * empty side are freed (LeakSanitizer in build-asan/ checks it; found
   * by tests/fuzz/fuzz_scenario) */
  expect_none("| nc x", "");
  expect_none("  |sudo ip link \"UTF-8\"", "");
  expect_none("nc x <<<", "");
  expect_none("nc x <<< a b", "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_echo),
      cmocka_unit_test(test_printf),
      cmocka_unit_test(test_here_string),
      cmocka_unit_test(test_left_alone),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
