/* Markdown documents as input — an article, a README: the commands are the
 * lines of its shell code blocks, the prose around them is not read.  The
 * document is parsed by cmark (CommonMark 0.30's reference parser); on top
 * of its code blocks, nspath's own rules:
 *
 * - Every code block counts, wherever it stands (block quotes, list items,
 *   nested), its lines without the markers and indentation around them,
 *   numbered as in the file.  HTML blocks (comments, <pre>, …) hide what
 *   they hold, as they do on a rendered page.
 * - A fenced block (``` or ~~~) counts when its language — the first word
 *   of its info string: "bash {.x}", "{.sh}", "shell:file.sh" — is a
 *   shell's (sh, bash, shell, console, zsh, …) or, with no language, when
 *   it holds a "$ " prompt; an indented (four-space) block has no language
 *   and counts by its prompts.
 * - In a block with prompts, each "$ " line is a command and the lines under
 *   it, up to the next prompt or the block's end, are the output it is
 *   expected to print; a command with nothing under it has its output not
 *   shown.  In a block without prompts every line is a command ("#" lines
 *   are comments).  A trailing backslash continues a command on the next
 *   line (a "> " prompt there is dropped).
 * - Lines nspath cannot run — other programs (docker, mount), pipes, shell
 *   loops, placeholders such as [name] or <name> — are skipped: listed as
 *   "FILE:LINE: skipped: why", never fatal.  One shell loop is read for what
 *   it does: deleting every namespace (`for ns in $(ip netns list …); do ip
 *   netns delete $ns; done`) runs as `ip --all netns delete`, with a note.
 * - The whole document is one world: namespaces live from block to block. */
#ifndef NSP_MARKDOWN_H
#define NSP_MARKDOWN_H

#include <glib.h>
#include <stdbool.h>

#include "core/scenario.h"

/* True when text is UTF-8 with a fenced code block, or an indented one
 * holding a "$ " prompt (a scenario's indented lines are no Markdown). */
bool nsp_markdown_detect(const char *text, size_t len);
/* The steps of text when it is Markdown (nsp_markdown_detect()), else
 * NULL: one parse for both. */
GPtrArray *nsp_markdown_steps(const char *text, size_t len);
/* The document's commands as transcript steps (core/transcript.h), with
 * their Markdown line numbers, expected output, skip reasons and notes. */
GPtrArray *nsp_markdown_parse(const char *text, size_t len);
/* Runs a Markdown document's steps (or text) into r: skipped lines go to
 * r->diag and r->skipped, never to r->unsupported. */
void nsp_markdown_run_steps(nsp_backend *be, const char *name, GPtrArray *steps,
                            nsp_scenario_result *r);
void nsp_markdown_run_text(nsp_backend *be, const char *name, const char *text, size_t len,
                           nsp_scenario_result *r);

#endif
