#include "core/transcript.h"

#include <string.h>

#include "core/linediff.h"

static void step_free(gpointer p) {
  nsp_transcript_step *s = p;
  g_free(s->command);
  g_free(s->skip);
  g_free(s->note);
  g_ptr_array_free(s->output, TRUE);
  g_free(s);
}

GPtrArray *nsp_transcript_steps_new(void) { return g_ptr_array_new_with_free_func(step_free); }

nsp_transcript_step *nsp_transcript_step_new(const char *command, unsigned line) {
  nsp_transcript_step *s = g_new0(nsp_transcript_step, 1);
  s->command = g_strdup(command);
  s->line = line;
  s->output = g_ptr_array_new_with_free_func(g_free);
  return s;
}

GPtrArray *nsp_transcript_parse(const char *text) {
  GPtrArray *steps = nsp_transcript_steps_new();
  gchar **lines = g_strsplit(text, "\n", -1);
  guint n = g_strv_length(lines);
  if (n && !lines[n - 1][0]) n--; /* the final newline */
  nsp_transcript_step *cur = NULL;
  for (guint i = 0; i < n; i++) {
    if (g_str_has_prefix(lines[i], "$ ") || strcmp(lines[i], "$") == 0) {
      cur = nsp_transcript_step_new(lines[i][1] ? lines[i] + 2 : "", i + 1);
      g_ptr_array_add(steps, cur);
    } else if (cur) {
      g_ptr_array_add(cur->output, g_strdup(lines[i]));
    }
  }
  g_strfreev(lines);
  return steps;
}

/* The masks of tests/golden.sh, in C: each pattern and its replacement. */
static const char *const masks[][2] = {
    {"time=[0-9.]+ ms", "time=T ms"},
    {", time [0-9]+ms", ", time Tms"},
    {"^rtt min/avg/max/mdev = [0-9./]+ ms", "rtt min/avg/max/mdev = T ms"},
    /* ip -d link: a bridge id's address as ether_ntoa() writes it */
    {"([0-9a-f]{4})\\.[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}", "\\1.MAC"},
    {"([0-9a-f]{2}:){5}[0-9a-f]{2}", "MAC"},
    {"MAC brd MAC", "MAC brd ff:ff:ff:ff:ff:ff"},
    {"fe80::[0-9a-f:]+/64", "fe80::EUI64/64"},
    {"^[0-9]+: ", "N: "},
    {"@if[0-9]+:", "@ifN:"},
    {" \\(id: [0-9]+\\)$", ""},
    {"link-netnsid [0-9]+", "link-netnsid N"},
    /* bash's "[1] 12345" for a job in the background: its process id */
    {"^(\\[[0-9]+\\]) [0-9]+$", "\\1 PID"},
    /* tcpdump: the time stamps of -t's forms (time of day, epoch, deltas,
     * date), the ICMP echo identifier, the IPv4 ID of -v */
    {"^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} ", "HH:MM:SS.US "},
    {"^[0-9]+\\.[0-9]{6} ", "EPOCH.US "},
    {"^[ -][0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} ", " DELTA "},
    {"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6} ", "DATE TIME "},
    {"(ICMP echo (request|reply)), id [0-9]+, seq", "\\1, id ID, seq"},
    {"(\\(tos 0x[0-9a-f]+(,[A-Z()0-9]+)?, ttl [0-9]+), id [0-9]+,", "\\1, id ID,"},
    /* ip -d link: the bridge's and ports' timers */
    {"_timer +[0-9]+\\.[0-9]{2}", "_timer T"},
    /* ip -d link: a veth has a queue per possible CPU of the machine */
    {"numtxqueues [0-9]+ numrxqueues [0-9]+", "numtxqueues Q numrxqueues Q"},
    {"[ \\t]+$", ""},
};

char *nsp_transcript_normalize_line(const char *line) {
  char *s = g_strdup(line);
  for (size_t i = 0; i < G_N_ELEMENTS(masks); i++) {
    GRegex *re = g_regex_new(masks[i][0], G_REGEX_OPTIMIZE, 0, NULL);
    char *t = g_regex_replace(re, s, -1, 0, masks[i][1], 0, NULL);
    g_regex_unref(re);
    if (t) {
      g_free(s);
      s = t;
    }
  }
  return s;
}

/* Normalized lines compared by core/linediff.c; the output shows them as written. */
bool nsp_transcript_diff(GPtrArray *want, GPtrArray *got, GString *out) {
  guint n = want->len, m = got->len;
  char **a = g_new0(char *, n + 1), **b = g_new0(char *, m + 1);
  for (guint i = 0; i < n; i++) a[i] = nsp_transcript_normalize_line(g_ptr_array_index(want, i));
  for (guint j = 0; j < m; j++) b[j] = nsp_transcript_normalize_line(g_ptr_array_index(got, j));
  GArray *ops = nsp_diff_lines(a, n, b, m);
  bool differ = nsp_diff_differs(ops);
  for (guint k = 0; differ && k < ops->len; k++) {
    const nsp_diff_op *op = &g_array_index(ops, nsp_diff_op, k);
    if (op->kind == NSP_DIFF_ADD)
      g_string_append_printf(out, "+%s\n", (char *)g_ptr_array_index(got, op->b));
    else
      g_string_append_printf(out, "%c%s\n", op->kind == NSP_DIFF_SAME ? ' ' : '-',
                             (char *)g_ptr_array_index(want, op->a));
  }
  g_array_free(ops, TRUE);
  g_strfreev(a);
  g_strfreev(b);
  return differ;
}
