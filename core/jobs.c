/* The job table and its scheduler (core/jobs.h), and bash's job control
 * as an interactive bash 5.2 shows it: job numbers, the current (+) and
 * previous (-) job, and the notices it prints. */
#include "core/jobs.h"

#include <stdlib.h>
#include <string.h>

#include "core/cmd.h"

#define JOBS_FIRST_PID 4000 /* fake process ids of the simulation; masked in comparisons */
/* A turn waits at most this long: longer with nothing due means a job
 * waits for what never comes (a `wait` would hang). */
#define JOBS_HANG_NS (60ULL * 1000000000ULL)

struct nsp_job {
  nsp_jobs *js;
  const nsp_job_ops *ops;
  void *state;
  unsigned flags;        /* NSP_JOB_* of its activity */
  nsp_job_kind kind;
  int number;            /* bash's job number (BG), 0 otherwise */
  int pid;
  char *command;         /* as bash shows it */
  nsp_cmd_ctx c;         /* its context: c.ns and c.why its own */
  char *ns;
  GString *why;
  GString *own;          /* TERM: its own line's slot */
  uint64_t wake;         /* UINT64_MAX: none */
  nsp_probe *probe;
  nsp_capture *cap;
  nsp_pollfd *fds;            /* the job's own array, valid until its next run */
  size_t nfds;
  bool running;          /* its activity goes on */
  bool ended;            /* BG: over, its notice not printed yet */
  int status;            /* exit status */
  int killed_by;         /* the signal whose default action ended it, 0 */
};

struct nsp_jobs {
  nsp_backend *be;
  GPtrArray *jobs;       /* nsp_job*, in the order they started; freed when done with */
  GString *slot;         /* where the running line's output goes */
  GString *pending;      /* what a `&` command printed as it started: shown
                            under the next line (see nsp_jobs_bg_end()) */
  int next_pid;
  const volatile int *stop; /* NULL, or non-zero once the run must end */
};

static bool jobs_stopped(const nsp_jobs *js) { return js->stop && *js->stop; }

void nsp_jobs_set_stop(nsp_jobs *js, const volatile int *stop) { js->stop = stop; }

nsp_jobs *nsp_jobs_new(nsp_backend *be) {
  nsp_jobs *js = g_new0(nsp_jobs, 1);
  js->be = be;
  js->jobs = g_ptr_array_new();
  js->pending = g_string_new(NULL);
  js->next_pid = JOBS_FIRST_PID;
  return js;
}

static void job_stop_activity(nsp_job *j) {
  if (j->ops && j->ops->free) j->ops->free(j->state);
  j->ops = NULL;
  j->state = NULL;
  j->running = false;
  j->probe = NULL;
  j->cap = NULL;
}

static void job_free(nsp_job *j) {
  job_stop_activity(j);
  g_free(j->command);
  g_free(j->ns);
  g_string_free(j->why, TRUE);
  g_free(j);
}

void nsp_jobs_free(nsp_jobs *js) {
  if (!js) return;
  for (guint i = 0; i < js->jobs->len; i++) job_free(g_ptr_array_index(js->jobs, i));
  g_ptr_array_free(js->jobs, TRUE);
  g_string_free(js->pending, TRUE);
  g_free(js);
}

static void jobs_flush_pending(nsp_jobs *js) {
  if (!js->slot || !js->pending->len) return;
  g_string_append_len(js->slot, js->pending->str, (gssize)js->pending->len);
  g_string_truncate(js->pending, 0);
}

void nsp_jobs_set_slot(nsp_jobs *js, GString *slot) {
  js->slot = slot;
  jobs_flush_pending(js);
}

void nsp_job_attach(nsp_cmd_ctx *c, const nsp_job_ops *ops, void *state, unsigned flags) {
  c->act.ops = ops;
  c->act.state = state;
  c->act.flags = flags;
}

void nsp_job_wait(nsp_job *j, uint64_t deadline_ns, nsp_probe *probe, nsp_capture *cap) {
  j->wake = deadline_ns;
  j->probe = probe;
  j->cap = cap;
}

void nsp_job_wait_socks(nsp_job *j, nsp_pollfd *fds, size_t n) {
  j->fds = n ? fds : NULL;
  j->nfds = n;
}

nsp_cmd_ctx *nsp_job_ctx(nsp_job *j) { return &j->c; }
void *nsp_job_state(nsp_job *j) { return j->state; }

/* A job with the command's context: its own copy of the namespace name
 * (the line's words are gone once the line is over). */
static nsp_job *job_new(nsp_jobs *js, nsp_job_kind kind, const nsp_cmd_ctx *c) {
  nsp_job *j = g_new0(nsp_job, 1);
  j->js = js;
  j->kind = kind;
  j->pid = js->next_pid++;
  j->wake = UINT64_MAX;
  j->why = g_string_new(NULL);
  if (c) {
    j->c = *c;
    j->ns = g_strdup(c->ns);
  }
  j->c.be = js->be;
  j->c.ns = j->ns;
  j->c.why = j->why;
  j->c.jobs = js;
  j->c.act = (nsp_job_activity){0};
  return j;
}

static void job_take_activity(nsp_job *j, nsp_cmd_ctx *c) {
  j->ops = c->act.ops;
  j->state = c->act.state;
  j->flags = c->act.flags;
  j->running = j->ops != NULL;
  c->act = (nsp_job_activity){0};
  if (j->running) {
    /* the line's ns words vanish with the line: a copy (job_new() made one
     * when it had the context) */
    if (!j->ns) j->ns = g_strdup(c->ns);
    j->c.ns = j->ns;
    j->wake = 0; /* due at once: it says what it waits for */
  }
}

/* Where the job's output goes while it runs. */
static GString *job_out(nsp_job *j) {
  return j->kind == NSP_JOB_TERM ? j->own : j->js->slot;
}

static void job_ended(nsp_job *j, int status) {
  j->status = status;
  job_stop_activity(j);
  if (j->kind == NSP_JOB_BG) j->ended = true;
}

/* Runs one job's due work; false once it has ended. */
static bool job_run(nsp_job *j) {
  j->c.out = job_out(j);
  j->probe = NULL;
  j->cap = NULL;
  j->fds = NULL;
  j->nfds = 0;
  j->wake = UINT64_MAX;
  j->c.status = 0;
  if (j->ops->run(j)) return true;
  job_ended(j, j->c.status);
  return false;
}

static bool job_live(const nsp_job *j) { return j->running; }

/* One turn of the scheduler: waits for what the earliest job waits for,
 * or for one of the sockets `extra` (a command waiting in its line:
 * nsp_jobs_poll()), never past `until`, nor JOBS_HANG_NS; then runs every
 * job that may be due, in the order they started. */
static void jobs_turn_with(nsp_jobs *js, uint64_t until, nsp_pollfd *extra, size_t nextra) {
  nsp_backend *be = js->be;
  GPtrArray *jobs = js->jobs;
  nsp_probe *probes[jobs->len + 1];
  nsp_capture *caps[jobs->len + 1];
  size_t np = 0, nc = 0, nf = 0;
  uint64_t deadline = until;
  for (guint i = 0; i < jobs->len; i++) {
    nsp_job *j = g_ptr_array_index(jobs, i);
    if (!job_live(j)) continue;
    if (j->wake < deadline) deadline = j->wake;
    if (j->probe) probes[np++] = j->probe;
    if (j->cap) caps[nc++] = j->cap;
    nf += j->nfds;
  }
  /* every job's sockets in one array, their revents handed back after;
   * first those of a command waiting in its line (nsp_jobs_poll()) */
  nsp_pollfd fds[nf + nextra + 1];
  nf = 0;
  for (size_t k = 0; k < nextra; k++) fds[nf++] = extra[k];
  for (guint i = 0; i < jobs->len; i++) {
    nsp_job *j = g_ptr_array_index(jobs, i);
    for (size_t k = 0; job_live(j) && k < j->nfds; k++) fds[nf++] = j->fds[k];
  }
  uint64_t now = be->ops->clock_now(be);
  if (deadline - now > JOBS_HANG_NS && deadline > now) deadline = now + JOBS_HANG_NS;
  nsp_wait_set ws = {.probes = probes, .np = np, .caps = caps, .nc = nc, .fds = fds, .nfds = nf};
  if (deadline > now) be->ops->wait_any(be, &ws, deadline);
  nf = nextra;
  for (guint i = 0; i < jobs->len; i++) {
    nsp_job *j = g_ptr_array_index(jobs, i);
    for (size_t k = 0; job_live(j) && k < j->nfds; k++) j->fds[k].revents = fds[nf++].revents;
  }
  now = be->ops->clock_now(be);
  /* a job started by one that runs here waits for the next turn */
  guint n = jobs->len;
  for (guint i = 0; i < n; i++) {
    nsp_job *j = g_ptr_array_index(jobs, i);
    if (job_live(j) && (j->wake <= now || j->probe || j->cap || j->nfds)) job_run(j);
  }
}

static void jobs_turn(nsp_jobs *js, uint64_t until) { jobs_turn_with(js, until, NULL, 0); }

int nsp_jobs_poll(nsp_jobs *js, nsp_pollfd *fds, size_t n, uint64_t deadline) {
  nsp_backend *be = js->be;
  for (;;) {
    uint64_t now = be->ops->clock_now(be);
    int ready = be->ops->sock_poll(be, fds, n, now); /* no waiting */
    if (ready || now >= deadline || jobs_stopped(js)) return ready;
    if (nsp_jobs_idle(js)) return be->ops->sock_poll(be, fds, n, deadline);
    jobs_turn_with(js, deadline, fds, n);
  }
}

void nsp_jobs_sleep(nsp_jobs *js, uint64_t ns) {
  nsp_backend *be = js->be;
  if (nsp_jobs_idle(js)) be->ops->clock_advance(be, ns);
  else nsp_jobs_run_until(js, be->ops->clock_now(be) + ns);
}

void nsp_jobs_run_until(nsp_jobs *js, uint64_t t) {
  nsp_backend *be = js->be;
  while (be->ops->clock_now(be) < t && !jobs_stopped(js)) jobs_turn(js, t);
  /* what is due at t itself */
  jobs_turn(js, t);
}

/* ---- bash's job table ------------------------------------------------------ */

static int jobs_max_number(const nsp_jobs *js) {
  int m = 0;
  for (guint i = 0; i < js->jobs->len; i++) {
    const nsp_job *j = g_ptr_array_index(js->jobs, i);
    if (j->number > m) m = j->number;
  }
  return m;
}

/* bash's current job is the newest, the previous one the job before it
 * (no job here is ever stopped); '+', '-' or ' '. */
static char jobs_mark(const nsp_jobs *js, const nsp_job *j) {
  int cur = 0, prev = 0;
  for (guint i = 0; i < js->jobs->len; i++) {
    const nsp_job *k = g_ptr_array_index(js->jobs, i);
    if (!k->number) continue;
    if (k->number > cur) {
      prev = cur;
      cur = k->number;
    } else if (k->number > prev) {
      prev = k->number;
    }
  }
  return j->number == cur ? '+' : j->number == prev ? '-' : ' ';
}

static const char *const jobs_signame[] = {
    [NSP_SIGHUP] = "Hangup", [NSP_SIGINT] = "Interrupt", [NSP_SIGQUIT] = "Quit",
    [NSP_SIGKILL] = "Killed", [NSP_SIGTERM] = "Terminated"};

/* "[N]M  STATUS                  COMMAND": the status in a field of 24,
 * as print_pipeline() of bash's jobs.c lays it out. */
static void jobs_line(const nsp_jobs *js, const nsp_job *j, GString *out) {
  char status[32];
  if (j->running)
    g_strlcpy(status, "Running", sizeof status);
  else if (j->killed_by)
    g_strlcpy(status, jobs_signame[j->killed_by], sizeof status);
  else if (j->status)
    g_snprintf(status, sizeof status, "Exit %d", j->status);
  else
    g_strlcpy(status, "Done", sizeof status);
  g_string_append_printf(out, "[%d]%c  %-24s%s%s\n", j->number, jobs_mark(js, j), status,
                         j->command, j->running ? " &" : "");
}

/* "[1]   Done" and so on for every ended `&` job, then they leave the table. */
static void jobs_reap(nsp_jobs *js, GString *out) {
  for (guint i = 0; i < js->jobs->len; i++) {
    nsp_job *j = g_ptr_array_index(js->jobs, i);
    if (j->ended) jobs_line(js, j, out);
  }
  for (guint i = js->jobs->len; i-- > 0;) {
    nsp_job *j = g_ptr_array_index(js->jobs, i);
    if (j->ended || (!j->running && j->kind != NSP_JOB_BG)) {
      g_ptr_array_remove_index(js->jobs, i);
      job_free(j);
    }
  }
}

void nsp_jobs_notify(nsp_jobs *js) { jobs_reap(js, js->slot); }

void nsp_jobs_list(nsp_jobs *js, GString *out) {
  for (guint i = 0; i < js->jobs->len; i++) {
    nsp_job *j = g_ptr_array_index(js->jobs, i);
    if (j->number && j->running) jobs_line(js, j, out);
  }
  jobs_reap(js, out);
}

nsp_job *nsp_jobs_bg_begin(nsp_jobs *js, const char *command) {
  nsp_job *j = job_new(js, NSP_JOB_BG, NULL);
  j->number = jobs_max_number(js) + 1;
  j->command = g_strdup(command);
  g_ptr_array_add(js->jobs, j);
  g_string_append_printf(js->slot, "[%d] %d\n", j->number, j->pid);
  return j;
}

void nsp_jobs_bg_end(nsp_jobs *js, nsp_job *j, nsp_cmd_ctx *c, GString *early) {
  /* bash has printed "[N] PID" and its prompt before the program prints
   * anything (recorded: ping's PING line lands under the next line) */
  g_string_append_len(js->pending, early->str, (gssize)early->len);
  j->c.inet_only = c->inet_only;
  j->c.details = c->details;
  job_take_activity(j, c);
  if (!j->running) job_ended(j, c->status);
}

void nsp_jobs_fg(nsp_jobs *js, nsp_cmd_ctx *c) {
  nsp_job *j = job_new(js, NSP_JOB_FG, c);
  g_ptr_array_add(js->jobs, j);
  job_take_activity(j, c);
  while (j->running) jobs_turn(js, UINT64_MAX);
  c->status = j->status;
  if (j->c.unsupported) {
    g_string_assign(c->why, j->why->str);
    c->unsupported = true;
  }
}

void nsp_jobs_term(nsp_jobs *js, nsp_cmd_ctx *c, GString *slot) {
  nsp_job *j = job_new(js, NSP_JOB_TERM, c);
  j->own = slot;
  g_ptr_array_add(js->jobs, j);
  job_take_activity(j, c);
}

/* ---- signals, wait ----------------------------------------------------------- */

void nsp_jobs_signal(nsp_jobs *js, nsp_job *j, int sig) {
  if (!j->running) return;
  j->c.out = job_out(j);
  if (!j->ops->signal || !j->ops->signal(j, sig)) {
    j->killed_by = sig;
    job_ended(j, 128 + sig);
    return;
  }
  /* the program's handler runs now: it ends the job, or goes on */
  job_run(j);
}

bool nsp_jobs_wait(nsp_jobs *js, nsp_job *j, int *status) {
  for (;;) {
    bool any = false, endless = false;
    for (guint i = 0; i < js->jobs->len; i++) {
      nsp_job *k = g_ptr_array_index(js->jobs, i);
      if (!k->running || (j ? k != j : k->kind != NSP_JOB_BG)) continue;
      any = true;
      endless |= (k->flags & NSP_JOB_ENDLESS) != 0;
    }
    if (!any) break;
    if (endless) return false;
    /* a whole turn of JOBS_HANG_NS: nothing is due for that long */
    uint64_t t0 = js->be->ops->clock_now(js->be);
    jobs_turn(js, UINT64_MAX);
    if (js->be->ops->clock_now(js->be) - t0 >= JOBS_HANG_NS) return false;
  }
  if (status) *status = j ? (j->killed_by ? 128 + j->killed_by : j->status) : 0;
  return true;
}

nsp_job *nsp_jobs_find(nsp_jobs *js, const char *spec, const char **why) {
  nsp_job *found = NULL;
  *why = "no such job";
  if (spec[0] != '%') return NULL;
  const char *s = spec + 1;
  char *end = NULL;
  long n = g_ascii_isdigit(*s) ? strtol(s, &end, 10) : -1;
  for (guint i = 0; i < js->jobs->len; i++) {
    nsp_job *j = g_ptr_array_index(js->jobs, i);
    if (!j->number || j->ended) continue;
    char m = jobs_mark(js, j);
    bool hit = n >= 0 ? (*end == '\0' && j->number == n)
               : (!*s || !strcmp(s, "%") || !strcmp(s, "+")) ? m == '+'
               : !strcmp(s, "-") ? m == '-'
               : g_str_has_prefix(j->command, s);
    if (hit && found && n < 0 && s[0] && strcmp(s, "%") && strcmp(s, "+") && strcmp(s, "-")) {
      *why = "ambiguous job spec";
      return NULL;
    }
    if (hit) found = j;
  }
  return found;
}

bool nsp_jobs_idle(const nsp_jobs *js) {
  for (guint i = 0; i < js->jobs->len; i++)
    if (job_live(g_ptr_array_index(js->jobs, i))) return false;
  return true;
}

bool nsp_jobs_end_all(nsp_jobs *js, GString *why) {
  jobs_flush_pending(js);
  for (guint i = 0; i < js->jobs->len; i++) {
    nsp_job *j = g_ptr_array_index(js->jobs, i);
    if (!j->running) continue;
    /* the terminal echoes the Ctrl-C typed in it before the program reacts */
    if (j->kind == NSP_JOB_TERM) g_string_append(j->own, "^C");
    nsp_jobs_signal(js, j, NSP_SIGINT);
    if (j->running) {
      g_string_printf(why, "a job did not end on SIGINT");
      return false;
    }
    /* a foreground job killed by SIGINT (nc: no handler) makes bash start
     * a new line before its next prompt (bash's jobs.c, wait_for()); ping
     * and tcpdump handle SIGINT and end their output themselves */
    if (j->kind == NSP_JOB_TERM && j->killed_by == NSP_SIGINT) g_string_append_c(j->own, '\n');
  }
  nsp_jobs_notify(js);
  return true;
}
