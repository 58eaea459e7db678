/* cli.h -- the subcommands of the winnow tool. Each parses its own
 * arguments, calls the library, and returns the process exit code. */
#ifndef WINNOW_CLI_H
#define WINNOW_CLI_H

#include <stddef.h>

int cmd_extract(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_worker(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_sink(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_keygen(int argc, char **argv);

/* The id `extract` and `explain` give a file: its basename without
 * .gz/.html/.htm, written into out (cap bytes, cut to fit). */
void cli_file_id(const char *path, char *out, size_t cap);

#endif
