/* cmd_sink.c -- `winnow sink`: PULL results, write JSON Lines, acknowledge.
 *
 * Results are read in batches; each new id is written as one line, the
 * batch is committed (winnow/outfile.h: a complete gzip member for .gz
 * output), and only then are its ids acknowledged to the ack endpoint each
 * result names -- so an acknowledged page is in the file, readable by
 * gzip tools even if the sink is killed the next moment. A second result
 * for an id already written (a resend that crossed a late result, a
 * SIGSTOPped worker waking up) is not written but acknowledged again with
 * the status first written, in case the first ack was lost.
 *
 * The output is locked: a second sink on the same file is refused. On
 * start the set of written ids is read back from the output (after the
 * file is repaired if a crash cut it), so a restarted sink keeps
 * deduplicating. The set keeps a 128-bit digest per id, at most
 * [output] max_ids of them.
 *
 * Exit status: 0 after a requested stop; 1 on a socket error; 2 on a usage
 * or configuration error; 3 when the output cannot be written (locked by
 * another writer, missing directory, full disk): `winnow run` does not
 * restart a sink that exits 3, it ends the run with the reason.
 */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "base/idmap.h"
#include "cli/cli.h"
#include "cli/pipe_common.h"
#include "winnow/config.h"
#include "winnow/curve.h"
#include "winnow/outfile.h"
#include "winnow/lang.h"
#include "winnow/proto.h"
#include "winnow/wetw.h"

#define BATCH 256
#define BATCH_MS 5 /* longest wait for more results before committing a batch */
#define MAX_ACK_PEERS 64
#define ACK_PEER_IDLE_MS 60000 /* an ack endpoint unused this long is closed */
#define EXIT_OUTPUT 3

typedef struct ack_peer {
    char ep[WN_CONFIG_ENDPOINT_MAX];
    void *sock;
    wn_ack_t *acks; /* pending for this batch; ids borrowed from the batch's lines */
    size_t n;
    int64_t used; /* last batch that named it (ms) */
} ack_peer_t;

typedef struct sink {
    wn_config_t cfg;
    void *ctx, *pull;
    wn_curve_t *curve; /* CURVE server for results, client for acks (inert without keys) */
    wn_outfile_t *out;
    int quiet, verbose;
    int wet; /* [output] format = wet */
    wn_idmap_t *ids; /* digest of each id written -> 1 ok / 0 error */
    ack_peer_t peers[MAX_ACK_PEERS];
    size_t npeers;
    unsigned long written, ok, errors, dups, bad, ack_dropped, seeded, ack_refused, peers_evicted;
    unsigned long empty, skipped; /* ok records without text; records the language filter left out */
    unsigned long long bytes;
    unsigned long resent;  /* records written from a task sent more than once */
    cli_hist_t latency;    /* the workers' time ("ms") on the records written */
    int warned_full, warned_refused;
    int64_t t0, stats_at;
    cli_stats_t stats;
} sink_t;

static int sink_flag(void *ud, const char *flag, const char *val) {
    sink_t *s = ud;
    (void)val;
    if (!strcmp(flag, "--help")) {
        printf("usage: winnow sink [--config FILE] [-o section.key=value] [--results EP] [--output PATH|-]\n"
               "                   [--gzip auto|yes|no] [-q|-v]\n"
               "Binds a PULL socket on the results endpoint, writes one JSON line per page\n"
               "(duplicates dropped), and acknowledges what it wrote. Reads ./pipeline.conf\n"
               "when --config is not given. See winnow-sink(1).\n");
        return 1;
    }
    if (!strcmp(flag, "-q") || !strcmp(flag, "--quiet")) {
        s->quiet = 1;
        return 1;
    }
    if (!strcmp(flag, "-v") || !strcmp(flag, "--verbose")) {
        s->verbose = 1;
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

/* ", skipped N" for the summary (a static buffer: one caller, at exit). */
static const char *skipped_note(unsigned long n) {
    static char b[48];
    snprintf(b, sizeof b, ", skipped %lu", n);
    return b;
}

/* What the id map keeps of a written record: how it was acknowledged. */
enum { REC_OK = 1, REC_SKIPPED = 2, REC_EMPTY = 4 };

static uint32_t rec_state(int ok, int skipped, int empty) {
    return (ok ? REC_OK : 0) | (skipped ? REC_SKIPPED : 0) | (ok && empty ? REC_EMPTY : 0);
}

static int id_known(const sink_t *s, const char *id, size_t len, uint32_t *was_ok) {
    unsigned char d[16];
    wn_id_digest(id, len, d);
    return wn_idmap_get(s->ids, (const char *)d, sizeof d, was_ok);
}

static wn_status id_add(sink_t *s, const char *id, size_t len, uint32_t state) {
    unsigned char d[16];
    wn_id_digest(id, len, d);
    return wn_idmap_put(s->ids, (const char *)d, sizeof d, state);
}

/* wn_outfile_record_fn: records the id and status of one existing line. */
static wn_status seed_line(void *ud, const char *line, size_t len) {
    sink_t *s = ud;
    json_t *o = json_loadb(line, len, 0, NULL);
    json_t *id = json_object_get(o, "id"), *st = json_object_get(o, "status");
    if (json_is_string(id) && json_string_length(id) > 0) {
        const char *sv = json_is_string(st) ? json_string_value(st) : "";
        json_t *text = json_object_get(o, "text");
        uint32_t state = rec_state(!strcmp(sv, "ok"), !strcmp(sv, "skipped"),
                                   json_is_string(text) && json_string_length(text) == 0);
        if (id_add(s, json_string_value(id), json_string_length(id), state) == WN_OK) s->seeded++;
    }
    json_decref(o);
    return WN_OK;
}

/* wn_outfile_record_fn for a WET file: the id and status of one record
 * already in it (Winnow-Id; a metadata record's JSON says its status). */
static wn_status seed_wet(void *ud, const char *rec, size_t len) {
    sink_t *s = ud;
    cli_wet_fields_t f;
    cli_wet_fields(rec, len, &f);
    if (!f.id) return WN_OK; /* warcinfo, or not ours */
    uint32_t state = REC_OK;
    if (f.metadata) {
        json_t *o = json_loadb(f.body, f.body_len, JSON_DISABLE_EOF_CHECK, NULL);
        const char *sv = json_string_value(json_object_get(o, "status"));
        state = rec_state(0, sv && !strcmp(sv, "skipped"), 0);
        json_decref(o);
    } else if (f.empty) {
        state |= REC_EMPTY;
    }
    if (id_add(s, f.id, f.id_len, state) == WN_OK) s->seeded++;
    return WN_OK;
}

/* Opens (locks, repairs, reads back) the output; prints why not. */
static int open_output(sink_t *s) {
    const char *path = s->cfg.output_path;
    /* create the parent directory (one level) if missing */
    const char *slash = strrchr(path, '/');
    if (strcmp(path, "-") && slash && slash != path) {
        char dir[WN_CONFIG_PATH_MAX];
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "winnow sink: cannot create %s: %s\n", dir, strerror(errno));
            return -1;
        }
    }
    wn_outfile_opts_t o;
    wn_outfile_opts_init(&o);
    o.gzip = use_gzip(&s->cfg);
    o.sync = s->cfg.output_fsync;
    o.record = s->wet ? seed_wet : seed_line;
    o.split = s->wet ? wn_wet_split : NULL;
    o.ud = s;
    wn_outfile_info_t info;
    wn_status st;
    char err[700];
    s->out = wn_outfile_open(path, &o, &info, &st, err, sizeof err);
    if (!s->out) {
        fprintf(stderr, "winnow sink: %s\n", err);
        return -1;
    }
    if (info.dropped_bytes)
        fprintf(stderr, "winnow sink: %s: removed %llu bytes of an unfinished %s left by a crash%s\n", path,
                (unsigned long long)info.dropped_bytes, o.gzip ? "gzip member" : "last line",
                info.salvaged ? " (its complete records kept)" : "");
    if (s->seeded && !s->quiet)
        fprintf(stderr, "winnow sink: %s already holds %lu ids; they will not be written again\n", path, s->seeded);
    if (s->wet && wn_outfile_size(s->out) == 0) {
        /* a new WET file starts with its warcinfo record */
        wn_buf_t b;
        wn_buf_init(&b, 1u << 20);
        const char *base = strrchr(path, '/');
        int bad = wn_wet_warcinfo(&b, "winnow/" WN_VERSION_STRING, base ? base + 1 : path, time(NULL)) != WN_OK ||
                  wn_outfile_write(s->out, b.data, b.len) != WN_OK || wn_outfile_commit(s->out) != WN_OK;
        wn_buf_free(&b);
        if (bad) {
            fprintf(stderr, "winnow sink: %s: cannot write the warcinfo record: %s\n", path, wn_outfile_error(s->out));
            return -1;
        }
    }
    return 0;
}

/* A WET file: the record of one page as a conversion record (ok pages)
 * or a metadata record holding its JSON (errors, skipped pages), each
 * committed on its own -- one gzip member per record, as Common Crawl's
 * .warc.wet.gz. docs/record.md, "WET". */
static int write_wet(sink_t *s, const char *line, size_t len) {
    json_t *o = json_loadb(line, len, 0, NULL);
    if (!o) return -1;
    const char *status = json_string_value(json_object_get(o, "status"));
    const char *id = json_string_value(json_object_get(o, "id"));
    const char *target = json_string_value(json_object_get(o, "target_uri"));
    if (!target) target = json_string_value(json_object_get(o, "url"));
    const char *refers = json_string_value(json_object_get(o, "warc_record_id"));
    json_t *text = json_object_get(o, "text");
    wn_buf_t b;
    wn_buf_init(&b, s->cfg.max_inflated_bytes + (1u << 20));
    wn_status st;
    time_t now = time(NULL);
    if (status && !strcmp(status, "ok") && json_is_string(text)) {
        wn_wet_page_t p = {0};
        p.id = id;
        p.target_uri = target;
        p.date = json_string_value(json_object_get(o, "warc_date"));
        p.refers_to = refers;
        p.lang3 = wn_lang_iso639_3(json_string_value(json_object_get(o, "lang")));
        p.content_type = s->cfg.format == WN_FORMAT_MARKDOWN ? "text/markdown" : "text/plain";
        p.text = json_string_value(text);
        p.text_len = json_string_length(text);
        st = wn_wet_conversion(&b, &p, now);
    } else {
        st = wn_wet_metadata(&b, id ? id : "", target, refers, line, len, now);
    }
    int rc = -1;
    if (st == WN_OK && wn_outfile_write(s->out, b.data, b.len) == WN_OK && wn_outfile_commit(s->out) == WN_OK) {
        s->bytes += b.len;
        rc = 0;
    }
    wn_buf_free(&b);
    json_decref(o);
    return rc;
}

static int write_line(sink_t *s, const char *line, size_t len) {
    if (s->wet) return write_wet(s, line, len);
    if (wn_outfile_write(s->out, line, len) != WN_OK || wn_outfile_write(s->out, "\n", 1) != WN_OK) return -1;
    s->bytes += len + 1;
    return 0;
}

/* May the sink send acks to `ep`? ([pipeline] ack_allow; empty: any.) */
static int ack_allowed(const sink_t *s, const char *ep) {
    if (!s->cfg.ack_allow[0]) return 1;
    size_t el = strlen(ep);
    for (const char *p = s->cfg.ack_allow; *p;) {
        while (*p == ' ' || *p == '\t') p++;
        size_t n = strcspn(p, " \t");
        if (!n) break;
        if (p[n - 1] == '*' ? (el >= n - 1 && !strncmp(ep, p, n - 1)) : (el == n && !strncmp(ep, p, n))) return 1;
        p += n;
    }
    return 0;
}

static void peer_close(ack_peer_t *p, int linger) {
    if (p->sock) {
        zmq_setsockopt(p->sock, ZMQ_LINGER, &linger, sizeof linger);
        zmq_close(p->sock);
    }
    free(p->acks);
    memset(p, 0, sizeof *p);
}

/* Closes ack endpoints unused for ACK_PEER_IDLE_MS (none with acks pending). */
static void age_peers(sink_t *s, int64_t now) {
    for (size_t i = 0; i < s->npeers;) {
        ack_peer_t *p = &s->peers[i];
        if (!p->n && now - p->used > ACK_PEER_IDLE_MS) {
            peer_close(p, 0);
            s->peers[i] = s->peers[--s->npeers];
            memset(&s->peers[s->npeers], 0, sizeof s->peers[0]);
            continue;
        }
        i++;
    }
}

/* Finds or creates the ack socket for endpoint `ep`. Only tcp:// and
 * ipc:// endpoints the configuration allows are served; at most
 * MAX_ACK_PEERS at once, the least recently used closed to make room (its
 * source resends what it did not hear about, and gets acked then). */
static ack_peer_t *peer_for(sink_t *s, const char *ep, int64_t now) {
    for (size_t i = 0; i < s->npeers; i++)
        if (!strcmp(s->peers[i].ep, ep)) {
            s->peers[i].used = now;
            return &s->peers[i];
        }
    if ((strncmp(ep, "tcp://", 6) && strncmp(ep, "ipc://", 6)) || strlen(ep) >= WN_CONFIG_ENDPOINT_MAX ||
        wn_config_check_endpoint(ep, "ack", NULL, 0) != WN_OK || !ack_allowed(s, ep)) {
        s->ack_refused++;
        if (!s->warned_refused++)
            fprintf(stderr, "winnow sink: not acknowledging to %.300s (not a tcp:// or ipc:// endpoint%s)\n", ep,
                    s->cfg.ack_allow[0] ? " in [pipeline] ack_allow" : "");
        return NULL;
    }
    if (s->npeers >= MAX_ACK_PEERS) {
        size_t lru = SIZE_MAX;
        for (size_t i = 0; i < s->npeers; i++)
            if (!s->peers[i].n && (lru == SIZE_MAX || s->peers[i].used < s->peers[lru].used)) lru = i;
        if (lru == SIZE_MAX) return NULL; /* every one has acks pending in this batch */
        peer_close(&s->peers[lru], 0);
        s->peers[lru] = s->peers[--s->npeers];
        memset(&s->peers[s->npeers], 0, sizeof s->peers[0]);
        s->peers_evicted++;
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
    p->used = now;
    s->npeers++;
    return p;
fail:
    peer_close(p, 0);
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

/* Writes the counters as Prometheus text ([pipeline] stats), once a second. */
static void write_stats(sink_t *s, int64_t now, int final) {
    if (!s->cfg.stats[0] || (!final && now - s->stats_at < 1000)) return;
    s->stats_at = now;
    cli_stats_t *st = &s->stats;
    cli_stats_begin(st, "sink");
    cli_stats_type(st, "winnow_sink_records_total", "counter");
    cli_stats_sample(st, "winnow_sink_records_total", "status=\"ok\"", (double)s->ok);
    cli_stats_sample(st, "winnow_sink_records_total", "status=\"error\"", (double)s->errors);
    cli_stats_sample(st, "winnow_sink_records_total", "status=\"skipped\"", (double)s->skipped);
    cli_stats_type(st, "winnow_sink_records_empty_total", "counter");
    cli_stats_sample(st, "winnow_sink_records_empty_total", NULL, (double)s->empty);
    cli_stats_type(st, "winnow_sink_resent_records_total", "counter");
    cli_stats_sample(st, "winnow_sink_resent_records_total", NULL, (double)s->resent);
    cli_stats_type(st, "winnow_sink_duplicates_total", "counter");
    cli_stats_sample(st, "winnow_sink_duplicates_total", NULL, (double)s->dups);
    cli_stats_type(st, "winnow_sink_bad_messages_total", "counter");
    cli_stats_sample(st, "winnow_sink_bad_messages_total", NULL, (double)s->bad);
    cli_stats_type(st, "winnow_sink_bytes_total", "counter");
    cli_stats_sample(st, "winnow_sink_bytes_total", NULL, (double)s->bytes);
    cli_stats_type(st, "winnow_sink_acks_dropped_total", "counter");
    cli_stats_sample(st, "winnow_sink_acks_dropped_total", NULL, (double)s->ack_dropped);
    cli_stats_type(st, "winnow_sink_ack_endpoints", "gauge");
    cli_stats_sample(st, "winnow_sink_ack_endpoints", NULL, (double)s->npeers);
    cli_stats_type(st, "winnow_sink_ids", "gauge");
    cli_stats_sample(st, "winnow_sink_ids", NULL, (double)wn_idmap_count(s->ids));
    cli_stats_hist(st, "winnow_sink_page_seconds", s->latency.n, s->latency.sum_ms);
    (void)cli_stats_write(st, s->cfg.stats, "sink");
}

/* Receives one result; returns 1 handled, 0 nothing waiting, -1 socket
 * error, -2 output error (message printed). `line` keeps the decoded
 * result alive until the acks are sent. */
static int take_one(sink_t *s, wn_result_line_t *line, int64_t now) {
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
    int dup = id_known(s, line->id, idlen, &was_ok);
    if (dup) {
        s->dups++;
        line->ok = (was_ok & REC_OK) != 0;
        line->skipped = (was_ok & REC_SKIPPED) != 0;
        line->empty = (was_ok & REC_EMPTY) != 0;
    } else {
        if (write_line(s, line->line, line->line_len) != 0) {
            fprintf(stderr, "winnow sink: %s\n", wn_outfile_error(s->out));
            rc = -2;
            goto out;
        }
        s->written++;
        if (line->skipped) s->skipped++;
        else if (line->ok) s->ok++;
        else s->errors++;
        if (line->ok && line->empty) s->empty++;
        if (line->attempt > 1) s->resent++;
        if (line->ms >= 0) cli_hist_add(&s->latency, line->ms);
        wn_status pst = id_add(s, line->id, idlen, rec_state(line->ok, line->skipped, line->empty));
        if (pst != WN_OK && !s->warned_full++)
            fprintf(stderr,
                    "winnow sink: id set full (%zu ids, [output] max_ids): duplicates of later ids may be written; "
                    "raise max_ids\n",
                    wn_idmap_count(s->ids));
    }
    if (s->verbose)
        fprintf(stderr, "winnow sink: %s %s%s\n", line->id, line->skipped ? "skipped" : line->ok ? "ok" : "error",
                dup ? " (duplicate)" : "");
    if (line->ack) {
        ack_peer_t *p = peer_for(s, line->ack, now);
        if (p && p->n < BATCH) p->acks[p->n++] = (wn_ack_t){line->id, line->ok, line->skipped, line->empty};
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
    int rc = cli_parse(argc, argv, "sink", "pipeline.conf", &s.cfg, sink_flag, &s, pos, 0, &npos, NULL);
    if (rc) return rc == 1 ? 0 : 2;
    if (strcmp(s.cfg.output_format, "jsonl") && strcmp(s.cfg.output_format, "wet")) {
        fprintf(stderr, "winnow sink: [output] format must be jsonl or wet, not '%s'\n", s.cfg.output_format);
        return 2;
    }
    s.wet = !strcmp(s.cfg.output_format, "wet");
    cli_signals_install();
    signal(SIGXFSZ, SIG_IGN); /* past RLIMIT_FSIZE, write(2) fails with EFBIG and the run ends with the reason */
    s.t0 = cli_now_ms();
    int status = 1;
    wn_result_line_t *lines = calloc(BATCH, sizeof *lines);
    s.ids = wn_idmap_new(s.cfg.max_ids);
    s.ctx = zmq_ctx_new();
    if (!lines || !s.ids || !s.ctx) {
        fprintf(stderr, "winnow sink: out of memory\n");
        goto out;
    }
    /* The output first: a sink that may not write it must not take results. */
    if (open_output(&s) != 0) {
        status = EXIT_OUTPUT;
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
    if (!s.quiet)
        fprintf(stderr, "winnow sink: results %s -> %s%s%s\n", s.cfg.results, s.cfg.output_path,
                use_gzip(&s.cfg) ? " (gzip members)" : "", wn_curve_enabled(s.curve) ? " (CURVE)" : "");
    while (!cli_stop_requested() && !cli_parent_gone()) {
        zmq_pollitem_t it[2] = {{s.pull, 0, ZMQ_POLLIN, 0}, {NULL, cli_stop_fd(), ZMQ_POLLIN, 0}};
        int pr = zmq_poll(it, cli_stop_fd() >= 0 ? 2 : 1, 200);
        int64_t now = cli_now_ms();
        write_stats(&s, now, 0);
        if (pr < 0 && zmq_errno() != EINTR) goto zfail;
        if (pr <= 0 || !(it[0].revents & ZMQ_POLLIN)) {
            age_peers(&s, now);
            continue;
        }
        /* A batch is what arrives within BATCH_MS of its first result (or
         * BATCH results): one commit and one ack message per batch instead
         * of per result, at the price of BATCH_MS more latency per ack. */
        size_t n = 0;
        int r = 0;
        int64_t until = now + BATCH_MS;
        for (;;) {
            while (n < BATCH && (r = take_one(&s, &lines[n], now)) == 1) n++;
            if (r < 0 || n >= BATCH || cli_stop_requested()) break;
            int64_t left = until - cli_now_ms();
            zmq_pollitem_t more = {s.pull, 0, ZMQ_POLLIN, 0};
            if (left <= 0 || zmq_poll(&more, 1, (long)left) <= 0) break;
        }
        int failed = r == -1 && zmq_errno() != EINTR;
        if (r == -2) {
            status = EXIT_OUTPUT;
            failed = 1;
        } else if (wn_outfile_commit(s.out) != WN_OK) {
            fprintf(stderr, "winnow sink: %s\n", wn_outfile_error(s.out));
            status = EXIT_OUTPUT;
            failed = 1;
        } else {
            send_acks(&s); /* only now: every line of the batch is complete in the file */
        }
        for (size_t i = 0; i < n; i++) wn_result_line_free(&lines[i]);
        if (failed) goto out;
    }
    status = 0;
    goto out;
zfail:
    fprintf(stderr, "winnow sink: %s\n", zmq_strerror(zmq_errno()));
out:
    if (status == EXIT_OUTPUT) {
        wn_outfile_destroy(&s.out); /* cut back to the last commit */
    } else if (s.out && wn_outfile_close(&s.out) != WN_OK) {
        fprintf(stderr, "winnow sink: closing %s failed: %s\n", s.cfg.output_path, strerror(errno));
        status = EXIT_OUTPUT;
    }
    if (!s.quiet || status == EXIT_OUTPUT)
        fprintf(stderr, "winnow sink: wrote %lu (ok %lu (%lu empty), error %lu%s), dropped %lu duplicates, %lu bad messages\n",
                s.written, s.ok, s.empty, s.errors, s.skipped ? skipped_note(s.skipped) : "", s.dups, s.bad);
    if (s.ack_refused || s.peers_evicted)
        fprintf(stderr, "winnow sink: %lu results named an ack endpoint not served; %lu idle ack endpoints closed\n",
                s.ack_refused, s.peers_evicted);
    if (s.ids) write_stats(&s, cli_now_ms(), 1);
    if (wn_curve_refused(s.curve))
        fprintf(stderr, "winnow sink: CURVE: refused %llu connection attempts from keys not in authorized_keys\n",
                (unsigned long long)wn_curve_refused(s.curve));
    for (size_t i = 0; i < s.npeers; i++) peer_close(&s.peers[i], 2000);
    if (s.pull) zmq_close(s.pull);
    wn_curve_destroy(&s.curve); /* before zmq_ctx_term: the ZAP handler's socket is in the context */
    if (s.ctx) zmq_ctx_term(s.ctx);
    wn_idmap_destroy(&s.ids);
    cli_stats_free(&s.stats);
    free(lines);
    return status;
}
