/* The text nspath reads besides scenarios: transcripts (`check`, `diff`),
 * Markdown documents' steps, `ip -batch` files.  The input is cut at its
 * first NUL into two texts, compared as `nspath diff` compares them.
 *
 * Asserted: a transcript never differs from itself; normalizing a line
 * twice gives what normalizing it once gave; the steps of a transcript
 * and of a Markdown document come in the order of their lines; a batch
 * file's line numbers only grow, and every command it yields is split or
 * refused in iproute2's words. */
#include <string.h>

#include "core/ip_batch.h"
#include "core/markdown.h"
#include "core/transcript.h"
#include "tests/fuzz/fuzz.h"

static void transcript_steps_check(GPtrArray *steps, const char *what) {
  unsigned last = 0;
  for (guint i = 0; i < steps->len; i++) {
    const nsp_transcript_step *s = g_ptr_array_index(steps, i);
    FUZZ_ASSERT(s->line >= last, "%s: step %u at line %u after line %u", what, i, s->line, last);
    last = s->line;
    GString *d = g_string_new(NULL);
    FUZZ_ASSERT(!nsp_transcript_diff(s->output, s->output, d), "%s: line %u differs from itself:\n%s",
                what, s->line, d->str);
    g_string_free(d, TRUE);
    for (guint j = 0; j < s->output->len; j++) {
      char *once = nsp_transcript_normalize_line(g_ptr_array_index(s->output, j));
      char *twice = nsp_transcript_normalize_line(once);
      FUZZ_ASSERT(strcmp(once, twice) == 0, "%s: normalizing \"%s\" again gave \"%s\"", what, once,
                  twice);
      g_free(once);
      g_free(twice);
    }
  }
}

static void transcript_batch(const char *text, size_t len) {
  nsp_ip_batch b = {.p = text, .end = text + len, .lineno = 0};
  GPtrArray *argv = g_ptr_array_new();
  bool missing = false;
  unsigned last = 0;
  char *line;
  while ((line = nsp_ip_batch_next(&b, &missing))) {
    FUZZ_ASSERT(b.lineno > last, "batch line %u after %u", b.lineno, last);
    last = b.lineno;
    const char *why = NULL;
    g_ptr_array_set_size(argv, 0);
    if (!nsp_ip_batch_split(line, argv, &why)) FUZZ_ASSERT(why && *why, "a refusal without words");
    g_free(line);
  }
  g_ptr_array_free(argv, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *nul = memchr(data, 0, size);
  size_t alen = nul ? (size_t)(nul - (const char *)data) : size;
  char *a = g_strndup((const char *)data, alen);
  char *b = nul ? g_strndup(nul + 1, size - alen - 1) : g_strdup("");
  GPtrArray *ta = nsp_transcript_parse(a), *tb = nsp_transcript_parse(b);
  transcript_steps_check(ta, "transcript");
  GString *d = g_string_new(NULL);
  for (guint i = 0; i < MIN(ta->len, tb->len); i++) {
    const nsp_transcript_step *x = g_ptr_array_index(ta, i), *y = g_ptr_array_index(tb, i);
    g_string_truncate(d, 0);
    nsp_transcript_diff(x->output, y->output, d);
  }
  g_string_free(d, TRUE);
  g_ptr_array_free(ta, TRUE);
  g_ptr_array_free(tb, TRUE);
  if (nsp_markdown_detect((const char *)data, alen)) {
    GPtrArray *md = nsp_markdown_parse((const char *)data, alen);
    transcript_steps_check(md, "markdown");
    g_ptr_array_free(md, TRUE);
  }
  transcript_batch((const char *)data, size);
  g_free(a);
  g_free(b);
  return 0;
}
