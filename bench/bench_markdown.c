/* Section "markdown": reading the project's own article (tests/markdown/journey.md) for
 * its commands, and running it whole in simulation. */
#include <glib.h>

#include "bench/bench.h"
#include "core/markdown.h"

static double bench_markdown_parse_us(const char *text, size_t len, int runs) {
  double *t = g_new(double, runs);
  for (int i = 0; i < runs; i++) {
    double t0 = bench_now_ns();
    GPtrArray *steps = nsp_markdown_parse(text, len);
    t[i] = (bench_now_ns() - t0) / 1e3;
    g_ptr_array_free(steps, TRUE);
  }
  double m = bench_median(t, runs);
  g_free(t);
  return m;
}

void bench_markdown(const bench_opts *o) {
  bench_section("an article as Markdown input (tests/markdown/journey.md)");
  gchar *path = g_build_filename(o->source_dir, "tests", "markdown", "journey.md", NULL);
  gchar *text;
  gsize len;
  if (g_file_get_contents(path, &text, &len, NULL)) {
    int runs = o->quick ? 3 : 21;
    unsigned lines = 0;
    for (gsize i = 0; i < len; i++) lines += text[i] == '\n';
    gchar *size = g_strdup_printf("%zu bytes, %u lines", (size_t)len, lines);
    bench_row("journey.md: read for its commands", bench_markdown_parse_us(text, len, runs), "us", size);
    /* nsp_scenario_run_text() hands a Markdown document to core/markdown.c */
    double virtual_s = 0, ms = bench_sim_text_ms("journey.md", text, len, runs, &virtual_s);
    gchar *cmp = g_strdup_printf("%.0fx faster than its %.1f s on a kernel",
                                 virtual_s * 1000.0 / (ms > 0 ? ms : 1e-3), virtual_s);
    bench_row("journey.md: read and simulated whole", ms, "ms", cmp);
    g_free(cmp);
    g_free(size);
    g_free(text);
  }
  g_free(path);
}
