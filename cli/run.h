/* What every nspath command that runs scenarios shares: the backend it runs
 * them on (the simulation or private kernel namespaces), the end of its
 * captures, and the signals that end a run between two lines. */
#ifndef NSP_CLI_RUN_H
#define NSP_CLI_RUN_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"
#include "real/world.h"
#include "sim/world.h"

#define NSPATH_SEED 0x6e73706174680001ULL
/* Captures keep running this long after the last command, as the reference
 * recorder (../shared/tools/kernel-capture) lets tcpdump run 0.3 s more. */
#define NSPATH_CAPTURE_TAIL_NS (300ULL * 1000000ULL)

typedef struct {
  sim_world *sim;
  real_world *real;
  nsp_backend *be;
} cli_backend;

/* The simulation (with faults, tests only: sim_world_set_faults) or, with
 * real, new private namespaces; captures into pcap_dir unless NULL.  false
 * with *st when the namespaces cannot be made (EPERM: not root). */
bool cli_backend_open(bool real, const char *pcap_dir, unsigned faults, cli_backend *b,
                      nsp_status *st);
/* Lets the capture tail pass when capturing, ends the captures (*files,
 * *frames), keeps the kernel namespaces when keep, and frees the backend;
 * false with a message in why when a capture file could not be written or
 * the namespaces could not be kept. */
bool cli_backend_close(cli_backend *b, bool capturing, bool keep, unsigned *files,
                       uint64_t *frames, GString *why);
/* The one-line message for a failed cli_backend_open(real). */
void cli_backend_open_error(const char *prog, const nsp_status *st);

/* cli_backend_open(real, pcap_dir, no faults), saying on stderr why not. */
bool cli_backend_open_said(bool real, const char *pcap_dir, cli_backend *b);
/* cli_backend_close() capturing when pcap_dir, saying on stderr what went
 * wrong and, when capturing, how many files and frames it wrote. */
bool cli_backend_close_said(cli_backend *b, const char *pcap_dir, bool keep);

/* The signal that arrived (0: none): a signal ends a run between two lines,
 * through the normal clean-up; a second one kills at once, which leaves
 * nothing either, since the private namespaces die with the process. */
extern volatile int cli_interrupted;
/* SIGINT, SIGTERM, SIGHUP; with pipe also SIGPIPE (a reader gone). */
void cli_signals_install(bool pipe);

#endif
