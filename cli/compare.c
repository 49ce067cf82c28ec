#include "cli/compare.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/pcapng.h"
#include "cli/run.h"
#include "core/frames.h"
#include "core/linediff.h"
#include "core/scenario.h"
#include "core/transcript.h"
#include "real/world.h"
#include "sim/world.h"

typedef struct {
  char *pcap_dir;       /* NULL: a temporary folder, removed at the end */
  gboolean json;
  unsigned faults;      /* NSPATH_SIM_FAULT, for tests only */
  char *pcapng;         /* --pcapng FILE: both sides' frames in one file */
  char **scenarios;
} cmp_opts;

/* NSPATH_SIM_FAULT: the model broken on purpose (tests only). */
static int compare_faults_read(cmp_opts *o) {
  const char *fault = g_getenv("NSPATH_SIM_FAULT");
  GError *err = NULL;
  if (fault && *fault && !sim_fault_parse(fault, &o->faults, &err)) {
    fprintf(stderr, "nspath compare: NSPATH_SIM_FAULT: %s\n", err->message);
    g_error_free(err);
    return 2;
  }
  return -1;
}

static const char cmp_no_root[] =
    "nspath compare: runs every scenario on the kernel too, which needs root "
    "(CAP_NET_ADMIN, CAP_SYS_ADMIN)\n";

/* Fails early, before any scenario runs, when namespaces cannot be made. */
static bool compare_kernel_available(void) {
  nsp_status st = {0};
  real_world *w = real_world_new(&st);
  if (w) return real_world_free(w), true;
  if (st.err == EPERM) fputs(cmp_no_root, stderr);
  else fprintf(stderr, "nspath compare: cannot create a network namespace: %s\n", g_strerror(st.err));
  return false;
}

/* Runs a scenario on one side, as `nspath run` does, captures in dir. */
static bool compare_run(const cmp_opts *o, const char *path, bool kernel, const char *dir,
                        nsp_scenario_result *r, cli_pcapng *png, GString *why) {
  cli_backend b;
  nsp_status st = {0};
  if (!cli_backend_open(kernel, dir, kernel ? 0 : o->faults, &b, &st))
    return g_string_printf(why, "cannot create a network namespace: %s", g_strerror(st.err)), false;
  if (png) cli_backend_set_pcapng(&b, o->pcapng, dir, &st); /* dir given: cannot fail */
  r->stop = &cli_interrupted;
  GError *err = NULL;
  bool ok = nsp_scenario_run_file(b.be, path, r, &err);
  if (!ok) g_string_printf(why, "%s", err->message), g_error_free(err);
  else if (r->unsupported) g_string_printf(why, "%s", r->diag->str), g_strchomp(why->str), ok = false;
  unsigned files;
  uint64_t frames;
  GString *cwhy = g_string_new(NULL);
  /* the kernel's times from its start, as the model's: frames of one
   * moment sit side by side in the pcapng */
  if (!cli_backend_close_into(&b, true, false, &files, &frames, png,
                              kernel ? "kernel: " : "model: ", cwhy) && ok)
    g_string_assign(why, cwhy->str), ok = false;
  g_string_free(cwhy, TRUE);
  return ok;
}

static void cmp_command_free(gpointer p) {
  cmp_command *c = p;
  g_free(c->command);
  g_free(c->output);
  g_free(c->expected);
  g_ptr_array_free(c->diff, TRUE);
  g_free(c);
}

static void cmp_link_free(gpointer p) {
  cmp_link *l = p;
  g_free(l->pcap);
  if (l->kernel) g_ptr_array_free(l->kernel, TRUE);
  if (l->model) g_ptr_array_free(l->model, TRUE);
  if (l->ops) g_array_free(l->ops, TRUE);
  g_free(l);
}

static void cmp_scenario_free(gpointer p) {
  cmp_scenario *s = p;
  g_free(s->path);
  g_free(s->name);
  g_free(s->error);
  g_free(s->kernel_dir);
  g_free(s->model_dir);
  g_ptr_array_free(s->cmds, TRUE);
  g_ptr_array_free(s->links, TRUE);
  g_free(s);
}

/* Command by command, normalized as `nspath check` compares. */
static char *compare_lines_text(GPtrArray *lines) {
  GString *t = g_string_new(NULL);
  for (guint i = 0; i < lines->len; i++) g_string_append_printf(t, "%s\n", (char *)lines->pdata[i]);
  return g_string_free(t, FALSE);
}

static bool compare_transcripts(cmp_scenario *s, const nsp_scenario_result *kr,
                                const nsp_scenario_result *mr, GArray *statuses) {
  GPtrArray *k = nsp_transcript_parse(kr->transcript->str);
  GPtrArray *m = nsp_transcript_parse(mr->transcript->str);
  bool ok = k->len == m->len && m->len == mr->lines->len;
  GString *d = g_string_new(NULL);
  for (guint i = 0; ok && i < k->len; i++) {
    const nsp_transcript_step *x = g_ptr_array_index(k, i), *y = g_ptr_array_index(m, i);
    g_string_truncate(d, 0);
    if (strcmp(x->command, y->command) != 0) {
      ok = false;
      break;
    }
    cmp_command *c = g_new0(cmp_command, 1);
    c->line = g_array_index(mr->lines, unsigned, i);
    c->command = g_strdup(y->command);
    c->status = i < statuses->len ? g_array_index(statuses, int, i) : 0;
    c->output = compare_lines_text(y->output);
    c->expected = compare_lines_text(x->output);
    c->diff = g_ptr_array_new_with_free_func(g_free);
    if (nsp_transcript_diff(x->output, y->output, d)) {
      gchar **lines = g_strsplit(d->str, "\n", -1);
      for (guint j = 0; lines[j] && lines[j][0]; j++) g_ptr_array_add(c->diff, g_strdup(lines[j]));
      g_strfreev(lines);
    }
    g_ptr_array_add(s->cmds, c);
  }
  s->commands = mr->commands;
  if (!ok) s->error = g_strdup("the kernel and the model ran different commands");
  g_string_free(d, TRUE);
  g_ptr_array_free(k, TRUE);
  g_ptr_array_free(m, TRUE);
  return ok;
}

/* The *.pcap names in dir, added to set. */
static void compare_pcaps_list(const char *dir, GHashTable *set) {
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *e;
  while (d && (e = g_dir_read_name(d)))
    if (g_str_has_suffix(e, ".pcap")) g_hash_table_add(set, g_strdup(e));
  if (d) g_dir_close(d);
}

/* Frames of dir/pcap, or NULL (and *err untouched) when there is no such file. */
static GPtrArray *compare_frames_read(const char *dir, const char *pcap, GError **err) {
  char *path = g_build_filename(dir, pcap, NULL);
  GPtrArray *f = g_file_test(path, G_FILE_TEST_EXISTS) ? nsp_frames_read(path, err) : NULL;
  g_free(path);
  return f;
}

static char **compare_frame_texts(GPtrArray *frames) {
  char **t = g_new0(char *, (frames ? frames->len : 0) + 1);
  for (guint i = 0; frames && i < frames->len; i++) t[i] = ((nsp_frame *)frames->pdata[i])->text;
  return t;
}

/* One link.  The model opens a capture file when a pair is made and the
 * kernel only once its first end is up in a namespace (libpcap cannot
 * open a device that is down), so an empty file and no file say the same:
 * nothing crossed.  A file on one side only with frames in it differs. */
static cmp_link *compare_link(const cmp_scenario *s, const char *pcap, GError **err) {
  cmp_link *l = g_new0(cmp_link, 1);
  l->pcap = g_strdup(pcap);
  l->kernel = compare_frames_read(s->kernel_dir, pcap, err);
  if (!*err) l->model = compare_frames_read(s->model_dir, pcap, err);
  if (*err) return cmp_link_free(l), NULL;
  char **a = compare_frame_texts(l->kernel), **b = compare_frame_texts(l->model);
  l->ops = nsp_diff_lines(a, g_strv_length(a), b, g_strv_length(b));
  l->differs = nsp_diff_differs(l->ops);
  g_free(a);
  g_free(b);
  return l;
}

static bool compare_links(cmp_scenario *s) {
  GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  compare_pcaps_list(s->kernel_dir, set);
  compare_pcaps_list(s->model_dir, set);
  GList *names = g_list_sort(g_hash_table_get_keys(set), (GCompareFunc)strcmp);
  GError *err = NULL;
  for (GList *n = names; n && !err; n = n->next) {
    cmp_link *l = compare_link(s, n->data, &err);
    if (l) g_ptr_array_add(s->links, l);
  }
  if (err) s->error = g_strdup(err->message), g_error_free(err);
  g_list_free(names);
  g_hash_table_destroy(set);
  return !s->error;
}

/* DIR/NAME/real and DIR/NAME/sim, emptied of earlier captures. */
static bool compare_dirs_prepare(cmp_scenario *s, const char *root) {
  s->kernel_dir = g_build_filename(root, s->name, "real", NULL);
  s->model_dir = g_build_filename(root, s->name, "sim", NULL);
  const char *dirs[] = {s->kernel_dir, s->model_dir};
  for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
    if (g_mkdir_with_parents(dirs[i], 0755) != 0) {
      s->error = g_strdup_printf("cannot create %s: %s", dirs[i], g_strerror(errno));
      return false;
    }
    GHashTable *old = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    compare_pcaps_list(dirs[i], old);
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, old);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
      char *p = g_build_filename(dirs[i], k, NULL);
      g_unlink(p);
      g_free(p);
    }
    g_hash_table_destroy(old);
  }
  return true;
}

static char *compare_scenario_name(const char *path) {
  char *base = g_path_get_basename(path);
  char *dot = strrchr(base, '.');
  if (dot && dot != base) *dot = '\0';
  return base;
}

/* The model's exit status of each command, in order. */
static void compare_line_done(void *ctx, nsp_scenario_result *r, const nsp_scenario_line *l) {
  int status = l->status;
  g_array_append_val((GArray *)ctx, status);
}

/* Runs one scenario on both sides and compares what they did. */
static cmp_scenario *compare_scenario(const cmp_opts *o, const char *path, const char *root) {
  cmp_scenario *s = g_new0(cmp_scenario, 1);
  s->path = g_strdup(path);
  s->name = compare_scenario_name(path);
  s->cmds = g_ptr_array_new_with_free_func(cmp_command_free);
  s->links = g_ptr_array_new_with_free_func(cmp_link_free);
  if (!compare_dirs_prepare(s, root)) return s;
  nsp_scenario_result kr, mr;
  nsp_scenario_result_init(&kr);
  nsp_scenario_result_init(&mr);
  GArray *statuses = g_array_new(FALSE, FALSE, sizeof(int));
  mr.line_done = compare_line_done;
  mr.line_ctx = statuses;
  GString *why = g_string_new(NULL);
  cli_pcapng *png = o->pcapng ? cli_pcapng_new() : NULL;
  if (!compare_run(o, path, false, s->model_dir, &mr, png, why) ||
      !compare_run(o, path, true, s->kernel_dir, &kr, png, why))
    s->error = g_strdup(why->str);
  else if (png && !cli_pcapng_write(g_steal_pointer(&png), o->pcapng, why))
    s->error = g_strdup(why->str);
  else if (compare_transcripts(s, &kr, &mr, statuses))
    compare_links(s);
  s->differs = compare_commands_differing(s) || compare_links_differing(s);
  cli_pcapng_free(png);
  g_string_free(why, TRUE);
  g_array_free(statuses, TRUE);
  nsp_scenario_result_clear(&kr);
  nsp_scenario_result_clear(&mr);
  return s;
}

/* Removes a folder this run made, and everything in it. */
static void compare_tree_remove(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *e;
  while (d && (e = g_dir_read_name(d))) {
    char *p = g_build_filename(dir, e, NULL);
    if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
      compare_tree_remove(p);
    else g_unlink(p);
    g_free(p);
  }
  if (d) g_dir_close(d);
  g_rmdir(dir);
}

static int compare_all(const cmp_opts *o, const char *root, GPtrArray *done) {
  int rc = 0;
  for (guint i = 0; o->scenarios[i] && !cli_interrupted; i++) {
    cmp_scenario *s = compare_scenario(o, o->scenarios[i], root);
    if (cli_interrupted) {
      cmp_scenario_free(s);
      break;
    }
    if (s->error) rc = 2;
    else if (s->differs && rc == 0) rc = 1;
    if (!o->pcap_dir) { /* the temporary folder goes at the end: not worth naming */
      g_clear_pointer(&s->kernel_dir, g_free);
      g_clear_pointer(&s->model_dir, g_free);
    }
    if (!o->json) compare_report_text(stdout, s), fflush(stdout);
    g_ptr_array_add(done, s);
  }
  return rc;
}

/* Where the captures go: DIR, or a new temporary folder; NULL on error. */
static char *compare_root(const cmp_opts *o) {
  if (o->pcap_dir) return g_strdup(o->pcap_dir);
  GError *err = NULL;
  char *root = g_dir_make_tmp("nspath-compare-XXXXXX", &err);
  if (!root) fprintf(stderr, "nspath compare: %s\n", err->message), g_error_free(err);
  return root;
}

static void compare_report_end(const cmp_opts *o, GPtrArray *done) {
  if (!o->json) {
    compare_report_summary(stdout, done);
    return;
  }
  compare_report_json(stdout, done);
}

static int compare_main(void *opts, char **args) {
  cmp_opts *o = opts;
  o->scenarios = args;
  if (o->pcapng && args[1])
    return nsp_cli_usage_error("nspath", &cli_cmd_compare, "--pcapng writes one file: one scenario at a time");
  char *root = NULL;
  int rc = compare_faults_read(o);
  if (rc < 0 && (!compare_kernel_available() || !(root = compare_root(o)))) rc = 2;
  if (rc >= 0) return rc;
  cli_signals_install(true);
  GPtrArray *done = g_ptr_array_new_with_free_func(cmp_scenario_free);
  rc = compare_all(o, root, done);
  if (!o->pcap_dir) compare_tree_remove(root);
  if (cli_interrupted) {
    fprintf(stderr, "nspath compare: interrupted by signal %d\n", cli_interrupted);
    rc = 128 + cli_interrupted;
  } else {
    compare_report_end(o, done);
  }
  g_ptr_array_free(done, TRUE);
  g_free(root);
  return rc;
}

static const GOptionEntry compare_options[] = {
    {"pcap-dir", 0, 0, G_OPTION_ARG_FILENAME, NSP_CLI_FIELD(cmp_opts, pcap_dir),
     "Keep the captures in DIR/NAME/real and DIR/NAME/sim", "DIR"},
    {"pcapng", 0, 0, G_OPTION_ARG_FILENAME, NSP_CLI_FIELD(cmp_opts, pcapng),
     "Also write both sides' frames into one pcapng FILE", "FILE"},
    {"json", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(cmp_opts, json),
     "Print one JSON document instead of the report", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const nsp_cli_command cli_cmd_compare = {
    .name = "compare",
    .args = "SCENARIO...",
    .min_args = 1,
    .max_args = NSP_CLI_ANY,
    .summary = "Run scenarios in the model and on the kernel, and compare the two",
    .description =
        "Runs each SCENARIO twice, in the simulation (the model) and on private kernel "
        "namespaces (root: CAP_NET_ADMIN and CAP_SYS_ADMIN), and compares every command's "
        "output, masked as nspath check masks it, and every link's capture, frame by frame.  "
        "The kernel is what is expected, the model what is held to it: differences print "
        "as a diff, - kernel and + model, each frame with its number in both captures.\n\n"
        "MAC addresses are relabelled m1, m2, ... in order of appearance; IPv4 ids, ICMP echo "
        "identifiers, checksums (a wrong one still shows) and times are masked.  Captures go "
        "to DIR/NAME/real and DIR/NAME/sim with --pcap-dir (earlier .pcap files there are "
        "removed first), else to a temporary folder removed at the end.  --json prints one "
        "JSON document instead (docs/schema/compare.json).  --pcapng FILE also writes both "
        "sides' frames, of one scenario, into one pcapng, each side's times from its start and "
        "its interfaces described model: and kernel:.\n\n"
        "Exit status: 0 when everything matches, 1 when something differs, 2 on an error "
        "(no root, a file that cannot be read, a line nspath cannot run).",
    .options = compare_options,
    .opts_size = sizeof(cmp_opts),
    .run = compare_main,
};
