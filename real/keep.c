#include "real/keep.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

/* ip/ipnetns.c netns_add(): /run/netns is made a shared mount point (bound
 * onto itself first if it is not one), so mounts there propagate. */
static bool keep_netns_dir_prepare(GError **err) {
  if (g_mkdir_with_parents(REAL_KEEP_NETNS_DIR, 0755) != 0) goto fail;
  if (mount("", REAL_KEEP_NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) == 0) return true;
  if (errno != EINVAL) goto fail;
  if (mount(REAL_KEEP_NETNS_DIR, REAL_KEEP_NETNS_DIR, "none", MS_BIND | MS_REC, NULL) != 0) goto fail;
  if (mount("", REAL_KEEP_NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) != 0) goto fail;
  return true;
fail:
  g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", REAL_KEEP_NETNS_DIR,
              g_strerror(errno));
  return false;
}

static bool keep_record_add(const char *record, const char *path, GError **err) {
  if (g_mkdir_with_parents(REAL_KEEP_RUN_DIR, 0700) != 0) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", REAL_KEEP_RUN_DIR,
                g_strerror(errno));
    return false;
  }
  FILE *f = fopen(record, "a");
  if (!f || fprintf(f, "%s\n", path) < 0 || fclose(f) != 0) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", record,
                g_strerror(errno));
    return false;
  }
  return true;
}

bool real_keep_mount(int nsfd, const char *prefix, const char *name, const char *record,
                     GError **err) {
  if (!keep_netns_dir_prepare(err)) return false;
  char *path = g_strdup_printf("%s/%s%s", REAL_KEEP_NETNS_DIR, prefix, name);
  char *src = g_strdup_printf("/proc/self/fd/%d", nsfd);
  bool ok = keep_record_add(record, path, err);
  int fd = ok ? open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0) : -1;
  if (ok && (fd < 0 || mount(src, path, "none", MS_BIND, NULL) != 0)) {
    g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", path, g_strerror(errno));
    ok = false;
  }
  if (fd >= 0) close(fd);
  g_free(src);
  g_free(path);
  return ok;
}

/* Only what our records name, and only below /run/netns/nspath-. */
static unsigned keep_clean_record(const char *record, GString *out) {
  gchar *text = NULL;
  unsigned n = 0;
  if (!g_file_get_contents(record, &text, NULL, NULL)) return 0;
  gchar **lines = g_strsplit(text, "\n", -1);
  for (gchar **l = lines; *l; l++) {
    if (!g_str_has_prefix(*l, REAL_KEEP_NETNS_DIR "/nspath-") || strstr(*l, "/..")) continue;
    umount2(*l, MNT_DETACH);
    if (unlink(*l) == 0) {
      g_string_append_printf(out, "removed %s\n", *l);
      n++;
    }
  }
  g_strfreev(lines);
  g_free(text);
  unlink(record);
  return n;
}

unsigned real_keep_clean(GString *out, GError **err) {
  GDir *d = g_dir_open(REAL_KEEP_RUN_DIR, 0, NULL);
  unsigned n = 0;
  if (!d) return 0; /* nothing was ever kept */
  const char *e;
  while ((e = g_dir_read_name(d))) {
    if (!g_str_has_suffix(e, ".list")) continue;
    char *record = g_build_filename(REAL_KEEP_RUN_DIR, e, NULL);
    n += keep_clean_record(record, out);
    g_free(record);
  }
  g_dir_close(d);
  (void)err;
  return n;
}
