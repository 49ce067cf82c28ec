/* The picture of a world (cli/topo.h), drawn with Graphviz (libcgraph
 * builds the graph, libgvc lays it out and renders it): each namespace a
 * cluster labelled with its name and ip_forward, each interface a box with
 * its addresses and state (DOWN, NO-CARRIER), each veth pair an edge,
 * the main routes listed per namespace.  With the paths of a ping
 * (--explain), every packet drawn hop by hop in colour (requests blue,
 * replies green, ICMP errors orange) up to where it ended, the end marked
 * with its reason, and the namespace where something died outlined red.
 *
 * In the SVG each namespace is a group with id "ns-NAME" ("ns-(root)") and
 * class "namespace", plus "end-dropped" where a packet of the ping ended
 * undelivered and "end-delivered" where one was delivered: tests and the
 * report find them there. */
#ifndef CLI_GRAPH_H
#define CLI_GRAPH_H

#include <glib.h>

/* A Graphviz context, one for every picture of a process: Graphviz 2.42's
 * pango plugin keeps a pointer to the last font name it measured, which
 * lives in its context's font dictionary, so a picture drawn after that
 * context was freed reads freed memory (ASan: textspan_size()). */
typedef struct graph_gvc graph_gvc;
graph_gvc *graph_gvc_new(void);
void graph_gvc_free(graph_gvc *g);

/* t: topo_read()'s namespaces; probes (nsp_probe_record*) and paths
 * (per probe a GPtrArray of explain_seq*, or NULL) from
 * cli_report_last_ping(), both NULL for no overlay.  format: "dot" (the
 * graph as Graphviz reads it, laid out), "svg" or "png".  Returns the
 * bytes (*len) and a NUL after them, g_free; NULL with a message in why. */
char *graph_render(graph_gvc *gvc, const GPtrArray *t, const GPtrArray *probes, const GPtrArray *paths,
                   const char *format, size_t *len, GString *why);

#endif
