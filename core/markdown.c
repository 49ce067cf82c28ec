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

/* The document's lines, found in place: line i is text[start[i]..end[i]),
 * its trailing blanks (and "\r") left out. */
typedef struct {
  const char *text;
  GArray *start, *end; /* size_t */
} md_src;

static void md_src_init(md_src *src, const char *text, size_t len) {
  src->text = text;
  src->start = g_array_new(FALSE, FALSE, sizeof(size_t));
  src->end = g_array_new(FALSE, FALSE, sizeof(size_t));
  for (size_t i = 0; i <= len;) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - text) : len, next = e + 1;
    g_array_append_val(src->start, i);
    while (e > i && g_ascii_isspace(text[e - 1])) e--;
    g_array_append_val(src->end, e);
    i = next;
  }
}

static void md_src_clear(md_src *src) {
  g_array_free(src->start, TRUE);
  g_array_free(src->end, TRUE);
}

static bool md_src_blank(const md_src *src, guint i) {
  for (size_t k = g_array_index(src->start, size_t, i); k < g_array_index(src->end, size_t, i); k++)
    if (src->text[k] != ' ' && src->text[k] != '\t' && src->text[k] != '>') return false;
  return true;
}

/* Whether source line i ends with l (trailing blanks aside). */
static bool md_src_ends_with(const md_src *src, guint i, const char *l) {
  size_t n = strlen(l);
  while (n && g_ascii_isspace(l[n - 1])) n--;
  size_t s = g_array_index(src->start, size_t, i), e = g_array_index(src->end, size_t, i);
  return e - s >= n && memcmp(src->text + e - n, l, n) == 0;
}

/* cmark does not say whether a code block was fenced or indented, and its
 * first line (source position) is the fence in one case and the first line
 * of code in the other.  The source says: a fenced block starts with ```
 * or ~~~ at that position; an indented block starting with such a line (a
 * fence indented too far) is the one whose lines are, from that line on,
 * the block's lines (each ends the source line, which also carries the
 * indentation and container markers) followed by blank lines only, up to
 * its last line. */
static bool md_block_fenced(const md_src *src, cmark_node *node, const md_block *b) {
  guint nsrc = src->start->len;
  guint start = (guint)cmark_node_get_start_line(node) - 1;
  guint end = (guint)cmark_node_get_end_line(node) - 1;
  if (start >= nsrc) return false;
  size_t at = g_array_index(src->start, size_t, start) + (size_t)cmark_node_get_start_column(node) - 1;
  if (at + 3 > g_array_index(src->end, size_t, start)) return false;
  const char *f = src->text + at;
  if ((f[0] != '`' && f[0] != '~') || f[1] != f[0] || f[2] != f[0]) return false;
  bool indented = start + b->n <= nsrc;
  for (guint i = 0; i < b->n && indented; i++) indented = md_src_ends_with(src, start + i, b->lines[i]);
  for (guint k = start + b->n; k <= end && k < nsrc && indented; k++) indented = md_src_blank(src, k);
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

static void md_block_each(const md_src *src, cmark_node *node,
                          void (*each)(const md_block *, void *), void *data) {
  md_block b = {0};
  b.lines = md_literal_lines(cmark_node_get_literal(node), &b.n);
  b.fenced = md_block_fenced(src, node, &b);
  b.first = (unsigned)cmark_node_get_start_line(node) + (b.fenced ? 1 : 0);
  b.lang = b.fenced ? md_info_lang(cmark_node_get_fence_info(node)) : g_strdup("");
  each(&b, data);
  g_strfreev(b.lines);
  g_free(b.lang);
}

/* The code blocks among node's children, and in the containers among them
 * (block quotes, lists, list items): paragraphs and headings hold none. */
static void md_blocks_under(const md_src *src, cmark_node *node,
                            void (*each)(const md_block *, void *), void *data) {
  for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_CODE_BLOCK: md_block_each(src, c, each, data); break;
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_CUSTOM_BLOCK: md_blocks_under(src, c, each, data); break;
    default: break;
    }
  }
}

/* Calls each(block, data) for every code block of a UTF-8 document, in
 * order, wherever it stands (block quotes, list items); HTML blocks and
 * what they hold are not code blocks. */
static void md_blocks_each(const char *text, size_t len, void (*each)(const md_block *, void *),
                           void *data) {
  cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
  md_src src;
  md_src_init(&src, text, len);
  md_blocks_under(&src, doc, each, data);
  md_src_clear(&src);
  cmark_node_free(doc);
}

/* Both at once: the steps, and whether the document is Markdown at all. */
typedef struct {
  md_doc doc;
  bool markdown;
} md_read;

static void md_block_take(const md_block *b, void *data) {
  md_read *r = data;
  if (b->fenced || md_block_has_prompt(b)) r->markdown = true;
  md_block_read(b, &r->doc);
}

/* Whether text may hold a code block that makes it Markdown, found without
 * parsing it: a fence (``` or ~~~ anywhere: in a list item it follows the
 * item's marker), or a "$" after an indentation of a tab or four spaces
 * among container markers (block quote ">", list items).  A scenario of a
 * million lines has neither and is not parsed as Markdown at all. */
static bool md_has_three(const char *text, size_t len, char ch) {
  /* memchr() skips a line a few bytes at a time; glibc's memmem() of a
   * 3-byte needle costs about 5 instructions a byte (a scenario file of
   * 100,000 namespaces is 40 MB) */
  for (const char *p = text, *end = text + len; (p = memchr(p, ch, (size_t)(end - p)));) {
    if (end - p >= 3 && p[1] == ch && p[2] == ch) return true;
    p++;
  }
  return false;
}

static bool md_may_have_code(const char *text, size_t len) {
  if (md_has_three(text, len, '`') || md_has_three(text, len, '~')) return true;
  for (const char *p = text, *end = text + len; p < end;) {
    unsigned spaces = 0;
    bool tab = false;
    while (p < end && strchr(" \t>*+-.)0123456789", *p) && *p) {
      if (*p == ' ') spaces++;
      tab |= *p == '\t';
      p++;
    }
    if (p < end && *p == '$' && (tab || spaces >= 4)) return true;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
  }
  return false;
}

GPtrArray *nsp_markdown_steps(const char *text, size_t len) {
  if (!md_may_have_code(text, len) || !g_utf8_validate(text, (gssize)len, NULL)) return NULL;
  md_read r = {.doc = {.steps = nsp_transcript_steps_new()}};
  md_blocks_each(text, len, md_block_take, &r);
  if (r.doc.loop) g_regex_unref(r.doc.loop);
  if (!r.markdown) g_clear_pointer(&r.doc.steps, g_ptr_array_unref);
  return r.doc.steps;
}

bool nsp_markdown_detect(const char *text, size_t len) {
  GPtrArray *steps = nsp_markdown_steps(text, len);
  if (steps) g_ptr_array_unref(steps);
  return steps != NULL;
}

GPtrArray *nsp_markdown_parse(const char *text, size_t len) {
  md_doc d = {.steps = nsp_transcript_steps_new()};
  md_blocks_each(text, len, md_block_read, &d);
  if (d.loop) g_regex_unref(d.loop);
  return d.steps;
}

void nsp_markdown_run_steps(nsp_backend *be, const char *name, GPtrArray *steps,
                            nsp_scenario_result *r) {
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
}

void nsp_markdown_run_text(nsp_backend *be, const char *name, const char *text, size_t len,
                           nsp_scenario_result *r) {
  GPtrArray *steps = nsp_markdown_parse(text, len);
  nsp_markdown_run_steps(be, name, steps, r);
  g_ptr_array_free(steps, TRUE);
}
