/* echo/printf pipes and here-strings as a command's standard input. */
#include "core/stdin.h"

#include <stdlib.h>
#include <string.h>

#include "core/cmd.h"

/* The position of the first '|' or "<<<" outside quotes, or -1. */
static long stdin_find(const char *s, const char *tok) {
  char quote = 0;
  size_t tl = strlen(tok);
  for (size_t i = 0; s[i]; i++) {
    char ch = s[i];
    if (quote) {
      if (ch == quote) quote = 0;
      else if (ch == '\\' && quote == '"' && s[i + 1]) i++;
      continue;
    }
    if (ch == '\\' && s[i + 1]) {
      i++;
      continue;
    }
    if (ch == '\'' || ch == '"') quote = ch;
    else if (ch == tok[0] && !strncmp(s + i, tok, tl)) return (long)i;
  }
  return -1;
}

/* echo -e's and printf's escapes */
static void stdin_unescape(GString *out, const char *s) {
  for (; *s; s++) {
    if (*s != '\\' || !s[1]) {
      g_string_append_c(out, *s);
      continue;
    }
    s++;
    switch (*s) {
    case 'n': g_string_append_c(out, '\n'); break;
    case 't': g_string_append_c(out, '\t'); break;
    case 'r': g_string_append_c(out, '\r'); break;
    case '\\': g_string_append_c(out, '\\'); break;
    default: g_string_append_c(out, '\\'); g_string_append_c(out, *s);
    }
  }
}

static bool stdin_echo(nsp_args *a, GString *in) {
  int i = 1;
  bool newline = true, esc = false;
  for (; i < a->n && a->v[i][0] == '-' && strspn(a->v[i] + 1, "neE") == strlen(a->v[i] + 1) &&
         a->v[i][1];
       i++) {
    if (strchr(a->v[i], 'n')) newline = false;
    if (strchr(a->v[i], 'e')) esc = true;
  }
  for (int k = i; k < a->n; k++) {
    if (k > i) g_string_append_c(in, ' ');
    if (esc) stdin_unescape(in, a->v[k]);
    else g_string_append(in, a->v[k]);
  }
  if (newline) g_string_append_c(in, '\n');
  return true;
}

/* One pass of printf's format over args from *next. */
static bool stdin_printf_once(GString *in, const char *fmt, nsp_args *a, int *next, GString *why) {
  GString *lit = g_string_new(NULL);
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      g_string_append_c(lit, *p);
      continue;
    }
    stdin_unescape(in, lit->str);
    g_string_truncate(lit, 0);
    p++;
    if (*p == '%') {
      g_string_append_c(in, '%');
      continue;
    }
    const char *arg = *next < a->n ? a->v[(*next)++] : "";
    if (*p == 's') {
      g_string_append(in, arg);
    } else if (*p == 'd') {
      g_string_append_printf(in, "%ld", strtol(arg, NULL, 10));
    } else {
      g_string_printf(why, "printf conversion %%%c is not modelled", *p ? *p : ' ');
      g_string_free(lit, TRUE);
      return false;
    }
  }
  stdin_unescape(in, lit->str);
  g_string_free(lit, TRUE);
  return true;
}

static bool stdin_printf(nsp_args *a, GString *in, GString *why) {
  if (a->n < 2) {
    g_string_assign(why, "printf without a format");
    return false;
  }
  int next = 2;
  do {
    int before = next;
    if (!stdin_printf_once(in, a->v[1], a, &next, why)) return false;
    if (next == before) break; /* a format without conversions: once */
  } while (next < a->n);
  return true;
}

bool nsp_line_stdin(const char *line, char **cmd, GString *input, GString *why) {
  /* most lines have neither: one strpbrk(), not a scan a character at a time */
  if (!strpbrk(line, "|<")) return false;
  long bar = stdin_find(line, "|"), here = stdin_find(line, "<<<");
  if (bar >= 0 && stdin_find(line + bar + 1, "|") < 0 && line[bar + 1] != '|') {
    char *left = g_strndup(line, (gsize)bar);
    nsp_args a;
    GString *w = g_string_new(NULL);
    bool ok = nsp_args_split(left, &a, w) && a.n > 0;
    g_free(left);
    g_string_free(w, TRUE);
    if (!ok) return false;
    bool done = false;
    if (!strcmp(a.v[0], "echo")) done = stdin_echo(&a, input);
    else if (!strcmp(a.v[0], "printf")) done = stdin_printf(&a, input, why);
    nsp_args_free(&a);
    if (!done) return false;
    *cmd = g_strdup(line + bar + 1);
    return true;
  }
  if (here >= 0 && bar < 0) {
    nsp_args a;
    GString *w = g_string_new(NULL);
    bool ok = nsp_args_split(line + here + 3, &a, w) && a.n == 1;
    g_string_free(w, TRUE);
    if (!ok) {
      if (a.v) nsp_args_free(&a);
      return false;
    }
    g_string_append(input, a.v[0]);
    g_string_append_c(input, '\n');
    nsp_args_free(&a);
    *cmd = g_strndup(line, (gsize)here);
    return true;
  }
  return false;
}
