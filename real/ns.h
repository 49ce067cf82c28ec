/* Private network namespaces for the real backend.  They are created with
 * unshare(CLONE_NEWNET) and held only by file descriptors, never
 * bind-mounted under /run/netns (unless --keep asks), so the host's
 * namespaces are never seen or touched and nothing outlives the process:
 * when the last descriptor closes the kernel tears the namespace down,
 * veths and all. */
#ifndef REAL_NS_H
#define REAL_NS_H

#include <stdbool.h>
#include <stddef.h>

/* A new namespace; its descriptor, or -1 with errno set. */
int real_ns_create(void);
/* Moves the calling thread into nsfd; the descriptor to come back with
 * (real_ns_leave), or -1 with errno set. */
int real_ns_enter(int nsfd);
void real_ns_leave(int saved);
/* Reads or writes a /proc/sys file as seen from inside nsfd; 0 or an errno. */
int real_ns_sysctl_read(int nsfd, const char *path, char *buf, size_t cap);
int real_ns_sysctl_write(int nsfd, const char *path, const char *value);

#endif
