#include "real/ns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int real_ns_create(void) {
  int saved = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (saved < 0) return -1;
  int fd = -1;
  if (unshare(CLONE_NEWNET) == 0) {
    fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    int e = errno;
    if (setns(saved, CLONE_NEWNET) != 0) abort(); /* a thread stranded in a private netns is a bug */
    errno = e;
  }
  int e = errno;
  close(saved);
  errno = e;
  return fd;
}

int real_ns_enter(int nsfd) {
  int saved = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (saved < 0) return -1;
  if (setns(nsfd, CLONE_NEWNET) != 0) {
    int e = errno;
    close(saved);
    errno = e;
    return -1;
  }
  return saved;
}

void real_ns_leave(int saved) {
  if (setns(saved, CLONE_NEWNET) != 0) abort();
  close(saved);
}

/* /proc/sys/net resolves to the namespace of the task that opens it, so the
 * file is opened from inside and used from anywhere. */
static int ns_proc_open(int nsfd, const char *path, int flags) {
  int saved = real_ns_enter(nsfd);
  if (saved < 0) return -errno;
  int fd = open(path, flags | O_CLOEXEC);
  int e = errno;
  real_ns_leave(saved);
  return fd < 0 ? -e : fd;
}

int real_ns_sysctl_read(int nsfd, const char *path, char *buf, size_t cap) {
  int fd = ns_proc_open(nsfd, path, O_RDONLY);
  if (fd < 0) return -fd;
  ssize_t n = read(fd, buf, cap - 1);
  int e = n < 0 ? errno : 0;
  close(fd);
  if (n < 0) return e;
  buf[n] = '\0';
  buf[strcspn(buf, "\n")] = '\0';
  return 0;
}

int real_ns_sysctl_write(int nsfd, const char *path, const char *value) {
  int fd = ns_proc_open(nsfd, path, O_WRONLY);
  if (fd < 0) return -fd;
  size_t len = strlen(value);
  ssize_t n = write(fd, value, len);
  int e = n < 0 ? errno : 0;
  close(fd);
  return e;
}
