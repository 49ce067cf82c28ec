#include "core/scenario.h"
#include "core/stdin.h"

#include <string.h>

#include "core/cmd.h"
#include "core/markdown.h"
#include "core/pipe.h"

/* Virtual time a command takes before it acts: a `sudo ip netns exec …`
 * line took 9 ms on average on the kernel here (tests/scenarios/README.md:
 * 23 commands in 0.2 s, 45 in 0.4 s), and timers must fire between
 * commands as they would there. */
#define NSP_CMD_COST_NS (9ULL * 1000000ULL)
/* At the end, jobs still running are ended this long after the last line
 * (core/jobs.h): frames in flight land first, as the capture tail lets
 * them land in the capture files (cli/run.h NSPATH_CAPTURE_TAIL_NS). */
#define NSP_JOBS_END_TAIL_NS (300ULL * 1000000ULL)

void nsp_scenario_result_init(nsp_scenario_result *r) {
  r->transcript = g_string_new(NULL);
  r->commands_run = g_ptr_array_new_with_free_func(g_free);
  r->outputs = g_ptr_array_new();
  r->jobs = NULL;
  r->diag = g_string_new(NULL);
  r->commands = r->unsupported = r->skipped = 0;
  r->lines = g_array_new(FALSE, FALSE, sizeof(unsigned));
  r->statuses = g_array_new(FALSE, TRUE, sizeof(int));
  r->skip_unsupported = false;
  r->status = 0;
  r->stop = NULL;
  r->pace_ns = NSP_CMD_COST_NS;
  r->stopped = false;
  r->line_done = NULL;
  r->line_ctx = NULL;
}

void nsp_scenario_result_clear(nsp_scenario_result *r) {
  nsp_jobs_free(r->jobs);
  for (guint i = 0; i < r->outputs->len; i++) g_string_free(g_ptr_array_index(r->outputs, i), TRUE);
  g_ptr_array_free(r->outputs, TRUE);
  g_ptr_array_free(r->commands_run, TRUE);
  g_string_free(r->transcript, TRUE);
  g_string_free(r->diag, TRUE);
  g_array_free(r->lines, TRUE);
  g_array_free(r->statuses, TRUE);
  r->transcript = r->diag = NULL;
  r->lines = NULL;
  r->jobs = NULL;
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

/* The command as bash's job notices show it: the line without its '&',
 * blanks outside quotes squeezed to one. */
static char *scenario_job_text(const char *body) {
  GString *t = g_string_new(NULL);
  char quote = 0;
  for (const char *p = body; *p; p++) {
    if (!quote && (*p == ' ' || *p == '\t')) {
      if (t->len && t->str[t->len - 1] != ' ') g_string_append_c(t, ' ');
      continue;
    }
    if (!quote && *p == '&') break;
    if (quote ? *p == quote : (*p == '\'' || *p == '"')) quote = quote ? 0 : *p;
    g_string_append_c(t, *p);
  }
  while (t->len && t->str[t->len - 1] == ' ') g_string_truncate(t, t->len - 1);
  return g_string_free(t, FALSE);
}

/* The stages after the first: filters of its output (core/pipe.h); NULL
 * with *status when one refused its arguments (its message in slot), or
 * unsupported with c->why. */
static GPtrArray *scenario_filters(nsp_cmd_ctx *c, const nsp_pipeline *pl, int *status) {
  GPtrArray *f = g_ptr_array_new_with_free_func((GDestroyNotify)nsp_filter_free);
  GString *why = g_string_new(NULL);
  for (guint i = 1; i < pl->n; i++) {
    nsp_filter *x = nsp_filter_new(pl->stages[i].n, pl->stages[i].v, c->out, status, why);
    if (!x) {
      if (*status < 0) nsp_unsupported(c, "%s", why->str);
      g_ptr_array_free(f, TRUE);
      f = NULL;
      break;
    }
    g_ptr_array_add(f, x);
  }
  g_string_free(why, TRUE);
  return f;
}

/* Runs the first stage into a buffer, then each filter over the text of
 * the one before; what reaches the end goes into the line's slot. */
static nsp_line_result scenario_pipeline(nsp_cmd_ctx *c, nsp_scenario_result *r,
                                         const nsp_pipeline *pl) {
  GString *slot = c->out;
  int fstatus = 0;
  GPtrArray *filters = pl->n > 1 ? scenario_filters(c, pl, &fstatus) : NULL;
  if (pl->n > 1 && !filters) {
    c->status = fstatus;
    return c->unsupported ? NSP_LINE_UNSUPPORTED : NSP_LINE_OK;
  }
  GString *buf = filters ? g_string_new(NULL) : NULL;
  if (buf) c->out = buf;
  nsp_line_result res = nsp_cmd_run(c, pl->stages[0].n, pl->stages[0].v);
  if (c->act.ops && (c->act.flags & NSP_JOB_TERMINAL) && !buf) {
    nsp_jobs_term(r->jobs, c, slot); /* a second terminal: its own slot, from now on */
  } else if (c->act.ops && (c->act.flags & NSP_JOB_ENDLESS)) {
    c->act.ops->free(c->act.state);
    c->act.ops = NULL;
    res = nsp_unsupported(c, "a command that never ends by itself, piped: it would run forever");
  } else if (c->act.ops) {
    nsp_jobs_fg(r->jobs, c);
    if (c->unsupported) res = NSP_LINE_UNSUPPORTED;
  }
  for (guint i = 0; filters && i < filters->len; i++) {
    GString *next = i + 1 < filters->len ? g_string_new(NULL) : slot;
    nsp_filter_apply(g_ptr_array_index(filters, i), buf->str, next, &c->status);
    g_string_free(buf, TRUE);
    buf = next;
  }
  if (filters) g_ptr_array_free(filters, TRUE);
  c->out = slot;
  return res;
}

/* A line ending in '&': a job of bash's table ("[N] PID" first). */
static nsp_line_result scenario_background(nsp_cmd_ctx *c, nsp_scenario_result *r,
                                           const nsp_pipeline *pl, const char *body) {
  if (pl->n > 1) return nsp_unsupported(c, "a pipeline in the background is not run");
  char *text = scenario_job_text(body);
  nsp_job *j = nsp_jobs_bg_begin(r->jobs, text);
  g_free(text);
  nsp_line_result res = nsp_cmd_run(c, pl->stages[0].n, pl->stages[0].v);
  nsp_jobs_bg_end(r->jobs, j, c);
  c->status = 0; /* the line itself: the shell started a job */
  return res;
}

static nsp_line_result scenario_line_run(nsp_backend *be, const char *name, unsigned lineno,
                                         const char *body, nsp_scenario_result *r) {
  nsp_pipeline pl;
  GString *why = g_string_new(NULL), *slot = g_string_new(NULL);
  r->commands++;
  g_array_append_val(r->lines, lineno);
  g_array_set_size(r->statuses, r->statuses->len + 1);
  g_ptr_array_add(r->commands_run, g_strdup(body));
  g_ptr_array_add(r->outputs, slot);
  if (!r->jobs) r->jobs = nsp_jobs_new(be);
  nsp_jobs_set_slot(r->jobs, slot);
  nsp_scenario_line l = {.lineno = lineno, .command = body, .out = slot};
  nsp_line_result res = NSP_LINE_UNSUPPORTED;
  /* `echo … | CMD`, `printf … | CMD`, `CMD <<< WORD`: CMD with that input
   * (core/stdin.h); a command that goes on as a job copies it */
  char *cmd = NULL;
  GString *input = g_string_new(NULL);
  bool piped = nsp_line_stdin(body, &cmd, input, why);
  if (why->len == 0 && nsp_pipeline_split(piped ? cmd : body, &pl, why)) {
    /* the time the command takes before it acts; jobs go on meanwhile */
    if (r->pace_ns) nsp_jobs_run_until(r->jobs, be->ops->clock_now(be) + r->pace_ns);
    nsp_cmd_ctx c = {.be = be, .out = slot, .ns = NULL, .status = 0, .why = why, .jobs = r->jobs,
                     .in = piped ? input->str : NULL, .in_len = piped ? input->len : 0};
    if (pl.background) res = scenario_background(&c, r, &pl, body);
    else res = scenario_pipeline(&c, r, &pl);
    r->status = l.status = c.status;
    g_array_index(r->statuses, int, r->statuses->len - 1) = c.status;
    nsp_pipeline_free(&pl);
  }
  g_free(cmd);
  g_string_free(input, TRUE);
  nsp_jobs_notify(r->jobs); /* bash's "[N]+  Done ..." before the next prompt */
  l.unsupported = res == NSP_LINE_UNSUPPORTED;
  if (l.unsupported) {
    scenario_diag(r, name, lineno, why->str);
    /* a skipped line is no command of the transcript */
    if (r->skip_unsupported) {
      r->commands--;
      g_array_set_size(r->lines, r->lines->len - 1);
      g_array_set_size(r->statuses, r->statuses->len - 1);
      g_ptr_array_set_size(r->commands_run, r->commands_run->len - 1);
      g_ptr_array_set_size(r->outputs, r->outputs->len - 1);
      nsp_jobs_set_slot(r->jobs, NULL);
      g_string_free(slot, TRUE);
      g_string_free(why, TRUE);
      return res;
    }
  }
  if (r->line_done) r->line_done(r->line_ctx, r, &l);
  g_string_free(why, TRUE);
  return res;
}

void nsp_scenario_finish(nsp_backend *be, nsp_scenario_result *r) {
  if (r->jobs && !nsp_jobs_idle(r->jobs)) {
    GString *why = g_string_new(NULL);
    /* as the capture tail lets frames in flight land before captures
     * stop, the person watches 0.3 s more before pressing Ctrl-C */
    nsp_jobs_run_until(r->jobs, be->ops->clock_now(be) + NSP_JOBS_END_TAIL_NS);
    if (!nsp_jobs_end_all(r->jobs, why))
      g_string_append_printf(r->diag, "nspath: %s\n", why->str);
    g_string_free(why, TRUE);
  }
  g_string_truncate(r->transcript, 0);
  for (guint i = 0; i < r->outputs->len; i++) {
    GString *o = g_ptr_array_index(r->outputs, i);
    g_string_append_printf(r->transcript, "$ %s\n", (const char *)g_ptr_array_index(r->commands_run, i));
    g_string_append_len(r->transcript, o->str, (gssize)o->len);
  }
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
  if (nsp_markdown_detect(text, len)) {
    nsp_markdown_run_text(be, name, text, len, r);
    nsp_scenario_finish(be, r);
    return;
  }
  const char *p = text, *end = text + len;
  for (unsigned lineno = 1; p < end; lineno++) {
    if (r->stop && *r->stop) {
      r->stopped = true;
      break;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r') n--;
    if (memchr(p, '\0', n)) {
      scenario_diag(r, name, lineno, "not a line of text (binary data)");
    } else {
      char *line = g_strndup(p, n);
      nsp_scenario_run_line(be, name, lineno, line, r);
      g_free(line);
    }
    p = nl ? nl + 1 : end;
  }
  nsp_scenario_finish(be, r);
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
