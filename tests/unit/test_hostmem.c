/* test_hostmem.c -- cross-page boilerplate memory per host (winnow/hostmem.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "winnow/hostmem.h"

#define HOT "What's Hot\n\n- Ten things about ducks\n- The best toasters of the year"

/* A doc as wn_extract makes it: malloc'd strings, owned by the doc. */
static wn_doc_t *mkdoc(const char *url, const char *canonical, const char *text) {
    wn_doc_t *d = calloc(1, sizeof *d);
    assert_non_null(d);
    d->url = url ? strdup(url) : NULL;
    d->canonical_url = canonical ? strdup(canonical) : NULL;
    d->text = strdup(text);
    assert_non_null(d->text);
    d->text_len = strlen(text);
    return d;
}

/* Page i of a site: its own article, then the site's chrome. */
static char *page_text(int i) {
    char *t = malloc(1024);
    assert_non_null(t);
    snprintf(t, 1024,
             "Story number %d about the river\n\nThe river rose %d centimetres overnight, the council said, and "
             "roads near the bridge were closed.\n\n" HOT,
             i, i * 7);
    return t;
}

/* Applies hm to a doc and returns the resulting text (malloc'd). */
static char *run(wn_hostmem_t *hm, const char *url, const char *canonical, const char *text) {
    wn_doc_t *d = mkdoc(url, canonical, text);
    assert_int_equal(wn_hostmem_apply(hm, d), WN_OK);
    assert_int_equal(strlen(d->text), d->text_len);
    char *r = strdup(d->text);
    wn_doc_destroy(&d);
    return r;
}

static void test_host_key(void **state) {
    (void)state;
    char h[256];
    assert_int_equal(wn_hostmem_host("https://WWW.Example.COM:8080/a?b#c", h, sizeof h), 11);
    assert_string_equal(h, "example.com");
    assert_true(wn_hostmem_host("http://user:pw@news.example.org./x", h, sizeof h) > 0);
    assert_string_equal(h, "news.example.org");
    assert_true(wn_hostmem_host("http://[::1]:80/", h, sizeof h) > 0);
    assert_string_equal(h, "[::1]");
    assert_int_equal(wn_hostmem_host("/relative/path", h, sizeof h), 0);
    assert_int_equal(wn_hostmem_host("https:///nohost", h, sizeof h), 0);
    assert_int_equal(wn_hostmem_host(NULL, h, sizeof h), 0);
}

/* A block on 4 pages of one host is dropped from page 4 on (min_pages 3),
 * not on another host; the article text stays. */
static void test_drop_from_fourth_page(void **state) {
    (void)state;
    wn_hostmem_t *hm = wn_hostmem_new(NULL);
    assert_non_null(hm);
    for (int i = 1; i <= 5; i++) {
        char *t = page_text(i);
        char url[64];
        snprintf(url, sizeof url, "https://www.herald.example/news/%d", i);
        char *r = run(hm, url, NULL, t);
        if (i <= 3) {
            assert_string_equal(r, t);
        } else {
            assert_null(strstr(r, "What's Hot"));
            assert_null(strstr(r, "toasters"));
            assert_non_null(strstr(r, "Story number"));
            assert_non_null(strstr(r, "bridge were closed."));
            /* no separator left dangling */
            assert_true(r[strlen(r) - 1] == '.');
        }
        free(r);
        free(t);
    }
    assert_true(wn_hostmem_dropped(hm) > 0);
    /* a third host has never seen it */
    char *t = page_text(9);
    char *r = run(hm, "https://third.example/", NULL, t);
    assert_string_equal(r, t);
    free(r);
    free(t);
    wn_hostmem_destroy(&hm);
    assert_null(hm);
    wn_hostmem_destroy(&hm); /* accepts NULL */
}

/* Pages counted per host: 3 pages of host A do not make host B drop. */
static void test_hosts_apart(void **state) {
    (void)state;
    wn_hostmem_t *hm = wn_hostmem_new(NULL);
    assert_non_null(hm);
    char t[128];
    for (int i = 0; i < 3; i++) {
        snprintf(t, sizeof t, "Body of page %d.\n\nSubscribe to our newsletter", i);
        free(run(hm, "http://a.example/", NULL, t));
    }
    char *r = run(hm, "http://b.example/", NULL, t);
    assert_string_equal(r, t);
    free(r);
    snprintf(t, sizeof t, "Body of page %d.\n\nSubscribe to our newsletter", 9);
    r = run(hm, "http://www.a.example/zz", NULL, t); /* www. is the same host */
    assert_string_equal(r, "Body of page 9.");
    free(r);
    wn_hostmem_destroy(&hm);
}

/* Same input order, same output; also the canonical URL gives the host. */
static void test_deterministic(void **state) {
    (void)state;
    char *out[2][12];
    for (int pass = 0; pass < 2; pass++) {
        wn_hostmem_t *hm = wn_hostmem_new(NULL);
        assert_non_null(hm);
        for (int i = 0; i < 12; i++) {
            char *t = page_text(i);
            const char *host = (i % 3 == 0) ? "https://x.example/" : "https://y.example/";
            out[pass][i] = run(hm, NULL, host, t);
            free(t);
        }
        wn_hostmem_destroy(&hm);
    }
    int dropped = 0;
    for (int i = 0; i < 12; i++) {
        assert_string_equal(out[0][i], out[1][i]);
        if (!strstr(out[0][i], "What's Hot")) dropped++;
        free(out[0][i]);
        free(out[1][i]);
    }
    /* x.example: pages 0,3,6,9 -> dropped on 9; y.example: 8 pages -> dropped on the last 5 */
    assert_int_equal(dropped, 6);
}

/* Long paragraphs are never dropped; a short repeated heading alone between
 * unrepeated blocks is kept; fences are never touched. */
static void test_long_and_lone(void **state) {
    (void)state;
    wn_hostmem_t *hm = wn_hostmem_new(NULL);
    assert_non_null(hm);
    char longp[600], own[2][600];
    memset(longp, 0, sizeof longp);
    while (strlen(longp) < 400) strcat(longp, "This paragraph repeats on every page. ");
    char t[4096];
    for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 2; j++) {
            memset(own[j], 0, sizeof own[j]);
            while (strlen(own[j]) < 400) {
                char w[64];
                snprintf(w, sizeof w, "Page %d paragraph %d sentence %zu. ", i, j, strlen(own[j]));
                strcat(own[j], w);
            }
        }
        snprintf(t, sizeof t, "%s\n\n%s\n\n%s\n\nIntro %d of the recipe.\n\nIngredients\n\n- flour %d g\n\n```\ncode\n```",
                 longp, own[0], own[1], i, i);
        char *r = run(hm, "https://recipes.example/r", NULL, t);
        assert_string_equal(r, t);
        free(r);
    }
    assert_int_equal(wn_hostmem_copies(hm), 0);
    assert_int_equal(wn_hostmem_dropped(hm), 0);
    wn_hostmem_destroy(&hm);
}

/* A page whose long paragraphs were seen before is a copy (the same URL
 * again, one article under two URLs): left whole and not recorded. */
static void test_copies(void **state) {
    (void)state;
    wn_hostmem_t *hm = wn_hostmem_new(NULL);
    assert_non_null(hm);
    char longp[600], t[1024];
    memset(longp, 0, sizeof longp);
    while (strlen(longp) < 400) strcat(longp, "An article paragraph long enough to be a paragraph. ");
    snprintf(t, sizeof t, "A short subheading\n\n%s\n\nShare this story", longp);
    for (int i = 0; i < 6; i++) {
        char *r = run(hm, "https://dup.example/a", NULL, t);
        assert_string_equal(r, t);
        free(r);
    }
    assert_int_equal(wn_hostmem_copies(hm), 5);
    /* the copies were not recorded: "Share this story" was seen on 1 page */
    char *r = run(hm, "https://dup.example/b", NULL, "Another page.\n\nShare this story");
    assert_string_equal(r, "Another page.\n\nShare this story");
    free(r);
    wn_hostmem_destroy(&hm);
}

/* No host: unchanged and not recorded. A block repeated inside one page
 * counts once for that page. */
static void test_no_host_and_once_per_page(void **state) {
    (void)state;
    wn_hostmem_t *hm = wn_hostmem_new(NULL);
    assert_non_null(hm);
    const char *t = "Share this\n\nArticle text here.\n\nShare this";
    char u[128];
    for (int i = 0; i < 5; i++) {
        char *r = run(hm, NULL, NULL, t);
        assert_string_equal(r, t);
        free(r);
        r = run(hm, "not a url", "also/not", t);
        assert_string_equal(r, t);
        free(r);
    }
    /* twice per page, on 2 pages: seen on 2 pages, not 4 */
    for (int i = 0; i < 2; i++) {
        snprintf(u, sizeof u, "Share this\n\nArticle %d.\n\nShare this", i);
        free(run(hm, "https://s.example/", NULL, u));
    }
    snprintf(u, sizeof u, "Share this\n\nArticle %d.\n\nShare this", 2);
    char *r = run(hm, "https://s.example/", NULL, u);
    assert_string_equal(r, u);
    free(r);
    snprintf(u, sizeof u, "Share this\n\nArticle %d.\n\nShare this", 3);
    r = run(hm, "https://s.example/", NULL, u); /* now seen on 3 earlier pages */
    assert_string_equal(r, "Article 3.");
    free(r);
    assert_int_equal(wn_hostmem_apply(hm, NULL), WN_EINVAL);
    wn_hostmem_destroy(&hm);
}

/* Bounds: with max_hosts 2 the least recently seen host is forgotten; with
 * max_blocks_per_host 1 only the first block is recorded. min_pages 1. */
static void test_bounds(void **state) {
    (void)state;
    wn_hostmem_opts_t o;
    wn_hostmem_opts_init(&o);
    o.min_pages = 1;
    o.max_hosts = 2;
    o.max_blocks_per_host = 1;
    wn_hostmem_t *hm = wn_hostmem_new(&o);
    assert_non_null(hm);
    const char *t = "Alpha block\n\nBeta block";
    free(run(hm, "http://a.example/", NULL, t));
    char *r = run(hm, "http://a.example/", NULL, t); /* only "Alpha block" was recorded */
    assert_string_equal(r, "Beta block");
    free(r);
    free(run(hm, "http://b.example/", NULL, t));
    free(run(hm, "http://c.example/", NULL, t)); /* forgets a.example (least recent) */
    r = run(hm, "http://a.example/", NULL, t);
    assert_string_equal(r, t);
    free(r);
    r = run(hm, "http://c.example/", NULL, t); /* c.example still known */
    assert_string_equal(r, "Beta block");
    free(r);
    wn_hostmem_destroy(&hm);
}

/* Only the first 65536 lines are judged; the rest of a longer text stays. */
static void test_many_lines(void **state) {
    (void)state;
    wn_hostmem_t *hm = wn_hostmem_new(NULL);
    assert_non_null(hm);
    size_t cap = 70000 * 16 + 64;
    char *t = malloc(cap);
    assert_non_null(t);
    for (int p = 0; p < 5; p++) {
        size_t len = 0;
        len += (size_t)snprintf(t + len, cap - len, "Page %d\n", p);
        for (int i = 0; i < 70000; i++) len += (size_t)snprintf(t + len, cap - len, "- item %d\n", i);
        len += (size_t)snprintf(t + len, cap - len, "Follow us");
        char *r = run(hm, "https://long.example/", NULL, t);
        if (p >= 3) {
            assert_non_null(strstr(r, "Page"));
            assert_null(strstr(r, "- item 0\n")); /* judged: repeated, dropped */
            assert_non_null(strstr(r, "- item 69999\nFollow us")); /* not judged: kept */
        }
        free(r);
    }
    free(t);
    wn_hostmem_destroy(&hm);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_key),
        cmocka_unit_test(test_drop_from_fourth_page),
        cmocka_unit_test(test_hosts_apart),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_long_and_lone),
        cmocka_unit_test(test_copies),
        cmocka_unit_test(test_no_host_and_once_per_page),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_many_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
