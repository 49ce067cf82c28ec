#include "core/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static bool file_fail(GError **err, int e, const char *path, const char *what) {
  g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(e), "Failed to %s file \u201c%s\u201d: %s",
              what, path, g_strerror(e));
  return false;
}

bool nsp_file_too_big(GError **err, const char *path, gsize max) {
  g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED,
              "%s: larger than %" G_GSIZE_FORMAT " MiB, not read (docs/manual.md: Limits)", path,
              max >> 20);
  return false;
}

/* A regular file is sized by fstat() and read in one allocation; anything
 * else (a pipe, a device) in growing steps, stopping one byte past max. */
bool nsp_file_read(const char *path, gsize max, gchar **text, gsize *len, GError **err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return file_fail(err, errno, path, "open");
  struct stat sb;
  if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    close(fd);
    return file_fail(err, EISDIR, path, "read");
  }
  bool regular = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
  if (regular && (gsize)sb.st_size > max) { /* refused before a byte is read */
    close(fd);
    return nsp_file_too_big(err, path, max);
  }
  gsize cap = regular ? (gsize)sb.st_size + 2 : 65536;
  gchar *buf = g_try_malloc(cap);
  gsize n = 0;
  if (!buf) {
    close(fd);
    return file_fail(err, ENOMEM, path, "read");
  }
  for (;;) {
    if (n + 1 >= cap) {
      if (n > max) break;
      cap = MIN(cap * 2, max + 2);
      gchar *bigger = g_try_realloc(buf, cap);
      if (!bigger) {
        g_free(buf);
        close(fd);
        return file_fail(err, ENOMEM, path, "read");
      }
      buf = bigger;
    }
    ssize_t got = read(fd, buf + n, cap - 1 - n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int e = errno;
      g_free(buf);
      close(fd);
      return file_fail(err, e, path, "read");
    }
    if (got == 0) break;
    n += (gsize)got;
  }
  close(fd);
  if (n > max) {
    g_free(buf);
    return nsp_file_too_big(err, path, max);
  }
  buf[n] = '\0';
  *text = buf;
  if (len) *len = n;
  return true;
}
