/* main.c -- `winnow COMMAND [ARGS]`: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/cli.h"
#include "winnow/version.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *what;
} commands[] = {
    {"extract", cmd_extract, "extract main content from HTML files (no queue)"},
    {"explain", cmd_explain, "why each block of a page was kept or dropped (HTML report, JSON)"},
    {"worker", cmd_worker, "pull raw pages, extract, push results"},
    {"replay", cmd_replay, "push saved crawls (WARC, .html, dirs) as tasks"},
    {"fetch", cmd_fetch, "fetch URLs with libcurl and push them as tasks"},
    {"sink", cmd_sink, "pull results, write JSON Lines, acknowledge"},
    {"run", cmd_run, "the whole pipeline on one machine, from pipeline.conf"},
    {"keygen", cmd_keygen, "write a CURVE key pair for pipeline.conf"},
};

static void usage(FILE *f) {
    fprintf(f, "usage: winnow COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].what);
    fprintf(f, "\n`winnow COMMAND --help` describes a command; see also winnow(1).\n");
}

/* glibc's default malloc gives blocks over 128 KiB their own mmap (raising
 * that threshold as they are freed) and returns free memory at the top of
 * the heap to the kernel past 2 x the threshold. With pages of a few
 * hundred KiB coming and going -- task and result messages, arena blocks --
 * the same memory is then mapped, zeroed and faulted in again for every
 * page (a 2-worker `winnow run` over the dev pages took 33,000 page faults,
 * 13,000 with this; see docs/performance.md). Keeping freed memory in the
 * process instead costs nothing in peak RSS: only what a page already
 * needed is kept. Blocks of 32 MiB (glibc's maximum threshold) and more are
 * still mapped and returned. */
static void malloc_tune(void) {
#ifdef __GLIBC__
    (void)mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    (void)mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}

int main(int argc, char **argv) {
    malloc_tune();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("winnow %s\n", wn_version()); /* the library's: see winnow/version.h */
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "winnow: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
