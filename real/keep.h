/* --keep and `nspath clean`: a kept namespace is bind-mounted as
 * /run/netns/PREFIX-NAME (so `ip netns exec PREFIX-NAME …` works), and every
 * path is written to a record under /run/nspath/ before it is mounted, so
 * `nspath clean` finds whatever a run kept or a crash left, and only that. */
#ifndef REAL_KEEP_H
#define REAL_KEEP_H

#include <glib.h>
#include <stdbool.h>

#define REAL_KEEP_RUN_DIR "/run/nspath"
#define REAL_KEEP_NETNS_DIR "/run/netns"

/* Mounts nsfd as /run/netns/<prefix><name>, recording it in record; false
 * with *err. */
bool real_keep_mount(int nsfd, const char *prefix, const char *name, const char *record,
                     GError **err);
/* Unmounts and removes every path recorded under /run/nspath/; prints each
 * to out; returns how many. */
unsigned real_keep_clean(GString *out, GError **err);

#endif
