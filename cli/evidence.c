#include "cli/evidence.h"

#include <string.h>

#include "cli/json_doc.h"
#include "proto/inet.h"

typedef struct {
  char *ns;          /* NULL: root */
  GHashTable *vals;  /* name -> uint64_t* */
} snap_ns;

struct evidence_snapshot {
  GPtrArray *ns;     /* snap_ns*, root first, then in creation order */
  nsp_counter *links; /* frames captured per veth pair */
  size_t nlinks;
};

static void snap_ns_free(gpointer p) {
  snap_ns *s = p;
  g_free(s->ns);
  g_hash_table_destroy(s->vals);
  g_free(s);
}

static snap_ns *snap_ns_read(nsp_backend *be, const char *ns) {
  size_t n;
  nsp_counter *c = be->ops->counters_read(be, ns, &n);
  snap_ns *s = g_new0(snap_ns, 1);
  s->ns = g_strdup(ns);
  s->vals = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (size_t i = 0; i < n; i++)
    g_hash_table_insert(s->vals, g_strdup(c[i].name), g_memdup2(&c[i].value, sizeof c[i].value));
  g_free(c);
  return s;
}

evidence_snapshot *evidence_snapshot_take(nsp_backend *be, real_world *rw) {
  evidence_snapshot *s = g_new0(evidence_snapshot, 1);
  if (rw) s->links = real_world_capture_frames(rw, &s->nlinks);
  s->ns = g_ptr_array_new_with_free_func(snap_ns_free);
  g_ptr_array_add(s->ns, snap_ns_read(be, NULL));
  char **names = be->ops->netns_list(be); /* newest first */
  for (guint i = g_strv_length(names); i-- > 0;) g_ptr_array_add(s->ns, snap_ns_read(be, names[i]));
  g_strfreev(names);
  return s;
}

void evidence_snapshot_free(evidence_snapshot *s) {
  if (!s) return;
  g_ptr_array_unref(s->ns);
  g_free(s->links);
  g_free(s);
}

static const snap_ns *snap_find(const evidence_snapshot *s, const char *ns) {
  for (guint i = 0; s && i < s->ns->len; i++) {
    const snap_ns *x = g_ptr_array_index(s->ns, i);
    if (g_strcmp0(x->ns, ns) == 0) return x;
  }
  return NULL;
}

static int delta_cmp(gconstpointer a, gconstpointer b) {
  return strcmp(((const evidence_delta *)a)->name, ((const evidence_delta *)b)->name);
}

GArray *evidence_diff(const evidence_snapshot *before, const evidence_snapshot *after) {
  GArray *out = g_array_new(FALSE, TRUE, sizeof(evidence_delta));
  for (guint i = 0; i < after->ns->len; i++) {
    const snap_ns *a = g_ptr_array_index(after->ns, i), *b = snap_find(before, a->ns);
    guint start = out->len;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, a->vals);
    while (g_hash_table_iter_next(&it, &k, &v)) {
      const uint64_t *old = b ? g_hash_table_lookup(b->vals, k) : NULL;
      int64_t d = (int64_t)(*(uint64_t *)v - (old ? *old : 0));
      /* byte and ECN counts say nothing about where a packet went */
      if (!d || g_str_has_suffix(k, "Octets") || strstr(k, "ECT")) continue;
      evidence_delta e = {.delta = d};
      g_strlcpy(e.ns, a->ns ? a->ns : "", sizeof e.ns);
      g_strlcpy(e.name, k, sizeof e.name);
      g_array_append_val(out, e);
    }
    /* one namespace after the other, each sorted by name */
    if (out->len > start)
      qsort(&g_array_index(out, evidence_delta, start), out->len - start, sizeof(evidence_delta),
            delta_cmp);
  }
  return out;
}

GArray *evidence_frames(const evidence_snapshot *before, const evidence_snapshot *after) {
  GArray *out = g_array_new(FALSE, TRUE, sizeof(evidence_delta));
  for (size_t i = 0; i < after->nlinks; i++) {
    evidence_delta e = {.delta = (int64_t)after->links[i].value};
    for (size_t k = 0; before && k < before->nlinks; k++)
      if (strcmp(before->links[k].name, after->links[i].name) == 0)
        e.delta -= (int64_t)before->links[k].value;
    g_strlcpy(e.ns, after->links[i].name, sizeof e.ns);
    g_strlcpy(e.name, "frames", sizeof e.name);
    g_array_append_val(out, e);
  }
  return out;
}

static const char *state_name(unsigned s) {
  return s & NSP_NUD_FAILED ? "FAILED" : s & NSP_NUD_INCOMPLETE ? "INCOMPLETE" : NULL;
}

static void states_of(nsp_backend *be, const char *ns, GPtrArray *out) {
  size_t nl, nn;
  nsp_link *l = be->ops->link_list(be, ns, &nl);
  nsp_neigh *n = be->ops->neigh_list(be, ns, false, &nn);
  const char *label = ns ? ns : "root";
  for (size_t i = 0; i < nl; i++)
    if (l[i].kind == NSP_LINK_VETH && (l[i].flags & NSP_IFF_UP) && !l[i].carrier)
      g_ptr_array_add(out, g_strdup_printf("%s: %s is up without carrier (its peer is down): "
                                           "nothing it sends crosses", label, l[i].name));
  for (size_t i = 0; i < nn; i++) {
    char a[16], dev[NSP_IFNAMSIZ] = "?";
    const char *st = state_name(n[i].state);
    for (size_t k = 0; k < nl; k++)
      if (l[k].ifindex == n[i].ifindex) g_strlcpy(dev, l[k].name, sizeof dev);
    if (st)
      g_ptr_array_add(out, g_strdup_printf("%s: neighbour %s dev %s %s (no ARP reply)", label,
                                           ipv4_addr_ntop(n[i].ip, a), dev, st));
  }
  g_free(l);
  g_free(n);
}

static bool moved_in(GArray *moved, const char *ns) {
  for (guint i = 0; i < moved->len; i++)
    if (strcmp(g_array_index(moved, evidence_delta, i).ns, ns ? ns : "") == 0) return true;
  return false;
}

GPtrArray *evidence_states(nsp_backend *be, GArray *moved) {
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  if (moved_in(moved, NULL)) states_of(be, NULL, out);
  char **names = be->ops->netns_list(be);
  for (guint i = g_strv_length(names); i-- > 0;)
    if (moved_in(moved, names[i])) states_of(be, names[i], out);
  g_strfreev(names);
  return out;
}

/* The counters that name a reason (net/ipv4/route.c ip_error(),
 * ip_forward.c, ip_output.c, icmp.c), in plain words. */
static const struct {
  const char *name;
  const char *meaning;
} readings[] = {
    {"IpInAddrErrors", "packets for an address it does not have arrived on an interface with "
                       "forwarding off, and were dropped (ip_error())"},
    {"IpExtInNoRoutes", "packets to forward found no route"},
    {"IpOutNoRoutes", "a packet sent from here found no route"},
    {"IpInHdrErrors", "packets dropped for their header: a TTL that ran out while forwarding"},
    {"IcmpOutTimeExcds", "it sent Time Exceeded"},
    {"IcmpOutDestUnreachs", "it sent Destination Unreachable"},
    {"IcmpOutRateLimitHost", "ICMP errors held back by the per-destination rate limit"},
    {"IcmpOutRateLimitGlobal", "ICMP errors held back by the global rate limit"},
};

static int64_t moved_get(GArray *moved, const char *ns, const char *name) {
  for (guint i = 0; i < moved->len; i++) {
    const evidence_delta *d = &g_array_index(moved, evidence_delta, i);
    if (strcmp(d->ns, ns) == 0 && strcmp(d->name, name) == 0) return d->delta;
  }
  return 0;
}

static void render_readings(GArray *moved, GString *out) {
  for (guint i = 0; i < moved->len; i++) {
    const evidence_delta *d = &g_array_index(moved, evidence_delta, i);
    const char *ns = d->ns[0] ? d->ns : "root";
    for (size_t k = 0; k < G_N_ELEMENTS(readings); k++)
      if (strcmp(d->name, readings[k].name) == 0)
        g_string_append_printf(out, "#   => %s: %s +%" G_GINT64_FORMAT ": %s\n", ns, d->name,
                               (gint64)d->delta, readings[k].meaning);
    if (g_str_has_suffix(d->name, ":tx_dropped"))
      g_string_append_printf(out, "#   => %s: %s +%" G_GINT64_FORMAT ": frames dropped on the way out\n",
                             ns, d->name, (gint64)d->delta);
    /* icmp_reply() counts nothing when the reply finds no route */
    if (strcmp(d->name, "IcmpInEchos") == 0 && d->delta > moved_get(moved, d->ns, "IcmpOutEchoReps"))
      g_string_append_printf(out, "#   => %s: IcmpInEchos +%" G_GINT64_FORMAT " but IcmpOutEchoReps +%"
                             G_GINT64_FORMAT ": echo requests arrived and no reply left "
                             "(no route back?)\n", ns, (gint64)d->delta,
                             (gint64)moved_get(moved, d->ns, "IcmpOutEchoReps"));
  }
}

void evidence_render(GArray *moved, GArray *frames, GPtrArray *states, GString *out) {
  g_string_append(out, "# explain (kernel): counters that moved while the command ran\n");
  const char *cur = NULL;
  for (guint i = 0; i < moved->len; i++) {
    const evidence_delta *d = &g_array_index(moved, evidence_delta, i);
    if (!cur || strcmp(cur, d->ns) != 0) {
      g_string_append_printf(out, "%s#   %s:", cur ? "\n" : "", d->ns[0] ? d->ns : "root");
      cur = d->ns;
    }
    g_string_append_printf(out, " %s +%" G_GINT64_FORMAT, d->name, (gint64)d->delta);
  }
  if (cur) g_string_append_c(out, '\n');
  for (guint i = 0; i < frames->len; i++) {
    const evidence_delta *d = &g_array_index(frames, evidence_delta, i);
    g_string_append_printf(out, "%s %s +%" G_GINT64_FORMAT "%s", i ? "," : "#   captured frames:",
                           d->ns, (gint64)d->delta, i + 1 == frames->len ? "\n" : "");
  }
  render_readings(moved, out);
  for (guint i = 0; i < states->len; i++)
    g_string_append_printf(out, "#   => %s\n", (char *)g_ptr_array_index(states, i));
}

JsonObject *evidence_json(GArray *moved, GArray *frames, GPtrArray *states) {
  JsonObject *o = json_object_new();
  JsonArray *counters = json_array_new(), *captures = json_array_new();
  for (guint i = 0; i < moved->len; i++) {
    const evidence_delta *d = &g_array_index(moved, evidence_delta, i);
    JsonObject *c = json_object_new();
    json_object_set_string_member(c, "ns", d->ns);
    json_object_set_string_member(c, "name", d->name);
    json_object_set_int_member(c, "delta", d->delta);
    json_array_add_object_element(counters, c);
  }
  for (guint i = 0; i < frames->len; i++) {
    const evidence_delta *d = &g_array_index(frames, evidence_delta, i);
    JsonObject *c = json_object_new();
    json_object_set_string_member(c, "link", d->ns);
    json_object_set_int_member(c, "frames", d->delta);
    json_array_add_object_element(captures, c);
  }
  json_object_set_array_member(o, "counters", counters);
  json_object_set_array_member(o, "captures", captures);
  json_object_set_array_member(o, "states", cli_json_strings(states));
  return o;
}
