#include "core/scenario.h"
#include "core/stdin.h"

#include <string.h>

#include "core/cmd.h"
#include "core/fileio.h"
#include "core/markdown.h"

/* Virtual time a command takes before it acts: a `sudo ip netns exec …`
 * line took 9 ms on average on the kernel here (tests/scenarios/README.md:
 * 23 commands in 0.2 s, 45 in 0.4 s), and timers must fire between
 * commands as they would there. */
#define NSP_CMD_COST_NS (9ULL * 1000000ULL)

void nsp_scenario_result_init(nsp_scenario_result *r) {
  r->transcript = g_string_new(NULL);
  r->diag = g_string_new(NULL);
  r->commands = r->unsupported = r->skipped = 0;
  r->lines = g_array_new(FALSE, FALSE, sizeof(unsigned));
  r->skip_unsupported = false;
  r->status = 0;
  r->stop = NULL;
  r->pace_ns = NSP_CMD_COST_NS;
  r->stopped = false;
  r->line_done = NULL;
  r->line_ctx = NULL;
}

void nsp_scenario_result_clear(nsp_scenario_result *r) {
  g_string_free(r->transcript, TRUE);
  g_string_free(r->diag, TRUE);
  g_array_free(r->lines, TRUE);
  r->transcript = r->diag = NULL;
  r->lines = NULL;
}

static void scenario_diag(nsp_scenario_result *r, const char *name, unsigned line,
                          const char *why) {
  g_string_append_printf(r->diag, "%s:%u: %s%s\n", name, line,
                         r->skip_unsupported ? "skipped: " : "", why);
  if (r->skip_unsupported) r->skipped++;
  else r->unsupported++;
}

/* Skips blanks and an optional "$ " prompt. */
static const char *scenario_line_body(const char *line) {
  while (*line == ' ' || *line == '\t') line++;
  if (line[0] == '$' && (line[1] == ' ' || line[1] == '\0')) line += line[1] ? 2 : 1;
  while (*line == ' ' || *line == '\t') line++;
  return line;
}

static nsp_line_result scenario_line_run(nsp_backend *be, const char *name, unsigned lineno,
                                         const char *body, nsp_scenario_result *r) {
  nsp_args a;
  GString *why = g_string_new(NULL);
  gsize start = r->transcript->len;
  g_string_append_printf(r->transcript, "$ %s\n", body);
  r->commands++;
  g_array_append_val(r->lines, lineno);
  nsp_scenario_line l = {.lineno = lineno, .command = body, .out_start = r->transcript->len};
  nsp_line_result res = NSP_LINE_UNSUPPORTED;
  /* `echo … | CMD`, `printf … | CMD`, `CMD <<< WORD`: CMD with that input */
  char *cmd = NULL;
  GString *input = g_string_new(NULL);
  bool piped = nsp_line_stdin(body, &cmd, input, why);
  if (why->len == 0 && nsp_args_split(piped ? cmd : body, &a, why)) {
    if (r->pace_ns) be->ops->clock_advance(be, r->pace_ns);
    nsp_cmd_ctx c = {.be = be, .out = r->transcript, .ns = NULL, .status = 0, .why = why,
                     .in = piped ? input->str : NULL, .in_len = piped ? input->len : 0,
                     .stop = r->stop};
    res = nsp_cmd_run(&c, a.n, a.v);
    r->status = l.status = c.status;
    nsp_args_free(&a);
  }
  g_free(cmd);
  g_string_free(input, TRUE);
  l.unsupported = res == NSP_LINE_UNSUPPORTED;
  if (l.unsupported) {
    scenario_diag(r, name, lineno, why->str);
    /* a skipped line is no command of the transcript */
    if (r->skip_unsupported) {
      g_string_truncate(r->transcript, start);
      r->commands--;
      g_array_set_size(r->lines, r->lines->len - 1);
      g_string_free(why, TRUE);
      return res;
    }
  }
  if (r->line_done) r->line_done(r->line_ctx, r, &l);
  g_string_free(why, TRUE);
  return res;
}

bool nsp_scenario_run_line(nsp_backend *be, const char *name, unsigned lineno, const char *line,
                           nsp_scenario_result *r) {
  size_t n = strlen(line);
  if (!g_utf8_validate(line, (gssize)n, NULL)) {
    scenario_diag(r, name, lineno, "not a line of text (binary data)");
    return false;
  }
  if (n > NSP_LINE_MAX) {
    char why[96];
    g_snprintf(why, sizeof why, "line too long (%zu characters, at most %d)", n, NSP_LINE_MAX);
    scenario_diag(r, name, lineno, why);
    return false;
  }
  char *copy = g_strchomp(g_strdup(line));
  const char *body = scenario_line_body(copy);
  nsp_line_result res = NSP_LINE_SKIPPED;
  if (*body && *body != '#') res = scenario_line_run(be, name, lineno, body, r);
  g_free(copy);
  return res != NSP_LINE_UNSUPPORTED;
}

void nsp_scenario_run_text(nsp_backend *be, const char *name, const char *text, size_t len,
                           nsp_scenario_result *r) {
  GPtrArray *steps = nsp_markdown_steps(text, len);
  if (steps) {
    nsp_markdown_run_steps(be, name, steps, r);
    g_ptr_array_free(steps, TRUE);
    return;
  }
  const char *p = text, *end = text + len;
  for (unsigned lineno = 1; p < end; lineno++) {
    if (r->stop && *r->stop) {
      r->stopped = true;
      return;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r') n--;
    if (memchr(p, '\0', n) || (n > NSP_LINE_MAX && !g_utf8_validate(p, (gssize)n, NULL))) {
      scenario_diag(r, name, lineno, "not a line of text (binary data)");
    } else if (n > NSP_LINE_MAX) { /* said without copying it: a line may be 100 MB */
      char why[96];
      g_snprintf(why, sizeof why, "line too long (%zu characters, at most %d)", n, NSP_LINE_MAX);
      scenario_diag(r, name, lineno, why);
    } else {
      char *line = g_strndup(p, n);
      nsp_scenario_run_line(be, name, lineno, line, r);
      g_free(line);
    }
    p = nl ? nl + 1 : end;
  }
}

bool nsp_scenario_run_file(nsp_backend *be, const char *path, nsp_scenario_result *r,
                           GError **err) {
  gchar *text;
  gsize len;
  if (!nsp_file_read(path, NSP_FILE_MAX, &text, &len, err)) return false;
  nsp_scenario_run_text(be, path, text, len, r);
  g_free(text);
  return true;
}
