/* test_source.c -- unit tests for the delivery engine (source.h).
 *
 * The test plays worker and sink itself over ipc:// endpoints in a private
 * temporary directory: it receives tasks, acknowledges some, lets others
 * pass their deadline, and checks resends, give-ups, error records and the
 * counters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include <cmocka.h>

#include "winnow/proto.h"
#include "winnow/source.h"

typedef struct fixture {
    char dir[64];
    wn_config_t cfg;
    void *ctx, *tasks, *results;
} fixture_t;

static int setup(void **state) {
    fixture_t *f = calloc(1, sizeof *f);
    if (!f) return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/wnsrc.XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    wn_config_init(&f->cfg);
    snprintf(f->cfg.tasks, sizeof f->cfg.tasks, "ipc://%s/t", f->dir);
    snprintf(f->cfg.results, sizeof f->cfg.results, "ipc://%s/r", f->dir);
    snprintf(f->cfg.acks, sizeof f->cfg.acks, "ipc://%s/a", f->dir);
    f->cfg.deadline_ms = 150;
    f->cfg.attempts = 2;
    f->cfg.max_in_flight = 8;
    f->cfg.max_page_bytes = 1000;
    f->ctx = zmq_ctx_new();
    f->tasks = zmq_socket(f->ctx, ZMQ_PULL);
    f->results = zmq_socket(f->ctx, ZMQ_PULL);
    int zero = 0;
    zmq_setsockopt(f->tasks, ZMQ_LINGER, &zero, sizeof zero);
    zmq_setsockopt(f->results, ZMQ_LINGER, &zero, sizeof zero);
    if (zmq_bind(f->results, f->cfg.results) != 0) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture_t *f = *state;
    zmq_close(f->tasks);
    zmq_close(f->results);
    zmq_ctx_term(f->ctx);
    char p[128];
    const char *names[] = {"t", "r", "a"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", f->dir, names[i]);
        unlink(p);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Receives one 3-frame message within `ms`; copies frame 2 into hdr. */
static int recv3(void *sock, int ms, char *tag, char *hdr, size_t hdrlen, size_t *body_len) {
    zmq_pollitem_t it = {sock, 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&it, 1, ms) <= 0) return 0;
    char buf[8192];
    int n = zmq_recv(sock, buf, sizeof buf, 0);
    if (n < 0) return 0;
    memcpy(tag, buf, 4);
    tag[4] = '\0';
    n = zmq_recv(sock, hdr, hdrlen - 1, 0);
    if (n < 0) return 0;
    hdr[(size_t)n < hdrlen ? (size_t)n : hdrlen - 1] = '\0';
    n = zmq_recv(sock, buf, sizeof buf, 0);
    if (body_len) *body_len = n < 0 ? 0 : (size_t)n;
    return 1;
}

static void send_ack(fixture_t *f, const char *ep, const char *id, int ok) {
    void *s = zmq_socket(f->ctx, ZMQ_PUSH);
    int linger = 2000;
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    assert_int_equal(zmq_connect(s, ep), 0);
    wn_ack_t a = {id, ok, 0, 0};
    size_t len;
    char *json = wn_proto_ack_encode(&a, 1, &len);
    zmq_send(s, WN_PROTO_ACK, 4, ZMQ_SNDMORE);
    zmq_send(s, json, len, 0);
    free(json);
    zmq_close(s);
}

static void test_deliver_resend_give_up(void **state) {
    fixture_t *f = *state;
    wn_status st;
    char err[256];
    wn_source_t *s = wn_source_new(&f->cfg, &st, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(zmq_connect(f->tasks, f->cfg.tasks), 0);

    wn_task_t t = {0};
    t.id = "a";
    t.url = "https://e.test/a";
    t.body = "<p>a</p>";
    t.body_len = 8;
    assert_int_equal(wn_source_submit(s, &t), WN_OK);
    t.id = "b";
    assert_int_equal(wn_source_submit(s, &t), WN_OK);
    assert_int_equal(wn_source_submit(s, &t), WN_EINVAL); /* "b" already in flight */
    t.id = "big";
    t.body_len = 1001;
    assert_int_equal(wn_source_submit(s, &t), WN_ETOOBIG);
    assert_int_equal(wn_source_fail(s, "dam", NULL, "record 3: truncated gzip member"), WN_OK);

    char tag[5], hdr[4096];
    size_t blen = 0;
    wn_task_msg_t *m = NULL;
    int got_a = 0, got_b = 0;
    char ack_ep[256] = "";
    for (int i = 0; i < 2; i++) {
        /* poll the source until the task is out: the worker end may connect
         * late on a slow machine (valgrind), and the task waits in the
         * source until then */
        int got = 0;
        for (int k = 0; k < 80 && !got; k++) {
            assert_int_equal(wn_source_poll(s, 10), WN_OK);
            got = recv3(f->tasks, 25, tag, hdr, sizeof hdr, &blen);
        }
        assert_true(got);
        assert_string_equal(tag, "WNT1");
        assert_int_equal(blen, 8);
        assert_int_equal(wn_proto_task_parse(hdr, strlen(hdr), &m, err, sizeof err), WN_OK);
        assert_int_equal(m->attempt, 1);
        got_a += !strcmp(m->task.id, "a");
        got_b += !strcmp(m->task.id, "b");
        snprintf(ack_ep, sizeof ack_ep, "%s", m->ack);
        wn_task_msg_destroy(&m);
    }
    assert_int_equal(got_a, 1);
    assert_int_equal(got_b, 1);
    assert_string_equal(ack_ep, f->cfg.acks);
    /* the damaged record went straight to the sink */
    assert_true(recv3(f->results, 2000, tag, hdr, sizeof hdr, NULL));
    assert_string_equal(tag, "WNR1");
    assert_non_null(strstr(hdr, "\"id\":\"dam\""));
    assert_non_null(strstr(hdr, "truncated gzip member"));
    send_ack(f, ack_ep, "dam", 0);

    /* ack "a"; leave "b" to pass its deadline: it comes back as attempt 2 */
    send_ack(f, ack_ep, "a", 1);
    send_ack(f, ack_ep, "a", 1); /* a duplicate ack is harmless */
    int resent = 0;
    for (int i = 0; i < 40 && !resent; i++) {
        assert_int_equal(wn_source_poll(s, 25), WN_OK);
        if (recv3(f->tasks, 1, tag, hdr, sizeof hdr, NULL)) {
            assert_int_equal(wn_proto_task_parse(hdr, strlen(hdr), &m, err, sizeof err), WN_OK);
            assert_string_equal(m->task.id, "b");
            assert_int_equal(m->attempt, 2);
            wn_task_msg_destroy(&m);
            resent = 1;
        }
    }
    assert_true(resent);
    /* still no ack: after 2 attempts the source gives up with an error record */
    int gave_up = 0;
    for (int i = 0; i < 40 && !gave_up; i++) {
        assert_int_equal(wn_source_poll(s, 25), WN_OK);
        if (recv3(f->results, 1, tag, hdr, sizeof hdr, NULL)) {
            assert_non_null(strstr(hdr, "\"id\":\"b\""));
            assert_non_null(strstr(hdr, "gave up after 2 attempts: worker died or timed out"));
            gave_up = 1;
        }
    }
    assert_true(gave_up);
    wn_source_stats_t stats;
    wn_source_stats(s, &stats);
    assert_int_equal(stats.in_flight, 1);
    assert_int_equal(wn_source_drain(s, 50), WN_ETRUNCATED); /* "b" not acked yet */
    send_ack(f, ack_ep, "b", 0);
    assert_int_equal(wn_source_drain(s, 3000), WN_OK);
    wn_source_stats(s, &stats);
    assert_int_equal(stats.read, 3);
    assert_int_equal(stats.ok, 1);
    assert_int_equal(stats.error, 2);
    assert_int_equal(stats.in_flight, 0);
    assert_int_equal(stats.sent, 3);
    assert_int_equal(stats.resent, 1);
    assert_int_equal(stats.gave_up, 1);
    assert_int_equal(stats.failed, 1);
    assert_int_equal(stats.bytes, 16); /* two bodies of 8 bytes; the error record has none */
    uint64_t timed = 0;
    for (int b = 0; b <= WN_LATENCY_BUCKETS; b++) timed += stats.latency[b];
    assert_int_equal(timed, 3); /* every acknowledged page, error records included */
    assert_true(stats.latency[0] < 3); /* "b" waited for its deadline and a give-up: not all under 5 ms */
    wn_source_destroy(&s);
    assert_null(s);
    wn_source_destroy(&s);
}

/* wn_source_submit_owned: the body goes out from the caller's buffer,
 * which the source frees (the sanitizer and valgrind runs catch a leak or
 * a double free) -- also when it refuses the page -- and a resend after
 * the deadline still reads the same bytes. */
static void test_submit_owned(void **state) {
    fixture_t *f = *state;
    wn_status st;
    char err[256];
    wn_source_t *s = wn_source_new(&f->cfg, &st, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(zmq_connect(f->tasks, f->cfg.tasks), 0);

    char *block = malloc(64);
    assert_non_null(block);
    memcpy(block, "HTTP/1.1 200 OK\r\n\r\n<p>owned</p>", 32);
    wn_task_t t = {0};
    t.id = "own";
    t.body = block + 19;
    t.body_len = 12;
    assert_int_equal(wn_source_submit_owned(s, &t, block), WN_OK);
    char *big = malloc(2000);
    assert_non_null(big);
    t.id = "big";
    t.body = big;
    t.body_len = 1001; /* over max_page_bytes: refused, and freed */
    assert_int_equal(wn_source_submit_owned(s, &t, big), WN_ETOOBIG);
    t.id = NULL;
    assert_int_equal(wn_source_submit_owned(s, &t, malloc(8)), WN_EINVAL);

    for (int attempt = 1; attempt <= 2; attempt++) {
        zmq_pollitem_t it = {f->tasks, 0, ZMQ_POLLIN, 0};
        for (int i = 0; i < 80 && zmq_poll(&it, 1, 0) == 0; i++) assert_int_equal(wn_source_poll(s, 25), WN_OK);
        char tag[5], hdr[4096], body[64];
        assert_int_equal(zmq_recv(f->tasks, tag, 4, 0), 4);
        assert_memory_equal(tag, "WNT1", 4);
        int n = zmq_recv(f->tasks, hdr, sizeof hdr - 1, 0);
        assert_true(n > 0);
        hdr[n] = '\0';
        assert_non_null(strstr(hdr, "\"id\":\"own\""));
        n = zmq_recv(f->tasks, body, sizeof body, 0);
        assert_int_equal(n, 12);
        assert_memory_equal(body, "<p>owned</p>", 12); /* resent from the same buffer */
    }
    wn_source_destroy(&s); /* frees the still unacknowledged buffer */
}

static void test_window_and_bind_errors(void **state) {
    fixture_t *f = *state;
    wn_status st;
    char err[256];
    f->cfg.max_in_flight = 2;
    f->cfg.deadline_ms = 60000;
    wn_source_t *s = wn_source_new(&f->cfg, &st, err, sizeof err);
    assert_non_null(s);
    /* a tasks endpoint already bound elsewhere is an error naming it */
    void *taken = zmq_socket(f->ctx, ZMQ_PULL);
    assert_int_equal(zmq_bind(taken, "tcp://127.0.0.1:*"), 0);
    wn_config_t c2 = f->cfg;
    size_t eplen = sizeof c2.tasks;
    assert_int_equal(zmq_getsockopt(taken, ZMQ_LAST_ENDPOINT, c2.tasks, &eplen), 0);
    snprintf(c2.acks, sizeof c2.acks, "ipc://%s/a2", f->dir);
    wn_source_t *s2 = wn_source_new(&c2, &st, err, sizeof err);
    assert_null(s2);
    assert_int_equal(st, WN_EZMQ);
    assert_non_null(strstr(err, "cannot bind tasks endpoint tcp://127.0.0.1:"));
    zmq_close(taken);
    /* no worker connected: tasks wait in the window, none is lost */
    wn_task_t t = {0};
    t.id = "1";
    assert_int_equal(wn_source_submit(s, &t), WN_OK);
    t.id = "2";
    assert_int_equal(wn_source_submit(s, &t), WN_OK);
    wn_source_stats_t stats;
    wn_source_stats(s, &stats);
    assert_int_equal(stats.in_flight, 2);
    assert_int_equal(stats.sent, 0);
    assert_int_equal(zmq_connect(f->tasks, f->cfg.tasks), 0);
    char tag[5], hdr[1024];
    int n = 0;
    for (int i = 0; i < 100 && n < 2; i++) {
        assert_int_equal(wn_source_poll(s, 10), WN_OK);
        while (recv3(f->tasks, 1, tag, hdr, sizeof hdr, NULL)) n++;
    }
    assert_int_equal(n, 2);
    send_ack(f, f->cfg.acks, "1", 1);
    send_ack(f, f->cfg.acks, "2", 1);
    assert_int_equal(wn_source_drain(s, 3000), WN_OK);
    wn_source_destroy(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_deliver_resend_give_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window_and_bind_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submit_owned, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
