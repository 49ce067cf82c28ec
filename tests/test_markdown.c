/* core/markdown.c: which lines of a Markdown document are commands, with
 * their line numbers, expected output, skip reasons and notes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/markdown.h"
#include "core/transcript.h"

/* One line a step: "LINE command", then "[skip: …]", "[note: …]",
 * "[unshown]" and each output line as "| text". */
static char *md_render(const char *text) {
  GPtrArray *steps = nsp_markdown_parse(text, strlen(text));
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < steps->len; i++) {
    const nsp_transcript_step *st = g_ptr_array_index(steps, i);
    g_string_append_printf(s, "%u %s", st->line, st->command);
    if (st->skip) g_string_append_printf(s, " [skip: %s]", st->skip);
    if (st->note) g_string_append_printf(s, " [note: %s]", st->note);
    if (st->unshown) g_string_append(s, " [unshown]");
    g_string_append_c(s, '\n');
    for (guint j = 0; j < st->output->len; j++)
      g_string_append_printf(s, "| %s\n", (char *)g_ptr_array_index(st->output, j));
  }
  g_ptr_array_free(steps, TRUE);
  return g_string_free(s, FALSE);
}

static void assert_render(const char *text, const char *want) {
  char *got = md_render(text);
  assert_string_equal(got, want);
  g_free(got);
}

static void test_markdown_detect(void **state) {
  (void)state;
  const char *plain = "ip netns add a\n# ```\n";
  const char *inline_code = "say ```ip netns add a``` here\n";
  const char *fenced = "text\n  ~~~\nip netns add a\n";
  const char *binary = "```sh\n\xff\xfe\n```\n";
  assert_false(nsp_markdown_detect(plain, strlen(plain)));
  assert_false(nsp_markdown_detect(inline_code, strlen(inline_code)));
  assert_true(nsp_markdown_detect(fenced, strlen(fenced)));
  assert_false(nsp_markdown_detect(binary, strlen(binary)));
}

/* CRLF, pandoc's {.bash}, a continued command with its "> " prompt, a bare
 * prompt ending an output, output of blank lines only. */
static void test_markdown_prompts(void **state) {
  (void)state;
  assert_render("```{.bash}\r\n"
                "$ ip link add a0 \\\r\n"
                "> type veth peer name b0\r\n"
                "$ ip netns list\r\n"
                "x\r\n"
                "\r\n"
                "$\r\n"
                "not output\r\n"
                "$ ip netns add a\r\n"
                "   \r\n"
                "```\r\n",
                "2 ip link add a0 type veth peer name b0 [unshown]\n"
                "4 ip netns list\n"
                "| x\n"
                "| \n"
                "9 ip netns add a [unshown]\n");
}

/* Only a closing fence of the same character, as long or longer, with
 * nothing after it, closes a block. */
static void test_markdown_fences(void **state) {
  (void)state;
  assert_render("````sh\n"
                "ip netns add a\n"
                "```\n"
                "~~~~\n"
                "```` x\n"
                "`````\n"
                "ip netns add never\n",
                "2 ip netns add a [unshown]\n"
                "3 ``` [unshown]\n"
                "4 ~~~~ [unshown]\n"
                "5 ```` x [unshown]\n");
}

/* Blocks of other languages, and plain blocks without prompts, are text. */
static void test_markdown_languages(void **state) {
  (void)state;
  assert_render("```python\n$ ip netns add no\n```\n"
                "```\nip netns add no\n```\n"
                "```\n$ ip netns add yes\n```\n"
                "   ```ZSH title\n   ip netns add z\n      ip netns add z2\n   ```\n",
                "8 ip netns add yes [unshown]\n"
                "11 ip netns add z [unshown]\n"
                "12 ip netns add z2 [unshown]\n");
}

static void test_markdown_skips(void **state) {
  (void)state;
  assert_render("```sh\n"
                "ip netns exec [ns] ip a\n"
                "ip netns exec <my-ns> ip a\n"
                "[ -d /run/netns ]\n"
                "for i in 1 2; do ip netns add n$i; done\n"
                "if true; then ip netns list; fi\n"
                "for n in $(sudo ip netns list); do sudo ip netns delete \"$n\"; done\n"
                "for n in $(ip netns); do ip netns del ${n}; done\n"
                "sudo ip netns exec ns1 bash\n"
                "ip netns exec ns1 bash -c 'ip a'\n"
                "```\n",
                "2 ip netns exec [ns] ip a [skip: placeholder \"[ns]\" to fill in] [unshown]\n"
                "3 ip netns exec <my-ns> ip a [skip: placeholder \"<my-ns>\" to fill in] [unshown]\n"
                "4 [ -d /run/netns ] [unshown]\n"
                "5 for i in 1 2; do ip netns add n$i; done [skip: a shell loop (for … done) is not run]"
                " [unshown]\n"
                "6 if true; then ip netns list; fi [skip: a shell if statement is not run] [unshown]\n"
                "7 ip --all netns delete [note: a shell loop deleting every namespace, run as "
                "\"ip --all netns delete\"] [unshown]\n"
                "8 ip --all netns delete [note: a shell loop deleting every namespace, run as "
                "\"ip --all netns delete\"] [unshown]\n"
                "9 sudo ip netns exec ns1 bash [skip: an interactive shell is not run] [unshown]\n"
                "10 ip netns exec ns1 bash -c 'ip a' [unshown]\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_markdown_detect),    cmocka_unit_test(test_markdown_prompts),
      cmocka_unit_test(test_markdown_fences),    cmocka_unit_test(test_markdown_languages),
      cmocka_unit_test(test_markdown_skips),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
