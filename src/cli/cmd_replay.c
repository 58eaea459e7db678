/* cmd_replay.c -- placeholder until the replay command lands. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_replay(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "winnow replay: not implemented yet\n");
    return 2;
}
