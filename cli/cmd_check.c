/* nspath check TRANSCRIPT: a transcript's (or a Markdown document's)
 * commands run, and each one's output compared with the lines under it;
 * nspath diff EXPECTED ACTUAL: two transcripts compared without running. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/report.h"
#include "cli/run.h"
#include "core/fileio.h"
#include "core/markdown.h"
#include "core/scenario.h"
#include "core/transcript.h"

typedef struct {
  gboolean real, json;
} check_opts;

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

/* Runs every step as one scenario (jobs and second terminals go on from
 * line to line); at[i]: the index of step i's command run, -1 for none;
 * runnable[i]: nspath could run it.  Notes and skips go into r->diag. */
static void check_steps_run(nsp_backend *be, const char *file, GPtrArray *steps,
                            nsp_scenario_result *r, gint *at, bool *runnable) {
  for (guint i = 0; i < steps->len; i++) {
    const nsp_transcript_step *s = g_ptr_array_index(steps, i);
    at[i] = -1;
    if (s->skip) {
      g_string_append_printf(r->diag, "%s:%u: skipped: %s\n", file, s->line, s->skip);
      continue;
    }
    if (s->note) g_string_append_printf(r->diag, "%s:%u: note: %s\n", file, s->line, s->note);
    guint n0 = r->outputs->len;
    runnable[i] = nsp_scenario_run_line(be, file, s->line, s->command, r);
    if (r->outputs->len > n0) at[i] = (gint)n0;
  }
  nsp_scenario_finish(be, r);
}

/* nspath check: runs the commands of a transcript, all of them as one
 * scenario, then compares each one's output with the lines that follow it
 * there; 0 same, 1 different, 2 error. */
static int check_main(void *opts, char **args) {
  const check_opts *o = opts;
  const char *file = args[0];
  gchar *text;
  GError *err = NULL;
  if (!nsp_file_read(file, NSP_FILE_MAX, &text, NULL, &err)) {
    fprintf(stderr, "nspath: %s\n", err->message);
    g_error_free(err);
    return 2;
  }
  cli_backend rb;
  if (!cli_backend_open_said(o->real, NULL, &rb)) return g_free(text), 2;
  GPtrArray *steps = nsp_markdown_steps(text, strlen(text));
  bool md = steps != NULL;
  if (!md) steps = nsp_transcript_parse(text);
  cli_report *rep = o->json ? cli_report_new(rb.be, rb.sim, rb.real, false, true) : NULL;
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  r.skip_unsupported = md;
  if (rep) cli_report_attach(rep, &r);
  gint *at = g_new(gint, steps->len + 1);
  bool *runnable = g_new0(bool, steps->len + 1);
  check_steps_run(rep ? cli_report_backend(rep) : rb.be, file, steps, &r, at, runnable);
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
      if (!rep) printf("@@ %s:%u $ %s\n%s", file, s->line, s->command, diff->str);
      if (rc == 0) rc = 1;
    }
    g_ptr_array_free(got, TRUE);
  }
  guint ran = steps->len - skipped;
  if (rep) {
    cli_report_check_json(rep, file, rc, r.diag->str, stdout);
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
  cli_backend_close_said(&rb, NULL, false);
  g_free(text);
  return rc;
}

static const GOptionEntry check_options[] = {
    {"real", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(check_opts, real),
     "Run the commands on private kernel namespaces (root)", NULL},
    {"json", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(check_opts, json),
     "Print one JSON document instead of the differences", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const nsp_cli_command cli_cmd_check = {
    .name = "check",
    .args = "TRANSCRIPT",
    .min_args = 1,
    .max_args = 1,
    .summary = "Run a transcript's commands and compare their output with it",
    .description =
        "A transcript is \"$ \" command lines, each followed by the output a person expects: "
        "what nspath run prints, or what a kernel printed.  check runs the commands (in the "
        "simulation, or with --real on private kernel namespaces) and compares each one's "
        "output with the lines under it.  Times (time=, the rtt line, traceroute's N ms), MAC addresses and the "
        "fe80 addresses made from them, interface indexes, netns ids and trailing blanks are "
        "masked: they differ between two runs on the same kernel.  Each difference prints as "
        "\"@@ FILE:LINE $ command\" and its lines, - expected and + nspath.\n\n"
        "A Markdown document is checked by its shell blocks: in a block with prompts the "
        "lines under a command are its expected output; a command with nothing under it is "
        "compared only when it fails.  --json prints one JSON document instead "
        "(docs/schema/check.json).\n\n"
        "Exit status: 0 when every command printed what was expected, 1 when some differ, "
        "2 when a command could not run or on an error.",
    .options = check_options,
    .opts_size = sizeof(check_opts),
    .run = check_main,
};

/* nspath diff: two transcripts, command by command, normalized as check
 * compares; 0 same, 1 different, 2 error. */
static int diff_main(void *opts, char **args) {
  gchar *ta = NULL, *tb = NULL;
  GError *err = NULL;
  if (!nsp_file_read(args[0], NSP_FILE_MAX, &ta, NULL, &err) ||
      !nsp_file_read(args[1], NSP_FILE_MAX, &tb, NULL, &err)) {
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
      printf("@@ %s:%u: commands part: expected \"%s\", got \"%s\"\n", args[1], y ? y->line : 0,
             x ? x->command : "(end)", y ? y->command : "(end)");
      rc = 1;
      break;
    }
    if (nsp_transcript_diff(x->output, y->output, d)) {
      printf("@@ %s:%u $ %s\n%s", args[1], y->line, y->command, d->str);
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

const nsp_cli_command cli_cmd_diff = {
    .name = "diff",
    .args = "EXPECTED ACTUAL",
    .min_args = 2,
    .max_args = 2,
    .summary = "Compare two transcripts, masked as check compares them",
    .description = "Compares two transcripts command by command, without running anything, "
                   "through the same masking as nspath check; differences print as check "
                   "prints them.\n\n"
                   "Exit status: 0 when they agree, 1 when they differ, 2 on an error.",
    .run = diff_main,
};
