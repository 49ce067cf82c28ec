/* What a bench run measured, kept for the end: the rows of every section
 * (written as JSON) and the points of the plots (drawn as SVG). */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <glib.h>

#include "bench/bench.h"

typedef struct {
  char *section, *what, *unit, *note;
  double median, min, max;
  int runs;
} bench_report_row;

typedef struct {
  char *plot, *line;
  double x, y;
} bench_report_point;

struct bench_report {
  GPtrArray *rows;   /* bench_report_row* */
  GArray *points;    /* bench_report_point */
  char *section;     /* the current one */
};

bench_report *bench_report_new(void);
void bench_report_free(bench_report *r);
/* The whole run as one JSON document: {"bench": "nspath", "host", "date",
 * "rows": [{"section", "what", "median", "min", "max", "runs", "unit",
 * "note"}], "points": [{"plot", "line", "x", "y"}]}. */
bool bench_report_write_json(const bench_report *r, const char *path, GError **err);
/* One SVG per plot into dir (bench/plot.c). */
bool bench_report_write_plots(const bench_report *r, const char *dir, GError **err);

#endif
