/* cmd_worker.c -- `winnow worker`: PULL tasks, extract, PUSH results.
 *
 * One page at a time: receive a task, undo its transfer and content
 * encodings (bounded), extract, send the result. Every task that carries an
 * id ends as a result, ok or error -- a page the worker cannot handle never
 * kills it. SIGINT/SIGTERM: the page in hand is finished and its result
 * sent, then the worker exits 0. Tasks still queued in its socket are
 * dropped; the source resends them after their deadline.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zmq.h>

#include "cli/cli.h"
#include "cli/pipe_common.h"
#include "winnow/buf.h"
#include "winnow/config.h"
#include "winnow/curve.h"
#include "winnow/extract.h"
#include "winnow/hostmem.h"
#include "winnow/http.h"
#include "winnow/proto.h"
#include "winnow/warcpage.h"

#define MAX_FRAMES 8
#define BEAT_PEERS 16       /* sources a worker beats to at once */
#define BEAT_KEEP_MS 5000   /* beats go on this long after the last task from a source */

/* Heartbeats (Paranoid Pirate, docs/protocol.md): a thread of its own, so
 * that a worker busy on a long page still beats, sends
 * ["WNH1"][{"worker", "busy"}] every heartbeat_ms to the acks endpoint of
 * the sources it has tasks from, and at once when it takes a task: the
 * source then knows which task each worker has in hand and, when a worker
 * goes silent, sends its tasks again without waiting for their deadline.
 * The main thread tells it what it holds over an inproc PAIR. */
typedef struct beat {
    void *ctx, *cmd; /* main thread's end of the PAIR */
    char ep[64];
    pthread_t thread;
    int started;
    const char *ident;
    unsigned period_ms;
    wn_curve_t *curve;
} beat_t;

typedef struct worker {
    wn_config_t cfg;
    void *ctx, *pull, *push;
    void *mon; /* PAIR receiving the tasks socket's disconnect events */
    wn_extractor_t *x;
    wn_hostmem_t *hm; /* [extract] host_memory: this worker's own memory; NULL when off */
    wn_buf_t decoded;       /* a task's body after its transfer and content codings */
    wn_http_response_t resp; /* the two coding headers handed to wn_http_decode_body_ex */
    char ident[128];
    int quiet, verbose;
    wn_curve_t *curve;        /* CURVE client identity (inert without [curve] keys) */
    beat_t beat;
    const char *crash_marker; /* test hook: WINNOW_TEST_CRASH_MARKER, NULL when unset */
    size_t crash_len;
    const char *slow_marker; /* test hook: WINNOW_TEST_SLOW_MARKER, NULL when unset */
    size_t slow_len;
    int64_t last_reconnect, last_log; /* drain_monitor: rate of reconnects and of messages */
    int64_t dropped_at;               /* when the tasks connection dropped, until said (0: none) */
    unsigned long done, errors;
    int64_t busy_ms, idle_ms, send_ms; /* handling pages, waiting for tasks, waiting to send */
    int64_t first_task_ms;             /* when the first task arrived (0: none yet) */
    int64_t starved_ms;                /* idle_ms when the last task arrived: idle between tasks */
    /* [pipeline] stats */
    unsigned long resent, bad;           /* tasks with attempt > 1; messages dropped without an id */
    unsigned long long bytes_in, bytes_out; /* task bodies received; text sent */
    int in_hand;                         /* 1 while a page is being handled */
    cli_hist_t latency;                  /* time on each page (decoding and extraction) */
    cli_stats_t stats;
    int64_t stats_at;
} worker_t;

static int worker_flag(void *ud, const char *flag, const char *val) {
    worker_t *w = ud;
    (void)val;
    if (!strcmp(flag, "--help")) {
        printf("usage: winnow worker [--config FILE] [-o section.key=value] [--tasks EP] [--results EP] [-q|-v]\n"
               "Connects a PULL socket to the tasks endpoint and a PUSH socket to the results\n"
               "endpoint, extracts every page and sends its result. Stops cleanly on SIGTERM.\n"
               "See winnow-worker(1) and docs/protocol.md.\n");
        return 1;
    }
    if (!strcmp(flag, "-v") || !strcmp(flag, "--verbose")) {
        w->verbose = 1;
        return 1;
    }
    if (!strcmp(flag, "-q") || !strcmp(flag, "--quiet")) {
        w->quiet = 1;
        return 1;
    }
    return 0;
}

/* Undoes the task's Transfer-Encoding and Content-Encoding with the
 * library's wn_http_decode_body_ex, so that the worker decodes a body as
 * http.h promises (a body archived already decoded under its original
 * Content-Encoding header passes through). Without either header the body
 * is used as it is. On WN_OK *out and *out_len give the decoded body
 * (pointing into the task frame or into w->decoded, valid until the next
 * task). On error `why` says what failed. */
static wn_status decode_body(worker_t *w, const wn_task_t *t, const char *body, size_t len, const char **out,
                             size_t *out_len, char *why, size_t whylen) {
    *out = body;
    *out_len = len;
    const char *te = t->transfer_encoding, *ce = t->content_encoding;
    if ((!te || !*te) && (!ce || !*ce)) return WN_OK;
    /* only the two headers the decoder reads; the rest of r is not used */
    w->resp.n_headers = 0;
    const char *names[2] = {"Content-Encoding", "Transfer-Encoding"}, *values[2] = {ce, te};
    for (int k = 0; k < 2; k++) {
        if (!values[k] || !*values[k]) continue;
        wn_http_header_t *h = &w->resp.headers[w->resp.n_headers++];
        h->name = names[k];
        h->name_len = strlen(names[k]);
        h->value = values[k];
        h->value_len = strlen(values[k]);
    }
    w->resp.body = body;
    w->resp.body_len = len;
    wn_buf_reset(&w->decoded);
    char reason[160];
    wn_status st = wn_http_decode_body_ex(&w->resp, &w->decoded, reason, sizeof reason);
    if (st != WN_OK) {
        snprintf(why, whylen, "%s", reason[0] ? reason : wn_strerror(st));
        return st;
    }
    *out = w->decoded.data ? w->decoded.data : "";
    *out_len = w->decoded.len;
    return WN_OK;
}

/* Copies src into dst[0..size), cut if longer; always NUL-terminated. */
static void copy_cut(char *dst, size_t size, const char *src) {
    size_t n = strlen(src);
    if (n >= size) n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

typedef struct beat_peer {
    char ep[WN_CONFIG_ENDPOINT_MAX];
    void *sock;
    int64_t used;
} beat_peer_t;

static void beat_send(beat_t *b, beat_peer_t *p, const char *busy) {
    size_t len = 0;
    char *json = wn_proto_beat_encode(b->ident, busy, &len);
    if (json && zmq_send(p->sock, WN_PROTO_BEAT, 4, ZMQ_SNDMORE | ZMQ_DONTWAIT) == 4)
        (void)zmq_send(p->sock, json, len, ZMQ_DONTWAIT);
    free(json);
}

static beat_peer_t *beat_peer(beat_t *b, beat_peer_t *peers, const char *ep, int64_t now) {
    int lru = 0;
    for (int i = 0; i < BEAT_PEERS; i++) {
        if (peers[i].sock && !strcmp(peers[i].ep, ep)) return &peers[i];
        if (!peers[i].sock || (peers[lru].sock && peers[i].used < peers[lru].used)) lru = i;
    }
    beat_peer_t *p = &peers[lru];
    if (p->sock) zmq_close(p->sock);
    memset(p, 0, sizeof *p);
    if (strncmp(ep, "tcp://", 6) && strncmp(ep, "ipc://", 6)) return NULL;
    p->sock = zmq_socket(b->ctx, ZMQ_PUSH);
    if (!p->sock) return NULL;
    int v = 0;
    zmq_setsockopt(p->sock, ZMQ_LINGER, &v, sizeof v);
    v = 8;
    zmq_setsockopt(p->sock, ZMQ_SNDHWM, &v, sizeof v);
    v = 1;
    zmq_setsockopt(p->sock, ZMQ_IMMEDIATE, &v, sizeof v); /* no beats queued for a source not there */
    if (wn_curve_client(b->curve, p->sock, NULL, 0) != WN_OK || zmq_connect(p->sock, ep) != 0) {
        zmq_close(p->sock);
        p->sock = NULL;
        return NULL;
    }
    copy_cut(p->ep, sizeof p->ep, ep);
    p->used = now;
    return p;
}

/* The heartbeat thread: commands "B<ack>\0<id>" (took a task), "D" (done
 * with it), "Q" (quit). */
static void *beat_main(void *arg) {
    beat_t *b = arg;
    void *cmd = zmq_socket(b->ctx, ZMQ_PAIR);
    beat_peer_t *peers = calloc(BEAT_PEERS, sizeof *peers);
    char *busy = malloc(WN_PROTO_ID_MAX + 1), busy_ep[WN_CONFIG_ENDPOINT_MAX] = "";
    if (!cmd || !peers || !busy || zmq_connect(cmd, b->ep) != 0) goto out;
    busy[0] = '\0';
    int64_t next = cli_now_ms() + b->period_ms;
    for (;;) {
        int64_t now = cli_now_ms();
        zmq_pollitem_t it = {cmd, 0, ZMQ_POLLIN, 0};
        int pr = zmq_poll(&it, 1, next > now ? (long)(next - now) : 0);
        now = cli_now_ms();
        if (pr > 0) {
            char m[WN_CONFIG_ENDPOINT_MAX + WN_PROTO_ID_MAX + 4];
            int n = zmq_recv(cmd, m, sizeof m - 1, 0);
            if (n <= 0 || m[0] == 'Q') break;
            m[n < (int)sizeof m - 1 ? n : (int)sizeof m - 1] = '\0';
            if (m[0] == 'D') {
                busy[0] = '\0';
            } else if (m[0] == 'B') {
                const char *ep = m + 1, *id = ep + strlen(ep) + 1;
                if (id < m + n) {
                    copy_cut(busy, WN_PROTO_ID_MAX + 1, id);
                    copy_cut(busy_ep, sizeof busy_ep, ep);
                    beat_peer_t *p = beat_peer(b, peers, ep, now);
                    if (p) {
                        p->used = now;
                        beat_send(b, p, busy);
                    }
                }
            }
            continue;
        }
        if (now < next) continue;
        next = now + b->period_ms;
        for (int i = 0; i < BEAT_PEERS; i++) {
            beat_peer_t *p = &peers[i];
            if (!p->sock) continue;
            int mine = busy[0] && !strcmp(busy_ep, p->ep);
            if (mine) p->used = now;
            if (now - p->used > BEAT_KEEP_MS) continue;
            beat_send(b, p, mine ? busy : NULL);
        }
    }
out:
    if (peers)
        for (int i = 0; i < BEAT_PEERS; i++)
            if (peers[i].sock) zmq_close(peers[i].sock);
    if (cmd) zmq_close(cmd);
    free(peers);
    free(busy);
    return NULL;
}

static void beat_start(worker_t *w) {
    beat_t *b = &w->beat;
    if (!w->cfg.heartbeat_ms) return;
    b->ctx = w->ctx;
    b->ident = w->ident;
    b->period_ms = w->cfg.heartbeat_ms;
    b->curve = w->curve;
    snprintf(b->ep, sizeof b->ep, "inproc://worker-beat-%p", (void *)b);
    b->cmd = zmq_socket(w->ctx, ZMQ_PAIR);
    if (!b->cmd || zmq_bind(b->cmd, b->ep) != 0 || pthread_create(&b->thread, NULL, beat_main, b) != 0) {
        if (b->cmd) zmq_close(b->cmd);
        b->cmd = NULL;
        fprintf(stderr, "winnow worker: cannot start the heartbeat thread; dead-worker detection falls back to deadlines\n");
        return;
    }
    b->started = 1;
}

static void beat_tell(worker_t *w, const char *ack, const char *id) {
    if (!w->beat.started) return;
    char m[WN_CONFIG_ENDPOINT_MAX + WN_PROTO_ID_MAX + 4];
    size_t n = 1;
    m[0] = id ? 'B' : 'D';
    if (id && ack) {
        size_t al = strlen(ack), il = strlen(id);
        if (al >= WN_CONFIG_ENDPOINT_MAX || il > WN_PROTO_ID_MAX) return;
        memcpy(m + 1, ack, al + 1);
        memcpy(m + 2 + al, id, il);
        n = 2 + al + il;
    } else if (id) {
        return; /* no ack endpoint: no source to tell */
    }
    (void)zmq_send(w->beat.cmd, m, n, 0);
}

static void beat_stop(worker_t *w) {
    if (!w->beat.started) return;
    (void)zmq_send(w->beat.cmd, "Q", 1, 0);
    pthread_join(w->beat.thread, NULL);
    zmq_close(w->beat.cmd);
    w->beat.started = 0;
}

/* Sends the three frames of a result once the first one went. */
static int send_rest(worker_t *w, const char *hdr, size_t hlen, const char *text, size_t tlen) {
    return zmq_send(w->push, hdr, hlen, ZMQ_SNDMORE) < 0 || zmq_send(w->push, text, tlen, 0) < 0 ? -1 : 0;
}

/* Sends a result, waiting for room; gives up 5 s after a stop request
 * (the sink is gone: the source will resend the task elsewhere). Returns
 * 0 on success, -1 if not sent. Time spent waiting goes to w->send_ms. */
static int send_result(worker_t *w, const char *hdr, size_t hlen, const char *text, size_t tlen) {
    /* The common case: room on the socket, no poll needed. */
    if (zmq_send(w->push, WN_PROTO_RESULT, 4, ZMQ_SNDMORE | ZMQ_DONTWAIT) == 4)
        return send_rest(w, hdr, hlen, text, tlen);
    if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) return -1;
    int64_t t0 = cli_now_ms(), stop_at = 0;
    int rc = -1;
    for (;;) {
        if (cli_parent_gone()) break;
        if (cli_stop_requested()) {
            int64_t now = cli_now_ms();
            if (!stop_at) stop_at = now + 5000;
            else if (now > stop_at) break;
        }
        zmq_pollitem_t it = {w->push, 0, ZMQ_POLLOUT, 0};
        int pr = zmq_poll(&it, 1, 200);
        if (pr < 0 && zmq_errno() != EINTR) break;
        if (pr <= 0 || !(it.revents & ZMQ_POLLOUT)) continue;
        if (zmq_send(w->push, WN_PROTO_RESULT, 4, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0) {
            if (zmq_errno() == EAGAIN || zmq_errno() == EINTR) continue;
            break;
        }
        rc = send_rest(w, hdr, hlen, text, tlen);
        break;
    }
    w->send_ms += cli_now_ms() - t0;
    return rc;
}

/* Sends an error result for a task that could not be processed. */
static void send_error(worker_t *w, const char *id, const char *url, const char *ack, unsigned attempt,
                       wn_status st, const char *reason, const wn_task_t *t, double ms) {
    wn_result_info_t r = {0};
    r.id = id;
    r.url = url;
    r.ack = ack;
    r.attempt = attempt;
    r.status = st;
    r.error = reason;
    r.worker = w->ident;
    r.ms = ms;
    if (t) {
        r.http_status = t->http_status;
        r.fetch_time = t->fetch_time;
        r.task = t;
    }
    size_t hlen = 0;
    char *hdr = wn_proto_result_header(&r, &hlen);
    if (!hdr) {
        fprintf(stderr, "winnow worker: %s: cannot encode error result (%s)\n", id, reason);
        return;
    }
    if (send_result(w, hdr, hlen, "", 0) != 0) fprintf(stderr, "winnow worker: %s: result not sent\n", id);
    w->errors++;
    free(hdr);
}

/* Writes the counters as Prometheus text ([pipeline] stats), at most once
 * a second (and at the end). */
static void write_stats(worker_t *w, int final) {
    int64_t now = cli_now_ms();
    if (!w->cfg.stats[0] || (!final && now - w->stats_at < 1000)) return;
    w->stats_at = now;
    cli_stats_t *st = &w->stats;
    cli_stats_begin(st, "worker");
    cli_stats_type(st, "winnow_worker_pages_total", "counter");
    cli_stats_sample(st, "winnow_worker_pages_total", "status=\"ok\"", (double)w->done);
    cli_stats_sample(st, "winnow_worker_pages_total", "status=\"error\"", (double)w->errors);
    cli_stats_type(st, "winnow_worker_bad_messages_total", "counter");
    cli_stats_sample(st, "winnow_worker_bad_messages_total", NULL, (double)w->bad);
    cli_stats_type(st, "winnow_worker_resent_tasks_total", "counter");
    cli_stats_sample(st, "winnow_worker_resent_tasks_total", NULL, (double)w->resent);
    cli_stats_type(st, "winnow_worker_bytes_total", "counter");
    cli_stats_sample(st, "winnow_worker_bytes_total", "direction=\"in\"", (double)w->bytes_in);
    cli_stats_sample(st, "winnow_worker_bytes_total", "direction=\"out\"", (double)w->bytes_out);
    cli_stats_type(st, "winnow_worker_in_flight", "gauge");
    cli_stats_sample(st, "winnow_worker_in_flight", NULL, (double)w->in_hand);
    cli_stats_type(st, "winnow_worker_busy_seconds_total", "counter");
    cli_stats_sample(st, "winnow_worker_busy_seconds_total", NULL, (double)w->busy_ms / 1000.0);
    cli_stats_hist(st, "winnow_worker_page_seconds", w->latency.n, w->latency.sum_ms);
    (void)cli_stats_write(st, w->cfg.stats, "worker");
}

/* Handles one received message (frames f[0..n)). */
static void handle(worker_t *w, zmq_msg_t *f, int n, int too_many) {
    char why[512];
    const char *v = n > 0 ? zmq_msg_data(&f[0]) : "";
    size_t vlen = n > 0 ? zmq_msg_size(&f[0]) : 0;
    const char *hdr = n > 1 ? zmq_msg_data(&f[1]) : NULL;
    size_t hlen = n > 1 ? zmq_msg_size(&f[1]) : 0;
    char sid[WN_PROTO_ID_MAX + 1], surl[2048], sack[WN_CONFIG_ENDPOINT_MAX];
    if (vlen != 4 || memcmp(v, WN_PROTO_TASK, 4) || n < 2 || too_many) {
        if (vlen == 4 && !memcmp(v, WN_PROTO_TASK, 4))
            snprintf(why, sizeof why, "malformed task: %d frames (expected 3)", too_many ? MAX_FRAMES + 1 : n);
        else
            snprintf(why, sizeof why, "unsupported protocol '%.*s' (expected " WN_PROTO_TASK ")", (int)(vlen > 16 ? 16 : vlen), v);
        if (hdr && wn_proto_salvage_ids(hdr, hlen, sid, sizeof sid, surl, sizeof surl, sack, sizeof sack))
            send_error(w, sid, surl[0] ? surl : NULL, sack[0] ? sack : NULL, 0, WN_EPROTO, why, NULL, 0);
        else {
            fprintf(stderr, "winnow worker: dropped a message without a readable id: %s\n", why);
            w->bad++;
        }
        return;
    }
    wn_task_msg_t *m = NULL;
    char perr[256];
    if (wn_proto_task_parse(hdr, hlen, &m, perr, sizeof perr) != WN_OK) {
        snprintf(why, sizeof why, "bad task header: %s", perr);
        if (wn_proto_salvage_ids(hdr, hlen, sid, sizeof sid, surl, sizeof surl, sack, sizeof sack))
            send_error(w, sid, surl[0] ? surl : NULL, sack[0] ? sack : NULL, 0, WN_EPROTO, why, NULL, 0);
        else {
            fprintf(stderr, "winnow worker: dropped a task without a readable id: %s\n", why);
            w->bad++;
        }
        return;
    }
    const wn_task_t *t = &m->task;
    beat_tell(w, m->ack, t->id); /* the source learns at once which task this worker has in hand */
    const char *body = n > 2 ? zmq_msg_data(&f[2]) : "";
    size_t blen = n > 2 ? zmq_msg_size(&f[2]) : 0;
    w->bytes_in += blen;
    if (m->attempt > 1) w->resent++;
    w->in_hand = 1;
    write_stats(w, 0);
    /* Test hook, inert unless WINNOW_TEST_CRASH_MARKER is set: a body
     * (as received) containing the marker kills the worker, so tests can
     * show a page that crashes every worker ends as an error record. */
    if (w->crash_marker && memmem(body, blen, w->crash_marker, w->crash_len)) {
        /* Give the heartbeat naming this page 1 s to leave: a real crash
         * comes during extraction, well after it. */
        struct timespec hold = {1, 0};
        nanosleep(&hold, NULL);
        abort();
    }
    /* Test hook, inert unless WINNOW_TEST_SLOW_MARKER is set: a body
     * containing the marker is held 2 s before its extraction -- signals
     * do not cut the wait short -- so tests can stop a worker while it
     * has a page in hand, however fast extraction gets. */
    if (w->slow_marker && memmem(body, blen, w->slow_marker, w->slow_len)) {
        fprintf(stderr, "winnow worker %s: test hook: holding a marked page for 2 s\n", w->ident);
        int64_t until = cli_now_ms() + 2000, now;
        while ((now = cli_now_ms()) < until) {
            struct timespec ts = {0, (long)(until - now < 100 ? until - now : 100) * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    int64_t t0 = cli_now_ms();
    wn_status st = WN_OK;
    const char *page = NULL;
    size_t plen = 0;
    wn_doc_t *doc = NULL;
    if (wn_warc_page_check(t->content_type, t->http_status, blen, w->cfg.max_page_bytes, &st, why, sizeof why) == 0)
        st = decode_body(w, t, body, blen, &page, &plen, why, sizeof why);
    if (st == WN_OK) {
        st = wn_extract(w->x, page, plen, t->url, t->content_type, &doc);
        if (st != WN_OK)
            snprintf(why, sizeof why, "%s", doc && doc->error ? doc->error : wn_strerror(st));
        else if (t->transfer_encoding && strcasestr(t->transfer_encoding, "chunked") && wn_http_chunked_cut(body, blen))
            doc->truncated |= WN_TRUNC_BODY; /* the text is of the part that came: say so */
        if (st == WN_OK && w->hm && wn_hostmem_apply(w->hm, doc) != WN_OK)
            fprintf(stderr, "winnow worker: %s: host memory: out of memory (text left as extracted)\n", t->id);
    }
    double ms = (double)(cli_now_ms() - t0);
    if (w->verbose)
        fprintf(stderr, "winnow worker %s: %s %s %.0f ms%s%s\n", w->ident, t->id, st == WN_OK ? "ok" : "error", ms,
                st == WN_OK ? "" : ": ", st == WN_OK ? "" : why);
    if (st != WN_OK) {
        send_error(w, t->id, t->url, m->ack, m->attempt, st, why, t, ms);
    } else {
        wn_result_info_t r = {0};
        r.id = t->id;
        r.url = t->url;
        r.ack = m->ack;
        r.attempt = m->attempt;
        r.status = WN_OK;
        r.doc = doc;
        r.worker = w->ident;
        r.http_status = t->http_status;
        r.fetch_time = t->fetch_time;
        r.task = t;
        r.ms = ms > 0 ? ms : (doc ? doc->ms : 0);
        size_t rlen = 0;
        char *rh = wn_proto_result_header(&r, &rlen);
        if (!rh)
            send_error(w, t->id, t->url, m->ack, m->attempt, WN_ENOMEM, "cannot encode result header", t, ms);
        else if (send_result(w, rh, rlen, doc->text ? doc->text : "", doc->text ? doc->text_len : 0) != 0)
            fprintf(stderr, "winnow worker: %s: result not sent\n", t->id);
        else {
            w->done++;
            w->bytes_out += doc->text ? doc->text_len : 0;
        }
        free(rh);
    }
    cli_hist_add(&w->latency, ms);
    w->in_hand = 0;
    wn_doc_destroy(&doc);
    beat_tell(w, NULL, NULL);
    wn_task_msg_destroy(&m);
    /* Keep the decode buffers for reuse, but not after a huge page. */
    if (w->decoded.cap > (8u << 20)) wn_buf_free(&w->decoded);
}

/* Receives one whole message into f[]; returns the frame count (extra
 * frames beyond MAX_FRAMES are read and dropped, *too_many set), 0 if
 * nothing arrived, -1 on error. */
static int receive(worker_t *w, zmq_msg_t *f, int *too_many) {
    int n = 0;
    *too_many = 0;
    for (;;) {
        zmq_msg_t tmp;
        zmq_msg_t *dst = n < MAX_FRAMES ? &f[n] : &tmp;
        zmq_msg_init(dst);
        if (zmq_msg_recv(dst, w->pull, n == 0 ? ZMQ_DONTWAIT : 0) < 0) {
            zmq_msg_close(dst);
            if (n == 0 && (zmq_errno() == EAGAIN || zmq_errno() == EINTR)) return 0;
            for (int i = 0; i < n && i < MAX_FRAMES; i++) zmq_msg_close(&f[i]);
            return -1;
        }
        int more = zmq_msg_more(dst);
        if (n < MAX_FRAMES) n++;
        else {
            zmq_msg_close(&tmp);
            *too_many = 1;
        }
        if (!more) return n;
    }
}

static void setopt_int(void *sock, int opt, int v) { (void)zmq_setsockopt(sock, opt, &v, sizeof v); }

/* Reads the pending monitor events (two frames each); after a disconnect,
 * connects the tasks socket again -- at most once a second, so a server
 * that refuses the handshake (CURVE key not authorised, CURVE on one side
 * only) costs one retry a second rather than a busy loop. After a refused
 * handshake the results socket is connected again too: libzmq does not
 * retry one by itself. */
/* Says that the tasks connection dropped, a second after it did: a source
 * that ends before `winnow run` stops its workers (every run) is no news,
 * and those workers are gone by then. */
static void note_drop(worker_t *w) {
    int64_t now = cli_now_ms();
    if (!w->dropped_at || now - w->dropped_at < 1000) return;
    if (!w->quiet && now - w->last_log >= 10000) {
        w->last_log = now;
        fprintf(stderr, "winnow worker %s: tasks connection dropped %.1f s ago; connecting again\n", w->ident,
                (double)(now - w->dropped_at) / 1000.0);
    }
    w->dropped_at = 0;
}

static void drain_monitor(worker_t *w) {
    int dropped = 0, refused = 0;
    for (;;) {
        zmq_msg_t ev, addr;
        zmq_msg_init(&ev);
        if (zmq_msg_recv(&ev, w->mon, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&ev);
            break;
        }
        if (zmq_msg_size(&ev) >= 2) {
            uint16_t id;
            memcpy(&id, zmq_msg_data(&ev), sizeof id);
            if (id == ZMQ_EVENT_DISCONNECTED) dropped = 1;
            if (id == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) refused = 2;
            else if ((id == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL || id == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL) && !refused)
                refused = 1;
        }
        int more = zmq_msg_more(&ev);
        zmq_msg_close(&ev);
        if (more) {
            zmq_msg_init(&addr);
            (void)zmq_msg_recv(&addr, w->mon, 0);
            zmq_msg_close(&addr);
        }
    }
    if (!dropped && !refused) return;
    int64_t now = cli_now_ms();
    if (refused && (!w->last_log || now - w->last_log >= 30000)) {
        w->last_log = now; /* a refusal is worth saying even with -q, but not every second */
        fprintf(stderr, "winnow worker %s: %s refused the handshake: %s; retrying every second\n", w->ident,
                w->cfg.tasks,
                refused == 2 ? "this worker's CURVE key is not in the server's authorized_keys"
                             : "CURVE on one side only, or the wrong server_public_key");
    } else if (!refused && !w->dropped_at) {
        w->dropped_at = now; /* said a second later if still running: see note_drop() */
    }
    while (!cli_stop_requested() && (now = cli_now_ms()) < w->last_reconnect + 1000) {
        struct timespec ts = {0, (long)(w->last_reconnect + 1000 - now) * 1000000L};
        nanosleep(&ts, NULL);
    }
    w->last_reconnect = cli_now_ms();
    (void)zmq_disconnect(w->pull, w->cfg.tasks);
    if (zmq_connect(w->pull, w->cfg.tasks) != 0)
        fprintf(stderr, "winnow worker: cannot connect to tasks %s: %s\n", w->cfg.tasks, zmq_strerror(zmq_errno()));
    if (refused) {
        (void)zmq_disconnect(w->push, w->cfg.results);
        (void)zmq_connect(w->push, w->cfg.results);
    }
}

int cmd_worker(int argc, char **argv) {
    worker_t w;
    memset(&w, 0, sizeof w);
    const char *pos[1];
    size_t npos = 0;
    int rc = cli_parse(argc, argv, "worker", "pipeline.conf", &w.cfg, worker_flag, &w, pos, 0, &npos, NULL);
    if (rc) return rc == 1 ? 0 : 2;
    cli_identity(w.ident, sizeof w.ident);
    cli_signals_install();
    wn_options_t opt;
    wn_config_extract_options(&w.cfg, &opt);
    wn_buf_init(&w.decoded, w.cfg.max_inflated_bytes);
    int status = 1;
    w.x = wn_extractor_new(&opt);
    w.ctx = zmq_ctx_new();
    if (w.cfg.host_memory) {
        wn_hostmem_opts_t ho;
        wn_hostmem_opts_init(&ho);
        ho.min_pages = w.cfg.host_memory;
        w.hm = wn_hostmem_new(&ho);
    }
    if (!w.x || !w.ctx || (w.cfg.host_memory && !w.hm)) {
        fprintf(stderr, "winnow worker: out of memory\n");
        goto out;
    }
    const char *marker = getenv("WINNOW_TEST_CRASH_MARKER");
    if (marker && *marker) {
        w.crash_marker = marker;
        w.crash_len = strlen(marker);
    }
    marker = getenv("WINNOW_TEST_SLOW_MARKER");
    if (marker && *marker) {
        w.slow_marker = marker;
        w.slow_len = strlen(marker);
    }
    char cerr[512];
    wn_status cst;
    w.curve = wn_curve_new(w.ctx, &w.cfg, WN_CURVE_CLIENT, &cst, cerr, sizeof cerr);
    if (!w.curve) {
        fprintf(stderr, "winnow worker: %s\n", cerr);
        goto out;
    }
    w.pull = zmq_socket(w.ctx, ZMQ_PULL);
    w.push = zmq_socket(w.ctx, ZMQ_PUSH);
    if (!w.pull || !w.push) {
        fprintf(stderr, "winnow worker: cannot create sockets: %s\n", zmq_strerror(zmq_errno()));
        goto out;
    }
    /* A few whole tasks ready, so that the next page is in hand when this
     * one is done: with 1, a worker waited for its next page to come in
     * (idle 0.035 -> 0.010 s per 2-worker run over the dev pages). What a
     * dead worker held is redelivered after the deadline, like the hwm
     * tasks queued for it in the source. */
    setopt_int(w.pull, ZMQ_RCVHWM, 4);
    setopt_int(w.pull, ZMQ_RCVBUF, 128 * 1024); /* nor megabytes of pages in the kernel (see source.c) */
    setopt_int(w.pull, ZMQ_LINGER, 0);
    /* Under `winnow run` a worker usually starts before the source has
     * bound: retry after 10 ms (backing off to 1 s), not libzmq's 100 ms. */
    setopt_int(w.pull, ZMQ_RECONNECT_IVL, 10);
    setopt_int(w.pull, ZMQ_RECONNECT_IVL_MAX, 1000);
    setopt_int(w.push, ZMQ_RECONNECT_IVL, 10);
    setopt_int(w.push, ZMQ_RECONNECT_IVL_MAX, 1000);
    /* A frame over the page cap (plus header room) is refused by ZeroMQ, not
     * buffered; the source never sends one (it turns it into an error record). */
    int64_t maxmsg = (int64_t)w.cfg.max_page_bytes + WN_PROTO_HEADER_MAX;
    (void)zmq_setsockopt(w.pull, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg);
    setopt_int(w.push, ZMQ_SNDHWM, w.cfg.hwm);
    setopt_int(w.push, ZMQ_IMMEDIATE, 1); /* results wait for a connected sink, not a queue to nowhere */
    setopt_int(w.push, ZMQ_LINGER, 5000); /* the last result gets 5 s to leave on shutdown */
    if (wn_curve_client(w.curve, w.pull, cerr, sizeof cerr) != WN_OK ||
        wn_curve_client(w.curve, w.push, cerr, sizeof cerr) != WN_OK) {
        fprintf(stderr, "winnow worker: %s\n", cerr);
        goto out;
    }
    if (zmq_connect(w.pull, w.cfg.tasks) != 0) {
        fprintf(stderr, "winnow worker: cannot connect to tasks %s: %s\n", w.cfg.tasks, zmq_strerror(zmq_errno()));
        goto out;
    }
    if (zmq_connect(w.push, w.cfg.results) != 0) {
        fprintf(stderr, "winnow worker: cannot connect to results %s: %s\n", w.cfg.results,
                zmq_strerror(zmq_errno()));
        goto out;
    }
    /* ZeroMQ drops a connection whose peer sent a frame over ZMQ_MAXMSGSIZE
     * (or garbage) and, on the connecting side, does not reconnect after
     * such a protocol error. Watch for disconnects and connect again, so one
     * hostile frame cannot silently cut a worker off its tasks. */
    char mon_ep[64];
    snprintf(mon_ep, sizeof mon_ep, "inproc://worker-monitor-%p", (void *)&w);
    if (zmq_socket_monitor(w.pull, mon_ep,
                           ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                               ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL) == 0) {
        w.mon = zmq_socket(w.ctx, ZMQ_PAIR);
        if (w.mon && zmq_connect(w.mon, mon_ep) != 0) {
            zmq_close(w.mon);
            w.mon = NULL;
        }
    }
    if (!w.quiet)
        fprintf(stderr, "winnow worker %s: tasks %s, results %s%s%s%s\n", w.ident, w.cfg.tasks, w.cfg.results,
                wn_curve_enabled(w.curve) ? " (CURVE)" : "", w.crash_marker ? " (test crash marker set)" : "",
                w.slow_marker ? " (test slow marker set)" : "");
    beat_start(&w);
    zmq_msg_t frames[MAX_FRAMES];
    int64_t started = cli_now_ms();
    while (!cli_stop_requested() && !cli_parent_gone()) {
        /* A task is usually waiting already: take it without polling. Poll
         * (and count the wait as idle time) only when there is none. */
        int too_many = 0;
        int n = receive(&w, frames, &too_many);
        if (n == 0) {
            zmq_pollitem_t it[3] = {{w.pull, 0, ZMQ_POLLIN, 0}, {w.mon, 0, ZMQ_POLLIN, 0}, {NULL, -1, 0, 0}};
            int nit = w.mon ? 2 : 1;
            if (cli_stop_fd() >= 0) it[nit++] = (zmq_pollitem_t){NULL, cli_stop_fd(), ZMQ_POLLIN, 0};
            int64_t t0 = cli_now_ms();
            int pr = zmq_poll(it, nit, 200);
            if (w.first_task_ms) w.idle_ms += cli_now_ms() - t0;
            if (pr < 0 && zmq_errno() != EINTR) {
                fprintf(stderr, "winnow worker: poll: %s\n", zmq_strerror(zmq_errno()));
                goto out;
            }
            if (pr > 0 && w.mon && (it[1].revents & ZMQ_POLLIN)) drain_monitor(&w);
            note_drop(&w);
            write_stats(&w, 0);
            continue;
        }
        if (n < 0) {
            if (zmq_errno() == EINTR) continue;
            fprintf(stderr, "winnow worker: receive: %s\n", zmq_strerror(zmq_errno()));
            goto out;
        }
        int64_t t0 = cli_now_ms();
        if (!w.first_task_ms) w.first_task_ms = t0;
        w.starved_ms = w.idle_ms;
        handle(&w, frames, n, too_many);
        for (int i = 0; i < n; i++) zmq_msg_close(&frames[i]);
        w.busy_ms += cli_now_ms() - t0;
        write_stats(&w, 0);
    }
    write_stats(&w, 1);
    status = 0;
    if (!w.quiet) {
        /* busy: handling tasks, including waiting to send (send); idle:
         * waiting for a task between the first and the last one; tail:
         * waiting after the last one; startup: until the first one. */
        int64_t startup = (w.first_task_ms ? w.first_task_ms : cli_now_ms()) - started;
        fprintf(stderr,
                "winnow worker %s: stopping after %lu ok, %lu error; busy %.2f s (send %.2f s), idle %.2f s, "
                "tail %.2f s, startup %.2f s\n",
                w.ident, w.done, w.errors, (double)w.busy_ms / 1000.0, (double)w.send_ms / 1000.0,
                (double)w.starved_ms / 1000.0, (double)(w.idle_ms - w.starved_ms) / 1000.0,
                (double)startup / 1000.0);
    }
out:
    cli_stats_free(&w.stats);
    beat_stop(&w);
    if (w.mon) zmq_close(w.mon);
    if (w.pull) zmq_close(w.pull);
    if (w.push) zmq_close(w.push);
    wn_curve_destroy(&w.curve);
    if (w.ctx) zmq_ctx_term(w.ctx);
    wn_extractor_destroy(&w.x);
    wn_hostmem_destroy(&w.hm);
    wn_buf_free(&w.decoded);
    return status;
}
