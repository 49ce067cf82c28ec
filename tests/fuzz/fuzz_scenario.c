/* Scenario text and Markdown, run in memory end to end: the lines a person
 * types or pastes, through the command layer into the simulation.
 *
 * Asserted beyond "no crash": every frame put on a wire parses back with
 * correct checksums (ICMP; UDP and TCP as a veth carries them); the virtual clock never runs
 * backwards, frame to frame and line to line; a run stays within a budget
 * of events and virtual time (sim_world_set_budget(): past it the run
 * stops as at Ctrl-C, so a slow input ends instead of hanging, and one
 * that is slow without spending the budget is a libFuzzer timeout, a
 * finding); the transcript stays under a bound.  Afterwards the world is
 * read back as `nspath graph` and `report` read it (cli/topo.c: every
 * namespace, its links, addresses, sysctls and `ip route show`). */
#include <string.h>

#include "cli/topo.h"
#include "core/scenario.h"
#include "sim/world.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_EVENTS 200000                       /* timers and frames */
#define FUZZ_VIRTUAL_NS (3600ULL * 1000000000ULL) /* an hour of virtual time */
#define FUZZ_TRANSCRIPT_MAX (64u << 20)

typedef struct {
  nsp_backend *be;
  uint64_t last_frame_ns, last_line_ns;
} scenario_watch;

static void scenario_tap(void *ctx, const char *link, uint64_t now, const uint8_t *frame,
                         size_t len) {
  scenario_watch *w = ctx;
  FUZZ_ASSERT(now >= w->last_frame_ns, "%s: a frame at %llu ns after one at %llu ns", link,
              (unsigned long long)now, (unsigned long long)w->last_frame_ns);
  w->last_frame_ns = now;
  fuzz_frame_check(link, frame, len, true);
}

static void scenario_line_done(void *ctx, nsp_scenario_result *r, const nsp_scenario_line *l) {
  scenario_watch *w = ctx;
  uint64_t now = w->be->ops->clock_now(w->be);
  FUZZ_ASSERT(now >= w->last_line_ns, "line %u: the clock went back from %llu to %llu ns",
              l->lineno, (unsigned long long)w->last_line_ns, (unsigned long long)now);
  w->last_line_ns = now;
  FUZZ_ASSERT(r->transcript->len < FUZZ_TRANSCRIPT_MAX, "line %u: transcript of %zu bytes",
              l->lineno, r->transcript->len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_scratch_cwd();
  sim_world *world = sim_world_new(1);
  nsp_backend *be = sim_world_backend(world);
  scenario_watch w = {.be = be};
  volatile int stop = 0;
  sim_world_set_tap(world, scenario_tap, &w);
  sim_world_set_budget(world, FUZZ_EVENTS, FUZZ_VIRTUAL_NS, &stop);
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  r.stop = &stop;
  r.line_done = scenario_line_done;
  r.line_ctx = &w;
  nsp_scenario_run_text(be, "fuzz.sh", (const char *)data, size, &r);
  FUZZ_ASSERT(r.commands == r.lines->len, "%u commands, %u line numbers", r.commands,
              r.lines->len);
  nsp_scenario_result_clear(&r);
  GPtrArray *t = topo_read(be);
  FUZZ_ASSERT(t && t->len >= 1, "the world read back without its root namespace");
  for (guint i = 0; i < t->len; i++) {
    const topo_ns *n = g_ptr_array_index(t, i);
    for (guint k = 0; k < n->routes->len; k++)
      FUZZ_ASSERT(((const char *)g_ptr_array_index(n->routes, k))[0], "an empty route line");
  }
  topo_free(t);
  sim_world_free(world);
  return 0;
}
