/* test_explain.c -- unit tests for the explanation (winnow/explain.h): the
 * fate and the deciding pass of the blocks of a small page, the metadata
 * sources, the page type's evidence, the JSON and the HTML, and that
 * nothing is recorded when the option is off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "winnow/explain.h"
#include "winnow/extract.h"

#define PARA1                                                                                                  \
    "The river authority confirmed on Tuesday that the old weir will be rebuilt, after two winters of "        \
    "flooding left the lower town under water for weeks at a time."
#define PARA2                                                                                                  \
    "Engineers expect the work to take eighteen months, and the footpath along the east bank will stay "       \
    "closed until the new fish pass is finished and inspected."
#define PARA3                                                                                                  \
    "Residents who lost property in the floods said they were relieved, but several asked why the repair "     \
    "had taken so long when the damage was reported years ago."

static const char page[] =
    "<html lang=en><head><title>Weir to be rebuilt | Riverside News</title>"
    "<meta property=og:title content=\"Weir to be rebuilt\">"
    "<meta property=og:site_name content=\"Riverside News\">"
    "<meta name=description content=\"The old weir will be rebuilt after two winters of flooding.\">"
    "</head><body>"
    "<header><nav><a href=/>Home</a> <a href=/news>News</a> <a href=/sport>Sport</a></nav></header>"
    "<div class=sidebar><h3>Most read</h3><ul><li><a href=/a>Council tax rises again this spring</a></li>"
    "<li><a href=/b>Bakery closes after ninety years</a></li></ul></div>"
    "<article><h1>Weir to be rebuilt</h1><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></article>"
    "<footer><p>Copyright Riverside News. All rights reserved.</p></footer></body></html>";

static wn_doc_t *run(const char *html, int explain) {
    wn_options_t opt;
    wn_options_init(&opt);
    opt.explain = explain;
    wn_extractor_t *x = wn_extractor_new(&opt);
    assert_non_null(x);
    wn_doc_t *doc = NULL;
    wn_status st = wn_extract(x, html, strlen(html), "https://news.example/weir", "text/html; charset=utf-8", &doc);
    wn_extractor_destroy(&x);
    assert_non_null(doc);
    if (st != WN_OK) fail_msg("wn_extract: %s", doc->error ? doc->error : "?");
    return doc;
}

/* The block whose text holds s, or NULL. */
static const wn_explain_block_t *block_with(const wn_explain_t *e, const char *s) {
    for (size_t k = 0; k < e->n_blocks; k++)
        if (strstr(e->blocks[k].text, s)) return &e->blocks[k];
    return NULL;
}

static void test_off_records_nothing(void **state) {
    (void)state;
    wn_doc_t *doc = run(page, 0);
    assert_null(doc->explain);
    char *j = wn_explain_to_json(doc, "p");
    assert_non_null(j);
    json_t *o = json_loads(j, 0, NULL);
    assert_non_null(o);
    assert_true(json_is_null(json_object_get(o, "blocks")));
    json_decref(o);
    free(j);
    wn_doc_destroy(&doc);
}

static void test_blocks_and_passes(void **state) {
    (void)state;
    wn_doc_t *doc = run(page, 1);
    const wn_explain_t *e = doc->explain;
    assert_non_null(e);
    /* the same text as without the option */
    wn_doc_t *plain = run(page, 0);
    assert_string_equal(doc->text, plain->text);
    wn_doc_destroy(&plain);
    const wn_explain_block_t *b = block_with(e, "Engineers expect");
    assert_non_null(b);
    assert_int_equal(b->state, WN_BLOCK_KEPT);
    assert_string_equal(b->tag, "p");
    assert_true(b->container >= 0 && (size_t)b->container < e->n_containers);
    assert_string_equal(b->pass, e->containers[b->container].pass);
    b = block_with(e, "Home");
    assert_non_null(b);
    assert_int_equal(b->state, WN_BLOCK_CHROME);
    assert_string_equal(b->pass, "page-header"); /* the <header> around the <nav> went first */
    assert_non_null(b->decider_element);
    assert_string_equal(b->decider_element, "header");
    assert_true(b->link_chars == b->chars && b->chars > 0);
    b = block_with(e, "Bakery closes");
    assert_non_null(b);
    assert_int_equal(b->state, WN_BLOCK_CHROME);
    assert_string_equal(b->pass, "boilerplate");
    assert_non_null(b->words);
    assert_non_null(strstr(b->words, "sidebar"));
    b = block_with(e, "Copyright");
    assert_non_null(b);
    assert_int_not_equal(b->state, WN_BLOCK_KEPT);
    /* the title heading is metadata: the renderer leaves it out */
    b = block_with(e, "Weir to be rebuilt");
    assert_non_null(b);
    assert_int_equal(b->state, WN_BLOCK_DROPPED);
    assert_non_null(b->pass);
    /* every block not kept names a pass; the counts add up */
    size_t n[5] = {0};
    for (size_t k = 0; k < e->n_blocks; k++) {
        assert_non_null(e->blocks[k].pass);
        assert_string_not_equal(e->blocks[k].pass, "unrecorded");
        n[e->blocks[k].state]++;
    }
    for (int s = 0; s < 5; s++) assert_int_equal(n[s], e->count[s]);
    /* metadata sources */
    assert_string_equal(e->fields[0].name, "title");
    assert_string_equal(e->fields[0].source, "og:title");
    assert_string_equal(e->fields[3].name, "site_name");
    assert_string_equal(e->fields[3].source, "og:site_name");
    assert_string_equal(e->fields[4].source, "<html lang>");
    assert_null(e->fields[1].value); /* no author */
    assert_null(e->fields[1].source);
    /* classified: the scores and the signals */
    assert_false(e->page_type_forced);
    assert_int_equal(e->page_type, doc->page_type);
    int best = 0;
    for (int t = 1; t < WN_PAGE_TYPES; t++)
        if (e->type_score[t] > e->type_score[best]) best = t;
    assert_int_equal(best, (int)doc->page_type);
    wn_doc_destroy(&doc);
}

static void test_json_and_html(void **state) {
    (void)state;
    wn_doc_t *doc = run(page, 1);
    char *j = wn_explain_to_json(doc, "weir");
    assert_non_null(j);
    json_error_t err;
    json_t *o = json_loads(j, 0, &err);
    if (!o) fail_msg("JSON: %s", err.text);
    assert_string_equal(json_string_value(json_object_get(o, "id")), "weir");
    json_t *blocks = json_object_get(o, "blocks");
    assert_int_equal(json_array_size(blocks), doc->explain->n_blocks);
    json_t *b0 = json_array_get(blocks, 0);
    assert_non_null(json_object_get(b0, "pass"));
    assert_non_null(json_object_get(b0, "state"));
    assert_non_null(json_object_get(json_object_get(o, "page_type"), "signals"));
    json_decref(o);
    free(j);
    char *h = wn_explain_to_html(doc, "weir");
    assert_non_null(h);
    assert_non_null(strstr(h, "<!DOCTYPE html>"));
    assert_non_null(strstr(h, "Bakery closes after ninety years"));
    assert_non_null(strstr(h, "page-header"));
    assert_null(strstr(h, "<script"));
    free(h);
    wn_doc_destroy(&doc);
}

/* Text that needs escaping stays text in the HTML. */
static void test_html_escapes(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 " Use &lt;script&gt; &amp; \"quotes\".</p><p>" PARA2
                       "</p></article></body></html>";
    wn_doc_t *doc = run(html, 1);
    char *h = wn_explain_to_html(doc, "<x>");
    assert_non_null(h);
    assert_null(strstr(h, "<script>"));
    assert_null(strstr(h, "<x>"));
    assert_non_null(strstr(h, "&lt;script&gt; &amp; &quot;quotes&quot;"));
    free(h);
    wn_doc_destroy(&doc);
}

/* A page that fails before parsing has no explanation but still a report. */
static void test_error_page(void **state) {
    (void)state;
    wn_options_t opt;
    wn_options_init(&opt);
    opt.explain = true;
    wn_extractor_t *x = wn_extractor_new(&opt);
    wn_doc_t *doc = NULL;
    wn_status st = wn_extract(x, "\x89PNG\r\n\x1a\n....", 12, NULL, NULL, &doc);
    assert_int_equal(st, WN_ENOTHTML);
    assert_null(doc->explain);
    char *h = wn_explain_to_html(doc, NULL);
    assert_non_null(h);
    assert_non_null(strstr(h, "Extraction failed"));
    free(h);
    char *j = wn_explain_to_json(doc, NULL);
    assert_non_null(j);
    assert_non_null(strstr(j, "\"status\":\"error\""));
    free(j);
    wn_doc_destroy(&doc);
    wn_extractor_destroy(&x);
}

static void test_state_names(void **state) {
    (void)state;
    assert_string_equal(wn_block_state_name(WN_BLOCK_KEPT), "kept");
    assert_string_equal(wn_block_state_name(WN_BLOCK_POST), "post");
    assert_null(wn_block_state_name((wn_block_state_t)9));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_off_records_nothing), cmocka_unit_test(test_blocks_and_passes),
        cmocka_unit_test(test_json_and_html),       cmocka_unit_test(test_html_escapes),
        cmocka_unit_test(test_error_page),          cmocka_unit_test(test_state_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
