#include "cli/compare.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "cli/pcapng.h"
#include "cli/run.h"
#include "core/frames.h"
#include "core/linediff.h"
#include "core/scenario.h"
#include "core/transcript.h"
#include "real/world.h"
#include "sim/world.h"

typedef struct {
  const char *pcap_dir; /* NULL: a temporary folder, removed at the end */
  bool json;
  unsigned faults;      /* NSPATH_SIM_FAULT, for tests only */
  const char *pcapng;   /* --pcapng FILE: both sides' frames in one file */
  GPtrArray *scenarios; /* const char* */
} cmp_opts;

static const char cmp_usage[] =
    "usage: nspath compare [--pcap-dir DIR] [--pcapng FILE] [--json] SCENARIO...\n";

static int compare_opts_parse(int argc, char **argv, cmp_opts *o) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--pcap-dir") == 0 && i + 1 < argc) o->pcap_dir = argv[++i];
    else if (strncmp(argv[i], "--pcap-dir=", 11) == 0) o->pcap_dir = argv[i] + 11;
    else if (strcmp(argv[i], "--json") == 0) o->json = true;
    else if (strcmp(argv[i], "--pcapng") == 0 && i + 1 < argc) o->pcapng = argv[++i];
    else if (strncmp(argv[i], "--pcapng=", 9) == 0) o->pcapng = argv[i] + 9;
    else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
      return fputs(cmp_usage, stdout), 0;
    else if (argv[i][0] == '-' && argv[i][1])
      return fprintf(stderr, "nspath compare: unknown option '%s'\n%s", argv[i], cmp_usage), 2;
    else g_ptr_array_add(o->scenarios, argv[i]);
  }
  if (!o->scenarios->len) return fputs(cmp_usage, stderr), 2;
  if (o->pcapng && o->scenarios->len > 1)
    return fputs("nspath compare: --pcapng writes one file: one scenario at a time\n", stderr), 2;
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
  g_ptr_array_free(s->diffs, TRUE);
  g_ptr_array_free(s->links, TRUE);
  g_free(s);
}

/* Command by command, normalized as `nspath check` compares. */
static bool compare_transcripts(cmp_scenario *s, const nsp_scenario_result *kr,
                                const nsp_scenario_result *mr) {
  GPtrArray *k = nsp_transcript_parse(kr->transcript->str);
  GPtrArray *m = nsp_transcript_parse(mr->transcript->str);
  bool ok = k->len == m->len && m->len == mr->lines->len;
  GString *d = g_string_new(NULL);
  for (guint i = 0; ok && i < k->len; i++) {
    const nsp_transcript_step *x = g_ptr_array_index(k, i), *y = g_ptr_array_index(m, i);
    g_string_truncate(d, 0);
    if (strcmp(x->command, y->command) != 0) ok = false;
    else if (nsp_transcript_diff(x->output, y->output, d)) {
      cmp_command *c = g_new0(cmp_command, 1);
      c->line = g_array_index(mr->lines, unsigned, i);
      c->command = g_strdup(y->command);
      c->diff = g_ptr_array_new_with_free_func(g_free);
      gchar **lines = g_strsplit(d->str, "\n", -1);
      for (guint j = 0; lines[j] && lines[j][0]; j++) g_ptr_array_add(c->diff, g_strdup(lines[j]));
      g_strfreev(lines);
      g_ptr_array_add(s->diffs, c);
    }
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

/* Runs one scenario on both sides and compares what they did. */
static cmp_scenario *compare_scenario(const cmp_opts *o, const char *path, const char *root) {
  cmp_scenario *s = g_new0(cmp_scenario, 1);
  s->path = g_strdup(path);
  s->name = compare_scenario_name(path);
  s->diffs = g_ptr_array_new_with_free_func(cmp_command_free);
  s->links = g_ptr_array_new_with_free_func(cmp_link_free);
  if (!compare_dirs_prepare(s, root)) return s;
  nsp_scenario_result kr, mr;
  nsp_scenario_result_init(&kr);
  nsp_scenario_result_init(&mr);
  GString *why = g_string_new(NULL);
  cli_pcapng *png = o->pcapng ? cli_pcapng_new() : NULL;
  if (!compare_run(o, path, false, s->model_dir, &mr, png, why) ||
      !compare_run(o, path, true, s->kernel_dir, &kr, png, why))
    s->error = g_strdup(why->str);
  else if (png && !cli_pcapng_write(g_steal_pointer(&png), o->pcapng, why))
    s->error = g_strdup(why->str);
  else if (compare_transcripts(s, &kr, &mr))
    compare_links(s);
  s->differs = s->diffs->len || compare_links_differing(s);
  cli_pcapng_free(png);
  g_string_free(why, TRUE);
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
  for (guint i = 0; i < o->scenarios->len && !cli_interrupted; i++) {
    cmp_scenario *s = compare_scenario(o, o->scenarios->pdata[i], root);
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
  GString *j = g_string_new(NULL);
  compare_report_json(j, done);
  fputs(j->str, stdout);
  g_string_free(j, TRUE);
}

int nspath_compare_main(int argc, char **argv) {
  cmp_opts o = {.scenarios = g_ptr_array_new()};
  char *root = NULL;
  int rc = compare_opts_parse(argc, argv, &o);
  if (rc < 0 && (!compare_kernel_available() || !(root = compare_root(&o)))) rc = 2;
  if (rc >= 0) {
    g_ptr_array_free(o.scenarios, TRUE);
    return rc;
  }
  cli_signals_install(true);
  GPtrArray *done = g_ptr_array_new_with_free_func(cmp_scenario_free);
  rc = compare_all(&o, root, done);
  if (!o.pcap_dir) compare_tree_remove(root);
  if (cli_interrupted) {
    fprintf(stderr, "nspath compare: interrupted by signal %d\n", cli_interrupted);
    rc = 128 + cli_interrupted;
  } else {
    compare_report_end(&o, done);
  }
  g_ptr_array_free(done, TRUE);
  g_ptr_array_free(o.scenarios, TRUE);
  g_free(root);
  return rc;
}
