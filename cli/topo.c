#include "cli/topo.h"

#include <stdlib.h>
#include <string.h>

#include "core/scenario.h"
#include "proto/inet.h"

static int topo_sysctl_int(nsp_backend *be, const char *ns, const char *key) {
  char v[32];
  nsp_status st = {0};
  if (!be->ops->sysctl_get(be, ns, key, v, sizeof v, &st)) return -1;
  return atoi(v);
}

/* The lines `ip [-n NS] route show` prints, through the same code that
 * runs a scenario's `ip route` (so they read exactly as in a transcript). */
static GPtrArray *topo_routes(nsp_backend *be, const char *ns) {
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  r.pace_ns = 0;
  char *cmd = ns[0] ? g_strdup_printf("ip -n %s route show", ns) : g_strdup("ip route show");
  if (nsp_scenario_run_line(be, "graph", 1, cmd, &r) && r.status == 0) {
    gchar **out = g_strsplit(r.transcript->str, "\n", -1);
    for (guint i = 1; out[0] && out[i]; i++) /* [0] is "$ ip route show" */
      if (out[i][0]) g_ptr_array_add(lines, g_strchomp(g_strdup(out[i])));
    g_strfreev(out);
  }
  nsp_scenario_result_clear(&r);
  g_free(cmd);
  return lines;
}

static void iface_clear(gpointer p) { g_ptr_array_unref(((topo_iface *)p)->addrs); }

static void ns_free(gpointer p) {
  topo_ns *n = p;
  g_free(n->name);
  g_array_free(n->ifaces, TRUE);
  g_ptr_array_unref(n->routes);
  g_free(n);
}

static topo_ns *topo_ns_read(nsp_backend *be, const char *name) {
  const char *ns = name[0] ? name : NULL;
  topo_ns *t = g_new0(topo_ns, 1);
  t->name = g_strdup(name);
  t->ip_forward = topo_sysctl_int(be, ns, "net.ipv4.ip_forward");
  t->ifaces = g_array_new(FALSE, TRUE, sizeof(topo_iface));
  g_array_set_clear_func(t->ifaces, iface_clear);
  size_t nl = 0, na = 0;
  nsp_link *links = be->ops->link_list(be, ns, &nl);
  nsp_addr *addrs = be->ops->addr_list(be, ns, &na);
  for (size_t i = 0; i < nl; i++) {
    topo_iface f = {.link = links[i], .addrs = g_ptr_array_new_with_free_func(g_free)};
    char key[80], a[16];
    g_snprintf(key, sizeof key, "net.ipv4.conf.%s.forwarding", links[i].name);
    f.forwarding = topo_sysctl_int(be, ns, key);
    for (size_t k = 0; k < na; k++)
      if (addrs[k].ifindex == links[i].ifindex)
        g_ptr_array_add(f.addrs, g_strdup_printf("%s/%u", ipv4_addr_ntop(addrs[k].local, a),
                                                 addrs[k].plen));
    g_array_append_val(t->ifaces, f);
  }
  g_free(links);
  g_free(addrs);
  t->routes = topo_routes(be, name);
  return t;
}

GPtrArray *topo_read(nsp_backend *be) {
  GPtrArray *t = g_ptr_array_new_with_free_func(ns_free);
  g_ptr_array_add(t, topo_ns_read(be, ""));
  char **names = be->ops->netns_list(be); /* newest first */
  guint n = names ? g_strv_length(names) : 0;
  for (guint i = n; i-- > 0;) g_ptr_array_add(t, topo_ns_read(be, names[i]));
  g_strfreev(names);
  return t;
}

void topo_free(GPtrArray *t) {
  if (t) g_ptr_array_unref(t);
}

const topo_iface *topo_find(const GPtrArray *t, const char *ns, const char *dev, const topo_ns **in) {
  for (guint i = 0; i < t->len; i++) {
    const topo_ns *n = g_ptr_array_index(t, i);
    if (strcmp(n->name, ns) != 0) continue;
    for (guint k = 0; k < n->ifaces->len; k++) {
      const topo_iface *f = &g_array_index(n->ifaces, topo_iface, k);
      if (strcmp(f->link.name, dev) == 0) {
        if (in) *in = n;
        return f;
      }
    }
  }
  return NULL;
}
