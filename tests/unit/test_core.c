/* test_core.c -- unit tests for status, buf, arena and inflate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "winnow/arena.h"
#include "winnow/buf.h"
#include "winnow/inflate.h"
#include "winnow/status.h"

static void test_strerror(void **state) {
    (void)state;
    assert_string_equal(wn_strerror(WN_OK), "success");
    assert_string_equal(wn_status_name(WN_ETOOBIG), "too_big");
    assert_string_equal(wn_strerror((wn_status)999), "unknown error");
}

static void test_buf_cap(void **state) {
    (void)state;
    wn_buf_t b;
    wn_buf_init(&b, 10);
    assert_int_equal(wn_buf_adds(&b, "hello"), WN_OK);
    assert_int_equal(wn_buf_printf(&b, "%d", 1234), WN_OK);
    assert_string_equal(b.data, "hello1234");
    assert_int_equal(wn_buf_adds(&b, "xx"), WN_ETOOBIG); /* 11 > 10 */
    assert_string_equal(b.data, "hello1234");            /* unchanged on error */
    assert_int_equal(wn_buf_addc(&b, '!'), WN_OK);
    assert_int_equal(b.len, 10);
    size_t n;
    char *p = wn_buf_steal(&b, &n);
    assert_int_equal(n, 10);
    assert_string_equal(p, "hello1234!");
    free(p);
    assert_null(b.data);
    wn_buf_free(&b);
}

static void test_arena_cap_and_reset(void **state) {
    (void)state;
    wn_arena_t *a = wn_arena_new(1 << 20);
    assert_non_null(a);
    char *s = wn_arena_strndup(a, "abcdef", 3);
    assert_string_equal(s, "abc");
    void *big = wn_arena_alloc(a, 600 * 1024); /* own block */
    assert_non_null(big);
    memset(big, 1, 600 * 1024);
    void *small = wn_arena_alloc(a, 16);
    assert_non_null(small);
    assert_true(((uintptr_t)small % 16) == 0);
    assert_null(wn_arena_alloc(a, 1 << 20)); /* over the cap */
    assert_true(wn_arena_failed(a));
    assert_true(wn_arena_peak(a) >= 600 * 1024);
    wn_arena_reset(a);
    assert_int_equal(wn_arena_used(a), 0);
    assert_false(wn_arena_failed(a));
    assert_non_null(wn_arena_alloc(a, 100));
    wn_arena_destroy(&a);
    assert_null(a);
    wn_arena_destroy(&a); /* NULL is fine */
}

static size_t gz(const char *in, size_t n, unsigned char *out, size_t cap, int bits) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (unsigned char *)(uintptr_t)in;
    zs.avail_in = (uInt)n;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    size_t len = cap - zs.avail_out;
    deflateEnd(&zs);
    return len;
}

static void test_inflate_modes(void **state) {
    (void)state;
    static unsigned char z[4096];
    const char *msg = "<p>hello, world</p>";
    int bits[] = {15 + 16, 15, -15};
    for (int i = 0; i < 3; i++) {
        size_t n = gz(msg, strlen(msg), z, sizeof z, bits[i]);
        wn_buf_t out;
        wn_buf_init(&out, 1 << 20);
        assert_int_equal(wn_inflate(z, n, WN_INFLATE_AUTO, &out), WN_OK);
        assert_string_equal(out.data, msg);
        wn_buf_reset(&out);
        /* Truncated streams are reported as such. */
        assert_int_equal(wn_inflate(z, n / 2, WN_INFLATE_AUTO, &out), WN_ETRUNCATED);
        wn_buf_free(&out);
    }
}

static void test_inflate_bomb_and_members(void **state) {
    (void)state;
    size_t raw = 8u << 20;
    char *zeros = calloc(1, raw);
    unsigned char *z = malloc(1 << 20);
    size_t n = gz(zeros, raw, z, 1 << 20, 15 + 16);
    wn_buf_t out;
    wn_buf_init(&out, 1 << 20); /* cap 1 MiB < 8 MiB */
    assert_int_equal(wn_inflate(z, n, WN_INFLATE_GZIP, &out), WN_ETOOBIG);
    assert_true(out.len <= (1u << 20));
    wn_buf_free(&out);
    /* Two concatenated members decode to both texts. */
    size_t a = gz("abc", 3, z, 1 << 20, 31);
    size_t b = gz("def", 3, z + a, (1 << 20) - a, 31);
    wn_buf_init(&out, 100);
    assert_int_equal(wn_inflate(z, a + b, WN_INFLATE_GZIP, &out), WN_OK);
    assert_string_equal(out.data, "abcdef");
    wn_buf_reset(&out);
    z[12] ^= 0xff; /* corrupt the deflate data */
    assert_int_not_equal(wn_inflate(z, a, WN_INFLATE_GZIP, &out), WN_OK);
    wn_buf_free(&out);
    free(zeros);
    free(z);
}

/* The gzip path runs on ISA-L: its checks must match zlib's (RFC 1952). */
static void test_inflate_gzip_checks(void **state) {
    (void)state;
    static unsigned char z[4096], y[4096];
    const char *msg = "<p>the trailer is checked too</p>";
    size_t n = gz(msg, strlen(msg), z, sizeof z, 31);
    wn_buf_t out;
    wn_buf_init(&out, 1 << 20);
    /* a flipped CRC-32 byte, a flipped ISIZE byte */
    for (size_t at = n - 8; at < n; at += 4) {
        memcpy(y, z, n);
        y[at] ^= 0x01;
        wn_buf_reset(&out);
        assert_int_equal(wn_inflate(y, n, WN_INFLATE_GZIP, &out), WN_ECORRUPT);
    }
    /* the trailer cut short: truncated, not corrupt, whatever the cut */
    for (size_t cut = 1; cut <= 8; cut++) {
        wn_buf_reset(&out);
        assert_int_equal(wn_inflate(z, n - cut, WN_INFLATE_GZIP, &out), WN_ETRUNCATED);
    }
    /* reserved flag bits (zlib rejects them; ISA-L would not) */
    memcpy(y, z, n);
    y[3] |= 0x20;
    wn_buf_reset(&out);
    assert_int_equal(wn_inflate(y, n, WN_INFLATE_GZIP, &out), WN_ECORRUPT);
    /* bytes after the last member that are not gzip are ignored */
    memcpy(y, z, n);
    memcpy(y + n, "garbage", 7);
    wn_buf_reset(&out);
    assert_int_equal(wn_inflate(y, n + 7, WN_INFLATE_GZIP, &out), WN_OK);
    assert_string_equal(out.data, msg);
    /* FEXTRA, FNAME, FCOMMENT and FHCRC in one header */
    gz_header h;
    memset(&h, 0, sizeof h);
    unsigned char extra[] = {'W', 'N', 2, 0, 'h', 'i'};
    h.extra = extra;
    h.extra_len = sizeof extra;
    h.name = (Bytef *)"page.html";
    h.comment = (Bytef *)"a comment";
    h.hcrc = 1;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    assert_int_equal(deflateSetHeader(&zs, &h), Z_OK);
    zs.next_in = (unsigned char *)(uintptr_t)msg;
    zs.avail_in = (uInt)strlen(msg);
    zs.next_out = y;
    zs.avail_out = sizeof y;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    size_t m = sizeof y - zs.avail_out;
    deflateEnd(&zs);
    wn_buf_reset(&out);
    assert_int_equal(wn_inflate(y, m, WN_INFLATE_GZIP, &out), WN_OK);
    assert_string_equal(out.data, msg);
    wn_buf_free(&out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_buf_cap),
        cmocka_unit_test(test_arena_cap_and_reset),
        cmocka_unit_test(test_inflate_modes),
        cmocka_unit_test(test_inflate_bomb_and_members),
        cmocka_unit_test(test_inflate_gzip_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
