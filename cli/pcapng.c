#include "cli/pcapng.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/fnote.h"
#include "core/pcapng_stream.h"

/* ---- the writer program ---------------------------------------------------- */

typedef struct {
  FILE *f;
  GPid pid;
  guint ifaces;
} pcapng_out;

/* nspath-pcapng: NSPATH_PCAPNG names it (tests), else the one beside this
 * program (a build tree), else the installed one. */
static char *pcapng_helper(void) {
  const char *env = g_getenv("NSPATH_PCAPNG");
  if (env && *env) return g_strdup(env);
  char *self = g_file_read_link("/proc/self/exe", NULL);
  if (self) {
    char *dir = g_path_get_dirname(self);
    char *beside = g_build_filename(dir, "nspath-pcapng", NULL);
    g_free(dir);
    g_free(self);
    if (g_file_test(beside, G_FILE_TEST_IS_EXECUTABLE)) return beside;
    g_free(beside);
  }
  return g_build_filename(NSPATH_LIBEXECDIR, "nspath", "nspath-pcapng", NULL);
}

static bool pcapng_open(pcapng_out *o, const char *path, GString *why) {
  char *helper = pcapng_helper();
  char *argv[] = {helper, (char *)path, NULL};
  int in = -1;
  GError *err = NULL;
  bool ok = g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                     &o->pid, &in, NULL, NULL, &err);
  if (!ok && !g_file_test(helper, G_FILE_TEST_EXISTS)) {
    g_string_printf(why, "--pcapng needs the pcapng writer %s, which is built with libwiretap "
                         "(Debian packages libwiretap-dev libwsutil-dev)", helper);
    g_error_free(err);
  } else if (!ok) {
    g_string_printf(why, "cannot run the pcapng writer %s: %s", helper, err->message);
    g_error_free(err);
  } else {
    o->f = fdopen(in, "wb");
    o->ifaces = 0;
    fputs(NSP_PCAPNG_STREAM_MAGIC, o->f);
  }
  g_free(helper);
  return ok;
}

static void put_text(FILE *f, const char *s) {
  uint32_t n = (uint32_t)MIN(strlen(s), NSP_PCAPNG_MAX_TEXT);
  fwrite(&n, sizeof n, 1, f);
  fwrite(s, 1, n, f);
}

static guint pcapng_iface(pcapng_out *o, const char *name, const char *desc) {
  putc(NSP_PCAPNG_REC_IFACE, o->f);
  put_text(o->f, name);
  put_text(o->f, desc);
  return o->ifaces++;
}

static void pcapng_packet(pcapng_out *o, guint iface, uint64_t t_ns, const uint8_t *data,
                          uint32_t len, const char *comment) {
  uint32_t id = iface;
  len = MIN(len, NSP_PCAPNG_MAX_FRAME);
  putc(NSP_PCAPNG_REC_PACKET, o->f);
  fwrite(&id, sizeof id, 1, o->f);
  fwrite(&t_ns, sizeof t_ns, 1, o->f);
  fwrite(&len, sizeof len, 1, o->f);
  put_text(o->f, comment ? comment : "");
  fwrite(data, 1, len, o->f);
}

/* Ends the stream and waits for the writer, which says itself on stderr
 * what went wrong. */
static bool pcapng_close(pcapng_out *o, const char *path, GString *why) {
  bool wrote = fflush(o->f) == 0;
  fclose(o->f);
  int status = 0;
  while (waitpid(o->pid, &status, 0) < 0 && errno == EINTR) {
  }
  g_spawn_close_pid(o->pid);
  if (wrote && WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  g_string_printf(why, "the pcapng writer could not write %s", path);
  return false;
}

/* ---- names and descriptions ------------------------------------------------ */

static const char *ns_part(const char *ns) { return ns[0] ? ns : CLI_PCAPNG_ROOT; }

static char *point_name(const char *ns, const char *dev) {
  return g_strdup_printf("%s/%s", ns_part(ns), dev);
}

static char *point_desc(const char *dev, const char *ns, const char *peer, const char *peer_ns) {
  return g_strdup_printf("%s in %s, peer %s in %s", dev, ns[0] ? ns : "the root namespace", peer,
                         peer_ns[0] ? peer_ns : "the root namespace");
}

/* ---- collecting ------------------------------------------------------------ */

typedef struct {
  uint64_t t_ns;
  guint iface, order;
  uint32_t len;
  uint8_t *data;
  char *comment;
} merged_frame;

typedef struct {
  char *name, *desc;
} merged_iface;

struct cli_pcapng {
  GArray *ifaces; /* merged_iface */
  GArray *frames; /* merged_frame */
};

cli_pcapng *cli_pcapng_new(void) {
  cli_pcapng *c = g_new0(cli_pcapng, 1);
  c->ifaces = g_array_new(FALSE, FALSE, sizeof(merged_iface));
  c->frames = g_array_new(FALSE, FALSE, sizeof(merged_frame));
  return c;
}

void cli_pcapng_free(cli_pcapng *c) {
  if (!c) return;
  for (guint i = 0; i < c->ifaces->len; i++) {
    g_free(g_array_index(c->ifaces, merged_iface, i).name);
    g_free(g_array_index(c->ifaces, merged_iface, i).desc);
  }
  for (guint i = 0; i < c->frames->len; i++) {
    g_free(g_array_index(c->frames, merged_frame, i).data);
    g_free(g_array_index(c->frames, merged_frame, i).comment);
  }
  g_array_free(c->ifaces, TRUE);
  g_array_free(c->frames, TRUE);
  g_free(c);
}

/* takes name and desc */
static guint add_iface(cli_pcapng *c, char *name, char *desc, const char *label) {
  merged_iface i = {name, label ? g_strconcat(label, desc, NULL) : desc};
  if (label) g_free(desc);
  g_array_append_val(c->ifaces, i);
  return c->ifaces->len - 1;
}

/* takes data and comment */
static void add_frame(cli_pcapng *c, guint iface, uint64_t t, uint8_t *data, uint32_t len,
                      char *comment) {
  merged_frame m = {.t_ns = t, .iface = iface, .order = c->frames->len, .len = len, .data = data,
                    .comment = comment};
  g_array_append_val(c->frames, m);
}

static gint merged_cmp(gconstpointer a, gconstpointer b) {
  const merged_frame *x = a, *y = b;
  if (x->t_ns != y->t_ns) return x->t_ns < y->t_ns ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

bool cli_pcapng_write(cli_pcapng *c, const char *path, GString *why) {
  pcapng_out o = {0};
  bool ok = pcapng_open(&o, path, why);
  for (guint i = 0; ok && i < c->ifaces->len; i++) {
    const merged_iface *f = &g_array_index(c->ifaces, merged_iface, i);
    pcapng_iface(&o, f->name, f->desc);
  }
  g_array_sort(c->frames, merged_cmp);
  for (guint i = 0; ok && i < c->frames->len; i++) {
    const merged_frame *m = &g_array_index(c->frames, merged_frame, i);
    pcapng_packet(&o, m->iface, m->t_ns, m->data, m->len, m->comment);
  }
  if (ok) ok = pcapng_close(&o, path, why);
  cli_pcapng_free(c);
  return ok;
}

/* ---- the simulation's journal ---------------------------------------------- */

void cli_pcapng_add_journal(cli_pcapng *c, const sim_frame_rec *recs, size_t n, const char *label) {
  /* one interface per place the first-named end was in when frames crossed */
  GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (size_t i = 0; i < n; i++) {
    const sim_frame_rec *f = &recs[i];
    char *name = point_name(f->end_ns[0], f->end_name[0]);
    gpointer id;
    if (!g_hash_table_lookup_extended(ids, name, NULL, &id)) {
      char *desc = point_desc(f->end_name[0], f->end_ns[0], f->end_name[1], f->end_ns[1]);
      id = GUINT_TO_POINTER(add_iface(c, g_strdup(name), desc, label));
      g_hash_table_insert(ids, g_strdup(name), id);
    }
    /* the time the link's pcap gives it: the first-named end's capture */
    add_frame(c, GPOINTER_TO_UINT(id), f->cap_ns, g_memdup2(f->data, f->len), f->len, fnote_text(f));
    g_free(name);
  }
  g_hash_table_destroy(ids);
}

/* ---- per-link pcaps (the kernel's) ----------------------------------------- */

struct cli_pcapng_points {
  GHashTable *ns_of; /* veth end name -> namespace name ("" root) */
};

cli_pcapng_points *cli_pcapng_points_read(nsp_backend *be) {
  cli_pcapng_points *p = g_new0(cli_pcapng_points, 1);
  p->ns_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  char **names = be->ops->netns_list(be);
  guint count = names ? g_strv_length(names) : 0;
  for (guint i = 0; i <= count; i++) {
    const char *ns = i < count ? names[i] : NULL;
    size_t nl = 0;
    nsp_link *links = be->ops->link_list(be, ns, &nl);
    for (size_t k = 0; k < nl; k++)
      if (links[k].kind == NSP_LINK_VETH)
        g_hash_table_insert(p->ns_of, g_strdup(links[k].name), g_strdup(ns ? ns : ""));
    g_free(links);
  }
  g_strfreev(names);
  return p;
}

void cli_pcapng_points_free(cli_pcapng_points *p) {
  if (!p) return;
  g_hash_table_destroy(p->ns_of);
  g_free(p);
}

static gint str_ptr_cmp(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "A--B.pcap" -> A and B; false for other names. */
static bool pcap_ends(const char *file, char **a, char **b) {
  if (!g_str_has_suffix(file, ".pcap")) return false;
  const char *sep = strstr(file, "--");
  if (!sep || sep == file) return false;
  *a = g_strndup(file, (gsize)(sep - file));
  *b = g_strndup(sep + 2, strlen(sep + 2) - 5);
  return true;
}

static guint pcap_point(cli_pcapng *c, const cli_pcapng_points *pts, const char *a, const char *b,
                        const char *label) {
  const char *na = pts ? g_hash_table_lookup(pts->ns_of, a) : NULL;
  const char *nb = pts ? g_hash_table_lookup(pts->ns_of, b) : NULL;
  char *name = na ? point_name(na, a) : g_strdup(a);
  char *desc = na && nb ? point_desc(a, na, b, nb)
                        : g_strdup_printf("%s, peer %s (gone by the end of the run)", a, b);
  return add_iface(c, name, desc, label);
}

static bool pcap_read_all(cli_pcapng *c, const char *file, guint iface, uint64_t shift,
                          GString *why) {
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline(file, errbuf);
  if (!p) return g_string_printf(why, "cannot read %s: %s", file, errbuf), false;
  struct pcap_pkthdr *h;
  const u_char *d;
  while (pcap_next_ex(p, &h, &d) == 1) {
    uint64_t t = (uint64_t)h->ts.tv_sec * 1000000000ULL + (uint64_t)h->ts.tv_usec * 1000ULL;
    add_frame(c, iface, t >= shift ? t - shift : 0, g_memdup2(d, h->caplen), h->caplen, NULL);
  }
  pcap_close(p);
  return true;
}

bool cli_pcapng_add_pcaps(cli_pcapng *c, const char *dir, const cli_pcapng_points *pts,
                          uint64_t shift_ns, const char *label, GString *why) {
  GError *err = NULL;
  GDir *d = g_dir_open(dir, 0, &err);
  if (!d) {
    g_string_printf(why, "%s", err->message);
    g_error_free(err);
    return false;
  }
  GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
  for (const char *e; (e = g_dir_read_name(d));)
    if (g_str_has_suffix(e, ".pcap")) g_ptr_array_add(files, g_strdup(e));
  g_dir_close(d);
  g_ptr_array_sort(files, str_ptr_cmp);
  bool ok = true;
  for (guint i = 0; ok && i < files->len; i++) {
    char *a, *b, *file = g_ptr_array_index(files, i);
    if (!pcap_ends(file, &a, &b)) continue;
    guint id = pcap_point(c, pts, a, b, label);
    char *full = g_build_filename(dir, file, NULL);
    ok = pcap_read_all(c, full, id, shift_ns, why);
    g_free(full);
    g_free(a);
    g_free(b);
  }
  g_ptr_array_free(files, TRUE);
  return ok;
}
