#include "tests/faults/hooks.h"

#include <signal.h>
#include <stdlib.h>

typedef struct {
  void (*next)(void *ctx, nsp_scenario_result *r, const nsp_scenario_line *l);
  void *next_ctx;
  unsigned kill_after, ran;
} fault_hooks;

static void fault_line_done(void *ctx, nsp_scenario_result *r, const nsp_scenario_line *l) {
  fault_hooks *h = ctx;
  if (h->next) h->next(h->next_ctx, r, l);
  if (++h->ran == h->kill_after) raise(SIGKILL);
}

void nsp_fault_hooks_attach(nsp_scenario_result *r) {
  const char *k = getenv("NSPATH_FAULT_KILL_AFTER");
  if (!k || !*k) return;
  /* lives as long as the run; the process ends by the kill or right after */
  fault_hooks *h = g_new0(fault_hooks, 1);
  h->kill_after = (unsigned)strtoul(k, NULL, 10);
  h->next = r->line_done;
  h->next_ctx = r->line_ctx;
  r->line_done = fault_line_done;
  r->line_ctx = h;
}
