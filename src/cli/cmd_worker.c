/* cmd_worker.c -- placeholder until the worker command lands. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_worker(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "winnow worker: not implemented yet\n");
    return 2;
}
