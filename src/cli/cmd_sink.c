/* cmd_sink.c -- `winnow sink`: PULL results, write JSON Lines, acknowledge.
 *
 * Results are read in batches; each new id is written as one line, the
 * batch is flushed, and only then are its ids acknowledged to the ack
 * endpoint each result names -- so an acknowledged page is in the file. A
 * second result for an id already written (a resend that crossed a late
 * result, a SIGSTOPped worker waking up) is not written but acknowledged
 * again with the status first written, in case the first ack was lost.
 *
 * On start the set of written ids is seeded from the output file, so a
 * restarted sink keeps deduplicating. A plain output file cut mid-line by a
 * crash is first truncated to its last complete line.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zmq.h>

#include "cli/cli.h"
#include "cli/pipe_common.h"
#include "base/idmap.h"
#include "winnow/config.h"
#include "winnow/curve.h"
#include "winnow/proto.h"

#define BATCH 256
#define BATCH_MS 5 /* longest wait for more results before flushing a batch */
#define OUT_BUFFER (1u << 20) /* output buffer: a batch is flushed in few write(2)s, not one per 4 KiB */
#define MAX_ACK_PEERS 64
#define MAX_IDS (64u << 20)        /* ids remembered for deduplication */
#define MAX_SEED_LINE (256u << 20) /* longest line read back from an existing output */

typedef struct ack_peer {
    char ep[WN_CONFIG_ENDPOINT_MAX];
    void *sock;
    wn_ack_t *acks; /* pending for this batch; ids borrowed from the batch's lines */
    size_t n;
} ack_peer_t;

typedef struct sink {
    wn_config_t cfg;
    void *ctx, *pull;
    wn_curve_t *curve; /* CURVE server for results, client for acks (inert without keys) */
    FILE *f;
    gzFile gz;
    int quiet;
    wn_idmap_t *ids;
    ack_peer_t peers[MAX_ACK_PEERS];
    size_t npeers;
    unsigned long written, ok, errors, dups, bad, ack_dropped, seeded;
    int warned_full, warned_peers;
} sink_t;

static int sink_flag(void *ud, const char *flag, const char *val) {
    sink_t *s = ud;
    (void)val;
    if (!strcmp(flag, "--help")) {
        printf("usage: winnow sink [--config FILE] [-o section.key=value] [--results EP] [--output PATH|-]\n"
               "                   [--gzip auto|yes|no] [-q]\n"
               "Binds a PULL socket on the results endpoint, writes one JSON line per page\n"
               "(duplicates dropped), and acknowledges what it wrote. See winnow-sink(1).\n");
        return 1;
    }
    if (!strcmp(flag, "-q") || !strcmp(flag, "--quiet")) {
        s->quiet = 1;
        return 1;
    }
    return 0;
}

static int use_gzip(const wn_config_t *c) {
    if (c->output_gzip == WN_GZIP_YES) return 1;
    if (c->output_gzip == WN_GZIP_NO) return 0;
    size_t n = strlen(c->output_path);
    return n > 3 && !strcmp(c->output_path + n - 3, ".gz");
}

/* Records the id and status of one existing output line. */
static void seed_line(sink_t *s, const char *line, size_t len) {
    json_t *o = json_loadb(line, len, 0, NULL);
    json_t *id = json_object_get(o, "id"), *st = json_object_get(o, "status");
    if (json_is_string(id) && json_string_length(id) > 0) {
        int ok = json_is_string(st) && !strcmp(json_string_value(st), "ok");
        if (wn_idmap_put(s->ids, json_string_value(id), json_string_length(id), (uint32_t)ok) == WN_OK) s->seeded++;
    }
    json_decref(o);
}

/* Reads the ids already in the output file (plain or gzip; gzread reads
 * both). Returns 0, or -1 on a read error. */
static int seed(sink_t *s, const char *path) {
    gzFile in = gzopen(path, "rb");
    if (!in) return errno == ENOENT ? 0 : -1;
    char chunk[65536];
    char *line = NULL;
    size_t len = 0, cap = 0;
    int rc = 0, skipping = 0;
    for (;;) {
        int n = gzread(in, chunk, sizeof chunk);
        if (n < 0) {
            rc = -1;
            break;
        }
        if (n == 0) break;
        size_t i = 0;
        while (i < (size_t)n) {
            char *nl = memchr(chunk + i, '\n', (size_t)n - i);
            size_t take = nl ? (size_t)(nl - (chunk + i)) : (size_t)n - i;
            if (!skipping) {
                if (len + take > MAX_SEED_LINE) {
                    skipping = 1; /* absurd line: ignore it */
                    len = 0;
                } else {
                    if (len + take + 1 > cap) {
                        size_t ncap = (len + take + 1) * 2;
                        char *p = realloc(line, ncap);
                        if (!p) {
                            rc = -1;
                            goto out;
                        }
                        line = p;
                        cap = ncap;
                    }
                    memcpy(line + len, chunk + i, take);
                    len += take;
                }
            }
            i += take;
            if (nl) {
                if (!skipping && len) seed_line(s, line, len);
                len = 0;
                skipping = 0;
                i++;
            }
        }
    }
    /* a last line without newline is a cut record: not counted as written */
out:
    free(line);
    gzclose(in);
    return rc;
}

/* Cuts a plain output file back to its last newline, so a line left half
 * written by a crash does not glue onto the next one. */
static void trim_partial(const char *path) {
    FILE *f = fopen(path, "r+b");
    if (!f) return;
    if (fseeko(f, 0, SEEK_END) == 0) {
        off_t end = ftello(f), pos = end;
        char buf[4096];
        while (pos > 0) {
            off_t start = pos > (off_t)sizeof buf ? pos - (off_t)sizeof buf : 0;
            size_t n = (size_t)(pos - start);
            if (fseeko(f, start, SEEK_SET) != 0 || fread(buf, 1, n, f) != n) break;
            size_t k = n;
            while (k > 0 && buf[k - 1] != '\n') k--;
            if (k > 0) {
                pos = start + (off_t)k;
                break;
            }
            pos = start;
        }
        if (pos != end && ftruncate(fileno(f), pos) == 0)
            fprintf(stderr, "winnow sink: %s: dropped %lld bytes of a cut last line\n", path, (long long)(end - pos));
    }
    fclose(f);
}

static int open_output(sink_t *s) {
    const char *path = s->cfg.output_path;
    if (!strcmp(path, "-")) {
        s->f = stdout;
        return 0;
    }
    /* create the parent directory (one level) if missing */
    const char *slash = strrchr(path, '/');
    if (slash && slash != path) {
        char dir[WN_CONFIG_PATH_MAX];
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "winnow sink: cannot create %s: %s\n", dir, strerror(errno));
            return -1;
        }
    }
    if (seed(s, path) != 0) {
        fprintf(stderr, "winnow sink: cannot read existing %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (use_gzip(&s->cfg)) {
        s->gz = gzopen(path, "ab6");
        if (!s->gz) {
            fprintf(stderr, "winnow sink: cannot open %s: %s\n", path, strerror(errno));
            return -1;
        }
        (void)gzbuffer(s->gz, OUT_BUFFER);
    } else {
        trim_partial(path);
        s->f = fopen(path, "ab");
        if (!s->f) {
            fprintf(stderr, "winnow sink: cannot open %s: %s\n", path, strerror(errno));
            return -1;
        }
        (void)setvbuf(s->f, NULL, _IOFBF, OUT_BUFFER);
    }
    if (s->seeded && !s->quiet)
        fprintf(stderr, "winnow sink: %s already holds %lu ids; they will not be written again\n", path, s->seeded);
    return 0;
}

static int write_line(sink_t *s, const char *line, size_t len) {
    if (s->gz) {
        if (gzwrite(s->gz, line, (unsigned)len) != (int)len || gzwrite(s->gz, "\n", 1) != 1) return -1;
        return 0;
    }
    if (fwrite(line, 1, len, s->f) != len || fputc('\n', s->f) == EOF) return -1;
    return 0;
}

static int flush_output(sink_t *s) {
    if (s->gz) return gzflush(s->gz, Z_SYNC_FLUSH) == Z_OK ? 0 : -1;
    return fflush(s->f) == 0 ? 0 : -1;
}

/* Finds or creates the ack socket for endpoint `ep`. Only tcp:// and
 * ipc:// are accepted, and at most MAX_ACK_PEERS of them. */
static ack_peer_t *peer_for(sink_t *s, const char *ep) {
    for (size_t i = 0; i < s->npeers; i++)
        if (!strcmp(s->peers[i].ep, ep)) return &s->peers[i];
    if (strncmp(ep, "tcp://", 6) && strncmp(ep, "ipc://", 6)) return NULL;
    if (strlen(ep) >= WN_CONFIG_ENDPOINT_MAX) return NULL;
    if (s->npeers >= MAX_ACK_PEERS) {
        if (!s->warned_peers++) fprintf(stderr, "winnow sink: more than %d ack endpoints; ignoring %s\n", MAX_ACK_PEERS, ep);
        return NULL;
    }
    ack_peer_t *p = &s->peers[s->npeers];
    memset(p, 0, sizeof *p);
    p->acks = calloc(BATCH, sizeof *p->acks);
    p->sock = zmq_socket(s->ctx, ZMQ_PUSH);
    if (!p->acks || !p->sock) goto fail;
    int v = 100000;
    zmq_setsockopt(p->sock, ZMQ_SNDHWM, &v, sizeof v);
    v = 2000; /* acks still queued at exit get 2 s to leave */
    zmq_setsockopt(p->sock, ZMQ_LINGER, &v, sizeof v);
    v = 10; /* a source that binds late (or restarts) is retried every 10 ms, not 100 */
    zmq_setsockopt(p->sock, ZMQ_RECONNECT_IVL, &v, sizeof v);
    v = 1000;
    zmq_setsockopt(p->sock, ZMQ_RECONNECT_IVL_MAX, &v, sizeof v);
    if (wn_curve_client(s->curve, p->sock, NULL, 0) != WN_OK || zmq_connect(p->sock, ep) != 0) goto fail;
    snprintf(p->ep, sizeof p->ep, "%s", ep);
    s->npeers++;
    return p;
fail:
    if (p->sock) zmq_close(p->sock);
    free(p->acks);
    memset(p, 0, sizeof *p);
    return NULL;
}

/* Sends every pending ack, one message per endpoint; a full queue drops
 * the ack (the source resends the task and we ack the duplicate). */
static void send_acks(sink_t *s) {
    for (size_t i = 0; i < s->npeers; i++) {
        ack_peer_t *p = &s->peers[i];
        if (!p->n) continue;
        size_t len = 0;
        char *json = wn_proto_ack_encode(p->acks, p->n, &len);
        if (!json || zmq_send(p->sock, WN_PROTO_ACK, 4, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
            zmq_send(p->sock, json, len, ZMQ_DONTWAIT) < 0)
            s->ack_dropped += p->n;
        free(json);
        p->n = 0;
    }
}

/* Receives one result; returns 1 handled, 0 nothing waiting, -1 error.
 * `line` keeps the decoded result alive until the acks are sent. */
static int take_one(sink_t *s, wn_result_line_t *line) {
    zmq_msg_t f[3];
    int n = 0, more = 1, extra = 0;
    while (more) {
        zmq_msg_t tmp;
        zmq_msg_t *dst = n < 3 ? &f[n] : &tmp;
        zmq_msg_init(dst);
        if (zmq_msg_recv(dst, s->pull, n == 0 && !extra ? ZMQ_DONTWAIT : 0) < 0) {
            zmq_msg_close(dst);
            for (int i = 0; i < n; i++) zmq_msg_close(&f[i]);
            if (n == 0 && !extra && (zmq_errno() == EAGAIN || zmq_errno() == EINTR)) return 0;
            return -1;
        }
        more = zmq_msg_more(dst);
        if (n < 3) n++;
        else {
            zmq_msg_close(&tmp);
            extra = 1;
        }
    }
    int rc = 1;
    char err[256];
    if (n < 2 || extra || zmq_msg_size(&f[0]) != 4 || memcmp(zmq_msg_data(&f[0]), WN_PROTO_RESULT, 4)) {
        if (!s->quiet) fprintf(stderr, "winnow sink: dropped a message that is not a WNR1 result\n");
        s->bad++;
        goto out;
    }
    wn_status st = wn_proto_result_line(zmq_msg_data(&f[1]), zmq_msg_size(&f[1]), n > 2 ? zmq_msg_data(&f[2]) : "",
                                        n > 2 ? zmq_msg_size(&f[2]) : 0, s->cfg.max_inflated_bytes, line, err, sizeof err);
    if (st != WN_OK) {
        fprintf(stderr, "winnow sink: dropped a bad result: %s\n", st == WN_EPROTO ? err : wn_strerror(st));
        s->bad++;
        goto out;
    }
    uint32_t was_ok = 0;
    size_t idlen = strlen(line->id);
    int dup = wn_idmap_get(s->ids, line->id, idlen, &was_ok);
    if (dup) {
        s->dups++;
        line->ok = (int)was_ok;
    } else {
        if (write_line(s, line->line, line->line_len) != 0) {
            fprintf(stderr, "winnow sink: write failed: %s\n", strerror(errno));
            rc = -1;
            goto out;
        }
        s->written++;
        if (line->ok) s->ok++;
        else s->errors++;
        wn_status pst = wn_idmap_put(s->ids, line->id, idlen, (uint32_t)line->ok);
        if (pst != WN_OK && !s->warned_full++)
            fprintf(stderr, "winnow sink: id set full (%s); later duplicates may be written twice\n", wn_strerror(pst));
    }
    if (line->ack) {
        ack_peer_t *p = peer_for(s, line->ack);
        if (p && p->n < BATCH) p->acks[p->n++] = (wn_ack_t){line->id, line->ok};
    }
out:
    for (int i = 0; i < n; i++) zmq_msg_close(&f[i]);
    return rc;
}

int cmd_sink(int argc, char **argv) {
    sink_t s;
    memset(&s, 0, sizeof s);
    const char *pos[1];
    size_t npos = 0;
    int rc = cli_parse(argc, argv, "sink", NULL, &s.cfg, sink_flag, &s, pos, 0, &npos, NULL);
    if (rc) return rc == 1 ? 0 : 2;
    cli_signals_install();
    int status = 1;
    wn_result_line_t *lines = calloc(BATCH, sizeof *lines);
    s.ids = wn_idmap_new(MAX_IDS);
    s.ctx = zmq_ctx_new();
    if (!lines || !s.ids || !s.ctx) {
        fprintf(stderr, "winnow sink: out of memory\n");
        goto out;
    }
    char cerr[512];
    wn_status cst;
    s.curve = wn_curve_new(s.ctx, &s.cfg, WN_CURVE_SERVER | WN_CURVE_CLIENT, &cst, cerr, sizeof cerr);
    if (!s.curve) {
        fprintf(stderr, "winnow sink: %s\n", cerr);
        goto out;
    }
    s.pull = zmq_socket(s.ctx, ZMQ_PULL);
    if (!s.pull) goto zfail;
    if (wn_curve_server(s.curve, s.pull, cerr, sizeof cerr) != WN_OK) {
        fprintf(stderr, "winnow sink: %s\n", cerr);
        goto out;
    }
    int v = s.cfg.hwm;
    zmq_setsockopt(s.pull, ZMQ_RCVHWM, &v, sizeof v);
    v = 0;
    zmq_setsockopt(s.pull, ZMQ_LINGER, &v, sizeof v);
    int64_t maxmsg = (int64_t)s.cfg.max_inflated_bytes + WN_PROTO_HEADER_MAX; /* bounds one frame */
    zmq_setsockopt(s.pull, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg);
    if (zmq_bind(s.pull, s.cfg.results) != 0) {
        fprintf(stderr, "winnow sink: cannot bind results endpoint %s: %s\n", s.cfg.results, zmq_strerror(zmq_errno()));
        goto out;
    }
    if (s.cfg.local_results[0] && zmq_bind(s.pull, s.cfg.local_results) != 0) {
        fprintf(stderr, "winnow sink: cannot bind local_results endpoint %s: %s\n", s.cfg.local_results,
                zmq_strerror(zmq_errno()));
        goto out;
    }
    if (open_output(&s) != 0) goto out;
    if (!s.quiet)
        fprintf(stderr, "winnow sink: results %s -> %s%s%s\n", s.cfg.results, s.cfg.output_path,
                s.gz ? " (gzip)" : "", wn_curve_enabled(s.curve) ? " (CURVE)" : "");
    while (!cli_stop_requested()) {
        zmq_pollitem_t it[2] = {{s.pull, 0, ZMQ_POLLIN, 0}, {NULL, cli_stop_fd(), ZMQ_POLLIN, 0}};
        int pr = zmq_poll(it, cli_stop_fd() >= 0 ? 2 : 1, 200);
        if (pr < 0 && zmq_errno() != EINTR) goto zfail;
        if (pr <= 0 || !(it[0].revents & ZMQ_POLLIN)) continue;
        /* A batch is what arrives within BATCH_MS of its first result (or
         * BATCH results): one flush and one ack message per batch instead
         * of per result, at the price of BATCH_MS more latency per ack. */
        size_t n = 0;
        int r = 0;
        int64_t until = cli_now_ms() + BATCH_MS;
        for (;;) {
            while (n < BATCH && (r = take_one(&s, &lines[n])) == 1) n++;
            if (r < 0 || n >= BATCH || cli_stop_requested()) break;
            int64_t left = until - cli_now_ms();
            zmq_pollitem_t more = {s.pull, 0, ZMQ_POLLIN, 0};
            if (left <= 0 || zmq_poll(&more, 1, (long)left) <= 0) break;
        }
        int failed = r < 0 && zmq_errno() != EINTR;
        if (flush_output(&s) != 0) {
            fprintf(stderr, "winnow sink: flush failed: %s\n", strerror(errno));
            failed = 1;
        } else {
            send_acks(&s);
        }
        for (size_t i = 0; i < n; i++) wn_result_line_free(&lines[i]);
        if (failed) goto out;
    }
    status = 0;
    goto out;
zfail:
    fprintf(stderr, "winnow sink: %s\n", zmq_strerror(zmq_errno()));
out:
    if (s.gz && gzclose(s.gz) != Z_OK) {
        fprintf(stderr, "winnow sink: closing %s failed\n", s.cfg.output_path);
        status = 1;
    }
    if (s.f && s.f != stdout && fclose(s.f) != 0) {
        fprintf(stderr, "winnow sink: closing %s failed: %s\n", s.cfg.output_path, strerror(errno));
        status = 1;
    }
    if (s.f == stdout) fflush(stdout);
    if (!s.quiet)
        fprintf(stderr, "winnow sink: wrote %lu (ok %lu, error %lu), dropped %lu duplicates, %lu bad messages\n",
                s.written, s.ok, s.errors, s.dups, s.bad);
    if (wn_curve_refused(s.curve))
        fprintf(stderr, "winnow sink: CURVE: refused %llu connection attempts from keys not in authorized_keys\n",
                (unsigned long long)wn_curve_refused(s.curve));
    for (size_t i = 0; i < s.npeers; i++) {
        zmq_close(s.peers[i].sock);
        free(s.peers[i].acks);
    }
    if (s.pull) zmq_close(s.pull);
    wn_curve_destroy(&s.curve); /* before zmq_ctx_term: the ZAP handler's socket is in the context */
    if (s.ctx) zmq_ctx_term(s.ctx);
    wn_idmap_destroy(&s.ids);
    free(lines);
    return status;
}
