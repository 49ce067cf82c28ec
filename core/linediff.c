#include "core/linediff.h"

#include <string.h>

static void diff_push(GArray *ops, nsp_diff_kind kind, guint a, guint b) {
  nsp_diff_op op = {.kind = kind, .a = a, .b = b};
  g_array_append_val(ops, op);
}

/* a[lo_a..hi_a) against b[lo_b..hi_b) by dynamic programming, L(i,j) the
 * LCS length of the suffixes from i and j. */
static void diff_lcs(GArray *ops, char *const *a, guint lo_a, guint hi_a, char *const *b,
                     guint lo_b, guint hi_b) {
  guint n = hi_a - lo_a, m = hi_b - lo_b;
  if ((guint64)(n + 1) * (m + 1) > NSP_DIFF_MAX_CELLS) {
    for (guint i = lo_a; i < hi_a; i++) diff_push(ops, NSP_DIFF_DEL, i, lo_b);
    for (guint j = lo_b; j < hi_b; j++) diff_push(ops, NSP_DIFF_ADD, hi_a, j);
    return;
  }
  guint *L = g_new0(guint, (gsize)(n + 1) * (m + 1));
#define LCS(i, j) L[(gsize)(i) * (m + 1) + (j)]
  for (guint i = n; i-- > 0;)
    for (guint j = m; j-- > 0;)
      LCS(i, j) = !strcmp(a[lo_a + i], b[lo_b + j]) ? LCS(i + 1, j + 1) + 1
                                                    : MAX(LCS(i + 1, j), LCS(i, j + 1));
  for (guint i = 0, j = 0; i < n || j < m;) {
    if (i < n && j < m && !strcmp(a[lo_a + i], b[lo_b + j])) {
      diff_push(ops, NSP_DIFF_SAME, lo_a + i, lo_b + j), i++, j++;
    } else if (i < n && (j == m || LCS(i + 1, j) >= LCS(i, j + 1))) {
      diff_push(ops, NSP_DIFF_DEL, lo_a + i, lo_b + j), i++;
    } else {
      diff_push(ops, NSP_DIFF_ADD, lo_a + i, lo_b + j), j++;
    }
  }
#undef LCS
  g_free(L);
}

GArray *nsp_diff_lines(char *const *a, guint n, char *const *b, guint m) {
  GArray *ops = g_array_new(FALSE, FALSE, sizeof(nsp_diff_op));
  guint pre = 0, suf = 0;
  while (pre < n && pre < m && !strcmp(a[pre], b[pre])) pre++;
  while (suf < n - pre && suf < m - pre && !strcmp(a[n - 1 - suf], b[m - 1 - suf])) suf++;
  for (guint i = 0; i < pre; i++) diff_push(ops, NSP_DIFF_SAME, i, i);
  diff_lcs(ops, a, pre, n - suf, b, pre, m - suf);
  for (guint k = suf; k-- > 0;) diff_push(ops, NSP_DIFF_SAME, n - 1 - k, m - 1 - k);
  return ops;
}

gboolean nsp_diff_differs(const GArray *ops) {
  for (guint k = 0; k < ops->len; k++)
    if (g_array_index(ops, nsp_diff_op, k).kind != NSP_DIFF_SAME) return TRUE;
  return FALSE;
}
