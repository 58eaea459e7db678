/* driver.c -- a tiny stand-in for libFuzzer's main().
 *
 * Links with any tests/fuzz/fuzz_<parser>.c target so that seed corpora and
 * regression inputs can be replayed with the ordinary compiler and the
 * sanitizer flags of the build under test (tests/e2e/fuzz_regress.sh):
 *
 *     driver FILE|DIR...
 *
 * Every regular file named (directories: every regular file inside, not
 * recursively) is read whole and handed to LLVMFuzzerTestOneInput once.
 * Prints "running NAME" on stderr before each input so the culprit of a
 * crash is the last name printed. Exits 0 if every input ran, 2 on usage
 * or I/O errors; a bug found by a sanitizer or a target check aborts.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DRIVER_MAX_INPUT (64u * 1024u * 1024u) /* refuse absurd inputs */

/* Reads `path` whole into a malloc'd buffer (caller frees) and runs it.
 * Returns 0, or 1 on I/O error (reported on stderr). */
static int run_file(const char *path) {
    int rc = 1;
    uint8_t *data = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "driver: %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || sb.st_size < 0 || (uint64_t)sb.st_size > DRIVER_MAX_INPUT) {
        fprintf(stderr, "driver: %s: cannot size or too big\n", path);
        goto out;
    }
    size_t size = (size_t)sb.st_size;
    /* One extra byte so that a zero-length input still has a valid pointer. */
    data = malloc(size + 1);
    if (!data) {
        fprintf(stderr, "driver: %s: out of memory\n", path);
        goto out;
    }
    if (size && fread(data, 1, size, f) != size) {
        fprintf(stderr, "driver: %s: short read\n", path);
        goto out;
    }
    fprintf(stderr, "running %s (%zu bytes)\n", path, size);
    LLVMFuzzerTestOneInput(data, size);
    rc = 0;
out:
    free(data);
    fclose(f);
    return rc;
}

/* Runs every regular file directly inside `dir`. Returns the number of
 * files that could not be read. */
static int run_dir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "driver: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    int bad = 0;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        int w = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (w < 0 || (size_t)w >= sizeof path) {
            bad++;
            continue;
        }
        struct stat sb;
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) continue;
        bad += run_file(path);
    }
    closedir(d);
    return bad;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            bad += run_dir(argv[i]);
        else
            bad += run_file(argv[i]);
    }
    return bad ? 2 : 0;
}
