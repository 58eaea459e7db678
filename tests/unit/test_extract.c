/* test_extract.c -- unit tests for wn_extract: one small inline page per rule,
 * metadata sources, output formats, and hostile inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>
#include <jansson.h>

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

/* Runs wn_extract on a NUL-terminated page with options `opt` (NULL =
 * defaults); returns the doc (caller destroys) and the status in *st. */
static wn_doc_t *run(const char *html, const wn_options_t *opt, wn_status *st) {
    wn_extractor_t *x = wn_extractor_new(opt);
    assert_non_null(x);
    wn_doc_t *doc = NULL;
    *st = wn_extract(x, html, strlen(html), NULL, "text/html; charset=utf-8", &doc);
    wn_extractor_destroy(&x);
    assert_null(x);
    assert_non_null(doc);
    return doc;
}

static wn_doc_t *run_ok(const char *html, const wn_options_t *opt) {
    wn_status st;
    wn_doc_t *doc = run(html, opt, &st);
    if (st != WN_OK) fail_msg("wn_extract: %s", doc->error ? doc->error : "?");
    return doc;
}

static void test_nav_dropped_article_kept(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt | Riverside News</title></head><body>"
                       "<header><nav><a href=/>Home</a> <a href=/news>News</a> <a href=/sport>Sport</a></nav></header>"
                       "<div class=sidebar><h3>Most read</h3><ul><li><a href=/a>Council tax rises again this spring</a></li>"
                       "<li><a href=/b>Bakery closes after ninety years</a></li></ul></div>"
                       "<article><h1>Weir to be rebuilt</h1><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></article>"
                       "<footer><p>Copyright Riverside News. All rights reserved.</p></footer></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, PARA1));
    assert_non_null(strstr(doc->text, PARA3));
    assert_null(strstr(doc->text, "Home"));
    assert_null(strstr(doc->text, "Most read"));
    assert_null(strstr(doc->text, "Bakery"));
    assert_null(strstr(doc->text, "Copyright"));
    assert_null(strstr(doc->text, "Weir to be rebuilt")); /* the title is metadata */
    assert_string_equal(doc->title, "Weir to be rebuilt");
    /* one block per line, blank line between blocks */
    assert_non_null(strstr(doc->text, PARA1 "\n\n" PARA2));
    wn_doc_destroy(&doc);
    assert_null(doc);
}

static void test_lists_tables_pre(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 "</p>"
                       "<h2>What changes</h2><ul><li>The footpath closes</li><li>The car park moves</li></ul>"
                       "<ol><li>Survey</li><li>Build</li></ol>"
                       "<table><tr><th>Year</th><th>Floods</th></tr><tr><td>2022</td><td>3</td></tr></table>"
                       "<pre>line one\n  indented two</pre><p>" PARA2 "</p></article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "\n\nWhat changes\n\n"));
    assert_non_null(strstr(doc->text, "- The footpath closes\n\n- The car park moves"));
    assert_non_null(strstr(doc->text, "1. Survey\n\n2. Build"));
    assert_non_null(strstr(doc->text, "Year | Floods\n\n2022 | 3"));
    assert_non_null(strstr(doc->text, "line one\n  indented two"));
    wn_doc_destroy(&doc);

    wn_options_t opt;
    wn_options_init(&opt);
    opt.tables = false;
    doc = run_ok(html, &opt);
    assert_null(strstr(doc->text, "Year | Floods"));
    assert_non_null(strstr(doc->text, PARA2));
    wn_doc_destroy(&doc);
}

static void test_markdown(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 " See <a href=\"https://example.org/weir\">the plan</a>.</p>"
                       "<h2>Next steps</h2><blockquote><p>We will keep the town dry.</p></blockquote>"
                       "<ul><li>one</li></ul><pre>code()</pre><p>" PARA2 "</p></article></body></html>";
    wn_options_t opt;
    wn_options_init(&opt);
    opt.format = WN_FORMAT_MARKDOWN;
    opt.links = true;
    wn_doc_t *doc = run_ok(html, &opt);
    assert_non_null(strstr(doc->text, "[the plan](https://example.org/weir)"));
    assert_non_null(strstr(doc->text, "## Next steps"));
    assert_non_null(strstr(doc->text, "> We will keep the town dry."));
    assert_non_null(strstr(doc->text, "- one"));
    assert_non_null(strstr(doc->text, "```\ncode()\n```"));
    wn_doc_destroy(&doc);
}

/* Runs wn_extract with a page URL. */
static wn_doc_t *run_url(const char *html, const wn_options_t *opt, const char *url) {
    wn_extractor_t *x = wn_extractor_new(opt);
    assert_non_null(x);
    wn_doc_t *doc = NULL;
    wn_status st = wn_extract(x, html, strlen(html), url, "text/html; charset=utf-8", &doc);
    wn_extractor_destroy(&x);
    assert_non_null(doc);
    if (st != WN_OK) fail_msg("wn_extract: %s", doc->error ? doc->error : "?");
    return doc;
}

/* GFM tables: one line per row, a delimiter row, '|' escaped in a cell;
 * no '/' for a leading '|' and no blank lines between rows (issue 15). */
static void test_markdown_table(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 "</p><table><thead><tr><th>a</th><th>b</th></tr></thead>"
                       "<tbody><tr><td>1</td><td>2 | 3</td></tr><tr><td>x</td><td>y</td><td>z</td></tr></tbody>"
                       "</table><p>" PARA2 "</p></article></body></html>";
    wn_options_t opt;
    wn_options_init(&opt);
    opt.format = WN_FORMAT_MARKDOWN;
    wn_doc_t *doc = run_ok(html, &opt);
    assert_non_null(strstr(doc->text, "| a | b |  |\n| --- | --- | --- |\n| 1 | 2 \\| 3 |\n| x | y | z |"));
    wn_doc_destroy(&doc);
    /* no header row in the page: an empty one */
    html = "<html><body><article><p>" PARA1 "</p><table><tr><td>1</td><td>2</td></tr></table><p>" PARA2
           "</p></article></body></html>";
    doc = run_ok(html, &opt);
    assert_non_null(strstr(doc->text, "|  |  |\n| --- | --- |\n| 1 | 2 |"));
    wn_doc_destroy(&doc);
}

/* Code: nothing inside <pre>/<code> is dropped (a highlighter's comment
 * span), the fence carries the language, inline code is `code`. */
static void test_markdown_code(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 " Call <code>run_it()</code> first.</p>"
                       "<pre><code class=\"language-js\">let a = 1; <span class=\"token comment\">// keep me</span>\n"
                       "let b = 2;<br>let c = 3;</code></pre><p>" PARA2 "</p></article></body></html>";
    wn_options_t opt;
    wn_options_init(&opt);
    wn_doc_t *doc = run_ok(html, &opt);
    assert_non_null(strstr(doc->text, "let a = 1; // keep me\nlet b = 2;\nlet c = 3;"));
    wn_doc_destroy(&doc);
    opt.format = WN_FORMAT_MARKDOWN;
    doc = run_ok(html, &opt);
    assert_non_null(strstr(doc->text, "```js\nlet a = 1; // keep me\nlet b = 2;\nlet c = 3;\n```"));
    assert_non_null(strstr(doc->text, "Call `run_it()` first."));
    wn_doc_destroy(&doc);
    /* a fence longer than the backtick runs inside */
    html = "<html><body><article><p>" PARA1 "</p><pre>```\nquoted\n```</pre><p>" PARA2 "</p></article></body></html>";
    doc = run_ok(html, &opt);
    assert_non_null(strstr(doc->text, "````\n```\nquoted\n```\n````"));
    wn_doc_destroy(&doc);
}

/* Emphasis, strong, escapes of text that Markdown would read as markup,
 * links and images resolved against the page URL, the title heading left
 * out with and without links. */
static void test_markdown_inline(void **state) {
    (void)state;
    const char *html = "<html><head><title>The weir will be rebuilt</title></head><body><article>"
                       "<h1><a href=\"/news/weir\">The weir will be rebuilt</a></h1>"
                       "<p>" PARA1 " It is <em>very</em> <strong>late </strong>now; see <a href=\"plan.html\">the "
                       "plan</a> and a*b*c or [x] or <i>_not_</i>.</p><p>" PARA2 "</p>"
                       "<figure><img src=\"img/w.png\" alt=\"The weir\"><figcaption>Sluice gates in 1931</figcaption></figure>"
                       "<p>" PARA3 "</p></article></body></html>";
    wn_options_t opt;
    wn_options_init(&opt);
    opt.format = WN_FORMAT_MARKDOWN;
    wn_doc_t *doc = run_ok(html, &opt);
    assert_non_null(strstr(doc->text, "It is *very* **late** now;"));
    assert_non_null(strstr(doc->text, "a\\*b\\*c or \\[x\\] or *\\_not\\_*."));
    assert_null(strstr(doc->text, "# "));        /* the title is metadata */
    assert_null(strstr(doc->text, "Sluice gates")); /* captions only with images */
    wn_doc_destroy(&doc);
    opt.links = true;
    opt.images = true;
    doc = run_url(html, &opt, "https://example.org/news/today.html");
    assert_null(strstr(doc->text, "# "));
    assert_non_null(strstr(doc->text, "[the plan](https://example.org/news/plan.html)"));
    assert_non_null(strstr(doc->text, "![The weir](https://example.org/news/img/w.png)"));
    assert_non_null(strstr(doc->text, "Sluice gates in 1931"));
    wn_doc_destroy(&doc);
}

static void test_cjk_without_spaces(void **state) {
    (void)state;
    const char *p = "<p>今年春天，市政府宣布将在河边修建一座新的步行桥，连接老城区和新开发的住宅区，预计明年秋天完工。"
                    "工程师表示，新桥的设计考虑了洪水季节的水位变化，并且会保留原有的树木和步道。</p>";
    char html[4096];
    snprintf(html, sizeof html,
             "<html lang=zh><body><div class=menu><a href=/>首页</a><a href=/n>新闻</a><a href=/s>体育</a></div>"
             "<div class=content>%s%s%s</div></body></html>",
             p, p, p);
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "今年春天"));
    assert_null(strstr(doc->text, "首页"));
    assert_string_equal(doc->lang, "zh");
    wn_doc_destroy(&doc);
}

static void test_index_page_empty(void **state) {
    (void)state;
    char html[16384];
    size_t n = (size_t)snprintf(html, sizeof html, "<html><head><title>Sections</title></head><body><ul>");
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(html + n, sizeof html - n, "<li><a href=/story/%d>Story number %d of the day</a></li>",
                              i, i);
    snprintf(html + n, sizeof html - n, "</ul></body></html>");
    wn_doc_t *doc = run_ok(html, NULL);
    assert_string_equal(doc->text, "");
    assert_int_equal(doc->text_len, 0);
    wn_doc_destroy(&doc);
}

static void test_metadata_jsonld(void **state) {
    (void)state;
    const char *html =
        "<html lang=en-GB><head><title>Weir | Riverside</title>"
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"WebSite\","
        "\"name\":\"Riverside\"},{\"@type\":\"NewsArticle\",\"headline\":\"Weir to be rebuilt\",\"author\":[{\"@type\":"
        "\"Person\",\"name\":\"Ana Diaz\"}],\"datePublished\":\"2024-03-05T10:20:00Z\",\"publisher\":{\"name\":"
        "\"Riverside News\"}}]}</script>"
        "<link rel=canonical href=\"https://news.example/weir\">"
        "<meta name=description content=\"The weir will be rebuilt.\"></head>"
        "<body><article><p>" PARA1 "</p><p>" PARA2 "</p></article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    assert_string_equal(doc->author, "Ana Diaz");
    assert_string_equal(doc->date, "2024-03-05T10:20:00+00:00");
    assert_string_equal(doc->site_name, "Riverside News");
    assert_string_equal(doc->lang, "en-GB");
    assert_string_equal(doc->canonical_url, "https://news.example/weir");
    assert_string_equal(doc->description, "The weir will be rebuilt.");
    wn_doc_destroy(&doc);
}

static void test_metadata_og_meta_time(void **state) {
    (void)state;
    const char *html = "<html><head><title>Ignored - Site</title>"
                       "<meta property=og:title content=\"Bridge opens\">"
                       "<meta property=og:site_name content=\"Valley Post\">"
                       "<meta name=author content=\"Sam Reed\">"
                       "<meta property=og:url content=\"https://valley.example/bridge\"></head>"
                       "<body><article><time datetime=\"2023-11-02\">2 Nov</time><p>" PARA1 "</p><p>" PARA2
                       "</p></article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_string_equal(doc->title, "Bridge opens");
    assert_string_equal(doc->site_name, "Valley Post");
    assert_string_equal(doc->author, "Sam Reed");
    assert_string_equal(doc->date, "2023-11-02");
    assert_string_equal(doc->canonical_url, "https://valley.example/bridge");
    wn_doc_destroy(&doc);

    /* bad JSON-LD is tolerated; <title> loses its site suffix */
    const char *html2 = "<html><head><title>Town hall reopens after repairs | Valley Post</title>"
                        "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", headline: oops</script>"
                        "<meta name=date content=\"2022/07/09\"></head><body><div><p>" PARA1 "</p><p>" PARA3
                        "</p></div></body></html>";
    doc = run_ok(html2, NULL);
    assert_string_equal(doc->title, "Town hall reopens after repairs");
    assert_string_equal(doc->date, "2022-07-09");
    wn_doc_destroy(&doc);
}

static void test_comments_separate(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 "</p><p>" PARA2 "</p></article>"
                       "<section id=comments><h3>2 comments</h3><ol class=comment-list>"
                       "<li class=comment><p>Finally, this should have happened years ago.</p></li>"
                       "<li class=comment><p>Will the footpath really stay closed that long?</p></li></ol></section>"
                       "</body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_null(strstr(doc->text, "Finally"));
    assert_null(doc->comments);
    wn_doc_destroy(&doc);

    wn_options_t opt;
    wn_options_init(&opt);
    opt.comments = true;
    doc = run_ok(html, &opt);
    assert_null(strstr(doc->text, "Finally"));
    assert_non_null(doc->comments);
    assert_non_null(strstr(doc->comments, "Finally, this should have happened years ago."));
    assert_non_null(strstr(doc->comments, "footpath really stay closed"));
    wn_doc_destroy(&doc);
}

static void test_json(void **state) {
    (void)state;
    const char *html = "<html><head><title>Quote \"test\"</title></head><body><article><p>" PARA1
                       "</p><p>" PARA2 "</p></article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    char *js = wn_doc_to_json(doc, "page-1");
    assert_non_null(js);
    json_error_t err;
    json_t *o = json_loads(js, 0, &err);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "id")), "page-1");
    assert_string_equal(json_string_value(json_object_get(o, "status")), "ok");
    assert_true(json_is_null(json_object_get(o, "error")));
    assert_non_null(strstr(json_string_value(json_object_get(o, "text")), PARA2));
    assert_true(json_is_array(json_object_get(o, "truncated")));
    assert_string_equal(json_string_value(json_object_get(o, "text_source")), "content");
    json_decref(o);
    free(js);
    wn_doc_destroy(&doc);
}

static void test_hostile_empty_and_binary(void **state) {
    (void)state;
    wn_extractor_t *x = wn_extractor_new(NULL);
    wn_doc_t *doc = NULL;
    assert_int_equal(wn_extract(x, "", 0, NULL, NULL, &doc), WN_EEMPTY);
    assert_string_equal(doc->error, "empty page");
    wn_doc_destroy(&doc);

    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    assert_int_equal(wn_extract(x, png, sizeof png, NULL, NULL, &doc), WN_ENOTHTML);
    assert_string_equal(doc->error, "payload is a PNG image, not HTML");
    char *js = wn_doc_to_json(doc, "x");
    assert_non_null(strstr(js, "\"status\":\"error\""));
    free(js);
    wn_doc_destroy(&doc);

    assert_int_equal(wn_extract(x, "%PDF-1.7\n", 9, NULL, NULL, &doc), WN_ENOTHTML);
    wn_doc_destroy(&doc);

    unsigned char junk[600];
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (unsigned char)(i * 7 % 32);
    assert_int_equal(wn_extract(x, junk, sizeof junk, NULL, NULL, &doc), WN_ENOTHTML);
    wn_doc_destroy(&doc);
    wn_extractor_destroy(&x);
    wn_extractor_destroy(&x); /* NULL is fine */
    wn_doc_destroy(&doc);
}

static void test_hostile_gzip(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 "</p><p>" PARA2 "</p></article></body></html>";
    unsigned char gz[4096];
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (unsigned char *)html;
    zs.avail_in = (uInt)strlen(html);
    zs.next_out = gz;
    zs.avail_out = sizeof gz;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    size_t n = zs.total_out;
    deflateEnd(&zs);

    wn_extractor_t *x = wn_extractor_new(NULL);
    wn_doc_t *doc = NULL;
    assert_int_equal(wn_extract(x, gz, n, NULL, NULL, &doc), WN_OK);
    assert_non_null(strstr(doc->text, PARA2));
    wn_doc_destroy(&doc);

    wn_status st = wn_extract(x, gz, n / 2, NULL, NULL, &doc);
    assert_int_equal(st, WN_ETRUNCATED);
    assert_non_null(strstr(doc->error, "truncated"));
    wn_doc_destroy(&doc);
    wn_extractor_destroy(&x);
}

static void test_hostile_deep(void **state) {
    (void)state;
    const size_t depth = 100000;
    size_t cap = depth * 11 + 1024;
    char *html = malloc(cap);
    assert_non_null(html);
    size_t n = 0;
    n += (size_t)snprintf(html + n, cap - n, "<html><body>");
    for (size_t i = 0; i < depth; i++) {
        memcpy(html + n, "<div>", 5);
        n += 5;
    }
    n += (size_t)snprintf(html + n, cap - n, "<p>%s</p><p>%s</p>", PARA1, PARA2);
    for (size_t i = 0; i < depth; i++) {
        memcpy(html + n, "</div>", 6);
        n += 6;
    }
    html[n] = '\0';
    wn_extractor_t *x = wn_extractor_new(NULL);
    wn_doc_t *doc = NULL;
    wn_status st = wn_extract(x, html, n, NULL, NULL, &doc);
    assert_int_equal(st, WN_OK);
    assert_true(doc->truncated & WN_TRUNC_DEPTH);
    assert_non_null(strstr(doc->text, "river authority"));
    wn_doc_destroy(&doc);
    wn_extractor_destroy(&x);
    free(html);
}

static void test_hostile_big(void **state) {
    (void)state;
    /* a 10 MB page of paragraphs: extracted, with the text cap reported */
    size_t cap = (size_t)10 << 20;
    char *html = malloc(cap + 1);
    assert_non_null(html);
    size_t n = (size_t)snprintf(html, cap, "<html><body><article>");
    const char *p = "<p>" PARA1 "</p>\n";
    size_t pl = strlen(p);
    while (n + pl + 32 < cap) {
        memcpy(html + n, p, pl);
        n += pl;
    }
    n += (size_t)snprintf(html + n, cap + 1 - n, "</article></body></html>");
    wn_options_t opt;
    wn_options_init(&opt);
    opt.max_text_bytes = (size_t)1 << 20;
    wn_extractor_t *x = wn_extractor_new(&opt);
    wn_doc_t *doc = NULL;
    assert_int_equal(wn_extract(x, html, n, NULL, NULL, &doc), WN_OK);
    assert_true(doc->truncated & WN_TRUNC_TEXT);
    assert_true(doc->text_len <= opt.max_text_bytes);
    assert_true(doc->text_len > 1000);
    wn_doc_destroy(&doc);
    wn_extractor_destroy(&x);

    /* and over the page cap: an error, not a crash */
    wn_options_init(&opt);
    opt.max_page_bytes = (size_t)1 << 20;
    x = wn_extractor_new(&opt);
    assert_int_equal(wn_extract(x, html, n, NULL, NULL, &doc), WN_ETOOBIG);
    assert_non_null(strstr(doc->error, "max_page_bytes"));
    wn_doc_destroy(&doc);
    wn_extractor_destroy(&x);
    free(html);
}

/* The precision/recall bias moves the residual-pruning thresholds: a
 * teaser line of middling link density goes under --precision, an image
 * caption stays under --recall. */
static void test_bias(void **state) {
    (void)state;
    static const char *html =
        "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
        "<p>The harbour reopened on Monday after three months of repairs to the breakwater, which was damaged in the January storms. Fishing boats returned to their moorings within hours.</p>"
        "<div class=\"photo\"><img src=\"a.jpg\" alt=\"\"><p>The breakwater seen from the lighthouse.</p></div>"
        "<p>Repairs cost the town council more than expected, but the harbour master said the work would last for decades, and that the new lights would make night entry safer for everyone.</p>"
        "<p>Read more: <a href=\"/x\">Harbour master retires after thirty years</a> and <a href=\"/y\">Breakwater plans</a></p>"
        "<p>Also this week on the quay: <a href=\"/m\">the new fish market opens its doors</a>, with twelve stalls.</p>"
        "<p>Local businesses said trade had already picked up, with the café on the quay reporting its busiest weekend since the summer and the chandlery restocking twice.</p>"
        "</article></body></html>";
    wn_options_t opt;
    wn_options_init(&opt);
    const char *teaser = "the new fish market", *caption = "breakwater seen from";
    for (int bias = -1; bias <= 1; bias++) {
        opt.bias = bias;
        wn_doc_t *doc = run_ok(html, &opt);
        assert_non_null(strstr(doc->text, "Fishing boats returned"));
        if (bias < 0) assert_null(strstr(doc->text, teaser));
        else assert_non_null(strstr(doc->text, teaser));
        if (bias > 0) assert_non_null(strstr(doc->text, caption));
        else assert_null(strstr(doc->text, caption));
        wn_doc_destroy(&doc);
    }
}

/* The lead paragraph between the title and the body's container is kept
 * (news templates); a header's sign-in dropdown is not a login wall. */
static void test_lead_and_header_login(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt | Riverside News</title></head><body>"
                       "<header><div class=dropdown><form><input type=text name=u><input type=password name=p>"
                       "</form></div></header>"
                       "<div class=story><h1>Weir to be rebuilt</h1>"
                       "<div class=intro><p>The town's old weir will be rebuilt next spring, the river authority said "
                       "on Tuesday, and the work is expected to take a year and a half.</p></div>"
                       "<div class=byline>By A. Reporter</div>"
                       "<div class=text><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></div></div>"
                       "</body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "old weir will be rebuilt next spring"));
    assert_non_null(strstr(doc->text, PARA1));
    assert_true(strstr(doc->text, "old weir") < strstr(doc->text, PARA1)); /* in document order */
    wn_doc_destroy(&doc);
}

/* A page whose text is shorter than its description (a paywall teaser)
 * gives the description; a login wall stays empty. */
static void test_teaser_fallback(void **state) {
    (void)state;
    const char *teaser = "<html><head><title>Snow on the panels</title>"
                         "<meta name=description content=\"A blanket of snow on a solar array costs more than "
                         "output: its weight strains the modules and their mounts, engineers warn.\"></head>"
                         "<body><article><h1>Snow on the panels</h1><p>Subscribe to read.</p></article></body></html>";
    wn_doc_t *doc = run_ok(teaser, NULL);
    assert_string_equal(doc->text, "A blanket of snow on a solar array costs more than output: its weight strains "
                                   "the modules and their mounts, engineers warn.");
    assert_int_equal(doc->text_from_description, 1); /* and the record says so */
    char *js = wn_doc_to_json(doc, "t");
    assert_non_null(js);
    assert_non_null(strstr(js, "\"text_source\":\"description\""));
    free(js);
    wn_doc_destroy(&doc);
    const char *wall = "<html><head><title>Sign in</title>"
                       "<meta name=description content=\"The members-only community for woodworkers, metalworkers "
                       "and hobby machinists of the region.\"></head>"
                       "<body><main><h1>Sign in to continue</h1><form><input type=email name=e>"
                       "<input type=password name=p></form></main></body></html>";
    doc = run_ok(wall, NULL);
    assert_string_equal(doc->text, "");
    assert_int_equal(doc->text_from_description, 0);
    wn_doc_destroy(&doc);
}

/* Class names: script hooks (js-*) and BEM modifiers are not read; a
 * chrome word after a content word wins ("post-author"); an inline
 * element inside a sentence stays whatever its name. */
static void test_class_words(void **state) {
    (void)state;
    const char *html = "<html><body><article>"
                       "<div class=\"js-slider-toggle\"><p>" PARA1 "</p></div>"
                       "<div class=\"block block--has-ads\"><p>" PARA2 "</p></div>"
                       "<p>" PARA3 " It was, said one, <a class=popup href=\"javascript:void(0)\">a long wait</a> "
                       "for everyone.</p>"
                       "<div class=post-author><p>Jo Bloggs writes about rivers, weirs and the people who live beside "
                       "them, and has done so for twenty years.</p></div>"
                       "</article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, PARA1));
    assert_non_null(strstr(doc->text, PARA2));
    assert_non_null(strstr(doc->text, "said one, a long wait for everyone."));
    assert_null(strstr(doc->text, "Jo Bloggs"));
    wn_doc_destroy(&doc);
}

/* After the article, the site speaking of itself (its name and a link)
 * goes; the article's own closing line stays. */
static void test_site_promo_at_end(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt</title>"
                       "<meta property=og:site_name content=\"Riverside News\"></head><body><article>"
                       "<h1>Weir to be rebuilt</h1><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p>"
                       "<p>Work starts in March.</p>"
                       "<p>Follow Riverside News on <a href=/social>social media</a> for more.</p>"
                       "</article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "Work starts in March."));
    assert_null(strstr(doc->text, "Follow Riverside News"));
    wn_doc_destroy(&doc);
}

/* A section id made from its heading's text ("sharing-the-river-bank-safely"
 * over "Sharing the river bank safely") is the author's words, not a
 * template's name; a short id over its heading ("related") still is. */
static void test_heading_slug_id(void **state) {
    (void)state;
    const char *html = "<html><body><div class=document><p>" PARA1 "</p>"
                       "<div class=section id=sharing-the-river-bank-safely><h2>Sharing the river bank "
                       "safely</h2><p>" PARA2 "</p></div>"
                       "<div class=section id=related><h2>Related</h2><p>Town hall opens a new library "
                       "wing with a cafe and a reading room for the winter.</p></div>"
                       "<p>" PARA3 "</p><p>" PARA1 "</p><p>" PARA3 "</p></div></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "Sharing the river bank safely"));
    assert_non_null(strstr(doc->text, PARA2));
    assert_null(strstr(doc->text, "library"));
    wn_doc_destroy(&doc);
}

/* A list page whose prose is a data table: the table's introduction and
 * notes around it belong to the article too. */
static void test_table_page_keeps_intro(void **state) {
    (void)state;
    const char *row = "<tr><td>Old weir</td><td>1887</td><td>A stone weir with a timber crest, rebuilt twice after "
                      "floods, and finally replaced by the council's concrete design.</td></tr>";
    char html[8192];
    snprintf(html, sizeof html,
             "<html><body><nav><a href=/>Home</a></nav><div class=page><p>This list of river works covers the "
             "weirs, locks and sluices of the lower valley, with their dates and a short history.</p>"
             "<table><tbody>%s%s%s%s%s%s</tbody></table><h2>Notes</h2><ul><li>Dates are those of the first "
             "completed structure on each site, taken from the county records.</li></ul></div></body></html>",
             row, row, row, row, row, row);
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "This list of river works"));
    assert_non_null(strstr(doc->text, "Dates are those of the first"));
    assert_non_null(strstr(doc->text, "Notes"));
    assert_non_null(strstr(doc->text, "Old weir"));
    wn_doc_destroy(&doc);
}

/* A short line about the page's comments or newsletter is a prompt ("Log
 * in to post comments."); a sentence of the article about comments stays. */
static void test_comment_prompt(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 "</p><p>" PARA2 "</p>"
                       "<p>Residents' comments were collected by the council over three weeks of hearings and "
                       "published in a long report.</p><p>" PARA3 "</p>"
                       "<p>Log in to post comments.</p><p>Work starts in March.</p>"
                       "<p>Get the morning newsletter in your inbox.</p></article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "Residents' comments were collected"));
    assert_non_null(strstr(doc->text, "Work starts in March."));
    assert_null(strstr(doc->text, "Log in to post"));
    assert_null(strstr(doc->text, "morning newsletter"));
    wn_doc_destroy(&doc);
}

/* A numeric date is day.month.year or year-month-day: a phone number in
 * the article ("158-23-2012") does not make its line a dateline. */
static void test_phone_not_date(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 "</p><p>" PARA2 "</p>"
                       "<p>Bookings: 0351 158-23-2012</p><p>12.03.2024</p><p>" PARA3 "</p></article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "Bookings: 0351 158-23-2012"));
    assert_null(strstr(doc->text, "12.03.2024"));
    wn_doc_destroy(&doc);
}

/* A box named for its form ("inline-links", "widget") that holds
 * paragraphs and no links is prose; a sidebar stays chrome. */
static void test_linkless_named_box(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p>"
                       "<div class=inline-links><p>The new weir will have a fish pass on the west side, built from "
                       "stone taken out of the old structure where it can be reused safely. " PARA2 "</p><p>A viewing "
                       "platform is planned next to the pass, so that visitors can watch salmon climbing in the "
                       "autumn. " PARA3 "</p></div>"
                       "<p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p><p>" PARA1 "</p><p>" PARA2 "</p></article>"
                       "<div class=sidebar><p>Our newsroom has covered the valley since 1921 and is owned by a "
                       "trust of its readers, who elect the board every second year. " PARA1 "</p><p>Letters to the "
                       "editor are welcome and may be shortened for space before they are printed. " PARA2 "</p></div>"
                       "</body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "The new weir will have a fish pass"));
    assert_non_null(strstr(doc->text, "A viewing platform"));
    assert_null(strstr(doc->text, "Our newsroom"));
    wn_doc_destroy(&doc);
}

/* A top candidate named as the article body with a full article's
 * paragraphs keeps the page even when a ticker beside it holds more prose. */
static void test_named_body_not_second_guessed(void **state) {
    (void)state;
    char html[16384];
    size_t k = (size_t)snprintf(html, sizeof html, "<html><body><div class=wrap><div class=col><div class=article-body>");
    for (int i = 0; i < 10; i++) k += (size_t)snprintf(html + k, sizeof html - k, "<p>%s</p>", i % 2 ? PARA1 : PARA2);
    k += (size_t)snprintf(html + k, sizeof html - k, "</div></div><div class=col><div><div><div class=stream>");
    for (int i = 0; i < 12; i++)
        k += (size_t)snprintf(html + k, sizeof html - k,
                              "<p><a href=/t%d>Ticker: the harbour report at noon today</a> Ships were held outside "
                              "the breakwater for three hours while the pilots waited for the wind to drop and the "
                              "ferry to the island ran late again because the crossing was closed to small boats "
                              "until the tide turned in the evening.</p>",
                              i);
    snprintf(html + k, sizeof html - k, "</div></div></div></div></div></body></html>");
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, PARA1));
    assert_null(strstr(doc->text, "breakwater"));
    wn_doc_destroy(&doc);
}

/* Stop words cover the common function words of each language: a German
 * lead made of them ("schon", "dass", "aber", "über") reads as prose. */
static void test_stopwords_lead(void **state) {
    (void)state;
    const char *html = "<html><head><title>Neue Brücke für die Stadt | Stadtzeitung</title></head><body>"
                       "<div class=seite><div class=kopf><h1>Neue Brücke für die Stadt</h1>"
                       "<div class=vorn><div>Schon vor einem Jahr hat man gesagt, dass diese Brücke bis zum Sommer "
                       "fertig sein kann, aber nur wenn sie über den Fluss gebaut wird.</div></div></div>"
                       "<div class=text><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p><p>" PARA1 "</p></div></div>"
                       "</body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "Schon vor einem Jahr"));
    assert_non_null(strstr(doc->text, PARA1));
    wn_doc_destroy(&doc);
}

/* A picture gallery's captions outweighing the article beside it are
 * still a gallery: the share guard does not keep them. */
static void test_big_gallery_dropped(void **state) {
    (void)state;
    char html[32768];
    size_t k = (size_t)snprintf(html, sizeof html, "<html><body><article><div class=body>");
    for (int i = 0; i < 12; i++) k += (size_t)snprintf(html + k, sizeof html - k, "<p>%s</p>", i % 2 ? PARA1 : PARA3);
    k += (size_t)snprintf(html + k, sizeof html - k, "<div class=photo-gallery><ul>");
    for (int i = 0; i < 30; i++)
        k += (size_t)snprintf(html + k, sizeof html - k,
                              "<li><h3>%d/30 Harbour lights</h3><p>The harbour at dusk, seen from the old pier, "
                              "with the fishing boats coming back in and the lamps lit along the wall by the "
                              "keeper of the lighthouse.</p></li>",
                              i + 1);
    snprintf(html + k, sizeof html - k, "</ul></div></div></article></body></html>");
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, PARA1));
    assert_null(strstr(doc->text, "Harbour lights"));
    wn_doc_destroy(&doc);
}

/* A date after a label of the article's own subject ("Deadline:") is
 * text; after a dating label ("Published:") it is a dateline. */
static void test_labelled_date(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 "</p><p>" PARA2 "</p>"
                       "<p>Deadline: 03.11.2025</p><p>Published: 12.03.2024</p><p>" PARA3 "</p></article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "Deadline: 03.11.2025"));
    assert_null(strstr(doc->text, "Published:"));
    wn_doc_destroy(&doc);
}

/* A page builder's headline box between two chosen text boxes heads the
 * second one: it is taken along. */
static void test_headline_box_between_siblings(void **state) {
    (void)state;
    const char *html = "<html><body><div class=col><div class=txt><div><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3
                       "</p><p>" PARA1 "</p></div></div><div class=hl><div><h4>Work on the east bank</h4></div></div>"
                       "<div class=txt><div><p>" PARA3 "</p><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></div></div></div>"
                       "<div class=foot><a href=/a>About</a> <a href=/b>Contact</a></div></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "Work on the east bank"));
    assert_non_null(strstr(doc->text, PARA3));
    wn_doc_destroy(&doc);
}

/* A picture's caption outside <figcaption> -- a credit ("Foto: ...",
 * "© Agency") or a numbered figure ("Figure 2: ...") -- is not text. */
static void test_credit_lines(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 "</p><p>The old weir in winter. Foto: A. Example</p>"
                       "<p>" PARA2 "</p><p>Figure 2: the new fish pass</p><p>The lock keeper's house. \xc2\xa9 Agency</p>"
                       "<p>" PARA3 "</p></article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, PARA2));
    assert_null(strstr(doc->text, "The old weir in winter"));
    assert_null(strstr(doc->text, "Figure 2"));
    assert_null(strstr(doc->text, "lock keeper"));
    wn_doc_destroy(&doc);
}

/* A link that spells out an address (a URL, an e-mail) is written for the
 * reader: its line is not a "Read more" link line. */
static void test_address_links(void **state) {
    (void)state;
    const char *html = "<html><body><article><p>" PARA1 "</p><p>" PARA2 "</p>"
                       "<p>Mail: <a href=\"mailto:weir@example.org\">weir@example.org</a></p>"
                       "<p><a href=/more>More stories about rivers and weirs</a></p>"
                       "<p>" PARA3 "</p></article></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "weir@example.org"));
    assert_null(strstr(doc->text, "More stories"));
    wn_doc_destroy(&doc);
}

/* A pruned block before the article that is the page's description is
 * its standfirst, put back first; the same words in a hidden box are not. */
static void test_description_lead(void **state) {
    (void)state;
    const char *html = "<html><head><meta name=description content=\"The weir that flooded the lower town twice "
                       "will be rebuilt by the river authority next spring.\"></head><body>"
                       "<div class=standfirst>The weir that flooded the lower town twice will be rebuilt by the "
                       "river authority next spring.</div>"
                       "<div class=text><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></div></body></html>";
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, "The weir that flooded the lower town twice"));
    assert_true(strstr(doc->text, "The weir that flooded") < strstr(doc->text, PARA1));
    wn_doc_destroy(&doc);
    const char *hidden = "<html><head><meta name=description content=\"The weir that flooded the lower town twice "
                         "will be rebuilt by the river authority next spring.\"></head><body>"
                         "<div hidden><p>The weir that flooded the lower town twice will be rebuilt by the "
                         "river authority next spring.</p></div>"
                         "<div class=text><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></div></body></html>";
    doc = run_ok(hidden, NULL);
    assert_null(strstr(doc->text, "The weir that flooded"));
    wn_doc_destroy(&doc);
}

/* A page whose text is all in a large <noscript> (an app shell over a
 * server-rendered thread) gives that text; an article that repeats itself
 * in a <noscript> is not doubled. */
static void test_noscript_page(void **state) {
    (void)state;
    char paras[4096] = "";
    for (int k = 0; k < 6; k++) strcat(paras, "<p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p>");
    char html[16384];
    snprintf(html, sizeof html,
             "<html><head><title>Weir</title></head><body><div id=app>Loading...</div><noscript>"
             "<div class=wrap><h1>Weir to be rebuilt</h1>%s</div></noscript></body></html>",
             paras);
    wn_doc_t *doc = run_ok(html, NULL);
    assert_non_null(strstr(doc->text, PARA2));
    wn_doc_destroy(&doc);
    snprintf(html, sizeof html,
             "<html><head><title>Weir</title></head><body><article><h1>Weir to be rebuilt</h1>%s<p>Signed.</p>"
             "</article><noscript><div>%s</div></noscript></body></html>",
             paras, paras);
    doc = run_ok(html, NULL);
    int times = 0;
    for (const char *p = doc->text; (p = strstr(p, PARA3)) != NULL; p++) times++;
    assert_int_equal(times, 6); /* as in the article; not twelve */
    wn_doc_destroy(&doc);
}

/* Page types: names, and the type of small pages from each kind of
 * evidence (URL, schema.org, generator, structure); a forced type wins. */
static void test_page_types(void **state) {
    (void)state;
    wn_page_type_t t = WN_PAGE_AUTO;
    assert_string_equal(wn_page_type_name(WN_PAGE_DOCUMENTATION), "documentation");
    assert_null(wn_page_type_name((wn_page_type_t)99));
    assert_int_equal(wn_page_type_parse("Listing", &t), WN_OK);
    assert_int_equal(t, WN_PAGE_LISTING);
    assert_int_equal(wn_page_type_parse("blog", &t), WN_EINVAL);
    assert_int_equal(t, WN_PAGE_LISTING);

    const char *article = "<html><head><title>Weir</title><meta property=og:type content=article></head><body>"
                          "<article><h1>Weir to be rebuilt</h1><p>" PARA1 PARA2 "</p><p>" PARA3 PARA1 "</p><p>" PARA2
                          PARA3 "</p></article></body></html>";
    wn_doc_t *doc = run_ok(article, NULL);
    assert_int_equal(doc->page_type, WN_PAGE_ARTICLE);
    char *j = wn_doc_to_json(doc, "x");
    assert_non_null(strstr(j, "\"page_type\":\"article\""));
    free(j);
    wn_doc_destroy(&doc);

    wn_options_t opt;
    wn_options_init(&opt);
    opt.page_type = WN_PAGE_SERVICE;
    doc = run_ok(article, &opt);
    assert_int_equal(doc->page_type, WN_PAGE_SERVICE);
    wn_doc_destroy(&doc);

    /* a thread: generator and posts that each name a poster and a time */
    char forum[8192];
    snprintf(forum, sizeof forum,
             "<html><head><title>Weir</title><meta name=generator content='Discourse 3.4'></head><body>"
             "<div class=posts>"
             "<div class=post><span class=username>ann</span><time>1 May</time><p>%s</p></div>"
             "<div class=post><span class=username>bob</span><time>2 May</time><p>%s</p></div>"
             "<div class=post><span class=username>cy</span><time>3 May</time><p>%s</p></div>"
             "</div></body></html>",
             PARA1, PARA2, PARA3);
    doc = run_ok(forum, NULL);
    assert_int_equal(doc->page_type, WN_PAGE_FORUM);
    wn_doc_destroy(&doc);

    /* a thread keeps every post, in order, and lists them in doc->posts */
    snprintf(forum, sizeof forum,
             "<html><head><title>Weir</title></head><body><div class=thread>"
             "<article class=message><div class=user><a class=username href=/u/ann>ann</a>"
             "<span class=badge>Veteran</span><span class=joined>Joined 2011</span></div>"
             "<time datetime=2024-05-01T10:00>1 May</time><div class=bbWrapper><p>%s</p></div>"
             "<div class=actions><a href=/q>Quote</a> <a href=/r>Reply</a></div></article>"
             "<article class=message><div class=user><a class=username href=/u/bob>bob</a></div>"
             "<time datetime=2024-05-02T11:00>2 May</time><div class=bbWrapper><p>%s</p></div>"
             "<div class=signature>Sent from my boat</div></article>"
             "<article class=message><div class=user><a class=username href=/u/cy>cy</a></div>"
             "<time datetime=2024-05-03T12:00>3 May</time><div class=bbWrapper><p>%s</p></div></article>"
             "</div></body></html>",
             PARA1, PARA2, PARA3);
    wn_options_t fopt;
    wn_options_init(&fopt);
    fopt.page_type = WN_PAGE_FORUM;
    doc = run_ok(forum, &fopt);
    const char *p1 = strstr(doc->text, PARA1), *p2 = strstr(doc->text, PARA2), *p3 = strstr(doc->text, PARA3);
    assert_true(p1 && p2 && p3 && p1 < p2 && p2 < p3);
    assert_null(strstr(doc->text, "Quote"));
    assert_null(strstr(doc->text, "Veteran"));
    assert_null(strstr(doc->text, "Joined"));
    assert_null(strstr(doc->text, "Sent from"));
    assert_int_equal(doc->n_posts, 3);
    assert_string_equal(doc->posts[0].author, "ann");
    assert_string_equal(doc->posts[1].date, "2024-05-02T11:00");
    assert_string_equal(doc->posts[2].text, PARA3);
    j = wn_doc_to_json(doc, "t");
    assert_non_null(strstr(j, "\"posts\":[{\"author\":\"ann\",\"date\":\"2024-05-01T10:00\",\"text\":"));
    free(j);
    wn_doc_destroy(&doc);

    /* a Q&A page: a post's last editor's card comes before its poster's,
     * which is marked itemprop=author; the poster and the time are the
     * poster's own */
    snprintf(forum, sizeof forum,
             "<html><head><title>Weir</title></head><body><div id=answers>"
             "<div class=answer itemscope itemtype=https://schema.org/Answer><div class=s-prose itemprop=text><p>%s</p></div>"
             "<div class=post-signature><div class=user-info><div class=user-action-time>edited "
             "<span class=relativetime>Jun 3, 2024</span></div><div class=user-details><a href=/u/ed>ed</a></div></div></div>"
             "<div class=post-signature><div class=user-info><div class=user-action-time>answered "
             "<span class=relativetime>May 1, 2024</span></div>"
             "<div class=user-details itemprop=author><a href=/u/ann>ann</a></div></div></div></div>"
             "<div class=answer itemscope itemtype=https://schema.org/Answer><div class=s-prose itemprop=text><p>%s</p></div>"
             "<div class=post-signature><div class=user-info><div class=user-action-time>answered "
             "<span class=relativetime>May 2, 2024</span></div>"
             "<div class=user-details itemprop=author><a href=/u/bob>bob</a></div></div></div></div>"
             "</div></body></html>",
             PARA1, PARA2);
    doc = run_ok(forum, &fopt);
    assert_int_equal(doc->n_posts, 2);
    assert_string_equal(doc->posts[0].author, "ann");
    assert_non_null(strstr(doc->posts[0].date, "May 1, 2024"));
    assert_string_equal(doc->posts[1].author, "bob");
    wn_doc_destroy(&doc);

    /* a product: JSON-LD Product and a purchase form */
    const char *product = "<html><head><title>Kettle</title><script type=application/ld+json>"
                          "{\"@context\":\"https://schema.org\",\"@type\":\"Product\",\"name\":\"Kettle\"}"
                          "</script></head><body><h1>Kettle</h1><span class=price>$20</span>"
                          "<form class=add-to-cart><button>Add to cart</button></form><p>" PARA1 "</p></body></html>";
    doc = run_ok(product, NULL);
    assert_int_equal(doc->page_type, WN_PAGE_PRODUCT);
    wn_doc_destroy(&doc);

    /* documentation: its URL, a docs generator and code blocks */
    const char *docs = "<html><head><title>API</title><meta name=generator content='Sphinx 7.2'>"
                       "<link rel=canonical href='https://example.org/docs/api.html'></head><body>"
                       "<h1>API</h1><p>" PARA1 "</p><pre>x = 1</pre><p>" PARA2 "</p><pre>y = 2</pre></body></html>";
    doc = run_ok(docs, NULL);
    assert_int_equal(doc->page_type, WN_PAGE_DOCUMENTATION);
    wn_doc_destroy(&doc);
}

/* A collection keeps its items (each one's name, price and short text,
 * links and all) after its title and introduction; filters and sort bars
 * stay out. */
static void test_collection_items(void **state) {
    (void)state;
    char html[16384], cards[12288] = "";
    static const char *const names[] = {"Copper kettle", "Enamel kettle", "Glass kettle", "Steel kettle",
                                        "Travel kettle", "Whistling kettle"};
    for (int k = 0; k < 6; k++) {
        char c[1024];
        snprintf(c, sizeof c,
                 "<li class=product-card><a href=/p/%d><img src=/i/%d.jpg alt=''></a><h3><a href=/p/%d>%s</a></h3>"
                 "<span class=price>$%d.00</span><p class=teaser>Boils a litre in four minutes; %d year warranty.</p>"
                 "<form class=add-to-cart><button>Add to cart</button></form></li>",
                 k, k, k, names[k], 20 + k, k + 1);
        strcat(cards, c);
    }
    snprintf(html, sizeof html,
             "<html><head><title>Kettles</title><meta property=og:type content=product.group></head><body>"
             "<header><nav><a href=/>Home</a> <a href=/shop>Shop</a></nav></header><main><h1>Kettles</h1>"
             "<p>Every kettle we sell, tested in our own kitchen for a month before it goes on sale.</p>"
             "<div class=filters><h4>Filter</h4><ul><li><a href=?c=red>Red</a></li><li><a href=?c=blue>Blue</a></li></ul>"
             "<select><option>Sort by price</option></select></div><ul class=grid>%s</ul>"
             "<nav class=pagination><a href=?p=2>Next page</a></nav></main></body></html>",
             cards);
    wn_doc_t *doc = run_ok(html, NULL);
    assert_int_equal(doc->page_type, WN_PAGE_COLLECTION);
    for (int k = 0; k < 6; k++) assert_non_null(strstr(doc->text, names[k]));
    assert_non_null(strstr(doc->text, "$25.00"));
    assert_non_null(strstr(doc->text, "tested in our own kitchen"));
    assert_null(strstr(doc->text, "Sort by"));
    assert_null(strstr(doc->text, "Next page"));
    assert_null(strstr(doc->text, "Blue"));
    wn_doc_destroy(&doc);
}

/* A service page keeps every content section, whatever its class names
 * (a hero named banner, a testimonial carousel, a pricing promo); the menu
 * and the cookie notice stay out. */
static void test_service_sections(void **state) {
    (void)state;
    const char *html =
        "<html><head><title>Harbour Accounting</title></head><body><div class=menu><a href=/>Home</a> "
        "<a href=/about>About us</a></div><main>"
        "<section class=hero-banner><h1>Bookkeeping for small boatyards</h1><p>We keep your books so you can keep "
        "your boats: monthly accounts, payroll and tax returns for yards of two to fifty people.</p></section>"
        "<section class=features><h2>What we do</h2><p>Monthly management accounts with a call to go through "
        "them, payroll including seasonal staff, and VAT returns filed on time every quarter.</p></section>"
        "<section class=carousel><h2>What clients say</h2><p>They found four thousand pounds of reclaimable VAT "
        "in our first year and have not missed a deadline since.</p></section>"
        "<section class=promo><h2>Pricing</h2><p>From ninety pounds a month for yards with up to five staff, "
        "with no setup fee and a month's notice to leave.</p></section></main>"
        "<div class=cookie-notice>We use cookies to improve your experience.</div></body></html>";
    wn_options_t opt;
    wn_options_init(&opt);
    opt.page_type = WN_PAGE_SERVICE;
    wn_doc_t *doc = run_ok(html, &opt);
    assert_non_null(strstr(doc->text, "monthly accounts, payroll"));
    assert_non_null(strstr(doc->text, "VAT returns filed"));
    assert_non_null(strstr(doc->text, "reclaimable VAT"));
    assert_non_null(strstr(doc->text, "ninety pounds"));
    assert_null(strstr(doc->text, "About us"));
    assert_null(strstr(doc->text, "cookies"));
    wn_doc_destroy(&doc);
}

static void test_options_init(void **state) {
    (void)state;
    wn_options_t opt;
    wn_options_init(&opt);
    assert_int_equal(opt.format, WN_FORMAT_TEXT);
    assert_true(opt.tables);
    assert_false(opt.comments);
    assert_int_equal(opt.max_depth, 512);
    assert_int_equal(opt.max_page_bytes, (size_t)16 << 20);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_init),
        cmocka_unit_test(test_noscript_page),
        cmocka_unit_test(test_page_types),
        cmocka_unit_test(test_collection_items),
        cmocka_unit_test(test_service_sections),
        cmocka_unit_test(test_nav_dropped_article_kept),
        cmocka_unit_test(test_lists_tables_pre),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_markdown_table),
        cmocka_unit_test(test_markdown_code),
        cmocka_unit_test(test_markdown_inline),
        cmocka_unit_test(test_cjk_without_spaces),
        cmocka_unit_test(test_index_page_empty),
        cmocka_unit_test(test_metadata_jsonld),
        cmocka_unit_test(test_metadata_og_meta_time),
        cmocka_unit_test(test_comments_separate),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_hostile_empty_and_binary),
        cmocka_unit_test(test_hostile_gzip),
        cmocka_unit_test(test_hostile_deep),
        cmocka_unit_test(test_hostile_big),
        cmocka_unit_test(test_bias),
        cmocka_unit_test(test_lead_and_header_login),
        cmocka_unit_test(test_teaser_fallback),
        cmocka_unit_test(test_class_words),
        cmocka_unit_test(test_site_promo_at_end),
        cmocka_unit_test(test_heading_slug_id),
        cmocka_unit_test(test_table_page_keeps_intro),
        cmocka_unit_test(test_comment_prompt),
        cmocka_unit_test(test_phone_not_date),
        cmocka_unit_test(test_linkless_named_box),
        cmocka_unit_test(test_named_body_not_second_guessed),
        cmocka_unit_test(test_stopwords_lead),
        cmocka_unit_test(test_big_gallery_dropped),
        cmocka_unit_test(test_labelled_date),
        cmocka_unit_test(test_headline_box_between_siblings),
        cmocka_unit_test(test_credit_lines),
        cmocka_unit_test(test_address_links),
        cmocka_unit_test(test_description_lead),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
