/* cmd_keygen.c -- `winnow keygen [--force] NAME`: write a CURVE key pair.
 *
 * NAME.key gets the Z85 secret key (mode 0600, created exclusively unless
 * --force), NAME.pub the Z85 public key (mode 0644), each on one line, so
 * `cat worker-*.pub >> authorized_keys` builds the server's list. The
 * lines to paste into pipeline.conf's [curve] section go to standard output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#include "cli/cli.h"
#include "winnow/config.h"
#include "winnow/curve.h"

static void usage(FILE *f) {
    fprintf(f, "usage: winnow keygen [--force] NAME\n"
               "Writes a CURVE key pair: NAME.key (secret, mode 0600) and NAME.pub (public),\n"
               "Z85 text, and prints the [curve] lines for pipeline.conf. Existing files are\n"
               "not overwritten without --force. See pipeline.conf(5) and docs/security.md.\n");
}

/* Writes `text` + newline to `path` with `mode`; O_EXCL unless `force`.
 * Returns 0, or -1 after printing why. */
static int write_key(const char *path, const char *text, mode_t mode, int force) {
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL);
    int fd = open(path, flags, mode);
    if (fd < 0) {
        fprintf(stderr, "winnow keygen: %s: %s%s\n", path, strerror(errno),
                errno == EEXIST ? " (use --force to overwrite)" : "");
        return -1;
    }
    /* an existing file keeps its mode on O_TRUNC: set it explicitly */
    char line[WN_CURVE_KEY_LEN + 2];
    int n = snprintf(line, sizeof line, "%s\n", text);
    int rc = 0;
    if (fchmod(fd, mode) != 0 || write(fd, line, (size_t)n) != (ssize_t)n) {
        fprintf(stderr, "winnow keygen: %s: %s\n", path, strerror(errno));
        rc = -1;
    }
    if (close(fd) != 0 && rc == 0) {
        fprintf(stderr, "winnow keygen: %s: %s\n", path, strerror(errno));
        rc = -1;
    }
    return rc;
}

int cmd_keygen(int argc, char **argv) {
    const char *name = NULL;
    int force = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f")) force = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "winnow keygen: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (name) {
            fprintf(stderr, "winnow keygen: one NAME only\n");
            return 2;
        } else {
            name = argv[i];
        }
    }
    if (!name || !*name) {
        usage(stderr);
        return 2;
    }
    if (!zmq_has("curve")) {
        fprintf(stderr, "winnow keygen: this libzmq was built without CURVE\n");
        return 1;
    }
    char keypath[WN_CONFIG_PATH_MAX], pubpath[WN_CONFIG_PATH_MAX];
    if ((size_t)snprintf(keypath, sizeof keypath, "%s.key", name) >= sizeof keypath ||
        (size_t)snprintf(pubpath, sizeof pubpath, "%s.pub", name) >= sizeof pubpath) {
        fprintf(stderr, "winnow keygen: NAME is too long\n");
        return 2;
    }
    char pub[WN_CURVE_KEY_LEN + 1], sec[WN_CURVE_KEY_LEN + 1];
    if (zmq_curve_keypair(pub, sec) != 0) {
        fprintf(stderr, "winnow keygen: zmq_curve_keypair: %s\n", zmq_strerror(zmq_errno()));
        return 1;
    }
    int status = 1;
    if (write_key(keypath, sec, 0600, force) != 0) goto out;
    if (write_key(pubpath, pub, 0644, force) != 0) {
        unlink(keypath);
        goto out;
    }
    printf("%s: %s\n"
           "%s: secret (mode 0600); paste it into [curve] as server_secret_key (a source/sink\n"
           "  host) or client_secret_key (a worker), with the public key beside it\n",
           pubpath, pub, keypath);
    status = 0;
out:
    explicit_bzero(sec, sizeof sec);
    return status;
}
