/* cmd_extract.c -- placeholder until the extract command lands. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_extract(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "winnow extract: not implemented yet\n");
    return 2;
}
