/* cmd_fetch.c -- placeholder until the fetch command lands. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_fetch(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "winnow fetch: not implemented yet\n");
    return 2;
}
