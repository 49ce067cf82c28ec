#include "cli/report.h"

#include <string.h>

#include "cli/evidence.h"
#include "cli/explain.h"
#include "core/json.h"
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
  if (!c->probes->len) {
    g_free(ev);
    return;
  }
  c->paths = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < c->probes->len; i++) {
    const nsp_probe_record *rec = g_ptr_array_index(c->probes, i);
    GPtrArray *seqs = explain_build(rec, ev, n);
    explain_render(rec, seqs, block);
    g_ptr_array_add(c->paths, seqs);
  }
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

static void json_addr(nsp_json *j, const char *key, uint32_t a) {
  char buf[16];
  nsp_json_member_string(j, key, a ? ipv4_addr_ntop(a, buf) : NULL);
}

static void json_probe_events(nsp_json *j, const nsp_probe_record *p, nsp_probe_kind kind) {
  char buf[16];
  nsp_json_key(j, kind == NSP_PROBE_REPLY ? "replies" : "icmp_errors");
  nsp_json_array_begin(j);
  for (guint i = 0; i < p->events->len; i++) {
    const nsp_probe_event *e = &g_array_index(p->events, nsp_probe_event, i);
    if (e->kind != kind) continue;
    nsp_json_object_begin(j);
    nsp_json_member_int(j, "seq", e->seq);
    nsp_json_member_string(j, "from", ipv4_addr_ntop(e->from, buf));
    if (kind == NSP_PROBE_REPLY) {
      nsp_json_member_int(j, "ttl", e->ttl);
      nsp_json_member_int(j, "bytes", (int64_t)e->len);
      if (e->sent_ns != UINT64_MAX && e->at_ns >= e->sent_ns)
        nsp_json_member_int(j, "rtt_ns", (int64_t)(e->at_ns - e->sent_ns));
    } else {
      nsp_json_member_int(j, "type", e->icmp_type);
      nsp_json_member_int(j, "code", e->icmp_code);
    }
    nsp_json_member_int(j, "t_ns", (int64_t)e->at_ns);
    nsp_json_object_end(j);
  }
  nsp_json_array_end(j);
}

static void json_probe_setup(nsp_json *j, const nsp_probe_record *p) {
  const char *call = p->open_err ? "socket" : p->connect_err ? "connect" : NULL;
  int err = p->open_err ? p->open_err : p->connect_err;
  nsp_json_key(j, "setup_error");
  if (!call) {
    nsp_json_null(j);
    return;
  }
  nsp_json_object_begin(j);
  nsp_json_member_string(j, "call", call);
  nsp_json_member_int(j, "errno", err);
  nsp_json_member_string(j, "message", g_strerror(err));
  nsp_json_object_end(j);
}

static void json_probe(nsp_json *j, const nsp_probe_record *p, GPtrArray *paths) {
  unsigned tx, rx, errs;
  nsp_probe_record_counts(p, &tx, &rx, &errs);
  nsp_json_object_begin(j);
  nsp_json_member_string(j, "ns", p->ns);
  json_addr(j, "dst", p->cfg.dst);
  json_addr(j, "src", p->cfg.src);
  nsp_json_member_string(j, "dev", p->cfg.dev[0] ? p->cfg.dev : NULL);
  nsp_json_member_int(j, "ttl", p->cfg.ttl);
  nsp_json_member_int(j, "ident", p->cfg.ident);
  json_probe_setup(j, p);
  nsp_json_member_int(j, "transmitted", tx);
  nsp_json_member_int(j, "received", rx);
  nsp_json_member_int(j, "errors", errs);
  nsp_json_key(j, "sent");
  nsp_json_array_begin(j);
  for (guint i = 0; i < p->sends->len; i++) {
    const nsp_probe_send_rec *s = &g_array_index(p->sends, nsp_probe_send_rec, i);
    nsp_json_object_begin(j);
    nsp_json_member_int(j, "seq", s->seq);
    nsp_json_member_int(j, "t_ns", (int64_t)s->at_ns);
    nsp_json_member_string(j, "error", s->err ? g_strerror(s->err) : NULL);
    nsp_json_object_end(j);
  }
  nsp_json_array_end(j);
  json_probe_events(j, p, NSP_PROBE_REPLY);
  json_probe_events(j, p, NSP_PROBE_ERROR);
  if (paths) {
    nsp_json_key(j, "paths");
    explain_json(paths, j);
  }
  nsp_json_object_end(j);
}

static void json_cmd(nsp_json *j, const report_cmd *c) {
  nsp_json_object_begin(j);
  nsp_json_member_int(j, "line", c->line);
  nsp_json_member_string(j, "command", c->command);
  nsp_json_member_bool(j, "supported", !c->unsupported);
  nsp_json_key(j, "exit_status");
  if (c->unsupported) nsp_json_null(j);
  else nsp_json_int(j, c->status);
  nsp_json_member_string(j, "output", c->output);
  if (c->checked) {
    nsp_json_member_string(j, "expected", c->expected);
    nsp_json_key(j, "match");
    if (c->diff) nsp_json_bool(j, !c->diff[0]);
    else nsp_json_null(j);
    nsp_json_member_string(j, "diff", c->diff && c->diff[0] ? c->diff : NULL);
  }
  nsp_json_key(j, "probes");
  nsp_json_array_begin(j);
  for (guint i = 0; i < c->probes->len; i++)
    json_probe(j, g_ptr_array_index(c->probes, i), c->paths ? g_ptr_array_index(c->paths, i) : NULL);
  nsp_json_array_end(j);
  if (c->explain) nsp_json_member_string(j, "explain", c->explain);
  if (c->moved) {
    nsp_json_key(j, "evidence");
    evidence_json(c->moved, c->frames, c->states, j);
  }
  nsp_json_object_end(j);
}

static void json_doc(cli_report *r, const char *mode, const char *file, nsp_json *j) {
  nsp_json_object_begin(j);
  nsp_json_member_int(j, "nspath_json", 1);
  nsp_json_member_string(j, "mode", mode);
  nsp_json_member_string(j, "file", file);
  nsp_json_member_string(j, "backend", r->sim ? "simulation" : "kernel");
  nsp_json_member_bool(j, "explain", r->explain);
  nsp_json_key(j, "commands");
  nsp_json_array_begin(j);
  for (guint i = 0; i < r->cmds->len; i++) json_cmd(j, g_ptr_array_index(r->cmds, i));
  nsp_json_array_end(j);
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
  GString *out = g_string_new(NULL);
  nsp_json j;
  nsp_json_init(&j, out);
  json_doc(r, "run", scenario, &j);
  nsp_json_member_int(&j, "unsupported", res->unsupported);
  nsp_json_member_string(&j, "diagnostics", res->diag->str);
  nsp_json_object_end(&j);
  fwrite(out->str, 1, out->len, f);
  g_string_free(out, TRUE);
}

void cli_report_check_step(cli_report *r, guint index, const nsp_transcript_step *s,
                           GPtrArray *got, const char *diff) {
  if (index >= r->cmds->len) return;
  report_late_output(r);
  report_cmd *c = g_ptr_array_index(r->cmds, index);
  GString *want = g_string_new(NULL);
  for (guint i = 0; i < s->output->len; i++)
    g_string_append_printf(want, "%s\n", (char *)g_ptr_array_index(s->output, i));
  c->line = s->line;
  c->checked = true;
  c->expected = g_string_free(want, FALSE);
  c->diff = got ? g_strdup(diff) : NULL;
}

void cli_report_check_json(cli_report *r, const char *transcript, int rc, FILE *f) {
  GString *out = g_string_new(NULL);
  nsp_json j;
  nsp_json_init(&j, out);
  json_doc(r, "check", transcript, &j);
  nsp_json_member_string(&j, "result", rc == 0 ? "match" : rc == 1 ? "differ" : "error");
  nsp_json_object_end(&j);
  fwrite(out->str, 1, out->len, f);
  g_string_free(out, TRUE);
}
