/* cmd_keygen.c -- placeholder until the keygen command lands. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_keygen(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "winnow keygen: not implemented yet\n");
    return 2;
}
