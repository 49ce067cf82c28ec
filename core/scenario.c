#include "core/scenario.h"

#include <string.h>

#include "core/cmd.h"

/* Virtual time a command takes before it acts: a `sudo ip netns exec …`
 * line took 9 ms on average on the kernel here (tests/scenarios/README.md:
 * 23 commands in 0.2 s, 45 in 0.4 s), and timers must fire between
 * commands as they would there. */
#define NSP_CMD_COST_NS (9ULL * 1000000ULL)

void nsp_scenario_result_init(nsp_scenario_result *r) {
  r->transcript = g_string_new(NULL);
  r->diag = g_string_new(NULL);
  r->commands = r->unsupported = 0;
  r->stop = NULL;
  r->pace_ns = NSP_CMD_COST_NS;
  r->stopped = false;
  r->line_done = NULL;
  r->line_ctx = NULL;
}

void nsp_scenario_result_clear(nsp_scenario_result *r) {
  g_string_free(r->transcript, TRUE);
  g_string_free(r->diag, TRUE);
  r->transcript = r->diag = NULL;
}

static void scenario_diag(nsp_scenario_result *r, const char *name, unsigned line,
                          const char *why) {
  g_string_append_printf(r->diag, "%s:%u: %s\n", name, line, why);
  r->unsupported++;
}

/* Skips blanks and an optional "$ " prompt. */
static const char *scenario_line_body(const char *line) {
  while (*line == ' ' || *line == '\t') line++;
  if (line[0] == '$' && (line[1] == ' ' || line[1] == '\0')) line += line[1] ? 2 : 1;
  while (*line == ' ' || *line == '\t') line++;
  return line;
}

static void scenario_line_run(nsp_backend *be, const char *name, unsigned lineno,
                              const char *body, nsp_scenario_result *r) {
  nsp_args a;
  GString *why = g_string_new(NULL);
  g_string_append_printf(r->transcript, "$ %s\n", body);
  nsp_scenario_line l = {.lineno = lineno, .command = body, .out_start = r->transcript->len};
  r->commands++;
  if (!nsp_args_split(body, &a, why)) {
    scenario_diag(r, name, lineno, why->str);
    l.unsupported = true;
  } else {
    if (r->pace_ns) be->ops->clock_advance(be, r->pace_ns);
    nsp_cmd_ctx c = {.be = be, .out = r->transcript, .ns = NULL, .status = 0, .why = why};
    l.unsupported = nsp_cmd_run(&c, a.n, a.v) == NSP_LINE_UNSUPPORTED;
    if (l.unsupported) scenario_diag(r, name, lineno, why->str);
    l.status = c.status;
    nsp_args_free(&a);
  }
  if (r->line_done) r->line_done(r->line_ctx, r, &l);
  g_string_free(why, TRUE);
}

static bool scenario_line_is_text(const char *s, size_t n) {
  return memchr(s, '\0', n) == NULL && g_utf8_validate(s, (gssize)n, NULL);
}

void nsp_scenario_run_text(nsp_backend *be, const char *name, const char *text, size_t len,
                           nsp_scenario_result *r) {
  const char *p = text, *end = text + len;
  for (unsigned lineno = 1; p < end; lineno++) {
    if (r->stop && *r->stop) {
      r->stopped = true;
      return;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r') n--;
    if (!scenario_line_is_text(p, n)) {
      scenario_diag(r, name, lineno, "not a line of text (binary data)");
    } else if (n > NSP_LINE_MAX) {
      char why[96];
      g_snprintf(why, sizeof why, "line too long (%zu characters, at most %d)", n, NSP_LINE_MAX);
      scenario_diag(r, name, lineno, why);
    } else {
      char *line = g_strndup(p, n);
      g_strchomp(line);
      const char *body = scenario_line_body(line);
      if (*body && *body != '#') scenario_line_run(be, name, lineno, body, r);
      g_free(line);
    }
    p = nl ? nl + 1 : end;
  }
}

bool nsp_scenario_run_file(nsp_backend *be, const char *path, nsp_scenario_result *r,
                           GError **err) {
  gchar *text;
  gsize len;
  if (!g_file_get_contents(path, &text, &len, err)) return false;
  nsp_scenario_run_text(be, path, text, len, r);
  g_free(text);
  return true;
}
