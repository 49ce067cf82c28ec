/* The command line's texts (cli/cmdline.h) for a terminal and for roff.
 * A text is paragraphs separated by blank lines; a paragraph whose lines
 * all start with two spaces (an example) keeps its lines as they are. */
#include <string.h>

#include "cli/cmdline.h"

static bool text_is_verbatim(const char *para) {
  gchar **lines = g_strsplit(para, "\n", -1);
  bool all = lines[0] != NULL;
  for (gchar **l = lines; *l && all; l++) all = g_str_has_prefix(*l, "  ");
  g_strfreev(lines);
  return all;
}

/* Calls each(paragraph, verbatim, data) for the paragraphs of text. */
static void text_paragraphs(const char *text, void (*each)(const char *, bool, void *), void *data) {
  gchar **paras = g_strsplit(text, "\n\n", -1);
  for (gchar **p = paras; *p; p++) {
    const char *para = g_strchomp(*p);
    while (*para == '\n') para++;
    if (*para) each(para, text_is_verbatim(para), data);
  }
  g_strfreev(paras);
}

typedef struct {
  GString *out;
  unsigned indent, width;
} wrap_ctx;

static void wrap_paragraph(const char *para, bool verbatim, void *data) {
  wrap_ctx *w = data;
  GString *out = w->out;
  if (out->len) g_string_append_c(out, '\n');
  if (verbatim) {
    gchar **lines = g_strsplit(para, "\n", -1);
    for (gchar **l = lines; *l; l++) g_string_append_printf(out, "%*s%s\n", (int)w->indent, "", *l);
    g_strfreev(lines);
    return;
  }
  gchar **words = g_strsplit_set(para, " \n", -1);
  unsigned col = 0;
  for (gchar **wd = words; *wd; wd++) {
    unsigned n = (unsigned)strlen(*wd);
    if (!n) continue;
    if (col && col + 1 + n > w->width) {
      g_string_append_c(out, '\n');
      col = 0;
    }
    if (!col) col = (unsigned)(g_string_append_printf(out, "%*s", (int)w->indent, ""), w->indent);
    else g_string_append_c(out, ' '), col++;
    g_string_append(out, *wd);
    col += n;
  }
  g_string_append_c(out, '\n');
  g_strfreev(words);
}

void nsp_cli_text_wrap(GString *out, const char *text, unsigned indent, unsigned width) {
  GString *tmp = g_string_new(NULL);
  wrap_ctx w = {tmp, indent, width};
  text_paragraphs(text, wrap_paragraph, &w);
  g_string_append_len(out, tmp->str, (gssize)tmp->len);
  g_string_free(tmp, TRUE);
}

/* Hyphens are minus signs (options, command lines: what is typed), quotes
 * stay ASCII, a backslash is printed, and a line of out never starts with a
 * control character (a request). */
void nsp_cli_roff_escape(GString *out, const char *s) {
  for (const char *p = s; *p; p++) {
    if (*p == '.' && (!out->len || out->str[out->len - 1] == '\n')) g_string_append(out, "\\&");
    switch (*p) {
    case '\\': g_string_append(out, "\\e"); break;
    case '-': g_string_append(out, "\\-"); break;
    case '\'': g_string_append(out, "\\(aq"); break;
    case '`': g_string_append(out, "\\(ga"); break;
    case '~': g_string_append(out, "\\(ti"); break;
    case '^': g_string_append(out, "\\(ha"); break;
    default: g_string_append_c(out, *p);
    }
  }
}

static void roff_paragraph(const char *para, bool verbatim, void *data) {
  GString *out = data;
  if (verbatim) {
    g_string_append(out, ".PP\n.RS 4\n.nf\n");
    gchar **lines = g_strsplit(para, "\n", -1);
    for (gchar **l = lines; *l; l++) {
      nsp_cli_roff_escape(out, *l + 2);
      g_string_append_c(out, '\n');
    }
    g_strfreev(lines);
    g_string_append(out, ".fi\n.RE\n");
    return;
  }
  /* one input line a sentence's worth is not needed: roff fills */
  char *flat = g_strdelimit(g_strdup(para), "\n", ' ');
  g_string_append(out, ".PP\n");
  nsp_cli_roff_escape(out, flat);
  g_string_append_c(out, '\n');
  g_free(flat);
}

void nsp_cli_text_roff(GString *out, const char *text) {
  text_paragraphs(text, roff_paragraph, out);
}
