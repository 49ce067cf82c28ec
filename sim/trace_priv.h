/* The trace recorder's state, shared by trace.c (--explain's events) and
 * journal.c (the frame journal, which hears the same hooks). */
#ifndef SIM_TRACE_PRIV_H
#define SIM_TRACE_PRIV_H

#include "sim/sim.h"

typedef struct sim_journal sim_journal;

struct sim_trace {
  GArray *events;       /* sim_trace_event, while keep */
  bool keep;            /* sim_world_trace_enable(): events kept for sim_world_trace_take() */
  sim_journal *journal; /* sim_world_journal_enable(): NULL when off */
};

/* The recorder, made when missing; freed by sim_trace_sync() once neither
 * keep nor a journal wants it. */
sim_trace *sim_trace_get(sim_world *w);
void sim_trace_sync(sim_world *w);

/* journal.c: an event the hooks recorded, for the frame being delivered. */
void sim_journal_event(sim_world *w, const sim_trace_event *ev);

#endif
