/* A backend that passes every operation to another one and records what
 * its pings did: the configuration, each echo request sent (or refused)
 * and each reply or ICMP error received.  It works over either backend,
 * which is how `nspath run --json` and `--explain` learn the probe results
 * of a command without the command layer knowing. */
#ifndef NSP_PROBE_LOG_H
#define NSP_PROBE_LOG_H

#include <glib.h>

#include "core/backend.h"

typedef struct {
  uint16_t seq;
  int err;                   /* 0, or sendmsg()'s errno */
  uint64_t at_ns;
} nsp_probe_send_rec;

typedef struct {
  char ns[NSP_NSNAMSIZ];     /* "" for the root namespace */
  nsp_probe_cfg cfg;         /* as opened; cfg.src filled by a successful connect */
  int open_err;              /* probe_open()'s errno, 0 when it opened */
  int connect_err;           /* probe_connect()'s errno, 0 when none or not called */
  GArray *sends;             /* nsp_probe_send_rec */
  GArray *events;            /* nsp_probe_event: replies and errors, as they came */
} nsp_probe_record;

typedef struct nsp_probe_log nsp_probe_log;

/* Wraps inner (which stays the caller's: freeing the log leaves it; the
 * wrapper's destroy operation destroys inner, as inner's own would). */
nsp_probe_log *nsp_probe_log_new(nsp_backend *inner);
void nsp_probe_log_free(nsp_probe_log *l);
/* The backend to run commands on. */
nsp_backend *nsp_probe_log_backend(nsp_probe_log *l);
/* The probes opened since the last call (nsp_probe_record*, oldest first;
 * g_ptr_array_unref frees them). */
GPtrArray *nsp_probe_log_take(nsp_probe_log *l);

/* Counts of one probe as ping reports them: requests sent (failed sends
 * included, as ping counts them), distinct sequences answered, errors. */
void nsp_probe_record_counts(const nsp_probe_record *r, unsigned *transmitted, unsigned *received,
                             unsigned *errors);

#endif
