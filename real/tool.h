/* Programs of the system run inside a namespace (iptables on --real). */
#ifndef REAL_TOOL_H
#define REAL_TOOL_H

#include <stdbool.h>

/* Runs argv[0] (an absolute path) with argv in the network namespace of
 * netns_fd, standard input /dev/null, standard output and error into one
 * pipe read into *out (g_free; in the order the program wrote them);
 * *status its exit status (128+N for signal N).  0, or an errno when it
 * could not be started. */
int real_tool_run(int netns_fd, char *const *argv, char **out, int *status);

#endif
