/* test_proto.c -- unit tests for the wire messages (proto.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "winnow/proto.h"

static void test_task_roundtrip(void **state) {
    (void)state;
    wn_task_t t = {0};
    t.id = "<urn:uuid:1>";
    t.url = "https://e.test/\xc3\xa9t\xc3\xa9";
    t.http_status = 200;
    t.content_type = "text/html; charset=utf-8";
    t.content_encoding = "gzip";
    t.transfer_encoding = "chunked";
    t.fetch_time = "2025-01-01T00:00:00Z";
    size_t len = 0;
    char *h = wn_proto_task_header(&t, "tcp://127.0.0.1:5559", 2, &len);
    assert_non_null(h);
    assert_int_equal(strlen(h), len);
    wn_task_msg_t *m = NULL;
    char err[128];
    assert_int_equal(wn_proto_task_parse(h, len, &m, err, sizeof err), WN_OK);
    assert_string_equal(m->task.id, t.id);
    assert_string_equal(m->task.url, t.url);
    assert_int_equal(m->task.http_status, 200);
    assert_string_equal(m->task.content_type, t.content_type);
    assert_string_equal(m->task.content_encoding, "gzip");
    assert_string_equal(m->task.transfer_encoding, "chunked");
    assert_string_equal(m->task.fetch_time, t.fetch_time);
    assert_string_equal(m->ack, "tcp://127.0.0.1:5559");
    assert_int_equal(m->attempt, 2);
    assert_null(m->task.body);
    wn_task_msg_destroy(&m);
    assert_null(m);
    wn_task_msg_destroy(&m); /* NULL is fine */
    free(h);

    /* minimal header: only the id; attempt defaults to 1 */
    const char *minimal = "{\"id\":\"x\",\"future\":[1]}";
    assert_int_equal(wn_proto_task_parse(minimal, strlen(minimal), &m, err, sizeof err), WN_OK);
    assert_string_equal(m->task.id, "x");
    assert_null(m->task.url);
    assert_null(m->ack);
    assert_int_equal(m->attempt, 1);
    wn_task_msg_destroy(&m);

    t.id = NULL;
    assert_null(wn_proto_task_header(&t, NULL, 1, &len));
    t.id = "bad\xff";
    t.url = "https://e.test/\xe9"; /* Latin-1 byte in a URL: repaired, not refused */
    h = wn_proto_task_header(&t, NULL, 1, &len);
    assert_non_null(h);
    assert_int_equal(wn_proto_task_parse(h, len, &m, err, sizeof err), WN_OK);
    assert_string_equal(m->task.id, "bad\xef\xbf\xbd");
    assert_string_equal(m->task.url, "https://e.test/\xef\xbf\xbd");
    wn_task_msg_destroy(&m);
    free(h);
    size_t cl = 0;
    char *c = wn_proto_utf8_clean("a\xc0\xaf" "b\xed\xa0\x80\xf0\x9f\x98\x80", 11, &cl);
    assert_non_null(c);
    /* overlong and surrogate sequences replaced byte by byte; a valid emoji kept */
    assert_string_equal(c, "a\xef\xbf\xbd\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xf0\x9f\x98\x80");
    assert_int_equal(cl, strlen(c));
    free(c);
}

static void test_task_errors(void **state) {
    (void)state;
    wn_task_msg_t *m = NULL;
    char err[128];
    static const char *const bad[] = {
        "not json", "[1,2]", "{}", "{\"id\":\"\"}", "{\"id\":7}", "{\"id\":\"a\",\"url\":3}",
        "{\"id\":\"a\",\"attempt\":-1}", "{\"id\":\"a\",\"http_status\":\"200\"}", "{\"id\":\"a\",\"id\":\"b\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(wn_proto_task_parse(bad[i], strlen(bad[i]), &m, err, sizeof err), WN_EPROTO);
        assert_null(m);
        assert_true(err[0] != '\0');
    }
    char id[16], url[16], ack[16];
    const char *h = "{\"id\":\"abc\",\"url\":7,\"ack\":\"ipc:///x\"}";
    assert_int_equal(wn_proto_salvage_ids(h, strlen(h), id, sizeof id, url, sizeof url, ack, sizeof ack), 1);
    assert_string_equal(id, "abc");
    assert_string_equal(url, "");
    assert_string_equal(ack, "ipc:///x");
    assert_int_equal(wn_proto_salvage_ids("{junk", 5, id, sizeof id, url, sizeof url, ack, sizeof ack), 0);
    assert_string_equal(id, "");
}

static void test_result_line(void **state) {
    (void)state;
    wn_doc_t doc;
    memset(&doc, 0, sizeof doc);
    doc.title = "T";
    doc.lang = "en";
    doc.text = "hello";
    doc.text_len = 5;
    doc.truncated = WN_TRUNC_TEXT;
    wn_result_info_t r = {0};
    r.id = "p1";
    r.url = "https://e.test/";
    r.ack = "tcp://127.0.0.1:9";
    r.attempt = 1;
    r.status = WN_OK;
    r.doc = &doc;
    r.worker = "h/1";
    size_t hl = 0;
    char *h = wn_proto_result_header(&r, &hl);
    assert_non_null(h);
    wn_result_line_t line;
    char err[128];
    /* invalid UTF-8 and a NUL in the text become U+FFFD */
    assert_int_equal(wn_proto_result_line(h, hl, "ab\xff" "c\0d", 6, 0, &line, err, sizeof err), WN_OK);
    assert_string_equal(line.id, "p1");
    assert_string_equal(line.ack, "tcp://127.0.0.1:9");
    assert_int_equal(line.ok, 1);
    /* the record (winnow/record.h): every key, in order, text in its place */
    const char *want =
        "{\"id\":\"p1\",\"url\":\"https://e.test/\",\"status\":\"ok\",\"error\":null,\"error_code\":null,"
        "\"title\":\"T\",\"author\":null,\"date\":null,\"site_name\":null,\"description\":null,"
        "\"canonical_url\":null,\"lang\":null,\"lang_declared\":\"en\",\"lang_confidence\":null,\"page_type\":null,"
        "\"charset\":null,\"content_type\":null,\"http_status\":null,\"warc_file\":null,\"warc_offset\":null,"
        "\"warc_record_id\":null,\"warc_date\":null,\"target_uri\":null,\"text_source\":\"content\","
        "\"truncated\":[\"text\"],\"in_bytes\":0,\"html_bytes\":0,\"text_bytes\":5,"
        "\"text\":\"ab\xef\xbf\xbd" "c\xef\xbf\xbd" "d\",\"posts\":null,\"comments\":null,\"record_version\":1,"
        "\"attempt\":1,\"worker\":\"h/1\",\"ms\":null}";
    assert_string_equal(line.line, want);
    assert_null(strstr(line.line, "\"ack\""));
    assert_non_null(strstr(line.line, "\"worker\":\"h/1\""));
    assert_int_equal(strlen(line.line), line.line_len);
    wn_result_line_free(&line);
    assert_null(line.line);
    free(h);
    /* text that is the page's description says so; other text says nothing */
    doc.text_from_description = 1;
    h = wn_proto_result_header(&r, &hl);
    assert_non_null(h);
    assert_int_equal(wn_proto_result_line(h, hl, "hello", 5, 0, &line, err, sizeof err), WN_OK);
    assert_non_null(strstr(line.line, "\"text_source\":\"description\""));
    wn_result_line_free(&line);
    free(h);
    assert_int_equal(wn_proto_result_line("{}", 2, "", 0, 0, &line, err, sizeof err), WN_EPROTO);
    assert_int_equal(wn_proto_result_line("{\"id\":\"a\",\"status\":\"maybe\"}", 27, "", 0, 0, &line, err, sizeof err),
                     WN_EPROTO);
    assert_int_equal(wn_proto_result_line("{\"id\":\"a\",\"status\":\"ok\"}", 24, "12345", 5, 4, &line, err, sizeof err),
                     WN_ETOOBIG);

    /* an error record: no doc */
    wn_result_info_t e = {0};
    e.id = "bad";
    e.status = WN_ENOTHTML;
    e.error = "not HTML: image/png";
    h = wn_proto_result_header(&e, &hl);
    assert_non_null(h);
    assert_int_equal(wn_proto_result_line(h, hl, "", 0, 0, &line, err, sizeof err), WN_OK);
    assert_int_equal(line.ok, 0);
    assert_null(line.ack);
    assert_non_null(strstr(line.line, "\"status\":\"error\",\"error\":\"not HTML: image/png\""));
    assert_non_null(strstr(line.line, "\"error_code\":\"not_html\""));
    wn_result_line_free(&line);
    free(h);
}

typedef struct {
    int seen, ok;
} ack_count_t;

static void count_ack(void *ud, const wn_ack_t *a) {
    ack_count_t *c = ud;
    c->seen++;
    c->ok += a->ok;
}

static void test_acks(void **state) {
    (void)state;
    wn_ack_t a[4] = {{"x", 1, 0, 0}, {"y", 0, 0, 0}, {"e", 1, 0, 1}, {"s", 0, 1, 0}};
    size_t len;
    char *s = wn_proto_ack_encode(a, 4, &len);
    assert_non_null(s);
    assert_string_equal(s, "[{\"id\":\"x\",\"status\":\"ok\"},{\"id\":\"y\",\"status\":\"error\"},"
                           "{\"id\":\"e\",\"status\":\"ok\",\"empty\":true},{\"id\":\"s\",\"status\":\"skipped\"}]");
    ack_count_t c = {0, 0};
    assert_int_equal(wn_proto_ack_parse(s, len, count_ack, &c), WN_OK);
    assert_int_equal(c.seen, 4);
    assert_int_equal(c.ok, 2); /* a skipped page is not ok */
    free(s);
    c.seen = c.ok = 0;
    const char *mixed = "[\"bare\", 5, {\"id\":3}, {\"id\":\"\"}, {\"id\":\"z\"}]";
    assert_int_equal(wn_proto_ack_parse(mixed, strlen(mixed), count_ack, &c), WN_OK);
    assert_int_equal(c.seen, 2);
    assert_int_equal(wn_proto_ack_parse("{}", 2, count_ack, &c), WN_EPROTO);
}

static void test_not_html(void **state) {
    (void)state;
    assert_true(wn_proto_not_html("image/png"));
    assert_true(wn_proto_not_html("Application/PDF; q=1"));
    assert_true(wn_proto_not_html(" video/mp4"));
    assert_false(wn_proto_not_html("text/html; charset=utf-8"));
    assert_false(wn_proto_not_html("application/xhtml+xml"));
    assert_false(wn_proto_not_html("text/plain"));
    assert_false(wn_proto_not_html(NULL));
    assert_false(wn_proto_not_html("application/pdfx"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_task_roundtrip), cmocka_unit_test(test_task_errors),
        cmocka_unit_test(test_result_line),    cmocka_unit_test(test_acks),
        cmocka_unit_test(test_not_html),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
