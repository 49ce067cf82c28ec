/* Section "scenarios": wall time of simulating the textbook scenarios against
 * the virtual time they span (what they take on a kernel, where each ping
 * really waits). */
#include <glib.h>
#include <string.h>
#include <stdio.h>

#include "bench/bench.h"
#include "core/scenario.h"
#include "sim/world.h"

typedef struct {
  double wall_ms;     /* median over the runs */
  double virtual_s;   /* the scenario's own clock at its end */
  double runs_ms[21];
  int runs;
} bench_scenario_result;

double bench_sim_text_ms(const char *name, const char *text, size_t len, int runs,
                         double *virtual_s, double *runs_ms) {
  double *t = g_new(double, runs);
  for (int i = 0; i < runs; i++) {
    sim_world *w = sim_world_new(1);
    nsp_backend *be = sim_world_backend(w);
    nsp_scenario_result r;
    nsp_scenario_result_init(&r);
    double t0 = bench_now_ns();
    nsp_scenario_run_text(be, name, text, len, &r);
    t[i] = (bench_now_ns() - t0) / 1e6;
    *virtual_s = (double)be->ops->clock_now(be) / 1e9;
    nsp_scenario_result_clear(&r);
    sim_world_free(w);
  }
  if (runs_ms) memcpy(runs_ms, t, sizeof *t * (size_t)runs);
  double m = bench_median(t, runs);
  g_free(t);
  return m;
}

static bool bench_scenario_measure(const char *path, int runs, bench_scenario_result *out) {
  gchar *text;
  gsize len;
  if (!g_file_get_contents(path, &text, &len, NULL)) return false;
  out->runs = MIN(runs, (int)G_N_ELEMENTS(out->runs_ms));
  out->wall_ms = bench_sim_text_ms(path, text, len, out->runs, &out->virtual_s, out->runs_ms);
  g_free(text);
  return true;
}

void bench_scenarios(const bench_opts *o) {
  bench_section(o->rep, "textbook scenarios in simulation (wall time vs the scenario's own clock)");
  GPtrArray *paths = bench_textbook_paths(o);
  for (guint i = 0; i < paths->len; i++) {
    const char *path = g_ptr_array_index(paths, i);
    gchar *n = g_path_get_basename(path);
    bench_scenario_result r = {0};
    if (bench_scenario_measure(path, o->quick ? 3 : 21, &r)) {
      gchar *what = g_strdup_printf("%s: simulated", n);
      gchar *cmp = g_strdup_printf("%.0fx faster than its %.1f s on a kernel", r.virtual_s * 1000.0 / (r.wall_ms > 0 ? r.wall_ms : 1e-3), r.virtual_s);
      bench_row_runs(o->rep, what, r.runs_ms, r.runs, "ms", cmp);
      g_free(what);
      g_free(cmp);
    }
    g_free(n);
  }
  g_ptr_array_free(paths, TRUE);
}
