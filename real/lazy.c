/* Veth pairs made late, in one request, where they end up (real/lazy.h). */
#include "real/lazy.h"

#include <errno.h>
#include <string.h>

#include "real/nl.h"

typedef struct {
  char name[NSP_IFNAMSIZ];
  int ifindex;
  real_netns *ns; /* where the scenario has put it so far */
  bool up;
} lazy_end;

struct real_lazy_pair {
  lazy_end end[2]; /* [0] NAME, [1] PEER */
  real_netns *origin;
  int up_order[2], nup; /* the ends set up, in the scenario's order */
};

static bool lazy_name_taken(real_world *w, real_netns *ns, const char *name) {
  for (guint i = 0; i < w->lazy->len; i++) {
    real_lazy_pair *p = g_ptr_array_index(w->lazy, i);
    for (int e = 0; e < 2; e++)
      if (p->end[e].ns == ns && strcmp(p->end[e].name, name) == 0) return true;
  }
  return real_nl_link_index(ns->nl, name) != 0;
}

static bool lazy_index_taken(real_world *w, real_netns *ns, int ifindex, const nsp_link *l,
                             size_t n) {
  for (size_t i = 0; i < n; i++)
    if (l[i].ifindex == ifindex) return true;
  for (guint i = 0; i < w->lazy->len; i++) {
    real_lazy_pair *p = g_ptr_array_index(w->lazy, i);
    for (int e = 0; e < 2; e++)
      if (p->end[e].ns == ns && p->end[e].ifindex == ifindex) return true;
  }
  return false;
}

/* dev_index_reserve(net, 0): xa_alloc_cyclic() over the namespace's
 * indexes (its devices and the recorded ends placed there) from its hint,
 * which moves past the index taken.  A device moved in keeps its index
 * when free and leaves the hint alone. */
int real_ifindex_alloc(real_world *w, real_netns *ns) {
  size_t n;
  nsp_link *l = real_nl_link_list(ns->nl, &n);
  int id = ns->ifindex_hint > 0 ? ns->ifindex_hint : 1;
  for (int tries = 0; tries < 1 << 16 && lazy_index_taken(w, ns, id, l, n); tries++)
    id = id == G_MAXINT ? 1 : id + 1;
  g_free(l);
  ns->ifindex_hint = id + 1;
  return id;
}

bool real_lazy_add(real_world *w, real_netns *ns, const char *name, const char *peer,
                   nsp_status *st) {
  if (strcmp(name, peer) == 0 || lazy_name_taken(w, ns, name) || lazy_name_taken(w, ns, peer)) {
    nsp_status_set(st, EEXIST, NULL);
    return false;
  }
  real_lazy_pair *p = g_new0(real_lazy_pair, 1);
  p->origin = ns;
  /* veth_newlink() registers the peer first: it gets the lower index */
  p->end[1].ifindex = real_ifindex_alloc(w, ns);
  p->end[1].ns = ns;
  p->end[0].ifindex = real_ifindex_alloc(w, ns);
  for (int e = 0; e < 2; e++) {
    g_strlcpy(p->end[e].name, e ? peer : name, NSP_IFNAMSIZ);
    p->end[e].ns = ns;
  }
  g_ptr_array_add(w->lazy, p);
  return true;
}

static lazy_end *lazy_find(real_world *w, real_netns *ns, int ifindex, real_lazy_pair **pair) {
  for (guint i = 0; i < w->lazy->len; i++) {
    real_lazy_pair *p = g_ptr_array_index(w->lazy, i);
    for (int e = 0; e < 2; e++)
      if (p->end[e].ns == ns && p->end[e].ifindex == ifindex) {
        *pair = p;
        return &p->end[e];
      }
  }
  return NULL;
}

int real_lazy_index(real_world *w, real_netns *ns, const char *name) {
  for (guint i = 0; i < w->lazy->len; i++) {
    real_lazy_pair *p = g_ptr_array_index(w->lazy, i);
    for (int e = 0; e < 2; e++)
      if (p->end[e].ns == ns && strcmp(p->end[e].name, name) == 0) return p->end[e].ifindex;
  }
  return 0;
}

bool real_lazy_set_netns(real_world *w, real_netns *ns, int ifindex, real_netns *to, bool *ok,
                         nsp_status *st) {
  real_lazy_pair *p;
  lazy_end *e = lazy_find(w, ns, ifindex, &p);
  if (!e) return false;
  if (p->nup > 0) { /* a move downs the device: the kernel's way from here */
    real_lazy_flush(w);
    return false;
  }
  *ok = true;
  if (to == ns) return true; /* dev_change_net_namespace(): nothing to do */
  if (lazy_name_taken(w, to, e->name)) {
    nsp_status_set(st, EEXIST, NULL);
    *ok = false;
    return true;
  }
  /* dev_change_net_namespace(): the index stays unless it is taken there */
  size_t n;
  nsp_link *l = real_nl_link_list(to->nl, &n);
  bool taken = lazy_index_taken(w, to, e->ifindex, l, n);
  g_free(l);
  int idx = taken ? real_ifindex_alloc(w, to) : e->ifindex;
  e->ns = to;
  e->ifindex = idx;
  return true;
}

static void lazy_pair_free(real_lazy_pair *p) { g_free(p); }

/* A request for a pair made late failed: said on stderr with the words
 * iproute2 would have printed for it (nsp_rtnl_error()'s), since the line
 * that asked for it ran earlier (tests/faults/nl_faults.sh). */
static void lazy_warn(const lazy_end *e, const char *what, const nsp_status *st) {
  if (st->recv_error)
    g_printerr("nspath: %s %s: netlink receive error %s (%d)\n", what, e->name,
               g_strerror(st->err), st->err);
  else if (st->extack[0])
    g_printerr("nspath: %s %s: Error: %s.\n", what, e->name, st->extack);
  else
    g_printerr("nspath: %s %s: RTNETLINK answers: %s\n", what, e->name, g_strerror(st->err));
}

/* Both ends up: one request makes them in their namespaces with NAME up,
 * a second brings PEER up (veth_newlink() configures the peer before the
 * pair is linked, so IFF_UP on the peer would fail with ENOTCONN). */
static bool lazy_make_placed(real_world *w, real_lazy_pair *p, nsp_status *st) {
  real_nl_veth_end k[2];
  for (int e = 0; e < 2; e++)
    k[e] = (real_nl_veth_end){.name = p->end[e].name, .ifindex = p->end[e].ifindex,
                              .nsfd = p->end[e].ns->fd, .up = e == 0};
  bool ok = real_nl_veth_add(p->origin->nl, &k[0], &k[1], st);
  if (!ok) {
    lazy_warn(&p->end[0], "cannot create", st);
    return false;
  }
  ok = real_nl_link_set_up(p->end[1].ns->nl, p->end[1].ifindex, true, st);
  if (!ok) lazy_warn(&p->end[1], "cannot set up", st);
  real_capture_maybe_start(w, p->end[0].name, p->end[0].ns);
  return ok;
}

/* The textbook's way: made where `ip link add` ran, moved, set up. */
static void lazy_make_moved(real_world *w, real_lazy_pair *p) {
  real_nl_veth_end k[2];
  for (int e = 0; e < 2; e++)
    k[e] = (real_nl_veth_end){.name = p->end[e].name, .ifindex = p->end[e].ifindex, .nsfd = -1};
  nsp_status st = {0};
  if (!real_nl_veth_add(p->origin->nl, &k[0], &k[1], &st)) {
    lazy_warn(&p->end[0], "cannot create", &st);
    return;
  }
  for (int e = 0; e < 2; e++)
    if (p->end[e].ns != p->origin &&
        !real_nl_link_set_netns(p->origin->nl, p->end[e].ifindex, p->end[e].ns->fd, &st))
      lazy_warn(&p->end[e], "cannot move", &st);
  for (int i = 0; i < p->nup; i++) {
    lazy_end *e = &p->end[p->up_order[i]];
    if (!real_nl_link_set_up(e->ns->nl, e->ifindex, true, &st)) lazy_warn(e, "cannot set up", &st);
    else real_capture_maybe_start(w, e->name, e->ns);
  }
}

bool real_lazy_set_up(real_world *w, real_netns *ns, int ifindex, bool up, bool *ok,
                      nsp_status *st) {
  real_lazy_pair *p;
  lazy_end *e = lazy_find(w, ns, ifindex, &p);
  if (!e) return false;
  if (!up) {
    real_lazy_flush(w);
    return false;
  }
  if (e->up) return true;
  e->up = true;
  p->up_order[p->nup++] = (int)(e - p->end);
  if (p->nup == 2) {
    g_ptr_array_remove(w->lazy, p);
    *ok = lazy_make_placed(w, p, st);
    lazy_pair_free(p);
  }
  return true;
}

void real_lazy_flush(real_world *w) {
  if (!w->lazy || w->lazy->len == 0) return;
  GPtrArray *todo = w->lazy;
  w->lazy = g_ptr_array_new();
  for (guint i = 0; i < todo->len; i++) {
    lazy_make_moved(w, g_ptr_array_index(todo, i));
    lazy_pair_free(g_ptr_array_index(todo, i));
  }
  g_ptr_array_free(todo, TRUE);
}

void real_lazy_free(real_world *w) {
  if (!w->lazy) return;
  for (guint i = 0; i < w->lazy->len; i++) lazy_pair_free(g_ptr_array_index(w->lazy, i));
  g_ptr_array_free(w->lazy, TRUE);
  w->lazy = NULL;
}
