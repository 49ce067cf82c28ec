/* What the shell itself does between the commands: `sleep` (coreutils 9.1),
 * and the job control builtins of an interactive bash 5.2 -- `kill`,
 * `wait`, `jobs` -- on the scenario's job table (core/jobs.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/cmd.h"

#define SHELL_NS_S 1000000000.0

/* ---- sleep ------------------------------------------------------------------ */

typedef struct {
  uint64_t until;
} sleep_job;

static bool sleep_run(nsp_job *j) {
  sleep_job *s = nsp_job_state(j);
  nsp_cmd_ctx *c = nsp_job_ctx(j);
  if (c->be->ops->clock_now(c->be) >= s->until) {
    c->status = 0;
    return false;
  }
  nsp_job_wait(j, s->until, NULL, NULL);
  return true;
}

static const nsp_job_ops sleep_ops = {.run = sleep_run, .free = g_free};

/* xnanosleep()'s operand: a decimal number (C locale) and an optional
 * unit s, m, h or d; false for anything else. */
static bool sleep_operand(const char *s, double *secs) {
  char *end;
  double v = g_ascii_strtod(s, &end);
  if (end == s || !isfinite(v) || v < 0) return false;
  double unit = 1;
  if (*end == 's') unit = 1, end++;
  else if (*end == 'm') unit = 60, end++;
  else if (*end == 'h') unit = 3600, end++;
  else if (*end == 'd') unit = 86400, end++;
  if (*end) return false;
  *secs = v * unit;
  return true;
}

static nsp_line_result shell_sleep(nsp_cmd_ctx *c, int argc, char **argv) {
  static const char help[] = "Try 'sleep --help' for more information.\n";
  double total = 0;
  if (argc < 2) {
    nsp_out(c, "sleep: missing operand\n%s", help);
    c->status = 1;
    return NSP_LINE_OK;
  }
  for (int i = 1; i < argc; i++) {
    double v;
    if (argv[i][0] == '-' && argv[i][1]) {
      nsp_out(c, "sleep: invalid option -- '%c'\n%s", argv[i][1], help);
      c->status = 1;
      return NSP_LINE_OK;
    }
    if (!sleep_operand(argv[i], &v)) {
      nsp_out(c, "sleep: invalid time interval \u2018%s\u2019\n%s", argv[i], help);
      c->status = 1;
      return NSP_LINE_OK;
    }
    total += v;
  }
  if (total > 24 * 3600) return nsp_unsupported(c, "sleep longer than a day is not simulated");
  sleep_job *s = g_new0(sleep_job, 1);
  s->until = c->be->ops->clock_now(c->be) + (uint64_t)(total * SHELL_NS_S + 0.5);
  nsp_job_attach(c, &sleep_ops, s, 0);
  return NSP_LINE_OK;
}

/* ---- kill, wait, jobs ----------------------------------------------------- */

/* A signal as `kill -SIG`, `-s SIG`, `-n NUM` name it: INT, SIGINT, 2. */
static int shell_signal_parse(const char *s) {
  static const struct {
    const char *name;
    int num;
  } sigs[] = {{"HUP", NSP_SIGHUP}, {"INT", NSP_SIGINT}, {"QUIT", NSP_SIGQUIT},
              {"KILL", NSP_SIGKILL}, {"TERM", NSP_SIGTERM}};
  if (g_ascii_isdigit(*s)) {
    char *end;
    long n = strtol(s, &end, 10);
    for (size_t i = 0; !*end && i < G_N_ELEMENTS(sigs); i++)
      if (sigs[i].num == n) return (int)n;
    return *end ? -1 : 0;
  }
  const char *name = g_ascii_strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;
  for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
    if (!g_ascii_strcasecmp(name, sigs[i].name)) return sigs[i].num;
  return -1;
}

static nsp_line_result shell_need_jobs(nsp_cmd_ctx *c, const char *what) {
  return nsp_unsupported(c, "%s outside a scenario's shell", what);
}

static nsp_line_result shell_kill(nsp_cmd_ctx *c, int argc, char **argv) {
  if (!c->jobs) return shell_need_jobs(c, "kill");
  int sig = NSP_SIGTERM, i = 1;
  if (argc > 1 && argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--")) {
    const char *spec = argv[1] + 1;
    if (!strcmp(argv[1], "-s") || !strcmp(argv[1], "-n")) {
      if (argc < 3) {
        nsp_out(c, "bash: kill: %s: option requires an argument\n", argv[1]);
        c->status = 1;
        return NSP_LINE_OK;
      }
      spec = argv[2];
      i++;
    } else if (!strcmp(argv[1], "-l") || !strcmp(argv[1], "-L")) {
      return nsp_unsupported(c, "kill -l is not modelled");
    }
    i++;
    sig = shell_signal_parse(spec);
    if (sig < 0) {
      nsp_out(c, "bash: kill: %s: invalid signal specification\n", spec);
      c->status = 1;
      return NSP_LINE_OK;
    }
    if (sig == 0) return nsp_unsupported(c, "kill -0 is not modelled");
    /* iputils' ping prints a one-line summary on SIGQUIT and goes on */
    if (sig == NSP_SIGQUIT) return nsp_unsupported(c, "kill -QUIT is not modelled");
  } else if (argc > 1 && !strcmp(argv[1], "--")) {
    i++;
  }
  if (i >= argc) {
    nsp_out(c, "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... "
               "or kill -l [sigspec]\n");
    c->status = 2;
    return NSP_LINE_OK;
  }
  for (; i < argc; i++) {
    const char *why;
    if (argv[i][0] != '%')
      return nsp_unsupported(c, "kill by process id (\"%s\"): nspath's jobs are named %%N", argv[i]);
    nsp_job *j = nsp_jobs_find(c->jobs, argv[i], &why);
    if (!j) {
      nsp_out(c, "bash: kill: %s: %s\n", argv[i], why);
      c->status = 1;
      continue;
    }
    /* the person sees the program react before typing the next line */
    nsp_jobs_signal(c->jobs, j, sig);
  }
  return NSP_LINE_OK;
}

static nsp_line_result shell_wait(nsp_cmd_ctx *c, int argc, char **argv) {
  if (!c->jobs) return shell_need_jobs(c, "wait");
  if (argc > 2) return nsp_unsupported(c, "wait for several jobs is not modelled");
  nsp_job *j = NULL;
  if (argc == 2) {
    const char *why;
    if (argv[1][0] != '%')
      return nsp_unsupported(c, "wait for a process id (\"%s\"): nspath's jobs are named %%N", argv[1]);
    if (!(j = nsp_jobs_find(c->jobs, argv[1], &why))) {
      nsp_out(c, "bash: wait: %s: %s\n", argv[1], why);
      c->status = 127;
      return NSP_LINE_OK;
    }
  }
  int status = 0;
  if (!nsp_jobs_wait(c->jobs, j, &status))
    return nsp_unsupported(c, "wait would wait forever: a job never ends by itself (kill it first)");
  c->status = status;
  return NSP_LINE_OK;
}

static nsp_line_result shell_jobs(nsp_cmd_ctx *c, int argc, char **argv) {
  if (!c->jobs) return shell_need_jobs(c, "jobs");
  if (argc > 1) return nsp_unsupported(c, "jobs %s is not modelled", argv[1]);
  nsp_jobs_list(c->jobs, c->out);
  return NSP_LINE_OK;
}

nsp_line_result nsp_cmd_shell(nsp_cmd_ctx *c, int argc, char **argv) {
  if (!strcmp(argv[0], "sleep")) return shell_sleep(c, argc, argv);
  if (!strcmp(argv[0], "kill")) return shell_kill(c, argc, argv);
  if (!strcmp(argv[0], "wait")) return shell_wait(c, argc, argv);
  return shell_jobs(c, argc, argv);
}
