/* remote.c -- a WARC file served over HTTP(S) as a byte source of the WARC
 * reader (wn_warc_open_url, see winnow/warc.h and docs/warc.md).
 *
 * libcurl's multi interface drives one transfer; its write callback puts
 * what arrives into a buffer that read() drains, so the file is streamed
 * without a temporary copy and with at most about two read buffers of it
 * in memory (the callback pauses the transfer when the buffer is full).
 * read() fills the reader's whole request, as read(2) does on a regular
 * file, so the reader sees the same slices as for a local copy.
 *
 * When the connection drops before the end (curl reports a partial file,
 * a receive error, a stall, or a clean close short of Content-Length), the
 * transfer is restarted with "Range: bytes=N-" from the first byte not yet
 * received, with If-Range naming the ETag (else Last-Modified) of the
 * first answer. The answer must be 206 with a Content-Range starting at N;
 * a server that ignores the Range (200: the whole file again), answers
 * another range, or says the file changed (200 after If-Range) is not
 * read further: read() fails with a message, which the WARC reader turns
 * into a damaged record, and nothing already delivered is delivered again.
 * seek() restarts the transfer the same way (the reader seeks only to
 * resynchronise after a corrupt gzip member).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "winnow/version.h"
#include "winnow/warc.h"

#define BUF_MAX (2u << 20) /* received but not yet read: pause the transfer past this */

typedef struct remote {
    char *url;
    wn_remote_opts_t o;
    char ua[64];
    CURLM *multi;
    CURL *easy;
    int running; /* a transfer is attached to multi */
    int done;    /* ... and has finished with result */
    CURLcode result;
    int paused;
    char curl_err[CURL_ERROR_SIZE];

    unsigned char *buf; /* received bytes buf[bpos..blen) not yet read */
    size_t bpos, blen, bcap;

    uint64_t offset;    /* the next byte read() hands out */
    uint64_t req_start; /* first byte asked for by the current transfer */
    uint64_t total;     /* size of the file, 0 while unknown */
    int checked;        /* the current transfer's answer was checked */
    char validator[256]; /* ETag or Last-Modified of the first answer, for If-Range */
    char fatal[240];    /* why the stream cannot go on (not retried) */
    int ended;          /* 1: end of file reached; -1: failed, fail_msg says why */
    char fail_msg[512];
    unsigned retries;   /* reconnections in a row that brought no byte */
    uint64_t retry_at;  /* offset of the last reconnection */
    struct curl_slist *hdrs;
} remote_t;

void wn_remote_opts_init(wn_remote_opts_t *o) {
    o->retries = 5;
    o->retry_delay_ms = 500;
    o->connect_timeout_ms = 30000;
    o->stall_timeout_s = 60;
    o->user_agent = NULL;
}

int wn_is_url(const char *s) {
    return s && (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8));
}

/* Remembers a response header the resume needs: ETag (preferred) or
 * Last-Modified of the first answer, for If-Range. */
static size_t on_header(char *p, size_t size, size_t n, void *ud) {
    remote_t *r = ud;
    size_t len = size * n;
    if (r->req_start != 0 || r->offset != 0) return len; /* only the first answer's */
    const char *names[2] = {"etag:", "last-modified:"};
    for (int k = 0; k < 2; k++) {
        size_t nl = strlen(names[k]);
        if (len <= nl || strncasecmp(p, names[k], nl)) continue;
        if (k == 1 && r->validator[0]) continue; /* an ETag is already there */
        const char *v = p + nl, *e = p + len;
        while (v < e && (*v == ' ' || *v == '\t')) v++;
        while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ')) e--;
        /* a weak ETag cannot validate a range (RFC 9110 13.1.5) */
        if (k == 0 && e - v >= 2 && v[0] == 'W' && v[1] == '/') continue;
        if ((size_t)(e - v) < sizeof r->validator) {
            memcpy(r->validator, v, (size_t)(e - v));
            r->validator[e - v] = '\0';
        }
    }
    return len;
}

/* Checks the answer of the current transfer once its first bytes arrive:
 * a 2xx status, and for a resumed transfer a 206 starting where asked.
 * Returns 0, or -1 with r->fatal set. */
static int check_answer(remote_t *r) {
    long code = 0;
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code);
    if (code < 200 || code > 299) {
        snprintf(r->fatal, sizeof r->fatal, "HTTP status %ld", code);
        return -1;
    }
    curl_off_t cl = -1;
    curl_easy_getinfo(r->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
    if (r->req_start == 0) {
        if (code != 200 && code != 206) {
            snprintf(r->fatal, sizeof r->fatal, "HTTP status %ld", code);
            return -1;
        }
        if (cl > 0) r->total = (uint64_t)cl;
        return 0;
    }
    if (code != 206) {
        snprintf(r->fatal, sizeof r->fatal,
                 "connection lost at offset %" PRIu64 "; the server %s (HTTP %ld), not resumed",
                 r->req_start, r->validator[0] ? "ignored the Range request or the file changed"
                                               : "ignored the Range request",
                 code);
        return -1;
    }
    /* Content-Range: bytes START-END/TOTAL */
    struct curl_header *h = NULL;
    uint64_t start = UINT64_MAX;
    if (curl_easy_header(r->easy, "Content-Range", 0, CURLH_HEADER, -1, &h) == CURLHE_OK && h && h->value) {
        const char *v = h->value;
        while (*v == ' ') v++;
        if (!strncasecmp(v, "bytes ", 6)) {
            char *end = NULL;
            errno = 0;
            unsigned long long s = strtoull(v + 6, &end, 10);
            if (!errno && end != v + 6 && *end == '-') start = s;
        }
    }
    if (start != r->req_start) {
        snprintf(r->fatal, sizeof r->fatal,
                 "connection lost at offset %" PRIu64 "; the server answered the Range request with another "
                 "range, not resumed",
                 r->req_start);
        return -1;
    }
    return 0;
}

static size_t on_data(char *p, size_t size, size_t n, void *ud) {
    remote_t *r = ud;
    size_t len = size * n;
    if (!r->checked) {
        r->checked = 1;
        if (check_answer(r) != 0) return CURL_WRITEFUNC_ERROR;
    }
    if (r->blen - r->bpos + len > BUF_MAX && r->blen > r->bpos) {
        r->paused = 1;
        return CURL_WRITEFUNC_PAUSE;
    }
    if (r->bpos > 0 && r->bpos == r->blen) r->bpos = r->blen = 0;
    if (r->blen + len > r->bcap) {
        if (r->bpos > 0) {
            memmove(r->buf, r->buf + r->bpos, r->blen - r->bpos);
            r->blen -= r->bpos;
            r->bpos = 0;
        }
        if (r->blen + len > r->bcap) {
            size_t cap = r->bcap ? r->bcap : 64 * 1024;
            while (cap < r->blen + len) cap *= 2;
            unsigned char *nb = realloc(r->buf, cap);
            if (!nb) {
                snprintf(r->fatal, sizeof r->fatal, "out of memory");
                return CURL_WRITEFUNC_ERROR;
            }
            r->buf = nb;
            r->bcap = cap;
        }
    }
    memcpy(r->buf + r->blen, p, len);
    r->blen += len;
    return len;
}

static void stop_transfer(remote_t *r) {
    if (r->running) curl_multi_remove_handle(r->multi, r->easy);
    r->running = 0;
    r->done = 0;
    r->paused = 0;
}

/* Starts a transfer from byte `from` (a Range request unless 0). Returns 0
 * or -1 with r->fatal set. */
static int start_transfer(remote_t *r, uint64_t from) {
    stop_transfer(r);
    r->bpos = r->blen = 0;
    r->req_start = from;
    r->checked = 0;
    r->curl_err[0] = '\0';
    curl_slist_free_all(r->hdrs);
    r->hdrs = NULL;
    char range[64];
    if (from > 0) {
        snprintf(range, sizeof range, "%" PRIu64 "-", from);
        curl_easy_setopt(r->easy, CURLOPT_RANGE, range);
        if (r->validator[0]) {
            char ir[300];
            snprintf(ir, sizeof ir, "If-Range: %s", r->validator);
            struct curl_slist *l = curl_slist_append(NULL, ir);
            if (!l) {
                snprintf(r->fatal, sizeof r->fatal, "out of memory");
                return -1;
            }
            r->hdrs = l;
        }
    } else {
        curl_easy_setopt(r->easy, CURLOPT_RANGE, NULL);
    }
    curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, r->hdrs);
    if (curl_multi_add_handle(r->multi, r->easy) != CURLM_OK) {
        snprintf(r->fatal, sizeof r->fatal, "cannot start the transfer");
        return -1;
    }
    r->running = 1;
    return 0;
}

/* Lets curl work for up to ~1 s; sets r->done when the transfer ended. */
static void step(remote_t *r) {
    if (r->paused && r->blen == r->bpos) {
        r->paused = 0;
        curl_easy_pause(r->easy, CURLPAUSE_CONT);
    }
    int still = 0;
    curl_multi_perform(r->multi, &still);
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(r->multi, &left)))
        if (m->msg == CURLMSG_DONE && m->easy_handle == r->easy) {
            r->done = 1;
            r->result = m->data.result;
        }
    if (!r->done && still && r->bpos == r->blen) curl_multi_poll(r->multi, NULL, 0, 1000, NULL);
}

static void sleep_ms(unsigned ms) {
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* The transfer ended: returns 1 at the real end of the file, 0 after a
 * reconnection (go on reading), -1 when the stream cannot go on
 * (r->fail_msg says why). */
static int transfer_ended(remote_t *r) {
    if (r->fatal[0]) {
        snprintf(r->fail_msg, sizeof r->fail_msg, "%s", r->fatal);
        return -1;
    }
    if (r->result == CURLE_OK && (r->total == 0 || r->offset >= r->total)) return 1;
    const char *what = r->result == CURLE_OK ? "connection closed early" : curl_easy_strerror(r->result);
    if (r->result != CURLE_OK && r->curl_err[0]) what = r->curl_err;
    /* Refused, not found, TLS failures: a reconnection would not help. */
    int transient = r->result == CURLE_OK || r->result == CURLE_PARTIAL_FILE || r->result == CURLE_RECV_ERROR ||
                    r->result == CURLE_OPERATION_TIMEDOUT || r->result == CURLE_GOT_NOTHING ||
                    r->result == CURLE_SEND_ERROR || r->result == CURLE_COULDNT_CONNECT ||
                    r->result == CURLE_HTTP2_STREAM || r->result == CURLE_HTTP2;
    if (!transient || r->retries >= r->o.retries) {
        snprintf(r->fail_msg, sizeof r->fail_msg, "connection lost at offset %" PRIu64 " (%s)%s",
                 r->offset, what, transient ? ", retries exhausted" : "");
        return -1;
    }
    if (r->offset > r->retry_at) r->retries = 0; /* the last connection made progress */
    r->retry_at = r->offset;
    unsigned delay = r->o.retry_delay_ms;
    for (unsigned i = 0; i < r->retries && delay < 30000; i++) delay *= 2;
    r->retries++;
    sleep_ms(delay);
    if (start_transfer(r, r->offset) != 0) {
        snprintf(r->fail_msg, sizeof r->fail_msg, "%s", r->fatal);
        return -1;
    }
    return 0;
}

/* Fills out[0..n) from the stream (all of it unless the file ends or the
 * stream fails); a failure after some bytes is reported by the next call. */
static ptrdiff_t remote_read(void *ud, void *out, size_t n, char *why, size_t whylen) {
    remote_t *r = ud;
    size_t got = 0;
    if (n > PTRDIFF_MAX) n = PTRDIFF_MAX;
    while (got < n && !r->ended) {
        if (r->bpos < r->blen) {
            size_t k = r->blen - r->bpos < n - got ? r->blen - r->bpos : n - got;
            memcpy((char *)out + got, r->buf + r->bpos, k);
            r->bpos += k;
            r->offset += k;
            got += k;
            continue;
        }
        if (!r->done) {
            step(r);
            continue;
        }
        int e = transfer_ended(r);
        if (e == 0) continue;
        stop_transfer(r);
        r->ended = e;
    }
    if (got == 0 && r->ended < 0) {
        snprintf(why, whylen, "%s", r->fail_msg);
        errno = EIO;
        return -1;
    }
    return (ptrdiff_t)got;
}

static int remote_seek(void *ud, uint64_t off) {
    remote_t *r = ud;
    if (off == r->offset) return 0;
    r->offset = off;
    r->fatal[0] = '\0';
    r->ended = 0;
    return start_transfer(r, off);
}

static void remote_close(void *ud) {
    remote_t *r = ud;
    if (!r) return;
    stop_transfer(r);
    if (r->easy) curl_easy_cleanup(r->easy);
    if (r->multi) curl_multi_cleanup(r->multi);
    curl_slist_free_all(r->hdrs);
    free(r->buf);
    free(r->url);
    free(r);
}

wn_warc_t *wn_warc_open_url(const char *url, const wn_remote_opts_t *o, const wn_warc_limits_t *lim,
                            wn_status *st, char *err, size_t errlen) {
    wn_status dummy;
    if (!st) st = &dummy;
    char ebuf[320];
    if (!err || !errlen) {
        err = ebuf;
        errlen = sizeof ebuf;
    }
    err[0] = '\0';
    if (!wn_is_url(url)) {
        *st = WN_EINVAL;
        snprintf(err, errlen, "%s: not an http:// or https:// URL", url ? url : "(null)");
        return NULL;
    }
    remote_t *r = calloc(1, sizeof *r);
    if (!r || !(r->url = strdup(url))) {
        free(r);
        *st = WN_ENOMEM;
        snprintf(err, errlen, "%s: out of memory", url);
        return NULL;
    }
    if (o) r->o = *o;
    else wn_remote_opts_init(&r->o);
    snprintf(r->ua, sizeof r->ua, "winnow/%s", WN_VERSION_STRING);
    r->multi = curl_multi_init();
    r->easy = curl_easy_init();
    if (!r->multi || !r->easy) {
        remote_close(r);
        *st = WN_ENOMEM;
        snprintf(err, errlen, "%s: cannot initialise libcurl", url);
        return NULL;
    }
    CURL *e = r->easy;
    curl_easy_setopt(e, CURLOPT_URL, r->url);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, r->o.user_agent ? r->o.user_agent : r->ua);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, r->o.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, r->o.stall_timeout_s);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->curl_err);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
    if (start_transfer(r, 0) != 0) {
        snprintf(err, errlen, "%s: %s", url, r->fatal);
        remote_close(r);
        *st = WN_EFETCH;
        return NULL;
    }
    /* Wait for the first bytes (or the end), so that a refused connection or
     * an HTTP error is an error of the open, with its message. */
    while (r->bpos == r->blen && !r->done) step(r);
    r->offset = 0;
    if (r->done && r->bpos == r->blen && (r->fatal[0] || r->result != CURLE_OK)) {
        if (r->fatal[0]) snprintf(err, errlen, "%s: %s", url, r->fatal);
        else snprintf(err, errlen, "%s: %s", url, r->curl_err[0] ? r->curl_err : curl_easy_strerror(r->result));
        remote_close(r);
        *st = WN_EFETCH;
        return NULL;
    }
    wn_warc_io_t io = {remote_read, remote_seek, remote_close, r->total};
    return wn_warc_open_io(&io, r, lim, st);
}
