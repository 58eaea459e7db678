/* fetch.c -- the fetch engine: libcurl multi transfers under total and
 * per-host limits, politeness delay, robots.txt, manual redirects, retries
 * with backoff, raw bodies archived to WARC (see winnow/fetch.h).
 *
 * Life of a URL (a "job"): wn_fetch_add parses it and appends it to its
 * host's queue. schedule() starts the first ready job of each host when the
 * limits allow, after the host's robots.txt is known. When a transfer
 * ends, finish_page() decides: deliver (2xx), follow a redirect (the job
 * moves to the target host's queue), retry later (429, 503, connection
 * errors), or fail. Finished jobs wait on the done list until
 * wn_fetch_step passes them to the caller's callback.
 */
#include "winnow/fetch.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "winnow/buf.h"
#include "winnow/http.h"
#include "winnow/robots.h"
#include "winnow/warcw.h"

#define WN_FETCH_HEAD_MAX (256u * 1024u) /* response or request headers */
#define WN_FETCH_URL_MAX 8192u           /* longest URL accepted */
#define WN_FETCH_BUCKETS 4096u           /* host hash table */

enum { ROBOTS_NONE = 0, ROBOTS_PENDING, ROBOTS_READY };

typedef struct host host;
typedef struct job job;

struct host {
    host *hnext;        /* hash chain */
    char *key;          /* "scheme://host:port", owned */
    job *qhead, *qtail; /* waiting jobs */
    unsigned active;    /* transfers running to this host */
    uint64_t next_start; /* monotonic ms before which no request starts */
    int robots_state;
    wn_robots_t *robots; /* owned once READY */
    char robots_why[160]; /* why robots.txt means "disallow all", or "" */
};

struct job {
    job *next;          /* in a host queue or the done list */
    job *rprev, *rnext; /* in the engine's list of running transfers */
    char *url;          /* as given, owned */
    char *cur;          /* current target (normalised), owned; NULL if unparseable */
    char *path;         /* path + "?query" of cur for robots.txt, owned */
    host *h;            /* host of cur */
    unsigned attempts;  /* requests made for cur */
    unsigned redirects; /* hops followed */
    uint64_t not_before; /* monotonic ms: retry backoff */
    int is_robots;      /* a robots.txt transfer (never delivered) */
    int (*reject)(const char *content_type); /* from the options, or NULL */
    int truncated;      /* a callback stopped the transfer */
    /* transfer state */
    CURL *easy;
    wn_buf_t head, body, req;
    int type_checked;
    wn_status abort_st; /* set by a callback that aborted the transfer */
    char errbuf[CURL_ERROR_SIZE];
    time_t started;
    /* outcome */
    wn_status st;
    int http_status;
    char reason[512];
    char id[WN_WARC_ID_SIZE];  /* WARC-Record-ID of the response record written, "" if none */
    char fid[48];              /* the page's id: "fetch:" + 40 hex + NUL */
    char when[32];
};

struct wn_fetch {
    wn_fetch_opts_t o;
    CURLM *multi;
    struct curl_slist *hdrs;
    host *buckets[WN_FETCH_BUCKETS];
    host **hostv; /* every host, for scheduling */
    size_t nhosts, hostcap;
    size_t held;      /* jobs added and not yet delivered */
    unsigned running; /* transfers in progress, robots.txt included */
    job *done_head, *done_tail;
    job *run_head; /* running transfers (their curl handles are in multi) */
    wn_warcw_t *warc;
    wn_status fatal;
    wn_fetch_stats_t stats;
};

void wn_fetch_opts_init(wn_fetch_opts_t *o) {
    memset(o, 0, sizeof *o);
    o->concurrency = 32;
    o->per_host = 2;
    o->delay_ms = 1000;
    o->connect_timeout_ms = 5000;
    o->timeout_ms = 30000;
    o->max_redirects = 5;
    o->max_body = 16u * 1024u * 1024u;
    o->user_agent = "winnow/0.1 (+https://example.invalid/winnow)";
    o->retries = 2;
    o->backoff_ms = 1000;
    o->retry_after_max_ms = 60000;
    o->robots = true;
    o->warc = NULL;
    o->max_queue = 1024;
    o->reject_type = NULL;
}

void wn_fetch_opts_from_config(wn_fetch_opts_t *o, const wn_config_t *c) {
    wn_fetch_opts_init(o);
    o->concurrency = c->concurrency;
    o->per_host = c->per_host;
    o->delay_ms = c->delay_ms;
    o->connect_timeout_ms = c->connect_timeout_ms;
    o->timeout_ms = c->timeout_ms;
    o->max_redirects = c->max_redirects;
    o->max_body = c->max_body;
    if (c->user_agent[0]) o->user_agent = c->user_agent;
    o->retries = c->retries;
    o->backoff_ms = c->backoff_ms;
    o->robots = c->robots;
    o->warc = c->warc[0] ? c->warc : NULL;
}

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void seterr(char *err, size_t errlen, const char *msg) {
    if (err && errlen) snprintf(err, errlen, "%s", msg);
}

static char *dupstr(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* ---------------------------------------------------------------- hosts */

static size_t hash_key(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h % WN_FETCH_BUCKETS;
}

/* Returns the host for `key`, creating it; NULL on ENOMEM. */
static host *host_get(wn_fetch_t *f, const char *key) {
    size_t b = hash_key(key);
    for (host *h = f->buckets[b]; h; h = h->hnext)
        if (!strcmp(h->key, key)) return h;
    if (f->nhosts == f->hostcap) {
        size_t cap = f->hostcap ? f->hostcap * 2 : 64;
        host **v = realloc(f->hostv, cap * sizeof *v);
        if (!v) return NULL;
        f->hostv = v;
        f->hostcap = cap;
    }
    host *h = calloc(1, sizeof *h);
    if (!h || !(h->key = dupstr(key))) {
        free(h);
        return NULL;
    }
    if (!f->o.robots) h->robots_state = ROBOTS_READY; /* robots == NULL: allow all */
    h->hnext = f->buckets[b];
    f->buckets[b] = h;
    f->hostv[f->nhosts++] = h;
    f->stats.hosts = f->nhosts;
    return h;
}

static void host_push(host *h, job *j) {
    j->next = NULL;
    if (h->qtail)
        h->qtail->next = j;
    else
        h->qhead = j;
    h->qtail = j;
}

/* Unlinks j (whose predecessor in h's queue is prev, or NULL). */
static void host_unlink(host *h, job *prev, job *j) {
    if (prev)
        prev->next = j->next;
    else
        h->qhead = j->next;
    if (h->qtail == j) h->qtail = prev;
    j->next = NULL;
}

/* ----------------------------------------------------------------- jobs */

static void job_free(job *j) {
    if (!j) return;
    free(j->url);
    free(j->cur);
    free(j->path);
    wn_buf_free(&j->head);
    wn_buf_free(&j->body);
    wn_buf_free(&j->req);
    free(j);
}

static void done_push(wn_fetch_t *f, job *j) {
    j->next = NULL;
    if (f->done_tail)
        f->done_tail->next = j;
    else
        f->done_head = j;
    f->done_tail = j;
}

/* Ends job j with status st and a printf-formatted reason. */
static void job_fail(wn_fetch_t *f, job *j, wn_status st, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void job_fail(wn_fetch_t *f, job *j, wn_status st, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->reason, sizeof j->reason, fmt, ap);
    va_end(ap);
    j->st = st;
    done_push(f, j);
}

/* Parses `url` into j->cur (normalised), j->path and the host key in
 * key[0..keylen). Returns WN_OK, WN_EINVAL (reason in j->reason) or
 * WN_ENOMEM. */
static wn_status job_target(job *j, const char *url, char *key, size_t keylen) {
    wn_status st = WN_EINVAL;
    char *scheme = NULL, *hostname = NULL, *port = NULL, *path = NULL, *query = NULL, *norm = NULL;
    if (strlen(url) > WN_FETCH_URL_MAX) {
        snprintf(j->reason, sizeof j->reason, "bad URL: longer than %u bytes", WN_FETCH_URL_MAX);
        return WN_EINVAL;
    }
    CURLU *u = curl_url();
    if (!u) return WN_ENOMEM;
    CURLUcode uc = curl_url_set(u, CURLUPART_URL, url, 0);
    if (uc != CURLUE_OK) {
        snprintf(j->reason, sizeof j->reason, "bad URL: %s", curl_url_strerror(uc));
        goto out;
    }
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0)) {
        snprintf(j->reason, sizeof j->reason, "bad URL: scheme %s is not http or https", scheme ? scheme : "?");
        goto out;
    }
    if (curl_url_get(u, CURLUPART_HOST, &hostname, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_URL, &norm, 0) != CURLUE_OK) {
        snprintf(j->reason, sizeof j->reason, "bad URL: no host");
        goto out;
    }
    (void)curl_url_get(u, CURLUPART_QUERY, &query, 0);
    for (char *p = hostname; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    for (char *p = scheme; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    int n = snprintf(key, keylen, "%s://%s:%s", scheme, hostname, port);
    if (n < 0 || (size_t)n >= keylen) {
        snprintf(j->reason, sizeof j->reason, "bad URL: host name too long");
        goto out;
    }
    size_t pl = strlen(path) + (query ? strlen(query) + 1 : 0) + 1;
    char *rp = malloc(pl);
    char *nc = dupstr(norm);
    if (!rp || !nc) {
        free(rp);
        free(nc);
        st = WN_ENOMEM;
        goto out;
    }
    snprintf(rp, pl, "%s%s%s", path, query ? "?" : "", query ? query : "");
    free(j->cur);
    free(j->path);
    j->cur = nc;
    j->path = rp;
    st = WN_OK;
out:
    curl_free(scheme);
    curl_free(hostname);
    curl_free(port);
    curl_free(path);
    curl_free(query);
    curl_free(norm);
    curl_url_cleanup(u);
    return st;
}

/* Points job j at `url` and appends it to that host's queue; a URL that
 * cannot be fetched ends the job as WN_EINVAL. Returns WN_OK or WN_ENOMEM. */
static wn_status job_enqueue(wn_fetch_t *f, job *j, const char *url) {
    char key[1024];
    wn_status st = job_target(j, url, key, sizeof key);
    if (st == WN_EINVAL) {
        j->st = WN_EINVAL;
        done_push(f, j);
        return WN_OK;
    }
    if (st != WN_OK) return st;
    host *h = host_get(f, key);
    if (!h) return WN_ENOMEM;
    j->h = h;
    j->attempts = 0;
    j->not_before = 0;
    host_push(h, j);
    return WN_OK;
}

wn_status wn_fetch_add(wn_fetch_t *f, const char *url) {
    if (!f || !url) return WN_EINVAL;
    if (f->held >= f->o.max_queue) return WN_ETOOBIG;
    job *j = calloc(1, sizeof *j);
    if (!j || !(j->url = dupstr(url))) {
        free(j);
        return WN_ENOMEM;
    }
    wn_buf_init(&j->head, WN_FETCH_HEAD_MAX);
    wn_buf_init(&j->req, WN_FETCH_HEAD_MAX);
    wn_buf_init(&j->body, f->o.max_body);
    wn_status st = job_enqueue(f, j, url);
    if (st != WN_OK) {
        job_free(j);
        return st;
    }
    f->held++;
    return WN_OK;
}

size_t wn_fetch_room(const wn_fetch_t *f) { return f->held >= f->o.max_queue ? 0 : f->o.max_queue - f->held; }

size_t wn_fetch_pending(const wn_fetch_t *f) { return f->held; }

/* ------------------------------------------------------ curl callbacks */

/* Copies the value of header `name` from the header block h[0..n) (the
 * last one wins) into out, trimmed; returns 1 if found. */
static int header_value(const char *h, size_t n, const char *name, char *out, size_t outlen) {
    size_t nl = strlen(name);
    int found = 0;
    size_t pos = 0;
    while (pos < n) {
        const char *line = h + pos;
        const char *eol = memchr(line, '\n', n - pos);
        size_t ll = eol ? (size_t)(eol - line) : n - pos;
        pos += ll + 1;
        if (ll > nl && line[nl] == ':' && !strncasecmp(line, name, nl)) {
            const char *v = line + nl + 1;
            size_t vl = ll - nl - 1;
            while (vl && (*v == ' ' || *v == '\t')) v++, vl--;
            while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' ' || v[vl - 1] == '\t')) vl--;
            if (vl >= outlen) vl = outlen - 1;
            memcpy(out, v, vl);
            out[vl] = '\0';
            found = 1;
        }
    }
    return found;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud) {
    job *j = ud;
    size_t n = size * nmemb;
    /* A new status line starts a new response (after 1xx interim ones). */
    if (n >= 5 && !memcmp(p, "HTTP/", 5)) wn_buf_reset(&j->head);
    if (wn_buf_add(&j->head, p, n) != WN_OK) {
        j->abort_st = WN_ETOOBIG;
        j->truncated = 1;
        snprintf(j->reason, sizeof j->reason, "response headers over %u bytes", WN_FETCH_HEAD_MAX);
        return 0;
    }
    return n;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud) {
    job *j = ud;
    size_t n = size * nmemb;
    if (!j->type_checked) {
        j->type_checked = 1;
        long code = 0;
        char ct[256];
        curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
        if (j->reject && code >= 200 && code < 300 &&
            header_value(j->head.data, j->head.len, "Content-Type", ct, sizeof ct) && j->reject(ct)) {
            j->abort_st = WN_ENOTHTML;
            snprintf(j->reason, sizeof j->reason, "not HTML: %.*s", (int)strcspn(ct, ";"), ct);
            return 0;
        }
    }
    wn_status st = wn_buf_add(&j->body, p, n);
    if (st != WN_OK) {
        /* robots.txt past its cap: keep what we have, parse that */
        j->abort_st = j->is_robots && st == WN_ETOOBIG ? WN_OK : st;
        j->truncated = 1;
        return 0;
    }
    return n;
}

static int on_debug(CURL *easy, curl_infotype type, char *data, size_t size, void *ud) {
    (void)easy;
    job *j = ud;
    if (type != CURLINFO_HEADER_OUT) return 0;
    if (j->req.len >= 4 && !memcmp(j->req.data + j->req.len - 4, "\r\n\r\n", 4)) wn_buf_reset(&j->req);
    if (wn_buf_add(&j->req, data, size) != WN_OK) wn_buf_reset(&j->req);
    return 0;
}

/* ------------------------------------------------------------ transfers */

static const char *curl_kind(CURLcode rc);

/* Creates and adds the curl handle for j (a page, or robots.txt when
 * j->is_robots). Returns WN_OK, WN_ENOMEM or WN_EFETCH. */
static wn_status start_transfer(wn_fetch_t *f, job *j, uint64_t now) {
    const wn_fetch_opts_t *o = &f->o;
    CURL *e = curl_easy_init();
    if (!e) return WN_ENOMEM;
    wn_buf_reset(&j->head);
    wn_buf_reset(&j->body);
    wn_buf_reset(&j->req);
    j->type_checked = 0;
    j->truncated = 0;
    j->abort_st = WN_OK;
    j->errbuf[0] = '\0';
    j->reason[0] = '\0';
    j->reject = j->is_robots ? NULL : o->reject_type;
    j->easy = e;
    j->started = time(NULL);
    struct tm tm;
    gmtime_r(&j->started, &tm);
    strftime(j->when, sizeof j->when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                                        \
    do {                                                                                                     \
        if (rc == CURLE_OK) rc = curl_easy_setopt(e, opt, val);                                              \
    } while (0)
    SET(CURLOPT_PRIVATE, (void *)j);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_ERRORBUFFER, j->errbuf);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    SET(CURLOPT_USERAGENT, o->user_agent);
    SET(CURLOPT_CONNECTTIMEOUT_MS, (long)o->connect_timeout_ms);
    SET(CURLOPT_TIMEOUT_MS, (long)o->timeout_ms);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, (void *)j);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, (void *)j);
    if (j->is_robots) {
        char url[1100];
        snprintf(url, sizeof url, "%s/robots.txt", j->h->key);
        SET(CURLOPT_URL, url); /* curl copies it */
        /* RFC 9309 2.3.1.2: follow at least five redirects. */
        SET(CURLOPT_FOLLOWLOCATION, 1L);
        SET(CURLOPT_MAXREDIRS, 5L);
        SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        SET(CURLOPT_ACCEPT_ENCODING, ""); /* robots.txt is not archived: let curl decode */
    } else {
        SET(CURLOPT_URL, j->cur);
        SET(CURLOPT_FOLLOWLOCATION, 0L);
        SET(CURLOPT_HTTPHEADER, f->hdrs);
        /* Keep the body exactly as sent (chunked framing included) for the
         * WARC and the task; the worker removes the transfer-coding. */
        SET(CURLOPT_HTTP_TRANSFER_DECODING, 0L);
        SET(CURLOPT_HTTP_CONTENT_DECODING, 0L);
        SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
        SET(CURLOPT_DEBUGFUNCTION, on_debug);
        SET(CURLOPT_DEBUGDATA, (void *)j);
        SET(CURLOPT_VERBOSE, 1L); /* only so that on_debug sees the request headers */
    }
#undef SET
    if (rc != CURLE_OK || curl_multi_add_handle(f->multi, e) != CURLM_OK) {
        curl_easy_cleanup(e);
        j->easy = NULL;
        return WN_EFETCH;
    }
    j->rprev = NULL;
    j->rnext = f->run_head;
    if (f->run_head) f->run_head->rprev = j;
    f->run_head = j;
    j->attempts++;
    j->h->active++;
    j->h->next_start = now + o->delay_ms;
    f->running++;
    f->stats.requests++;
    if (j->attempts > 1) f->stats.retries++;
    return WN_OK;
}

/* Starts the robots.txt transfer of host h. Returns as start_transfer. */
static wn_status start_robots(wn_fetch_t *f, host *h, uint64_t now) {
    job *j = calloc(1, sizeof *j);
    if (!j) return WN_ENOMEM;
    j->is_robots = 1;
    j->h = h;
    wn_buf_init(&j->head, WN_FETCH_HEAD_MAX);
    wn_buf_init(&j->req, WN_FETCH_HEAD_MAX);
    wn_buf_init(&j->body, WN_ROBOTS_MAX_BYTES);
    wn_status st = start_transfer(f, j, now);
    if (st != WN_OK) {
        job_free(j);
        return st;
    }
    h->robots_state = ROBOTS_PENDING;
    return WN_OK;
}

/* The robots.txt agent: the User-Agent's first token. */
static const char *robots_agent(const wn_fetch_t *f) { return f->o.user_agent; }

/* Settles host h's robots.txt from the finished transfer j (RFC 9309
 * 2.3.1: 2xx parse, 4xx allow all, 5xx or unreachable disallow all). */
static wn_status finish_robots(wn_fetch_t *f, job *j, CURLcode rc) {
    host *h = j->h;
    long code = 0;
    curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
    wn_status st = WN_OK;
    int ok_body = rc == CURLE_OK || (j->truncated && j->abort_st == WN_OK);
    if (ok_body && code >= 200 && code < 300)
        h->robots = wn_robots_parse(j->body.data ? j->body.data : "", j->body.len, robots_agent(f), &st);
    else if (ok_body && code >= 400 && code < 500 && code != 429)
        h->robots = wn_robots_new_policy(1);
    else { /* 5xx, 429, 3xx loops, network errors: complete disallow */
        h->robots = wn_robots_new_policy(0);
        if (ok_body)
            snprintf(h->robots_why, sizeof h->robots_why, "robots.txt answered HTTP %ld", code);
        else
            snprintf(h->robots_why, sizeof h->robots_why, "robots.txt unreachable: %s: %.100s", curl_kind(rc),
                     j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
    }
    if (!h->robots) return st != WN_OK ? st : WN_ENOMEM;
    h->robots_state = ROBOTS_READY;
    return WN_OK;
}

static uint64_t backoff(const wn_fetch_t *f, const job *j, long retry_after_s) {
    uint64_t d = f->o.backoff_ms;
    for (unsigned i = 1; i < j->attempts && d < 3600000u; i++) d *= 2;
    if (retry_after_s > 0) {
        uint64_t ra = (uint64_t)retry_after_s * 1000u;
        if (ra > f->o.retry_after_max_ms) ra = f->o.retry_after_max_ms;
        if (ra > d) d = ra;
    }
    return d;
}

/* Short description of a libcurl failure for an error record. */
static const char *curl_kind(CURLcode rc) {
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return "DNS lookup failed";
    case CURLE_COULDNT_CONNECT: return "connection failed";
    case CURLE_OPERATION_TIMEDOUT: return "timeout";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION: return "TLS failed";
    case CURLE_GOT_NOTHING: return "empty reply";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE: return "connection broken";
    default: return "transfer failed";
    }
}

static int curl_retryable(CURLcode rc) {
    return rc == CURLE_COULDNT_CONNECT || rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_GOT_NOTHING ||
           rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_PARTIAL_FILE;
}

/* Writes j's exchange to the WARC file, setting j->id. */
static wn_status archive(wn_fetch_t *f, job *j) {
    const char *ip = NULL;
    curl_easy_getinfo(j->easy, CURLINFO_PRIMARY_IP, &ip);
    wn_buf_t dechunked;
    wn_buf_init(&dechunked, f->o.max_body);
    char te[64];
    wn_warcw_exchange_t ex = {
        .target_uri = j->cur,
        .ip = ip && *ip ? ip : NULL,
        .date = j->started,
        .request = j->req.data ? j->req.data : "",
        .request_len = j->req.len,
        .resp_head = j->head.data ? j->head.data : "",
        .resp_head_len = j->head.len,
        .body = j->body.data ? j->body.data : "",
        .body_len = j->body.len,
    };
    /* The payload digest covers the entity body: chunked framing removed. */
    if (header_value(j->head.data, j->head.len, "Transfer-Encoding", te, sizeof te) && strcasestr(te, "chunked") &&
        wn_http_dechunk(ex.body, ex.body_len, &dechunked) == WN_OK) {
        ex.payload = dechunked.data ? dechunked.data : "";
        ex.payload_len = dechunked.len;
    }
    wn_status st = wn_warcw_exchange(f->warc, &ex, j->id);
    wn_buf_free(&dechunked);
    if (st == WN_OK) f->stats.warc_records = wn_warcw_count(f->warc);
    return st;
}

/* Decides what becomes of page job j whose transfer ended with rc. */
static wn_status finish_page(wn_fetch_t *f, job *j, CURLcode rc, uint64_t now) {
    long code = 0;
    curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
    j->http_status = (int)code;
    int can_retry = j->attempts <= f->o.retries;
    if (j->abort_st == WN_ENOTHTML || (j->truncated && j->abort_st == WN_ETOOBIG && j->reason[0])) {
        j->st = j->abort_st;
        done_push(f, j);
        return WN_OK;
    }
    if (rc == CURLE_FILESIZE_EXCEEDED || j->abort_st == WN_ETOOBIG) {
        job_fail(f, j, WN_ETOOBIG, "body exceeds max_body (%zu bytes)", f->o.max_body);
        return WN_OK;
    }
    if (j->abort_st != WN_OK) {
        job_fail(f, j, j->abort_st, "%s", wn_strerror(j->abort_st));
        return WN_OK;
    }
    if (rc != CURLE_OK) {
        if (can_retry && curl_retryable(rc)) goto retry;
        job_fail(f, j, WN_EFETCH, "%s: %s%s", curl_kind(rc), j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc),
                 j->attempts > 1 ? " (after retries)" : "");
        return WN_OK;
    }
    if (code >= 200 && code < 300) {
        if (f->warc) {
            wn_status st = archive(f, j);
            if (st != WN_OK) {
                f->fatal = st;
                job_fail(f, j, st, "writing WARC failed: %s", wn_strerror(st));
                return st;
            }
        }
        j->st = WN_OK;
        done_push(f, j);
        return WN_OK;
    }
    if (code >= 300 && code < 400) {
        char *loc = NULL;
        curl_easy_getinfo(j->easy, CURLINFO_REDIRECT_URL, &loc);
        if (loc && *loc) {
            if (j->redirects >= f->o.max_redirects) {
                job_fail(f, j, WN_EFETCH, "too many redirects (more than %u)", f->o.max_redirects);
                return WN_OK;
            }
            j->redirects++;
            f->stats.redirects++;
            char *target = dupstr(loc);
            if (!target) return WN_ENOMEM;
            wn_status st = job_enqueue(f, j, target);
            free(target);
            if (st != WN_OK) job_fail(f, j, st, "following the redirect: %s", wn_strerror(st));
            return st;
        }
    }
    if ((code == 429 || code == 503) && can_retry) goto retry;
    job_fail(f, j, WN_EFETCH, "HTTP %ld%s", code, j->attempts > 1 ? " (after retries)" : "");
    return WN_OK;
retry:;
    curl_off_t ra = 0;
    curl_easy_getinfo(j->easy, CURLINFO_RETRY_AFTER, &ra);
    j->not_before = now + backoff(f, j, (long)ra);
    host_push(j->h, j);
    return WN_OK;
}

/* Collects finished transfers. */
static wn_status reap(wn_fetch_t *f) {
    CURLMsg *m;
    int left;
    wn_status st = WN_OK;
    uint64_t now = now_ms();
    while ((m = curl_multi_info_read(f->multi, &left))) {
        if (m->msg != CURLMSG_DONE) continue;
        CURL *e = m->easy_handle;
        CURLcode rc = m->data.result;
        job *j = NULL;
        curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&j);
        curl_multi_remove_handle(f->multi, e);
        if (j->rprev)
            j->rprev->rnext = j->rnext;
        else
            f->run_head = j->rnext;
        if (j->rnext) j->rnext->rprev = j->rprev;
        j->rprev = j->rnext = NULL;
        j->h->active--;
        f->running--;
        wn_status s2;
        if (j->is_robots) {
            s2 = finish_robots(f, j, rc);
            curl_easy_cleanup(e);
            job_free(j);
        } else {
            s2 = finish_page(f, j, rc, now);
            curl_easy_cleanup(e);
            j->easy = NULL;
        }
        if (s2 != WN_OK && st == WN_OK) st = s2;
    }
    return st;
}

/* Starts what the limits allow; sets *wake to the ms until the next timed
 * start (UINT64_MAX if none). */
static wn_status schedule(wn_fetch_t *f, uint64_t now, uint64_t *wake) {
    *wake = UINT64_MAX;
    for (size_t i = 0; i < f->nhosts; i++) {
        host *h = f->hostv[i];
        while (h->qhead && f->running < f->o.concurrency) {
            if (h->robots_state == ROBOTS_NONE) {
                if (h->active >= f->o.per_host) break;
                wn_status st = start_robots(f, h, now);
                if (st != WN_OK) return st;
                break;
            }
            if (h->robots_state == ROBOTS_PENDING) break;
            /* Refuse every queued URL that robots.txt disallows. */
            job *prev = NULL, *ready = NULL, *ready_prev = NULL;
            for (job *j = h->qhead, *next; j; j = next) {
                next = j->next;
                if (h->robots && !wn_robots_allowed(h->robots, j->path)) {
                    host_unlink(h, prev, j);
                    f->stats.robots_denied++;
                    if (h->robots_why[0])
                        job_fail(f, j, WN_EFETCH, "disallowed by robots.txt (%s, so the whole host is)",
                                 h->robots_why);
                    else
                        job_fail(f, j, WN_EFETCH, "disallowed by robots.txt");
                    continue;
                }
                if (!ready && j->not_before <= now) {
                    ready = j;
                    ready_prev = prev;
                } else if (!ready && j->not_before - now < *wake) {
                    *wake = j->not_before - now;
                }
                prev = j;
            }
            if (!ready || h->active >= f->o.per_host) break;
            if (h->next_start > now) {
                if (h->next_start - now < *wake) *wake = h->next_start - now;
                break;
            }
            host_unlink(h, ready_prev, ready);
            wn_status st = start_transfer(f, ready, now);
            if (st == WN_ENOMEM) return st;
            if (st != WN_OK) job_fail(f, ready, WN_EFETCH, "could not start the transfer");
        }
    }
    return WN_OK;
}

/* Fills the page view of finished job j and hands it to cb. */
static wn_status deliver(wn_fetch_t *f, job *j, wn_fetch_page_fn cb, void *ud) {
    char ct[256], ce[64], te[64];
    wn_fetch_page_t pg;
    memset(&pg, 0, sizeof pg);
    {
        /* "fetch:" + hex SHA-1 of the URL as given: stable across runs, so
         * a re-fetch of the URL is the same page to the sink (the record
         * id of a WARC copy is new at every fetch: it is provenance). */
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int mdlen = 0;
        static const char hex[] = "0123456789abcdef";
        if (EVP_Digest(j->url, strlen(j->url), md, &mdlen, EVP_sha1(), NULL) != 1 || mdlen != 20) return WN_ENOMEM;
        memcpy(j->fid, "fetch:", 6);
        for (unsigned i = 0; i < 20; i++) {
            j->fid[6 + 2 * i] = hex[md[i] >> 4];
            j->fid[7 + 2 * i] = hex[md[i] & 15];
        }
        j->fid[46] = '\0';
    }
    pg.id = j->fid;
    pg.warc_record_id = f->warc && j->st == WN_OK && j->id[0] ? j->id : NULL;
    pg.url = j->url;
    pg.final_url = j->cur ? j->cur : j->url;
    pg.status = j->st;
    pg.reason = j->st != WN_OK ? (j->reason[0] ? j->reason : wn_strerror(j->st)) : NULL;
    pg.http_status = j->http_status;
    if (j->head.len) {
        if (header_value(j->head.data, j->head.len, "Content-Type", ct, sizeof ct)) pg.content_type = ct;
        if (header_value(j->head.data, j->head.len, "Content-Encoding", ce, sizeof ce)) pg.content_encoding = ce;
        if (header_value(j->head.data, j->head.len, "Transfer-Encoding", te, sizeof te)) pg.transfer_encoding = te;
    }
    pg.fetch_time = j->when[0] ? j->when : NULL;
    if (j->st == WN_OK) {
        pg.head = j->head.data;
        pg.head_len = j->head.len;
        pg.body = j->body.data ? j->body.data : "";
        pg.body_len = j->body.len;
    }
    pg.attempts = j->attempts;
    pg.redirects = j->redirects;
    return cb(ud, &pg);
}

wn_status wn_fetch_step(wn_fetch_t *f, int timeout_ms, wn_fetch_page_fn cb, void *ud) {
    if (!f || !cb) return WN_EINVAL;
    if (f->fatal != WN_OK) return f->fatal;
    uint64_t wake;
    wn_status st = schedule(f, now_ms(), &wake);
    if (st != WN_OK) return st;
    if (!f->done_head) {
        int wait = timeout_ms < 0 ? 0 : timeout_ms;
        if (wake < (uint64_t)wait) wait = (int)wake;
        int still;
        if (f->running && curl_multi_perform(f->multi, &still) != CURLM_OK) return WN_EFETCH;
        if (curl_multi_poll(f->multi, NULL, 0, wait, NULL) != CURLM_OK) return WN_EFETCH;
    }
    int still;
    if (curl_multi_perform(f->multi, &still) != CURLM_OK) return WN_EFETCH;
    st = reap(f);
    if (st == WN_OK) st = schedule(f, now_ms(), &wake);
    /* Deliver whatever is finished, even after an error above. */
    while (f->done_head) {
        job *j = f->done_head;
        wn_status cst = deliver(f, j, cb, ud);
        f->done_head = j->next;
        if (!f->done_head) f->done_tail = NULL;
        if (j->st == WN_OK)
            f->stats.pages++;
        else
            f->stats.failed++;
        f->held--;
        job_free(j);
        if (cst != WN_OK) return cst;
    }
    return st;
}

wn_fetch_t *wn_fetch_new(const wn_fetch_opts_t *o, wn_status *st, char *err, size_t errlen) {
    wn_status dummy;
    if (!st) st = &dummy;
    if (!o || !o->user_agent || !*o->user_agent || o->concurrency == 0 || o->per_host == 0 || o->max_queue == 0 ||
        o->max_body == 0 || strpbrk(o->user_agent, "\r\n")) {
        *st = WN_EINVAL;
        seterr(err, errlen, "fetch: bad options (concurrency, per_host, max_queue and max_body must be > 0, "
                            "user_agent non-empty)");
        return NULL;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        *st = WN_EFETCH;
        seterr(err, errlen, "fetch: libcurl failed to initialise");
        return NULL;
    }
    wn_fetch_t *f = calloc(1, sizeof *f);
    if (!f) {
        *st = WN_ENOMEM;
        seterr(err, errlen, "fetch: out of memory");
        curl_global_cleanup();
        return NULL;
    }
    f->o = *o;
    f->multi = curl_multi_init();
    struct curl_slist *h1 = curl_slist_append(NULL, "Accept-Encoding: gzip, deflate, br");
    f->hdrs = h1 ? curl_slist_append(h1, "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.5") : NULL;
    if (!f->hdrs) curl_slist_free_all(h1);
    if (!f->multi || !f->hdrs) {
        *st = WN_ENOMEM;
        seterr(err, errlen, "fetch: out of memory");
        goto fail;
    }
    /* No CURLMOPT_MAX_*_CONNECTIONS: schedule() enforces the limits itself;
     * curl's would only queue transfers inside curl, where their timeouts
     * would run while they wait. */
    if (o->warc && *o->warc) {
        f->warc = wn_warcw_open(o->warc, "winnow/" WN_VERSION_STRING " (libcurl)", NULL, st);
        if (!f->warc) {
            if (err && errlen)
                snprintf(err, errlen, "fetch: %s: cannot create WARC file: %s", o->warc, wn_strerror(*st));
            goto fail;
        }
        f->stats.warc_records = wn_warcw_count(f->warc);
    }
    *st = WN_OK;
    return f;
fail: {
    wn_status ignored = wn_fetch_destroy(&f);
    (void)ignored;
}
    return NULL;
}

void wn_fetch_stats(const wn_fetch_t *f, wn_fetch_stats_t *out) {
    if (f)
        *out = f->stats;
    else
        memset(out, 0, sizeof *out);
}

wn_status wn_fetch_destroy(wn_fetch_t **self) {
    if (!self || !*self) return WN_OK;
    wn_fetch_t *f = *self;
    for (size_t i = 0; i < f->nhosts; i++) {
        host *h = f->hostv[i];
        for (job *j = h->qhead, *next; j; j = next) {
            next = j->next;
            job_free(j);
        }
        wn_robots_destroy(&h->robots);
        free(h->key);
        free(h);
    }
    free(f->hostv);
    for (job *j = f->done_head, *next; j; j = next) {
        next = j->next;
        job_free(j);
    }
    if (f->multi) {
        for (job *j = f->run_head, *next; j; j = next) {
            next = j->rnext;
            curl_multi_remove_handle(f->multi, j->easy);
            curl_easy_cleanup(j->easy);
            job_free(j);
        }
        curl_multi_cleanup(f->multi);
    }
    curl_slist_free_all(f->hdrs);
    wn_status st = wn_warcw_close(&f->warc);
    free(f);
    curl_global_cleanup();
    *self = NULL;
    return st;
}

wn_status wn_fetch_run(const wn_fetch_opts_t *o, const wn_fetch_hooks_t *hooks, wn_fetch_stats_t *stats, char *err,
                       size_t errlen) {
    if (stats) memset(stats, 0, sizeof *stats);
    if (!hooks || !hooks->next_url || !hooks->on_page) {
        seterr(err, errlen, "fetch: next_url and on_page hooks are required");
        return WN_EINVAL;
    }
    wn_status st;
    wn_fetch_t *f = wn_fetch_new(o, &st, err, errlen);
    if (!f) return st;
    int eof = 0;
    for (;;) {
        while (!eof && wn_fetch_room(f) > 0) {
            const char *url = NULL;
            int r = hooks->next_url(hooks->ud, &url);
            if (r == 0) eof = 1;
            if (r != 1) break;
            st = wn_fetch_add(f, url);
            if (st != WN_OK) {
                seterr(err, errlen, "fetch: out of memory queueing a URL");
                goto out;
            }
        }
        if (eof && wn_fetch_pending(f) == 0) break;
        st = wn_fetch_step(f, 100, hooks->on_page, hooks->ud);
        if (st != WN_OK) {
            if (err && errlen) snprintf(err, errlen, "fetch: %s", wn_strerror(st));
            goto out;
        }
        if (hooks->idle && (st = hooks->idle(hooks->ud)) != WN_OK) {
            if (err && errlen) snprintf(err, errlen, "fetch: stopped: %s", wn_strerror(st));
            goto out;
        }
    }
    st = WN_OK;
out:
    if (stats) wn_fetch_stats(f, stats);
    wn_status cst = wn_fetch_destroy(&f);
    if (st == WN_OK && cst != WN_OK) {
        st = cst;
        if (err && errlen) snprintf(err, errlen, "fetch: closing the WARC file failed: %s", wn_strerror(cst));
    }
    return st;
}
