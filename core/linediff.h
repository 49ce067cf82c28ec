/* A line diff: the longest common subsequence of two lists of strings,
 * as a list of operations that walk both lists in order.  Used for the
 * transcripts of `nspath check` and for the frame renderings of
 * `nspath compare`. */
#ifndef NSP_LINEDIFF_H
#define NSP_LINEDIFF_H

#include <glib.h>

typedef enum {
  NSP_DIFF_SAME, /* a[a] == b[b] */
  NSP_DIFF_DEL,  /* a[a] is only in a (expected, missing from b) */
  NSP_DIFF_ADD,  /* b[b] is only in b (actual, not expected) */
} nsp_diff_kind;

typedef struct {
  nsp_diff_kind kind;
  guint a, b; /* indexes; for DEL, b is where b stands; for ADD, a likewise */
} nsp_diff_op;

/* The operations turning a[0..n) into b[0..m), deletions before additions
 * where both would do; a GArray of nsp_diff_op.  The common prefix and
 * suffix are matched directly; what remains in between is compared by LCS
 * when it fits in NSP_DIFF_MAX_CELLS table cells, else as one block of
 * deletions and one of additions (still correct, only less minimal). */
#define NSP_DIFF_MAX_CELLS (64u * 1024u * 1024u)
GArray *nsp_diff_lines(char *const *a, guint n, char *const *b, guint m);
/* True when ops hold anything but NSP_DIFF_SAME. */
gboolean nsp_diff_differs(const GArray *ops);

#endif
