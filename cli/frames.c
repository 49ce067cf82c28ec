/* nspath frames: the one-line-per-frame rendering of pcaps that compare and
 * the golden tests use (core/frames.c), for any Ethernet capture — nspath's,
 * the kernel recorder's, or tcpdump -w's. */
#include "cli/frames.h"

#include <stdio.h>
#include <string.h>

#include "core/frames.h"
#include "core/json.h"

static void frames_usage(FILE *f) {
  fputs("usage: nspath frames [--json] PCAP...\n"
        "One line per ARP or IPv4 frame of each capture, numbered as in the file\n"
        "(other EtherTypes keep their numbers but are not shown), with MAC addresses\n"
        "relabelled m1, m2, ... by first appearance and the IP ID, ICMP identifier,\n"
        "checksums and times masked: what nspath compare compares.\n",
        f);
}

static void frames_print_text(const char *path, GPtrArray *frames, bool header) {
  if (header) {
    char *base = g_path_get_basename(path);
    printf("== %s\n", base);
    g_free(base);
  }
  for (guint i = 0; i < frames->len; i++) {
    const nsp_frame *f = frames->pdata[i];
    printf("%u %s\n", f->number, f->text);
  }
}

static void frames_json_file(nsp_json *j, const char *path, GPtrArray *frames) {
  nsp_json_object_begin(j);
  nsp_json_member_string(j, "file", path);
  nsp_json_key(j, "frames");
  nsp_json_array_begin(j);
  for (guint i = 0; i < frames->len; i++) {
    const nsp_frame *f = frames->pdata[i];
    nsp_json_object_begin(j);
    nsp_json_member_int(j, "number", f->number);
    nsp_json_member_string(j, "text", f->text);
    nsp_json_object_end(j);
  }
  nsp_json_array_end(j);
  nsp_json_object_end(j);
}

int nspath_frames_main(int argc, char **argv) {
  bool json = false;
  GPtrArray *paths = g_ptr_array_new();
  bool options_done = false;
  for (int i = 1; i < argc; i++) {
    if (!options_done && strcmp(argv[i], "--") == 0) options_done = true;
    else if (!options_done && strcmp(argv[i], "--json") == 0) json = true;
    else if (!options_done && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0))
      return frames_usage(stdout), g_ptr_array_free(paths, TRUE), 0;
    else if (!options_done && argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "nspath frames: unknown option '%s'\n", argv[i]);
      g_ptr_array_free(paths, TRUE);
      return 2;
    } else g_ptr_array_add(paths, argv[i]);
  }
  if (paths->len == 0) {
    frames_usage(stderr);
    g_ptr_array_free(paths, TRUE);
    return 2;
  }
  GString *out = g_string_new(NULL);
  nsp_json j;
  if (json) {
    nsp_json_init(&j, out);
    nsp_json_object_begin(&j);
    nsp_json_member_int(&j, "nspath_json", 1);
    nsp_json_member_string(&j, "mode", "frames");
    nsp_json_key(&j, "files");
    nsp_json_array_begin(&j);
  }
  int rc = 0;
  for (guint i = 0; i < paths->len; i++) {
    const char *path = paths->pdata[i];
    GError *err = NULL;
    GPtrArray *frames = nsp_frames_read(path, &err);
    if (!frames) {
      /* libpcap's words name the file already when it could not open it */
      fprintf(stderr, "nspath frames: %s\n", err->message);
      g_error_free(err);
      rc = 2;
      continue;
    }
    if (json) frames_json_file(&j, path, frames);
    else frames_print_text(path, frames, paths->len > 1);
    g_ptr_array_free(frames, TRUE);
  }
  if (json) {
    nsp_json_array_end(&j);
    nsp_json_object_end(&j);
    g_string_append_c(out, '\n');
    fputs(out->str, stdout);
  }
  g_string_free(out, TRUE);
  g_ptr_array_free(paths, TRUE);
  return rc;
}
