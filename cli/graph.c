#include "cli/graph.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <string.h>

#include "cli/explain.h"
#include "cli/topo.h"
#include "core/probe_log.h"
#include "proto/inet.h"

#define COLOR_REQUEST "#1f77b4"
#define COLOR_REPLY "#2ca02c"
#define COLOR_ERROR "#e6550d"
#define COLOR_DROP "#d62728"

typedef struct {
  Agraph_t *g;
  const GPtrArray *t;
  GHashTable *clusters;  /* namespace name -> Agraph_t* */
  GHashTable *ends;      /* "ns\toutcome" -> Agnode_t* of an end marker */
  GHashTable *marks;     /* namespace name -> "end-dropped" / "end-delivered" */
  unsigned serial;
} graph_ctx;

static void set(void *obj, const char *k, const char *v) { agsafeset(obj, (char *)k, (char *)v, ""); }

static const char *ns_title(const char *ns) { return ns[0] ? ns : "(root)"; }

static char *node_key(const char *ns, const char *dev) {
  return g_strdup_printf("%s/%s", ns_title(ns), dev);
}

/* ---- the world ---------------------------------------------------------------- */

static const char *iface_state(const nsp_link *l) {
  if (!(l->flags & NSP_IFF_UP)) return "DOWN";
  return l->carrier ? "UP" : "UP, NO-CARRIER";
}

static void graph_iface(graph_ctx *c, Agraph_t *sub, const topo_ns *n, const topo_iface *f) {
  char *key = node_key(n->name, f->link.name);
  Agnode_t *v = agnode(sub, key, 1);
  GString *label = g_string_new(f->link.name);
  for (guint i = 0; i < f->addrs->len; i++)
    g_string_append_printf(label, "\\n%s", (char *)g_ptr_array_index(f->addrs, i));
  g_string_append_printf(label, "\\n%s", iface_state(&f->link));
  if (f->forwarding >= 0 && f->forwarding != n->ip_forward)
    g_string_append_printf(label, "\\nforwarding=%d", f->forwarding);
  set(v, "label", label->str);
  set(v, "id", key);
  set(v, "class", "iface");
  if (!(f->link.flags & NSP_IFF_UP)) set(v, "style", "dashed"), set(v, "color", "gray50");
  else if (!f->link.carrier) set(v, "color", "darkorange");
  g_string_free(label, TRUE);
  g_free(key);
}

/* Shown: namespaces other than the root, and the root when it has more
 * than its loopback. */
static bool ns_shown(const topo_ns *n) {
  if (n->name[0]) return true;
  for (guint i = 0; i < n->ifaces->len; i++)
    if (g_array_index(n->ifaces, topo_iface, i).link.kind != NSP_LINK_LOOPBACK) return true;
  return false;
}

static void graph_ns(graph_ctx *c, const topo_ns *n) {
  char *name = g_strdup_printf("cluster_%u", c->serial++);
  Agraph_t *sub = agsubg(c->g, name, 1);
  char *label = g_strdup_printf("%s  (ip_forward=%d)", n->name[0] ? n->name : "root namespace",
                                n->ip_forward);
  char *id = g_strdup_printf("ns-%s", ns_title(n->name));
  set(sub, "label", label);
  set(sub, "id", id);
  set(sub, "class", "namespace");
  set(sub, "style", "rounded");
  g_hash_table_insert(c->clusters, g_strdup(n->name), sub);
  for (guint i = 0; i < n->ifaces->len; i++) {
    const topo_iface *f = &g_array_index(n->ifaces, topo_iface, i);
    if (f->link.kind != NSP_LINK_LOOPBACK) graph_iface(c, sub, n, f);
  }
  GString *routes = g_string_new(NULL);
  for (guint i = 0; i < n->routes->len; i++)
    g_string_append_printf(routes, "%s\\l", (char *)g_ptr_array_index(n->routes, i));
  char *rkey = g_strdup_printf("%s routes", ns_title(n->name));
  Agnode_t *r = agnode(sub, rkey, 1);
  set(r, "label", routes->len ? routes->str : "no routes");
  set(r, "shape", "note");
  set(r, "fontsize", "9");
  set(r, "class", "routes");
  g_string_free(routes, TRUE);
  g_free(rkey);
  g_free(id);
  g_free(label);
  g_free(name);
}

/* The namespace of l's peer: peer_ns names it; "" there is the same
 * namespace when no nsid is given, else the root. */
static const topo_ns *peer_ns(const graph_ctx *c, const topo_ns *n, const nsp_link *l) {
  const char *want = l->peer_ns[0] ? l->peer_ns : l->peer_nsid < 0 ? n->name : "";
  for (guint i = 0; i < c->t->len; i++) {
    const topo_ns *o = g_ptr_array_index(c->t, i);
    if (strcmp(o->name, want) == 0) return o;
  }
  return NULL;
}

static void graph_veths(graph_ctx *c) {
  for (guint i = 0; i < c->t->len; i++) {
    const topo_ns *n = g_ptr_array_index(c->t, i);
    for (guint k = 0; k < n->ifaces->len; k++) {
      const nsp_link *l = &g_array_index(n->ifaces, topo_iface, k).link;
      const topo_ns *p = l->kind == NSP_LINK_VETH ? peer_ns(c, n, l) : NULL;
      for (guint j = 0; p && j < p->ifaces->len; j++) {
        const nsp_link *o = &g_array_index(p->ifaces, topo_iface, j).link;
        char *a = node_key(n->name, l->name), *b = node_key(p->name, o->name);
        /* each pair once: from the end whose key sorts first */
        if (o->ifindex == l->peer_ifindex && strcmp(a, b) < 0) {
          Agedge_t *e = agedge(c->g, agnode(c->g, a, 0), agnode(c->g, b, 0), NULL, 1);
          set(e, "dir", "none");
          set(e, "penwidth", "2");
          set(e, "color", "gray40");
          set(e, "class", "veth");
        }
        g_free(a);
        g_free(b);
      }
    }
  }
}

/* ---- the paths of a ping (--explain) -------------------------------------------- */

/* The node of dev in ns, made in its namespace's cluster when the world
 * did not show it (a loopback a packet went through). */
static Agnode_t *path_node(graph_ctx *c, const char *ns, const char *dev) {
  char *key = node_key(ns, dev);
  Agnode_t *v = agnode(c->g, key, 0);
  Agraph_t *sub = g_hash_table_lookup(c->clusters, ns);
  if (!v) {
    v = agnode(sub ? sub : c->g, key, 1);
    set(v, "label", dev);
    set(v, "id", key);
  }
  g_free(key);
  return v;
}

static void mark_ns(graph_ctx *c, const char *ns, bool dropped) {
  const char *old = g_hash_table_lookup(c->marks, ns);
  if (old && strcmp(old, "end-dropped") == 0) return;
  g_hash_table_insert(c->marks, g_strdup(ns), dropped ? "end-dropped" : "end-delivered");
}

static const char *packet_color(sim_trace_packet p) {
  return p == SIM_TRACE_ECHO_REQUEST ? COLOR_REQUEST : p == SIM_TRACE_ECHO_REPLY ? COLOR_REPLY : COLOR_ERROR;
}

/* text cut into lines of about width characters at spaces, as a Graphviz
 * label ("\\n" between them) */
static void label_wrap(GString *out, const char *text, size_t width) {
  size_t col = 0;
  gchar **words = g_strsplit(text, " ", -1);
  for (guint i = 0; words[i]; i++) {
    size_t n = strlen(words[i]);
    if (col && col + 1 + n > width) g_string_append(out, "\\n"), col = 0;
    else if (col) g_string_append_c(out, ' '), col++;
    g_string_append(out, words[i]);
    col += n;
  }
  g_strfreev(words);
}

/* The end of a packet: one marker per namespace and outcome, listing the
 * sequences that ended there. */
static void path_end(graph_ctx *c, Agnode_t *from, const char *ns, const char *what, uint16_t seq,
                     bool dropped, const char *color) {
  char *key = g_strdup_printf("%s\t%s", ns, what);
  Agnode_t *end = g_hash_table_lookup(c->ends, key);
  if (!end) {
    Agraph_t *sub = g_hash_table_lookup(c->clusters, ns);
    char *name = g_strdup_printf("end %u", c->serial++);
    end = agnode(sub ? sub : c->g, name, 1);
    g_free(name);
    set(end, "shape", "box");
    set(end, "style", "rounded,filled");
    set(end, "fillcolor", dropped ? "#fde0dd" : "#e5f5e0");
    set(end, "color", dropped ? COLOR_DROP : COLOR_REPLY);
    set(end, "fontsize", "9");
    set(end, "class", dropped ? "end dropped" : "end delivered");
    set(end, "nspath_seqs", "");
    g_hash_table_insert(c->ends, g_strdup(key), end);
    if (from) {
      Agedge_t *e = agedge(c->g, from, end, NULL, 1);
      set(e, "color", color);
      set(e, "style", "dashed");
      set(e, "class", "path");
    }
  }
  char *seqs = agget(end, "nspath_seqs");
  char *now = g_strdup_printf("%s%s%u", seqs, seqs[0] ? "," : "", seq);
  set(end, "nspath_seqs", now);
  GString *label = g_string_new(NULL);
  g_string_printf(label, "%s icmp_seq=%s:\\n", dropped ? "✗" : "✓", now);
  label_wrap(label, what, 60);
  set(end, "label", label->str);
  g_string_free(label, TRUE);
  g_free(now);
  g_free(key);
  mark_ns(c, ns, dropped);
}

/* One edge of a path, once per pair of nodes and packet kind. */
static void path_edge(graph_ctx *c, Agnode_t *a, Agnode_t *b, sim_trace_packet p, const char *label) {
  char *name = g_strdup_printf("%s>%s %d", agnameof(a), agnameof(b), (int)p);
  Agedge_t *e = agedge(c->g, a, b, name, 0);
  if (!e) {
    e = agedge(c->g, a, b, name, 1);
    set(e, "color", packet_color(p));
    set(e, "fontcolor", packet_color(p));
    set(e, "penwidth", "2.5");
    set(e, "label", label);
    set(e, "fontsize", "9");
    set(e, "class", "path");
    set(e, "constraint", "false");
  }
  g_free(name);
}

static void path_packet(graph_ctx *c, const explain_packet *k, uint16_t seq) {
  Agnode_t *cur = NULL;
  const char *cur_ns = "";
  char lbl[64];
  const char *color = packet_color(k->packet);
  for (guint h = 0; h < k->hops->len; h++) {
    const sim_trace_event *e = &g_array_index(k->hops, sim_trace_event, h);
    Agnode_t *here = e->dev[0] ? path_node(c, e->ns, e->dev) : NULL;
    switch (e->kind) {
    case SIM_TRACE_OUT: cur = here; cur_ns = e->ns; break;
    case SIM_TRACE_IN:
      g_snprintf(lbl, sizeof lbl, "ttl %u", e->ttl);
      if (cur && here && cur != here) path_edge(c, cur, here, k->packet, lbl);
      cur = here;
      cur_ns = e->ns;
      break;
    case SIM_TRACE_FORWARD: {
      Agnode_t *out = path_node(c, e->ns, e->dev_out);
      g_snprintf(lbl, sizeof lbl, "ttl %u>%u", e->ttl, e->ttl_after);
      if (here) path_edge(c, here, out, k->packet, lbl);
      cur = out;
      cur_ns = e->ns;
      break;
    }
    default: break;
    }
  }
  const sim_trace_event *last = &g_array_index(k->hops, sim_trace_event, k->hops->len - 1);
  bool delivered = last->kind == SIM_TRACE_DELIVER;
  char name[96];
  char *what = g_strdup_printf("%s %s", explain_packet_name(k->packet, k->icmp_type, k->icmp_code,
                                                            k->src, name, sizeof name),
                               k->outcome);
  path_end(c, cur, last->ns[0] || !cur_ns[0] ? last->ns : cur_ns, what, seq, !delivered, color);
  g_free(what);
}

static void graph_paths(graph_ctx *c, const GPtrArray *probes, const GPtrArray *paths) {
  for (guint i = 0; i < probes->len; i++) {
    const nsp_probe_record *rec = g_ptr_array_index(probes, i);
    char *none = explain_no_send(rec);
    if (none) path_end(c, NULL, rec->ns, none, 1, true, COLOR_DROP);
    g_free(none);
    const GPtrArray *seqs = paths ? g_ptr_array_index(paths, i) : NULL;
    for (guint s = 0; seqs && s < seqs->len; s++) {
      const explain_seq *q = g_ptr_array_index(seqs, s);
      for (guint p = 0; p < q->packets->len; p++)
        path_packet(c, g_ptr_array_index(q->packets, p), q->seq);
      if (!q->packets->len) path_end(c, NULL, rec->ns, q->summary, q->seq, true, COLOR_DROP);
    }
  }
  GHashTableIter it;
  gpointer ns, mark;
  g_hash_table_iter_init(&it, c->marks);
  while (g_hash_table_iter_next(&it, &ns, &mark)) {
    Agraph_t *sub = g_hash_table_lookup(c->clusters, ns);
    if (!sub) continue;
    char *cls = g_strdup_printf("namespace %s", (char *)mark);
    set(sub, "class", cls);
    set(sub, "color", strcmp(mark, "end-dropped") == 0 ? COLOR_DROP : COLOR_REPLY);
    set(sub, "penwidth", "2.5");
    g_free(cls);
  }
}

/* ---- rendering ---------------------------------------------------------------- */

struct graph_gvc {
  GVC_t *gvc;
};

graph_gvc *graph_gvc_new(void) {
  graph_gvc *g = g_new0(graph_gvc, 1);
  g->gvc = gvContext();
  return g;
}

void graph_gvc_free(graph_gvc *g) {
  if (!g) return;
  gvFreeContext(g->gvc);
  g_free(g);
}

char *graph_render(graph_gvc *gg, const GPtrArray *t, const GPtrArray *probes,
                   const GPtrArray *paths, const char *format, size_t *len, GString *why) {
  graph_ctx c = {.t = t};
  c.g = agopen("nspath", Agdirected, NULL);
  c.clusters = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  c.ends = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  c.marks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  agattr(c.g, AGRAPH, "rankdir", "LR");
  agattr(c.g, AGRAPH, "fontname", "DejaVu Sans");
  agattr(c.g, AGRAPH, "fontsize", "12");
  agattr(c.g, AGNODE, "shape", "box");
  agattr(c.g, AGNODE, "fontname", "DejaVu Sans");
  agattr(c.g, AGNODE, "fontsize", "10");
  agattr(c.g, AGEDGE, "fontname", "DejaVu Sans");
  for (guint i = 0; i < t->len; i++)
    if (ns_shown(g_ptr_array_index(t, i))) graph_ns(&c, g_ptr_array_index(t, i));
  graph_veths(&c);
  if (probes) graph_paths(&c, probes, paths);
  GVC_t *gvc = gg->gvc;
  char *out = NULL;
  unsigned int n = 0;
  if (gvLayout(gvc, c.g, "dot") != 0) {
    g_string_assign(why, "Graphviz could not lay the graph out");
  } else {
    char *data = NULL;
    if (gvRenderData(gvc, c.g, format, &data, &n) == 0 && data) {
      out = g_malloc(n + 1); /* NUL after the bytes: SVG and DOT are read as text */
      memcpy(out, data, n);
      out[n] = '\0';
    }
    else g_string_printf(why, "Graphviz cannot render %s here (its plugin is missing)", format);
    if (data) gvFreeRenderData(data);
    gvFreeLayout(gvc, c.g);
  }
  agclose(c.g);
  g_hash_table_destroy(c.clusters);
  g_hash_table_destroy(c.ends);
  g_hash_table_destroy(c.marks);
  *len = n;
  return out;
}
