/* Rows as they are printed, kept for the JSON document; plot points. */
#include "bench/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench/json.h"

bench_report *bench_report_new(void) {
  bench_report *r = g_new0(bench_report, 1);
  r->rows = g_ptr_array_new();
  r->points = g_array_new(FALSE, FALSE, sizeof(bench_report_point));
  return r;
}

void bench_report_free(bench_report *r) {
  if (!r) return;
  for (guint i = 0; i < r->rows->len; i++) {
    bench_report_row *row = g_ptr_array_index(r->rows, i);
    g_free(row->section);
    g_free(row->what);
    g_free(row->unit);
    g_free(row->note);
    g_free(row);
  }
  g_ptr_array_free(r->rows, TRUE);
  for (guint i = 0; i < r->points->len; i++) {
    bench_report_point *p = &g_array_index(r->points, bench_report_point, i);
    g_free(p->plot);
    g_free(p->line);
  }
  g_array_free(r->points, TRUE);
  g_free(r->section);
  g_free(r);
}

void bench_section(bench_report *r, const char *title) {
  g_free(r->section);
  r->section = g_strdup(title);
  printf("\n## %s\n", title);
  fflush(stdout);
}

static void report_add(bench_report *r, const char *what, bench_stats s, int runs,
                       const char *unit, const char *note) {
  bench_report_row *row = g_new0(bench_report_row, 1);
  row->section = g_strdup(r->section ? r->section : "");
  row->what = g_strdup(what);
  row->unit = g_strdup(unit ? unit : "");
  row->note = g_strdup(note ? note : "");
  row->median = s.median, row->min = s.min, row->max = s.max;
  row->runs = runs;
  g_ptr_array_add(r->rows, row);
}

void bench_row(bench_report *r, const char *what, double value, const char *unit,
               const char *compare) {
  printf("  %-58s %12.3f %-18s %s\n", what, value, unit ? unit : "", compare ? compare : "");
  fflush(stdout);
  report_add(r, what, (bench_stats){value, value, value}, 1, unit, compare);
}

/* "12.3 (11.9-14.0)": as many decimals as the figure needs to show 3 digits */
static void report_figure(char *buf, size_t cap, bench_stats s) {
  double a = s.median < 0 ? -s.median : s.median;
  int d = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  g_snprintf(buf, cap, "%.*f (%.*f-%.*f)", d, s.median, d, s.min, d, s.max);
}

void bench_row_runs(bench_report *r, const char *what, const double *v, int n, const char *unit,
                    const char *compare) {
  bench_stats s = bench_stats_of(v, n);
  char fig[96];
  report_figure(fig, sizeof fig, s);
  printf("  %-58s %25s %-13s %s\n", what, fig, unit ? unit : "", compare ? compare : "");
  fflush(stdout);
  report_add(r, what, s, n, unit, compare);
}

void bench_point(bench_report *r, const char *plot, const char *line, double x, double y) {
  bench_report_point p = {.plot = g_strdup(plot), .line = g_strdup(line), .x = x, .y = y};
  g_array_append_val(r->points, p);
}

static void report_json_rows(const bench_report *r, nsp_json *j) {
  nsp_json_key(j, "rows");
  nsp_json_array_begin(j);
  for (guint i = 0; i < r->rows->len; i++) {
    const bench_report_row *row = g_ptr_array_index(r->rows, i);
    nsp_json_object_begin(j);
    nsp_json_member_string(j, "section", row->section);
    nsp_json_member_string(j, "what", row->what);
    nsp_json_member_double(j, "median", row->median);
    nsp_json_member_double(j, "min", row->min);
    nsp_json_member_double(j, "max", row->max);
    nsp_json_member_int(j, "runs", row->runs);
    nsp_json_member_string(j, "unit", row->unit);
    nsp_json_member_string(j, "note", row->note);
    nsp_json_object_end(j);
  }
  nsp_json_array_end(j);
}

static void report_json_points(const bench_report *r, nsp_json *j) {
  nsp_json_key(j, "points");
  nsp_json_array_begin(j);
  for (guint i = 0; i < r->points->len; i++) {
    const bench_report_point *p = &g_array_index(r->points, bench_report_point, i);
    nsp_json_object_begin(j);
    nsp_json_member_string(j, "plot", p->plot);
    nsp_json_member_string(j, "line", p->line);
    nsp_json_member_double(j, "x", p->x);
    nsp_json_member_double(j, "y", p->y);
    nsp_json_object_end(j);
  }
  nsp_json_array_end(j);
}

bool bench_report_write_json(const bench_report *r, const char *path, GError **err) {
  GString *out = g_string_new(NULL);
  nsp_json j;
  nsp_json_init(&j, out);
  struct utsname u;
  char date[32] = "";
  time_t now = time(NULL);
  strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
  nsp_json_object_begin(&j);
  nsp_json_member_string(&j, "bench", "nspath");
  nsp_json_member_string(&j, "date", date);
  nsp_json_member_string(&j, "host", uname(&u) == 0 ? u.machine : NULL);
  nsp_json_member_int(&j, "cpus", sysconf(_SC_NPROCESSORS_ONLN));
  report_json_rows(r, &j);
  report_json_points(r, &j);
  nsp_json_object_end(&j);
  g_string_append_c(out, '\n');
  bool ok = g_file_set_contents(path, out->str, (gssize)out->len, err);
  g_string_free(out, TRUE);
  return ok;
}
