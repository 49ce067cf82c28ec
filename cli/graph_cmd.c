/* nspath graph [--format dot|svg|png] [--at LINE] [--explain] [--real]
 *              [-o FILE] SCENARIO: the world at the end of the scenario
 * (or just after line LINE) as a picture (cli/graph.h). */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/graph.h"
#include "cli/report.h"
#include "cli/run.h"
#include "cli/topo.h"
#include "core/scenario.h"

typedef struct {
  char *format;         /* NULL: from -o's extension, else dot */
  unsigned at;          /* 0: the whole scenario */
  gboolean explain, real;
  char *out;            /* NULL: stdout */
  const char *scenario;
} graph_opts;

static gboolean graph_opt_at(const char *name, const char *value, gpointer data, GError **err) {
  graph_opts *o = data;
  char *end;
  long v = strtol(value, &end, 10);
  if (*end || end == value || v < 1 || v > 10000000) {
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--at wants a line number, not '%s'",
                value);
    return FALSE;
  }
  o->at = (unsigned)v;
  return TRUE;
}

static bool graph_format_ok(const char *f) {
  return strcmp(f, "dot") == 0 || strcmp(f, "svg") == 0 || strcmp(f, "png") == 0;
}

/* The format from -o's extension when not given; what cannot go together. */
static int graph_opts_check(graph_opts *o) {
  if (!o->format)
    o->format = g_strdup(o->out && g_str_has_suffix(o->out, ".svg")   ? "svg"
                         : o->out && g_str_has_suffix(o->out, ".png") ? "png"
                                                                      : "dot");
  if (!graph_format_ok(o->format))
    return nsp_cli_usage_error("nspath", &cli_cmd_graph, "--format is dot, svg or png, not '%s'",
                               o->format);
  if (o->explain && o->real)
    return nsp_cli_usage_error("nspath", &cli_cmd_graph,
                               "--explain draws the simulation's packet paths, and the kernel "
                               "keeps none (nspath run --explain --real shows its counters)");
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

static int graph_main(void *opts, char **args) {
  graph_opts *o = opts;
  o->scenario = args[0];
  int rc = graph_opts_check(o);
  if (rc >= 0) return rc;
  gchar *text = NULL;
  GError *err = NULL;
  if (!g_file_get_contents(o->scenario, &text, NULL, &err)) {
    fprintf(stderr, "nspath graph: %s\n", err->message);
    g_error_free(err);
    return 2;
  }
  char *upto = graph_text_upto(o, text);
  rc = upto ? graph_run(o, upto) : 2;
  g_free(upto);
  g_free(text);
  return rc;
}

static const GOptionEntry graph_options[] = {
    {"format", 0, 0, G_OPTION_ARG_STRING, NSP_CLI_FIELD(graph_opts, format),
     "dot, svg or png (default: -o's extension, or dot)", "FORMAT"},
    {"at", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)graph_opt_at,
     "The world just after line LINE of SCENARIO", "LINE"},
    {"explain", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(graph_opts, explain),
     "Draw the last ping's packets hop by hop", NULL},
    {"real", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(graph_opts, real),
     "Draw the kernel's state, read back (root)", NULL},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, NSP_CLI_FIELD(graph_opts, out),
     "Write to FILE (default: standard output)", "FILE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const nsp_cli_command cli_cmd_graph = {
    .name = "graph",
    .args = "SCENARIO",
    .min_args = 1,
    .max_args = 1,
    .summary = "Draw the world a scenario builds, and a ping's path over it",
    .description =
        "Runs SCENARIO (up to its line LINE with --at) and draws the world it built with "
        "Graphviz: namespaces, interfaces with their addresses and state, veth pairs, routes.  "
        "--explain also draws the path of every packet of the last ping, hop by hop, in colour, "
        "and outlines the namespace where each ended.  --real reads the kernel's state back "
        "from private namespaces (root) instead.\n\n"
        "Exit status: 0, or 2 when a line could not run or the picture could not be written.",
    .options = graph_options,
    .opts_size = sizeof(graph_opts),
    .run = graph_main,
};
