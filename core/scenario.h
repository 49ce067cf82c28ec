/* A scenario: the lines a person types, run one by one into a transcript. */
#ifndef NSP_SCENARIO_H
#define NSP_SCENARIO_H

#include <glib.h>

#include "core/backend.h"

#define NSP_LINE_MAX 4096

/* One line that ran, as a line_done callback sees it. */
typedef struct {
  unsigned lineno;
  const char *command;  /* the line without prompt */
  int status;           /* the command's exit status */
  bool unsupported;     /* nspath could not run it (reported in diag) */
  size_t out_start;     /* where its output starts in the transcript */
} nsp_scenario_line;

typedef struct nsp_scenario_result nsp_scenario_result;
struct nsp_scenario_result {
  GString *transcript;  /* "$ line" and the output of each command */
  GString *diag;        /* "FILE:LINE: ..." for lines nspath cannot run */
  unsigned commands;    /* lines run */
  unsigned unsupported; /* lines reported in diag */
  uint64_t pace_ns;     /* clock a command takes before it acts (input;
                           default: the kernel's measured pace) */
  const volatile int *stop; /* set by the caller: when it turns non-zero, no
                               further line is run (a signal arrived) */
  bool stopped;         /* lines were left unrun because of stop */
  /* called after each line that ran (input, NULL: none); it may append to
   * the transcript, after the line's output */
  void (*line_done)(void *ctx, nsp_scenario_result *r, const nsp_scenario_line *l);
  void *line_ctx;
};

void nsp_scenario_result_init(nsp_scenario_result *r);
void nsp_scenario_result_clear(nsp_scenario_result *r);

/* Runs every line of text (named `name` in diagnostics) against be. */
void nsp_scenario_run_text(nsp_backend *be, const char *name, const char *text, size_t len,
                           nsp_scenario_result *r);
/* Reads and runs a file; false with *err when it cannot be read. */
bool nsp_scenario_run_file(nsp_backend *be, const char *path, nsp_scenario_result *r,
                           GError **err);

#endif
