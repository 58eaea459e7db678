/* test_http.c -- unit tests for HTTP response parsing and body decoding
 * (winnow/http.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "winnow/buf.h"
#include "winnow/http.h"

/* The response struct holds 1024 header slots: keep it off the stack. */
static wn_http_response_t *resp(void) {
    static wn_http_response_t r;
    memset(&r, 0, sizeof r);
    return &r;
}

static wn_status parse(const char *s, wn_http_response_t *r) {
    return wn_http_parse_response(s, strlen(s), NULL, r);
}

static int hdr_is(const wn_http_response_t *r, const char *name, const char *value) {
    size_t len;
    const char *v = wn_http_header(r, name, &len);
    return v && len == strlen(value) && memcmp(v, value, len) == 0;
}

/* Compresses p[0..n) with zlib: window_bits 31 gzip, 15 zlib, -15 raw. */
static void compress_to(wn_buf_t *out, const void *p, size_t n, int window_bits) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY), Z_OK);
    uLong bound = deflateBound(&zs, (uLong)n);
    char *space;
    assert_int_equal(wn_buf_reserve(out, bound, &space), WN_OK);
    zs.next_in = (Bytef *)(uintptr_t)p;
    zs.avail_in = (uInt)n;
    zs.next_out = (Bytef *)space;
    zs.avail_out = (uInt)bound;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out->len += bound - zs.avail_out;
    deflateEnd(&zs);
}

/* Builds "HTTP/1.1 200 OK" + headers + body into msg and parses it. */
static void make_response(wn_buf_t *msg, const char *headers, const void *body, size_t n, wn_http_response_t *r) {
    wn_buf_reset(msg);
    assert_int_equal(wn_buf_printf(msg, "HTTP/1.1 200 OK\r\n%s\r\n", headers), WN_OK);
    assert_int_equal(wn_buf_add(msg, body, n), WN_OK);
    assert_int_equal(wn_http_parse_response(msg->data, msg->len, NULL, r), WN_OK);
}

static void test_status_lines(void **state) {
    (void)state;
    wn_http_response_t *r = resp();
    wn_http_limits_t lim;
    wn_http_limits_init(&lim);
    assert_int_equal(lim.max_headers, 256);
    assert_int_equal(lim.max_header_line, 64 * 1024);

    assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>hi", r), WN_OK);
    assert_int_equal(r->status, 200);
    assert_int_equal(r->major_version, 1);
    assert_int_equal(r->minor_version, 1);
    assert_int_equal(r->reason_len, 2);
    assert_memory_equal(r->reason, "OK", 2);
    assert_int_equal(r->n_headers, 1);
    assert_true(hdr_is(r, "content-type", "text/html"));
    assert_int_equal(r->body_len, 5);
    assert_memory_equal(r->body, "<p>hi", 5);

    assert_int_equal(parse("HTTP/1.0 404 Not Found\r\n\r\n", r), WN_OK);
    assert_int_equal(r->status, 404);
    assert_int_equal(r->minor_version, 0);
    assert_int_equal(r->reason_len, 9);
    assert_int_equal(r->body_len, 0);

    assert_int_equal(parse("HTTP/1.1 301\r\nLocation: /x\r\n\r\n", r), WN_OK); /* no reason */
    assert_int_equal(r->status, 301);
    assert_int_equal(r->reason_len, 0);
    assert_true(hdr_is(r, "LOCATION", "/x"));

    assert_int_equal(parse("HTTP/1.1 204 \r\n\r\n", r), WN_OK);
    assert_int_equal(r->status, 204);

    assert_int_equal(parse("HTTP/2 200\r\ncontent-type: text/html\r\n\r\nbody", r), WN_OK);
    assert_int_equal(r->status, 200);
    assert_int_equal(r->major_version, 2);
    assert_int_equal(r->body_len, 4);
    assert_int_equal(parse("HTTP/2.0 503 Busy\r\n\r\n", r), WN_OK);
    assert_int_equal(r->status, 503);

    static const char *bad[] = {"HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1 200 OK\r\n\r\n",
                                "HTTP/3.0 200 OK\r\n\r\n", "HTTP/1.1200 OK\r\n\r\n", "GET / HTTP/1.1\r\n\r\n",
                                "<html>hello</html>", "ICY 200 OK\r\n\r\n", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wn_status st = parse(bad[i], r);
        if (st != WN_ECORRUPT && st != WN_ETRUNCATED) fail_msg("accepted \"%s\"", bad[i]);
        assert_true(r->error[0] != '\0');
    }
    assert_int_equal(parse("<html>hello</html>", r), WN_ECORRUPT);
    assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", r), WN_ETRUNCATED);
    assert_int_equal(parse("HTTP/1.1 200 OK", r), WN_ETRUNCATED);
}

static void test_lf_only_and_fold(void **state) {
    (void)state;
    wn_http_response_t *r = resp();
    assert_int_equal(parse("HTTP/1.1 200 OK\nServer: x\nX-Folded: one\n  two\n\tthree\nA:b\n\nbody", r), WN_OK);
    assert_int_equal(r->n_headers, 3);
    assert_true(hdr_is(r, "server", "x"));
    size_t len;
    const char *v = wn_http_header(r, "x-folded", &len);
    assert_non_null(v);
    assert_true(len > 3 && memcmp(v, "one", 3) == 0 && memcmp(v + len - 5, "three", 5) == 0);
    assert_true(hdr_is(r, "a", "b"));
    assert_int_equal(r->body_len, 4);
    assert_null(wn_http_header(r, "missing", &len));
    assert_int_equal(len, 0);
    /* Whitespace before the colon is tolerated; the value is trimmed. */
    assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Type :  text/plain  \r\n\r\n", r), WN_OK);
    assert_true(hdr_is(r, "Content-Type", "text/plain"));
    /* Names must be tokens. */
    assert_int_equal(parse("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", r), WN_ECORRUPT);
    assert_int_equal(parse("HTTP/1.1 200 OK\r\n: x\r\n\r\n", r), WN_ECORRUPT);
    assert_int_equal(parse("HTTP/1.1 200 OK\r\nNo-Colon\r\n\r\n", r), WN_ECORRUPT);
    assert_int_equal(parse("HTTP/1.1 200 OK\r\nX(y): z\r\n\r\n", r), WN_ECORRUPT);
    assert_int_equal(parse("HTTP/1.1 200 OK\r\n folded-first\r\n\r\n", r), WN_ECORRUPT);
}

static void test_header_limits(void **state) {
    (void)state;
    wn_http_response_t *r = resp();
    wn_buf_t msg;
    wn_buf_init(&msg, 8 << 20);
    assert_int_equal(wn_buf_adds(&msg, "HTTP/1.1 200 OK\r\n"), WN_OK);
    for (int i = 0; i < 300; i++) assert_int_equal(wn_buf_printf(&msg, "X-%d: v\r\n", i), WN_OK);
    assert_int_equal(wn_buf_adds(&msg, "\r\nbody"), WN_OK);
    assert_int_equal(wn_http_parse_response(msg.data, msg.len, NULL, r), WN_ETOOBIG);
    assert_string_equal(r->error, "300 headers exceed the limit of 256");
    wn_http_limits_t lim;
    wn_http_limits_init(&lim);
    lim.max_headers = 100000; /* clamped to WN_HTTP_MAX_HEADERS */
    assert_int_equal(wn_http_parse_response(msg.data, msg.len, &lim, r), WN_OK);
    assert_int_equal(r->n_headers, 300);
    lim.max_headers = 10;
    assert_int_equal(wn_http_parse_response(msg.data, msg.len, &lim, r), WN_ETOOBIG);
    assert_string_equal(r->error, "300 headers exceed the limit of 10");

    /* 5000 headers: over the hard ceiling even when the limit asks for more. */
    wn_buf_reset(&msg);
    assert_int_equal(wn_buf_adds(&msg, "HTTP/1.1 200 OK\r\n"), WN_OK);
    for (int i = 0; i < 5000; i++) assert_int_equal(wn_buf_printf(&msg, "X-%d: v\r\n", i), WN_OK);
    assert_int_equal(wn_buf_adds(&msg, "\r\n"), WN_OK);
    lim.max_headers = 100000;
    assert_int_equal(wn_http_parse_response(msg.data, msg.len, &lim, r), WN_ETOOBIG);
    assert_string_equal(r->error, "5000 headers exceed the limit of 1024");

    /* A header line over max_header_line, whether or not it ends. */
    wn_buf_reset(&msg);
    assert_int_equal(wn_buf_adds(&msg, "HTTP/1.1 200 OK\r\nX-Long: "), WN_OK);
    for (int i = 0; i < 70000; i++) assert_int_equal(wn_buf_addc(&msg, 'a'), WN_OK);
    assert_int_equal(wn_http_parse_response(msg.data, msg.len, NULL, r), WN_ETOOBIG);
    assert_int_equal(wn_buf_adds(&msg, "\r\n\r\n"), WN_OK);
    assert_int_equal(wn_http_parse_response(msg.data, msg.len, NULL, r), WN_ETOOBIG);
    assert_true(strstr(r->error, "longer than 65536") != NULL);
    lim.max_header_line = 100000;
    assert_int_equal(wn_http_parse_response(msg.data, msg.len, &lim, r), WN_OK);
    wn_buf_free(&msg);
}

static void test_dechunk(void **state) {
    (void)state;
    wn_buf_t out;
    wn_buf_init(&out, 1 << 20);
    const char *ok = "5;name=\"v\"\r\nhello\r\n7 ; x\r\n, world\r\nA\r\n0123456789\r\n0\r\nTrailer: 1\r\n\r\n";
    assert_int_equal(wn_http_dechunk(ok, strlen(ok), &out), WN_OK);
    assert_string_equal(out.data, "hello, world0123456789");
    wn_buf_reset(&out);
    const char *lf = "3\nabc\n0\n\n";
    assert_int_equal(wn_http_dechunk(lf, strlen(lf), &out), WN_OK);
    assert_string_equal(out.data, "abc");

    /* Cut streams keep what is there. */
    static const char *cut[] = {"5\r\nhello\r\n", "5\r\nhello", "5\r\nhel", "5\r\nhello\r\n1", "5\r\nhello\r\n1f",
                                "5\r\nhello\r"};
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        wn_buf_reset(&out);
        assert_int_equal(wn_http_dechunk(cut[i], strlen(cut[i]), &out), WN_OK);
        assert_true(strncmp(out.data, "hello", out.len) == 0);
        assert_int_equal(wn_http_chunked_cut(cut[i], strlen(cut[i])), 1); /* flagged, not silently whole */
    }
    assert_int_equal(wn_http_chunked_cut(ok, strlen(ok)), 0);
    assert_int_equal(wn_http_chunked_cut(lf, strlen(lf)), 0);
    static const char *bad[] = {"zz\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX3\r\nabc\r\n0\r\n\r\n",
                                "\r\nhello\r\n", "5 5\r\nhello\r\n0\r\n\r\n", "11111111111111111111\r\nx\r\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wn_buf_reset(&out);
        if (wn_http_dechunk(bad[i], strlen(bad[i]), &out) != WN_ECORRUPT) fail_msg("accepted \"%s\"", bad[i]);
    }
    /* The output cap holds. */
    wn_buf_t small;
    wn_buf_init(&small, 4);
    assert_int_equal(wn_http_dechunk(ok, strlen(ok), &small), WN_ETOOBIG);
    wn_buf_free(&small);
    wn_buf_free(&out);
}

static void test_decode_encodings(void **state) {
    (void)state;
    const char *text = "<html><body><p>The quick brown fox jumps over the lazy dog.</p>"
                       "<p>The quick brown fox jumps over the lazy dog again.</p></body></html>";
    size_t tn = strlen(text);
    wn_http_response_t *r = resp();
    wn_buf_t msg, z, out;
    wn_buf_init(&msg, 1 << 20);
    wn_buf_init(&z, 1 << 20);
    wn_buf_init(&out, 1 << 20);
    char why[160];

    static const struct {
        const char *header;
        int bits;
    } cases[] = {{"Content-Encoding: gzip\r\n", 31},     {"Content-Encoding: x-gzip\r\n", 31},
                 {"Content-Encoding: deflate\r\n", 15},  {"Content-Encoding: deflate\r\n", -15},
                 {"Content-Encoding: GZip\r\n", 31},     {"Transfer-Encoding: gzip\r\n", 31},
                 {"Content-Encoding: identity\r\n", 0}, {"", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wn_buf_reset(&z);
        if (cases[i].bits) compress_to(&z, text, tn, cases[i].bits);
        else assert_int_equal(wn_buf_add(&z, text, tn), WN_OK);
        make_response(&msg, cases[i].header, z.data, z.len, r);
        wn_buf_reset(&out);
        assert_int_equal(wn_http_decode_body_ex(r, &out, why, sizeof why), WN_OK);
        assert_string_equal(out.data, text);
    }

    /* Tiny deflate bodies may have no control bytes at all: they must
     * still be inflated, not taken for text. */
    static const char *small_bodies[] = {"a", "hi", "hello", "<p>ok</p>", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    for (size_t i = 0; i < sizeof small_bodies / sizeof small_bodies[0]; i++) {
        for (int bits = -15; bits <= 15; bits += 30) {
            wn_buf_reset(&z);
            compress_to(&z, small_bodies[i], strlen(small_bodies[i]), bits);
            make_response(&msg, "Content-Encoding: deflate\r\n", z.data, z.len, r);
            wn_buf_reset(&out);
            assert_int_equal(wn_http_decode_body(r, &out), WN_OK);
            assert_string_equal(out.data, small_bodies[i]);
        }
    }

    /* Chunked around gzip, chunk sizes in both cases of hex. */
    wn_buf_reset(&z);
    compress_to(&z, text, tn, 31);
    wn_buf_t chunked;
    wn_buf_init(&chunked, 1 << 20);
    size_t half = z.len / 2;
    assert_int_equal(wn_buf_printf(&chunked, "%zx;ext\r\n", half), WN_OK);
    assert_int_equal(wn_buf_add(&chunked, z.data, half), WN_OK);
    assert_int_equal(wn_buf_printf(&chunked, "\r\n%zX\r\n", z.len - half), WN_OK);
    assert_int_equal(wn_buf_add(&chunked, z.data + half, z.len - half), WN_OK);
    assert_int_equal(wn_buf_adds(&chunked, "\r\n0\r\nX-T: y\r\n\r\n"), WN_OK);
    make_response(&msg, "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", chunked.data, chunked.len, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body(r, &out), WN_OK);
    assert_string_equal(out.data, text);

    /* Missing last chunk: the gzip inside is then cut too. */
    make_response(&msg, "Transfer-Encoding: chunked\r\n", chunked.data, chunked.len - 15, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body(r, &out), WN_OK);
    assert_int_equal(out.len, z.len);
    assert_memory_equal(out.data, z.data, z.len);

    /* Bad chunk size. */
    make_response(&msg, "Transfer-Encoding: chunked\r\n", "xyz\r\nabc\r\n0\r\n\r\n", 15, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body_ex(r, &out, why, sizeof why), WN_ECORRUPT);
    assert_true(strstr(why, "bad chunk size") != NULL);

    /* HTML stored de-chunked with the chunked header kept: passes through. */
    make_response(&msg, "Transfer-Encoding: chunked\r\n", "\r\n<html>abc</html>", 19, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body(r, &out), WN_OK);
    assert_string_equal(out.data, "\r\n<html>abc</html>");

    /* Stored decoded with the header kept: passes through. */
    make_response(&msg, "Content-Encoding: gzip\r\n", text, tn, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body(r, &out), WN_OK);
    assert_string_equal(out.data, text);
    make_response(&msg, "Content-Encoding: deflate\r\n", text, tn, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body(r, &out), WN_OK);
    assert_string_equal(out.data, text);

    /* Brotli (written by libbrotlienc, quality 11): decoded; cut: truncated;
     * text under a "br" header: stored decoded, passes through. */
    static const char br[] = "\x1b\x33\x00\xa0\x1c\xa7\xc1\x9a\x9f\x1d\x8f\x50\xe9\xfd\xe2\x03\x27\xa7\x5b\x78"
                             "\xc4\xe8\x64\x1a\xdb\x1b\x4c\xe4\x80\xbd\x15\x90\x9c\xfc\xd1\xe9\xcf\x08\xe5\xd2"
                             "\x85\x46\x6f\x8e\xd9\x1f\x42\x0c\x30\x24\xb9\x01";
    make_response(&msg, "Content-Encoding: br\r\n", br, sizeof br - 1, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body_ex(r, &out, why, sizeof why), WN_OK);
    assert_string_equal(out.data, "<html><body><p>brotli-encoded page</p></body></html>");
    make_response(&msg, "Content-Encoding: br\r\n", br, 20, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body_ex(r, &out, why, sizeof why), WN_ETRUNCATED);
    assert_string_equal(why, "br content ends early");
    make_response(&msg, "Content-Encoding: br\r\n", text, tn, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body(r, &out), WN_OK);
    assert_string_equal(out.data, text);
    wn_buf_t small;
    wn_buf_init(&small, 10); /* a brotli bomb ends at the cap */
    make_response(&msg, "Content-Encoding: br\r\n", br, sizeof br - 1, r);
    assert_int_equal(wn_http_decode_body_ex(r, &small, why, sizeof why), WN_ETOOBIG);
    wn_buf_free(&small);

    /* Unknown encodings. */
    make_response(&msg, "Content-Encoding: zstd\r\n", "x", 1, r);
    assert_int_equal(wn_http_decode_body_ex(r, &out, why, sizeof why), WN_EUNSUPPORTED);
    assert_string_equal(why, "content-encoding zstd not supported");

    /* Corrupt and cut gzip. */
    wn_buf_reset(&z);
    compress_to(&z, text, tn, 31);
    make_response(&msg, "Content-Encoding: gzip\r\n", z.data, z.len / 2, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body_ex(r, &out, why, sizeof why), WN_ETRUNCATED);
    memset(z.data + 12, 0xff, z.len - 20);
    make_response(&msg, "Content-Encoding: gzip\r\n", z.data, z.len, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body_ex(r, &out, why, sizeof why), WN_ECORRUPT);
    assert_string_equal(why, "corrupt gzip content");

    /* Plain body over the cap. */
    wn_buf_t tiny;
    wn_buf_init(&tiny, 10);
    make_response(&msg, "", text, tn, r);
    assert_int_equal(wn_http_decode_body(r, &tiny), WN_ETOOBIG);
    wn_buf_free(&tiny);

    wn_buf_free(&chunked);
    wn_buf_free(&msg);
    wn_buf_free(&z);
    wn_buf_free(&out);
}

static void test_gzip_bomb(void **state) {
    (void)state;
    size_t n = (size_t)100 << 20; /* 100 MiB of zeros -> ~100 KiB of gzip */
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), Z_OK);
    static unsigned char zeros[1 << 16];
    wn_buf_t z;
    wn_buf_init(&z, 4 << 20);
    size_t left = n;
    unsigned char outb[1 << 16];
    while (left > 0 || zs.avail_in > 0) {
        if (zs.avail_in == 0) {
            size_t take = left < sizeof zeros ? left : sizeof zeros;
            zs.next_in = zeros;
            zs.avail_in = (uInt)take;
            left -= take;
        }
        zs.next_out = outb;
        zs.avail_out = sizeof outb;
        assert_true(deflate(&zs, left == 0 ? Z_FINISH : Z_NO_FLUSH) != Z_STREAM_ERROR);
        assert_int_equal(wn_buf_add(&z, outb, sizeof outb - zs.avail_out), WN_OK);
    }
    int ret;
    do {
        zs.next_out = outb;
        zs.avail_out = sizeof outb;
        ret = deflate(&zs, Z_FINISH);
        assert_int_equal(wn_buf_add(&z, outb, sizeof outb - zs.avail_out), WN_OK);
    } while (ret != Z_STREAM_END);
    deflateEnd(&zs);
    assert_true(z.len < 1 << 20);

    wn_http_response_t *r = resp();
    wn_buf_t msg, out;
    wn_buf_init(&msg, 4 << 20);
    wn_buf_init(&out, 1 << 20); /* 1 MiB cap */
    make_response(&msg, "Content-Encoding: gzip\r\n", z.data, z.len, r);
    char why[160];
    assert_int_equal(wn_http_decode_body_ex(r, &out, why, sizeof why), WN_ETOOBIG);
    assert_true(out.len <= 1 << 20);
    assert_string_equal(why, "decoded body exceeds 1048576 bytes");
    /* Chunked around the bomb: the cap holds through both stages. */
    wn_buf_t chunked;
    wn_buf_init(&chunked, 4 << 20);
    assert_int_equal(wn_buf_printf(&chunked, "%zx\r\n", z.len), WN_OK);
    assert_int_equal(wn_buf_add(&chunked, z.data, z.len), WN_OK);
    assert_int_equal(wn_buf_adds(&chunked, "\r\n0\r\n\r\n"), WN_OK);
    make_response(&msg, "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", chunked.data, chunked.len, r);
    wn_buf_reset(&out);
    assert_int_equal(wn_http_decode_body(r, &out), WN_ETOOBIG);
    assert_true(out.len <= 1 << 20);
    wn_buf_free(&chunked);
    wn_buf_free(&msg);
    wn_buf_free(&out);
    wn_buf_free(&z);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_lines),     cmocka_unit_test(test_lf_only_and_fold),
        cmocka_unit_test(test_header_limits),    cmocka_unit_test(test_dechunk),
        cmocka_unit_test(test_decode_encodings), cmocka_unit_test(test_gzip_bomb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
