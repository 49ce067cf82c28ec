#include "core/probe_log.h"

#include <string.h>

#include "core/cmd.h"

struct nsp_probe_log {
  nsp_backend base;
  nsp_backend_ops ops;  /* log_ops, without the optional ones the inner lacks */
  nsp_backend *in;
  GPtrArray *records; /* nsp_probe_record* */
};

typedef struct {
  nsp_probe_log *log;
  nsp_probe *p;
  nsp_probe_record *rec;
} log_probe;

#define L(b) ((nsp_probe_log *)(b))
#define IN(b) (L(b)->in)
#define FWD(b, op, ...) IN(b)->ops->op(IN(b), __VA_ARGS__)

static void record_free(gpointer p) {
  nsp_probe_record *r = p;
  g_array_free(r->sends, TRUE);
  g_array_free(r->events, TRUE);
  g_free(r);
}

static bool lg_netns_add(nsp_backend *b, const char *n, nsp_status *st) { return FWD(b, netns_add, n, st); }
static bool lg_netns_del(nsp_backend *b, const char *n, nsp_status *st) { return FWD(b, netns_del, n, st); }
static bool lg_netns_exists(nsp_backend *b, const char *n) { return FWD(b, netns_exists, n); }
static char **lg_netns_list(nsp_backend *b) { return IN(b)->ops->netns_list(IN(b)); }
static int lg_netns_id(nsp_backend *b, const char *n) { return FWD(b, netns_id, n); }
static bool lg_link_add_veth(nsp_backend *b, const char *ns, const char *name, const char *peer,
                             nsp_status *st) {
  return FWD(b, link_add_veth, ns, name, peer, st);
}
static int lg_link_index(nsp_backend *b, const char *ns, const char *name) {
  return nsp_backend_link_index(IN(b), ns, name);
}
static bool lg_link_del(nsp_backend *b, const char *ns, int i, nsp_status *st) {
  return FWD(b, link_del, ns, i, st);
}
static bool lg_link_add_bridge(nsp_backend *b, const char *ns, const char *name,
                               const nsp_bridge_cfg *cfg, nsp_status *st) {
  return FWD(b, link_add_bridge, ns, name, cfg, st);
}
static bool lg_link_set_master(nsp_backend *b, const char *ns, int i, int master, nsp_status *st) {
  return FWD(b, link_set_master, ns, i, master, st);
}
static nsp_fdb *lg_fdb_list(nsp_backend *b, const char *ns, size_t *n) { return FWD(b, fdb_list, ns, n); }
static bool lg_link_set_netns(nsp_backend *b, const char *ns, int i, const char *to, nsp_status *st) {
  return FWD(b, link_set_netns, ns, i, to, st);
}
static bool lg_link_set_up(nsp_backend *b, const char *ns, int i, bool up, nsp_status *st) {
  return FWD(b, link_set_up, ns, i, up, st);
}
static bool lg_link_set_mac(nsp_backend *b, const char *ns, int i, const ether_addr *m,
                            nsp_status *st) {
  return FWD(b, link_set_mac, ns, i, m, st);
}
static nsp_link *lg_link_list(nsp_backend *b, const char *ns, size_t *n) { return FWD(b, link_list, ns, n); }
static bool lg_addr_add(nsp_backend *b, const char *ns, const nsp_addr *a, nsp_status *st) {
  return FWD(b, addr_add, ns, a, st);
}
static bool lg_addr_del(nsp_backend *b, const char *ns, const nsp_addr *a, nsp_status *st) {
  return FWD(b, addr_del, ns, a, st);
}
static nsp_addr *lg_addr_list(nsp_backend *b, const char *ns, size_t *n) { return FWD(b, addr_list, ns, n); }
static bool lg_route_add(nsp_backend *b, const char *ns, const nsp_route_req *r, nsp_status *st) {
  return FWD(b, route_add, ns, r, st);
}
static bool lg_route_del(nsp_backend *b, const char *ns, const nsp_route_req *r, nsp_status *st) {
  return FWD(b, route_del, ns, r, st);
}
static nsp_route *lg_route_list(nsp_backend *b, const char *ns, uint32_t t, size_t *n,
                                nsp_status *st) {
  return FWD(b, route_list, ns, t, n, st);
}
static bool lg_route_get(nsp_backend *b, const char *ns, const nsp_route_get_req *q,
                         nsp_route_get *out, nsp_status *st) {
  return FWD(b, route_get, ns, q, out, st);
}
static bool lg_rule_add(nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st) {
  return FWD(b, rule_add, ns, r, st);
}
static bool lg_rule_del(nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st) {
  return FWD(b, rule_del, ns, r, st);
}
static bool lg_nexthop_add(nsp_backend *b, const char *ns, const nsp_nexthop *nh,
                           unsigned nlflags, nsp_status *st) {
  return FWD(b, nexthop_add, ns, nh, nlflags, st);
}
static bool lg_nexthop_del(nsp_backend *b, const char *ns, const nsp_nexthop *nh,
                           nsp_status *st) {
  return FWD(b, nexthop_del, ns, nh, st);
}
static nsp_nexthop *lg_nexthop_list(nsp_backend *b, const char *ns, uint32_t id, size_t *n,
                                    nsp_status *st) {
  return FWD(b, nexthop_list, ns, id, n, st);
}
static nsp_rule *lg_rule_list(nsp_backend *b, const char *ns, size_t *n) {
  return FWD(b, rule_list, ns, n);
}
static nsp_neigh *lg_neigh_list(nsp_backend *b, const char *ns, bool proxy, size_t *n) {
  return FWD(b, neigh_list, ns, proxy, n);
}
static bool lg_neigh_modify(nsp_backend *b, const char *ns, const nsp_neigh_req *rq, nsp_status *st) {
  return FWD(b, neigh_modify, ns, rq, st);
}
static bool lg_neigh_del(nsp_backend *b, const char *ns, const nsp_neigh_req *rq, nsp_status *st) {
  return FWD(b, neigh_del, ns, rq, st);
}
static bool lg_sysctl_get(nsp_backend *b, const char *ns, const char *k, char *out, size_t cap,
                          nsp_status *st) {
  return FWD(b, sysctl_get, ns, k, out, cap, st);
}
static bool lg_sysctl_set(nsp_backend *b, const char *ns, const char *k, const char *v,
                          nsp_status *st) {
  return FWD(b, sysctl_set, ns, k, v, st);
}
static nsp_counter *lg_counters_read(nsp_backend *b, const char *ns, size_t *n) {
  return FWD(b, counters_read, ns, n);
}

/* ---- the recorded part ---------------------------------------------------- */

static nsp_probe *lg_probe_open(nsp_backend *b, const char *ns, const nsp_probe_cfg *cfg,
                                nsp_status *st) {
  nsp_probe_record *r = g_new0(nsp_probe_record, 1);
  g_strlcpy(r->ns, ns ? ns : "", sizeof r->ns);
  r->cfg = *cfg;
  r->sends = g_array_new(FALSE, TRUE, sizeof(nsp_probe_send_rec));
  r->events = g_array_new(FALSE, TRUE, sizeof(nsp_probe_event));
  g_ptr_array_add(L(b)->records, r);
  nsp_probe *p = FWD(b, probe_open, ns, cfg, st);
  if (!p) {
    r->open_err = st->err;
    return NULL;
  }
  log_probe *lp = g_new0(log_probe, 1);
  *lp = (log_probe){.log = L(b), .p = p, .rec = r};
  return (nsp_probe *)lp;
}

#define LP(p) ((log_probe *)(p))
#define PIN(p) (LP(p)->log->in)

static bool lg_probe_connect(nsp_probe *p, uint32_t *src, nsp_status *st) {
  bool ok = PIN(p)->ops->probe_connect(LP(p)->p, src, st);
  if (ok) LP(p)->rec->cfg.src = *src;
  else LP(p)->rec->connect_err = st->err;
  return ok;
}

static bool lg_probe_send(nsp_probe *p, uint16_t seq, size_t size, nsp_status *st) {
  nsp_backend *in = PIN(p);
  nsp_probe_send_rec s = {.seq = seq, .at_ns = in->ops->clock_now(in)};
  bool ok = in->ops->probe_send(LP(p)->p, seq, size, st);
  if (!ok) s.err = st->err;
  g_array_append_val(LP(p)->rec->sends, s);
  return ok;
}

static void lg_probe_wait(nsp_probe *p, uint64_t deadline, nsp_probe_event *ev) {
  PIN(p)->ops->probe_wait(LP(p)->p, deadline, ev);
  if (ev->kind != NSP_PROBE_NONE) g_array_append_val(LP(p)->rec->events, *ev);
}

static void lg_probe_close(nsp_probe *p) {
  PIN(p)->ops->probe_close(LP(p)->p);
  g_free(p);
}

/* captures pass through, wrapped to reach the inner backend's operations */
typedef struct {
  nsp_backend *in;
  nsp_capture *c;
} log_capture;

#define LC(c) ((log_capture *)(c))

static nsp_capture *lg_capture_open(nsp_backend *b, const char *ns, const nsp_capture_cfg *cfg,
                                    nsp_status *st) {
  nsp_capture *c = FWD(b, capture_open, ns, cfg, st);
  if (!c) return NULL;
  log_capture *lc = g_new0(log_capture, 1);
  *lc = (log_capture){.in = IN(b), .c = c};
  return (nsp_capture *)lc;
}
static bool lg_capture_next(nsp_capture *c, nsp_capture_frame *f) {
  return LC(c)->in->ops->capture_next(LC(c)->c, f);
}
static void lg_capture_stats(nsp_capture *c, nsp_capture_stats *s) {
  LC(c)->in->ops->capture_stats(LC(c)->c, s);
}
static void lg_capture_close(nsp_capture *c) {
  LC(c)->in->ops->capture_close(LC(c)->c);
  g_free(c);
}

/* the inner backend waits on the inner sockets and captures */
static void lg_wait_any(nsp_backend *b, const nsp_wait_set *ws, uint64_t deadline) {
  nsp_probe *ip[ws->np + 1];
  nsp_capture *ic[ws->nc + 1];
  for (size_t i = 0; i < ws->np; i++) ip[i] = LP(ws->probes[i])->p;
  for (size_t i = 0; i < ws->nc; i++) ic[i] = LC(ws->caps[i])->c;
  nsp_wait_set in = *ws;
  in.probes = ip;
  in.caps = ic;
  IN(b)->ops->wait_any(IN(b), &in, deadline);
}

/* Sockets are the inner backend's: each carries it (nsp_sock.be), so
 * every call on one goes straight there. */
static nsp_sock *lg_sock_open(nsp_backend *b, const char *ns, const nsp_sock_opts *o,
                              nsp_status *st) {
  return FWD(b, sock_open, ns, o, st);
}
static bool lg_sock_bind(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st) {
  return s->be->ops->sock_bind(s, a, st);
}
static bool lg_sock_connect(nsp_sock *s, const nsp_sockaddr *a, nsp_status *st) {
  return s->be->ops->sock_connect(s, a, st);
}
static bool lg_sock_listen(nsp_sock *s, int backlog, nsp_status *st) {
  return s->be->ops->sock_listen(s, backlog, st);
}
static nsp_sock *lg_sock_accept(nsp_sock *s, nsp_sockaddr *peer, nsp_status *st) {
  return s->be->ops->sock_accept(s, peer, st);
}
static long lg_sock_send(nsp_sock *s, const void *d, size_t len, const nsp_sockaddr *to,
                         nsp_status *st) {
  return s->be->ops->sock_send(s, d, len, to, st);
}
static long lg_sock_recv(nsp_sock *s, void *buf, size_t cap, nsp_sockaddr *from, bool peek,
                         nsp_status *st) {
  return s->be->ops->sock_recv(s, buf, cap, from, peek, st);
}
static bool lg_sock_recv_err(nsp_sock *s, nsp_sock_errq *e) { return s->be->ops->sock_recv_err(s, e); }
static int lg_sock_error(nsp_sock *s) { return s->be->ops->sock_error(s); }
static bool lg_sock_name(nsp_sock *s, bool peer, nsp_sockaddr *a, nsp_status *st) {
  return s->be->ops->sock_name(s, peer, a, st);
}
static bool lg_sock_shutdown(nsp_sock *s, int how, nsp_status *st) {
  return s->be->ops->sock_shutdown(s, how, st);
}
static void lg_sock_close(nsp_sock *s) { s->be->ops->sock_close(s); }
static int lg_sock_poll(nsp_backend *b, nsp_pollfd *fds, size_t n, uint64_t deadline) {
  return FWD(b, sock_poll, fds, n, deadline);
}

static nsp_nf_table *lg_nf_table_get(nsp_backend *b, const char *ns, nsp_nf_table_id t,
                                     nsp_status *st) {
  return FWD(b, nf_table_get, ns, t, st);
}
static bool lg_nf_table_set(nsp_backend *b, const char *ns, const nsp_nf_table *t,
                            nsp_status *st) {
  return FWD(b, nf_table_set, ns, t, st);
}
static bool lg_ct_list(nsp_backend *b, const char *ns, nsp_ct_entry **out, size_t *n,
                       nsp_status *st) {
  return FWD(b, ct_list, ns, out, n, st);
}
static bool lg_ct_flush(nsp_backend *b, const char *ns, nsp_status *st) {
  return FWD(b, ct_flush, ns, st);
}
static bool lg_tool_run(nsp_backend *b, const char *ns, char *const *argv, char **out, int *status,
                        nsp_status *st) {
  return FWD(b, tool_run, ns, argv, out, status, st);
}

static uint64_t lg_clock_now(nsp_backend *b) { return IN(b)->ops->clock_now(IN(b)); }
static void lg_clock_advance(nsp_backend *b, uint64_t ns) { FWD(b, clock_advance, ns); }
static uint16_t lg_random_u16(nsp_backend *b) { return IN(b)->ops->random_u16(IN(b)); }
static void lg_destroy(nsp_backend *b) { IN(b)->ops->destroy(IN(b)); }

static const nsp_backend_ops log_ops = {
    .netns_add = lg_netns_add, .netns_del = lg_netns_del, .netns_exists = lg_netns_exists,
    .netns_list = lg_netns_list, .netns_id = lg_netns_id, .link_add_veth = lg_link_add_veth,
    .link_index = lg_link_index, .link_del = lg_link_del,
    .link_add_bridge = lg_link_add_bridge, .link_set_master = lg_link_set_master,
    .fdb_list = lg_fdb_list, .link_set_netns = lg_link_set_netns, .link_set_up = lg_link_set_up,
    .link_set_mac = lg_link_set_mac, .link_list = lg_link_list, .addr_add = lg_addr_add,
    .addr_del = lg_addr_del, .addr_list = lg_addr_list, .route_add = lg_route_add,
    .route_del = lg_route_del, .route_list = lg_route_list, .route_get = lg_route_get,
    .rule_add = lg_rule_add, .rule_del = lg_rule_del, .rule_list = lg_rule_list,
    .nexthop_add = lg_nexthop_add, .nexthop_del = lg_nexthop_del,
    .nexthop_list = lg_nexthop_list,
    .neigh_list = lg_neigh_list, .neigh_modify = lg_neigh_modify, .neigh_del = lg_neigh_del, .sysctl_get = lg_sysctl_get, .sysctl_set = lg_sysctl_set,
    .counters_read = lg_counters_read, .probe_open = lg_probe_open,
    .probe_connect = lg_probe_connect, .probe_send = lg_probe_send, .probe_wait = lg_probe_wait,
    .probe_close = lg_probe_close, .capture_open = lg_capture_open,
    .capture_next = lg_capture_next, .capture_stats = lg_capture_stats,
    .capture_close = lg_capture_close, .wait_any = lg_wait_any,
    .sock_open = lg_sock_open, .sock_bind = lg_sock_bind,
    .sock_connect = lg_sock_connect, .sock_listen = lg_sock_listen, .sock_accept = lg_sock_accept,
    .sock_send = lg_sock_send, .sock_recv = lg_sock_recv, .sock_recv_err = lg_sock_recv_err,
    .sock_error = lg_sock_error, .sock_name = lg_sock_name, .sock_shutdown = lg_sock_shutdown,
    .sock_close = lg_sock_close, .sock_poll = lg_sock_poll, .clock_now = lg_clock_now, .clock_advance = lg_clock_advance,
    .random_u16 = lg_random_u16, .destroy = lg_destroy, .nf_table_get = lg_nf_table_get,
    .nf_table_set = lg_nf_table_set, .tool_run = lg_tool_run, .ct_list = lg_ct_list,
    .ct_flush = lg_ct_flush,
};

nsp_probe_log *nsp_probe_log_new(nsp_backend *inner) {
  nsp_probe_log *l = g_new0(nsp_probe_log, 1);
  l->ops = log_ops;
  if (!inner->ops->nf_table_get) l->ops.nf_table_get = NULL;
  if (!inner->ops->nf_table_set) l->ops.nf_table_set = NULL;
  if (!inner->ops->tool_run) l->ops.tool_run = NULL;
  if (!inner->ops->ct_list) l->ops.ct_list = NULL;
  if (!inner->ops->ct_flush) l->ops.ct_flush = NULL;
  l->base.ops = &l->ops;
  l->base.virtual_clock = inner->virtual_clock;
  l->in = inner;
  l->records = g_ptr_array_new_with_free_func(record_free);
  return l;
}

void nsp_probe_log_free(nsp_probe_log *l) {
  if (!l) return;
  g_ptr_array_unref(l->records);
  g_free(l);
}

nsp_backend *nsp_probe_log_backend(nsp_probe_log *l) { return &l->base; }

GPtrArray *nsp_probe_log_take(nsp_probe_log *l) {
  GPtrArray *out = l->records;
  l->records = g_ptr_array_new_with_free_func(record_free);
  return out;
}

void nsp_probe_record_counts(const nsp_probe_record *r, unsigned *transmitted, unsigned *received,
                             unsigned *errors) {
  uint64_t seen[65536 / 64];
  memset(seen, 0, sizeof seen);
  *transmitted = r->sends->len;
  *received = *errors = 0;
  for (guint i = 0; i < r->events->len; i++) {
    const nsp_probe_event *e = &g_array_index(r->events, nsp_probe_event, i);
    uint64_t bit = 1ULL << (e->seq & 63);
    if (e->kind == NSP_PROBE_ERROR && e->icmp_type != 4 && e->icmp_type != 5) (*errors)++;
    if (e->kind != NSP_PROBE_REPLY || (seen[e->seq >> 6] & bit)) continue;
    seen[e->seq >> 6] |= bit;
    (*received)++;
  }
}
