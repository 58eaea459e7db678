/* cmd_run.c -- placeholder until the run command lands. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_run(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "winnow run: not implemented yet\n");
    return 2;
}
