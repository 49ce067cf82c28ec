#include "cli/report.h"

#include <string.h>

#include "cli/evidence.h"
#include "cli/explain.h"
#include "cli/json_doc.h"
#include "core/probe_log.h"
#include "proto/inet.h"

/* What one command left for the JSON document. */
typedef struct {
  unsigned line;
  char *command;
  int status;
  bool unsupported;
  char *output;         /* what it printed (the explain block not included) */
  GString *slot;        /* its line's output, where a second terminal goes on */
  gsize slot_len;       /* the slot's length when the line was over */
  char *explain;        /* the explain block, or NULL */
  GPtrArray *probes;    /* nsp_probe_record* */
  GPtrArray *paths;     /* per probe: GPtrArray of explain_seq (simulation, --explain) */
  GPtrArray *transport; /* explain_packet*: UDP and TCP (simulation, --explain), or NULL */
  GArray *moved;        /* evidence_delta (kernel, --explain) */
  GArray *frames;       /* evidence_delta: frames captured per link (kernel, --explain) */
  GPtrArray *states;    /* char*: neighbour and link states worth a look (kernel) */
  bool checked;         /* check: compared with the transcript */
  char *expected, *diff;
} report_cmd;

struct cli_report {
  nsp_probe_log *log;
  nsp_backend *inner;
  sim_world *sim;
  real_world *rw;
  bool explain, json;
  bool keep;            /* cmds kept without --json (cli_report_keep) */
  GPtrArray *cmds;      /* report_cmd*, for --json */
  evidence_snapshot *snap; /* kernel counters after the previous line */
};

static void cmd_free(gpointer p) {
  report_cmd *c = p;
  g_free(c->command);
  g_free(c->output);
  g_free(c->explain);
  g_ptr_array_unref(c->probes);
  if (c->paths) g_ptr_array_unref(c->paths);
  if (c->transport) g_ptr_array_unref(c->transport);
  if (c->moved) g_array_free(c->moved, TRUE);
  if (c->frames) g_array_free(c->frames, TRUE);
  if (c->states) g_ptr_array_unref(c->states);
  g_free(c->expected);
  g_free(c->diff);
  g_free(c);
}

cli_report *cli_report_new(nsp_backend *inner, sim_world *sim, real_world *rw, bool explain,
                           bool json) {
  cli_report *r = g_new0(cli_report, 1);
  r->inner = inner;
  r->log = nsp_probe_log_new(inner);
  r->sim = sim;
  r->rw = rw;
  r->explain = explain;
  r->json = json;
  r->cmds = g_ptr_array_new_with_free_func(cmd_free);
  if (explain && sim) sim_world_trace_enable(sim, true);
  return r;
}

void cli_report_free(cli_report *r) {
  if (!r) return;
  if (r->explain && r->sim) sim_world_trace_enable(r->sim, false);
  nsp_probe_log_free(r->log);
  g_ptr_array_unref(r->cmds);
  evidence_snapshot_free(r->snap);
  g_free(r);
}

nsp_backend *cli_report_backend(cli_report *r) { return nsp_probe_log_backend(r->log); }

/* The simulation's account: every packet's path, per ping and sequence. */
static void report_explain_sim(cli_report *r, report_cmd *c, GString *block) {
  size_t n;
  sim_trace_event *ev = sim_world_trace_take(r->sim, &n);
  if (c->probes->len) c->paths = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < c->probes->len; i++) {
    const nsp_probe_record *rec = g_ptr_array_index(c->probes, i);
    GPtrArray *seqs = explain_build(rec, ev, n);
    explain_render(rec, seqs, block);
    g_ptr_array_add(c->paths, seqs);
  }
  c->transport = explain_l4_build(ev, n);
  if (c->transport) explain_l4_render(c->transport, block);
  g_free(ev);
}

/* The kernel's account: what its counters and states say happened. */
static void report_explain_real(cli_report *r, report_cmd *c, GString *block) {
  evidence_snapshot *now = evidence_snapshot_take(r->inner, r->rw);
  if (c->probes->len) {
    for (guint i = 0; i < c->probes->len; i++) {
      const nsp_probe_record *rec = g_ptr_array_index(c->probes, i);
      char *none = explain_no_send(rec);
      if (none) g_string_append_printf(block, "# explain: %s\n", none);
      g_free(none);
      for (guint k = 0; k < rec->sends->len; k++) {
        const nsp_probe_send_rec *s = &g_array_index(rec->sends, nsp_probe_send_rec, k);
        if (s->err)
          g_string_append_printf(block, "# explain: icmp_seq=%u: not sent: sendmsg() failed in %s: %s\n",
                                 s->seq, rec->ns[0] ? rec->ns : "the root namespace",
                                 g_strerror(s->err));
      }
    }
    c->moved = evidence_diff(r->snap, now);
    c->frames = evidence_frames(r->snap, now);
    c->states = evidence_states(r->inner, c->moved);
    evidence_render(c->moved, c->frames, c->states, block);
  }
  evidence_snapshot_free(r->snap);
  r->snap = now;
}

static void report_line_done(void *ctx, nsp_scenario_result *res, const nsp_scenario_line *l) {
  cli_report *r = ctx;
  report_cmd *c = g_new0(report_cmd, 1);
  c->line = l->lineno;
  c->command = g_strdup(l->command);
  c->status = l->status;
  c->unsupported = l->unsupported;
  c->output = g_strdup(l->out->str);
  c->probes = nsp_probe_log_take(r->log);
  if (r->explain) {
    GString *block = g_string_new(NULL);
    if (r->sim) report_explain_sim(r, c, block);
    else report_explain_real(r, c, block);
    g_string_append_len(l->out, block->str, (gssize)block->len);
    c->explain = block->len ? g_strdup(block->str) : NULL;
    g_string_free(block, TRUE);
  }
  c->slot = l->out;
  c->slot_len = l->out->len;
  if (r->json || r->keep) g_ptr_array_add(r->cmds, c);
  else cmd_free(c);
}

void cli_report_keep(cli_report *r) { r->keep = true; }

bool cli_report_last_ping(cli_report *r, unsigned *line, GPtrArray **probes, GPtrArray **paths) {
  for (guint i = r->cmds->len; i-- > 0;) {
    report_cmd *c = g_ptr_array_index(r->cmds, i);
    if (!c->probes->len) continue;
    *line = c->line;
    *probes = c->probes;
    *paths = c->paths;
    return true;
  }
  return false;
}

void cli_report_attach(cli_report *r, nsp_scenario_result *res) {
  res->line_done = report_line_done;
  res->line_ctx = r;
  if (r->explain && !r->sim && !r->snap) r->snap = evidence_snapshot_take(r->inner, r->rw);
}

/* ---- the JSON document ------------------------------------------------------ */

static void json_addr(JsonObject *o, const char *key, uint32_t a) {
  char buf[16];
  json_object_set_string_member(o, key, a ? ipv4_addr_ntop(a, buf) : NULL);
}

static JsonArray *json_probe_events(const nsp_probe_record *p, nsp_probe_kind kind) {
  char buf[16];
  JsonArray *arr = json_array_new();
  for (guint i = 0; i < p->events->len; i++) {
    const nsp_probe_event *e = &g_array_index(p->events, nsp_probe_event, i);
    if (e->kind != kind) continue;
    JsonObject *o = json_object_new();
    json_object_set_int_member(o, "seq", e->seq);
    json_object_set_string_member(o, "from", ipv4_addr_ntop(e->from, buf));
    if (kind == NSP_PROBE_REPLY) {
      json_object_set_int_member(o, "ttl", e->ttl);
      json_object_set_int_member(o, "bytes", (gint64)e->len);
      if (e->sent_ns != UINT64_MAX && e->at_ns >= e->sent_ns)
        json_object_set_int_member(o, "rtt_ns", (gint64)(e->at_ns - e->sent_ns));
    } else {
      json_object_set_int_member(o, "type", e->icmp_type);
      json_object_set_int_member(o, "code", e->icmp_code);
    }
    json_object_set_int_member(o, "t_ns", (gint64)e->at_ns);
    json_array_add_object_element(arr, o);
  }
  return arr;
}

static void json_probe_setup(JsonObject *o, const nsp_probe_record *p) {
  const char *call = p->open_err ? "socket" : p->connect_err ? "connect" : NULL;
  int err = p->open_err ? p->open_err : p->connect_err;
  if (!call) {
    json_object_set_null_member(o, "setup_error");
    return;
  }
  JsonObject *e = json_object_new();
  json_object_set_string_member(e, "call", call);
  json_object_set_int_member(e, "errno", err);
  json_object_set_string_member(e, "message", g_strerror(err));
  json_object_set_object_member(o, "setup_error", e);
}

static JsonObject *json_probe(const nsp_probe_record *p, GPtrArray *paths) {
  unsigned tx, rx, errs;
  nsp_probe_record_counts(p, &tx, &rx, &errs);
  JsonObject *o = json_object_new();
  json_object_set_string_member(o, "ns", p->ns);
  json_addr(o, "dst", p->cfg.dst);
  json_addr(o, "src", p->cfg.src);
  json_object_set_string_member(o, "dev", p->cfg.dev[0] ? p->cfg.dev : NULL);
  json_object_set_int_member(o, "ttl", p->cfg.ttl);
  json_object_set_int_member(o, "ident", p->cfg.ident);
  json_probe_setup(o, p);
  json_object_set_int_member(o, "transmitted", tx);
  json_object_set_int_member(o, "received", rx);
  json_object_set_int_member(o, "errors", errs);
  JsonArray *sent = json_array_new();
  for (guint i = 0; i < p->sends->len; i++) {
    const nsp_probe_send_rec *s = &g_array_index(p->sends, nsp_probe_send_rec, i);
    JsonObject *x = json_object_new();
    json_object_set_int_member(x, "seq", s->seq);
    json_object_set_int_member(x, "t_ns", (gint64)s->at_ns);
    json_object_set_string_member(x, "error", s->err ? g_strerror(s->err) : NULL);
    json_array_add_object_element(sent, x);
  }
  json_object_set_array_member(o, "sent", sent);
  json_object_set_array_member(o, "replies", json_probe_events(p, NSP_PROBE_REPLY));
  json_object_set_array_member(o, "icmp_errors", json_probe_events(p, NSP_PROBE_ERROR));
  if (paths) json_object_set_array_member(o, "paths", explain_json(paths));
  return o;
}

static JsonObject *json_cmd(const report_cmd *c) {
  JsonObject *o = cli_json_command_new(c->line, c->command, !c->unsupported, c->status, c->output);
  if (c->checked) cli_json_command_compared(o, c->expected, c->diff);
  JsonArray *probes = json_array_new();
  for (guint i = 0; i < c->probes->len; i++)
    json_array_add_object_element(probes, json_probe(g_ptr_array_index(c->probes, i),
                                                     c->paths ? g_ptr_array_index(c->paths, i) : NULL));
  json_object_set_array_member(o, "probes", probes);
  if (c->transport) json_object_set_array_member(o, "transport", explain_l4_json(c->transport));
  if (c->explain) json_object_set_string_member(o, "explain", c->explain);
  if (c->moved) json_object_set_object_member(o, "evidence", evidence_json(c->moved, c->frames, c->states));
  return o;
}

/* What run and check documents have: the file, the backend, the commands. */
static JsonObject *json_doc(cli_report *r, const char *mode, const char *file) {
  JsonObject *d = cli_json_doc_new(mode);
  json_object_set_string_member(d, "file", file);
  json_object_set_string_member(d, "backend", r->sim ? "simulation" : "kernel");
  json_object_set_boolean_member(d, "explain", r->explain);
  JsonArray *cmds = json_array_new();
  for (guint i = 0; i < r->cmds->len; i++) json_array_add_object_element(cmds, json_cmd(g_ptr_array_index(r->cmds, i)));
  json_object_set_array_member(d, "commands", cmds);
  return d;
}

/* What a second terminal printed under a line after the line was over. */
static void report_late_output(cli_report *r) {
  for (guint i = 0; i < r->cmds->len; i++) {
    report_cmd *c = g_ptr_array_index(r->cmds, i);
    if (!c->slot || c->slot->len <= c->slot_len) continue;
    char *all = g_strconcat(c->output, c->slot->str + c->slot_len, NULL);
    g_free(c->output);
    c->output = all;
    c->slot_len = c->slot->len;
  }
}

void cli_report_run_json(cli_report *r, const char *scenario, const nsp_scenario_result *res,
                         FILE *f) {
  report_late_output(r);
  JsonObject *d = json_doc(r, "run", scenario);
  json_object_set_int_member(d, "unsupported", res->unsupported);
  json_object_set_string_member(d, "diagnostics", res->diag->str);
  cli_json_doc_write(d, f);
}

void cli_report_check_step(cli_report *r, guint index, const nsp_transcript_step *s,
                           GPtrArray *got, const char *diff) {
  if (index >= r->cmds->len) return;
  report_late_output(r);
  report_cmd *c = g_ptr_array_index(r->cmds, index);
  if (c->checked || c->line != s->line) return;
  GString *want = g_string_new(NULL);
  for (guint i = 0; i < s->output->len; i++)
    g_string_append_printf(want, "%s\n", (char *)g_ptr_array_index(s->output, i));
  c->checked = true;
  c->expected = g_string_free(want, FALSE);
  c->diff = got ? g_strdup(diff) : NULL;
}

void cli_report_check_json(cli_report *r, const char *transcript, int rc, const char *diagnostics,
                           FILE *f) {
  JsonObject *d = json_doc(r, "check", transcript);
  json_object_set_string_member(d, "result", cli_json_result(rc));
  json_object_set_string_member(d, "diagnostics", diagnostics);
  cli_json_doc_write(d, f);
}
