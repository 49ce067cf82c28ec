/* Section "markdown": reading the project's own article (tests/markdown/journey.md) for
 * its commands, and running it whole in simulation. */
#include <glib.h>

#include "bench/bench.h"
#include "core/markdown.h"

static void bench_markdown_parse_us(const char *text, size_t len, int runs, double *t) {
  for (int i = 0; i < runs; i++) {
    double t0 = bench_now_ns();
    GPtrArray *steps = nsp_markdown_parse(text, len);
    t[i] = (bench_now_ns() - t0) / 1e3;
    g_ptr_array_free(steps, TRUE);
  }
}

void bench_markdown(const bench_opts *o) {
  bench_section(o->rep, "an article as Markdown input (tests/markdown/journey.md)");
  gchar *path = g_build_filename(o->source_dir, "tests", "markdown", "journey.md", NULL);
  gchar *text;
  gsize len;
  if (g_file_get_contents(path, &text, &len, NULL)) {
    int runs = o->quick ? 3 : 21;
    unsigned lines = 0;
    for (gsize i = 0; i < len; i++) lines += text[i] == '\n';
    gchar *size = g_strdup_printf("%zu bytes, %u lines", (size_t)len, lines);
    double t[21];
    bench_markdown_parse_us(text, len, runs, t);
    bench_row_runs(o->rep, "journey.md: read for its commands", t, runs, "us", size);
    /* nsp_scenario_run_text() hands a Markdown document to core/markdown.c */
    double virtual_s = 0, ms = bench_sim_text_ms("journey.md", text, len, runs, &virtual_s, t);
    gchar *cmp = g_strdup_printf("%.0fx faster than its %.1f s on a kernel",
                                 virtual_s * 1000.0 / (ms > 0 ? ms : 1e-3), virtual_s);
    bench_row_runs(o->rep, "journey.md: read and simulated whole", t, runs, "ms", cmp);
    g_free(cmp);
    g_free(size);
    g_free(text);
  }
  g_free(path);
}
