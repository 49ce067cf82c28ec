/* The real backend's table of operations: namespaces held by descriptors,
 * netlink through libnl (real/nl.c), sysctls through /proc/sys inside the
 * namespace, pings on raw sockets (real/probe.c), captures with libpcap
 * (real/capture.c). */
#include "real/world.h"

#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "real/capture.h"
#include "real/counters.h"
#include "real/lazy.h"
#include "real/livecap.h"
#include "real/keep.h"
#include "real/nl.h"
#include "real/ns.h"
#include "real/probe.h"
#include "real/tool.h"
#include "real/sock.h"

#define RW(b) ((real_world *)(b))

static const nsp_backend_ops real_backend_ops;

static bool real_netns_init(real_netns *n, const char *name, nsp_status *st) {
  n->name = g_strdup(name);
  n->fd = real_ns_create();
  if (n->fd < 0) {
    nsp_status_set(st, errno, NULL);
    return false;
  }
  /* IPv6 stays on, as on the kernel whose transcripts are the reference
   * (`ip address show` lists fe80 addresses there); its own traffic is
   * kept out of the captures instead (real/capture.c) */
  n->nl = real_nl_open(n->fd, st);
  return n->nl != NULL;
}

static void real_netns_clear(real_netns *n) {
  if (n->nl) real_nl_close(n->nl);
  if (n->fd >= 0) close(n->fd);
  g_free(n->name);
  memset(n, 0, sizeof *n);
  n->fd = -1;
}

real_world *real_world_new(nsp_status *st) {
  real_world *w = g_new0(real_world, 1);
  w->base.ops = &real_backend_ops;
  w->next_ident = (uint16_t)getpid();
  w->netns = g_ptr_array_new();
  w->pairs = g_ptr_array_new_with_free_func(g_free);
  w->lazy = g_ptr_array_new();
  if (!real_netns_init(&w->root, NULL, st)) {
    real_world_free(w);
    return NULL;
  }
  return w;
}

nsp_backend *real_world_backend(real_world *w) { return &w->base; }

void real_world_set_pcap_dir(real_world *w, const char *dir) {
  g_free(w->pcap_dir);
  w->pcap_dir = g_strdup(dir);
}

/* The captures started since the last call, open (they open side by side,
 * real/capture.h); a failed one is reported and dropped. */
static void real_world_captures_wait(real_world *w) {
  for (guint i = 0; i < w->pairs->len; i++) {
    real_pair *p = g_ptr_array_index(w->pairs, i);
    nsp_status st = {0};
    if (!p->cap || p->open) continue;
    if (real_capture_wait(p->cap, &st)) {
      p->open = true;
      continue;
    }
    g_printerr("nspath: cannot capture on %s: %s\n", p->first, g_strerror(st.err));
    real_capture_stop(p->cap, NULL);
    p->cap = NULL;
  }
}

void real_world_close_captures(real_world *w, unsigned *files, uint64_t *frames) {
  *files = 0;
  *frames = 0;
  real_world_captures_wait(w);
  for (guint i = 0; i < w->pairs->len; i++) /* all drains at once */
    real_capture_ring(((real_pair *)g_ptr_array_index(w->pairs, i))->cap);
  for (guint i = 0; i < w->pairs->len; i++) {
    real_pair *p = g_ptr_array_index(w->pairs, i);
    if (p->cap) {
      real_capture_stop(p->cap, &p->frames);
      p->cap = NULL;
      p->done = true;
    }
    if (p->done) (*files)++;
    *frames += p->frames;
  }
}

nsp_counter *real_world_capture_frames(real_world *w, size_t *n) {
  nsp_counter *out = g_new0(nsp_counter, w->pairs->len + 1);
  *n = 0;
  for (guint i = 0; i < w->pairs->len; i++) {
    real_pair *p = g_ptr_array_index(w->pairs, i);
    if (!p->cap && !p->done) continue;
    g_snprintf(out[*n].name, sizeof out[*n].name, "%s--%s", p->first, p->second);
    out[(*n)++].value = p->cap ? real_capture_frames(p->cap) : p->frames;
  }
  return out;
}

bool real_world_keep(real_world *w, const char *prefix, GString *out, GError **err) {
  real_lazy_flush(w);
  char *record = g_strdup_printf("%s/%s.list", REAL_KEEP_RUN_DIR, prefix);
  bool ok = true;
  for (guint i = 0; i < w->netns->len && ok; i++) {
    real_netns *n = g_ptr_array_index(w->netns, i);
    ok = real_keep_mount(n->fd, prefix, n->name, record, err);
    if (ok) g_string_append_printf(out, "%s%s%s", i ? " " : "", prefix, n->name);
  }
  g_free(record);
  return ok;
}

void real_world_free(real_world *w) {
  if (!w) return;
  unsigned f;
  uint64_t n;
  real_world_close_captures(w, &f, &n);
  real_lazy_free(w);
  for (guint i = 0; i < w->netns->len; i++) {
    real_netns_clear(g_ptr_array_index(w->netns, i));
    g_free(g_ptr_array_index(w->netns, i));
  }
  g_ptr_array_free(w->netns, TRUE);
  g_ptr_array_free(w->pairs, TRUE);
  real_netns_clear(&w->root);
  g_free(w->pcap_dir);
  g_free(w);
}

real_netns *real_ns_find(real_world *w, const char *name) {
  if (!name) return &w->root;
  for (guint i = 0; i < w->netns->len; i++) {
    real_netns *n = g_ptr_array_index(w->netns, i);
    if (strcmp(n->name, name) == 0) return n;
  }
  return NULL;
}

/* ---- namespaces --------------------------------------------------------- */

static bool be_netns_add(nsp_backend *b, const char *name, nsp_status *st) {
  if (real_ns_find(RW(b), name)) {
    nsp_status_set(st, EEXIST, NULL);
    return false;
  }
  real_netns *n = g_new0(real_netns, 1);
  if (!real_netns_init(n, name, st)) {
    real_netns_clear(n);
    g_free(n);
    return false;
  }
  g_ptr_array_add(RW(b)->netns, n);
  return true;
}

static bool be_netns_del(nsp_backend *b, const char *name, nsp_status *st) {
  real_lazy_flush(RW(b));
  real_netns *n = real_ns_find(RW(b), name);
  if (!n) {
    nsp_status_set(st, ENOENT, NULL);
    return false;
  }
  /* The kernel tears a namespace down asynchronously (cleanup_net); its
   * veths would linger for a moment beside the next command, so they are
   * deleted first, which takes their peers along as the teardown would. */
  size_t cnt;
  nsp_link *l = real_nl_link_list(n->nl, &cnt);
  nsp_status ignored = {0};
  for (size_t i = 0; i < cnt; i++)
    if (l[i].kind == NSP_LINK_VETH) real_nl_link_del(n->nl, l[i].ifindex, &ignored);
  g_free(l);
  g_ptr_array_remove(RW(b)->netns, n);
  real_netns_clear(n);
  g_free(n);
  return true;
}

static bool be_netns_exists(nsp_backend *b, const char *name) { return real_ns_find(RW(b), name) != NULL; }

/* newest first, as readdir() lists a tmpfs /run/netns */
static char **be_netns_list(nsp_backend *b) {
  GPtrArray *a = g_ptr_array_new();
  for (guint i = RW(b)->netns->len; i-- > 0;)
    g_ptr_array_add(a, g_strdup(((real_netns *)g_ptr_array_index(RW(b)->netns, i))->name));
  g_ptr_array_add(a, NULL);
  return (char **)g_ptr_array_free(a, FALSE);
}

static int be_netns_id(nsp_backend *b, const char *name) {
  real_lazy_flush(RW(b));
  real_netns *n = real_ns_find(RW(b), name);
  return n ? real_nl_nsid(RW(b)->root.nl, n->fd) : -1;
}

/* ---- links -------------------------------------------------------------- */

/* The namespace an operation acts on, once the recorded veths are made
 * (real/lazy.h): every operation but add, move and up needs the links real. */
static real_netns *be_ns(nsp_backend *b, const char *ns) {
  real_lazy_flush(RW(b));
  return real_ns_find(RW(b), ns);
}

static struct nl_sock *be_nl(nsp_backend *b, const char *ns) { return be_ns(b, ns)->nl; }

static bool be_link_add_veth(nsp_backend *b, const char *ns, const char *name, const char *peer,
                             nsp_status *st) {
  if (!real_lazy_add(RW(b), real_ns_find(RW(b), ns), name, peer, st)) return false;
  real_pair *p = g_new0(real_pair, 1);
  g_strlcpy(p->first, name, sizeof p->first);
  g_strlcpy(p->second, peer, sizeof p->second);
  g_ptr_array_add(RW(b)->pairs, p);
  return true;
}

static int be_link_index(nsp_backend *b, const char *ns, const char *name) {
  real_netns *n = real_ns_find(RW(b), ns);
  int idx = real_lazy_index(RW(b), n, name);
  return idx ? idx : real_nl_link_index(n->nl, name);
}

static bool be_link_del(nsp_backend *b, const char *ns, int ifindex, nsp_status *st) {
  return real_nl_link_del(be_nl(b, ns), ifindex, st);
}

static const char *be_link_name(nsp_backend *b, const char *ns, int ifindex, char buf[NSP_IFNAMSIZ]) {
  size_t n;
  nsp_link *l = real_nl_link_list(be_nl(b, ns), &n);
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++)
    if (l[i].ifindex == ifindex) g_strlcpy(buf, l[i].name, NSP_IFNAMSIZ);
  g_free(l);
  return buf;
}

/* The capture of a pair starts when its first-named end is up in a
 * namespace of the scenario: libpcap cannot open a device that is down, and
 * tests/tools/record-shell likewise starts tcpdump only on the ends that
 * are up (start_caps()).  Nothing crosses a link before its ends are up. */
void real_capture_maybe_start(real_world *w, const char *ifname, real_netns *n) {
  if (!w->pcap_dir || !n->name) return;
  for (guint i = 0; i < w->pairs->len; i++) {
    real_pair *p = g_ptr_array_index(w->pairs, i);
    if (p->cap || p->done || strcmp(p->first, ifname) != 0) continue;
    char *path = g_strdup_printf("%s/%s--%s.pcap", w->pcap_dir, p->first, p->second);
    nsp_status st = {0};
    p->cap = real_capture_start(n->fd, ifname, path, &st);
    if (!p->cap) g_printerr("nspath: cannot capture on %s: %s\n", ifname, g_strerror(st.err));
    g_free(path);
  }
}

static bool be_link_set_netns(nsp_backend *b, const char *ns, int ifindex, const char *to,
                              nsp_status *st) {
  real_netns *dst = real_ns_find(RW(b), to);
  if (!dst) {
    nsp_status_set(st, ENOENT, NULL);
    return false;
  }
  bool ok;
  if (real_lazy_set_netns(RW(b), real_ns_find(RW(b), ns), ifindex, dst, &ok, st)) return ok;
  return real_nl_link_set_netns(be_nl(b, ns), ifindex, dst->fd, st);
}

static bool be_link_set_up(nsp_backend *b, const char *ns, int ifindex, bool up, nsp_status *st) {
  bool ok = true;
  if (real_lazy_set_up(RW(b), real_ns_find(RW(b), ns), ifindex, up, &ok, st)) return ok;
  if (!real_nl_link_set_up(be_nl(b, ns), ifindex, up, st)) return false;
  char name[NSP_IFNAMSIZ];
  if (up && RW(b)->pcap_dir)
    real_capture_maybe_start(RW(b), be_link_name(b, ns, ifindex, name), real_ns_find(RW(b), ns));
  return true;
}

static bool be_link_set_mac(nsp_backend *b, const char *ns, int ifindex, const ether_addr *mac,
                            nsp_status *st) {
  return real_nl_link_set_mac(be_nl(b, ns), ifindex, mac, st);
}

/* iproute2 names a peer's namespace by finding which /run/netns entry has
 * the peer's nsid; here: which of our namespaces has it. */
static void be_link_peer_ns(real_world *w, real_netns *self, nsp_link *l) {
  if (l->peer_nsid < 0) return;
  for (guint i = 0; i < w->netns->len; i++) {
    real_netns *o = g_ptr_array_index(w->netns, i);
    if (o != self && real_nl_nsid(self->nl, o->fd) == l->peer_nsid) {
      g_strlcpy(l->peer_ns, o->name, sizeof l->peer_ns);
      return;
    }
  }
}

static nsp_link *be_link_list(nsp_backend *b, const char *ns, size_t *n) {
  real_netns *self = be_ns(b, ns);
  nsp_link *l = real_nl_link_list(self->nl, n);
  for (size_t i = 0; i < *n; i++) be_link_peer_ns(RW(b), self, &l[i]);
  real_nl_link_inet6(self->nl, l, *n);
  real_nl_link_extras(self->nl, l, *n);
  return l;
}

/* A bridge is made at once, with the index the kernel would give it had
 * the recorded veths been made already (real/lazy.h), so they need not be. */
static bool be_link_add_bridge(nsp_backend *b, const char *ns, const char *name,
                               const nsp_bridge_cfg *cfg, nsp_status *st) {
  real_netns *n = real_ns_find(RW(b), ns);
  if (real_lazy_index(RW(b), n, name) || real_nl_link_index(n->nl, name)) {
    nsp_status_set(st, EEXIST, NULL);
    return false;
  }
  /* br_dev_newlink() registers the device before its options are set: a
   * refused option spends the index all the same */
  int idx = real_ifindex_alloc(RW(b), n);
  return real_nl_bridge_add(n->nl, name, idx, cfg, st);
}

static bool be_link_set_master(nsp_backend *b, const char *ns, int ifindex, int master,
                               nsp_status *st) {
  return real_nl_link_set_master(be_nl(b, ns), ifindex, master, st);
}

static nsp_fdb *be_fdb_list(nsp_backend *b, const char *ns, size_t *n) {
  return real_nl_fdb_list(be_nl(b, ns), n);
}

/* ---- addresses, routes, neighbours -------------------------------------- */

static bool be_addr_add(nsp_backend *b, const char *ns, const nsp_addr *a, nsp_status *st) {
  return real_nl_addr_add(be_nl(b, ns), a, st);
}
static bool be_addr_del(nsp_backend *b, const char *ns, const nsp_addr *a, nsp_status *st) {
  return real_nl_addr_del(be_nl(b, ns), a, st);
}
static nsp_addr *be_addr_list(nsp_backend *b, const char *ns, size_t *n) {
  return real_nl_addr_list(be_nl(b, ns), n);
}
static bool be_route_add(nsp_backend *b, const char *ns, const nsp_route_req *rq, nsp_status *st) {
  return real_nl_route_add(be_nl(b, ns), rq, st);
}
static bool be_route_del(nsp_backend *b, const char *ns, const nsp_route_req *rq, nsp_status *st) {
  return real_nl_route_del(be_nl(b, ns), rq, st);
}
static nsp_route *be_route_list(nsp_backend *b, const char *ns, uint32_t table, size_t *n,
                                nsp_status *st) {
  return real_nl_route_list(be_nl(b, ns), table, n, st);
}
static nsp_route_get *be_route_cache_list(nsp_backend *b, const char *ns, size_t *n,
                                          nsp_status *st) {
  return real_nl_route_cache_list(be_nl(b, ns), n, st);
}

static bool be_route_get(nsp_backend *b, const char *ns, const nsp_route_get_req *q,
                         nsp_route_get *out, nsp_status *st) {
  return real_nl_route_get(be_nl(b, ns), q, out, st);
}
static bool be_rule_add(nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st) {
  return real_nl_rule_add(be_nl(b, ns), r, st);
}
static bool be_rule_del(nsp_backend *b, const char *ns, const nsp_rule *r, nsp_status *st) {
  return real_nl_rule_del(be_nl(b, ns), r, st);
}
static nsp_rule *be_rule_list(nsp_backend *b, const char *ns, size_t *n) {
  return real_nl_rule_list(be_nl(b, ns), n);
}
static bool be_nexthop_add(nsp_backend *b, const char *ns, const nsp_nexthop *nh,
                           unsigned nlflags, nsp_status *st) {
  return real_nl_nexthop_add(be_nl(b, ns), nh, nlflags, st);
}
static bool be_nexthop_del(nsp_backend *b, const char *ns, const nsp_nexthop *nh,
                           nsp_status *st) {
  return real_nl_nexthop_del(be_nl(b, ns), nh, st);
}
static nsp_nexthop *be_nexthop_list(nsp_backend *b, const char *ns, uint32_t id, size_t *n,
                                    nsp_status *st) {
  return real_nl_nexthop_list(be_nl(b, ns), id, n, st);
}
static nsp_neigh *be_neigh_list(nsp_backend *b, const char *ns, bool proxy, size_t *n) {
  return real_nl_neigh_list(be_nl(b, ns), proxy, n);
}

static bool be_neigh_modify(nsp_backend *b, const char *ns, const nsp_neigh_req *rq,
                            nsp_status *st) {
  return real_nl_neigh_modify(be_nl(b, ns), rq, st);
}

static bool be_neigh_del(nsp_backend *b, const char *ns, const nsp_neigh_req *rq, nsp_status *st) {
  return real_nl_neigh_del(be_nl(b, ns), rq, st);
}

/* ---- sysctl --------------------------------------------------------------- */

/* sysctl(8): dots separate levels, so a '.' in a device name is written '/' */
static char *be_sysctl_path(const char *key) {
  char *p = g_strdup_printf("/proc/sys/%s", key);
  for (char *q = p + strlen("/proc/sys/"); *q; q++) {
    if (*q == '.') *q = '/';
    else if (*q == '/') *q = '.';
  }
  return p;
}

static bool be_sysctl_get(nsp_backend *b, const char *ns, const char *key, char *out, size_t cap,
                          nsp_status *st) {
  char *path = be_sysctl_path(key);
  int e = real_ns_sysctl_read(be_ns(b, ns)->fd, path, out, cap);
  g_free(path);
  if (e) nsp_status_set(st, e, NULL);
  return e == 0;
}

static bool be_sysctl_set(nsp_backend *b, const char *ns, const char *key, const char *value,
                          nsp_status *st) {
  /* Only net.* belongs to a network namespace: every other key (kernel.*,
   * vm.*, and user.* of the one user namespace --real runs in, such as
   * user.max_net_namespaces) is the machine's, which --real never touches */
  if (!g_str_has_prefix(key, "net.")) {
    nsp_status_set(st, EPERM, NULL);
    return false;
  }
  char *path = be_sysctl_path(key);
  int e = real_ns_sysctl_write(be_ns(b, ns)->fd, path, value);
  g_free(path);
  if (e) nsp_status_set(st, e, NULL);
  return e == 0;
}

/* iptables on the kernel: the program itself in the namespace, so its
 * words, exit statuses and counters are its own (core/cmd_iptables.c) */
static bool be_tool_run(nsp_backend *b, const char *ns, char *const *argv, char **out, int *status,
                        nsp_status *st) {
  real_netns *n = be_ns(b, ns);
  int e = n ? real_tool_run(n->fd, argv, out, status) : ENOENT;
  if (e) nsp_status_set(st, e, NULL);
  return e == 0;
}

/* ---- pings and time ------------------------------------------------------ */

static nsp_counter *be_counters_read(nsp_backend *b, const char *ns, size_t *n) {
  return real_counters_read(real_ns_find(RW(b), ns)->fd, n);
}

static nsp_probe *be_probe_open(nsp_backend *b, const char *ns, const nsp_probe_cfg *cfg,
                                nsp_status *st) {
  real_netns *n = be_ns(b, ns);
  real_world_captures_wait(RW(b)); /* a ping's frames belong in the files */
  return (nsp_probe *)real_probe_open(n->fd, cfg, st);
}
static bool be_probe_connect(nsp_probe *p, uint32_t *src, nsp_status *st) {
  return real_probe_connect((real_probe *)p, src, st);
}
static bool be_probe_send(nsp_probe *p, uint16_t seq, size_t size, nsp_status *st) {
  return real_probe_send((real_probe *)p, seq, size, st);
}
static void be_probe_wait(nsp_probe *p, uint64_t deadline, nsp_probe_event *ev) {
  real_probe_wait((real_probe *)p, deadline, ev);
}
static void be_probe_close(nsp_probe *p) { real_probe_close((real_probe *)p); }
static nsp_capture *be_capture_open(nsp_backend *b, const char *ns, const nsp_capture_cfg *cfg,
                                    nsp_status *st) {
  return (nsp_capture *)real_livecap_open(be_ns(b, ns)->fd, cfg, st);
}
static bool be_capture_next(nsp_capture *c, nsp_capture_frame *f) {
  return real_livecap_next((real_livecap *)c, f);
}
static void be_capture_stats(nsp_capture *c, nsp_capture_stats *s) {
  real_livecap_stats((real_livecap *)c, s);
}
static void be_capture_close(nsp_capture *c) { real_livecap_close((real_livecap *)c); }

/* poll() on every socket and capture until one is readable or the
 * deadline passes. */
static void be_wait_any(nsp_backend *b, const nsp_wait_set *ws, uint64_t deadline) {
  size_t np = ws->np, nc = ws->nc, nf = ws->nfds;
  struct pollfd pfd[np + nc + nf + 1];
  for (size_t i = 0; i < nf; i++) {
    pfd[i] = (struct pollfd){.fd = real_sock_fd(ws->fds[i].sock), .events = (short)ws->fds[i].events};
    ws->fds[i].revents = 0;
  }
  for (size_t i = 0; i < np; i++) {
    bool pending;
    pfd[nf + i] = (struct pollfd){.fd = real_probe_fd((real_probe *)ws->probes[i], &pending), .events = POLLIN};
    if (pending) return;
  }
  for (size_t i = 0; i < nc; i++)
    pfd[nf + np + i] = (struct pollfd){.fd = real_livecap_fd((real_livecap *)ws->caps[i]), .events = POLLIN};
  for (;;) {
    uint64_t now = real_clock_now();
    if (now >= deadline) return;
    uint64_t left = deadline - now;
    struct timespec ts = {.tv_sec = (time_t)(left / 1000000000ULL), .tv_nsec = (long)(left % 1000000000ULL)};
    int n = ppoll(pfd, (nfds_t)(nf + np + nc), &ts, NULL);
    if (n > 0) {
      for (size_t i = 0; i < nf; i++) ws->fds[i].revents = (unsigned)pfd[i].revents;
      return;
    }
    if (n < 0 && errno != EINTR) return;
  }
}


static nsp_sock *be_sock_open(nsp_backend *b, const char *ns, const nsp_sock_opts *o,
                              nsp_status *st) {
  real_netns *n = be_ns(b, ns);
  real_world_captures_wait(RW(b)); /* its frames belong in the files */
  return real_sock_open(b, n->fd, o, st);
}
static uint64_t be_clock_now(nsp_backend *b) { return real_clock_now(); }

static void be_clock_advance(nsp_backend *b, uint64_t ns) {
  struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000ULL), .tv_nsec = (long)(ns % 1000000000ULL)};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/* iputils 20221126 as root takes its process id as the ICMP identifier
 * (setup(): ident = htons(getpid() & 0xFFFF)), so each ping of a script,
 * a process of its own, has its own.  Here every ping runs in this one
 * process: sharing getpid() would let a ping take a previous ping's late
 * replies (requests held in an unresolved neighbour's queue until the
 * peer came up) as its own, counting replies to seqs it never sent.
 * Successive pings get successive identifiers, as successive ping
 * processes get successive pids. */
static uint16_t be_random_u16(nsp_backend *b) { return RW(b)->next_ident++; }
static void be_destroy(nsp_backend *b) { real_world_free(RW(b)); }

static const nsp_backend_ops real_backend_ops = {
    .netns_add = be_netns_add,
    .netns_del = be_netns_del,
    .netns_exists = be_netns_exists,
    .netns_list = be_netns_list,
    .netns_id = be_netns_id,
    .link_add_veth = be_link_add_veth,
    .link_index = be_link_index,
    .link_del = be_link_del,
    .link_add_bridge = be_link_add_bridge,
    .link_set_master = be_link_set_master,
    .fdb_list = be_fdb_list,
    .link_set_netns = be_link_set_netns,
    .link_set_up = be_link_set_up,
    .link_set_mac = be_link_set_mac,
    .link_list = be_link_list,
    .addr_add = be_addr_add,
    .addr_del = be_addr_del,
    .addr_list = be_addr_list,
    .route_add = be_route_add,
    .route_del = be_route_del,
    .route_list = be_route_list,
    .route_get = be_route_get,
    .route_cache_list = be_route_cache_list,
    .rule_add = be_rule_add,
    .rule_del = be_rule_del,
    .rule_list = be_rule_list,
    .nexthop_add = be_nexthop_add,
    .nexthop_del = be_nexthop_del,
    .nexthop_list = be_nexthop_list,
    .neigh_list = be_neigh_list,
    .neigh_modify = be_neigh_modify,
    .neigh_del = be_neigh_del,
    .sysctl_get = be_sysctl_get,
    .sysctl_set = be_sysctl_set,
    .tool_run = be_tool_run,
    .counters_read = be_counters_read,
    .probe_open = be_probe_open,
    .probe_connect = be_probe_connect,
    .probe_send = be_probe_send,
    .probe_wait = be_probe_wait,
    .probe_close = be_probe_close,
    .capture_open = be_capture_open,
    .capture_next = be_capture_next,
    .capture_stats = be_capture_stats,
    .capture_close = be_capture_close,
    .wait_any = be_wait_any,
    .sock_open = be_sock_open,
    .sock_bind = real_sock_bind,
    .sock_connect = real_sock_connect,
    .sock_listen = real_sock_listen,
    .sock_accept = real_sock_accept,
    .sock_send = real_sock_send,
    .sock_recv = real_sock_recv,
    .sock_recv_err = real_sock_recv_err,
    .sock_error = real_sock_error,
    .sock_name = real_sock_name,
    .sock_shutdown = real_sock_shutdown,
    .sock_close = real_sock_close,
    .sock_poll = real_sock_poll,
    .clock_now = be_clock_now,
    .clock_advance = be_clock_advance,
    .random_u16 = be_random_u16,
    .destroy = be_destroy,
};
