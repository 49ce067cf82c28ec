/* cli/graph.h without Graphviz: the program and library build with glib,
 * libpcap and libnl alone (Debian's libgraphviz-dev adds the pictures), and
 * `nspath graph` and `nspath report` then say what is missing instead of
 * drawing. */
#include "cli/graph.h"

struct graph_gvc {
  int unused;
};

graph_gvc *graph_gvc_new(void) { return g_new0(graph_gvc, 1); }

void graph_gvc_free(graph_gvc *g) { g_free(g); }

char *graph_render(graph_gvc *gvc, const GPtrArray *t, const GPtrArray *probes, const GPtrArray *paths,
                   const char *format, size_t *len, GString *why) {
  g_string_append(why, "this nspath was built without Graphviz (Debian package libgraphviz-dev), "
                       "which draws the pictures");
  *len = 0;
  return NULL;
}
