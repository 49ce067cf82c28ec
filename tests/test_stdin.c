/* core/stdin.c: the standard input of `echo … | CMD`, `printf … | CMD` and
 * `CMD <<< WORD` (bash's results, checked by hand in bash 5.2), and the
 * lines it leaves alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/cmd.h"
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

/* nsp_args_split() (core/cmd.c) against bash 5.2's words for the same line
 * (printf "<%s>" LINE) */
static void expect_words(const char *line, int n, const char *const *words) {
  nsp_args a;
  GString *why = g_string_new(NULL);
  assert_true(nsp_args_split(line, &a, why));
  assert_int_equal(a.n, n);
  for (int i = 0; i < n; i++) assert_string_equal(a.v[i], words[i]);
  assert_null(a.v[n]);
  nsp_args_free(&a);
  g_string_free(why, TRUE);
}

static void test_words(void **state) {
  (void)state;
  expect_words("ip  -n\tc1  link set\tx up", 7, (const char *[]){"ip", "-n", "c1", "link", "set", "x", "up"});
  expect_words("a 'b c' \"d \\\"e\\\" f\" g\\ h", 4, (const char *[]){"a", "b c", "d \"e\" f", "g h"});
  expect_words("x#y #z w", 1, (const char *[]){"x#y"});
  expect_words("a\\", 1, (const char *[]){"a\\"});
  expect_words("\\'q", 1, (const char *[]){"'q"});
  expect_words("\"a\\b\" c", 2, (const char *[]){"a\\b", "c"});
  expect_words("'' x", 2, (const char *[]){"", "x"});
  expect_words("a\"b\"c d'e'f", 2, (const char *[]){"abc", "def"});
  expect_words("  ", 0, (const char *[]){NULL});
  expect_words("'#' \\# a#", 3, (const char *[]){"#", "#", "a#"});
  expect_words("\"x'y\" 'x\"y'", 2, (const char *[]){"x'y", "x\"y"});
  nsp_args a;
  GString *why = g_string_new(NULL);
  assert_false(nsp_args_split("ip link 'x", &a, why));
  assert_string_equal(why->str, "unterminated ' quote");
  assert_false(nsp_args_split("ls *", &a, why));
  assert_string_equal(why->str, "shell syntax '*' (pipes, redirections, substitutions, globs) is not run");
  g_string_free(why, TRUE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_echo),
      cmocka_unit_test(test_printf),
      cmocka_unit_test(test_here_string),
      cmocka_unit_test(test_left_alone),
      cmocka_unit_test(test_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
