/* nspath frames: the one-line-per-frame rendering of pcaps that compare and
 * the golden tests use (core/frames.c), for any Ethernet capture — nspath's,
 * the kernel recorder's, or tcpdump -w's. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/json_doc.h"
#include "core/frames.h"

typedef struct {
  gboolean json;
} frames_opts;

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

static JsonObject *frames_json_file(const char *path, GPtrArray *frames) {
  JsonObject *o = json_object_new();
  json_object_set_string_member(o, "file", path);
  JsonArray *arr = json_array_new();
  for (guint i = 0; i < frames->len; i++) {
    const nsp_frame *f = frames->pdata[i];
    JsonObject *x = json_object_new();
    json_object_set_int_member(x, "number", f->number);
    json_object_set_string_member(x, "text", f->text);
    json_array_add_object_element(arr, x);
  }
  json_object_set_array_member(o, "frames", arr);
  return o;
}

static int frames_main(void *opts, char **args) {
  const frames_opts *o = opts;
  guint n = g_strv_length(args);
  JsonArray *files = o->json ? json_array_new() : NULL;
  int rc = 0;
  for (guint i = 0; i < n; i++) {
    GError *err = NULL;
    GPtrArray *frames = nsp_frames_read(args[i], &err);
    if (!frames) {
      /* libpcap's words name the file already when it could not open it */
      fprintf(stderr, "nspath frames: %s\n", err->message);
      g_error_free(err);
      rc = 2;
      continue;
    }
    if (files) json_array_add_object_element(files, frames_json_file(args[i], frames));
    else frames_print_text(args[i], frames, n > 1);
    g_ptr_array_free(frames, TRUE);
  }
  if (files) {
    JsonObject *d = cli_json_doc_new("frames");
    json_object_set_array_member(d, "files", files);
    cli_json_doc_write(d, stdout);
  }
  return rc;
}

static const GOptionEntry frames_options[] = {
    {"json", 0, 0, G_OPTION_ARG_NONE, NSP_CLI_FIELD(frames_opts, json),
     "Print one JSON document instead of the lines", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

const nsp_cli_command cli_cmd_frames = {
    .name = "frames",
    .args = "PCAP...",
    .min_args = 1,
    .max_args = NSP_CLI_ANY,
    .summary = "Print one normalized line per frame of pcap files",
    .description =
        "One line per ARP or IPv4 frame of each capture, numbered as in the file (other "
        "EtherTypes keep their numbers but are not shown), with MAC addresses relabelled m1, "
        "m2, ... by first appearance and the IP ID, ICMP identifier, checksums and times "
        "masked: what nspath compare compares.  With several files each starts with a line "
        "\"== NAME\".  --json prints one JSON document instead (docs/schema/frames.json).\n\n"
        "Exit status: 0, or 2 when a file cannot be read as a capture.",
    .options = frames_options,
    .opts_size = sizeof(frames_opts),
    .run = frames_main,
};
