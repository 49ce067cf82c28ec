/* The real backend: the scenario on private kernel namespaces. */
#ifndef REAL_WORLD_H
#define REAL_WORLD_H

#include <glib.h>

#include "core/backend.h"

typedef struct real_world real_world;

/* A private "root" namespace where `ip link add` creates veths; NULL with
 * st set when namespaces cannot be made (no privileges). */
real_world *real_world_new(nsp_status *st);
nsp_backend *real_world_backend(real_world *w);
/* A pcap per veth pair in dir, captured on its first-named end once that
 * end reaches a namespace of the scenario. */
void real_world_set_pcap_dir(real_world *w, const char *dir);
/* Frames captured so far on each veth pair, named "A--B" as its file:
 * *n set; g_free. */
nsp_counter *real_world_capture_frames(real_world *w, size_t *n);
/* Stops and drains the captures; files and frames written. */
void real_world_close_captures(real_world *w, unsigned *files, uint64_t *frames);
/* --keep: bind-mounts every named namespace as /run/netns/<prefix><name>,
 * recorded for `nspath clean`; lists them in out. */
bool real_world_keep(real_world *w, const char *prefix, GString *out, GError **err);
/* Closes every namespace: the kernel removes them and their links. */
void real_world_free(real_world *w);

#endif
