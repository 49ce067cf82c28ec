/* A scenario: the lines a person types, run one by one into a transcript. */
#ifndef NSP_SCENARIO_H
#define NSP_SCENARIO_H

#include <glib.h>
#include <stdio.h>

#include "core/backend.h"
#include "core/jobs.h"

#define NSP_LINE_MAX 4096

/* One line that ran, as a line_done callback sees it. */
typedef struct {
  unsigned lineno;
  const char *command;  /* the line without prompt */
  int status;           /* the command's exit status */
  bool unsupported;     /* nspath could not run it (reported in diag) */
  GString *out;         /* its output so far (a second terminal adds more
                           later); a line_done callback may append to it */
} nsp_scenario_line;

typedef struct nsp_scenario_result nsp_scenario_result;
struct nsp_scenario_result {
  GString *transcript;  /* "$ line" and the output of each command: each
                           line once its output is complete (no job runs),
                           all of them once nsp_scenario_finish() has run
                           (run_text and run_file call it) */
  GPtrArray *commands_run; /* char*: each command run, without prompt */
  GPtrArray *outputs;   /* GString*: the output of each (see core/jobs.h for
                           where a job's output goes); with a sink, NULL once
                           written out (see emitted) */
  nsp_jobs *jobs;       /* the shell's job table: background jobs and
                           second terminals (made with the first line) */
  GString *diag;        /* "FILE:LINE: ..." for lines nspath cannot run */
  unsigned commands;    /* lines run */
  GArray *lines;        /* unsigned: the file line of each command run */
  GArray *statuses;     /* int: the exit status of each command run */
  unsigned unsupported; /* lines reported in diag */
  unsigned skipped;     /* lines listed as skipped (skip_unsupported) */
  bool skip_unsupported; /* input: a line nspath cannot run is listed in diag
                            as "FILE:LINE: skipped: why", left out of the
                            transcript and not counted as unsupported (a
                            Markdown document: prose around commands) */
  int status;           /* exit status of the last command run */
  uint64_t pace_ns;     /* clock a command takes before it acts (input;
                           default: the kernel's measured pace) */
  const volatile int *stop; /* set by the caller: when it turns non-zero, no
                               further line is run (a signal arrived) */
  bool stopped;         /* lines were left unrun because of stop */
  /* called after each line that ran (input, NULL: none); it may append to
   * the transcript, after the line's output */
  void (*line_done)(void *ctx, nsp_scenario_result *r, const nsp_scenario_line *l);
  void *line_ctx;
  GString *why;         /* scratch: why the current line cannot run */
  FILE *sink;           /* input (NULL: none): the transcript is written here
                           as it grows and emptied, so a million-line scenario
                           never holds its transcript whole; call
                           nsp_scenario_result_flush() at the end */
  guint emitted;        /* lines whose output is in the transcript (or was
                           written to the sink); with a sink their outputs
                           and commands_run entries are freed (NULL) */
  guint freed;          /* with a sink: slots freed (all before the current) */
  GString *spare;       /* with a sink: a freed slot, emptied, for the next line */
};

void nsp_scenario_result_init(nsp_scenario_result *r);
void nsp_scenario_result_clear(nsp_scenario_result *r);
/* Writes what the transcript holds to r->sink and empties it (nothing
 * without a sink). */
void nsp_scenario_result_flush(nsp_scenario_result *r);

/* Runs one line, numbered lineno in diagnostics, as a line of a scenario
 * file (prompt, sudo, blanks, comments); false when nspath could not run it
 * (reported in r->diag). */
bool nsp_scenario_run_line(nsp_backend *be, const char *name, unsigned lineno, const char *line,
                           nsp_scenario_result *r);
/* Runs every line of text (named `name` in diagnostics) against be; text
 * with fenced code blocks is a Markdown document (core/markdown.h). */
void nsp_scenario_run_text(nsp_backend *be, const char *name, const char *text, size_t len,
                           nsp_scenario_result *r);
/* The end of the scenario: jobs still running are ended as a person ends
 * them (core/jobs.h), then the transcript is put together.  Idempotent. */
void nsp_scenario_finish(nsp_backend *be, nsp_scenario_result *r);
/* Reads and runs a file; false with *err when it cannot be read. */
bool nsp_scenario_run_file(nsp_backend *be, const char *path, nsp_scenario_result *r,
                           GError **err);

#endif
