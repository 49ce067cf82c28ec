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
  /* an indented block counts only with a prompt: a scenario's indented
   * lines (a continuation, a loop's body) are no Markdown */
  const char *indented = "para\n\n    $ ip netns add a\n";
  const char *script = "ip link add a \\\n    type veth\n\n    ip netns add b\n";
  assert_true(nsp_markdown_detect(indented, strlen(indented)));
  assert_false(nsp_markdown_detect(script, strlen(script)));
  /* in a list item, the prompt stands past the item's marker */
  const char *item = "1. item\n\n       $ ip netns add a\n";
  const char *quoted = "> text\n>\n>     $ ip netns add a\n";
  assert_true(nsp_markdown_detect(item, strlen(item)));
  assert_true(nsp_markdown_detect(quoted, strlen(quoted)));
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


/* Fences in block quotes and list items (nested, and with a lazy prompt
 * continuation): cmark takes the markers and indentation off their lines. */
static void test_markdown_containers(void **state) {
  (void)state;
  assert_render("> ```sh\n"
                "> ip netns add q\n"
                ">\n"
                "> ```\n"
                "\n"
                "- item\n"
                "\n"
                "  ```bash\n"
                "  ip netns add l\n"
                "  ```\n"
                "  1. nested\n"
                "\n"
                "     ~~~console\n"
                "     $ ip netns list\n"
                "     l\n"
                "     ~~~\n"
                "> > ```\n"
                "> > $ ip link add a type veth \\\n"
                "> > > peer name b\n"
                "> > ```\n",
                "2 ip netns add q [unshown]\n"
                "9 ip netns add l [unshown]\n"
                "14 ip netns list\n"
                "| l\n"
                "18 ip link add a type veth peer name b [unshown]\n");
}

/* An indented block is read when it holds prompts, as a fenced block
 * without a language; one that starts with a fence line (indented four
 * spaces too far) shows that fence, and it is read as a line. */
static void test_markdown_indented(void **state) {
  (void)state;
  assert_render("text\n"
                "\n"
                "    $ ip netns add i\n"
                "    $ ip netns list\n"
                "    i\n"
                "\n"
                "a paragraph ends it (blank lines do not)\n"
                "\n"
                "    ip netns add never\n"
                "- item\n"
                "\n"
                "      ```sh\n"
                "      $ ip netns delete i\n"
                "      ```\n"
                "\n"
                "  ```sh\n"
                "  ```sh\n"
                "  ```\n",
                "3 ip netns add i [unshown]\n"
                "4 ip netns list\n"
                "| i\n"
                "13 ip netns delete i\n"
                "| ```\n"
                "17 ```sh [unshown]\n");
}

/* HTML blocks hide what they hold until their end (a comment's -->,
 * </pre>) or, for <details>, a blank line; setext headings and thematic
 * breaks are prose. */
static void test_markdown_html_setext(void **state) {
  (void)state;
  assert_render("<!--\n"
                "```sh\n"
                "ip netns add never\n"
                "```\n"
                "-->\n"
                "<pre>\n"
                "$ ip netns add never-pre\n"
                "</pre>\n"
                "<details>\n"
                "\n"
                "```sh\n"
                "ip netns add d\n"
                "```\n"
                "</details>\n"
                "\n"
                "$ ip netns add never-setext\n"
                "------------------------------\n"
                "```sh\n"
                "ip netns add s\n"
                "```\n"
                "Heading\n"
                "=======\n",
                "12 ip netns add d [unshown]\n"
                "19 ip netns add s [unshown]\n");
}

/* Info strings: the language is the first word, whatever attributes follow
 * or surround it. */
static void test_markdown_info_strings(void **state) {
  (void)state;
  assert_render("```bash {.line-numbers}\nip netns add a\n```\n"
                "``` {.sh .numberLines}\nip netns add b\n```\n"
                "```shell:setup.sh\nip netns add c\n```\n"
                "```console title=\"x\"\n$ ip netns add d\n```\n"
                "```sh=\nip netns add e\n```\n"
                "~~~ Shell-Session\n$ ip netns add f\n~~~\n"
                "```text\n$ ip netns add never\n```\n"
                "~~~~markdown\n```sh\nip netns add never\n```\n~~~~\n",
                "2 ip netns add a [unshown]\n"
                "5 ip netns add b [unshown]\n"
                "8 ip netns add c [unshown]\n"
                "11 ip netns add d [unshown]\n"
                "14 ip netns add e [unshown]\n"
                "17 ip netns add f [unshown]\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_markdown_detect),    cmocka_unit_test(test_markdown_prompts),
      cmocka_unit_test(test_markdown_fences),    cmocka_unit_test(test_markdown_languages),
      cmocka_unit_test(test_markdown_skips),     cmocka_unit_test(test_markdown_containers),
      cmocka_unit_test(test_markdown_indented),  cmocka_unit_test(test_markdown_html_setext),
      cmocka_unit_test(test_markdown_info_strings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
