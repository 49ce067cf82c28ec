/* The bench program: one table of figures, each section measured in the same
 * run on the same machine.  A section is a function in its own file
 * (bench/bench_NAME.c) that prints rows through bench_row() or, for a
 * figure measured several times, bench_row_runs() (median, min-max).  Every
 * row also goes to the report (bench/report.c), written as JSON at the end;
 * the series a section adds with bench_point() are drawn as SVG plots
 * (bench/plot.c) with --plot. */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct bench_report bench_report;

typedef struct {
  const char *source_dir;  /* the repository: tests/scenarios, tests/markdown, data/ */
  const char *nspath;      /* the nspath program, for sections that run it */
  bool quick;              /* fewer runs and smaller sizes (smoke test) */
  bench_report *rep;       /* where rows and plot points go */
} bench_opts;

/* Prints a section heading. */
void bench_section(bench_report *r, const char *title);
/* One row: what was measured, the figure with its unit, and a free-form
 * comparison ("3.1x ip script", "goal >= 100 M/s: met"). */
void bench_row(bench_report *r, const char *what, double value, const char *unit,
               const char *compare);
/* A figure measured n times: printed as the median with the min-max range. */
void bench_row_runs(bench_report *r, const char *what, const double *v, int n, const char *unit,
                    const char *compare);
/* A point of a plot's line (bench/plot.c draws them with --plot): plot is the
 * plot's name (its file: NAME.svg), line the line's label. */
void bench_point(bench_report *r, const char *plot, const char *line, double x, double y);

/* The textbook's scenarios (tests/scenarios/0N-*.sh), full paths in order. */
GPtrArray *bench_textbook_paths(const bench_opts *o);
/* Median of n doubles (sorts them). */
double bench_median(double *v, int n);
/* The median, min and max of n doubles (v is left as it was). */
typedef struct {
  double median, min, max;
} bench_stats;
bench_stats bench_stats_of(const double *v, int n);
/* Wall clock in nanoseconds (CLOCK_MONOTONIC). */
double bench_now_ns(void);

/* Median wall time (ms) of simulating text, a scenario or a Markdown
 * document, in a new world each run; *virtual_s: its own clock at the end;
 * each run's time in runs_ms when not NULL. */
double bench_sim_text_ms(const char *name, const char *text, size_t len, int runs,
                         double *virtual_s, double *runs_ms);

void bench_scenarios(const bench_opts *o);
void bench_markdown(const bench_opts *o);
void bench_trace(const bench_opts *o);
void bench_lpm(const bench_opts *o);
void bench_real(const bench_opts *o);
void bench_world(const bench_opts *o);
void bench_lines(const bench_opts *o);

#endif
