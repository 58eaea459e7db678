/* test_warcw.c -- unit tests for the WARC/1.1 writer: ids, digests, record
 * layout, one gzip member per record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "winnow/buf.h"
#include "winnow/inflate.h"
#include "winnow/warcw.h"
#include "winnow/wetw.h"

static void test_sha1_base32(void **state) {
    (void)state;
    char out[38];
    wn_warcw_part_t empty = {"", 0};
    assert_int_equal(wn_warcw_sha1_base32(&empty, 1, out), WN_OK);
    assert_string_equal(out, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"); /* sha1("") */
    /* sha1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d */
    wn_warcw_part_t abc[2] = {{"a", 1}, {"bc", 2}};
    assert_int_equal(wn_warcw_sha1_base32(abc, 2, out), WN_OK);
    assert_string_equal(out, "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
}

static void test_ids(void **state) {
    (void)state;
    char a[WN_WARC_ID_SIZE], b[WN_WARC_ID_SIZE];
    assert_int_equal(wn_warcw_new_id(a), WN_OK);
    assert_int_equal(wn_warcw_new_id(b), WN_OK);
    assert_int_equal(strlen(a), 47);
    assert_memory_equal(a, "<urn:uuid:", 10);
    assert_int_equal(a[46], '>');
    assert_int_equal(a[10 + 14], '4'); /* version nibble */
    assert_true(strchr("89ab", a[10 + 19]) != NULL);
    assert_string_not_equal(a, b);
}

/* Reads a whole file into a malloc'd buffer. */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    wn_buf_t b;
    wn_buf_init(&b, 1u << 26);
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) assert_int_equal(wn_buf_add(&b, tmp, n), WN_OK);
    fclose(f);
    return wn_buf_steal(&b, len);
}

/* Counts the gzip members of p[0..n), failing on anything but clean members. */
static int count_members(const char *p, size_t n) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(inflateInit2(&zs, 31), Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)p;
    zs.avail_in = (uInt)n;
    int members = 0;
    unsigned char out[8192];
    while (zs.avail_in > 0) {
        zs.next_out = out;
        zs.avail_out = sizeof out;
        int rc = inflate(&zs, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            members++;
            assert_int_equal(inflateReset(&zs), Z_OK);
        } else {
            assert_int_equal(rc, Z_OK);
        }
    }
    inflateEnd(&zs);
    return members;
}

/* Value of header `name` in the record header h (NUL-terminated), copied to out. */
static int header(const char *h, const char *name, char *out, size_t outlen) {
    size_t nl = strlen(name);
    for (const char *line = h; line && *line; line = strstr(line, "\r\n") ? strstr(line, "\r\n") + 2 : NULL) {
        if (!strncmp(line, name, nl) && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ') v++;
            size_t vl = (size_t)(strstr(v, "\r\n") - v);
            if (vl >= outlen) return 0;
            memcpy(out, v, vl);
            out[vl] = '\0';
            return 1;
        }
        if (!strncmp(line, "\r\n", 2)) break;
    }
    return 0;
}

static void test_write_gz(void **state) {
    (void)state;
    char path[] = "/tmp/test_warcw_XXXXXX.warc.gz";
    int fd = mkstemps(path, 8);
    assert_true(fd >= 0);
    close(fd);
    wn_status st;
    wn_warcw_t *w = wn_warcw_open(path, "winnow/test", "operator: unit test\r\n", &st);
    assert_non_null(w);
    const char req[] = "GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 3\r\n\r\n";
    wn_warcw_exchange_t ex = {
        .target_uri = "http://127.0.0.1/a",
        .ip = "127.0.0.1",
        .date = 0,
        .request = req,
        .request_len = strlen(req),
        .resp_head = head,
        .resp_head_len = strlen(head),
        .body = "abc",
        .body_len = 3,
    };
    char id[WN_WARC_ID_SIZE];
    assert_int_equal(wn_warcw_exchange(w, &ex, id), WN_OK);
    assert_int_equal(wn_warcw_count(w), 3);
    ex.target_uri = "http://x/\r\nEvil: 1";
    assert_int_equal(wn_warcw_exchange(w, &ex, NULL), WN_EINVAL);
    assert_int_equal(wn_warcw_close(&w), WN_OK);
    assert_null(w);

    size_t n;
    char *gz = slurp(path, &n);
    assert_int_equal(count_members(gz, n), 3);
    wn_buf_t raw;
    wn_buf_init(&raw, 1u << 20);
    assert_int_equal(wn_inflate(gz, n, WN_INFLATE_GZIP, &raw), WN_OK);
    free(gz);

    const char *types[] = {"warcinfo", "request", "response"};
    char ids[3][WN_WARC_ID_SIZE];
    char v[256];
    size_t pos = 0;
    for (int i = 0; i < 3; i++) {
        const char *rec = raw.data + pos;
        assert_memory_equal(rec, "WARC/1.1\r\n", 10);
        const char *end = strstr(rec, "\r\n\r\n");
        assert_non_null(end);
        assert_true(header(rec, "WARC-Type", v, sizeof v));
        assert_string_equal(v, types[i]);
        assert_true(header(rec, "WARC-Record-ID", ids[i], sizeof ids[i]));
        assert_true(header(rec, "WARC-Date", v, sizeof v));
        assert_int_equal(strlen(v), 20);
        assert_true(header(rec, "Content-Length", v, sizeof v));
        size_t clen = (size_t)strtoul(v, NULL, 10);
        const char *block = end + 4;
        assert_memory_equal(block + clen, "\r\n\r\n", 4);
        char digest[38];
        wn_warcw_part_t part = {block, clen};
        assert_int_equal(wn_warcw_sha1_base32(&part, 1, digest), WN_OK);
        assert_true(header(rec, "WARC-Block-Digest", v, sizeof v));
        assert_string_equal(v, digest);
        if (i == 0) {
            assert_true(header(rec, "Content-Type", v, sizeof v));
            assert_string_equal(v, "application/warc-fields");
            assert_non_null(strstr(block, "software: winnow/test\r\n"));
            assert_non_null(strstr(block, "operator: unit test\r\n"));
        }
        if (i == 1) {
            assert_int_equal(clen, strlen(req));
            assert_memory_equal(block, req, clen);
        }
        if (i == 2) {
            assert_int_equal(clen, strlen(head) + 3);
            assert_true(header(rec, "WARC-Payload-Digest", v, sizeof v));
            wn_warcw_part_t body = {"abc", 3};
            assert_int_equal(wn_warcw_sha1_base32(&body, 1, digest), WN_OK);
            assert_string_equal(v, digest);
            assert_true(header(rec, "WARC-Target-URI", v, sizeof v));
            assert_string_equal(v, "http://127.0.0.1/a");
            assert_true(header(rec, "WARC-IP-Address", v, sizeof v));
            assert_string_equal(v, "127.0.0.1");
            assert_true(header(rec, "Content-Type", v, sizeof v));
            assert_string_equal(v, "application/http;msgtype=response");
            assert_true(header(rec, "WARC-Concurrent-To", v, sizeof v));
            assert_string_equal(v, ids[1]);
            assert_string_equal(ids[2], id);
        }
        pos = (size_t)(block - raw.data) + clen + 4;
    }
    assert_int_equal(pos, raw.len);
    /* the request points at the response */
    const char *req_rec = strstr(raw.data, "WARC-Type: request");
    assert_non_null(req_rec);
    assert_true(header(req_rec - strlen("WARC/1.1\r\n"), "WARC-Concurrent-To", v, sizeof v));
    assert_string_equal(v, ids[2]);
    wn_buf_free(&raw);
    unlink(path);
}

static void test_write_plain(void **state) {
    (void)state;
    char path[] = "/tmp/test_warcw_XXXXXX.warc";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    wn_status st;
    wn_warcw_t *w = wn_warcw_open(path, "winnow/test", NULL, &st);
    assert_non_null(w);
    wn_warcw_part_t parts[2] = {{"hello ", 6}, {"world", 5}};
    char id[WN_WARC_ID_SIZE];
    assert_int_equal(wn_warcw_record(w, "resource", "urn:x", "text/plain", 0, NULL, parts, 2, id), WN_OK);
    assert_int_equal(wn_warcw_close(&w), WN_OK);
    size_t n;
    char *p = slurp(path, &n);
    assert_memory_equal(p, "WARC/1.1\r\n", 10);
    const char *res = strstr(p, "WARC-Type: resource");
    assert_non_null(res);
    assert_non_null(strstr(res, "Content-Length: 11\r\n\r\nhello world\r\n\r\n"));
    assert_non_null(strstr(res, id));
    assert_non_null(strstr(res, "WARC-Date: 1970-01-01T00:00:00Z\r\n"));
    free(p);
    unlink(path);
    /* unwritable path */
    assert_null(wn_warcw_open("/nonexistent-dir/x.warc.gz", "winnow", NULL, &st));
    assert_int_equal(st, WN_EIO);
    assert_int_equal(wn_warcw_close(&w), WN_OK); /* NULL is fine */
}

/* WET records (wetw.c): a conversion record's header and block, a stable
 * derived record id, and the splitter that recovery uses. */
static void test_wet(void **state) {
    (void)state;
    wn_buf_t b;
    wn_buf_init(&b, 1 << 20);
    wn_wet_page_t p = {0};
    p.id = "<urn:uuid:1>";
    p.target_uri = "https://e.test/a";
    p.date = "2025-06-05T04:00:00Z";
    p.refers_to = "<urn:uuid:1>";
    p.lang3 = "eng";
    p.text = "hello\nworld";
    p.text_len = 11;
    assert_int_equal(wn_wet_conversion(&b, &p, 0), WN_OK);
    assert_non_null(strstr(b.data, "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://e.test/a\r\n"
                                   "WARC-Date: 2025-06-05T04:00:00Z\r\n"));
    assert_non_null(strstr(b.data, "WARC-Identified-Content-Language: eng\r\nContent-Type: text/plain\r\n"
                                   "Winnow-Id: <urn:uuid:1>\r\n"));
    assert_non_null(strstr(b.data, "Content-Length: 11\r\n\r\nhello\nworld\r\n\r\n"));
    assert_int_equal(wn_wet_split(b.data, b.len), b.len);
    assert_int_equal(wn_wet_split(b.data, b.len - 1), 0); /* cut: not complete */
    size_t one = b.len;
    assert_int_equal(wn_wet_metadata(&b, "x y", NULL, NULL, "{}", 2, 0), WN_OK);
    assert_int_equal(wn_wet_split(b.data, b.len), one);
    assert_non_null(strstr(b.data + one, "WARC-Target-URI: urn:winnow:x%20y\r\n"));
    char a[48], c[48];
    assert_int_equal(wn_wet_record_id("page", a), WN_OK);
    assert_int_equal(wn_wet_record_id("page", c), WN_OK);
    assert_string_equal(a, c);
    assert_int_equal(a[24], '5'); /* version 5 */
    p.id = NULL;
    assert_int_equal(wn_wet_conversion(&b, &p, 0), WN_EINVAL);
    wn_buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha1_base32),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_write_gz),
        cmocka_unit_test(test_wet),
        cmocka_unit_test(test_write_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
