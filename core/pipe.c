/* grep, head and tail at the end of a pipe (core/pipe.h). */
#include "core/pipe.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

typedef enum { FILTER_GREP, FILTER_HEAD, FILTER_TAIL } filter_kind;

struct nsp_filter {
  filter_kind kind;
  /* grep */
  regex_t re;
  bool compiled, invert, count, only, word;
  /* head/tail: -n N (head -n -N: all but the last N; tail -n +N: from line N) */
  long n;
  bool from_start;
};

static const char grep_usage[] =
    "Usage: grep [OPTION]... PATTERNS [FILE]...\n"
    "Try 'grep --help' for more information.\n";

static bool grep_opt(nsp_filter *f, char ch, int *cflags) {
  switch (ch) {
  case 'i': *cflags |= REG_ICASE; return true;
  case 'E': *cflags |= REG_EXTENDED; return true;
  case 'G': *cflags &= ~REG_EXTENDED; return true;
  case 'v': f->invert = true; return true;
  case 'c': f->count = true; return true;
  case 'o': f->only = true; return true;
  case 'w': f->word = true; return true;
  default: return false;
  }
}

/* grep's own options, as getopt_long() reads them: flags may be grouped
 * ("-iv"), -e takes the pattern (joined or next), the first other word is
 * the pattern and a second one a file, which nspath does not read. */
static nsp_filter *grep_new(int argc, char **argv, GString *err, int *status, GString *why) {
  nsp_filter *f = g_new0(nsp_filter, 1);
  f->kind = FILTER_GREP;
  int cflags = 0;
  const char *pattern = NULL;
  bool only_args = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!only_args && !strcmp(a, "--")) {
      only_args = true;
    } else if (!only_args && a[0] == '-' && a[1] == '-') {
      g_string_printf(why, "grep option \"%s\" is not modelled", a);
      goto refuse;
    } else if (!only_args && a[0] == '-' && a[1]) {
      for (const char *p = a + 1; *p; p++) {
        if (*p == 'e') {
          const char *arg = p[1] ? p + 1 : i + 1 < argc ? argv[++i] : NULL;
          if (!arg) {
            g_string_append_printf(err, "grep: option requires an argument -- 'e'\n%s", grep_usage);
            goto fail;
          }
          pattern = arg;
          break;
        }
        if (grep_opt(f, *p, &cflags)) continue;
        if (strchr("ABCDFPHLRTUVZabdfhlmnqrsuxyz", *p)) {
          g_string_printf(why, "grep -%c is not modelled", *p);
          goto refuse;
        }
        g_string_append_printf(err, "grep: invalid option -- '%c'\n%s", *p, grep_usage);
        goto fail;
      }
    } else if (!pattern) {
      pattern = a;
    } else {
      g_string_printf(why, "grep reads a file (\"%s\"), not the pipe", a);
      goto refuse;
    }
  }
  if (!pattern) {
    g_string_append(err, grep_usage);
    goto fail;
  }
  if (strchr(pattern, '\n')) {
    g_string_printf(why, "grep with several patterns is not modelled");
    goto refuse;
  }
  int rc = regcomp(&f->re, pattern, cflags);
  if (rc) {
    char msg[128];
    regerror(rc, &f->re, msg, sizeof msg);
    g_string_append_printf(err, "grep: %s\n", msg);
    goto fail;
  }
  f->compiled = true;
  return f;
fail:
  *status = 2;
  g_free(f);
  return NULL;
refuse:
  *status = -1;
  g_free(f);
  return NULL;
}

/* coreutils' "-n N", "-nN", "-N" (head -n -N, tail -n +N); false: the
 * argument is no number (*status 1, its message in err). */
static nsp_filter *headtail_new(filter_kind kind, int argc, char **argv, GString *err,
                                int *status, GString *why) {
  const char *prog = kind == FILTER_HEAD ? "head" : "tail";
  const char *num = "10";
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-n") && i + 1 < argc) num = argv[++i];
    else if (!strncmp(a, "-n", 2) && a[2]) num = a + 2;
    else if (a[0] == '-' && g_ascii_isdigit(a[1])) num = a + 1;
    else {
      g_string_printf(why, "%s argument \"%s\" is not modelled", prog, a);
      *status = -1;
      return NULL;
    }
  }
  nsp_filter *f = g_new0(nsp_filter, 1);
  f->kind = kind;
  const char *digits = num;
  if (*digits == '+' || *digits == '-') digits++;
  char *end;
  f->n = strtol(digits, &end, 10);
  if (!*digits || *end || !g_ascii_isdigit(*digits)) {
    g_string_append_printf(err, "%s: invalid number of lines: \u2018%s\u2019\n", prog, num);
    *status = 1;
    g_free(f);
    return NULL;
  }
  /* head: the first N lines, or with -N all but the last N; tail: the last
   * N lines, or with +N those from line N on */
  f->from_start = kind == FILTER_HEAD ? num[0] != '-' : num[0] == '+';
  return f;
}

nsp_filter *nsp_filter_new(int argc, char **argv, GString *err, int *status, GString *why) {
  const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  if (!strcmp(base, "grep")) return grep_new(argc, argv, err, status, why);
  if (!strcmp(base, "egrep")) {
    g_string_printf(why, "egrep is obsolescent; grep -E is run");
    *status = -1;
    return NULL;
  }
  if (!strcmp(base, "head")) return headtail_new(FILTER_HEAD, argc, argv, err, status, why);
  if (!strcmp(base, "tail")) return headtail_new(FILTER_TAIL, argc, argv, err, status, why);
  g_string_printf(why, "a pipe into \"%s\" (nspath runs grep, head and tail there)", argv[0]);
  *status = -1;
  return NULL;
}

static bool grep_word_char(char c) { return g_ascii_isalnum(c) || c == '_'; }

/* The next match in line from *from (a whole word with -w: the characters
 * around it are no letters, digits or underscores); false when none. */
static bool grep_next(nsp_filter *f, const char *line, size_t *from, regmatch_t *m) {
  size_t len = strlen(line);
  while (*from <= len) {
    regmatch_t mm[1];
    int eflags = *from ? REG_NOTBOL : 0;
    if (regexec(&f->re, line + *from, 1, mm, eflags) != 0) return false;
    size_t so = *from + (size_t)mm[0].rm_so, eo = *from + (size_t)mm[0].rm_eo;
    bool ok = !f->word || ((so == 0 || !grep_word_char(line[so - 1])) &&
                           (eo == len || !grep_word_char(line[eo])) && eo > so);
    if (ok) {
      m->rm_so = (regoff_t)so;
      m->rm_eo = (regoff_t)eo;
      *from = eo > so ? eo : eo + 1;
      return true;
    }
    *from = so + 1;
  }
  return false;
}

static void grep_apply(nsp_filter *f, char **lines, guint n, GString *out, int *status) {
  long count = 0;
  for (guint i = 0; i < n; i++) {
    size_t from = 0;
    regmatch_t m;
    bool hit = grep_next(f, lines[i], &from, &m);
    if (hit == f->invert) continue;
    count++;
    if (f->count) continue;
    if (!f->only) {
      g_string_append_printf(out, "%s\n", lines[i]);
      continue;
    }
    /* -o: each non-empty match on a line of its own (-v -o prints nothing) */
    for (bool more = hit && !f->invert; more; more = grep_next(f, lines[i], &from, &m))
      if (m.rm_eo > m.rm_so)
        g_string_append_printf(out, "%.*s\n", (int)(m.rm_eo - m.rm_so), lines[i] + m.rm_so);
  }
  if (f->count) g_string_append_printf(out, "%ld\n", count);
  *status = count ? 0 : 1;
}

void nsp_filter_apply(nsp_filter *f, const char *text, GString *out, int *status) {
  gchar **lines = g_strsplit(text, "\n", -1);
  guint n = g_strv_length(lines);
  if (n && !lines[n - 1][0]) n--; /* the final newline */
  *status = 0;
  if (f->kind == FILTER_GREP) {
    grep_apply(f, lines, n, out, status);
  } else {
    guint first = 0, last = n; /* [first, last) */
    guint k = (guint)MIN((long)n, f->n);
    if (f->kind == FILTER_HEAD) last = f->from_start ? k : n - k;
    else if (f->from_start) first = f->n ? (guint)MIN((long)n, f->n - 1) : 0;
    else first = n - k;
    for (guint i = first; i < last; i++) g_string_append_printf(out, "%s\n", lines[i]);
  }
  g_strfreev(lines);
}

void nsp_filter_free(nsp_filter *f) {
  if (!f) return;
  if (f->compiled) regfree(&f->re);
  g_free(f);
}
