/* bench: runs every section and prints one table; writes it as JSON and,
 * with --plot, draws the plots.
 * usage: nspath_bench [--quick] [--only SECTION] [--json FILE] [--plot DIR] SOURCE_DIR NSPATH */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench.h"
#include "bench/report.h"

static int bench_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

double bench_median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, bench_cmp);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bench_stats bench_stats_of(const double *v, int n) {
  double *c = g_memdup2(v, sizeof *v * (size_t)n);
  bench_stats s = {.median = bench_median(c, n), .min = c[0], .max = c[n - 1]};
  g_free(c);
  return s;
}

double bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

typedef struct {
  const char *name;
  void (*run)(const bench_opts *o);
} bench_entry;

static gint bench_path_cmp(gconstpointer a, gconstpointer b) {
  /* g_ptr_array_sort hands pointers to the elements */
  return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

GPtrArray *bench_textbook_paths(const bench_opts *o) {
  gchar *dir = g_build_filename(o->source_dir, "tests", "scenarios", NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));)
    if (n[0] == '0' && g_ascii_isdigit(n[1]) && n[2] == '-' && g_str_has_suffix(n, ".sh"))
      g_ptr_array_add(paths, g_build_filename(dir, n, NULL));
  if (d) g_dir_close(d);
  g_ptr_array_sort(paths, bench_path_cmp);
  g_free(dir);
  return paths;
}

/* The lookups come right after the short sections: measured after
 * `lines` (the worlds of a million namespaces) they ran 99 M/s one at a
 * time in a full run, where the lpm section alone, full or --quick, after
 * scenarios, markdown and trace, or just after a million-namespace
 * `nspath run` of its own ran 138-150 M/s. */
static const bench_entry bench_sections[] = {
  {"scenarios", bench_scenarios},
  {"markdown", bench_markdown},
  {"trace", bench_trace},
  {"lpm", bench_lpm},
  {"lines", bench_lines},
  {"real", bench_real},
  {"world", bench_world},
};

static int bench_usage(void) {
  fprintf(stderr, "usage: nspath_bench [--quick] [--only SECTION] [--json FILE] [--plot DIR] "
                  "SOURCE_DIR NSPATH\n"
                  "sections:");
  for (size_t k = 0; k < G_N_ELEMENTS(bench_sections); k++)
    fprintf(stderr, " %s", bench_sections[k].name);
  fprintf(stderr, "\n--only A,B: those sections only\n--json FILE: the table as JSON (default nspath-bench.json)\n"
                  "--plot DIR: the plots as SVG files in DIR\n");
  return 2;
}

/* --only takes one section or several, comma-separated (in the table's
 * order whatever theirs). */
static bool bench_only_has(const char *only, const char *name) {
  size_t n = strlen(name);
  for (const char *p = only; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
    if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0')) return true;
  return false;
}

int main(int argc, char **argv) {
  bench_opts o = {0};
  const char *only = NULL, *json = "nspath-bench.json", *plot = NULL;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "--quick")) o.quick = true;
    else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else if (!strcmp(argv[i], "--json") && i + 1 < argc) json = argv[++i];
    else if (!strcmp(argv[i], "--plot") && i + 1 < argc) plot = argv[++i];
    else return bench_usage();
  }
  if (argc - i != 2) return bench_usage();
  o.source_dir = argv[i];
  o.nspath = argv[i + 1];
  o.rep = bench_report_new();
  bool found = false;
  for (size_t k = 0; k < G_N_ELEMENTS(bench_sections); k++) {
    if (only && !bench_only_has(only, bench_sections[k].name)) continue;
    found = true;
    bench_sections[k].run(&o);
  }
  if (!found) return bench_usage();
  GError *err = NULL;
  int rc = 0;
  if (!bench_report_write_json(o.rep, json, &err)) {
    fprintf(stderr, "nspath_bench: %s\n", err->message);
    g_clear_error(&err);
    rc = 1;
  } else {
    printf("\ntable as JSON: %s\n", json);
  }
  if (plot && !bench_report_write_plots(o.rep, plot, &err)) {
    fprintf(stderr, "nspath_bench: %s\n", err->message);
    g_clear_error(&err);
    rc = 1;
  }
  bench_report_free(o.rep);
  return rc;
}
