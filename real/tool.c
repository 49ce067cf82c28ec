/* Programs of the system inside a namespace (real/tool.h): fork, setns()
 * into the namespace in the child, exec; what it writes comes back through
 * one pipe for both its outputs, as a terminal shows them interleaved. */
#include "real/tool.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

int real_tool_run(int netns_fd, char *const *argv, char **out, int *status) {
  int pfd[2];
  *out = NULL;
  if (pipe2(pfd, O_CLOEXEC) < 0) return errno;
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(pfd[0]);
    close(pfd[1]);
    return e;
  }
  if (pid == 0) {
    int null = open("/dev/null", O_RDONLY);
    if (setns(netns_fd, CLONE_NEWNET) < 0 || null < 0 || dup2(null, 0) < 0 ||
        dup2(pfd[1], 1) < 0 || dup2(pfd[1], 2) < 0)
      _exit(126);
    execv(argv[0], argv);
    _exit(127);
  }
  close(pfd[1]);
  GString *text = g_string_new(NULL);
  char buf[4096];
  for (;;) {
    ssize_t n = read(pfd[0], buf, sizeof buf);
    if (n > 0) g_string_append_len(text, buf, n);
    else if (n == 0 || errno != EINTR) break;
  }
  close(pfd[0]);
  int ws;
  while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
  }
  *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
  *out = g_string_free(text, FALSE);
  if (*status == 127 && !**out) return ENOENT; /* execv() failed */
  return 0;
}
