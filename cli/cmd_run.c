/* nspath run SCENARIO: the transcript of a scenario (or a Markdown
 * document's shell blocks) run in the simulation or, with --real, on
 * private kernel namespaces; and nspath clean, for what --keep left. */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/heap.h"
#include "cli/report.h"
#include "cli/run.h"
#include "core/scenario.h"
#include "real/keep.h"
#ifdef NSPATH_FAULT_HOOKS
#include "tests/faults/hooks.h" /* the test program nspath-faults only */
#endif

typedef struct {
  char *pcap_dir;
  char *pcapng;         /* --pcapng FILE */
  gboolean no_capture, real, keep, explain, json;
  int pace_ms; /* -1: the default pace */
} run_opts;

static void run_opts_init(void *p) { ((run_opts *)p)->pace_ms = -1; }

static gboolean run_opt_pace(const char *name, const char *value, gpointer data, GError **err) {
  run_opts *o = data;
  char *end;
  long v = strtol(value, &end, 10);
  if (*end || end == value || v < 0 || v > 60000) {
    g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--pace wants milliseconds (0 to 60000), not '%s'", value);
    return FALSE;
  }
  o->pace_ms = (int)v;
  return TRUE;
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

/* After each line: the callback already attached (the report's, the fault
 * hooks'), and now and then the heap's growth (cli/heap.h). */
typedef struct {
  void (*inner)(void *ctx, nsp_scenario_result *r, const nsp_scenario_line *l);
  void *inner_ctx;
  cli_heap heap;
  unsigned lines;
} run_lines;

static void run_line_done(void *ctx, nsp_scenario_result *r, const nsp_scenario_line *l) {
  run_lines *rl = ctx;
  if (rl->inner) rl->inner(rl->inner_ctx, r, l);
  if (++rl->lines % 64 == 0) cli_heap_grow_huge(&rl->heap);
}

static void run_lines_attach(run_lines *rl, nsp_scenario_result *r) {
  *rl = (run_lines){.inner = r->line_done, .inner_ctx = r->line_ctx};
  r->line_done = run_line_done;
  r->line_ctx = rl;
}

static int run_main(void *opts, char **args) {
  const run_opts *o = opts;
  const char *scenario = args[0];
  if (o->keep && !o->real) return nsp_cli_usage_error("nspath", &cli_cmd_run, "--keep goes with --real (a simulation keeps nothing)");
  if (o->pcap_dir && o->no_capture)
    return nsp_cli_usage_error("nspath", &cli_cmd_run, "--pcap-dir and --no-capture exclude each other");
  char *dir = NULL;
  if (!o->no_capture) {
    dir = o->pcap_dir ? g_strdup(o->pcap_dir) : run_default_pcap_dir(scenario);
    if (!run_prepare_dir(dir)) {
      g_free(dir);
      return 2;
    }
  }
  cli_backend rb;
  if (!cli_backend_open_said(o->real, dir, &rb)) {
    g_free(dir);
    return 2;
  }
  nsp_status pst = {0};
  if (o->pcapng && !cli_backend_set_pcapng(&rb, o->pcapng, dir, &pst)) {
    fprintf(stderr, "nspath: --pcapng: %s\n", pst.extack);
    cli_backend_close_said(&rb, NULL, false);
    g_free(dir);
    return 2;
  }
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  cli_report *rep = o->explain || o->json ? cli_report_new(rb.be, rb.sim, rb.real, o->explain, o->json) : NULL;
  if (rep) cli_report_attach(rep, &r);
  cli_signals_install(false);
  r.stop = &cli_interrupted;
#ifdef NSPATH_FAULT_HOOKS
  nsp_fault_hooks_attach(&r);
#endif
  run_lines lines;
  run_lines_attach(&lines, &r);
  if (o->pace_ms >= 0) r.pace_ns = (uint64_t)o->pace_ms * 1000000ULL;
  if (!o->json) r.sink = stdout; /* the transcript is printed as it grows */
  GError *err = NULL;
  int rc = 0;
  if (!nsp_scenario_run_file(rep ? cli_report_backend(rep) : rb.be, scenario, &r, &err)) {
    /* said with the lines' diagnostics, so --json has it too */
    g_string_append_printf(r.diag, "nspath: %s\n", err->message);
    g_error_free(err);
    rc = 2;
  }
  if (o->json) cli_report_run_json(rep, scenario, &r, stdout);
  else nsp_scenario_result_flush(&r);
  fflush(stdout);
  fputs(r.diag->str, stderr);
  cli_report_free(rep);
  if (r.unsupported) rc = 2;
  rb.exiting = true; /* run_main's return is the program's */
  if (!cli_backend_close_said(&rb, dir, o->keep)) rc = 2;
  if (r.stopped) {
    fprintf(stderr, "nspath: interrupted by signal %d; everything it made is gone\n", cli_interrupted);
    rc = 128 + cli_interrupted;
  }
  nsp_scenario_result_clear(&r);
  g_free(dir);
  return rc;
}


static const GOptionEntry run_options[] = {
    {"real", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(run_opts, real),
     "Run on private kernel namespaces (root)", NULL},
    {"keep", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(run_opts, keep),
     "With --real: leave the namespaces for ip netns exec", NULL},
    {"pcap-dir", 0, 0, G_OPTION_ARG_FILENAME, NSP_CLI_FIELD(run_opts, pcap_dir),
     "Write the captures to DIR (default: captures/NAME/)", "DIR"},
    {"no-capture", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(run_opts, no_capture),
     "Write no captures", NULL},
    {"pcapng", 0, 0, G_OPTION_ARG_FILENAME, NSP_CLI_FIELD(run_opts, pcapng),
     "Also write one pcapng of every link to FILE", "FILE"},
    {"pace", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)run_opt_pace,
     "Time each command takes before it acts (default 9)", "MS"},
    {"explain", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(run_opts, explain),
     "After each ping, the path of every packet it caused", NULL},
    {"json", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(run_opts, json),
     "Print one JSON document instead of the transcript", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const nsp_cli_command cli_cmd_run = {
    .name = "run",
    .args = "SCENARIO",
    .min_args = 1,
    .max_args = 1,
    .summary = "Run a scenario's commands and print what they print",
    .description =
        "Runs the commands of SCENARIO (ip, bridge, sysctl, ping, tcpdump, nc, sleep, kill, "
        "wait and jobs lines as typed in a shell: one a line, an optional \"$ \" prompt and "
        "sudo, # comments, & for a background job, pipes into grep, head and tail; see "
        "\"Scenario lines\" in nspath(1)) in a simulated set of Linux "
        "network namespaces, prints the transcript (\"$ \" and each line, then what the real "
        "command prints: iproute2 6.1, procps, iputils 20221126, error messages included) and "
        "writes one pcap per veth pair, by default into captures/NAME/ (NAME: SCENARIO's file "
        "name without its extension).\n\n"
        "A Markdown document (an article, a README: a file with fenced code blocks) is run by "
        "its shell blocks; the lines nspath cannot run there are listed as skipped, not "
        "fatal.\n\n"
        "With --real the same lines run on real, private kernel namespaces (root: "
        "CAP_NET_ADMIN and CAP_SYS_ADMIN), captured live with libpcap; they vanish when nspath "
        "ends (Ctrl-C and errors included) unless --keep leaves them under /run/netns/ as "
        "nspath-PID-NAME for ip netns exec; nspath clean removes them.\n\n"
        "--pcapng FILE also writes one pcapng of every link, its interfaces named NS/IFNAME and "
        "described, and in the simulation each frame commented with what the model did with "
        "it (written by the program nspath-pcapng).\n\n"
        "--pace MS is the time each command takes before it acts: 9 ms by default, the pace "
        "measured on the kernel, which the golden scenarios' timers depend on; 0 runs the "
        "lines back to back.\n\n"
        "--explain adds, after each ping, \"# \" lines with the path of every packet it caused, "
        "hop by hop, and where and why each ended (with --real: the kernel counters that "
        "moved). --json prints one JSON document instead of the transcript "
        "(docs/schema/run.json).\n\n"
        "Exit status: 0 when every line ran (a command failing as the kernel would is part "
        "of the transcript), 2 when a line could not run (listed on stderr as FILE:LINE: why) "
        "or on an error, 128+N after signal N.",
    .options = run_options,
    .opts_size = sizeof(run_opts),
    .opts_init = run_opts_init,
    .run = run_main,
};

/* Removes what earlier runs kept (--keep) or left, from nspath's records. */
static int clean_main(void *opts, char **args) {
  GString *out = g_string_new(NULL);
  GError *err = NULL;
  unsigned n = real_keep_clean(out, &err);
  fputs(out->str, stdout);
  printf("nspath clean: %u namespace%s removed\n", n, n == 1 ? "" : "s");
  g_string_free(out, TRUE);
  return 0;
}

const nsp_cli_command cli_cmd_clean = {
    .name = "clean",
    .summary = "Remove the namespaces nspath run --real --keep left",
    .description = "Removes the namespaces earlier runs kept (nspath run --real --keep) or left "
                   "behind, from nspath's own records under /run/netns/, and only those.",
    .run = clean_main,
};
