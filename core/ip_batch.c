#include "core/ip_batch.h"

#include <string.h>

/* MAX_ARGS of ip/ip.c's batch(): the array holds the words and a NULL. */
#define IP_BATCH_MAX_ARGS 512

/* One physical line without its newline, its comment cut; *joins when it
 * still ends in "\\\n", the mark of a continued line. */
static char *batch_physical_line(nsp_ip_batch *b, bool *joins) {
  if (b->p >= b->end) return NULL;
  const char *nl = memchr(b->p, '\n', (size_t)(b->end - b->p));
  size_t n = nl ? (size_t)(nl - b->p) : (size_t)(b->end - b->p);
  char *line = g_strndup(b->p, n);
  b->p = nl ? nl + 1 : b->end;
  b->lineno++;
  char *hash = strchr(line, '#');
  if (hash) *hash = '\0';
  *joins = nl && !hash && n && line[n - 1] == '\\';
  if (*joins) line[n - 1] = '\0';
  return line;
}

char *nsp_ip_batch_next(nsp_ip_batch *b, bool *missing) {
  bool joins;
  *missing = false;
  char *line = batch_physical_line(b, &joins);
  while (line && joins) {
    char *next = batch_physical_line(b, &joins);
    if (!next) {
      *missing = true;
      g_free(line);
      return NULL;
    }
    char *joined = g_strconcat(line, next, NULL);
    g_free(line);
    g_free(next);
    line = joined;
  }
  return line;
}

bool nsp_ip_batch_split(char *line, GPtrArray *argv, const char **why) {
  static const char ws[] = " \t\r\n";
  char *cp = line;
  g_ptr_array_set_size(argv, 0);
  while (*cp) {
    cp += strspn(cp, ws);
    if (*cp == '\0') break;
    if (argv->len >= IP_BATCH_MAX_ARGS - 1) {
      *why = "Too many arguments to command";
      return false;
    }
    if (*cp == '\'' || *cp == '"') {
      char quote = *cp++;
      g_ptr_array_add(argv, cp);
      cp = strchr(cp, quote);
      if (!cp) {
        *why = "Unterminated quoted string";
        return false;
      }
    } else {
      g_ptr_array_add(argv, cp);
      cp += strcspn(cp, ws);
      if (*cp == '\0') break;
    }
    *cp++ = '\0';
  }
  return true;
}
