#include <glib.h>

#include "core/backend.h"

void nsp_status_set(nsp_status *st, int err, const char *extack) {
  if (!st) return;
  st->err = err;
  st->recv_error = false;
  g_strlcpy(st->extack, extack ? extack : "", sizeof st->extack);
}
