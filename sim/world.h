/* The simulation backend's public face. */
#ifndef SIM_WORLD_H
#define SIM_WORLD_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"
#include "sim/trace.h"

typedef struct sim_world sim_world;

/* A new world: a root namespace with its loopback, the clock at 0,
 * randomness from `seed`. */
sim_world *sim_world_new(uint64_t seed);
void sim_world_free(sim_world *w);
nsp_backend *sim_world_backend(sim_world *w);
/* Writes one pcap per veth pair created from now on into dir (NULL: none). */
void sim_world_set_pcap_dir(sim_world *w, const char *dir);
/* Closes the capture files (the world stays usable without capture). */
void sim_world_close_captures(sim_world *w);
/* NULL, or what went wrong with the first capture file that failed. */
const char *sim_world_capture_error(sim_world *w);
/* Number of capture files written and frames in them. */
void sim_world_capture_stats(sim_world *w, unsigned *files, uint64_t *frames);

/* Calls fn for every frame that crosses a veth pair: link named "A--B" as
 * the pcap would be, the virtual time, the frame.  For tests and traces. */
typedef void (*sim_frame_tap)(void *ctx, const char *link, uint64_t now, const uint8_t *frame,
                              size_t len);
void sim_world_set_tap(sim_world *w, sim_frame_tap fn, void *ctx);

/* Faults that break the model on purpose, for the test that shows
 * `nspath compare` finding a wrong model (tests/compare_fault.sh).  A flag
 * on the world rather than a build option: the test then checks the very
 * program CI builds, and no second build of everything is needed; the cost
 * is a test of a flag on two paths.  Never set in normal use. */
typedef enum {
  SIM_FAULT_NO_TTL_DECREMENT = 1u << 0, /* forwarding leaves the TTL as it came */
  SIM_FAULT_NO_ARP_LEARNING = 1u << 1,  /* a request teaches nothing about its sender */
} sim_fault;
void sim_world_set_faults(sim_world *w, unsigned faults);
/* Names separated by commas ("no-ttl-decrement", "no-arp-learning"), as
 * NSPATH_SIM_FAULT holds them; false with *err naming an unknown one. */
bool sim_fault_parse(const char *text, unsigned *faults, GError **err);
/* A budget on the work a run may cost: once more than max_events timers
 * and frames have run, or the clock passes max_ns, *stop is set to 1 (the
 * scenario's stop flag: the running command ends as at Ctrl-C and no
 * further line runs).  The world itself goes on working.  stop NULL: no
 * budget.  The fuzz harnesses bound each input with it. */
void sim_world_set_budget(sim_world *w, uint64_t max_events, uint64_t max_ns, volatile int *stop);
/* Timers and frames run since the world was made. */
uint64_t sim_world_events(const sim_world *w);

/* Records the path of every ping packet from now on (sim/trace.h), or
 * stops and forgets what was recorded. */
void sim_world_trace_enable(sim_world *w, bool on);
/* The events recorded since the last call, oldest first, and forgets them;
 * NULL and *n = 0 when none.  g_free the array. */
sim_trace_event *sim_world_trace_take(sim_world *w, size_t *n);

/* The frame journal (nspath run --pcapng): every frame that crosses a veth
 * pair from now on, where it crossed, and what the model did with it --
 * the ARP request it is (which of how many), and the events of the
 * receiving side while it took the frame in (sim/trace.h: in, forward,
 * delivered, dropped with the reason and counter; for ARP whether it was
 * answered and what the sender's neighbour entry became).  Costs nothing
 * while off (the trace hooks' one pointer test); while on it copies every
 * frame, so it is for scenarios, not for floods. */
typedef struct {
  uint64_t at_ns;                  /* when it left (virtual clock) */
  uint64_t cap_ns;                 /* when the first-named end's capture saw it: as it left
                                      A, as it reached A from B (sim/link.c) */
  char end_name[2][NSP_IFNAMSIZ];  /* the pair as `ip link add A … peer name B` named it */
  char end_ns[2][NSP_NSNAMSIZ];    /* the namespace of each end then ("" the root) */
  uint8_t from;                    /* the end that sent it: 0 A, 1 B */
  bool received;                   /* the other end was still up when it arrived */
  uint32_t len;
  uint8_t *data;
  GArray *events;                  /* sim_trace_event */
} sim_frame_rec;
/* Starts the journal, or stops it and forgets what it holds. */
void sim_world_journal_enable(sim_world *w, bool on);
/* Every frame journaled since the last call, in the order they crossed,
 * and forgets them (take it once the run is over: a frame still on the
 * wire has no receiving side yet).  NULL and *n = 0 when none. */
sim_frame_rec *sim_world_journal_take(sim_world *w, size_t *n);
void sim_frame_recs_free(sim_frame_rec *recs, size_t n);

#endif
