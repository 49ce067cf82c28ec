/* Reading the files a person names (scenarios, transcripts, batch files)
 * within a bound: a file larger than the bound, or a device that never ends
 * (`ip -batch /dev/zero`), is refused with a clear error instead of being
 * read until memory runs out.  docs/manual.md "Limits" lists the bounds. */
#ifndef NSP_FILEIO_H
#define NSP_FILEIO_H

#include <glib.h>
#include <stdbool.h>

/* Scenario, transcript and Markdown files, and `ip -batch` files: 256 MiB
 * (a full Internet routing table as a batch of `route add` lines is 30 MB). */
#define NSP_FILE_MAX ((gsize)256 << 20)

/* A scenario file that can be mapped rather than read (a regular file):
 * 4 GiB.  Its pages are the page cache's, read as the lines run, not a
 * copy on the heap, so this bound is one of sanity, not of memory: a
 * chain of a million namespaces is 455 MB. */
#define NSP_MAP_MAX ((gsize)4 << 30)

/* The error of a file over max (the same words as nsp_file_read()'s). */
bool nsp_file_too_big(GError **err, const char *path, gsize max);

/* Reads path whole (NUL-terminated, *len without the NUL) when it has at
 * most max bytes; false with *err in G_FILE_ERROR (G_FILE_ERROR_FBIG when
 * it is larger, the file's errno otherwise). */
bool nsp_file_read(const char *path, gsize max, gchar **text, gsize *len, GError **err);

#endif
