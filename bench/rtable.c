#include "bench/rtable.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "proto/inet.h"

static bool rtable_line_parse(char *line, rtable_pfx *p) {
  line[strcspn(line, "\r\n")] = '\0';
  char *slash = strchr(line, '/');
  if (!slash) return false;
  *slash = '\0';
  char *end;
  errno = 0;
  unsigned long len = strtoul(slash + 1, &end, 10);
  if (errno || *end || end == slash + 1 || len > 32) return false;
  if (!ipv4_addr_pton(line, &p->dst)) return false;
  p->plen = (uint32_t)len;
  return (p->dst & ~ipv4_prefix_mask(p->plen)) == 0;
}

rtable_pfx *rtable_load(const char *path, size_t *n, GError **err) {
  gzFile f = gzopen(path, "rb"); /* reads plain files as they are */
  if (!f) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", path,
                g_strerror(errno));
    return NULL;
  }
  GArray *out = g_array_new(FALSE, FALSE, sizeof(rtable_pfx));
  char line[128];
  for (unsigned lineno = 1; gzgets(f, line, sizeof line); lineno++) {
    if (line[0] == '\n' || line[0] == '#') continue;
    rtable_pfx p;
    if (!rtable_line_parse(line, &p)) {
      g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: not a prefix A.B.C.D/LEN: %s",
                  path, lineno, line);
      g_array_free(out, TRUE);
      gzclose(f);
      return NULL;
    }
    g_array_append_val(out, p);
  }
  gzclose(f);
  *n = out->len;
  return (rtable_pfx *)(void *)g_array_free(out, FALSE);
}
