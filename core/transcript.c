#include "core/transcript.h"

#include <string.h>

#include "core/linediff.h"

static void step_free(gpointer p) {
  nsp_transcript_step *s = p;
  g_free(s->command);
  g_free(s->skip);
  g_free(s->note);
  g_ptr_array_free(s->output, TRUE);
  g_free(s);
}

GPtrArray *nsp_transcript_steps_new(void) { return g_ptr_array_new_with_free_func(step_free); }

nsp_transcript_step *nsp_transcript_step_new(const char *command, unsigned line) {
  nsp_transcript_step *s = g_new0(nsp_transcript_step, 1);
  s->command = g_strdup(command);
  s->line = line;
  s->output = g_ptr_array_new_with_free_func(g_free);
  return s;
}

GPtrArray *nsp_transcript_parse(const char *text) {
  GPtrArray *steps = nsp_transcript_steps_new();
  gchar **lines = g_strsplit(text, "\n", -1);
  guint n = g_strv_length(lines);
  if (n && !lines[n - 1][0]) n--; /* the final newline */
  nsp_transcript_step *cur = NULL;
  for (guint i = 0; i < n; i++) {
    if (g_str_has_prefix(lines[i], "$ ") || strcmp(lines[i], "$") == 0) {
      cur = nsp_transcript_step_new(lines[i][1] ? lines[i] + 2 : "", i + 1);
      g_ptr_array_add(steps, cur);
    } else if (cur) {
      g_ptr_array_add(cur->output, g_strdup(lines[i]));
    }
  }
  g_strfreev(lines);
  return steps;
}

/* nsp_transcript_normalize_line(): core/normalize.c */

/* Normalized lines compared by core/linediff.c; the output shows them as written. */
bool nsp_transcript_diff(GPtrArray *want, GPtrArray *got, GString *out) {
  guint n = want->len, m = got->len;
  char **a = g_new0(char *, n + 1), **b = g_new0(char *, m + 1);
  for (guint i = 0; i < n; i++) a[i] = nsp_transcript_normalize_line(g_ptr_array_index(want, i));
  for (guint j = 0; j < m; j++) b[j] = nsp_transcript_normalize_line(g_ptr_array_index(got, j));
  GArray *ops = nsp_diff_lines(a, n, b, m);
  bool differ = nsp_diff_differs(ops);
  for (guint k = 0; differ && k < ops->len; k++) {
    const nsp_diff_op *op = &g_array_index(ops, nsp_diff_op, k);
    if (op->kind == NSP_DIFF_ADD)
      g_string_append_printf(out, "+%s\n", (char *)g_ptr_array_index(got, op->b));
    else
      g_string_append_printf(out, "%c%s\n", op->kind == NSP_DIFF_SAME ? ' ' : '-',
                             (char *)g_ptr_array_index(want, op->a));
  }
  g_array_free(ops, TRUE);
  g_strfreev(a);
  g_strfreev(b);
  return differ;
}
