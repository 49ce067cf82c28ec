/* nspath compare's reports: a diff a person can act on (scenario, link,
 * frame numbers in each capture, - kernel / + model), and the same as JSON
 * for tools (docs/schema/compare.json). */
#include <string.h>

#include "cli/compare.h"
#include "core/frames.h"
#include "cli/json_doc.h"
#include "core/linediff.h"

#define CMP_CONTEXT 2 /* same frames shown around a difference */

unsigned compare_commands_differing(const cmp_scenario *s) {
  unsigned n = 0;
  for (guint i = 0; i < s->cmds->len; i++) n += ((cmp_command *)s->cmds->pdata[i])->diff->len > 0;
  return n;
}

unsigned compare_links_differing(const cmp_scenario *s) {
  unsigned n = 0;
  for (guint i = 0; i < s->links->len; i++) n += ((cmp_link *)s->links->pdata[i])->differs;
  return n;
}

static guint compare_frames_total(const cmp_scenario *s) {
  guint n = 0;
  for (guint i = 0; i < s->links->len; i++) {
    const cmp_link *l = s->links->pdata[i];
    n += l->kernel ? l->kernel->len : 0;
  }
  return n;
}

static const nsp_frame *link_frame(GPtrArray *frames, guint i) {
  return frames && i < frames->len ? frames->pdata[i] : NULL;
}

/* "-   kernel  model  text": a frame line with its number in each file. */
static void report_frame_line(FILE *f, const cmp_link *l, const nsp_diff_op *op) {
  const nsp_frame *k = op->kind != NSP_DIFF_ADD ? link_frame(l->kernel, op->a) : NULL;
  const nsp_frame *m = op->kind != NSP_DIFF_DEL ? link_frame(l->model, op->b) : NULL;
  char kn[16] = "", mn[16] = "";
  if (k) g_snprintf(kn, sizeof kn, "%u", k->number);
  if (m) g_snprintf(mn, sizeof mn, "%u", m->number);
  char c = op->kind == NSP_DIFF_SAME ? ' ' : op->kind == NSP_DIFF_DEL ? '-' : '+';
  fprintf(f, "%c%6s %6s  %s\n", c, kn, mn, (k ? k : m)->text);
}

/* The hunk header: where the first difference of ops[from..to] stands. */
static void report_hunk_header(FILE *f, const cmp_scenario *s, const cmp_link *l, GArray *ops,
                               guint from, guint to) {
  const nsp_frame *k = NULL, *m = NULL;
  for (guint i = from; i <= to; i++) {
    const nsp_diff_op *op = &g_array_index(ops, nsp_diff_op, i);
    if (op->kind == NSP_DIFF_DEL && !k) k = link_frame(l->kernel, op->a);
    if (op->kind == NSP_DIFF_ADD && !m) m = link_frame(l->model, op->b);
  }
  fprintf(f, "@@ %s %s: ", s->name, l->pcap);
  if (k && m) fprintf(f, "kernel frame %u, model frame %u differ\n", k->number, m->number);
  else if (k) fprintf(f, "kernel frame %u is missing from the model\n", k->number);
  else fprintf(f, "model frame %u is not in the kernel's capture\n", m->number);
  fprintf(f, " %6s %6s\n", "kernel", "model");
}

static void report_link(FILE *f, const cmp_scenario *s, const cmp_link *l) {
  GArray *ops = l->ops;
  if (!l->kernel || !l->model)
    fprintf(f, "@@ %s %s: only the %s captured this link\n", s->name, l->pcap,
            l->kernel ? "kernel" : "model");
  for (guint i = 0; i < ops->len;) {
    if (g_array_index(ops, nsp_diff_op, i).kind == NSP_DIFF_SAME) {
      i++;
      continue;
    }
    /* a hunk: this difference and the next ones closer than twice the context */
    guint end = i, same = 0;
    for (guint j = i; j < ops->len && same <= 2 * CMP_CONTEXT; j++) {
      if (g_array_index(ops, nsp_diff_op, j).kind == NSP_DIFF_SAME) same++;
      else end = j, same = 0;
    }
    guint from = i > CMP_CONTEXT ? i - CMP_CONTEXT : 0;
    guint to = MIN(end + CMP_CONTEXT, ops->len - 1);
    report_hunk_header(f, s, l, ops, i, end);
    for (guint j = from; j <= to; j++) report_frame_line(f, l, &g_array_index(ops, nsp_diff_op, j));
    i = to + 1;
  }
}

void compare_report_text(FILE *f, const cmp_scenario *s) {
  if (s->error) {
    fprintf(f, "ERROR %s: %s\n", s->name, s->error);
    return;
  }
  unsigned ld = compare_links_differing(s);
  if (!s->differs) {
    guint frames = compare_frames_total(s);
    fprintf(f, "ok %s: %u command%s, %u link%s, %u frame%s alike\n", s->name, s->commands,
            s->commands == 1 ? "" : "s", s->links->len, s->links->len == 1 ? "" : "s", frames,
            frames == 1 ? "" : "s");
    return;
  }
  fprintf(f, "DIFFERS %s: %u of %u commands, %u of %u links (- kernel, + model)\n", s->name,
          compare_commands_differing(s), s->commands, ld, s->links->len);
  for (guint i = 0; i < s->cmds->len; i++) {
    const cmp_command *c = s->cmds->pdata[i];
    if (!c->diff->len) continue;
    fprintf(f, "@@ %s:%u $ %s\n", s->path, c->line, c->command);
    for (guint j = 0; j < c->diff->len; j++) fprintf(f, "%s\n", (char *)c->diff->pdata[j]);
  }
  for (guint i = 0; i < s->links->len; i++)
    if (((cmp_link *)s->links->pdata[i])->differs) report_link(f, s, s->links->pdata[i]);
  if (s->kernel_dir) fprintf(f, "   captures: %s (kernel), %s (model)\n", s->kernel_dir, s->model_dir);
}

void compare_report_summary(FILE *f, GPtrArray *scenarios) {
  unsigned ok = 0, differ = 0, err = 0;
  for (guint i = 0; i < scenarios->len; i++) {
    const cmp_scenario *s = scenarios->pdata[i];
    if (s->error) err++;
    else if (s->differs) differ++;
    else ok++;
  }
  fprintf(f, "nspath compare: %u scenario%s: %u alike, %u differ%s, %u could not be compared\n",
          scenarios->len, scenarios->len == 1 ? "" : "s", ok, differ, differ == 1 ? "s" : "", err);
}

static void json_frame(JsonObject *o, const char *num_key, const char *text_key, const nsp_frame *fr) {
  cli_json_set_int_or_null(o, num_key, fr != NULL, fr ? fr->number : 0);
  json_object_set_string_member(o, text_key, fr ? fr->text : NULL);
}

/* The differences of a link, a deleted frame paired with the added one at
 * the same place in its run of changes: expected (kernel) and actual (model). */
static JsonArray *json_link_differences(const cmp_link *l) {
  GArray *ops = l->ops;
  JsonArray *arr = json_array_new();
  for (guint i = 0; i < ops->len;) {
    guint end = i;
    while (end < ops->len && g_array_index(ops, nsp_diff_op, end).kind != NSP_DIFF_SAME) end++;
    GPtrArray *del = g_ptr_array_new(), *add = g_ptr_array_new();
    for (guint k = i; k < end; k++) {
      const nsp_diff_op *op = &g_array_index(ops, nsp_diff_op, k);
      if (op->kind == NSP_DIFF_DEL) g_ptr_array_add(del, (gpointer)link_frame(l->kernel, op->a));
      else g_ptr_array_add(add, (gpointer)link_frame(l->model, op->b));
    }
    for (guint k = 0; k < MAX(del->len, add->len); k++) {
      JsonObject *o = json_object_new();
      json_frame(o, "kernel_frame", "expected", k < del->len ? del->pdata[k] : NULL);
      json_frame(o, "model_frame", "actual", k < add->len ? add->pdata[k] : NULL);
      json_array_add_object_element(arr, o);
    }
    g_ptr_array_free(del, TRUE);
    g_ptr_array_free(add, TRUE);
    i = end > i ? end : i + 1;
  }
  return arr;
}

static JsonObject *json_link(const cmp_link *l) {
  JsonObject *o = json_object_new();
  json_object_set_string_member(o, "pcap", l->pcap);
  char *name = g_strndup(l->pcap, strlen(l->pcap) - strlen(".pcap"));
  json_object_set_string_member(o, "link", name);
  g_free(name);
  json_object_set_boolean_member(o, "match", !l->differs);
  json_object_set_string_member(o, "only_in", l->kernel && l->model ? NULL : l->kernel ? "kernel" : "model");
  cli_json_set_int_or_null(o, "kernel_frames", l->kernel != NULL, l->kernel ? l->kernel->len : 0);
  cli_json_set_int_or_null(o, "model_frames", l->model != NULL, l->model ? l->model->len : 0);
  json_object_set_array_member(o, "differences", json_link_differences(l));
  return o;
}

/* A command as run and check have it: output and exit status the model's,
 * expected the kernel's output. */
static JsonObject *json_command(const cmp_command *c) {
  JsonObject *o = cli_json_command_new(c->line, c->command, true, c->status, c->output);
  GString *d = g_string_new(NULL);
  for (guint i = 0; i < c->diff->len; i++) g_string_append_printf(d, "%s\n", (char *)c->diff->pdata[i]);
  cli_json_command_compared(o, c->expected, d->str);
  g_string_free(d, TRUE);
  return o;
}

static JsonObject *json_scenario(const cmp_scenario *s) {
  JsonObject *o = json_object_new();
  json_object_set_string_member(o, "file", s->path);
  json_object_set_string_member(o, "name", s->name);
  json_object_set_string_member(o, "result", s->error ? "error" : s->differs ? "differ" : "match");
  json_object_set_string_member(o, "error", s->error);
  json_object_set_string_member(o, "kernel_pcaps", s->kernel_dir);
  json_object_set_string_member(o, "model_pcaps", s->model_dir);
  JsonArray *cmds = json_array_new(), *links = json_array_new();
  for (guint i = 0; i < s->cmds->len; i++) json_array_add_object_element(cmds, json_command(s->cmds->pdata[i]));
  for (guint i = 0; i < s->links->len; i++) json_array_add_object_element(links, json_link(s->links->pdata[i]));
  json_object_set_array_member(o, "commands", cmds);
  json_object_set_array_member(o, "links", links);
  return o;
}

void compare_report_json(FILE *f, GPtrArray *scenarios) {
  JsonObject *d = cli_json_doc_new("compare");
  JsonArray *arr = json_array_new();
  int rc = 0;
  for (guint i = 0; i < scenarios->len; i++) {
    const cmp_scenario *s = scenarios->pdata[i];
    if (s->error) rc = 2;
    else if (s->differs && rc == 0) rc = 1;
    json_array_add_object_element(arr, json_scenario(s));
  }
  json_object_set_string_member(d, "result", cli_json_result(rc));
  json_object_set_boolean_member(d, "match", rc == 0);
  json_object_set_array_member(d, "scenarios", arr);
  cli_json_doc_write(d, f);
}
