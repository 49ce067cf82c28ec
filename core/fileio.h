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

/* Reads path whole (NUL-terminated, *len without the NUL) when it has at
 * most max bytes; false with *err in G_FILE_ERROR (G_FILE_ERROR_FBIG when
 * it is larger, the file's errno otherwise). */
bool nsp_file_read(const char *path, gsize max, gchar **text, gsize *len, GError **err);

#endif
