/* nspath: run a namespace scenario in the simulation. */
#include <errno.h>
#include <glib.h>
#include <signal.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/compare.h"
#include "cli/frames.h"
#include "cli/graph_cmd.h"
#include "cli/html_cmd.h"
#include "cli/report.h"
#include "cli/run.h"
#include "core/markdown.h"
#include "core/scenario.h"
#include "core/transcript.h"
#include "real/keep.h"
#include "real/world.h"
#include "sim/world.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: nspath run [--real [--keep]] [--pcap-dir DIR | --no-capture] [--pcapng FILE]\n"
          "                  [--pace MS] [--explain] [--json] SCENARIO\n"
          "       nspath check [--real] [--json] TRANSCRIPT\n"
          "       nspath diff EXPECTED ACTUAL   (two transcripts, normalized as check does)\n"
          "       nspath compare [--pcap-dir DIR] [--json] SCENARIO...   (the model against the kernel)\n"
          "       nspath frames [--json] PCAP...   (one normalized line per frame)\n"
          "       nspath graph [--format dot|svg|png] [--at LINE] [--explain] [--real] [-o FILE] SCENARIO\n"
          "       nspath report [--real] -o REPORT.html SCENARIO   (one self-contained page)\n"
          "       nspath clean\n"
          "\n"
          "Runs the commands of SCENARIO (ip, sysctl, ping lines as typed in a shell)\n"
          "in a simulated set of Linux network namespaces, prints what the real\n"
          "commands would print, and writes one pcap per veth pair\n"
          "(default: captures/<scenario name>/).\n"
          "A Markdown file (fenced code blocks) is run or checked by its shell\n"
          "blocks; lines nspath cannot run there are listed as skipped.\n"
          "With --real the same lines run on real, private kernel namespaces\n"
          "(root needed); they vanish when nspath ends, unless --keep leaves\n"
          "them under /run/netns/ for `ip netns exec`; `nspath clean` removes\n"
          "whatever nspath kept, and only that.\n"
          "--pace MS: time each command takes before it acts (default 9, the\n"
          "kernel's measured pace; 0 runs the lines back to back).\n"
          "--explain: after each ping, the path of every packet it caused and why\n"
          "it ended where it did (with --real: the kernel counters that moved).\n"
          "--json: one JSON document instead of the transcript (README: --json).\n"
          "--pcapng FILE: also one pcapng of every link, interfaces named NS/IFNAME,\n"
          "each frame with a comment on what the model did with it (simulation).\n");
}

typedef struct {
  const char *pcap_dir;
  bool no_capture;
  bool real;
  bool keep;
  int pace_ms;          /* -1: the default pace */
  bool explain, json;
  const char *pcapng;   /* --pcapng FILE */
  const char *scenario;
} run_opts;

static int run_opts_parse(int argc, char **argv, run_opts *o) {
  memset(o, 0, sizeof *o);
  o->pace_ms = -1;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--pcap-dir") == 0 && i + 1 < argc) {
      o->pcap_dir = argv[++i];
    } else if (strncmp(argv[i], "--pcap-dir=", 11) == 0) {
      o->pcap_dir = argv[i] + 11;
    } else if (strcmp(argv[i], "--pcapng") == 0 && i + 1 < argc) {
      o->pcapng = argv[++i];
    } else if (strncmp(argv[i], "--pcapng=", 9) == 0) {
      o->pcapng = argv[i] + 9;
    } else if (strcmp(argv[i], "--no-capture") == 0) {
      o->no_capture = true;
    } else if (strcmp(argv[i], "--real") == 0) {
      o->real = true;
    } else if (strcmp(argv[i], "--keep") == 0) {
      o->keep = true;
    } else if (strcmp(argv[i], "--explain") == 0) {
      o->explain = true;
    } else if (strcmp(argv[i], "--json") == 0) {
      o->json = true;
    } else if (strcmp(argv[i], "--pace") == 0 && i + 1 < argc) {
      char *end;
      long v = strtol(argv[++i], &end, 10);
      if (*end || end == argv[i] || v < 0 || v > 60000) {
        fprintf(stderr, "nspath: --pace wants milliseconds (0 to 60000), not '%s'\n", argv[i]);
        return 2;
      }
      o->pace_ms = (int)v;
    } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      usage(stdout);
      return 0;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "nspath: unknown option '%s'\n", argv[i]);
      return 2;
    } else if (o->scenario) {
      fprintf(stderr, "nspath: one scenario at a time ('%s' and '%s')\n", o->scenario, argv[i]);
      return 2;
    } else {
      o->scenario = argv[i];
    }
  }
  if (!o->scenario) {
    usage(stderr);
    return 2;
  }
  if (o->keep && !o->real) {
    fprintf(stderr, "nspath: --keep goes with --real (a simulation keeps nothing)\n");
    return 2;
  }
  if (o->pcap_dir && o->no_capture) {
    fprintf(stderr, "nspath: --pcap-dir and --no-capture exclude each other\n");
    return 2;
  }
  return -1;
}

/* captures/<name>/ where name is the scenario file's name without extension */
static char *run_default_pcap_dir(const char *scenario) {
  char *base = g_path_get_basename(scenario);
  char *dot = strrchr(base, '.');
  if (dot && dot != base) *dot = '\0';
  char *dir = g_build_filename("captures", base, NULL);
  g_free(base);
  return dir;
}

static bool run_prepare_dir(const char *dir) {
  if (g_mkdir_with_parents(dir, 0755) != 0) {
    fprintf(stderr, "nspath: cannot create %s: %s\n", dir, g_strerror(errno));
    return false;
  }
  return true;
}

/* Opens the backend a run uses, or says why it cannot. */
static bool run_backend_open(const run_opts *o, const char *dir, cli_backend *b) {
  nsp_status st = {0};
  if (cli_backend_open(o->real, dir, 0, b, &st)) return true;
  cli_backend_open_error("nspath", &st);
  return false;
}

/* Ends the captures (the clock runs the capture tail first), keeps the
 * namespaces when asked, frees the backend; false when something failed. */
static bool run_backend_close(cli_backend *b, const char *dir, bool keep) {
  unsigned files;
  uint64_t frames;
  GString *why = g_string_new(NULL);
  bool ok = cli_backend_close(b, dir != NULL, keep, &files, &frames, why);
  if (!ok) fprintf(stderr, "nspath: %s\n", why->str);
  g_string_free(why, TRUE);
  if (dir)
    fprintf(stderr, "nspath: %u pcap file%s, %llu frame%s in %s/\n", files, files == 1 ? "" : "s",
            (unsigned long long)frames, frames == 1 ? "" : "s", dir);
  return ok;
}

static int cmd_run(const run_opts *o) {
  char *dir = NULL;
  if (!o->no_capture) {
    dir = o->pcap_dir ? g_strdup(o->pcap_dir) : run_default_pcap_dir(o->scenario);
    if (!run_prepare_dir(dir)) {
      g_free(dir);
      return 2;
    }
  }
  cli_backend rb;
  if (!run_backend_open(o, dir, &rb)) {
    g_free(dir);
    return 2;
  }
  nsp_status pst = {0};
  if (o->pcapng && !cli_backend_set_pcapng(&rb, o->pcapng, dir, &pst)) {
    fprintf(stderr, "nspath: --pcapng: %s\n", pst.extack);
    run_backend_close(&rb, NULL, false);
    g_free(dir);
    return 2;
  }
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  cli_report *rep = o->explain || o->json ? cli_report_new(rb.be, rb.sim, rb.real, o->explain, o->json) : NULL;
  if (rep) cli_report_attach(rep, &r);
  cli_signals_install(false);
  r.stop = &cli_interrupted;
  if (o->pace_ms >= 0) r.pace_ns = (uint64_t)o->pace_ms * 1000000ULL;
  GError *err = NULL;
  int rc = 0;
  if (!nsp_scenario_run_file(rep ? cli_report_backend(rep) : rb.be, o->scenario, &r, &err)) {
    fprintf(stderr, "nspath: %s\n", err->message);
    g_error_free(err);
    rc = 2;
  }
  if (o->json) cli_report_run_json(rep, o->scenario, &r, stdout);
  else fwrite(r.transcript->str, 1, r.transcript->len, stdout);
  fflush(stdout);
  fputs(r.diag->str, stderr);
  cli_report_free(rep);
  if (r.unsupported) rc = 2;
  if (!run_backend_close(&rb, dir, o->keep)) rc = 2;
  if (r.stopped) {
    fprintf(stderr, "nspath: interrupted by signal %d; everything it made is gone\n", cli_interrupted);
    rc = 128 + cli_interrupted;
  }
  nsp_scenario_result_clear(&r);
  g_free(dir);
  return rc;
}

/* The output lines of the index-th command run (its slot, complete once
 * nsp_scenario_finish() ran: second terminals print after their line). */
static GPtrArray *check_output_lines(const nsp_scenario_result *r, guint index) {
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  const GString *o = g_ptr_array_index(r->outputs, index);
  gchar **lines = g_strsplit(o->str, "\n", -1);
  guint n = g_strv_length(lines);
  if (n && !lines[n - 1][0]) n--; /* the final newline */
  for (guint i = 0; i < n; i++) g_ptr_array_add(out, g_strdup(lines[i]));
  g_strfreev(lines);
  return out;
}

/* nspath check: runs the commands of a transcript, all of them as one
 * scenario, then compares each one's output with the lines that follow it
 * there; 0 same, 1 different, 2 error. */
static int cmd_check(int argc, char **argv) {
  run_opts o = {.pace_ms = -1, .no_capture = true};
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--real") == 0) o.real = true;
    else if (strcmp(argv[i], "--json") == 0) o.json = true;
    else if (argv[i][0] == '-' && argv[i][1])
      return fprintf(stderr, "nspath check: unknown option '%s'\n", argv[i]), 2;
    else if (!o.scenario) o.scenario = argv[i];
    else return fprintf(stderr, "nspath check: one transcript at a time\n"), 2;
  }
  if (!o.scenario) return fprintf(stderr, "usage: nspath check [--real] [--json] TRANSCRIPT\n"), 2;
  gchar *text;
  GError *err = NULL;
  if (!g_file_get_contents(o.scenario, &text, NULL, &err)) {
    fprintf(stderr, "nspath: %s\n", err->message);
    g_error_free(err);
    return 2;
  }
  cli_backend rb;
  if (!run_backend_open(&o, NULL, &rb)) return g_free(text), 2;
  bool md = nsp_markdown_detect(text, strlen(text));
  GPtrArray *steps = md ? nsp_markdown_parse(text, strlen(text)) : nsp_transcript_parse(text);
  cli_report *rep = o.json ? cli_report_new(rb.be, rb.sim, rb.real, false, true) : NULL;
  nsp_backend *be = rep ? cli_report_backend(rep) : rb.be;
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  r.skip_unsupported = md;
  if (rep) cli_report_attach(rep, &r);
  gint *at = g_new(gint, steps->len + 1); /* each step's output, -1: none */
  bool *runnable = g_new0(bool, steps->len + 1); /* nspath could run it */
  for (guint i = 0; i < steps->len; i++) {
    const nsp_transcript_step *s = g_ptr_array_index(steps, i);
    at[i] = -1;
    if (s->skip) {
      g_string_append_printf(r.diag, "%s:%u: skipped: %s\n", o.scenario, s->line, s->skip);
      continue;
    }
    if (s->note) g_string_append_printf(r.diag, "%s:%u: note: %s\n", o.scenario, s->line, s->note);
    guint n0 = r.outputs->len;
    runnable[i] = nsp_scenario_run_line(be, o.scenario, s->line, s->command, &r);
    if (r.outputs->len > n0) at[i] = (gint)n0;
  }
  nsp_scenario_finish(be, &r);
  fputs(r.diag->str, stderr);
  int rc = 0;
  guint skipped = 0;
  GString *diff = g_string_new(NULL);
  for (guint i = 0; i < steps->len; i++) {
    const nsp_transcript_step *s = g_ptr_array_index(steps, i);
    GPtrArray *got = runnable[i] && at[i] >= 0 ? check_output_lines(&r, (guint)at[i]) : NULL;
    int status = at[i] >= 0 ? g_array_index(r.statuses, int, at[i]) : 0;
    g_string_truncate(diff, 0);
    /* Markdown: where no output is shown, only a failure is a difference */
    bool differ = got && (!s->unshown || status) && nsp_transcript_diff(s->output, got, diff);
    if (rep && at[i] >= 0) cli_report_check_step(rep, (guint)at[i], s, got, diff->str);
    if (!got) {
      if (md) skipped++;
      else rc = 2;
      continue;
    }
    if (differ) {
      if (!rep) printf("@@ %s:%u $ %s\n%s", o.scenario, s->line, s->command, diff->str);
      if (rc == 0) rc = 1;
    }
    g_ptr_array_free(got, TRUE);
  }
  guint ran = steps->len - skipped;
  if (rep) {
    cli_report_check_json(rep, o.scenario, rc, stdout);
  } else {
    printf("nspath check: %u command%s, ", ran, ran == 1 ? "" : "s");
    if (skipped) printf("%u skipped, ", skipped);
    printf("%s\n", rc == 0 ? "all as expected" : rc == 1 ? "some differ (- expected, + nspath)" : "some could not run");
  }
  cli_report_free(rep);
  nsp_scenario_result_clear(&r);
  g_free(at);
  g_free(runnable);
  g_string_free(diff, TRUE);
  g_ptr_array_free(steps, TRUE);
  run_backend_close(&rb, NULL, false);
  g_free(text);
  return rc;
}

/* nspath diff: two transcripts, command by command, normalized as check
 * compares; 0 same, 1 different, 2 error. */
static int cmd_diff(int argc, char **argv) {
  if (argc != 4) return fprintf(stderr, "usage: nspath diff EXPECTED ACTUAL\n"), 2;
  gchar *ta = NULL, *tb = NULL;
  GError *err = NULL;
  if (!g_file_get_contents(argv[2], &ta, NULL, &err) || !g_file_get_contents(argv[3], &tb, NULL, &err)) {
    fprintf(stderr, "nspath: %s\n", err->message);
    g_error_free(err);
    g_free(ta);
    return 2;
  }
  GPtrArray *a = nsp_transcript_parse(ta), *b = nsp_transcript_parse(tb);
  GString *d = g_string_new(NULL);
  int rc = 0;
  for (guint i = 0; i < MAX(a->len, b->len); i++) {
    const nsp_transcript_step *x = i < a->len ? g_ptr_array_index(a, i) : NULL;
    const nsp_transcript_step *y = i < b->len ? g_ptr_array_index(b, i) : NULL;
    g_string_truncate(d, 0);
    if (!x || !y || strcmp(x->command, y->command) != 0) {
      printf("@@ %s:%u: commands part: expected \"%s\", got \"%s\"\n", argv[3], y ? y->line : 0,
             x ? x->command : "(end)", y ? y->command : "(end)");
      rc = 1;
      break;
    }
    if (nsp_transcript_diff(x->output, y->output, d)) {
      printf("@@ %s:%u $ %s\n%s", argv[3], y->line, y->command, d->str);
      rc = 1;
    }
  }
  g_string_free(d, TRUE);
  g_ptr_array_free(a, TRUE);
  g_ptr_array_free(b, TRUE);
  g_free(ta);
  g_free(tb);
  return rc;
}

/* Removes what earlier runs kept (--keep) or left, from nspath's records. */
static int cmd_clean(void) {
  GString *out = g_string_new(NULL);
  GError *err = NULL;
  unsigned n = real_keep_clean(out, &err);
  fputs(out->str, stdout);
  printf("nspath clean: %u namespace%s removed\n", n, n == 1 ? "" : "s");
  g_string_free(out, TRUE);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "clean") == 0) return cmd_clean();
  if (strcmp(argv[1], "check") == 0) return cmd_check(argc, argv);
  if (strcmp(argv[1], "diff") == 0) return cmd_diff(argc, argv);
  if (strcmp(argv[1], "compare") == 0) return nspath_compare_main(argc - 1, argv + 1);
  if (strcmp(argv[1], "frames") == 0) return nspath_frames_main(argc - 1, argv + 1);
  if (strcmp(argv[1], "graph") == 0) return nspath_graph_main(argc - 1, argv + 1);
  if (strcmp(argv[1], "report") == 0) return nspath_report_main(argc - 1, argv + 1);
  if (strcmp(argv[1], "run") != 0) {
    fprintf(stderr, "nspath: unknown command '%s' (try 'nspath run SCENARIO')\n", argv[1]);
    return 2;
  }
  run_opts o;
  int rc = run_opts_parse(argc, argv, &o);
  if (rc >= 0) return rc;
  return cmd_run(&o);
}
