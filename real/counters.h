/* The counters of a private namespace, read as nstat reads them: the MIB
 * tables of /proc/net/snmp and /proc/net/netstat (a header line of names,
 * then a line of values, per table), and each interface's packet counters
 * from /proc/net/dev — all as seen from inside the namespace. */
#ifndef REAL_COUNTERS_H
#define REAL_COUNTERS_H

#include <stddef.h>

#include "core/backend.h"

/* The counters of namespace nsfd (core/backend.h names them); *n set;
 * NULL and *n = 0 when the files cannot be read.  g_free. */
nsp_counter *real_counters_read(int nsfd, size_t *n);

#endif
