/* --explain and --json of `nspath run` and `nspath check`: what each
 * command printed and returned, what its pings got back, and — with
 * --explain — the path of every packet they caused (simulation) or the
 * kernel's counters and states that moved (--real). */
#ifndef CLI_REPORT_H
#define CLI_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/backend.h"
#include "core/scenario.h"
#include "core/transcript.h"
#include "real/world.h"
#include "sim/world.h"

typedef struct cli_report cli_report;

/* Watches the commands run on inner; sim or rw is the world behind it.
 * explain: annotate the transcript after each probe command; json: collect
 * the document that cli_report_*_json() prints. */
cli_report *cli_report_new(nsp_backend *inner, sim_world *sim, real_world *rw, bool explain,
                           bool json);
void cli_report_free(cli_report *r);
/* The backend to run the commands on. */
nsp_backend *cli_report_backend(cli_report *r);
/* Hooks r into res: called after every line it runs. */
void cli_report_attach(cli_report *r, nsp_scenario_result *res);

/* Keeps every command's record (as --json does), for
 * cli_report_last_ping(). */
void cli_report_keep(cli_report *r);
/* The last command that ran pings: its file line, its probe records
 * (nsp_probe_record*) and, with --explain in the simulation, each probe's
 * sequences (GPtrArray of explain_seq*, NULL otherwise); false when no
 * command kept (cli_report_keep) ran a ping. */
bool cli_report_last_ping(cli_report *r, unsigned *line, GPtrArray **probes, GPtrArray **paths);

/* run --json: the document, once the run is over. */
void cli_report_run_json(cli_report *r, const char *scenario, const nsp_scenario_result *res,
                         FILE *f);
/* check --json: one step compared (got: its output lines, NULL when it
 * could not run; diff: "" when it matched), then the document. */
void cli_report_check_step(cli_report *r, guint index, const nsp_transcript_step *s, GPtrArray *got,
                           const char *diff);
/* diagnostics: what check said on stderr (skipped lines, notes, errors). */
void cli_report_check_json(cli_report *r, const char *transcript, int rc, const char *diagnostics,
                           FILE *f);

#endif
