/* test_config.c -- unit tests for pipeline.conf parsing (config.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "winnow/config.h"

static void test_defaults(void **state) {
    (void)state;
    wn_config_t c;
    wn_config_init(&c);
    assert_int_equal(c.workers, 2);
    assert_string_equal(c.tasks, "tcp://127.0.0.1:5557");
    assert_string_equal(c.results, "tcp://127.0.0.1:5558");
    assert_string_equal(c.acks, "tcp://127.0.0.1:5559");
    assert_string_equal(c.sources, "corpus/crawl.warc.gz");
    assert_int_equal(c.attempts, 3);
    assert_int_equal(c.max_page_bytes, 16u << 20);
    assert_string_equal(c.output_path, "out/clean.jsonl");
    assert_int_equal(c.output_gzip, WN_GZIP_AUTO);
    assert_int_equal(c.concurrency, 32);
    assert_int_equal(c.per_host, 2);
    assert_int_equal(c.max_body, 16u << 20);
    assert_string_equal(c.user_agent, "winnow/0.1 (+https://example.invalid/winnow)");
    assert_true(c.robots);
    assert_string_equal(c.warc, "");
    assert_true(c.tables);
    assert_false(c.comments);
}

static void test_load(void **state) {
    (void)state;
    wn_config_t c;
    wn_config_init(&c);
    char err[256] = "";
    const char *ini = "; comment\n"
                      "[pipeline]\nworkers = 5\ntasks = ipc:///tmp/x\nsources = a.warc.gz  dir/\n"
                      "[delivery]\nhwm=4\nmax_in_flight = 10\ndeadline_ms = 250\nattempts = 2\n"
                      "[limits]\nmax_page_bytes = 2M\nmax_header_line = 8k\nmax_record = 1G\n"
                      "[extract]\nformat = markdown\ntables = no\nbias = precision\ncomments = on\npage_type = Forum\n"
                      "[output]\npath = x.jsonl.gz\ngzip = yes\n"
                      "[curve]\nserver_public_key = rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7\n"
                      "[fetch]\nrobots = false\nuser_agent = bot/1.0\nwarc = out/fetch.warc.gz\nmax_body = 512k\n";
    assert_int_equal(wn_config_load_string(&c, ini, "t.conf", err, sizeof err), WN_OK);
    assert_int_equal(c.workers, 5);
    assert_string_equal(c.tasks, "ipc:///tmp/x");
    assert_string_equal(c.sources, "a.warc.gz  dir/");
    assert_int_equal(c.hwm, 4);
    assert_int_equal(c.max_in_flight, 10);
    assert_int_equal(c.deadline_ms, 250);
    assert_int_equal(c.attempts, 2);
    assert_int_equal(c.max_page_bytes, 2u << 20);
    assert_int_equal(c.max_header_line, 8192);
    assert_int_equal(c.max_record, 1u << 30);
    assert_int_equal(c.format, WN_FORMAT_MARKDOWN);
    assert_false(c.tables);
    assert_true(c.comments);
    assert_int_equal(c.bias, -1);
    assert_int_equal(c.output_gzip, WN_GZIP_YES);
    assert_string_equal(c.server_public_key, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7");
    assert_false(c.robots);
    assert_string_equal(c.user_agent, "bot/1.0");
    assert_string_equal(c.warc, "out/fetch.warc.gz");
    assert_int_equal(c.max_body, 512u << 10);
    assert_string_equal(c.results, "tcp://127.0.0.1:5558"); /* untouched keys keep defaults */

    wn_options_t opt;
    wn_config_extract_options(&c, &opt);
    assert_int_equal(opt.format, WN_FORMAT_MARKDOWN);
    assert_int_equal(opt.max_page_bytes, 2u << 20);
    assert_int_equal(opt.bias, -1);
    assert_int_equal(opt.page_type, WN_PAGE_FORUM);
    wn_config_init(&c);
    assert_int_equal(c.page_type, WN_PAGE_AUTO);
}

static void test_errors(void **state) {
    (void)state;
    wn_config_t c;
    char err[256];
    wn_config_init(&c);
    assert_int_equal(wn_config_load_string(&c, "[pipeline]\nworkers = 3\n\nwrokers = 4\n", "pipeline.conf", err, sizeof err),
                     WN_ECONFIG);
    assert_string_equal(err, "pipeline.conf:4: unknown key 'wrokers' in [pipeline]");
    assert_int_equal(wn_config_load_string(&c, "[pipline]\nworkers = 3\n", "p.conf", err, sizeof err), WN_ECONFIG);
    assert_string_equal(err, "p.conf:2: unknown section [pipline]");
    assert_int_equal(wn_config_load_string(&c, "[delivery]\nattempts = three\n", "p.conf", err, sizeof err), WN_ECONFIG);
    assert_non_null(strstr(err, "p.conf:2: bad value 'three' for attempts"));
    assert_int_equal(wn_config_load_string(&c, "[limits]\nmax_page_bytes = 12Q\n", "p.conf", err, sizeof err), WN_ECONFIG);
    assert_non_null(strstr(err, "p.conf:2: bad size '12Q'"));
    assert_int_equal(wn_config_load_string(&c, "[pipeline]\nworkers = 0\n", "p.conf", err, sizeof err), WN_ECONFIG);
    assert_int_equal(wn_config_load_string(&c, "[fetch]\nrobots = maybe\n", "p.conf", err, sizeof err), WN_ECONFIG);
    assert_int_equal(wn_config_load_string(&c, "[extract]\nbias = extreme\n", "p.conf", err, sizeof err), WN_ECONFIG);
    assert_int_equal(wn_config_load_string(&c, "[extract]\npage_type = blog\n", "p.conf", err, sizeof err), WN_ECONFIG);
    assert_non_null(strstr(err, "bad page_type 'blog'"));
    assert_int_equal(wn_config_load_string(&c, "[pipeline]\nthis line is junk\n", "p.conf", err, sizeof err), WN_ECONFIG);
    assert_non_null(strstr(err, "p.conf:2:"));
    assert_int_equal(wn_config_load_file(&c, "/nonexistent/pipeline.conf", err, sizeof err), WN_EIO);
    char longv[600];
    memset(longv, 'a', sizeof longv - 1);
    longv[sizeof longv - 1] = '\0';
    assert_int_equal(wn_config_set(&c, "pipeline", "tasks", longv, err, sizeof err), WN_ECONFIG);
}

static void test_sizes_and_args(void **state) {
    (void)state;
    size_t n = 0;
    assert_int_equal(wn_config_parse_size("64k", &n), WN_OK);
    assert_int_equal(n, 65536);
    assert_int_equal(wn_config_parse_size("16MiB", &n), WN_OK);
    assert_int_equal(n, 16u << 20);
    assert_int_equal(wn_config_parse_size("3G", &n), WN_OK);
    assert_int_equal(n, 3ull << 30);
    assert_int_equal(wn_config_parse_size("12", &n), WN_OK);
    assert_int_equal(n, 12);
    assert_int_equal(wn_config_parse_size("", &n), WN_EINVAL);
    assert_int_equal(wn_config_parse_size("-1", &n), WN_EINVAL);
    assert_int_equal(wn_config_parse_size("99999999999999999999999", &n), WN_EINVAL);
    assert_int_equal(wn_config_parse_size("18446744073709551615G", &n), WN_EINVAL);
    wn_config_t c;
    char err[256];
    wn_config_init(&c);
    assert_int_equal(wn_config_set_arg(&c, "delivery.deadline_ms=1500", err, sizeof err), WN_OK);
    assert_int_equal(c.deadline_ms, 1500);
    assert_int_equal(wn_config_set_arg(&c, "output.gzip=auto", err, sizeof err), WN_OK);
    assert_int_equal(wn_config_set_arg(&c, "nodot=1", err, sizeof err), WN_ECONFIG);
    assert_int_equal(wn_config_set_arg(&c, "delivery.nokey=1", err, sizeof err), WN_ECONFIG);
    assert_string_equal(err, "unknown key 'nokey' in [delivery]");
}

static void test_to_ini_roundtrip(void **state) {
    (void)state;
    wn_config_t a, b;
    char err[256];
    wn_config_init(&a);
    assert_int_equal(wn_config_set_arg(&a, "pipeline.sources=x.warc.gz y/", err, sizeof err), WN_OK);
    assert_int_equal(wn_config_set_arg(&a, "extract.format=json", err, sizeof err), WN_OK);
    assert_int_equal(wn_config_set_arg(&a, "output.gzip=no", err, sizeof err), WN_OK);
    assert_int_equal(wn_config_set_arg(&a, "fetch.warc=w.warc.gz", err, sizeof err), WN_OK);
    assert_int_equal(wn_config_set_arg(&a, "extract.page_type=documentation", err, sizeof err), WN_OK);
    char *ini = wn_config_to_ini(&a);
    assert_non_null(ini);
    wn_config_init(&b);
    assert_int_equal(wn_config_load_string(&b, ini, "dump", err, sizeof err), WN_OK);
    assert_memory_equal(&a, &b, sizeof a);
    free(ini);
    assert_int_equal(wn_config_set_arg(&a, "fetch.user_agent=bad ; value", err, sizeof err), WN_OK);
    assert_null(wn_config_to_ini(&a)); /* would not read back the same */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_sizes_and_args),
        cmocka_unit_test(test_to_ini_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
