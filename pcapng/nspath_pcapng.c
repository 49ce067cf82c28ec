/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * nspath-pcapng: writes the pcapng file of `nspath run --pcapng FILE` with
 * Wireshark's libwiretap, from the stream nspath sends on standard input
 * (core/pcapng_stream.h): one Interface Description Block per capture
 * point (name NS/IFNAME, a description), then every frame as an Enhanced
 * Packet Block with its interface, a nanosecond time stamp and a comment.
 *
 * A program of its own, and GPL-2.0-or-later like libwiretap, so that
 * nspath itself never links libwiretap (it links Graphviz, EPL-1.0, which
 * the GPL does not allow in the same program): see docs/internals.md.
 *
 * usage: nspath-pcapng OUT.pcapng < STREAM; exit 0, or 1 with a message. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wiretap/wtap.h>
#include <wsutil/wslog.h>

#include "core/pcapng_stream.h"

typedef struct {
  FILE *in;
  unsigned long rec;       /* records read, for messages */
  wtap_dumper *out;
  GArray *idbs;            /* wtap_block_t, until the dumper is open */
  unsigned ifaces;
  char *path;
} writer;

static void writer_die(const writer *w, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void writer_die(const writer *w, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "nspath-pcapng: %s: record %lu: ", w->path, w->rec);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

static void read_exact(writer *w, void *buf, size_t n, const char *what) {
  if (n && fread(buf, 1, n, w->in) != n) writer_die(w, "the stream ends inside %s", what);
}

static uint32_t read_u32(writer *w, const char *what) {
  uint32_t v;
  read_exact(w, &v, sizeof v, what);
  return v;
}

static char *read_text(writer *w, const char *what) {
  uint32_t n = read_u32(w, what);
  if (n > NSP_PCAPNG_MAX_TEXT) writer_die(w, "%s of %u bytes (at most %u)", what, n, NSP_PCAPNG_MAX_TEXT);
  char *s = g_malloc(n + 1);
  read_exact(w, s, n, what);
  s[n] = '\0';
  if (!g_utf8_validate(s, n, NULL)) writer_die(w, "%s is not UTF-8", what);
  return s;
}

/* An Ethernet interface with nanosecond time stamps, named and described. */
static wtap_block_t idb_new(const char *name, const char *desc) {
  wtap_block_t idb = wtap_block_create(WTAP_BLOCK_IF_ID_AND_INFO);
  wtapng_if_descr_mandatory_t *m = wtap_block_get_mandatory_data(idb);
  m->wtap_encap = WTAP_ENCAP_ETHERNET;
  m->time_units_per_second = 1000000000;
  m->tsprecision = WTAP_TSPREC_NSEC;
  m->snap_len = NSP_PCAPNG_MAX_FRAME;
  wtap_block_add_string_option(idb, OPT_IDB_NAME, name, strlen(name));
  if (desc[0]) wtap_block_add_string_option(idb, OPT_IDB_DESCRIPTION, desc, strlen(desc));
  wtap_block_add_uint8_option(idb, OPT_IDB_TSRESOL, 9);
  return idb;
}

static void writer_open(writer *w) {
  wtap_dump_params p = WTAP_DUMP_PARAMS_INIT;
  p.encap = WTAP_ENCAP_ETHERNET;
  p.snaplen = NSP_PCAPNG_MAX_FRAME;
  p.tsprec = WTAP_TSPREC_NSEC;
  p.shb_hdrs = g_array_new(FALSE, FALSE, sizeof(wtap_block_t));
  wtap_block_t shb = wtap_block_create(WTAP_BLOCK_SECTION);
  const char *app = "nspath";
  wtap_block_add_string_option(shb, OPT_SHB_USERAPPL, app, strlen(app));
  g_array_append_val(p.shb_hdrs, shb);
  wtapng_iface_descriptions_t idb_inf = {.interface_data = w->idbs};
  p.idb_inf = &idb_inf;
  int err = 0;
  gchar *info = NULL;
  w->out = wtap_dump_open(w->path, wtap_pcapng_file_type_subtype(), WTAP_UNCOMPRESSED, &p, &err,
                          &info);
  if (!w->out)
    writer_die(w, "cannot write the file: %s%s%s", wtap_strerror(err), info ? ": " : "",
               info ? info : "");
  /* the dumper copied the blocks (dont_copy_idbs is FALSE) */
  for (guint i = 0; i < w->idbs->len; i++) wtap_block_unref(g_array_index(w->idbs, wtap_block_t, i));
  g_array_set_size(w->idbs, 0);
  wtap_block_unref(shb);
  g_array_free(p.shb_hdrs, TRUE);
}

static void writer_iface(writer *w) {
  char *name = read_text(w, "an interface name");
  char *desc = read_text(w, "an interface description");
  if (!name[0]) writer_die(w, "an interface without a name");
  wtap_block_t idb = idb_new(name, desc);
  if (w->out) {
    int err = 0;
    gchar *info = NULL;
    if (!wtap_dump_add_idb(w->out, idb, &err, &info))
      writer_die(w, "cannot add interface %s: %s", name, wtap_strerror(err));
    wtap_block_unref(idb);
  } else {
    g_array_append_val(w->idbs, idb);
  }
  w->ifaces++;
  g_free(name);
  g_free(desc);
}

static void writer_packet(writer *w, guint8 *frame) {
  uint32_t iface = read_u32(w, "a frame's interface");
  uint64_t t;
  read_exact(w, &t, sizeof t, "a frame's time");
  uint32_t len = read_u32(w, "a frame's length");
  char *comment = read_text(w, "a frame's comment");
  if (iface >= w->ifaces) writer_die(w, "a frame on interface %u, of %u described", iface, w->ifaces);
  if (!len || len > NSP_PCAPNG_MAX_FRAME) writer_die(w, "a frame of %u bytes", len);
  read_exact(w, frame, len, "a frame");
  if (!w->out) writer_open(w);
  wtap_rec rec;
  wtap_rec_init(&rec);
  rec.rec_type = REC_TYPE_PACKET;
  rec.presence_flags = WTAP_HAS_TS | WTAP_HAS_CAP_LEN | WTAP_HAS_INTERFACE_ID;
  rec.ts.secs = (time_t)(t / 1000000000u);
  rec.ts.nsecs = (int)(t % 1000000000u);
  rec.tsprec = WTAP_TSPREC_NSEC;
  rec.rec_header.packet_header.caplen = len;
  rec.rec_header.packet_header.len = len;
  rec.rec_header.packet_header.pkt_encap = WTAP_ENCAP_ETHERNET;
  rec.rec_header.packet_header.interface_id = iface;
  rec.block = wtap_block_create(WTAP_BLOCK_PACKET);
  if (comment[0]) wtap_block_add_string_option(rec.block, OPT_COMMENT, comment, strlen(comment));
  int err = 0;
  gchar *info = NULL;
  if (!wtap_dump(w->out, &rec, frame, &err, &info))
    writer_die(w, "cannot write a frame: %s", wtap_strerror(err));
  wtap_rec_cleanup(&rec);
  g_free(comment);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: nspath-pcapng OUT.pcapng < STREAM (written by nspath --pcapng)\n");
    return 1;
  }
  writer w = {.in = stdin, .path = argv[1]};
  char magic[sizeof NSP_PCAPNG_STREAM_MAGIC - 1];
  if (fread(magic, 1, sizeof magic, stdin) != sizeof magic ||
      memcmp(magic, NSP_PCAPNG_STREAM_MAGIC, sizeof magic) != 0) {
    fprintf(stderr, "nspath-pcapng: standard input is not nspath's stream (it is written by "
                    "nspath run --pcapng)\n");
    return 1;
  }
  /* without it libwiretap logs every block it writes ("noinit" debug level) */
  ws_log_init("nspath-pcapng", NULL);
  ws_log_set_level(LOG_LEVEL_WARNING);
  wtap_init(FALSE);
  w.idbs = g_array_new(FALSE, FALSE, sizeof(wtap_block_t));
  guint8 *frame = g_malloc(NSP_PCAPNG_MAX_FRAME);
  int type;
  while ((type = getc(stdin)) != EOF) {
    w.rec++;
    if (type == NSP_PCAPNG_REC_IFACE) writer_iface(&w);
    else if (type == NSP_PCAPNG_REC_PACKET) writer_packet(&w, frame);
    else writer_die(&w, "unknown record type 0x%02x", (unsigned)type);
  }
  if (!w.out) writer_open(&w); /* interfaces only, or nothing: still a valid file */
  int err = 0;
  gchar *info = NULL;
  if (!wtap_dump_close(w.out, NULL, &err, &info)) {
    fprintf(stderr, "nspath-pcapng: %s: %s\n", w.path, wtap_strerror(err));
    return 1;
  }
  g_free(frame);
  g_array_free(w.idbs, TRUE);
  wtap_cleanup();
  return 0;
}
