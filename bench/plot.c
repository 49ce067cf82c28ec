/* Plots as plain SVG, one file per plot: axes with ticks (logarithmic where
 * the plot's x or y spans decades), one polyline with markers per line, a
 * legend.  Written by hand rather than through gnuplot: a few hundred
 * bytes of SVG per line need no program on the machine that runs the bench,
 * and the files diff cleanly in the repository. */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench/report.h"

#define PLOT_W 640
#define PLOT_H 400
#define PLOT_L 70  /* margins: room for the tick labels */
#define PLOT_R 20
#define PLOT_T 40
#define PLOT_B 50

typedef struct {
  const char *name, *title, *xlabel, *ylabel;
  bool xlog, ylog;
} plot_kind;

/* The plots the sections draw; another name gets plain labels. */
static const plot_kind plot_kinds[] = {
    {"hop", "ns per packet-hop against chain length", "routers in the chain", "ns per packet-hop",
     true, false},
    {"lookup", "routing lookups per second against table size", "prefixes in the table",
     "million lookups/s", true, false},
    {"real_setup", "--real set-up and tear-down against chain length", "routers in the chain",
     "seconds", true, true},
    {"world_build", "nspath run of a chain scenario against namespaces", "namespaces",
     "CPU seconds (user + system)", true, true},
};

static const char *const plot_colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                          "#9467bd", "#8c564b", "#17becf", "#7f7f7f"};

typedef struct {
  double lo, hi;
  bool log;
} plot_axis;

static double axis_pos(const plot_axis *a, double v, double from, double to) {
  double f = a->log ? (log10(v) - log10(a->lo)) / (log10(a->hi) - log10(a->lo))
                    : (v - a->lo) / (a->hi - a->lo);
  return from + f * (to - from);
}

/* Widens [lo, hi] to whole decades (log) or round steps from 0 (linear). */
static void axis_fit(plot_axis *a) {
  if (a->log) {
    a->lo = pow(10, floor(log10(a->lo)));
    a->hi = pow(10, ceil(log10(a->hi)));
    if (a->hi <= a->lo) a->hi = a->lo * 10;
    return;
  }
  a->lo = a->lo > 0 ? 0 : a->lo;
  double span = a->hi - a->lo > 0 ? a->hi - a->lo : 1;
  double step = pow(10, floor(log10(span)));
  a->hi = a->lo + ceil(span / step) * step;
}

static void plot_fmt(char *buf, size_t cap, double v) {
  if (fabs(v) >= 1e6 && fmod(v, 1e6) == 0) g_snprintf(buf, cap, "%gM", v / 1e6);
  else if (fabs(v) >= 1e3 && fmod(v, 1e3) == 0) g_snprintf(buf, cap, "%gk", v / 1e3);
  else g_snprintf(buf, cap, "%g", v);
}

static void plot_ticks(GString *s, const plot_axis *a, bool x) {
  double x0 = PLOT_L, x1 = PLOT_W - PLOT_R, y0 = PLOT_H - PLOT_B, y1 = PLOT_T;
  double step = a->log ? 10 : pow(10, floor(log10(a->hi - a->lo)));
  if (!a->log && (a->hi - a->lo) / step < 4) step /= 2;
  for (double v = a->lo; v <= a->hi * 1.0001; v = a->log ? v * step : v + step) {
    char label[32];
    plot_fmt(label, sizeof label, v);
    if (x) {
      double px = axis_pos(a, v, x0, x1);
      g_string_append_printf(s, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#ddd'/>\n"
                                "<text x='%.1f' y='%.1f' text-anchor='middle'>%s</text>\n",
                             px, y0, px, y1, px, y0 + 16, label);
    } else {
      double py = axis_pos(a, v, y0, y1);
      g_string_append_printf(s, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#ddd'/>\n"
                                "<text x='%.1f' y='%.1f' text-anchor='end'>%s</text>\n",
                             x0, py, x1, py, x0 - 6, py + 4, label);
    }
  }
}

static void plot_range(const GArray *pts, plot_axis *ax, plot_axis *ay) {
  ax->lo = ay->lo = INFINITY;
  ax->hi = ay->hi = -INFINITY;
  for (guint i = 0; i < pts->len; i++) {
    const bench_report_point *p = g_array_index(pts, const bench_report_point *, i);
    if (ax->log && p->x <= 0) continue;
    if (ay->log && p->y <= 0) continue;
    ax->lo = MIN(ax->lo, p->x), ax->hi = MAX(ax->hi, p->x);
    ay->lo = MIN(ay->lo, p->y), ay->hi = MAX(ay->hi, p->y);
  }
  axis_fit(ax);
  axis_fit(ay);
}

/* The points of one plot, in the order they were added. */
static GArray *plot_points(const bench_report *r, const char *plot) {
  GArray *pts = g_array_new(FALSE, FALSE, sizeof(const bench_report_point *));
  for (guint i = 0; i < r->points->len; i++) {
    const bench_report_point *p = &g_array_index(r->points, bench_report_point, i);
    if (strcmp(p->plot, plot) == 0) g_array_append_val(pts, p);
  }
  return pts;
}

static void plot_line(GString *s, const GArray *pts, const char *line, int k, const plot_axis *ax,
                      const plot_axis *ay) {
  const char *color = plot_colors[k % G_N_ELEMENTS(plot_colors)];
  GString *poly = g_string_new(NULL);
  for (guint i = 0; i < pts->len; i++) {
    const bench_report_point *p = g_array_index(pts, const bench_report_point *, i);
    if (strcmp(p->line, line) != 0 || (ax->log && p->x <= 0) || (ay->log && p->y <= 0)) continue;
    double px = axis_pos(ax, p->x, PLOT_L, PLOT_W - PLOT_R);
    double py = axis_pos(ay, p->y, PLOT_H - PLOT_B, PLOT_T);
    g_string_append_printf(poly, "%.1f,%.1f ", px, py);
    g_string_append_printf(s, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'><title>%s: %g, %g</title></circle>\n",
                           px, py, color, line, p->x, p->y);
  }
  g_string_append_printf(s, "<polyline points='%s' fill='none' stroke='%s' stroke-width='2'/>\n",
                         poly->str, color);
  g_string_append_printf(s, "<rect x='%d' y='%d' width='12' height='3' fill='%s'/>"
                            "<text x='%d' y='%d'>%s</text>\n",
                         PLOT_L + 10, PLOT_T + 8 + 16 * k, color, PLOT_L + 28, PLOT_T + 13 + 16 * k,
                         line);
  g_string_free(poly, TRUE);
}

static char *plot_svg(const bench_report *r, const char *plot) {
  plot_kind kind = {plot, plot, "x", "y", false, false};
  for (size_t i = 0; i < G_N_ELEMENTS(plot_kinds); i++)
    if (strcmp(plot_kinds[i].name, plot) == 0) kind = plot_kinds[i];
  GArray *pts = plot_points(r, plot);
  plot_axis ax = {.log = kind.xlog}, ay = {.log = kind.ylog};
  plot_range(pts, &ax, &ay);
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                            "font-family='sans-serif' font-size='12'>\n"
                            "<rect width='100%%' height='100%%' fill='white'/>\n"
                            "<text x='%d' y='22' font-size='15'>%s</text>\n",
                         PLOT_W, PLOT_H, PLOT_L, kind.title);
  plot_ticks(s, &ax, true);
  plot_ticks(s, &ay, false);
  g_string_append_printf(s, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='black'/>\n"
                            "<text x='%d' y='%d' text-anchor='middle'>%s</text>\n"
                            "<text transform='translate(16,%d) rotate(-90)' text-anchor='middle'>%s</text>\n",
                         PLOT_L, PLOT_T, PLOT_W - PLOT_L - PLOT_R, PLOT_H - PLOT_T - PLOT_B,
                         (PLOT_L + PLOT_W - PLOT_R) / 2, PLOT_H - 12, kind.xlabel,
                         (PLOT_T + PLOT_H - PLOT_B) / 2, kind.ylabel);
  GPtrArray *lines = g_ptr_array_new();
  for (guint i = 0; i < pts->len; i++) {
    const char *l = g_array_index(pts, const bench_report_point *, i)->line;
    gboolean seen = FALSE;
    for (guint k = 0; k < lines->len && !seen; k++) seen = !strcmp(g_ptr_array_index(lines, k), l);
    if (!seen) g_ptr_array_add(lines, (gpointer)l);
  }
  for (guint k = 0; k < lines->len; k++) plot_line(s, pts, g_ptr_array_index(lines, k), (int)k, &ax, &ay);
  g_string_append(s, "</svg>\n");
  g_ptr_array_free(lines, TRUE);
  g_array_free(pts, TRUE);
  return g_string_free(s, FALSE);
}

bool bench_report_write_plots(const bench_report *r, const char *dir, GError **err) {
  if (g_mkdir_with_parents(dir, 0755) != 0) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot create %s", dir);
    return false;
  }
  GHashTable *done = g_hash_table_new(g_str_hash, g_str_equal);
  bool ok = true;
  for (guint i = 0; i < r->points->len && ok; i++) {
    const char *plot = g_array_index(r->points, bench_report_point, i).plot;
    if (g_hash_table_contains(done, plot)) continue;
    g_hash_table_add(done, (gpointer)plot);
    char *svg = plot_svg(r, plot);
    char *file = g_strdup_printf("%s.svg", plot);
    char *path = g_build_filename(dir, file, NULL);
    ok = g_file_set_contents(path, svg, -1, err);
    if (ok) printf("plot: %s\n", path);
    g_free(path);
    g_free(file);
    g_free(svg);
  }
  g_hash_table_destroy(done);
  return ok;
}
