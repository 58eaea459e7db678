/* winnow/source.h -- the delivery engine of a task source.
 *
 * A source (winnow replay, winnow fetch, your program) hands pages to
 * wn_source_submit(); the engine sends them to workers as tasks, keeps each
 * one until the sink acknowledges it, sends it again when its deadline
 * passes, and after `attempts` sends gives up and sends the sink an error
 * record itself. Every submitted page therefore ends as exactly one line in
 * the sink's output (the sink drops duplicate ids), ok or error, even when
 * workers die or stall. See docs/protocol.md, "Delivery".
 *
 * Sockets (endpoints from wn_config_t):
 *   tasks    PUSH, bound   -- workers connect their PULL
 *   acks     PULL, bound   -- sinks connect a PUSH to the address in each task
 *   results  PUSH, connected to the sink -- error records (wn_source_fail, give-ups)
 *
 * With [curve] keys in the config, tasks and acks are CURVE servers that
 * accept only authorised client keys and results is a CURVE client (see
 * winnow/curve.h); wn_source_new then also fails with WN_ECONFIG (bad or
 * missing keys) or WN_EIO (authorized_keys unreadable).
 *
 * Heartbeats: workers send ["WNH1"][{"worker":..., "busy": id}] to the acks
 * endpoint of the tasks they hold (docs/protocol.md); a worker silent for
 * cfg->liveness x cfg->heartbeat_ms is declared dead and its tasks are sent
 * again at once, as by wn_source_worker_lost.
 *
 * At most cfg->max_in_flight pages are held unacknowledged; submit blocks
 * (receiving acks, resending) while the window is full, so a slow sink slows
 * the source and memory stays bounded. Not thread-safe: one thread per source.
 */
#ifndef WINNOW_SOURCE_H
#define WINNOW_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "winnow/config.h"
#include "winnow/proto.h"
#include "winnow/status.h"

typedef struct wn_source wn_source_t;

/* Per-page latency buckets: upper bounds in ms (a last bucket holds the
 * rest). The same bounds serve the stats files' histograms
 * (docs/pipeline.conf.5, [pipeline] stats). */
#define WN_LATENCY_BUCKETS 12
#define WN_LATENCY_BOUNDS_MS {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 60000}

typedef struct wn_source_stats {
    uint64_t read;      /* pages submitted + failed directly (each counts once) */
    uint64_t ok;        /* acknowledged as written with status ok */
    uint64_t error;     /* acknowledged as written with status error */
    uint64_t in_flight; /* held, not yet acknowledged */
    uint64_t sent;      /* task messages sent, resends included */
    uint64_t resent;    /* task messages sent again after a deadline */
    uint64_t gave_up;   /* pages turned into error records after `attempts` sends */
    uint64_t failed;    /* error records from wn_source_fail */
    uint64_t skipped;   /* acknowledged as written with status skipped (the language filter) */
    uint64_t empty;     /* of `ok`: pages written with no text (no main content) */
    uint64_t lost;      /* workers declared dead (missed heartbeats or wn_source_worker_lost) */
    uint64_t failover;  /* tasks sent again at once because their worker died */
    uint64_t bytes;     /* task body bytes submitted */
    /* Acknowledged pages by latency (submitted to acknowledged, error
     * records included): latency[i] counts those of at most
     * WN_LATENCY_BOUNDS_MS[i] ms (and over the one before), the last one
     * those over every bound; latency_ms the sum of the latencies. */
    uint64_t latency[WN_LATENCY_BUCKETS + 1];
    uint64_t latency_ms;
} wn_source_stats_t;

/* Creates a source: binds cfg->tasks and cfg->acks, connects to
 * cfg->results. The config is copied. Returns the source (caller owns it,
 * free with wn_source_destroy) or NULL with *st set (WN_EZMQ when an
 * endpoint cannot be bound, WN_EINVAL, WN_ENOMEM) and a message in err. */
WN_EXPORT wn_source_t *wn_source_new(const wn_config_t *cfg, wn_status *st, char *err, size_t errlen);

/* Hands one page to the engine. Everything in `task` (strings, body) is
 * copied; the caller may reuse it on return. Blocks while max_in_flight
 * pages are unacknowledged: at most cfg->wait_ms without any
 * acknowledgement (0: no limit; then WN_ETIMEDOUT), and not past a stop
 * request of the hooks (WN_EINTR). Returns WN_OK; WN_EINVAL (no id, or the
 * id is already in flight); WN_ETOOBIG (body over max_page_bytes: the
 * caller should wn_source_fail it); WN_ETIMEDOUT; WN_EINTR; WN_ENOMEM;
 * WN_EZMQ. */
WN_EXPORT WN_MUST_CHECK wn_status wn_source_submit(wn_source_t *s, const wn_task_t *task);

/* As wn_source_submit, but without copying the body: `block` is a malloc'd
 * buffer holding task->body (task->body points into it, e.g. a record
 * block from wn_warc_take_block). The engine takes `block` in every case,
 * error returns included, sends the body from it and frees it when the
 * last task message referring to it is gone. The other fields of `task`
 * are copied as by wn_source_submit. */
WN_EXPORT WN_MUST_CHECK wn_status wn_source_submit_owned(wn_source_t *s, const wn_task_t *task, void *block);

/* Records a page that cannot be sent (damaged record, not HTML, too big):
 * sends the sink an error record with `reason` and tracks it until it is
 * acknowledged like any task. `url` may be NULL. Returns as submit. */
WN_EXPORT WN_MUST_CHECK wn_status wn_source_fail(wn_source_t *s, const char *id, const char *url,
                                                 const char *reason);

/* As wn_source_fail, for a page whose task is known: the error record
 * carries the task's provenance (warc_file, warc_offset, warc_record_id,
 * target_uri, fetch_time, http_status, content_type; its body is not
 * used). Everything is copied. Returns as wn_source_fail. */
WN_EXPORT WN_MUST_CHECK wn_status wn_source_fail_task(wn_source_t *s, const wn_task_t *task, const char *reason);

/* Receives acks and resends overdue tasks for up to `timeout_ms` (0: only
 * what is ready now), returning early once an ack has freed a slot (so a
 * blocked submit or a drain goes on at once). Returns WN_OK or WN_EZMQ. */
WN_EXPORT WN_MUST_CHECK wn_status wn_source_poll(wn_source_t *s, int timeout_ms);

/* Polls until every page is acknowledged (returns WN_OK) or `timeout_ms`
 * passes (-1: no limit; returns WN_ETRUNCATED with pages still in flight). */
WN_EXPORT WN_MUST_CHECK wn_status wn_source_drain(wn_source_t *s, int timeout_ms);

/* What a blocking call (submit with the window full, poll, drain) also
 * watches. Every field may be 0/NULL/-1. */
typedef struct wn_source_hooks {
    int stop_fd;           /* readable when stop() may have turned true (a signal's self-pipe) */
    int (*stop)(void *ud); /* nonzero: submit and fail stop waiting and return WN_EINTR */
    int ctl_fd;            /* readable: ctl(ud, s) is called (e.g. to pass on wn_source_worker_lost) */
    void (*ctl)(void *ud, wn_source_t *s);
    void *ud;
} wn_source_hooks_t;

/* Installs hooks (copied); NULL removes them. */
WN_EXPORT void wn_source_set_hooks(wn_source_t *s, const wn_source_hooks_t *h);

/* The worker named `worker` ("host/pid", as in its results and heartbeats)
 * is known to be dead (e.g. `winnow run` saw it exit): the task it had in
 * hand and every sent task no live worker has reported holding are queued
 * to be sent again now, not after deadline_ms. Only the task in hand
 * counts as an attempt. Returns WN_OK (also when the worker is unknown). */
WN_EXPORT wn_status wn_source_worker_lost(wn_source_t *s, const char *worker);

/* Copies the counters into *out. */
WN_EXPORT void wn_source_stats(const wn_source_t *s, wn_source_stats_t *out);

/* Closes the sockets (pending messages are dropped after a short linger),
 * frees everything and sets *self to NULL. Accepts NULL. */
WN_EXPORT void wn_source_destroy(wn_source_t **self);

#endif
