/* winnow/fetch.h -- fetch web pages with libcurl's multi interface,
 * politely, and optionally archive every page as WARC/1.1.
 *
 * The engine holds a bounded queue of URLs and runs up to `concurrency`
 * transfers at once, at most `per_host` of them to one host
 * (scheme://host:port), starting requests to one host at least `delay_ms`
 * apart. robots.txt is fetched once per host and obeyed (see robots.h).
 * Redirects are followed by the engine itself (not by curl), so each hop
 * passes the robots check and the per-host limits of its own host.
 * Responses 429 and 503 and connection-level errors are retried with
 * exponential backoff (Retry-After honoured up to a cap).
 *
 * Bodies are requested with "Accept-Encoding: gzip, deflate" and kept as
 * received: still compressed, and with chunked transfer-coding left in
 * (curl's transfer decoding is off). That raw form is what the WARC stores
 * and what a winnow task carries; the worker decodes it, exactly as for a
 * replayed WARC, so a live run and the replay of its WARC give the same
 * records.
 *
 * Each URL handed to the engine ends as exactly one wn_fetch_page_t passed
 * to the caller's callback: a page (status WN_OK, a 2xx response) or a
 * failure with a reason. Not thread-safe: one engine per thread.
 */
#ifndef WINNOW_FETCH_H
#define WINNOW_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "winnow/config.h"
#include "winnow/status.h"

typedef struct wn_fetch wn_fetch_t;

typedef struct wn_fetch_opts {
    unsigned concurrency;        /* transfers at once (default 32) */
    unsigned per_host;           /* transfers at once to one host (2) */
    unsigned delay_ms;           /* between request starts to one host (1000) */
    unsigned connect_timeout_ms; /* (5000) */
    unsigned timeout_ms;         /* whole transfer (30000) */
    unsigned max_redirects;      /* hops followed before failing (5) */
    size_t max_body;             /* body bytes as received; larger aborts (16 MiB) */
    const char *user_agent;      /* borrowed; its first token is the robots.txt agent */
    unsigned retries;            /* extra attempts on 429/503/connection errors (2) */
    unsigned backoff_ms;         /* first retry delay, doubled each time (1000) */
    unsigned retry_after_max_ms; /* cap on a server's Retry-After (60000) */
    bool robots;                 /* obey robots.txt (true) */
    const char *warc;            /* borrowed; save pages to this WARC(.gz) file, or NULL */
    size_t max_queue;            /* URLs held by the engine at once (1024) */
    /* Optional: returns nonzero for a Content-Type that is not a page (e.g.
     * wn_proto_not_html); such a 2xx transfer is aborted as WN_ENOTHTML. */
    int (*reject_type)(const char *content_type);
} wn_fetch_opts_t;

/* The outcome for one URL. Every pointer is borrowed and valid only during
 * the callback. */
typedef struct wn_fetch_page {
    const char *id;           /* "fetch:" + hex SHA-1 of url: the same at every fetch of url */
    const char *url;          /* the URL as given to wn_fetch_add */
    const char *final_url;    /* after redirects (the WARC-Target-URI) */
    wn_status status;         /* WN_OK: a page; WN_EFETCH, WN_ETOOBIG, WN_ENOTHTML, WN_EINVAL */
    const char *reason;       /* when status != WN_OK: why, e.g. "HTTP 500",
                                 "disallowed by robots.txt", "timeout: ..." */
    int http_status;          /* last HTTP status, 0 if none */
    const char *content_type; /* header values of the final response, or NULL */
    const char *content_encoding;
    const char *transfer_encoding;
    const char *fetch_time;   /* ISO 8601 UTC, second precision (the WARC-Date) */
    const char *head;         /* status line + headers as received (WN_OK only) */
    size_t head_len;
    const void *body;         /* body as received: maybe chunked, maybe compressed */
    size_t body_len;
    unsigned attempts;        /* requests made for the final URL */
    unsigned redirects;       /* hops followed */
    const char *warc_record_id; /* WARC-Record-ID of the response record written, when writing
                                 * WARC and status == WN_OK; else NULL */
} wn_fetch_page_t;

/* Called once per URL. Return WN_OK to go on; any other status stops the
 * engine's current step, which returns it. */
typedef wn_status (*wn_fetch_page_fn)(void *ud, const wn_fetch_page_t *page);

/* Fills `o` with the defaults listed above. */
WN_EXPORT void wn_fetch_opts_init(wn_fetch_opts_t *o);

/* Fills `o` from the [fetch] section of `c` (defaults first, so fields
 * pipeline.conf has no key for keep theirs). user_agent and warc point
 * into `c`, which must outlive `o`; an empty warc path means none. */
WN_EXPORT void wn_fetch_opts_from_config(wn_fetch_opts_t *o, const wn_config_t *c);

/* Creates an engine (and opens the WARC file if o->warc is set; the
 * warcinfo record is written at once). `o` is copied, but the strings it
 * points to are borrowed and must outlive the engine. Returns the engine
 * (caller owns it; wn_fetch_destroy) or NULL with *st (WN_EINVAL,
 * WN_ENOMEM, WN_EIO for the WARC file, WN_EFETCH if libcurl fails to
 * initialise) and a message in err. */
WN_EXPORT wn_fetch_t *wn_fetch_new(const wn_fetch_opts_t *o, wn_status *st, char *err, size_t errlen);

/* Queues `url` (copied). Returns WN_OK or WN_ENOMEM, or WN_ETOOBIG when
 * max_queue URLs are already held (call wn_fetch_step first). A URL that
 * cannot be fetched (bad syntax, not http/https) is accepted and later
 * reported through the callback with WN_EINVAL. */
WN_EXPORT WN_MUST_CHECK wn_status wn_fetch_add(wn_fetch_t *f, const char *url);

/* URLs that wn_fetch_add would still accept now. */
WN_EXPORT size_t wn_fetch_room(const wn_fetch_t *f);

/* URLs held: queued, waiting for a retry, transferring, or finished but
 * not yet passed to a callback. 0 once everything has been delivered. */
WN_EXPORT size_t wn_fetch_pending(const wn_fetch_t *f);

/* Runs the engine for at most about `timeout_ms` (0: do what is ready
 * without waiting): starts transfers the limits allow, waits for network
 * activity, finishes transfers, and passes every finished URL to `cb`.
 * Returns WN_OK; what `cb` returned if not WN_OK; WN_EIO if writing the
 * WARC failed; WN_EFETCH if libcurl's multi interface failed. */
WN_EXPORT WN_MUST_CHECK wn_status wn_fetch_step(wn_fetch_t *f, int timeout_ms, wn_fetch_page_fn cb, void *ud);

/* Counters since creation. */
typedef struct wn_fetch_stats {
    size_t pages;      /* delivered with WN_OK */
    size_t failed;     /* delivered with an error */
    size_t requests;   /* HTTP requests made, robots.txt included */
    size_t retries;    /* requests that were retries */
    size_t redirects;  /* hops followed */
    size_t robots_denied;
    size_t hosts;      /* distinct scheme://host:port seen */
    size_t warc_records;
} wn_fetch_stats_t;

/* Copies the counters into *out. */
WN_EXPORT void wn_fetch_stats(const wn_fetch_t *f, wn_fetch_stats_t *out);

/* Stops every transfer (URLs still held are dropped without a callback),
 * closes the WARC file, frees the engine and sets *self to NULL. Accepts
 * NULL. Returns WN_EIO if closing the WARC file failed, else WN_OK. */
WN_EXPORT WN_MUST_CHECK wn_status wn_fetch_destroy(wn_fetch_t **self);

/* Hooks of the convenience loop below. */
typedef struct wn_fetch_hooks {
    /* Next URL to fetch: returns 1 and sets *url (borrowed until the next
     * call), 0 at the end of the input, -1 "none right now" (asked again
     * later). Required. */
    int (*next_url)(void *ud, const char **url);
    wn_fetch_page_fn on_page; /* required */
    /* Called between steps (e.g. to receive acks); a non-OK return stops
     * the run. May be NULL. */
    wn_status (*idle)(void *ud);
    void *ud;
} wn_fetch_hooks_t;

/* Fetches every URL that hooks->next_url yields and passes each outcome to
 * hooks->on_page; returns when the input is exhausted and every URL has
 * been delivered. The entry point for `winnow fetch` and `winnow run
 * --fetch`. Returns WN_OK or the first error (message in err); with *stats
 * (may be NULL) filled either way. */
WN_EXPORT WN_MUST_CHECK wn_status wn_fetch_run(const wn_fetch_opts_t *o, const wn_fetch_hooks_t *hooks,
                                               wn_fetch_stats_t *stats, char *err, size_t errlen);

#endif
