/* Jobs: commands that run alongside the lines after them.
 *
 * A scenario is what one person types, in one terminal and sometimes a
 * second one.  Three kinds of command run as a job of the scenario's job
 * table (one per run, on the scenario runner):
 *
 *   - a foreground command that takes time (ping -c N): the runner runs the
 *     job table until it ends, so background jobs go on meanwhile;
 *   - a line ending in `&`: a job of bash's job table, numbered %1, %2, ...;
 *     `kill [-SIG] %N`, `wait [%N]`, `jobs` act on it;
 *   - a command that never ends by itself typed without `&` (tcpdump, ping
 *     without -c): what a person runs in a second terminal; it runs
 *     alongside the lines after it until it ends (tcpdump -c N) or the
 *     scenario ends, when the person presses Ctrl-C in that terminal.
 *
 * A job is a small state machine (nsp_job_ops): run() does what is due at
 * the clock's present time and says what it waits for next -- a time, a
 * ping socket, a capture, sockets (an `nc -l ... &` server).  One scheduler (nsp_jobs_run_until()) waits for
 * the earliest of these across every job through the backend's wait_any
 * and runs the jobs that are due, in the order they were started: on the
 * virtual clock of the simulation that is deterministic; on the kernel it
 * is the order in which things happened.  Nothing runs on a thread.
 *
 * Where output goes (docs/manual.md, "Jobs and second terminals"): each
 * line of the transcript has its slot, "$ line" and what was printed under
 * it.  A foreground command writes into its line's slot; a `&` job into the
 * slot of the line that is running when it prints (as a terminal shows it,
 * in time order), never its own line's: what it prints as it starts goes
 * under the next line; a second terminal into its own line's slot, whenever it
 * prints.  bash's notices -- "[1] PID" under the `&` line, "[1]+  Done
 * ..." when a job has ended -- are printed where interactive bash prints
 * them: the first at once, the second at the end of the line during which
 * the job ended (before the next prompt). */
#ifndef NSP_JOBS_H
#define NSP_JOBS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"

typedef struct nsp_jobs nsp_jobs;
typedef struct nsp_job nsp_job;
typedef struct nsp_cmd_ctx nsp_cmd_ctx;

typedef enum {
  NSP_JOB_FG,   /* the running line's command */
  NSP_JOB_BG,   /* started with `&`: in bash's job table */
  NSP_JOB_TERM, /* in a second terminal: its output under its own line */
} nsp_job_kind;

/* Signals as kill(1) names them (the Linux numbers). */
enum { NSP_SIGHUP = 1, NSP_SIGINT = 2, NSP_SIGQUIT = 3, NSP_SIGKILL = 9, NSP_SIGTERM = 15 };

/* What a command hands to the runner when it goes on after its line. */
typedef struct {
  /* Does what is due now: reads its socket or capture, sends, prints (with
   * nsp_out() on j's context).  Returns true while the job goes on, having
   * set what it waits for with nsp_job_wait(); false when it has ended,
   * with nsp_job_ctx(j)->status set. */
  bool (*run)(nsp_job *j);
  /* A signal arrived (kill, Ctrl-C).  Returns true when the program
   * handles it (run() is called next and ends the job as the program
   * would), false when the signal's default action kills it at once. */
  bool (*signal)(nsp_job *j, int sig);
  void (*free)(void *state);
} nsp_job_ops;

enum {
  NSP_JOB_ENDLESS = 1u << 0,  /* never ends by itself (ping without -c, tcpdump without -c) */
  NSP_JOB_TERMINAL = 1u << 1, /* typed without `&`, a person runs it in a second terminal
                                 (tcpdump, ping without -c) */
};

/* The job a command's context holds once it wants to go on (set by
 * nsp_job_attach()); ops NULL when the command is over. */
typedef struct {
  const nsp_job_ops *ops;
  void *state;
  unsigned flags;             /* NSP_JOB_* */
} nsp_job_activity;

nsp_jobs *nsp_jobs_new(nsp_backend *be);
/* Frees the table; jobs still running are dropped without a word (call
 * nsp_jobs_end_all() first to end them as the scenario's end does). */
void nsp_jobs_free(nsp_jobs *js);

/* The slot (GString) output goes to while the line it belongs to runs. */
void nsp_jobs_set_slot(nsp_jobs *js, GString *slot);
/* The run's stop flag (nsp_cmd_ctx.stop): once it is set, a command
 * waiting in its line (nsp_jobs_poll(), nsp_jobs_run_until(): nc, sleep)
 * stops waiting, as at Ctrl-C, instead of letting the jobs run on to its
 * deadline (found by tests/fuzz: `nc` without -w beside a `ping -i 0 &`
 * simulated an hour of a flood ping before it gave up). */
void nsp_jobs_set_stop(nsp_jobs *js, const volatile int *stop);

/* The command in c asks to go on as a job: run() from now on. */
void nsp_job_attach(nsp_cmd_ctx *c, const nsp_job_ops *ops, void *state, unsigned flags);
/* Inside run(): what the job waits for next (0/NULL: nothing of that kind;
 * a deadline of UINT64_MAX: none). */
void nsp_job_wait(nsp_job *j, uint64_t deadline_ns, nsp_probe *probe, nsp_capture *cap);
/* Inside run(), as well: sockets of the backend's sock_* operations to
 * wait on (an nc server, a client), each with the events asked for; the
 * array is the job's own and must stay valid until run() is next called,
 * when each revents says what came (run() is then called whenever anything
 * of any job came, so it checks). */
void nsp_job_wait_socks(nsp_job *j, nsp_pollfd *fds, size_t n);
/* The job's context (its namespace, its output, its status) and state. */
nsp_cmd_ctx *nsp_job_ctx(nsp_job *j);
void *nsp_job_state(nsp_job *j);

/* A `&` line: takes bash's next job number and prints "[N] PID" into the
 * slot; the line's command then runs with c->job set to it. */
nsp_job *nsp_jobs_bg_begin(nsp_jobs *js, const char *command);
/* After the `&` line's command: the job goes on with its activity, or, if
 * the command ended at once, is over with its status.  What the command
 * printed as it started (early) goes under the next line run: bash prints
 * its prompt before the program gets to print. */
void nsp_jobs_bg_end(nsp_jobs *js, nsp_job *j, nsp_cmd_ctx *c, GString *early);
/* A foreground command with an activity: runs the table until it ends;
 * c->status is then its exit status.  false when it would never end (the
 * caller made it a second terminal instead: see nsp_jobs_term()). */
void nsp_jobs_fg(nsp_jobs *js, nsp_cmd_ctx *c);
/* A second terminal: the activity of c goes on, writing into `slot` (its
 * own line's), until it ends or the scenario does. */
void nsp_jobs_term(nsp_jobs *js, nsp_cmd_ctx *c, GString *slot);

/* A command that waits in its line (nc's client) while jobs run (nc's
 * server): poll(2) on its sockets until one is ready or the clock reaches
 * deadline, running the jobs that are due meanwhile; how many are ready. */
int nsp_jobs_poll(nsp_jobs *js, nsp_pollfd *fds, size_t n, uint64_t deadline);
/* Lets ns pass for such a command (the backend's clock_advance while no
 * job runs). */
void nsp_jobs_sleep(nsp_jobs *js, uint64_t ns);
/* Lets time pass until the clock reads t, running what is due. */
void nsp_jobs_run_until(nsp_jobs *js, uint64_t t);
/* bash's notices for `&` jobs that ended since the last call, into the
 * current slot ("[1]+  Done                    ping ..."). */
void nsp_jobs_notify(nsp_jobs *js);
/* The end of the scenario: every job still running gets SIGINT -- second
 * terminals as Ctrl-C pressed in them ("^C" echoed first), `&` jobs as
 * from kill -INT -- in the order they were started; returns false (and
 * *why) when one of them still would not end. */
bool nsp_jobs_end_all(nsp_jobs *js, GString *why);
bool nsp_jobs_idle(const nsp_jobs *js);

/* The shell's builtins on the table (core/cmd_shell.c uses them). */
/* bash's job spec: "%N", "%%", "%+", "%-", "%STRING" (a job whose command
 * starts so); NULL when none, with bash's message in *why. */
nsp_job *nsp_jobs_find(nsp_jobs *js, const char *spec, const char **why);
/* Delivers sig to j and runs it until it has reacted (ended or not). */
void nsp_jobs_signal(nsp_jobs *js, nsp_job *j, int sig);
/* Runs until j (or every `&` job, j NULL) has ended; false when one never
 * would (it waits for nothing but a signal). */
bool nsp_jobs_wait(nsp_jobs *js, nsp_job *j, int *status);
/* `jobs`: the table as bash lists it. */
void nsp_jobs_list(nsp_jobs *js, GString *out);

#endif
