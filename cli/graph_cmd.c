#include "cli/graph_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/graph.h"
#include "cli/report.h"
#include "cli/run.h"
#include "cli/topo.h"
#include "core/scenario.h"

typedef struct {
  const char *format;   /* NULL: from -o's extension, else dot */
  unsigned at;          /* 0: the whole scenario */
  bool explain, real;
  const char *out;      /* NULL: stdout */
  const char *scenario;
} graph_opts;

static const char graph_usage[] =
    "usage: nspath graph [--format dot|svg|png] [--at LINE] [--explain] [--real] [-o FILE]\n"
    "                    SCENARIO\n"
    "Draws the world at the end of SCENARIO (or just after its line LINE) with\n"
    "Graphviz: namespaces, interfaces with addresses and state, veth pairs,\n"
    "routes.  --explain: the path of every packet of the last ping (up to\n"
    "LINE) in colour, hop by hop, and where it ended.  --real: the kernel's\n"
    "state, read back from private namespaces (root).\n";

static bool graph_format_ok(const char *f) {
  return strcmp(f, "dot") == 0 || strcmp(f, "svg") == 0 || strcmp(f, "png") == 0;
}

static int graph_opts_parse(int argc, char **argv, graph_opts *o) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--format") == 0 && i + 1 < argc) o->format = argv[++i];
    else if (strncmp(a, "--format=", 9) == 0) o->format = a + 9;
    else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) o->out = argv[++i];
    else if (strcmp(a, "--at") == 0 && i + 1 < argc) {
      char *end;
      long v = strtol(argv[++i], &end, 10);
      if (*end || end == argv[i] || v < 1 || v > 10000000)
        return fprintf(stderr, "nspath graph: --at wants a line number, not '%s'\n", argv[i]), 2;
      o->at = (unsigned)v;
    } else if (strcmp(a, "--explain") == 0) o->explain = true;
    else if (strcmp(a, "--real") == 0) o->real = true;
    else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) return fputs(graph_usage, stdout), 0;
    else if (a[0] == '-' && a[1])
      return fprintf(stderr, "nspath graph: unknown option '%s'\n%s", a, graph_usage), 2;
    else if (o->scenario)
      return fprintf(stderr, "nspath graph: one scenario at a time ('%s' and '%s')\n", o->scenario, a), 2;
    else o->scenario = a;
  }
  if (!o->scenario) return fputs(graph_usage, stderr), 2;
  if (!o->format) o->format = o->out && g_str_has_suffix(o->out, ".svg") ? "svg"
                            : o->out && g_str_has_suffix(o->out, ".png") ? "png" : "dot";
  if (!graph_format_ok(o->format))
    return fprintf(stderr, "nspath graph: --format is dot, svg or png, not '%s'\n", o->format), 2;
  if (o->explain && o->real)
    return fputs("nspath graph: --explain draws the simulation's packet paths, and the kernel keeps "
                 "none (nspath run --explain --real shows its counters)\n", stderr), 2;
  return -1;
}

/* The first `at` lines of text (all of it when at is 0), or NULL with a
 * message when the file is shorter. */
static char *graph_text_upto(const graph_opts *o, const char *text) {
  if (!o->at) return g_strdup(text);
  const char *p = text;
  for (unsigned n = 0; n < o->at; n++) {
    const char *nl = strchr(p, '\n');
    if (!nl && n + 1 < o->at) {
      fprintf(stderr, "nspath graph: --at %u: %s has %u lines\n", o->at, o->scenario, n + 1);
      return NULL;
    }
    p = nl ? nl + 1 : p + strlen(p);
  }
  return g_strndup(text, (gsize)(p - text));
}

static bool graph_write(const graph_opts *o, const char *data, size_t len) {
  FILE *f = o->out ? fopen(o->out, "wb") : stdout;
  if (!f) return fprintf(stderr, "nspath graph: cannot write %s: %s\n", o->out, g_strerror(errno)), false;
  bool ok = fwrite(data, 1, len, f) == len;
  ok = (o->out ? fclose(f) : fflush(f)) == 0 && ok;
  if (!ok) fprintf(stderr, "nspath graph: cannot write %s\n", o->out ? o->out : "the output");
  return ok;
}

/* Runs the scenario (up to --at), then draws what the backend holds. */
static int graph_run(const graph_opts *o, const char *text) {
  cli_backend rb;
  nsp_status st = {0};
  if (!cli_backend_open(o->real, NULL, 0, &rb, &st)) {
    cli_backend_open_error("nspath graph", &st);
    return 2;
  }
  cli_report *rep = cli_report_new(rb.be, rb.sim, rb.real, o->explain, false);
  cli_report_keep(rep);
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  cli_report_attach(rep, &r);
  cli_signals_install(false);
  r.stop = &cli_interrupted;
  nsp_scenario_run_text(cli_report_backend(rep), o->scenario, text, strlen(text), &r);
  fputs(r.diag->str, stderr);
  int rc = r.unsupported || r.stopped ? 2 : 0;
  unsigned line = 0;
  GPtrArray *probes = NULL, *paths = NULL;
  if (o->explain && !cli_report_last_ping(rep, &line, &probes, &paths))
    fprintf(stderr, "nspath graph: --explain: no ping ran%s; the world alone is drawn\n",
            o->at ? " up to that line" : "");
  GPtrArray *t = topo_read(rb.be);
  GString *why = g_string_new(NULL);
  size_t len = 0;
  graph_gvc *gvc = graph_gvc_new();
  char *data = graph_render(gvc, t, probes, paths, o->format, &len, why);
  graph_gvc_free(gvc);
  if (!data) fprintf(stderr, "nspath graph: %s\n", why->str), rc = 2;
  else if (!graph_write(o, data, len)) rc = 2;
  g_free(data);
  g_string_free(why, TRUE);
  topo_free(t);
  cli_report_free(rep);
  nsp_scenario_result_clear(&r);
  unsigned files;
  uint64_t frames;
  GString *cwhy = g_string_new(NULL);
  cli_backend_close(&rb, false, false, &files, &frames, cwhy);
  g_string_free(cwhy, TRUE);
  return rc;
}

int nspath_graph_main(int argc, char **argv) {
  graph_opts o = {0};
  int rc = graph_opts_parse(argc, argv, &o);
  if (rc >= 0) return rc;
  gchar *text = NULL;
  GError *err = NULL;
  if (!g_file_get_contents(o.scenario, &text, NULL, &err)) {
    fprintf(stderr, "nspath graph: %s\n", err->message);
    g_error_free(err);
    return 2;
  }
  char *upto = graph_text_upto(&o, text);
  rc = upto ? graph_run(&o, upto) : 2;
  g_free(upto);
  g_free(text);
  return rc;
}
