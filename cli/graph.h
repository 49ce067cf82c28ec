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

/* t: topo_read()'s namespaces; probes (nsp_probe_record*) and paths
 * (per probe a GPtrArray of explain_seq*, or NULL) from
 * cli_report_last_ping(), both NULL for no overlay.  format: "dot" (the
 * graph as Graphviz reads it, laid out), "svg" or "png".  Returns the
 * bytes (*len), g_free; NULL with a message in why. */
char *graph_render(const GPtrArray *t, const GPtrArray *probes, const GPtrArray *paths,
                   const char *format, size_t *len, GString *why);

#endif
