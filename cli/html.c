#include "cli/html.h"

#include <stdbool.h>
#include <string.h>

static void ping_free(gpointer p) {
  html_ping *x = p;
  g_free(x->command);
  g_free(x->text);
  g_free(x->svg);
  g_free(x);
}

static void frame_clear(gpointer p) {
  html_frame *f = p;
  g_free(f->time);
  g_free(f->text);
  g_free(f->comment);
}

static void link_free(gpointer p) {
  html_link *l = p;
  g_free(l->name);
  g_free(l->where);
  g_array_free(l->frames, TRUE);
  if (l->pcap) g_bytes_unref(l->pcap);
  g_free(l);
}

void html_doc_init(html_doc *d) {
  memset(d, 0, sizeof *d);
  d->pings = g_ptr_array_new_with_free_func(ping_free);
  d->links = g_ptr_array_new_with_free_func(link_free);
}

void html_doc_clear(html_doc *d) {
  g_free(d->svg);
  g_ptr_array_unref(d->pings);
  g_ptr_array_unref(d->links);
  if (d->pcapng) g_bytes_unref(d->pcapng);
  memset(d, 0, sizeof *d);
}

html_link *html_doc_link(html_doc *d, const char *name) {
  for (guint i = 0; i < d->links->len; i++) {
    html_link *l = g_ptr_array_index(d->links, i);
    if (strcmp(l->name, name) == 0) return l;
  }
  html_link *l = g_new0(html_link, 1);
  l->name = g_strdup(name);
  l->frames = g_array_new(FALSE, TRUE, sizeof(html_frame));
  g_array_set_clear_func(l->frames, frame_clear);
  g_ptr_array_add(d->links, l);
  return l;
}

/* ---- writing ------------------------------------------------------------------ */

static void esc(GString *out, const char *s) {
  char *e = g_markup_escape_text(s ? s : "", -1);
  g_string_append(out, e);
  g_free(e);
}

/* An id for an anchor: letters, digits and '-' kept, the rest '_'. */
static void anchor(GString *out, const char *prefix, const char *s) {
  g_string_append(out, prefix);
  for (; *s; s++) g_string_append_c(out, g_ascii_isalnum(*s) || *s == '-' ? *s : '_');
}

/* A download link holding the file itself. */
static void data_link(GString *out, GBytes *b, const char *mime, const char *file, const char *text) {
  gsize n;
  const guchar *p = g_bytes_get_data(b, &n);
  char *b64 = g_base64_encode(p, n);
  g_string_append_printf(out, "<a class=\"file\" download=\"");
  esc(out, file);
  g_string_append_printf(out, "\" href=\"data:%s;base64,%s\">", mime, b64);
  esc(out, text);
  g_string_append_printf(out, "</a> <span class=\"size\">(%zu bytes)</span>", (size_t)n);
  g_free(b64);
}

/* The transcript: each "$ " line a command, the "# " lines --explain's
 * (left out when !why: the pings' sections hold them). */
static void write_transcript(GString *out, const char *t, bool why) {
  g_string_append(out, "<pre class=\"transcript\">");
  gchar **lines = g_strsplit(t, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (!lines[i][0] && !lines[i + 1]) break;
    if (!why && g_str_has_prefix(lines[i], "# ")) continue;
    const char *cls = g_str_has_prefix(lines[i], "$ ") ? "cmd" : g_str_has_prefix(lines[i], "# ") ? "why" : NULL;
    if (cls) g_string_append_printf(out, "<span class=\"%s\">", cls);
    esc(out, lines[i]);
    g_string_append(out, cls ? "</span>\n" : "\n");
  }
  g_strfreev(lines);
  g_string_append(out, "</pre>\n");
}

static void write_svg(GString *out, const char *svg) {
  /* the XML prolog and doctype Graphviz writes have no place inside HTML */
  const char *s = svg ? strstr(svg, "<svg") : NULL;
  if (!s) return;
  g_string_append(out, "<div class=\"picture\">");
  g_string_append(out, s);
  g_string_append(out, "</div>\n");
}

static void write_pings(GString *out, const html_doc *d) {
  g_string_append(out, "<h2 id=\"pings\">Pings and their paths</h2>\n");
  if (!d->pings->len) g_string_append(out, "<p>No ping ran.</p>\n");
  for (guint i = 0; i < d->pings->len; i++) {
    const html_ping *p = g_ptr_array_index(d->pings, i);
    g_string_append_printf(out, "<section class=\"ping\" id=\"ping-%u\"><h3>line %u: <code>", p->line,
                           p->line);
    esc(out, p->command);
    g_string_append(out, "</code></h3>\n");
    write_transcript(out, p->text, true);
    write_svg(out, p->svg);
    g_string_append(out, "</section>\n");
  }
}

static void write_link(GString *out, const html_link *l, bool model) {
  GString *id = g_string_new(NULL);
  anchor(id, "link-", l->name);
  g_string_append_printf(out, "<section class=\"link\" id=\"%s\"><h3>", id->str);
  esc(out, l->name);
  g_string_append(out, "</h3>\n<p>");
  if (l->where) esc(out, l->where), g_string_append(out, ". ");
  g_string_append_printf(out, "%u frame%s. ", l->frames->len, l->frames->len == 1 ? "" : "s");
  if (l->pcap) {
    char *file = g_strdup_printf("%s.pcap", l->name);
    data_link(out, l->pcap, "application/vnd.tcpdump.pcap", file, file);
    g_free(file);
  }
  g_string_append_printf(out, "</p>\n<table class=\"frames\"><thead><tr><th>#</th><th>time (s)</th>"
                         "<th>frame</th><th>%s</th></tr></thead><tbody>\n",
                         model ? "what the model did with it" : "");
  for (guint i = 0; i < l->frames->len; i++) {
    const html_frame *f = &g_array_index(l->frames, html_frame, i);
    g_string_append_printf(out, "<tr%s><td>%u</td><td>", f->comment && strstr(f->comment, "dropped") ? " class=\"drop\"" : "", f->number);
    esc(out, f->time ? f->time : "");
    g_string_append(out, "</td><td><code>");
    esc(out, f->text);
    g_string_append(out, "</code></td><td>");
    esc(out, f->comment ? f->comment : "");
    g_string_append(out, "</td></tr>\n");
  }
  g_string_append(out, "</tbody></table></section>\n");
  g_string_free(id, TRUE);
}

static const char html_style[] =
    "body{font-family:'DejaVu Sans',sans-serif;margin:1.5em auto;max-width:80em;padding:0 1em;"
    "color:#222}\n"
    "h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}h3{font-size:1em}\n"
    "pre.transcript{background:#f7f7f7;border:1px solid #ddd;padding:.6em;overflow-x:auto;"
    "font-size:.85em}\n"
    "pre .cmd{font-weight:bold;color:#034}pre .why{color:#7a4b00}\n"
    ".picture{overflow-x:auto;border:1px solid #eee;margin:.5em 0}.picture svg{max-width:100%;"
    "height:auto}\n"
    "table.frames{border-collapse:collapse;font-size:.8em;width:100%}\n"
    "table.frames td,table.frames th{border:1px solid #ddd;padding:2px 5px;text-align:left;"
    "vertical-align:top}\n"
    "table.frames tr.drop td{background:#fde0dd}table.frames tr.sel td{background:#fff3bf}\n"
    "nav a{margin-right:1em}.size{color:#777;font-size:.85em}\n";

/* Marks the page as read (the browser test looks for it) and lets a click
 * on a frame's row highlight it. */
static const char html_script[] =
    "document.querySelectorAll('table.frames tbody tr').forEach(function(r){\n"
    "  r.addEventListener('click',function(){r.classList.toggle('sel');});});\n"
    "document.body.setAttribute('data-ready','1');\n";

void html_write(const html_doc *d, GString *out) {
  char *base = g_path_get_basename(d->scenario);
  g_string_append(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width\">\n<title>nspath: ");
  esc(out, base);
  g_string_append_printf(out, "</title>\n<style>\n%s</style>\n</head><body>\n<h1>nspath report: ",
                         html_style);
  esc(out, base);
  g_string_append(out, "</h1>\n<p>Run in the ");
  esc(out, d->backend);
  g_string_append(out, ".</p>\n<nav><a href=\"#topology\">topology</a><a href=\"#transcript\">"
                       "transcript</a><a href=\"#pings\">pings</a><a href=\"#links\">links</a></nav>\n"
                       "<h2 id=\"topology\">The world at the end</h2>\n");
  write_svg(out, d->svg);
  g_string_append(out, "<h2 id=\"transcript\">Transcript</h2>\n<p>What <code>nspath run</code> "
                       "prints; each ping's account of its packets is in its section below.</p>\n");
  write_transcript(out, d->transcript, false);
  write_pings(out, d);
  g_string_append(out, "<h2 id=\"links\">Links and their frames</h2>\n<p>");
  if (d->pcapng) {
    char *file = g_strdup_printf("%.*s.pcapng", (int)(strrchr(base, '.') ? strrchr(base, '.') - base : (long)strlen(base)), base);
    data_link(out, d->pcapng, "application/octet-stream", file, "the whole world as one pcapng");
    g_free(file);
    g_string_append(out, " (every link, interfaces named NS/IFNAME, each frame commented).");
  }
  g_string_append(out, "</p>\n");
  if (!d->links->len) g_string_append(out, "<p>No link carried a frame.</p>\n");
  for (guint i = 0; i < d->links->len; i++) write_link(out, g_ptr_array_index(d->links, i), strcmp(d->backend, "simulation") == 0);
  g_string_append_printf(out, "<script>\n%s</script>\n</body></html>\n", html_script);
  g_free(base);
}
