/* An LD_PRELOAD shim for tests/faults/nl_faults.sh: netlink failures
 * injected under libnl, as the kernel would report them.  Loaded only by
 * that test (LD_PRELOAD=libnspath_nlfault.so); never part of nspath.
 *
 * NSPATH_NLFAULT="N:ERRNO" (ERRNO one of EPERM, EEXIST, ENOMEM, ENOBUFS):
 * the Nth netlink acknowledgement the process receives of a request that
 * changes something (an NLMSG_ERROR with error 0 about an RTM_NEW*, DEL*
 * or SET*: the kernel did what was asked) comes back as that error
 * instead -- for EEXIST, exactly what a race with another creator looks
 * like -- or, for ENOBUFS, recvmsg() fails as on a receive queue that
 * overflowed and the acknowledgement is lost.  NSPATH_NLFAULT_COUNT=FILE
 * appends the number of acknowledgements seen at exit, so the test knows
 * how many points to try. */
#include <stdbool.h>
#include <dlfcn.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef ssize_t (*recvmsg_fn)(int, struct msghdr *, int);

/* The shim's own state: one process, one configuration, read once. */
static struct {
  recvmsg_fn real;
  long target, acks;
  int err;
  bool ready;
} shim;

static void shim_init(void) {
  if (shim.ready) return;
  shim.ready = true;
  shim.real = (recvmsg_fn)dlsym(RTLD_NEXT, "recvmsg");
  const char *spec = getenv("NSPATH_NLFAULT");
  if (!spec) return;
  char name[16] = "";
  if (sscanf(spec, "%ld:%15s", &shim.target, name) != 2) return;
  shim.err = !strcmp(name, "EPERM")    ? EPERM
             : !strcmp(name, "EEXIST") ? EEXIST
             : !strcmp(name, "ENOMEM") ? ENOMEM
             : !strcmp(name, "ENOBUFS") ? ENOBUFS : 0;
}

static void shim_report(void) __attribute__((destructor));
static void shim_report(void) {
  const char *path = getenv("NSPATH_NLFAULT_COUNT");
  FILE *f = path ? fopen(path, "a") : NULL;
  if (f) fprintf(f, "%ld\n", shim.acks), fclose(f);
}

static bool shim_is_netlink(int fd) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  return getsockname(fd, (struct sockaddr *)&ss, &len) == 0 && ss.ss_family == AF_NETLINK;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
  shim_init();
  ssize_t n = shim.real(fd, msg, flags);
  if (n <= 0 || (flags & MSG_PEEK) || !shim_is_netlink(fd) || msg->msg_iovlen < 1) return n;
  char *buf = msg->msg_iov[0].iov_base;
  size_t left = (size_t)n < msg->msg_iov[0].iov_len ? (size_t)n : msg->msg_iov[0].iov_len;
  for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
    if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
      continue;
    struct nlmsgerr *e = NLMSG_DATA(h);
    /* the acknowledgement of a request that changes something: RTM_GET*
     * (type % 4 == 2) is answered with data first, its ack is no verdict */
    if (e->error != 0 || e->msg.nlmsg_type < RTM_BASE || e->msg.nlmsg_type % 4 == 2) continue;
    ++shim.acks;
    const char *trace = getenv("NSPATH_NLFAULT_TRACE");
    FILE *t = trace ? fopen(trace, "a") : NULL;
    if (t) fprintf(t, "ack %ld: request type %u flags 0x%x\n", shim.acks, e->msg.nlmsg_type,
                   e->msg.nlmsg_flags), fclose(t);
    if (shim.acks != shim.target || !shim.err) continue;
    if (shim.err == ENOBUFS) {
      errno = ENOBUFS;
      return -1;
    }
    e->error = -shim.err;
  }
  return n;
}
