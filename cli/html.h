/* The page of `nspath report`: one self-contained HTML file (styles and
 * pictures inline, captures embedded as data: links, one small script, no
 * request to anywhere) with the transcript, the topology, each ping's
 * explained path drawn at the moment it ran, and per link a table of its
 * frames (core/frames.c's rendering, and in the simulation what the model
 * did with each one) beside its pcap. */
#ifndef CLI_HTML_H
#define CLI_HTML_H

#include <glib.h>

typedef struct {
  unsigned line;        /* in the scenario */
  char *command;
  char *text;           /* what it printed and its explain block */
  char *svg;            /* the world then, with the ping's paths (NULL: none) */
} html_ping;

typedef struct {
  guint number;         /* in the link's pcap, from 1 */
  char *time;           /* "0.020010" s, or NULL */
  char *text;           /* core/frames.c's line */
  char *comment;        /* what the model did with it, or NULL */
} html_frame;

typedef struct {
  char *name;           /* "A--B" */
  char *where;          /* "ns1-veth0 in ns1, peer gw-veth0 in router" */
  GArray *frames;       /* html_frame */
  GBytes *pcap;         /* the file, NULL when there is none */
} html_link;

typedef struct {
  const char *scenario; /* its path */
  const char *backend;  /* "simulation" or "kernel" */
  const char *transcript;
  char *svg;            /* the world at the end */
  GPtrArray *pings;     /* html_ping* */
  GPtrArray *links;     /* html_link* */
  GBytes *pcapng;       /* the whole world, NULL when it could not be written */
} html_doc;

void html_doc_init(html_doc *d);
void html_doc_clear(html_doc *d);
html_link *html_doc_link(html_doc *d, const char *name); /* found or added */

/* The page. */
void html_write(const html_doc *d, GString *out);

#endif
