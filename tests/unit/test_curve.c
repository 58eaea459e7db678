/* test_curve.c -- unit tests for CURVE set-up and the ZAP handler (curve.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zmq.h>

#include "winnow/config.h"
#include "winnow/curve.h"

typedef struct {
    char pub[41], sec[41];
} pair_t;

static pair_t pair(void) {
    pair_t p;
    assert_int_equal(zmq_curve_keypair(p.pub, p.sec), 0);
    return p;
}

static void set(wn_config_t *c, const char *key, const char *value) {
    char err[256];
    assert_int_equal(wn_config_set(c, "curve", key, value, err, sizeof err), WN_OK);
}

static void test_key_syntax(void **state) {
    (void)state;
    pair_t p = pair();
    assert_true(wn_curve_key_valid(p.pub));
    assert_false(wn_curve_key_valid(NULL));
    assert_false(wn_curve_key_valid("short"));
    char bad[41];
    memcpy(bad, p.pub, 41);
    bad[7] = ' '; /* not in the Z85 alphabet */
    assert_false(wn_curve_key_valid(bad));

    wn_config_t c;
    char err[256] = "";
    wn_config_init(&c);
    assert_int_equal(wn_config_set(&c, "curve", "server_public_key", "short", err, sizeof err), WN_ECONFIG);
    assert_non_null(strstr(err, "Z85"));
    assert_int_equal(wn_config_load_string(&c, "[curve]\nclient_secret_key = abc\n", "k.conf", err, sizeof err),
                     WN_ECONFIG);
    assert_non_null(strstr(err, "k.conf:2:"));
    /* A key may start with '#' or hold ':' and '=': it still reads back the same. */
    wn_config_init(&c);
    set(&c, "server_public_key", "#abc:=def0123456789abcdefghijklmnopqrstu");
    char *ini = wn_config_to_ini(&c);
    assert_non_null(ini);
    wn_config_t d;
    wn_config_init(&d);
    assert_int_equal(wn_config_load_string(&d, ini, "dump", err, sizeof err), WN_OK);
    assert_string_equal(d.server_public_key, c.server_public_key);
    free(ini);
}

static void test_inert_without_keys(void **state) {
    (void)state;
    void *ctx = zmq_ctx_new();
    wn_config_t c;
    wn_config_init(&c);
    assert_false(wn_curve_configured(&c));
    wn_status st;
    char err[256];
    wn_curve_t *cv = wn_curve_new(ctx, &c, WN_CURVE_SERVER | WN_CURVE_CLIENT, &st, err, sizeof err);
    assert_non_null(cv);
    assert_false(wn_curve_enabled(cv));
    void *s = zmq_socket(ctx, ZMQ_PULL);
    assert_int_equal(wn_curve_server(cv, s, err, sizeof err), WN_OK);
    int mech = -1;
    size_t len = sizeof mech;
    assert_int_equal(zmq_getsockopt(s, ZMQ_MECHANISM, &mech, &len), 0);
    assert_int_equal(mech, ZMQ_NULL);
    zmq_close(s);
    wn_curve_destroy(&cv);
    assert_null(cv);
    wn_curve_destroy(&cv); /* NULL is fine */
    zmq_ctx_term(ctx);
}

static void test_config_errors(void **state) {
    (void)state;
    void *ctx = zmq_ctx_new();
    pair_t srv = pair(), cli = pair(), other = pair();
    wn_status st;
    char err[512];
    wn_config_t c;

    /* a public key that is not its secret key's */
    wn_config_init(&c);
    set(&c, "server_public_key", other.pub);
    set(&c, "server_secret_key", srv.sec);
    assert_null(wn_curve_new(ctx, &c, WN_CURVE_SERVER, &st, err, sizeof err));
    assert_int_equal(st, WN_ECONFIG);
    assert_non_null(strstr(err, "not the public key"));

    /* a client without a key pair (and no server secret to fall back on) */
    wn_config_init(&c);
    set(&c, "server_public_key", srv.pub);
    assert_null(wn_curve_new(ctx, &c, WN_CURVE_CLIENT, &st, err, sizeof err));
    assert_int_equal(st, WN_ECONFIG);
    assert_non_null(strstr(err, "keygen"));

    /* half a client pair */
    set(&c, "client_public_key", cli.pub);
    assert_null(wn_curve_new(ctx, &c, WN_CURVE_CLIENT, &st, err, sizeof err));
    assert_non_null(strstr(err, "both or neither"));

    /* a server without its secret key */
    set(&c, "client_secret_key", cli.sec);
    wn_curve_t *cv = wn_curve_new(ctx, &c, WN_CURVE_CLIENT, &st, err, sizeof err);
    assert_non_null(cv);
    assert_true(wn_curve_enabled(cv));
    wn_curve_destroy(&cv);
    assert_null(wn_curve_new(ctx, &c, WN_CURVE_SERVER, &st, err, sizeof err));
    assert_non_null(strstr(err, "server_secret_key"));

    /* authorized_keys: missing file, a bad line (named path:line) */
    char path[64];
    snprintf(path, sizeof path, "/tmp/wn-test-curve-%ld.keys", (long)getpid());
    wn_config_init(&c);
    set(&c, "server_public_key", srv.pub);
    set(&c, "server_secret_key", srv.sec);
    set(&c, "authorized_keys", path);
    unlink(path);
    assert_null(wn_curve_new(ctx, &c, WN_CURVE_SERVER, &st, err, sizeof err));
    assert_int_equal(st, WN_EIO);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "# comment\n%s a worker\nnot-a-key\n", cli.pub);
    fclose(f);
    assert_null(wn_curve_new(ctx, &c, WN_CURVE_SERVER, &st, err, sizeof err));
    assert_int_equal(st, WN_ECONFIG);
    assert_non_null(strstr(err, ":3:"));
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "# comment\n\n  %s a worker\n%s\n", cli.pub, cli.pub);
    fclose(f);
    cv = wn_curve_new(ctx, &c, WN_CURVE_SERVER, &st, err, sizeof err);
    assert_non_null(cv);
    assert_int_equal(wn_curve_authorized(cv), 2); /* the server's own key + the listed one (once) */
    wn_curve_destroy(&cv);
    unlink(path);
    zmq_ctx_term(ctx);
}

/* Receives one frame from `s` within `ms`; returns its length or -1. */
static int recv_within(void *s, char *buf, size_t len, int ms) {
    zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&it, 1, ms) <= 0) return -1;
    return zmq_recv(s, buf, len, ZMQ_DONTWAIT);
}

static void test_only_authorised_clients(void **state) {
    (void)state;
    pair_t srv = pair(), good = pair(), bad = pair();
    char path[64], ep[80], err[512];
    snprintf(path, sizeof path, "/tmp/wn-test-curve-%ld.auth", (long)getpid());
    snprintf(ep, sizeof ep, "ipc:///tmp/wn-test-curve-%ld.sock", (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", good.pub);
    fclose(f);
    wn_status st;

    wn_config_t sc, gc, bc;
    wn_config_init(&sc);
    set(&sc, "server_public_key", srv.pub);
    set(&sc, "server_secret_key", srv.sec);
    set(&sc, "authorized_keys", path);
    gc = bc = sc;
    set(&gc, "server_secret_key", "");
    set(&gc, "authorized_keys", "");
    bc = gc;
    set(&gc, "client_public_key", good.pub);
    set(&gc, "client_secret_key", good.sec);
    set(&bc, "client_public_key", bad.pub);
    set(&bc, "client_secret_key", bad.sec);

    void *sctx = zmq_ctx_new(), *gctx = zmq_ctx_new(), *bctx = zmq_ctx_new();
    wn_curve_t *scv = wn_curve_new(sctx, &sc, WN_CURVE_SERVER, &st, err, sizeof err);
    wn_curve_t *gcv = wn_curve_new(gctx, &gc, WN_CURVE_CLIENT, &st, err, sizeof err);
    wn_curve_t *bcv = wn_curve_new(bctx, &bc, WN_CURVE_CLIENT, &st, err, sizeof err);
    assert_non_null(scv);
    assert_non_null(gcv);
    assert_non_null(bcv);
    void *pull = zmq_socket(sctx, ZMQ_PULL);
    void *gpush = zmq_socket(gctx, ZMQ_PUSH);
    void *bpush = zmq_socket(bctx, ZMQ_PUSH);
    int zero = 0;
    zmq_setsockopt(gpush, ZMQ_LINGER, &zero, sizeof zero);
    zmq_setsockopt(bpush, ZMQ_LINGER, &zero, sizeof zero);
    assert_int_equal(wn_curve_server(scv, pull, err, sizeof err), WN_OK);
    assert_int_equal(wn_curve_client(gcv, gpush, err, sizeof err), WN_OK);
    assert_int_equal(wn_curve_client(bcv, bpush, err, sizeof err), WN_OK);
    assert_int_equal(wn_curve_server(gcv, gpush, err, sizeof err), WN_EINVAL); /* a client only */
    assert_int_equal(zmq_bind(pull, ep), 0);

    /* The unlisted key first: its message must never arrive. */
    assert_int_equal(zmq_connect(bpush, ep), 0);
    (void)zmq_send(bpush, "forged", 6, ZMQ_DONTWAIT);
    char buf[16];
    assert_int_equal(recv_within(pull, buf, sizeof buf, 500), -1);
    assert_int_equal(zmq_connect(gpush, ep), 0);
    assert_int_equal(zmq_send(gpush, "hello", 5, 0), 5);
    int n = recv_within(pull, buf, sizeof buf, 5000);
    assert_int_equal(n, 5);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(recv_within(pull, buf, sizeof buf, 300), -1); /* still nothing from the forger */
    assert_true(wn_curve_refused(scv) >= 1);

    zmq_close(pull);
    zmq_close(gpush);
    zmq_close(bpush);
    wn_curve_destroy(&scv);
    wn_curve_destroy(&gcv);
    wn_curve_destroy(&bcv);
    zmq_ctx_term(sctx);
    zmq_ctx_term(gctx);
    zmq_ctx_term(bctx);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_syntax),
        cmocka_unit_test(test_inert_without_keys),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test(test_only_authorised_clients),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
