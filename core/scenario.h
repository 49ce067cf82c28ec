/* A scenario: the lines a person types, run one by one into a transcript. */
#ifndef NSP_SCENARIO_H
#define NSP_SCENARIO_H

#include <glib.h>

#include "core/backend.h"

#define NSP_LINE_MAX 4096

typedef struct {
  GString *transcript;  /* "$ line" and the output of each command */
  GString *diag;        /* "FILE:LINE: ..." for lines nspath cannot run */
  unsigned commands;    /* lines run */
  GArray *lines;        /* unsigned: the file line of each command run */
  unsigned unsupported; /* lines reported in diag */
  uint64_t pace_ns;     /* clock a command takes before it acts (input;
                           default: the kernel's measured pace) */
  const volatile int *stop; /* set by the caller: when it turns non-zero, no
                               further line is run (a signal arrived) */
  bool stopped;         /* lines were left unrun because of stop */
} nsp_scenario_result;

void nsp_scenario_result_init(nsp_scenario_result *r);
void nsp_scenario_result_clear(nsp_scenario_result *r);

/* Runs every line of text (named `name` in diagnostics) against be. */
void nsp_scenario_run_text(nsp_backend *be, const char *name, const char *text, size_t len,
                           nsp_scenario_result *r);
/* Reads and runs a file; false with *err when it cannot be read. */
bool nsp_scenario_run_file(nsp_backend *be, const char *path, nsp_scenario_result *r,
                           GError **err);

#endif
