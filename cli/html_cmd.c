/* nspath report [--real] -o REPORT.html SCENARIO: runs the scenario with
 * --explain, captures and the frame journal, and writes the page of
 * cli/html.h. */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cli/commands.h"
#include "cli/fnote.h"
#include "cli/graph.h"
#include "cli/html.h"
#include "cli/report.h"
#include "cli/run.h"
#include "cli/topo.h"
#include "core/frames.h"
#include "core/scenario.h"

typedef struct {
  char *out;
  gboolean real;
  const char *scenario;
} report_opts;

/* What a run collects for the page while it goes. */
typedef struct {
  cli_report *rep;
  nsp_backend *be;
  html_doc *doc;
  graph_gvc *gvc;       /* one Graphviz context for every picture */
  bool model;
  void (*inner)(void *ctx, nsp_scenario_result *r, const nsp_scenario_line *l);
  void *inner_ctx;
} report_run;

/* After each line: when it ran a ping, its text and the world then, with
 * its paths (the simulation's; the kernel keeps none). */
static void report_line_done(void *ctx, nsp_scenario_result *res, const nsp_scenario_line *l) {
  report_run *rr = ctx;
  rr->inner(rr->inner_ctx, res, l);
  unsigned line;
  GPtrArray *probes, *paths;
  if (!cli_report_last_ping(rr->rep, &line, &probes, &paths) || line != l->lineno) return;
  html_ping *p = g_new0(html_ping, 1);
  p->line = l->lineno;
  p->command = g_strdup(l->command);
  p->text = g_strdup(l->out->str);
  GPtrArray *t = topo_read(rr->be);
  GString *why = g_string_new(NULL);
  size_t len;
  p->svg = graph_render(rr->gvc, t, rr->model ? probes : NULL, rr->model ? paths : NULL, "svg", &len, why);
  g_string_free(why, TRUE);
  topo_free(t);
  g_ptr_array_add(rr->doc->pings, p);
}

static GBytes *file_bytes(const char *path) {
  gchar *data;
  gsize n;
  if (!g_file_get_contents(path, &data, &n, NULL)) return NULL;
  return g_bytes_new_take(data, n);
}

/* "A in NS, peer B in NS2" from the world at the end, NULL when gone. */
static char *link_where(const GPtrArray *t, const char *name) {
  const char *sep = strstr(name, "--");
  if (!sep) return NULL;
  char *a = g_strndup(name, (gsize)(sep - name));
  const char *b = sep + 2;
  const topo_ns *na = NULL, *nb = NULL;
  char *out = NULL;
  for (guint i = 0; i < t->len && (!na || !nb); i++) {
    const topo_ns *n = g_ptr_array_index(t, i);
    if (!na && topo_find(t, n->name, a, NULL)) na = n;
    if (!nb && topo_find(t, n->name, b, NULL)) nb = n;
  }
  if (na && nb)
    out = g_strdup_printf("%s in %s, peer %s in %s", a, na->name[0] ? na->name : "the root namespace",
                          b, nb->name[0] ? nb->name : "the root namespace");
  g_free(a);
  return out;
}

/* The simulation's frames, from the journal: rendered as `nspath frames`
 * renders the link's pcap (whose frames they are, in the same order), with
 * their times and comments. */
static void report_links_sim(html_doc *d, const sim_frame_rec *recs, size_t n) {
  GHashTable *labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (size_t i = 0; i < n; i++) {
    const sim_frame_rec *f = &recs[i];
    char *name = g_strdup_printf("%s--%s", f->end_name[0], f->end_name[1]);
    html_link *l = html_doc_link(d, name);
    nsp_frame_labels *lab = g_hash_table_lookup(labels, name);
    if (!lab) {
      lab = g_new0(nsp_frame_labels, 1);
      nsp_frame_labels_init(lab);
      g_hash_table_insert(labels, g_strdup(name), lab);
    }
    char *text = nsp_frame_render(lab, f->data, f->len);
    html_frame hf = {.number = l->frames->len + 1,
                     .time = g_strdup_printf("%.6f", (double)f->at_ns / 1e9),
                     .text = text ? text : g_strdup("(not ARP or IPv4)"), .comment = fnote_text(f)};
    g_array_append_val(l->frames, hf);
    g_free(name);
  }
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, labels);
  while (g_hash_table_iter_next(&it, &k, &v)) nsp_frame_labels_clear(v);
  g_hash_table_destroy(labels);
}

static gint str_ptr_cmp(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every pcap of dir beside its link (added when the journal had none);
 * the kernel's frames are read from them. */
static void report_links_pcaps(html_doc *d, const char *dir, const GPtrArray *t, bool model) {
  GDir *g = g_dir_open(dir, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
  for (const char *e; g && (e = g_dir_read_name(g));)
    if (g_str_has_suffix(e, ".pcap")) g_ptr_array_add(files, g_strdup(e));
  if (g) g_dir_close(g);
  g_ptr_array_sort(files, str_ptr_cmp);
  for (guint i = 0; i < files->len; i++) {
    const char *file = g_ptr_array_index(files, i);
    char *name = g_strndup(file, strlen(file) - 5);
    char *path = g_build_filename(dir, file, NULL);
    html_link *l = html_doc_link(d, name);
    l->pcap = file_bytes(path);
    l->where = link_where(t, name);
    GPtrArray *frames = model ? NULL : nsp_frames_read(path, NULL);
    for (guint k = 0; frames && k < frames->len; k++) {
      const nsp_frame *f = g_ptr_array_index(frames, k);
      html_frame hf = {.number = f->number, .text = g_strdup(f->text)};
      g_array_append_val(l->frames, hf);
    }
    if (frames) g_ptr_array_free(frames, TRUE);
    g_free(path);
    g_free(name);
  }
  g_ptr_array_free(files, TRUE);
}

static void tree_remove(const char *dir) {
  GDir *g = g_dir_open(dir, 0, NULL);
  for (const char *e; g && (e = g_dir_read_name(g));) {
    char *p = g_build_filename(dir, e, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (g) g_dir_close(g);
  g_rmdir(dir);
}

static bool report_write(const report_opts *o, const html_doc *d) {
  GString *page = g_string_new(NULL);
  html_write(d, page);
  GError *err = NULL;
  bool ok = g_file_set_contents(o->out, page->str, (gssize)page->len, &err);
  if (!ok) fprintf(stderr, "nspath report: %s\n", err->message), g_error_free(err);
  else fprintf(stderr, "nspath report: %s (%zu bytes)\n", o->out, page->len);
  g_string_free(page, TRUE);
  return ok;
}

static int report_run_in(const report_opts *o, const char *tmp) {
  cli_backend rb;
  nsp_status st = {0};
  if (!cli_backend_open(o->real, tmp, 0, &rb, &st)) {
    cli_backend_open_error("nspath report", &st);
    return 2;
  }
  char *png = g_build_filename(tmp, "world.pcapng", NULL);
  sim_frame_rec *recs = NULL;
  size_t nrecs = 0;
  cli_backend_set_pcapng(&rb, png, tmp, &st); /* the folder is given: cannot fail */
  rb.journal_out = &recs;
  rb.njournal_out = &nrecs;
  html_doc d;
  html_doc_init(&d);
  d.scenario = o->scenario;
  d.backend = o->real ? "kernel" : "simulation";
  report_run rr = {.rep = cli_report_new(rb.be, rb.sim, rb.real, true, false), .be = rb.be,
                   .doc = &d, .gvc = graph_gvc_new(), .model = !o->real};
  cli_report_keep(rr.rep);
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  cli_report_attach(rr.rep, &r);
  rr.inner = r.line_done;
  rr.inner_ctx = r.line_ctx;
  r.line_done = report_line_done;
  r.line_ctx = &rr;
  cli_signals_install(false);
  r.stop = &cli_interrupted;
  GError *err = NULL;
  int rc = 0;
  bool read = nsp_scenario_run_file(cli_report_backend(rr.rep), o->scenario, &r, &err);
  if (!read) {
    fprintf(stderr, "nspath report: %s\n", err->message);
    g_error_free(err);
    rc = 2;
  }
  fputs(r.diag->str, stderr);
  if (r.unsupported || r.stopped) rc = 2;
  GPtrArray *t = topo_read(rb.be);
  GString *why = g_string_new(NULL);
  size_t len;
  d.svg = graph_render(rr.gvc, t, NULL, NULL, "svg", &len, why);
  graph_gvc_free(rr.gvc);
  cli_report_free(rr.rep); /* before the world it watches goes */
  unsigned files;
  uint64_t frames;
  if (!cli_backend_close(&rb, true, false, &files, &frames, why))
    fprintf(stderr, "nspath report: %s (the page goes without the pcapng)\n", why->str);
  d.transcript = r.transcript->str;
  if (recs) report_links_sim(&d, recs, nrecs);
  report_links_pcaps(&d, tmp, t, !o->real);
  d.pcapng = file_bytes(png);
  /* lines nspath could not run are said on stderr, as run says them, and
   * the page shows the rest */
  if (read && !report_write(o, &d)) rc = 2;
  sim_frame_recs_free(recs, nrecs);
  g_string_free(why, TRUE);
  topo_free(t);
  html_doc_clear(&d);
  nsp_scenario_result_clear(&r);
  g_free(png);
  return rc;
}

static int report_main(void *opts, char **args) {
  report_opts *o = opts;
  o->scenario = args[0];
  if (!o->out) return nsp_cli_usage_error("nspath", &cli_cmd_report, "-o REPORT.html is needed");
  GError *err = NULL;
  char *tmp = g_dir_make_tmp("nspath-report-XXXXXX", &err);
  if (!tmp) {
    fprintf(stderr, "nspath report: %s\n", err->message);
    g_error_free(err);
    return 2;
  }
  int rc = report_run_in(o, tmp);
  tree_remove(tmp);
  g_free(tmp);
  return rc;
}

static const GOptionEntry report_options[] = {
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, NSP_CLI_FIELD(report_opts, out),
     "Write the page to FILE (needed)", "FILE"},
    {"real", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(report_opts, real),
     "Run on private kernel namespaces (root)", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const nsp_cli_command cli_cmd_report = {
    .name = "report",
    .args = "SCENARIO",
    .min_args = 1,
    .max_args = 1,
    .summary = "Write one self-contained HTML page of a scenario's run",
    .description =
        "Runs SCENARIO with --explain and captures and writes one self-contained HTML page: the "
        "transcript, the topology, each ping's path drawn when it ran, and per link its frames "
        "with what the model did with each, with the pcaps (and the whole world's pcapng) "
        "embedded.  --real runs it on the kernel (root).\n\n"
        "Exit status: 0; 2 when a line could not run (the page is written all the same) or on "
        "an error.",
    .options = report_options,
    .opts_size = sizeof(report_opts),
    .run = report_main,
};
