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
 * recorder (tests/tools/record-shell, TAIL) lets tcpdump run 0.3 s more. */
#define NSPATH_CAPTURE_TAIL_NS (300ULL * 1000000ULL)

typedef struct {
  sim_world *sim;
  real_world *real;
  nsp_backend *be;
  /* --pcapng (cli_backend_set_pcapng) */
  char *pcapng;         /* the file, NULL when none */
  char *pcap_dir;       /* the kernel's per-link pcaps it is made from */
  char *tmp_dir;        /* that folder when nspath made it for the pcapng alone */
  uint64_t t0_ns;       /* the kernel's start, CLOCK_REALTIME (pcap time stamps) */
  /* when set, cli_backend_close*() hands the simulation's journal over here
   * (sim_frame_recs_free) instead of freeing it (nspath report) */
  sim_frame_rec **journal_out;
  size_t *njournal_out;
  /* the program exits after closing: the simulation's world is left to the
   * exit instead of freed object by object (cli_backend_close_into) */
  bool exiting;
} cli_backend;

/* The simulation (with faults, tests only: sim_world_set_faults) or, with
 * real, new private namespaces; captures into pcap_dir unless NULL.  false
 * with *st when the namespaces cannot be made (EPERM: not root). */
bool cli_backend_open(bool real, const char *pcap_dir, unsigned faults, cli_backend *b,
                      nsp_status *st);
/* Writes the whole world's pcapng into path when b closes: the simulation
 * journals every frame (sim_world_journal_enable), the kernel's per-link
 * captures go to pcap_dir, or to a temporary folder when that is NULL
 * (call before the first command).  false with *st when that folder
 * cannot be made. */
bool cli_backend_set_pcapng(cli_backend *b, const char *path, const char *pcap_dir,
                            nsp_status *st);
/* Lets the capture tail pass when capturing, ends the captures (*files,
 * *frames), keeps the kernel namespaces when keep, and frees the backend;
 * false with a message in why when a capture file could not be written or
 * the namespaces could not be kept. */
bool cli_backend_close(cli_backend *b, bool capturing, bool keep, unsigned *files,
                       uint64_t *frames, GString *why);
/* The same, the pcapng's frames and interfaces added to c (description
 * prefixed with label) instead of written; for compare, which writes one
 * file of both sides. */
typedef struct cli_pcapng cli_pcapng;
bool cli_backend_close_into(cli_backend *b, bool capturing, bool keep, unsigned *files,
                            uint64_t *frames, cli_pcapng *c, const char *label, GString *why);
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
