/* test_robots.c -- unit tests for robots.txt parsing and matching (RFC 9309). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "winnow/robots.h"

static wn_robots_t *parse(const char *txt, const char *agent) {
    wn_status st = WN_EINVAL;
    wn_robots_t *r = wn_robots_parse(txt, strlen(txt), agent, &st);
    assert_non_null(r);
    assert_int_equal(st, WN_OK);
    return r;
}

static void test_star_group(void **state) {
    (void)state;
    wn_robots_t *r = parse("User-agent: *\nDisallow: /private\n", "winnow/0.1 (+x)");
    assert_false(wn_robots_allowed(r, "/private"));
    assert_false(wn_robots_allowed(r, "/private/a.html"));
    assert_false(wn_robots_allowed(r, "/privateer"));
    assert_true(wn_robots_allowed(r, "/public"));
    assert_true(wn_robots_allowed(r, "/"));
    assert_true(wn_robots_allowed(r, ""));
    assert_true(wn_robots_allowed(r, "/robots.txt"));
    wn_robots_destroy(&r);
    assert_null(r);
    wn_robots_destroy(&r); /* NULL is fine */
}

static void test_specific_group_wins(void **state) {
    (void)state;
    const char *txt = "# comment\r\n"
                      "User-agent: *\r\n"
                      "Disallow: /\r\n"
                      "\r\n"
                      "User-agent: otherbot\r\n"
                      "Disallow: /other\r\n"
                      "\r\n"
                      "User-agent: WINNOW\r\n"
                      "Disallow: /no   # trailing comment\r\n";
    wn_robots_t *r = parse(txt, "winnow/0.1");
    assert_int_equal(wn_robots_rule_count(r), 1);
    assert_true(wn_robots_allowed(r, "/yes"));
    assert_true(wn_robots_allowed(r, "/other"));
    assert_false(wn_robots_allowed(r, "/no/x"));
    wn_robots_destroy(&r);
    /* Another crawler falls back to the * group. */
    r = parse(txt, "somebot");
    assert_false(wn_robots_allowed(r, "/yes"));
    wn_robots_destroy(&r);
    /* A prefix of the token is not a match. */
    r = parse("User-agent: winnowbot\nDisallow: /\n", "winnow");
    assert_true(wn_robots_allowed(r, "/x"));
    wn_robots_destroy(&r);
}

static void test_groups_combine(void **state) {
    (void)state;
    /* RFC 9309 2.2.1: several groups for the same agent are merged, and
     * consecutive user-agent lines share one group. */
    const char *txt = "User-agent: a\nUser-agent: winnow\nDisallow: /one\n"
                      "Sitemap: https://example.com/s.xml\n"
                      "Disallow: /two\n"
                      "User-agent: b\nDisallow: /three\n"
                      "User-agent: winnow\nDisallow: /four\n";
    wn_robots_t *r = parse(txt, "winnow");
    assert_false(wn_robots_allowed(r, "/one"));
    assert_false(wn_robots_allowed(r, "/two"));
    assert_true(wn_robots_allowed(r, "/three"));
    assert_false(wn_robots_allowed(r, "/four"));
    wn_robots_destroy(&r);
}

static void test_longest_match(void **state) {
    (void)state;
    const char *txt = "User-agent: *\n"
                      "Disallow: /a\n"
                      "Allow: /a/b\n"
                      "Disallow: /a/b/c\n"
                      "Allow: /p\n"
                      "Disallow: /p\n" /* tie: allow wins */
                      "Disallow:\n";   /* empty: no rule */
    wn_robots_t *r = parse(txt, "winnow");
    assert_int_equal(wn_robots_rule_count(r), 5);
    assert_false(wn_robots_allowed(r, "/a"));
    assert_true(wn_robots_allowed(r, "/a/b"));
    assert_true(wn_robots_allowed(r, "/a/bx"));
    assert_false(wn_robots_allowed(r, "/a/b/c/d"));
    assert_true(wn_robots_allowed(r, "/p"));
    assert_true(wn_robots_allowed(r, "/z"));
    wn_robots_destroy(&r);
}

static void test_wildcards(void **state) {
    (void)state;
    const char *txt = "User-agent: *\n"
                      "Disallow: /*.php$\n"
                      "Disallow: /fish*.html\n"
                      "Disallow: /*?session=\n"
                      "Allow: /ok$\n"
                      "Disallow: /ok\n";
    wn_robots_t *r = parse(txt, "winnow");
    assert_false(wn_robots_allowed(r, "/index.php"));
    assert_false(wn_robots_allowed(r, "/a/b/index.php"));
    assert_true(wn_robots_allowed(r, "/index.php?x=1"));
    assert_true(wn_robots_allowed(r, "/index.phpx"));
    assert_false(wn_robots_allowed(r, "/fish.html"));
    assert_false(wn_robots_allowed(r, "/fishheads/yum.html"));
    assert_true(wn_robots_allowed(r, "/fish.htm"));
    assert_false(wn_robots_allowed(r, "/x?session=42"));
    assert_true(wn_robots_allowed(r, "/x?id=1"));
    assert_true(wn_robots_allowed(r, "/ok"));
    assert_false(wn_robots_allowed(r, "/ok/more"));
    wn_robots_destroy(&r);
    /* Pathological pattern: many stars stay cheap (no recursion). */
    r = parse("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*b$\n", "winnow");
    char path[2001];
    path[0] = '/';
    memset(path + 1, 'a', sizeof path - 2);
    path[sizeof path - 1] = '\0';
    assert_true(wn_robots_allowed(r, path));
    path[sizeof path - 2] = 'b';
    assert_false(wn_robots_allowed(r, path));
    wn_robots_destroy(&r);
}

static void test_percent_and_utf8(void **state) {
    (void)state;
    wn_robots_t *r = parse("User-agent: *\nDisallow: /caf\xC3\xA9\nDisallow: /%7ejoe\n", "winnow");
    assert_false(wn_robots_allowed(r, "/caf%C3%A9/menu"));
    assert_false(wn_robots_allowed(r, "/%7Ejoe/"));
    assert_true(wn_robots_allowed(r, "/cafe"));
    wn_robots_destroy(&r);
}

static void test_policies_and_edges(void **state) {
    (void)state;
    wn_robots_t *r = wn_robots_new_policy(0);
    assert_non_null(r);
    assert_false(wn_robots_allowed(r, "/"));
    assert_true(wn_robots_allowed(r, "/robots.txt"));
    wn_robots_destroy(&r);
    r = wn_robots_new_policy(1);
    assert_true(wn_robots_allowed(r, "/anything"));
    wn_robots_destroy(&r);
    /* Rules before any user-agent line belong to no group. */
    r = parse("Disallow: /\nUser-agent: *\nAllow: /\n", "winnow");
    assert_true(wn_robots_allowed(r, "/x"));
    wn_robots_destroy(&r);
    /* Empty file, BOM, garbage, no trailing newline. */
    r = parse("", "winnow");
    assert_true(wn_robots_allowed(r, "/x"));
    wn_robots_destroy(&r);
    r = parse("\xEF\xBB\xBFuser-AGENT: *\ndisallow: /x", "winnow");
    assert_false(wn_robots_allowed(r, "/x"));
    wn_robots_destroy(&r);
    r = parse("\x01\x02 binary : junk\n::::\nUser-agent *\n", "winnow");
    assert_true(wn_robots_allowed(r, "/x"));
    wn_robots_destroy(&r);
    wn_status st = WN_OK;
    assert_null(wn_robots_parse("x", 1, NULL, &st));
    assert_int_equal(st, WN_EINVAL);
}

static void test_bounds(void **state) {
    (void)state;
    /* A line over WN_ROBOTS_MAX_LINE is skipped; bytes past the size cap are ignored. */
    size_t big = WN_ROBOTS_MAX_BYTES + 64;
    char *txt = malloc(big);
    assert_non_null(txt);
    memset(txt, '\n', big);
    const char *head = "User-agent: *\nDisallow: /a\n";
    memcpy(txt, head, strlen(head));
    char *longline = txt + strlen(head);
    memcpy(longline, "Disallow: /b", 12);
    memset(longline + 12, 'b', WN_ROBOTS_MAX_LINE);
    const char *tail = "Disallow: /c\n";
    memcpy(txt + big - strlen(tail), tail, strlen(tail)); /* past the cap */
    wn_status st;
    wn_robots_t *r = wn_robots_parse(txt, big, "winnow", &st);
    assert_non_null(r);
    assert_false(wn_robots_allowed(r, "/a"));
    assert_true(wn_robots_allowed(r, "/b"));
    assert_true(wn_robots_allowed(r, "/c"));
    wn_robots_destroy(&r);
    free(txt);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_star_group),      cmocka_unit_test(test_specific_group_wins),
        cmocka_unit_test(test_groups_combine),  cmocka_unit_test(test_longest_match),
        cmocka_unit_test(test_wildcards),       cmocka_unit_test(test_percent_and_utf8),
        cmocka_unit_test(test_policies_and_edges), cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
