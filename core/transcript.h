/* Transcripts as `nspath run` prints them and `nspath check` reads them:
 * "$ " command lines, each followed by its output.  Comparisons go through
 * one normalization that masks what differs between runs of the same
 * commands on a kernel: times, MAC addresses (and the EUI-64 link-local
 * addresses made from them), interface indexes, netns ids, trailing blanks. */
#ifndef NSP_TRANSCRIPT_H
#define NSP_TRANSCRIPT_H

#include <glib.h>
#include <stdbool.h>

typedef struct {
  char *command;      /* the line after "$ " */
  unsigned line;      /* where it stands in its file */
  GPtrArray *output;  /* char*: the lines that followed it */
  /* Set by the Markdown reader (core/markdown.h) only: */
  char *skip;         /* why the line is not run (NULL: run it) */
  char *note;         /* how the line was read, said when it runs */
  bool unshown;       /* no output shown under it: compared only if it fails */
} nsp_transcript_step;

/* Splits text into steps; lines before the first "$ " are ignored. */
GPtrArray *nsp_transcript_parse(const char *text);
/* An empty list of steps that owns them, and a step to add to it. */
GPtrArray *nsp_transcript_steps_new(void);
nsp_transcript_step *nsp_transcript_step_new(const char *command, unsigned line);
/* One line, normalized (a new string). */
char *nsp_transcript_normalize_line(const char *line);
/* Appends a unified-style diff of two line lists to out (prefix lines with
 * " ", "-" expected, "+" actual); false when they are equal after
 * normalization. */
bool nsp_transcript_diff(GPtrArray *want, GPtrArray *got, GString *out);

#endif
