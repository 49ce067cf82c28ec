#include "core/markdown.h"

#include <string.h>

#include "core/transcript.h"

/* A fenced code block's opening line (CommonMark 0.30, 4.5). */
typedef struct {
  char ch;       /* '`' or '~' */
  size_t len;    /* how many of them */
  size_t indent; /* spaces before them */
  char *lang;    /* first word of the info string, lower case ("" when none) */
} md_fence;

typedef struct {
  gchar **lines; /* the document's lines, without their line ends */
  guint n;
  GPtrArray *steps;
  GRegex *loop;  /* md_loop_delete_all()'s, compiled at the first loop */
} md_doc;

/* Any indentation is taken, not only CommonMark's 0 to 3 spaces: a fence in a
 * list item stands further right.  A backtick fence's info string has no
 * backtick (else the line is inline code).  p is n bytes, not a C string. */
static bool md_fence_at(const char *p, size_t n) {
  size_t i = 0, k;
  while (i < n && p[i] == ' ') i++;
  if (i == n || (p[i] != '`' && p[i] != '~')) return false;
  for (k = i; k < n && p[k] == p[i];) k++;
  return k - i >= 3 && !(p[i] == '`' && memchr(p + k, '`', n - k));
}

static bool md_fence_open(const char *line, md_fence *f) {
  if (!md_fence_at(line, strlen(line))) return false;
  size_t i = strspn(line, " "), n = 0;
  while (line[i + n] == line[i]) n++;
  const char *info = line + i + n;
  info += strspn(info, " \t{."); /* also pandoc's {.bash} */
  *f = (md_fence){.ch = line[i], .len = n, .indent = i};
  f->lang = g_ascii_strdown(info, (gssize)strcspn(info, " \t{},"));
  return true;
}

/* The same character, at least as many, and nothing else on the line. */
static bool md_fence_close(const char *line, const md_fence *f) {
  const char *p = line + strspn(line, " ");
  size_t n = 0;
  while (p[n] == f->ch) n++;
  return n >= f->len && p[n + strspn(p + n, " \t")] == '\0';
}

static bool md_lang_is_shell(const char *lang) {
  static const char *const shells[] = {
      "sh", "bash", "zsh", "ksh", "shell", "console", "terminal",
      "shell-session", "shellsession", "sh-session", "bash-session",
  };
  for (size_t i = 0; i < G_N_ELEMENTS(shells); i++)
    if (strcmp(lang, shells[i]) == 0) return true;
  return false;
}

/* A block's line without the indentation its fence had. */
static const char *md_unindent(const char *line, size_t indent) {
  while (indent-- && *line == ' ') line++;
  return line;
}

static bool md_is_prompt(const char *l) {
  return l[0] == '$' && (l[1] == ' ' || l[1] == '\t' || l[1] == '\0');
}

static void md_rtrim(GString *s) {
  while (s->len && g_ascii_isspace(s->str[s->len - 1])) g_string_truncate(s, s->len - 1);
}

/* The command that starts with body on line i: while it ends in a backslash
 * the next line continues it (without its "> " prompt, in a prompt block).
 * Returns the index of the last line it took. */
static guint md_command_join(const md_doc *d, guint i, guint end, size_t indent, const char *body,
                             GString *cmd) {
  g_string_assign(cmd, body + strspn(body, " \t"));
  md_rtrim(cmd);
  while (cmd->len && cmd->str[cmd->len - 1] == '\\' && i + 1 < end) {
    g_string_truncate(cmd, cmd->len - 1);
    const char *next = md_unindent(d->lines[++i], indent);
    if (next[0] == '>' && next[1] == ' ') next += 2;
    /* blanks around the break separate words: one space says the same */
    gsize before = cmd->len;
    md_rtrim(cmd);
    if (cmd->len < before || g_ascii_isspace(*next)) g_string_append_c(cmd, ' ');
    g_string_append(cmd, next + strspn(next, " \t"));
    md_rtrim(cmd);
  }
  return i;
}

/* `for ns in $(ip netns list | …); do ip netns delete $ns; done`, the loop
 * iproute2 turned into `ip -all netns delete` (ip/ipnetns.c, "ip -all netns
 * delete" deletes every named namespace); ':' separators are a typo nspath
 * forgives here, said in the note. */
static GRegex *md_loop_regex(void) {
  static const char re[] =
      "^for\\s+([A-Za-z_]\\w*)\\s+in\\s+\\$\\(\\s*(?:sudo\\s+)?ip\\s+netns(?:\\s+(?:list|lst|show))?"
      "\\s*(?:\\|[^)]*)?\\)\\s*([;:])\\s*do\\s+(?:sudo\\s+)?ip\\s+netns\\s+d(?:e(?:l(?:e(?:te?)?)?)?)?"
      "\\s+\"?\\$\\{?\\1\\}?\"?\\s*([;:])\\s*done\\s*;?$";
  return g_regex_new(re, 0, 0, NULL);
}

static bool md_loop_delete_all(md_doc *d, nsp_transcript_step *s) {
  if (!g_str_has_prefix(s->command, "for")) return false;
  if (!d->loop) d->loop = md_loop_regex();
  GMatchInfo *m = NULL;
  bool hit = g_regex_match(d->loop, s->command, 0, &m);
  if (hit) {
    char *sep1 = g_match_info_fetch(m, 2), *sep2 = g_match_info_fetch(m, 3);
    bool colon = *sep1 == ':' || *sep2 == ':';
    s->note = g_strdup_printf("a shell loop deleting every namespace, run as "
                              "\"ip --all netns delete\"%s",
                              colon ? " (its ':' taken for ';')" : "");
    g_free(s->command);
    s->command = g_strdup("ip --all netns delete");
    g_free(sep1);
    g_free(sep2);
  }
  g_match_info_free(m);
  return hit;
}

/* A word the reader is meant to replace: [name] or <name>. */
static bool md_is_placeholder(const char *w) {
  size_t n = strlen(w);
  if (n < 3) return false;
  char close = w[0] == '[' ? ']' : w[0] == '<' ? '>' : 0;
  if (!close || w[n - 1] != close) return false;
  for (size_t i = 1; i + 1 < n; i++)
    if (!g_ascii_isalnum(w[i]) && w[i] != '-' && w[i] != '_' && (guchar)w[i] < 0x80) return false;
  return true;
}

/* `bash`, `sudo ip netns exec NS bash`: a shell to type into, which a
 * document shows but nothing can run for the reader. */
static bool md_is_interactive_shell(gchar **w) {
  static const char *const shells[] = {"bash", "sh", "zsh", "dash", "ksh", "fish"};
  guint n = g_strv_length(w);
  while (n && !*w[n - 1]) n--;
  if (!n) return false;
  for (guint i = 0; i < G_N_ELEMENTS(shells); i++)
    if (!strcmp(w[n - 1], shells[i])) return true;
  return false;
}

/* Why a line will not run, found before running it: placeholders, shell
 * compound commands (whose inside nspath never sees), interactive shells. */
static void md_step_classify(md_doc *d, nsp_transcript_step *s) {
  if (md_loop_delete_all(d, s)) return;
  gchar **w = g_strsplit_set(s->command, " \t", -1);
  for (gchar **p = w; *p && !s->skip; p++)
    if (md_is_placeholder(*p)) s->skip = g_strdup_printf("placeholder \"%s\" to fill in", *p);
  if (!s->skip && (!strcmp(w[0], "for") || !strcmp(w[0], "while") || !strcmp(w[0], "until")))
    s->skip = g_strdup_printf("a shell loop (%s … done) is not run", w[0]);
  else if (!s->skip && (!strcmp(w[0], "if") || !strcmp(w[0], "case")))
    s->skip = g_strdup_printf("a shell %s statement is not run", w[0]);
  else if (!s->skip && md_is_interactive_shell(w))
    s->skip = g_strdup("an interactive shell is not run");
  g_strfreev(w);
}

static nsp_transcript_step *md_step_add(md_doc *d, const char *cmd, guint index) {
  nsp_transcript_step *s = nsp_transcript_step_new(cmd, index + 1);
  md_step_classify(d, s);
  g_ptr_array_add(d->steps, s);
  return s;
}

/* Output made of blank lines only is no output shown. */
static void md_step_done(nsp_transcript_step *s) {
  if (!s) return;
  bool blank = true;
  for (guint i = 0; i < s->output->len && blank; i++) {
    const char *l = g_ptr_array_index(s->output, i);
    blank = l[strspn(l, " \t")] == '\0';
  }
  if (blank) g_ptr_array_set_size(s->output, 0);
  s->unshown = s->output->len == 0;
}

static void md_block_prompts(md_doc *d, guint first, guint end, size_t indent) {
  nsp_transcript_step *cur = NULL;
  GString *cmd = g_string_new(NULL);
  for (guint i = first; i < end; i++) {
    const char *l = md_unindent(d->lines[i], indent);
    if (!md_is_prompt(l)) {
      if (cur) g_ptr_array_add(cur->output, g_strdup(l));
      continue;
    }
    md_step_done(cur);
    guint at = i;
    i = md_command_join(d, i, end, indent, l + 1, cmd);
    cur = cmd->len ? md_step_add(d, cmd->str, at) : NULL; /* a bare prompt ends an output */
  }
  md_step_done(cur);
  g_string_free(cmd, TRUE);
}

static void md_block_plain(md_doc *d, guint first, guint end, size_t indent) {
  GString *cmd = g_string_new(NULL);
  for (guint i = first; i < end; i++) {
    guint at = i;
    i = md_command_join(d, i, end, indent, md_unindent(d->lines[i], indent), cmd);
    if (cmd->len && cmd->str[0] != '#') md_step_add(d, cmd->str, at)->unshown = true;
  }
  g_string_free(cmd, TRUE);
}

/* Lines first..end-1 of a fenced block: its commands, if it is a shell's. */
static void md_block(md_doc *d, guint first, guint end, const md_fence *f) {
  bool prompts = false;
  for (guint i = first; i < end && !prompts; i++)
    prompts = md_is_prompt(md_unindent(d->lines[i], f->indent));
  if (f->lang[0] ? !md_lang_is_shell(f->lang) : !prompts) return;
  if (prompts)
    md_block_prompts(d, first, end, f->indent);
  else
    md_block_plain(d, first, end, f->indent);
}

/* The fence is looked for first: a scenario of a million lines has none, and
 * is then not validated here too. */
bool nsp_markdown_detect(const char *text, size_t len) {
  for (const char *p = text, *end = text + len; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (md_fence_at(p, nl ? (size_t)(nl - p) : (size_t)(end - p)))
      return g_utf8_validate(text, (gssize)len, NULL);
    p = nl ? nl + 1 : end;
  }
  return false;
}

GPtrArray *nsp_markdown_parse(const char *text, size_t len) {
  md_doc d = {.steps = nsp_transcript_steps_new()};
  char *copy = g_strndup(text, len);
  d.lines = g_strsplit(copy, "\n", -1);
  d.n = g_strv_length(d.lines);
  for (guint i = 0; i < d.n; i++) {
    size_t n = strlen(d.lines[i]);
    if (n && d.lines[i][n - 1] == '\r') d.lines[i][n - 1] = '\0';
  }
  for (guint i = 0; i < d.n; i++) {
    md_fence f;
    if (!md_fence_open(d.lines[i], &f)) continue;
    guint end = i + 1;
    while (end < d.n && !md_fence_close(d.lines[end], &f)) end++;
    md_block(&d, i + 1, end, &f);
    g_free(f.lang);
    i = end; /* an unclosed block runs to the end of the document */
  }
  g_strfreev(d.lines);
  if (d.loop) g_regex_unref(d.loop);
  g_free(copy);
  return d.steps;
}

void nsp_markdown_run_text(nsp_backend *be, const char *name, const char *text, size_t len,
                           nsp_scenario_result *r) {
  GPtrArray *steps = nsp_markdown_parse(text, len);
  bool was = r->skip_unsupported;
  r->skip_unsupported = true;
  for (guint i = 0; i < steps->len; i++) {
    const nsp_transcript_step *s = g_ptr_array_index(steps, i);
    if (r->stop && *r->stop) {
      r->stopped = true;
      break;
    }
    if (s->skip) {
      g_string_append_printf(r->diag, "%s:%u: skipped: %s\n", name, s->line, s->skip);
      r->skipped++;
      continue;
    }
    if (s->note) g_string_append_printf(r->diag, "%s:%u: note: %s\n", name, s->line, s->note);
    nsp_scenario_run_line(be, name, s->line, s->command, r);
  }
  r->skip_unsupported = was;
  g_ptr_array_free(steps, TRUE);
}
