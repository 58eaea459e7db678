/* cmd_sink.c -- placeholder until the sink command lands. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_sink(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "winnow sink: not implemented yet\n");
    return 2;
}
