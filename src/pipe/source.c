/* source.c -- the delivery engine of a task source (see winnow/source.h).
 *
 * Every page handed in occupies one slot until the sink acknowledges its
 * id. A slot is in one of four states:
 *
 *   QUEUED_TASK  waiting for a worker to have room (tasks PUSH would block)
 *   SENT_TASK    sent; resent when its deadline passes, given up after
 *                `attempts` sends (it then becomes a record)
 *   QUEUED_REC   an error record waiting to be sent straight to the sink
 *   SENT_REC     sent to the sink; sent again if not acknowledged in time
 *
 * Queued slots sit on two intrusive FIFO lists so an ack can take a slot
 * out in O(1); an idmap maps ids to slots. Deadlines are checked by a scan
 * of the slots at most every few milliseconds -- max_in_flight is small.
 */
#include "winnow/source.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "base/idmap.h"
#include "winnow/curve.h"

enum { S_FREE = 0, S_QUEUED_TASK, S_SENT_TASK, S_QUEUED_REC, S_SENT_REC };

/* A task body shared, without copying, by its slot and by every task
 * message ZeroMQ still holds (zmq_msg_init_data): the last of them frees
 * it. ZeroMQ drops its reference from its I/O thread, hence the atomic.
 * The bytes are either a copy that follows the header (data) or a
 * caller's buffer handed over by wn_source_submit_owned (owned). */
typedef struct body {
    atomic_uint refs;
    void *owned; /* freed with the body; NULL when the bytes are in data */
    char data[];
} body_t;

static void body_unref(body_t *b) {
    if (b && atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1) {
        free(b->owned);
        free(b);
    }
}

/* zmq_free_fn: called by ZeroMQ (any thread) when it is done with a frame. */
static void body_zmq_free(void *data, void *hint) {
    (void)data;
    body_unref(hint);
}

#define NIL UINT32_MAX

/* Kernel send buffer of the tasks socket. Left to the kernel, loopback TCP
 * buffers grow to megabytes, i.e. dozens of pages queued per worker beyond
 * the high-water mark: a worker that drew slow pages then finishes long
 * after the others (a tail of ~0.1 s on the dev set). Workers set the same
 * receive buffer; the high-water mark then really is the queue length. */
#define TASKS_SOCKBUF (128 * 1024)

typedef struct slot {
    int state;
    uint32_t prev, next; /* queue links while QUEUED_* */
    char *strings;       /* one block holding id, url, content_type, ... */
    wn_task_t task;      /* pointers into `strings` and `body` */
    body_t *body;        /* a reference to the copy of the body (NULL for records) */
    char *reason;        /* owned: error record reason, NULL for tasks */
    wn_status code;      /* error record code */
    unsigned attempts;   /* task sends so far */
    unsigned innocent;   /* resends after a worker died with this task queued, not in hand */
    int64_t deadline;    /* ms, monotonic, while SENT_* */
    int64_t sent_at;     /* when last sent */
    int64_t born;        /* when submitted (for the latency histogram) */
    int worker;          /* index in the worker table of who reported holding it, -1 */
    struct queue *inq;   /* the queue the slot is on while QUEUED_*, else NULL */
} slot_t;

/* A worker known from its heartbeats. */
#define MAX_WORKERS_SEEN 256
#define MAX_INNOCENT 10 /* free resends of a task whose workers kept dying with it queued */
typedef struct wseen {
    char name[96]; /* "host/pid"; "" = free entry */
    int64_t last;  /* last heartbeat */
} wseen_t;

typedef struct queue {
    uint32_t head, tail;
} queue_t;

struct wn_source {
    wn_config_t cfg;
    void *ctx;
    wn_curve_t *curve; /* CURVE server for tasks/acks, client for results (inert without keys) */
    void *tasks;   /* PUSH, bound */
    void *acks;    /* PULL, bound */
    void *results; /* PUSH, connected */
    char ack_ep[WN_CONFIG_ENDPOINT_MAX]; /* address sinks connect to, sent in every task */
    slot_t *slots;
    uint32_t nslots;
    uint32_t *free_stack;
    uint32_t nfree;
    queue_t task_q, rec_q;
    queue_t retry_q;  /* tasks to send again, one at a time (see flush_queues) */
    uint32_t suspect; /* the resent task in flight, NIL if none */
    wn_idmap_t *ids;
    int64_t last_scan;
    int64_t last_progress; /* last ack that freed a slot (for cfg.wait_ms) */
    wn_source_hooks_t hooks;
    wseen_t *seen;         /* MAX_WORKERS_SEEN */
    wn_source_stats_t st;
};

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void q_push(wn_source_t *s, queue_t *q, uint32_t i) {
    slot_t *e = &s->slots[i];
    e->inq = q;
    e->next = NIL;
    e->prev = q->tail;
    if (q->tail != NIL) s->slots[q->tail].next = i;
    else q->head = i;
    q->tail = i;
}

static void q_remove(wn_source_t *s, queue_t *q, uint32_t i) {
    slot_t *e = &s->slots[i];
    e->inq = NULL;
    if (e->prev != NIL) s->slots[e->prev].next = e->next;
    else q->head = e->next;
    if (e->next != NIL) s->slots[e->next].prev = e->prev;
    else q->tail = e->prev;
    e->prev = e->next = NIL;
}

/* Frees slot i's memory and returns it to the free stack. */
static void slot_release(wn_source_t *s, uint32_t i) {
    slot_t *e = &s->slots[i];
    if (e->inq) q_remove(s, e->inq, i); /* the queue it is on, whichever */
    if (s->suspect == i) s->suspect = NIL;
    free(e->strings);
    body_unref(e->body);
    free(e->reason);
    memset(e, 0, sizeof *e);
    e->prev = e->next = NIL;
    e->worker = -1;
    s->free_stack[s->nfree++] = i;
    s->st.in_flight--;
}

static wn_status zerr(const char *what, const char *ep, char *err, size_t errlen) {
    snprintf(err, errlen, "%s %s: %s", what, ep, zmq_strerror(zmq_errno()));
    return WN_EZMQ;
}

static void setopt_int(void *sock, int opt, int v) { (void)zmq_setsockopt(sock, opt, &v, sizeof v); }

/* Works out the ack address to advertise: the endpoint actually bound
 * (resolves "tcp://127.0.0.1:*"), with a wildcard host replaced by this
 * host's name so sinks elsewhere can reach it. */
static void advertise(wn_source_t *s) {
    char last[WN_CONFIG_ENDPOINT_MAX] = "";
    size_t len = sizeof last;
    if (zmq_getsockopt(s->acks, ZMQ_LAST_ENDPOINT, last, &len) != 0 || !last[0])
        snprintf(last, sizeof last, "%s", s->cfg.acks);
    const char *wild[] = {"tcp://0.0.0.0:", "tcp://*:", "tcp://[::]:"};
    for (size_t i = 0; i < 3; i++) {
        size_t wl = strlen(wild[i]);
        if (strncmp(last, wild[i], wl)) continue;
        char host[128] = "127.0.0.1";
        if (gethostname(host, sizeof host) != 0) snprintf(host, sizeof host, "127.0.0.1");
        host[sizeof host - 1] = '\0';
        snprintf(s->ack_ep, sizeof s->ack_ep, "tcp://%s:%s", host, last + wl);
        return;
    }
    snprintf(s->ack_ep, sizeof s->ack_ep, "%s", last);
}

wn_source_t *wn_source_new(const wn_config_t *cfg, wn_status *st, char *err, size_t errlen) {
    char tmp[256];
    wn_status dummy;
    if (!st) st = &dummy;
    if (!err || !errlen) err = tmp, errlen = sizeof tmp;
    *st = WN_ENOMEM;
    snprintf(err, errlen, "out of memory");
    if (!cfg || cfg->max_in_flight == 0 || cfg->attempts == 0) {
        *st = WN_EINVAL;
        snprintf(err, errlen, "bad configuration (max_in_flight and attempts must be > 0)");
        return NULL;
    }
    wn_source_t *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->cfg = *cfg;
    s->nslots = cfg->max_in_flight;
    s->slots = calloc(s->nslots, sizeof *s->slots);
    s->free_stack = calloc(s->nslots, sizeof *s->free_stack);
    s->ids = wn_idmap_new(0);
    s->seen = calloc(MAX_WORKERS_SEEN, sizeof *s->seen);
    s->hooks.stop_fd = s->hooks.ctl_fd = -1;
    s->task_q.head = s->task_q.tail = s->rec_q.head = s->rec_q.tail = NIL;
    s->retry_q.head = s->retry_q.tail = NIL;
    s->suspect = NIL;
    if (!s->slots || !s->free_stack || !s->ids || !s->seen) goto fail;
    for (uint32_t i = 0; i < s->nslots; i++) {
        s->slots[i].prev = s->slots[i].next = NIL;
        s->slots[i].worker = -1;
        s->free_stack[s->nfree++] = s->nslots - 1 - i;
    }
    s->ctx = zmq_ctx_new();
    if (!s->ctx) goto fail;
    /* Before any bind: the ZAP handler must be up when the first client knocks. */
    s->curve = wn_curve_new(s->ctx, cfg, WN_CURVE_SERVER | WN_CURVE_CLIENT, st, err, errlen);
    if (!s->curve) goto fail_st;
    s->tasks = zmq_socket(s->ctx, ZMQ_PUSH);
    s->acks = zmq_socket(s->ctx, ZMQ_PULL);
    s->results = zmq_socket(s->ctx, ZMQ_PUSH);
    if (!s->tasks || !s->acks || !s->results) {
        *st = zerr("cannot create socket", "", err, errlen);
        goto fail_st;
    }
    setopt_int(s->tasks, ZMQ_SNDHWM, cfg->hwm);
    setopt_int(s->tasks, ZMQ_IMMEDIATE, 1);
    setopt_int(s->tasks, ZMQ_LINGER, 0); /* unsent tasks are resent or accounted for anyway */
    setopt_int(s->tasks, ZMQ_SNDBUF, TASKS_SOCKBUF);
    setopt_int(s->acks, ZMQ_RCVHWM, 100000);
    setopt_int(s->acks, ZMQ_LINGER, 0);
    setopt_int(s->results, ZMQ_SNDHWM, cfg->hwm);
    setopt_int(s->results, ZMQ_LINGER, 1000);
    /* The sink may bind after we connect (winnow run starts both at once):
     * retry after 10 ms, not libzmq's 100 ms, or the first error record
     * waits that long. */
    setopt_int(s->results, ZMQ_RECONNECT_IVL, 10);
    setopt_int(s->results, ZMQ_RECONNECT_IVL_MAX, 1000);
    if ((*st = wn_curve_server(s->curve, s->tasks, err, errlen)) != WN_OK ||
        (*st = wn_curve_server(s->curve, s->acks, err, errlen)) != WN_OK ||
        (*st = wn_curve_client(s->curve, s->results, err, errlen)) != WN_OK)
        goto fail_st;
    if (zmq_bind(s->tasks, cfg->tasks) != 0) {
        *st = zerr("cannot bind tasks endpoint", cfg->tasks, err, errlen);
        goto fail_st;
    }
    if (cfg->local_tasks[0] && zmq_bind(s->tasks, cfg->local_tasks) != 0) {
        *st = zerr("cannot bind local_tasks endpoint", cfg->local_tasks, err, errlen);
        goto fail_st;
    }
    if (zmq_bind(s->acks, cfg->acks) != 0) {
        *st = zerr("cannot bind acks endpoint", cfg->acks, err, errlen);
        goto fail_st;
    }
    if (zmq_connect(s->results, cfg->results) != 0) {
        *st = zerr("cannot connect to results endpoint", cfg->results, err, errlen);
        goto fail_st;
    }
    advertise(s);
    s->last_scan = s->last_progress = now_ms();
    *st = WN_OK;
    err[0] = '\0';
    return s;
fail:
    *st = WN_ENOMEM;
    snprintf(err, errlen, "out of memory");
fail_st:
    wn_source_destroy(&s);
    return NULL;
}

void wn_source_destroy(wn_source_t **self) {
    if (!self || !*self) return;
    wn_source_t *s = *self;
    if (s->slots)
        for (uint32_t i = 0; i < s->nslots; i++) {
            free(s->slots[i].strings);
            body_unref(s->slots[i].body);
            free(s->slots[i].reason);
        }
    if (s->tasks) zmq_close(s->tasks);
    if (s->acks) zmq_close(s->acks);
    if (s->results) zmq_close(s->results);
    wn_curve_destroy(&s->curve); /* closes the ZAP handler's socket: before zmq_ctx_term */
    if (s->ctx) zmq_ctx_term(s->ctx);
    wn_idmap_destroy(&s->ids);
    free(s->slots);
    free(s->free_stack);
    free(s->seen);
    free(s);
    *self = NULL;
}

void wn_source_stats(const wn_source_t *s, wn_source_stats_t *out) { *out = s->st; }

/* Sends frames[0..n) as one multipart message without blocking. Returns 1
 * if sent, 0 if the socket has no room (EAGAIN), -1 on another error. */
static int send_parts(void *sock, const void *const *data, const size_t *len, int n) {
    for (int i = 0; i < n; i++) {
        int flags = ZMQ_DONTWAIT | (i + 1 < n ? ZMQ_SNDMORE : 0);
        if (zmq_send(sock, data[i], len[i], flags) < 0) {
            if (i == 0 && zmq_errno() == EAGAIN) return 0;
            if (i == 0) return -1;
            /* Later parts of a multipart message cannot block once the first
             * went: ZeroMQ queues whole messages. Treat a failure as fatal. */
            return -1;
        }
    }
    return 1;
}

/* Tries to send the task in slot i. Returns 1 sent, 0 no room, -1 error.
 * The body frame is not copied: ZeroMQ gets a reference to the slot's
 * body (a resend, or a slot released while the frame is still queued,
 * is safe: the body lives until its last reference goes). */
static int send_task(wn_source_t *s, uint32_t i) {
    slot_t *e = &s->slots[i];
    size_t hlen = 0;
    char *hdr = wn_proto_task_header(&e->task, s->ack_ep, e->attempts + 1, &hlen);
    if (!hdr) return -1;
    const void *data[2] = {WN_PROTO_TASK, hdr};
    size_t len[2] = {4, hlen};
    int rc = -1;
    if (!e->body) {
        const void *all[3] = {WN_PROTO_TASK, hdr, ""};
        size_t alllen[3] = {4, hlen, 0};
        rc = send_parts(s->tasks, all, alllen, 3);
        goto out;
    }
    /* Frames 1 and 2 with SNDMORE: once the first is queued the rest are too. */
    if (zmq_send(s->tasks, data[0], len[0], ZMQ_DONTWAIT | ZMQ_SNDMORE) < 0) {
        rc = zmq_errno() == EAGAIN ? 0 : -1;
        goto out;
    }
    if (zmq_send(s->tasks, data[1], len[1], ZMQ_DONTWAIT | ZMQ_SNDMORE) < 0) goto out;
    zmq_msg_t m;
    atomic_fetch_add_explicit(&e->body->refs, 1, memory_order_relaxed);
    if (zmq_msg_init_data(&m, (void *)e->task.body, e->task.body_len, body_zmq_free, e->body) != 0) {
        body_unref(e->body);
        goto out;
    }
    if (zmq_msg_send(&m, s->tasks, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close(&m); /* drops ZeroMQ's reference */
        goto out;
    }
    rc = 1;
out:
    free(hdr);
    return rc;
}

static int send_record(wn_source_t *s, uint32_t i) {
    slot_t *e = &s->slots[i];
    wn_result_info_t r = {0};
    r.id = e->task.id;
    r.url = e->task.url;
    r.ack = s->ack_ep;
    r.status = e->code;
    r.error = e->reason;
    r.worker = "source";
    r.http_status = e->task.http_status;
    r.fetch_time = e->task.fetch_time;
    r.task = &e->task;
    size_t hlen = 0;
    char *hdr = wn_proto_result_header(&r, &hlen);
    if (!hdr) return -1;
    const void *data[3] = {WN_PROTO_RESULT, hdr, ""};
    size_t len[3] = {4, hlen, 0};
    int rc = send_parts(s->results, data, len, 3);
    free(hdr);
    return rc;
}

/* Marks slot i (a task just handed to the tasks socket) as sent. */
static void task_sent(wn_source_t *s, uint32_t i, int64_t now) {
    slot_t *e = &s->slots[i];
    e->state = S_SENT_TASK;
    e->deadline = now + s->cfg.deadline_ms;
    e->sent_at = now;
    e->worker = -1;
    if (e->attempts > 0) s->st.resent++;
    e->attempts++;
    s->st.sent++;
}

/* Sends what is queued, as far as the sockets take it.
 *
 * Tasks to be sent again go one at a time: a page that kills every worker
 * that takes it also kills the tasks queued behind it on that worker, and
 * resent together they would die together again until all of them gave up.
 * Alone, the killer takes nobody with it on its later attempts, and the
 * pages it took down the first time come through on their second. */
static wn_status flush_queues(wn_source_t *s, int64_t now) {
    if (s->suspect == NIL && s->retry_q.head != NIL) {
        uint32_t i = s->retry_q.head;
        int rc = send_task(s, i);
        if (rc < 0) return WN_EZMQ;
        if (rc > 0) {
            q_remove(s, &s->retry_q, i);
            task_sent(s, i, now);
            s->suspect = i;
        }
    }
    while (s->rec_q.head != NIL) {
        uint32_t i = s->rec_q.head;
        int rc = send_record(s, i);
        if (rc == 0) break;
        if (rc < 0) return WN_EZMQ;
        q_remove(s, &s->rec_q, i);
        s->slots[i].state = S_SENT_REC;
        s->slots[i].deadline = now + s->cfg.deadline_ms;
    }
    while (s->task_q.head != NIL) {
        uint32_t i = s->task_q.head;
        int rc = send_task(s, i);
        if (rc == 0) break;
        if (rc < 0) return WN_EZMQ;
        q_remove(s, &s->task_q, i);
        task_sent(s, i, now);
    }
    return WN_OK;
}

/* Turns slot i (a task) into an error record and queues it. */
static wn_status give_up(wn_source_t *s, uint32_t i) {
    slot_t *e = &s->slots[i];
    char msg[160];
    snprintf(msg, sizeof msg, "gave up after %u attempts: worker died or timed out", e->attempts);
    e->reason = strdup(msg);
    if (!e->reason) return WN_ENOMEM;
    e->code = WN_EIO;
    body_unref(e->body);
    e->body = NULL;
    e->task.body = NULL;
    e->task.body_len = 0;
    e->state = S_QUEUED_REC;
    q_push(s, &s->rec_q, i);
    s->st.gave_up++;
    return WN_OK;
}

/* Requeues or gives up on slots whose deadline passed. */
static wn_status check_deadlines(wn_source_t *s, int64_t now) {
    if (now - s->last_scan < 5) return WN_OK;
    s->last_scan = now;
    for (uint32_t i = 0; i < s->nslots; i++) {
        slot_t *e = &s->slots[i];
        if ((e->state != S_SENT_TASK && e->state != S_SENT_REC) || e->deadline > now) continue;
        if (s->suspect == i) s->suspect = NIL;
        if (e->state == S_SENT_REC) {
            e->state = S_QUEUED_REC;
            q_push(s, &s->rec_q, i);
        } else if (e->attempts >= s->cfg.attempts) {
            wn_status st = give_up(s, i);
            if (st != WN_OK) return st;
        } else {
            e->state = S_QUEUED_TASK;
            q_push(s, &s->retry_q, i);
        }
    }
    return WN_OK;
}

/* Counts one acknowledged page of latency `ms` in the histogram. */
static void latency_add(wn_source_stats_t *st, int64_t ms) {
    static const int64_t bound[WN_LATENCY_BUCKETS] = WN_LATENCY_BOUNDS_MS;
    if (ms < 0) ms = 0;
    int b = 0;
    while (b < WN_LATENCY_BUCKETS && ms > bound[b]) b++;
    st->latency[b]++;
    st->latency_ms += (uint64_t)ms;
}

static void on_ack(void *ud, const wn_ack_t *ack) {
    wn_source_t *s = ud;
    uint32_t i;
    size_t n = strlen(ack->id);
    if (!wn_idmap_get(s->ids, ack->id, n, &i)) return; /* already acknowledged: a duplicate */
    (void)wn_idmap_del(s->ids, ack->id, n);
    if (ack->skipped) s->st.skipped++;
    else if (ack->ok) s->st.ok++;
    else s->st.error++;
    if (ack->ok && ack->empty) s->st.empty++;
    int64_t now = now_ms();
    latency_add(&s->st, now - s->slots[i].born);
    slot_release(s, i);
    s->last_progress = now;
}

static void q_push_front(wn_source_t *s, queue_t *q, uint32_t i) {
    slot_t *e = &s->slots[i];
    e->inq = q;
    e->prev = NIL;
    e->next = q->head;
    if (q->head != NIL) s->slots[q->head].prev = i;
    else q->tail = i;
    q->head = i;
}

/* Queues sent task i to be sent again now. `blame`: it was in the hands of
 * a worker that died, so the send counts as an attempt (and may be the
 * last: give up); else it was only queued behind, and is sent again for
 * free (up to MAX_INNOCENT times). */
static wn_status resend_now(wn_source_t *s, uint32_t i, int blame) {
    slot_t *e = &s->slots[i];
    if (s->suspect == i) s->suspect = NIL;
    e->worker = -1;
    if (!blame && e->innocent < MAX_INNOCENT) {
        e->innocent++;
        e->attempts--; /* task_sent counts it again */
    } else if (e->attempts >= s->cfg.attempts) {
        return give_up(s, i);
    }
    e->state = S_QUEUED_TASK;
    q_push_front(s, &s->task_q, i);
    s->st.failover++;
    return WN_OK;
}

/* Worker w is dead: its task in hand (blamed) and every sent task no
 * live worker reported holding (sitting in a socket queue that may have
 * been its) are sent again now. */
static wn_status worker_dead(wn_source_t *s, int w, int64_t now) {
    s->st.lost++;
    for (uint32_t i = 0; i < s->nslots; i++) {
        slot_t *e = &s->slots[i];
        if (e->state != S_SENT_TASK || e->sent_at > now) continue;
        if (e->worker == w || e->worker < 0) {
            wn_status st = resend_now(s, i, e->worker == w);
            if (st != WN_OK) return st;
        }
    }
    if (w >= 0) s->seen[w].name[0] = '\0';
    return WN_OK;
}

static int seen_find(wn_source_t *s, const char *name, int create, int64_t now) {
    int free_i = -1, oldest = 0;
    for (int i = 0; i < MAX_WORKERS_SEEN; i++) {
        if (!s->seen[i].name[0]) {
            if (free_i < 0) free_i = i;
            continue;
        }
        if (!strcmp(s->seen[i].name, name)) return i;
        if (s->seen[i].last < s->seen[oldest].last) oldest = i;
    }
    if (!create) return -1;
    int i = free_i >= 0 ? free_i : oldest; /* a full table forgets the longest silent */
    if (free_i < 0)
        for (uint32_t k = 0; k < s->nslots; k++)
            if (s->slots[k].worker == i) s->slots[k].worker = -1;
    snprintf(s->seen[i].name, sizeof s->seen[i].name, "%s", name);
    s->seen[i].last = now;
    return i;
}

/* A heartbeat: {"worker": "host/pid", "busy": id or null}. */
static void on_beat(wn_source_t *s, const char *json, size_t len) {
    char name[96], busy[WN_PROTO_ID_MAX + 1];
    if (!wn_proto_beat_parse(json, len, name, sizeof name, busy, sizeof busy)) return;
    int64_t now = now_ms();
    int w = seen_find(s, name, 1, now);
    s->seen[w].last = now;
    uint32_t i;
    if (busy[0] && wn_idmap_get(s->ids, busy, strlen(busy), &i) && s->slots[i].state == S_SENT_TASK)
        s->slots[i].worker = w;
}

/* Declares dead the workers silent for liveness x heartbeat_ms. */
static wn_status check_workers(wn_source_t *s, int64_t now) {
    if (!s->cfg.heartbeat_ms) return WN_OK;
    int64_t limit = (int64_t)s->cfg.heartbeat_ms * (s->cfg.liveness ? s->cfg.liveness : 4);
    for (int w = 0; w < MAX_WORKERS_SEEN; w++) {
        if (!s->seen[w].name[0] || now - s->seen[w].last <= limit) continue;
        int holds = 0;
        for (uint32_t i = 0; i < s->nslots && !holds; i++) holds = s->slots[i].worker == w;
        if (!holds) { /* idle and gone quiet: forget it */
            s->seen[w].name[0] = '\0';
            continue;
        }
        wn_status st = worker_dead(s, w, now);
        if (st != WN_OK) return st;
    }
    return WN_OK;
}

wn_status wn_source_worker_lost(wn_source_t *s, const char *worker) {
    if (!s || !worker) return WN_EINVAL;
    int64_t now = now_ms();
    int w = seen_find(s, worker, 0, now);
    return worker_dead(s, w, now);
}

void wn_source_set_hooks(wn_source_t *s, const wn_source_hooks_t *h) {
    if (h) s->hooks = *h;
    else {
        memset(&s->hooks, 0, sizeof s->hooks);
        s->hooks.stop_fd = s->hooks.ctl_fd = -1;
    }
}

/* Reads every ack waiting on the socket. */
static wn_status read_acks(wn_source_t *s) {
    for (;;) {
        zmq_msg_t part;
        zmq_msg_init(&part);
        if (zmq_msg_recv(&part, s->acks, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&part);
            return zmq_errno() == EAGAIN ? WN_OK : WN_EZMQ;
        }
        /* [ "WNA1" ][ JSON array ] or [ "WNH1" ][ heartbeat ]: anything else is dropped whole. */
        int good = zmq_msg_size(&part) == 4 && !memcmp(zmq_msg_data(&part), WN_PROTO_ACK, 4);
        int beat = zmq_msg_size(&part) == 4 && !memcmp(zmq_msg_data(&part), WN_PROTO_BEAT, 4);
        int idx = 0;
        while (zmq_msg_more(&part)) {
            zmq_msg_close(&part);
            zmq_msg_init(&part);
            if (zmq_msg_recv(&part, s->acks, 0) < 0) {
                zmq_msg_close(&part);
                return WN_EZMQ;
            }
            ++idx;
            if (beat && idx == 1) on_beat(s, zmq_msg_data(&part), zmq_msg_size(&part));
            if (good && idx == 1 &&
                wn_proto_ack_parse(zmq_msg_data(&part), zmq_msg_size(&part), on_ack, s) != WN_OK)
                good = 0; /* not an array: nothing acknowledged */
        }
        zmq_msg_close(&part);
    }
}

wn_status wn_source_poll(wn_source_t *s, int timeout_ms) {
    int64_t start = now_ms();
    uint32_t nfree = s->nfree;
    for (;;) {
        int64_t now = now_ms();
        wn_status st = read_acks(s);
        if (st == WN_OK) st = check_deadlines(s, now);
        if (st == WN_OK && now - s->last_scan < 1) st = check_workers(s, now); /* after each deadline scan */
        if (st == WN_OK) st = flush_queues(s, now);
        if (st != WN_OK) return st;
        /* An ack freed a slot: the caller may submit, or be done draining.
         * Waiting out the timeout here cost a drained run up to 100 ms. */
        if (s->nfree > nfree) return WN_OK;
        int64_t left = start + (timeout_ms < 0 ? 0 : timeout_ms) - now;
        if (left <= 0) return WN_OK;
        /* Wake for acks, for room on a socket we have something queued for,
         * or by the next deadline scan. */
        if (s->hooks.stop && s->hooks.stop(s->hooks.ud)) return WN_OK; /* the caller looks at its flags */
        zmq_pollitem_t items[5] = {{s->acks, 0, ZMQ_POLLIN, 0}, {s->tasks, 0, 0, 0}, {s->results, 0, 0, 0},
                                   {NULL, -1, 0, 0}, {NULL, -1, 0, 0}};
        int nitems = 3;
        if (s->task_q.head != NIL || (s->retry_q.head != NIL && s->suspect == NIL)) items[1].events = ZMQ_POLLOUT;
        if (s->rec_q.head != NIL) items[2].events = ZMQ_POLLOUT;
        int ctl_at = -1;
        if (s->hooks.stop_fd >= 0) items[nitems++] = (zmq_pollitem_t){NULL, s->hooks.stop_fd, ZMQ_POLLIN, 0};
        if (s->hooks.ctl_fd >= 0 && s->hooks.ctl) {
            ctl_at = nitems;
            items[nitems++] = (zmq_pollitem_t){NULL, s->hooks.ctl_fd, ZMQ_POLLIN, 0};
        }
        long wait = left < 50 ? (long)left : 50;
        int pr = zmq_poll(items, nitems, wait);
        if (pr < 0) {
            if (zmq_errno() != EINTR) return WN_EZMQ;
            return WN_OK; /* a signal: let the caller look at its flags */
        }
        if (ctl_at >= 0 && (items[ctl_at].revents & ZMQ_POLLIN)) s->hooks.ctl(s->hooks.ud, s);
    }
}

/* Takes a free slot and registers `id`; returns NIL on failure with *st. */
static uint32_t take_slot(wn_source_t *s, const char *id, wn_status *st) {
    size_t n = strlen(id);
    if (!n || n > WN_PROTO_ID_MAX || wn_idmap_get(s->ids, id, n, NULL)) {
        *st = WN_EINVAL;
        return NIL;
    }
    while (s->nfree == 0) {
        if (s->hooks.stop && s->hooks.stop(s->hooks.ud)) {
            *st = WN_EINTR;
            return NIL;
        }
        if (s->cfg.wait_ms && now_ms() - s->last_progress > (int64_t)s->cfg.wait_ms) {
            *st = WN_ETIMEDOUT;
            return NIL;
        }
        *st = wn_source_poll(s, 20);
        if (*st != WN_OK) return NIL;
    }
    uint32_t i = s->free_stack[s->nfree - 1];
    *st = wn_idmap_put(s->ids, id, n, i);
    if (*st != WN_OK) return NIL;
    s->nfree--;
    s->st.in_flight++;
    s->slots[i].born = now_ms();
    return i;
}

/* Copies the task's strings, UTF-8 repaired as the wire will carry them
 * (so acks match the id held), into one block owned by slot e. */
static wn_status copy_strings(slot_t *e, const wn_task_t *t) {
    enum { NS = 9 };
    const char *src[NS] = {t->id,         t->url,       t->content_type,   t->content_encoding, t->transfer_encoding,
                           t->fetch_time, t->warc_file, t->warc_record_id, t->target_uri};
    char *clean[NS] = {0};
    size_t len[NS] = {0}, total = 0;
    wn_status st = WN_ENOMEM;
    for (int i = 0; i < NS; i++) {
        if (!src[i]) continue;
        if (!(clean[i] = wn_proto_utf8_clean(src[i], strlen(src[i]), &len[i]))) goto out;
        total += len[i] + 1;
    }
    e->strings = malloc(total ? total : 1);
    if (!e->strings) goto out;
    const char *dst[NS] = {0};
    char *p = e->strings;
    for (int i = 0; i < NS; i++) {
        if (!clean[i]) continue;
        memcpy(p, clean[i], len[i] + 1);
        dst[i] = p;
        p += len[i] + 1;
    }
    e->task.id = dst[0];
    e->task.url = dst[1];
    e->task.content_type = dst[2];
    e->task.content_encoding = dst[3];
    e->task.transfer_encoding = dst[4];
    e->task.fetch_time = dst[5];
    e->task.warc_file = dst[6];
    e->task.warc_record_id = dst[7];
    e->task.target_uri = dst[8];
    e->task.warc_offset = t->warc_offset;
    e->task.http_status = t->http_status;
    st = WN_OK;
out:
    for (int i = 0; i < NS; i++) free(clean[i]);
    return st;
}

static void undo_slot(wn_source_t *s, uint32_t i, const char *id) {
    (void)wn_idmap_del(s->ids, id, strlen(id));
    slot_release(s, i);
}

/* wn_source_submit(_owned): `block` (may be NULL) holds task->body and is
 * taken in every case; without it the body is copied. */
static wn_status submit(wn_source_t *s, const wn_task_t *task, void *block) {
    if (!s || !task || !task->id) {
        free(block);
        return WN_EINVAL;
    }
    if (task->body_len > s->cfg.max_page_bytes) {
        free(block);
        return WN_ETOOBIG;
    }
    /* Key the slot by the id as the wire carries it (UTF-8 repaired), so
     * the acks, which echo the wire form, find it. */
    char *id = wn_proto_utf8_clean(task->id, strlen(task->id), NULL);
    if (!id) {
        free(block);
        return WN_ENOMEM;
    }
    wn_task_t t = *task;
    t.id = id;
    wn_status st;
    uint32_t i = take_slot(s, id, &st);
    if (i == NIL) goto out;
    slot_t *e = &s->slots[i];
    st = WN_ENOMEM;
    if (copy_strings(e, &t) != WN_OK) goto undo;
    if (t.body_len || block) {
        e->body = malloc(sizeof *e->body + (block ? 0 : t.body_len));
        if (!e->body) goto undo;
        atomic_init(&e->body->refs, 1);
        e->body->owned = block;
        block = NULL;
        if (!e->body->owned) memcpy(e->body->data, t.body, t.body_len);
    }
    e->task.body = !e->body ? NULL : e->body->owned ? t.body : e->body->data;
    e->task.body_len = t.body_len;
    e->state = S_QUEUED_TASK;
    q_push(s, &s->task_q, i);
    s->st.read++;
    s->st.bytes += t.body_len;
    st = flush_queues(s, now_ms());
    goto out;
undo:
    undo_slot(s, i, id);
out:
    free(block);
    free(id);
    return st;
}

wn_status wn_source_submit(wn_source_t *s, const wn_task_t *task) { return submit(s, task, NULL); }

wn_status wn_source_submit_owned(wn_source_t *s, const wn_task_t *task, void *block) {
    return submit(s, task, block);
}

/* Guesses a status code for a source's error record from its reason, so
 * the output's error_code is useful for filtering. */
static wn_status code_for(const char *reason) {
    if (!strncmp(reason, "not HTML", 8)) return WN_ENOTHTML;
    if (strstr(reason, "too big") || strstr(reason, "exceeds")) return WN_ETOOBIG;
    if (!strncmp(reason, "fetch: ", 7)) return WN_EFETCH; /* winnow fetch: network, HTTP, robots.txt */
    if (strstr(reason, "truncated")) return WN_ETRUNCATED;
    if (strstr(reason, "unsupported")) return WN_EUNSUPPORTED;
    return WN_ECORRUPT;
}

wn_status wn_source_fail(wn_source_t *s, const char *id, const char *url, const char *reason) {
    wn_task_t t = {0};
    t.id = id;
    t.url = url;
    t.warc_offset = -1;
    return wn_source_fail_task(s, &t, reason);
}

wn_status wn_source_fail_task(wn_source_t *s, const wn_task_t *task, const char *reason) {
    if (!s || !task || !task->id || !reason) return WN_EINVAL;
    char *cid = wn_proto_utf8_clean(task->id, strlen(task->id), NULL);
    if (!cid) return WN_ENOMEM;
    wn_status st;
    uint32_t i = take_slot(s, cid, &st);
    if (i == NIL) goto out;
    slot_t *e = &s->slots[i];
    wn_task_t t = *task;
    t.id = cid;
    if (copy_strings(e, &t) != WN_OK || !(e->reason = strdup(reason))) {
        undo_slot(s, i, cid);
        st = WN_ENOMEM;
        goto out;
    }
    e->code = code_for(reason);
    e->state = S_QUEUED_REC;
    q_push(s, &s->rec_q, i);
    s->st.read++;
    s->st.failed++;
    st = flush_queues(s, now_ms());
out:
    free(cid);
    return st;
}

wn_status wn_source_drain(wn_source_t *s, int timeout_ms) {
    int64_t end = now_ms() + timeout_ms;
    while (s->st.in_flight > 0) {
        int64_t left = end - now_ms();
        if (timeout_ms >= 0 && left <= 0) return WN_ETRUNCATED;
        wn_status st = wn_source_poll(s, timeout_ms < 0 || left > 100 ? 100 : (int)left);
        if (st != WN_OK) return st;
    }
    return WN_OK;
}
