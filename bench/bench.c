/* bench: wall time of simulating scenarios against the virtual time they
 * span (what they take on a kernel, where each ping really waits). */
#include <glib.h>
#include <stdio.h>

#include "core/scenario.h"
#include "sim/world.h"

typedef struct {
  double wall_ms;     /* median over the runs */
  double virtual_s;   /* the scenario's own clock at its end */
} bench_result;

static int bench_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static bool bench_scenario(const char *path, int runs, bench_result *out) {
  gchar *text;
  gsize len;
  if (!g_file_get_contents(path, &text, &len, NULL)) return false;
  double *t = g_new(double, runs);
  for (int i = 0; i < runs; i++) {
    sim_world *w = sim_world_new(1);
    nsp_backend *be = sim_world_backend(w);
    nsp_scenario_result r;
    nsp_scenario_result_init(&r);
    gint64 t0 = g_get_monotonic_time();
    nsp_scenario_run_text(be, path, text, len, &r);
    t[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
    out->virtual_s = (double)be->ops->clock_now(be) / 1e9;
    nsp_scenario_result_clear(&r);
    sim_world_free(w);
  }
  qsort(t, (size_t)runs, sizeof *t, bench_cmp);
  out->wall_ms = t[runs / 2];
  g_free(t);
  g_free(text);
  return true;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench SCENARIO...\n");
    return 2;
  }
  printf("%-28s %12s %12s %10s\n", "scenario (simulation)", "wall ms", "virtual s", "speed-up");
  for (int i = 1; i < argc; i++) {
    bench_result r = {0};
    if (!bench_scenario(argv[i], 21, &r)) {
      fprintf(stderr, "bench: cannot read %s\n", argv[i]);
      return 2;
    }
    char *base = g_path_get_basename(argv[i]);
    printf("%-28s %12.3f %12.3f %9.0fx\n", base, r.wall_ms, r.virtual_s,
           r.virtual_s * 1000.0 / (r.wall_ms > 0 ? r.wall_ms : 1e-3));
    g_free(base);
  }
  return 0;
}
