#include "core/scenario.h"
#include "core/stdin.h"

#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cmd.h"
#include "core/fileio.h"
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
  r->why = g_string_new(NULL);
  r->sink = NULL;
  r->emitted = 0;
  r->freed = 0;
  r->spare = NULL;
}

void nsp_scenario_result_flush(nsp_scenario_result *r) {
  if (!r->sink || !r->transcript->len) return;
  fwrite(r->transcript->str, 1, r->transcript->len, r->sink);
  g_string_truncate(r->transcript, 0);
}

/* Written out in pieces of about this size. */
#define SCENARIO_SINK_CHUNK (64 * 1024)

void nsp_scenario_result_clear(nsp_scenario_result *r) {
  nsp_jobs_free(r->jobs);
  for (guint i = 0; i < r->outputs->len; i++)
    if (g_ptr_array_index(r->outputs, i)) g_string_free(g_ptr_array_index(r->outputs, i), TRUE);
  g_ptr_array_free(r->outputs, TRUE);
  g_ptr_array_free(r->commands_run, TRUE);
  g_string_free(r->transcript, TRUE);
  g_string_free(r->diag, TRUE);
  g_array_free(r->lines, TRUE);
  g_array_free(r->statuses, TRUE);
  g_string_free(r->why, TRUE);
  if (r->spare) g_string_free(r->spare, TRUE);
  r->transcript = r->diag = r->why = r->spare = NULL;
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
  GString *line_out = c->out, *early = g_string_new(NULL);
  c->out = early;
  nsp_line_result res = nsp_cmd_run(c, pl->stages[0].n, pl->stages[0].v);
  c->out = line_out;
  nsp_jobs_bg_end(r->jobs, j, c, early);
  g_string_free(early, TRUE);
  c->status = 0; /* the line itself: the shell started a job */
  return res;
}

/* Moves the lines whose output is complete into the transcript: with a
 * sink, once no job runs (a job may still write into the current slot, a
 * second terminal into its own line's), so that a long scenario's
 * transcript is written out as it grows instead of held whole.  The
 * emitted slots are freed, all but the current one (the job table's). */
static void scenario_emit(nsp_scenario_result *r, bool all) {
  if (!all && (!r->sink || !nsp_jobs_idle(r->jobs))) return;
  for (guint i = r->emitted; i < r->outputs->len; i++) {
    GString *o = g_ptr_array_index(r->outputs, i);
    const char *cmd = g_ptr_array_index(r->commands_run, i);
    g_string_append_len(r->transcript, "$ ", 2);
    g_string_append(r->transcript, cmd);
    g_string_append_c(r->transcript, '\n');
    g_string_append_len(r->transcript, o->str, (gssize)o->len);
  }
  if (r->sink) {
    /* freed up to the current slot: nothing reads them after the sink.
     * The current slot of one call is an emitted one of the next, so the
     * count of freed slots is kept apart from the emitted ones. */
    for (; r->freed + 1 < r->outputs->len; r->freed++) {
      GString *o = g_ptr_array_index(r->outputs, r->freed);
      if (!r->spare) r->spare = g_string_truncate(o, 0);
      else g_string_free(o, TRUE);
      g_ptr_array_index(r->outputs, r->freed) = NULL;
      g_free(g_ptr_array_index(r->commands_run, r->freed));
      g_ptr_array_index(r->commands_run, r->freed) = NULL;
    }
  }
  r->emitted = r->outputs->len;
  if (r->transcript->len >= SCENARIO_SINK_CHUNK) nsp_scenario_result_flush(r);
}

/* Runs the line's pipeline (or `&` job); its standard input, when the
 * line gives one (`echo … | CMD`, core/stdin.h), goes to the first stage. */
static nsp_line_result scenario_line_exec(nsp_backend *be, nsp_scenario_result *r,
                                          const char *body, GString *slot,
                                          nsp_scenario_line *l) {
  GString *why = r->why;
  nsp_line_result res = NSP_LINE_UNSUPPORTED;
  char *cmd = NULL;
  /* a standard input needs a '|' or "<<<": most lines have neither, and
   * make no buffer for it */
  GString *input = strpbrk(body, "|<") ? g_string_new(NULL) : NULL;
  bool piped = input && nsp_line_stdin(body, &cmd, input, why);
  nsp_pipeline pl;
  if (why->len == 0 && nsp_pipeline_split(piped ? cmd : body, &pl, why)) {
    /* the time the command takes before it acts; jobs go on meanwhile */
    if (r->pace_ns) nsp_jobs_run_until(r->jobs, be->ops->clock_now(be) + r->pace_ns);
    nsp_cmd_ctx c = {.be = be, .out = slot, .ns = NULL, .status = 0, .why = why,
                     .jobs = r->jobs, .in = piped ? input->str : NULL,
                     .in_len = piped ? input->len : 0, .stop = r->stop};
    if (pl.background) res = scenario_background(&c, r, &pl, body);
    else res = scenario_pipeline(&c, r, &pl);
    r->status = l->status = c.status;
    g_array_index(r->statuses, int, r->statuses->len - 1) = c.status;
    nsp_pipeline_free(&pl);
  }
  g_free(cmd);
  if (input) g_string_free(input, TRUE);
  return res;
}

static nsp_line_result scenario_line_run(nsp_backend *be, const char *name, unsigned lineno,
                                         const char *body, nsp_scenario_result *r) {
  GString *slot = r->spare ? r->spare : g_string_new(NULL);
  r->spare = NULL;
  g_string_truncate(r->why, 0);
  r->commands++;
  g_array_append_val(r->lines, lineno);
  g_array_set_size(r->statuses, r->statuses->len + 1);
  g_ptr_array_add(r->commands_run, g_strdup(body));
  g_ptr_array_add(r->outputs, slot);
  if (!r->jobs) {
    r->jobs = nsp_jobs_new(be);
    nsp_jobs_set_stop(r->jobs, r->stop);
  }
  nsp_jobs_set_slot(r->jobs, slot);
  nsp_scenario_line l = {.lineno = lineno, .command = body, .out = slot};
  nsp_line_result res = scenario_line_exec(be, r, body, slot, &l);
  nsp_jobs_notify(r->jobs); /* bash's "[N]+  Done ..." before the next prompt */
  l.unsupported = res == NSP_LINE_UNSUPPORTED;
  if (l.unsupported) {
    scenario_diag(r, name, lineno, r->why->str);
    /* a skipped line is no command of the transcript */
    if (r->skip_unsupported) {
      r->commands--;
      g_array_set_size(r->lines, r->lines->len - 1);
      g_array_set_size(r->statuses, r->statuses->len - 1);
      g_ptr_array_set_size(r->commands_run, r->commands_run->len - 1);
      g_ptr_array_set_size(r->outputs, r->outputs->len - 1);
      nsp_jobs_set_slot(r->jobs, NULL);
      g_string_free(slot, TRUE);
      return res;
    }
  }
  if (r->line_done) r->line_done(r->line_ctx, r, &l);
  scenario_emit(r, false);
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
  scenario_emit(r, true);
}

/* True when the n bytes at p are ASCII: eight at a time, then the rest. */
static bool scenario_ascii(const char *p, size_t n) {
  uint64_t acc = 0, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; i++) acc |= (uint8_t)p[i];
  return !(acc & 0x8080808080808080ULL);
}

/* One line of n bytes at p (no line end, no NUL), checked and run; utf8:
 * the caller already knows it is UTF-8. */
static bool scenario_run_span(nsp_backend *be, const char *name, unsigned lineno, const char *p,
                              size_t n, bool utf8, nsp_scenario_result *r) {
  if (!utf8 && !scenario_ascii(p, n) && !g_utf8_validate(p, (gssize)n, NULL)) {
    scenario_diag(r, name, lineno, "not a line of text (binary data)");
    return false;
  }
  if (n > NSP_LINE_MAX) {
    char why[96];
    g_snprintf(why, sizeof why, "line too long (%zu characters, at most %d)", n, NSP_LINE_MAX);
    scenario_diag(r, name, lineno, why);
    return false;
  }
  char copy[NSP_LINE_MAX + 1];
  memcpy(copy, p, n);
  copy[n] = '\0';
  g_strchomp(copy);
  const char *body = scenario_line_body(copy);
  nsp_line_result res = NSP_LINE_SKIPPED;
  if (*body && *body != '#') res = scenario_line_run(be, name, lineno, body, r);
  return res != NSP_LINE_UNSUPPORTED;
}

bool nsp_scenario_run_line(nsp_backend *be, const char *name, unsigned lineno, const char *line,
                           nsp_scenario_result *r) {
  return scenario_run_span(be, name, lineno, line, strlen(line), false, r);
}

/* A mapped file's lines already run are given back to the kernel a few
 * megabytes at a time: a scenario of a million namespaces is a 450 MB
 * file that would otherwise stay in the process's memory beside the world
 * it builds.  Nothing points into them (each line's text is copied), and a
 * page read again would come back from the file as it was. */
#define SCENARIO_RELEASE_STEP (8u << 20)

static void scenario_release(const char *text, const char **released, const char *p) {
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t from = (uintptr_t)*released, to = (uintptr_t)p & ~(page - 1);
  if (to < from + SCENARIO_RELEASE_STEP) return;
  if (from == (uintptr_t)text) from = (from + page - 1) & ~(page - 1);
  if (to > from) madvise((void *)from, to - from, MADV_DONTNEED);
  *released = (const char *)to;
}

static void scenario_run_lines(nsp_backend *be, const char *name, const char *text, size_t len,
                               bool mapped, nsp_scenario_result *r) {
  GPtrArray *steps = nsp_markdown_steps(text, len);
  if (steps) {
    nsp_markdown_run_steps(be, name, steps, r);
    g_ptr_array_free(steps, TRUE);
    nsp_scenario_finish(be, r);
    return;
  }
  /* Lines split at '\n', which is never inside a UTF-8 sequence: when the
   * whole text is UTF-8 each line is, and is not checked again. */
  bool utf8 = scenario_ascii(text, len) ? !memchr(text, '\0', len)
                                        : g_utf8_validate(text, (gssize)len, NULL);
  const char *p = text, *end = text + len, *released = text;
  for (unsigned lineno = 1; p < end; lineno++) {
    if (mapped) scenario_release(text, &released, p);
    if (r->stop && *r->stop) {
      r->stopped = true;
      break;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r') n--;
    if (!utf8 && memchr(p, '\0', n))
      scenario_diag(r, name, lineno, "not a line of text (binary data)");
    else
      scenario_run_span(be, name, lineno, p, n, utf8, r);
    p = nl ? nl + 1 : end;
  }
  nsp_scenario_finish(be, r);
}

void nsp_scenario_run_text(nsp_backend *be, const char *name, const char *text, size_t len,
                           nsp_scenario_result *r) {
  scenario_run_lines(be, name, text, len, false, r);
}

/* The file is mapped, not read: a scenario of a million lines is 45 MB, and
 * mapping it costs neither the copy nor the page faults of a buffer.  What
 * cannot be mapped (a pipe, /dev/stdin) is read. */
bool nsp_scenario_run_file(nsp_backend *be, const char *path, nsp_scenario_result *r,
                           GError **err) {
  struct stat sb;
  if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (guint64)sb.st_size > NSP_MAP_MAX)
    return nsp_file_too_big(err, path, NSP_MAP_MAX);
  GMappedFile *m = g_mapped_file_new(path, FALSE, NULL);
  if (m) {
    const char *text = g_mapped_file_get_contents(m);
    scenario_run_lines(be, path, text ? text : "", g_mapped_file_get_length(m), text != NULL, r);
    g_mapped_file_unref(m);
    return true;
  }
  gchar *text;
  gsize len;
  if (!nsp_file_read(path, NSP_FILE_MAX, &text, &len, err)) return false;
  nsp_scenario_run_text(be, path, text, len, r);
  g_free(text);
  return true;
}
