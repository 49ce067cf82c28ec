/* Section "trace": what recording every ping packet's path (--explain,
 * sim/trace.h) costs, against the same scenario with the recorder off. */
#include <glib.h>
#include <stdio.h>

#include "bench/bench.h"
#include "core/scenario.h"
#include "sim/world.h"

static double bench_trace_run(const char *path, const char *text, gsize len, bool trace,
                              size_t *events) {
  sim_world *w = sim_world_new(1);
  if (trace) sim_world_trace_enable(w, true);
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  double t0 = bench_now_ns();
  nsp_scenario_run_text(sim_world_backend(w), path, text, len, &r);
  double ms = (bench_now_ns() - t0) / 1e6;
  g_free(sim_world_trace_take(w, events));
  nsp_scenario_result_clear(&r);
  sim_world_free(w);
  return ms;
}

void bench_trace(const bench_opts *o) {
  bench_section(o->rep, "packet trace (--explain) on 03-router.sh: recorder off vs on");
  gchar *path = g_build_filename(o->source_dir, "tests", "scenarios", "03-router.sh", NULL);
  gchar *text;
  gsize len;
  if (!g_file_get_contents(path, &text, &len, NULL)) {
    bench_row(o->rep, "03-router.sh: not found", 0, "", path);
    g_free(path);
    return;
  }
  int runs = o->quick ? 3 : 41;
  double *off = g_new(double, runs), *on = g_new(double, runs);
  size_t events = 0, none = 0;
  for (int i = 0; i < runs; i++) {
    off[i] = bench_trace_run(path, text, len, false, &none);
    on[i] = bench_trace_run(path, text, len, true, &events);
  }
  double m_off = bench_stats_of(off, runs).median, m_on = bench_stats_of(on, runs).median;
  char cmp[96];
  bench_row_runs(o->rep, "trace off: simulated", off, runs, "ms", none ? "events recorded while off!" : "0 events");
  g_snprintf(cmp, sizeof cmp, "%zu events, %.2fx the time off", events, m_off > 0 ? m_on / m_off : 0);
  bench_row_runs(o->rep, "trace on: simulated and recorded", on, runs, "ms", cmp);
  g_free(off);
  g_free(on);
  g_free(text);
  g_free(path);
}
