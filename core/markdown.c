#include "core/markdown.h"

#include <cmark.h>
#include <string.h>

#include "core/transcript.h"

/* One code block as cmark read it: its lines without the indentation and
 * container markers (block quote ">", list item indentation) around them. */
typedef struct {
  gchar **lines;
  guint n;
  unsigned first; /* the document's line number of lines[0] */
  bool fenced;
  char *lang;     /* a fenced block's language, lower case ("" when none) */
} md_block;

typedef struct {
  GPtrArray *steps;
  GRegex *loop;  /* md_loop_delete_all()'s, compiled at the first loop */
} md_doc;

static bool md_lang_is_shell(const char *lang) {
  static const char *const shells[] = {
      "sh", "bash", "zsh", "ksh", "shell", "console", "terminal",
      "shell-session", "shellsession", "sh-session", "bash-session",
  };
  for (size_t i = 0; i < G_N_ELEMENTS(shells); i++)
    if (strcmp(lang, shells[i]) == 0) return true;
  return false;
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
static guint md_command_join(const md_block *b, guint i, const char *body, GString *cmd) {
  g_string_assign(cmd, body + strspn(body, " \t"));
  md_rtrim(cmd);
  while (cmd->len && cmd->str[cmd->len - 1] == '\\' && i + 1 < b->n) {
    g_string_truncate(cmd, cmd->len - 1);
    const char *next = b->lines[++i];
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

static nsp_transcript_step *md_step_add(md_doc *d, const char *cmd, unsigned line) {
  nsp_transcript_step *s = nsp_transcript_step_new(cmd, line);
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

static void md_block_prompts(md_doc *d, const md_block *b) {
  nsp_transcript_step *cur = NULL;
  GString *cmd = g_string_new(NULL);
  for (guint i = 0; i < b->n; i++) {
    const char *l = b->lines[i];
    if (!md_is_prompt(l)) {
      if (cur) g_ptr_array_add(cur->output, g_strdup(l));
      continue;
    }
    md_step_done(cur);
    guint at = i;
    i = md_command_join(b, i, l + 1, cmd);
    cur = cmd->len ? md_step_add(d, cmd->str, b->first + at) : NULL; /* a bare prompt ends an output */
  }
  md_step_done(cur);
  g_string_free(cmd, TRUE);
}

static void md_block_plain(md_doc *d, const md_block *b) {
  GString *cmd = g_string_new(NULL);
  for (guint i = 0; i < b->n; i++) {
    guint at = i;
    i = md_command_join(b, i, b->lines[i], cmd);
    if (cmd->len && cmd->str[0] != '#') md_step_add(d, cmd->str, b->first + at)->unshown = true;
  }
  g_string_free(cmd, TRUE);
}

static bool md_block_has_prompt(const md_block *b) {
  for (guint i = 0; i < b->n; i++)
    if (md_is_prompt(b->lines[i])) return true;
  return false;
}

/* A block's commands, if it is a shell's: a fenced block whose language is
 * a shell's, or any block without a language that holds a "$ " prompt (an
 * indented block has none). */
static void md_block_read(const md_block *b, void *data) {
  md_doc *d = data;
  bool prompts = md_block_has_prompt(b);
  if (b->lang[0] ? !md_lang_is_shell(b->lang) : !prompts) return;
  if (prompts)
    md_block_prompts(d, b);
  else
    md_block_plain(d, b);
}

/* ---- the code blocks of a document, through cmark ------------------------------ */

/* The first word of an info string, lower case: "bash" from "bash", "{.bash
 * .numberLines}" (pandoc), "shell:setup.sh" (Qiita), "bash {linenos=true}". */
static char *md_info_lang(const char *info) {
  info += strspn(info, " \t{.");
  return g_ascii_strdown(info, (gssize)strcspn(info, " \t{},:=?"));
}

static bool md_line_blank(const char *l) { return l[strspn(l, " \t>")] == '\0'; }

/* cmark does not say whether a code block was fenced or indented, and its
 * first line (source position) is the fence in one case and the first line
 * of code in the other.  The source (src: its lines, trailing blanks cut)
 * says: a fenced block starts with ``` or
 * ~~~ at that position; an indented block starting with such a line is the
 * one whose lines are, from that line on, the block's lines (each ends the
 * source line, which also carries the indentation and container markers)
 * followed by blank lines only, up to its last line. */
static bool md_block_fenced(gchar **src, guint nsrc, cmark_node *node, const md_block *b) {
  guint start = (guint)cmark_node_get_start_line(node) - 1;
  guint end = (guint)cmark_node_get_end_line(node) - 1;
  size_t col = (size_t)cmark_node_get_start_column(node) - 1;
  if (start >= nsrc || col >= strlen(src[start])) return false;
  const char *f = src[start] + col;
  if ((f[0] != '`' && f[0] != '~') || f[1] != f[0] || f[2] != f[0]) return false;
  bool indented = start + b->n <= nsrc;
  for (guint i = 0; i < b->n && indented; i++) {
    char *l = g_strchomp(g_strdup(b->lines[i]));
    indented = g_str_has_suffix(src[start + i], l);
    g_free(l);
  }
  for (guint k = start + b->n; k <= end && k < nsrc && indented; k++) indented = md_line_blank(src[k]);
  return !indented;
}

/* The lines of a code block's literal (each ends with "\n"). */
static gchar **md_literal_lines(const char *lit, guint *n) {
  gchar **lines = g_strsplit(lit ? lit : "", "\n", -1);
  guint k = g_strv_length(lines);
  if (k && !lines[k - 1][0]) g_free(lines[--k]), lines[k] = NULL;
  *n = k;
  return lines;
}

/* Calls each(block, data) for every code block of a UTF-8 document, in
 * order, wherever it stands (block quotes, list items); HTML blocks and
 * what they hold are not code blocks. */
static void md_blocks_each(const char *text, size_t len, void (*each)(const md_block *, void *),
                           void *data) {
  cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
  char *copy = g_strndup(text, len);
  gchar **src = g_strsplit(copy, "\n", -1);
  guint nsrc = g_strv_length(src);
  for (guint i = 0; i < nsrc; i++) g_strchomp(src[i]); /* "\r" too */
  cmark_iter *it = cmark_iter_new(doc);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node *node = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_CODE_BLOCK) continue;
    md_block b = {0};
    b.lines = md_literal_lines(cmark_node_get_literal(node), &b.n);
    b.fenced = md_block_fenced(src, nsrc, node, &b);
    b.first = (unsigned)cmark_node_get_start_line(node) + (b.fenced ? 1 : 0);
    b.lang = b.fenced ? md_info_lang(cmark_node_get_fence_info(node)) : g_strdup("");
    each(&b, data);
    g_strfreev(b.lines);
    g_free(b.lang);
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
  g_strfreev(src);
  g_free(copy);
}

static void md_block_detect(const md_block *b, void *data) {
  bool *found = data;
  if (b->fenced || md_block_has_prompt(b)) *found = true;
}

bool nsp_markdown_detect(const char *text, size_t len) {
  if (!g_utf8_validate(text, (gssize)len, NULL)) return false;
  bool found = false;
  md_blocks_each(text, len, md_block_detect, &found);
  return found;
}

GPtrArray *nsp_markdown_parse(const char *text, size_t len) {
  md_doc d = {.steps = nsp_transcript_steps_new()};
  md_blocks_each(text, len, md_block_read, &d);
  if (d.loop) g_regex_unref(d.loop);
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
