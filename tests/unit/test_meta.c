/* test_meta.c -- unit tests for the metadata rules of meta.c (title, author,
 * date), one small inline page per rule, run through wn_extract. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "winnow/extract.h"

#define BODY                                                                                                   \
    "<p>The river authority confirmed on Tuesday that the old weir will be rebuilt, after two winters of "     \
    "flooding left the lower town under water for weeks at a time.</p><p>Engineers expect the work to take "   \
    "eighteen months, and the footpath along the east bank will stay closed until the new fish pass is "      \
    "finished and inspected.</p>"

/* Runs wn_extract on a NUL-terminated page; returns the doc (caller
 * destroys it with wn_doc_destroy). */
static wn_doc_t *run(const char *html) {
    wn_extractor_t *x = wn_extractor_new(NULL);
    assert_non_null(x);
    wn_doc_t *doc = NULL;
    wn_status st = wn_extract(x, html, strlen(html), NULL, "text/html; charset=utf-8", &doc);
    wn_extractor_destroy(&x);
    assert_non_null(doc);
    assert_int_equal(st, WN_OK);
    return doc;
}

/* Asserts that `got` is non-NULL and starts with `want`. */
static void starts(const char *got, const char *want) {
    if (!got || strncmp(got, want, strlen(want))) fail_msg("got \"%s\", want \"%s...\"", got ? got : "(null)", want);
}

/* A JSON-LD block wrapped in CDATA, holding a breadcrumb and the article
 * one after the other (not an array): both are read. */
static void test_jsonld_cdata_and_sequence(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir</title><script type=\"application/ld+json\">\n<![CDATA[\n"
                       "{\"@type\":\"BreadcrumbList\",\"itemListElement\":[]},\n"
                       "{\"@type\":\"NewsArticle\",\"headline\":\"Weir to be rebuilt\",\"datePublished\":"
                       "\"2020-07-10T14:15:42+00:00\",\"author\":{\"@type\":\"Person\",\"name\":\"Ann Example\"}}\n"
                       "]]></script></head><body><article><h1>Weir to be rebuilt</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    starts(doc->date, "2020-07-10");
    starts(doc->author, "Ann Example");
    wn_doc_destroy(&doc);
}

/* Yoast's @graph gives the author as {"@id": ...}: the Person of that id. */
static void test_jsonld_author_by_id(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir</title><script type=\"application/ld+json\">"
                       "{\"@graph\":[{\"@type\":\"Article\",\"headline\":\"Weir to be rebuilt\",\"author\":"
                       "{\"@id\":\"https://x.example/#/person/1\"}},{\"@type\":\"Person\",\"@id\":"
                       "\"https://x.example/#/person/1\",\"name\":\"Ben Example\"}]}</script></head>"
                       "<body><article><h1>Weir to be rebuilt</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    starts(doc->author, "Ben Example");
    wn_doc_destroy(&doc);
}

/* A byline and a date in plain elements right below the title. */
static void test_byline_and_date_near_title(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt</title></head><body><article>"
                       "<h1>Weir to be rebuilt</h1><p>VON <a href=/a/cd>Clara Beispiel</a> am 3. Mai 2021</p>"
                       BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    starts(doc->author, "Clara Beispiel");
    starts(doc->date, "2021-05-03");
    wn_doc_destroy(&doc);
}

/* "date | time | Name" above the title: both the date and the name. */
/* A credit label of several credit words is a lead-in, as "Autor:" is. */
static void test_credit_label_byline(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt</title></head><body><article>"
                       "<h1>Weir to be rebuilt</h1><p>Text &amp; Fotos: Jana Beispiel</p>" BODY
                       "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->author);
    assert_string_equal(doc->author, "Jana Beispiel");
    wn_doc_destroy(&doc);
}
static void test_dateline_with_name(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt</title></head><body><article>"
                       "<small>04.02.2022 | 13:10 Uhr | Uta Beispiel</small><h1>Weir to be rebuilt</h1>" BODY
                       "</article></body></html>";
    wn_doc_t *doc = run(html);
    starts(doc->author, "Uta Beispiel");
    starts(doc->date, "2022-02-04");
    wn_doc_destroy(&doc);
}

/* Commenters and comment-form labels are not the author. */
static void test_commenter_not_author(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt</title></head><body><article>"
                       "<h1>Weir to be rebuilt</h1>" BODY "</article><div id=comments><ol><li>"
                       "<span class=comment-author>Dan Example</span><p>Great news for the town.</p></li></ol>"
                       "<form><label class=author>Name (required)</label><input name=author></form></div>"
                       "</body></html>";
    wn_doc_t *doc = run(html);
    if (doc->author) fail_msg("author \"%s\" from the comments", doc->author);
    wn_doc_destroy(&doc);
}

/* An Organization as the JSON-LD author (the site itself) gives way to the
 * person's byline; "By" and trailing labels are cut from it. */
static void test_org_author_gives_way(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt | Riverside News</title>"
                       "<meta property=og:site_name content=\"Riverside News\">"
                       "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Weir to be "
                       "rebuilt\",\"author\":{\"@type\":\"Organization\",\"name\":\"Riverside News\"}}</script>"
                       "</head><body><article><h1>Weir to be rebuilt</h1><div class=byline>By Eve Example | "
                       "Staff writer</div>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->author);
    assert_string_equal(doc->author, "Eve Example");
    wn_doc_destroy(&doc);
}

/* Without any other date, the one in the canonical URL's path. */
static void test_date_from_url(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt</title>"
                       "<link rel=canonical href=\"https://news.example/2019/05/12/weir-to-be-rebuilt/\"></head>"
                       "<body><article><h1>Weir to be rebuilt</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    starts(doc->date, "2019-05-12");
    wn_doc_destroy(&doc);
}

/* "<h4>Autor</h4><p><a>Name</a></p>" far from the title: the name after
 * the bare label. */
static void test_bare_label(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt</title></head><body><article>"
                       "<h1>Weir to be rebuilt</h1>" BODY BODY BODY "</article><aside><h4>Autor</h4><p>"
                       "<a href=/p/fe>Fritz Example</a></p></aside></body></html>";
    wn_doc_t *doc = run(html);
    starts(doc->author, "Fritz Example");
    wn_doc_destroy(&doc);
}

/* JSON-LD joins two authors with ", ", the byline with "und": the byline's
 * form; the site's name after a name is cut. */
static void test_author_forms(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir</title><script type=\"application/ld+json\">{\"@type\":"
                       "\"Article\",\"headline\":\"Weir to be rebuilt\",\"author\":[{\"@type\":\"Person\","
                       "\"name\":\"Gus Example\"},{\"@type\":\"Person\",\"name\":\"Hal Example\"}]}</script>"
                       "</head><body><article><h1>Weir to be rebuilt</h1><p class=byline>Von Gus Example und Hal "
                       "Example</p>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->author);
    assert_string_equal(doc->author, "Gus Example und Hal Example");
    wn_doc_destroy(&doc);
    html = "<html><head><title>Weir</title><meta property=og:site_name content=\"Riverside News\">"
           "<meta name=author content=\"Ivy Example, Riverside News\"></head><body><article><h1>Weir to be "
           "rebuilt</h1>" BODY "</article></body></html>";
    doc = run(html);
    assert_non_null(doc->author);
    assert_string_equal(doc->author, "Ivy Example");
    wn_doc_destroy(&doc);
}

/* A UTC stamp late in the evening on a German page is the next day there. */
static void test_utc_to_central_europe(void **state) {
    (void)state;
    const char *html = "<html lang=de><head><title>Weir</title><script type=\"application/ld+json\">{\"@type\":"
                       "\"Article\",\"headline\":\"Weir to be rebuilt\",\"datePublished\":\"2022-11-06T23:00:00Z\"}"
                       "</script></head><body><article><h1>Weir to be rebuilt</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    starts(doc->date, "2022-11-07T00:00:00+01:00");
    wn_doc_destroy(&doc);
}

/* The page's only h1 sits in a container that reads as chrome (a
 * sidebar-like class) and <title> words it differently: the h1, as it shares
 * a long word with <title>. */
static void test_title_lone_h1_in_chrome(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir rebuilt at last | Riverside News</title></head><body>"
                       "<div class=sidebar><h1>Weir to be rebuilt after two floods</h1></div><article>" BODY
                       "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt after two floods");
    wn_doc_destroy(&doc);
}

/* og:title writes the heading's en dash and curly apostrophe as '-' and
 * "'": the heading's form. */
static void test_title_heading_form(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir - the town\x27s plan | Riverside News</title>"
                       "<meta property=og:title content=\"Weir - the town\x27s plan\"></head><body><article>"
                       "<h2>Weir \xe2\x80\x93 the town\xe2\x80\x99s plan</h2>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir \xe2\x80\x93 the town\xe2\x80\x99s plan");
    wn_doc_destroy(&doc);
}

/* A linked h1 that ends the <title> after a separator is the blog's name,
 * however long: the h2 that starts the <title> is the post's title. */
static void test_title_linked_h1_is_site(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt | The Riverside Weekly News</title></head><body>"
                       "<h1><a href=/>The Riverside Weekly News</a></h1><article><h2>Weir to be rebuilt</h2>" BODY
                       "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* A dc:title property, with an h1 that neither <title> nor og:title
 * repeats: the declared title. */
static void test_title_dublin_core(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside News</title><meta name=DC.title content=\"Old weir\">"
                       "<meta property=dc:title content=\"Weir to be rebuilt\"></head><body><article>"
                       "<h1>Latest from the river</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* An h1 named as a kicker (class strapline) is not the title: the h2
 * that <title> starts with is. */
static void test_title_strapline_h1(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt - Flood update</title></head><body><article>"
                       "<h1 class=strapline>Flood update</h1><h2>Weir to be rebuilt</h2>" BODY
                       "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* A one-word compound h1 that holds a word of <title> names the page; the
 * <title> part it ends with is no headline inside a kicker. */
static void test_title_compound_h1(void **state) {
    (void)state;
    const char *html = "<html><head><title>Geschichte - Chor am Fluss Verein</title></head><body><article>"
                       "<h1>Vereinsgeschichte</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Vereinsgeschichte");
    wn_doc_destroy(&doc);
}

/* A lone h1 that shares no word with <title> or og:title (a blog's motto)
 * while an h2 is og:title (its date left out): the h2. */
static void test_title_motto_h1(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside blog</title><meta property=og:title content=\"Weir to be "
                       "rebuilt\"></head><body><h1>Thoughts from a quiet corner</h1><article><h2><time>May 3"
                       "</time> Weir to be rebuilt</h2>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    starts(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* og:title "Site - Section - Headline" where the headline is an h2 and the
 * h1s name sections: the h2. */
static void test_title_h2_ends_metadata(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside</title><meta property=og:title content=\"Riverside - "
                       "News - Weir to be rebuilt\"></head><body><h1>News</h1><h1>Archive</h1><article>"
                       "<h2>Weir to be rebuilt</h2>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* og:title ends with " | " and the main label of the page's host: that
 * part is the site's name. */
static void test_title_host_label_cut(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside</title><meta property=og:title content=\"Weir to be "
                       "rebuilt | riverside\"><link rel=canonical href=\"https://www.riverside.example/weir\">"
                       "</head><body><article><p>" BODY "</p></article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* An h1 that ends with the whole <title> after a kicker span: the
 * <title>'s words. */
static void test_title_h1_ends_with_title(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt after floods</title></head><body><article><h1>"
                       "<span>Press release of the river office</span> : Weir to be rebuilt after floods</h1>" BODY
                       "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt after floods");
    wn_doc_destroy(&doc);
}

/* Several h1s (one a template placeholder); one is a kicker plus
 * og:title with soft hyphens: og:title, not the h1 that opens the
 * article. */
static void test_title_h1_ends_with_og(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside</title><meta property=og:title content=\"Weir to be "
                       "rebuilt now\"></head><body><h1>Riverside news</h1><h1>{{ headline }}</h1><article><h1>"
                       "<em>Flood watch </em>Weir to be re\xc2\xad" "built now</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt now");
    wn_doc_destroy(&doc);
}

/* A date line written before the headline in its heading is cut. */
static void test_title_date_prefix(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside</title></head><body><article>"
                       "<h1>12.05.2019 - Weir to be rebuilt soon</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt soon");
    wn_doc_destroy(&doc);
}

/* A lone h1 that one h2 repeats and extends: the h1 was cut short. */
static void test_title_h2_extends_h1(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside</title></head><body><article><h1>Weir to be rebuilt</h1>"
                       "<h2>Weir to be rebuilt - the plans for the new fish pass</h2>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt - the plans for the new fish pass");
    wn_doc_destroy(&doc);
}

/* No h1: a short div named page-title that is a part of <title> between
 * separators is the title (not the longer site part). */
static void test_title_named_div(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir plans - Riverside news</title></head><body>"
                       "<div id=page-title>Weir plans</div><article><p>" BODY "</p></article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir plans");
    wn_doc_destroy(&doc);
}

/* No h1 and a CJK <title> "Headline-Site" without spaces: the short div
 * named title that the <title> starts with, right before the '-'. */
static void test_title_named_div_cjk(void **state) {
    (void)state;
#define CJK_HEAD "\xe6\xb2\xb3\xe6\xb0\xb4\xe5\x9d\x9d\xe5\xb0\x86\xe9\x87\x8d\xe5\xbb\xba\xe8\xae\xa1\xe5\x88\x92"
    const char *html = "<html><head><title>" CJK_HEAD "-\xe6\xb2\xb3\xe8\xbe\xb9\xe6\x96\xb0\xe9\x97\xbb</title></head>"
                       "<body><div class=h-title>" CJK_HEAD "</div><article><p>" BODY "</p></article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, CJK_HEAD);
    wn_doc_destroy(&doc);
#undef CJK_HEAD
}

/* og:title and the JSON-LD headline agree on a wording the h1 does not
 * have, and an h2 shows it: the h2. */
static void test_title_h2_metadata_wording(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside</title><meta property=og:title content=\"Council backs the "
                       "weir plan\"><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
                       "\"Council backs the weir plan\"}</script></head><body><article><h1>Weir plan approved by "
                       "council</h1><h2>Council backs the weir plan</h2>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Council backs the weir plan");
    wn_doc_destroy(&doc);
}

/* A short h1 that is a middle part of a hierarchical <title> names a
 * section: the <title>'s article part. */
static void test_title_section_part_h1(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside | Local news | Weir to be rebuilt</title></head><body>"
                       "<h1>Local news</h1><article><h2>Weir to be rebuilt</h2>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* A child named title that ends with ':' is the headline's first line
 * only: the whole heading. And a named element that is the JSON-LD
 * headline wins over one that is a part of <title>. */
static void test_title_lead_in_line(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside</title></head><body><article><h1><span class=title>Weir "
                       "plans:</span><br><span>Council backs rebuild</span></h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir plans: Council backs rebuild");
    wn_doc_destroy(&doc);
    html = "<html><head><title>Weir plans - Riverside Weekly 12/2019</title><script type=\"application/ld+json\">"
           "{\"@type\":\"NewsArticle\",\"headline\":\"Weir plans\"}</script></head><body><div class=issue-title>"
           "Riverside Weekly 12/2019</div><div class=article-title>Weir plans</div><article><p>" BODY
           "</p></article></body></html>";
    doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir plans");
    wn_doc_destroy(&doc);
}

/* A <title> that only spells the host's name says nothing against a
 * one-word h1. */
static void test_title_host_named_title(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside News</title><link rel=canonical "
                       "href=\"https://www.riversidenews.example/\"></head><body><article><h1>Welcome!</h1>" BODY
                       "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Welcome!");
    wn_doc_destroy(&doc);
}

/* The page's only h1, in chrome, with a <title> "Section - Site" of a
 * two-word section: the h1. */
static void test_title_chrome_h1_section_title(void **state) {
    (void)state;
    const char *html = "<html><head><title>About us - Riverside</title></head><body><div class=sidebar><h1>"
                       "Keeping our weir open for all</h1></div><article>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Keeping our weir open for all");
    wn_doc_destroy(&doc);
}

/* Several h1s, the one <title> holds being a short middle part of it
 * ("Site - Section » Article"), while an h2 is the article's part: the h2. */
static void test_title_section_h1_of_many(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside - Local news &raquo; Weir to be rebuilt</title></head><body>"
                       "<div><h1>Most read this week</h1></div><h1>Local news</h1><article><h2>Weir to be "
                       "rebuilt</h2>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* An h2 that ends with ':' is a lead-in of the text, not the page's name,
 * even when <title> holds it: the metadata title. */
static void test_title_colon_h2_fragment(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir plans: council backs rebuild - Riverside</title><meta "
                       "property=og:title content=\"Weir plans: council backs rebuild\"></head><body><article>"
                       "<h2>Weir plans:</h2>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir plans: council backs rebuild");
    wn_doc_destroy(&doc);
}

/* A short h1 (a topic) that og:title words otherwise, without a JSON-LD
 * headline, while an h2 shows og:title's wording: that h2. */
static void test_title_h2_og_wording(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir repairs - Riverside</title><meta property=og:title content=\""
                       "Council backs the weir plan\"></head><body><article><h1>Weir repairs</h1><h2>Council backs "
                       "the weir plan</h2>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Council backs the weir plan");
    wn_doc_destroy(&doc);
}

/* A <title> "Headline_Channel_Site" joined with bare underscores is kept
 * whole, though the h1 is its first part. */
static void test_title_underscore_parts(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir to be rebuilt_Local_Riverside</title></head><body><article>"
                       "<h1>Weir to be rebuilt</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt_Local_Riverside");
    wn_doc_destroy(&doc);
}

/* A heading that starts with a bullet ("[> Headline") is compared and
 * kept without it. */
static void test_title_bullet_heading(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside // &raquo; Weir to be rebuilt</title></head><body><h1><a "
                       "href=/><img src=logo.png alt=Riverside></a></h1><div id=content><h2>[&gt; Weir to be "
                       "rebuilt</h2>" BODY "</div></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* An h1 of one run of text that ends with og:title (without its site
 * part) keeps its lead ("\"Never again\": Headline"): no kicker element
 * sets it apart. */
static void test_title_plain_lead_kept(void **state) {
    (void)state;
    const char *html = "<html><head><title>Council backs the weir rebuild - Riverside</title><meta "
                       "property=og:title content=\"Council backs the weir rebuild - Riverside\"></head><body>"
                       "<article><h1>\"Never again\": Council backs the weir rebuild</h1>" BODY
                       "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "\"Never again\": Council backs the weir rebuild");
    wn_doc_destroy(&doc);
}

/* A title is given in normalization form C: a Bengali letter with nukta
 * that NFC never composes (U+09DC) is written as letter + nukta. */
static void test_title_nfc_nukta(void **state) {
    (void)state;
    const char *html = "<html><head><title>x</title></head><body><article><h1>Weir \xe0\xa7\x9c repairs "
                       "begin</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir \xe0\xa6\xa1\xe0\xa6\xbc repairs begin");
    wn_doc_destroy(&doc);
}

/* A separator hidden from screen readers inside the heading ("Kicker<span
 * aria-hidden=true> - </span>Headline") ends a kicker. */
static void test_title_hidden_separator(void **state) {
    (void)state;
    const char *html = "<html><head><title>Flood watch - Weir to be rebuilt | Riverside</title></head><body>"
                       "<article><h1><span>Flood watch</span><span aria-hidden=true> &ndash; </span>"
                       "<span>Weir to be rebuilt</span></h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* A one-word h1 sharing no word with a site-wide <title> still names the
 * page when the article's h2s take up its words. */
static void test_title_h1_subject_of_h2s(void **state) {
    (void)state;
    const char *html = "<html><head><title>Walks along the river valley</title></head><body><article><h1>"
                       "Millbrook-Weir</h1><h2>History of the weir</h2>" BODY
                       "<h2>Getting to Millbrook</h2>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Millbrook-Weir");
    wn_doc_destroy(&doc);
}

/* The same h1 twice (a copy for small screens, one for large) is one h1;
 * and a dc:title that holds most of the h1's words does not win over it. */
static void test_title_repeated_h1(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside</title></head><body><article><header "
                       "class=small-only><h1>Weir to be rebuilt</h1></header><header class=large-only><h1>"
                       "Weir to be rebuilt</h1></header>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
    html = "<html><head><title>Riverside</title><meta name=DCTERMS.title content=\"Go-ahead for the "
           "Millbrook weir rebuild\"></head><body><article><h1>Millbrook weir rebuild</h1>" BODY
           "</article></body></html>";
    doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Millbrook weir rebuild");
    wn_doc_destroy(&doc);
}

/* A blog's list of posts (h2s that are all link) under an h1 that links
 * the blog's name, as <title> gives it: the first post's title. */
static void test_title_list_of_posts(void **state) {
    (void)state;
    const char *html = "<html><head><title>Riverside Notes - a weir blog</title></head><body><div "
                       "id=content><h1><a href=/>Riverside Notes - a weir blog</a></h1><div class=post><h2>"
                       "<a href=/p1>Weir to be rebuilt</a></h2>" BODY "</div><div class=post><h2><a href=/p2>"
                       "Flood season starts early</a></h2>" BODY "</div></div></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
    /* ... or under an h1 that shares words only with the blog's name in
     * <title> ("Section | Blog") */
    html = "<html><head><title>Archive | Riverside Notes</title></head><body><div id=content><h1>Welcome "
           "to Riverside Notes, friends</h1><div class=post><h2><a href=/p1>Weir to be rebuilt</a></h2>" BODY
           "</div><div class=post><h2><a href=/p2>Flood season starts early</a></h2>" BODY
           "</div></div></body></html>";
    doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir to be rebuilt");
    wn_doc_destroy(&doc);
}

/* A lone h1 that an element named headline repeats and extends ("Weir
 * repairs – what the council plans") was cut short: that element, even
 * though it reads as "H1 – more". */
static void test_title_named_element_extends_h1(void **state) {
    (void)state;
    const char *html = "<html><head><title>Weir repairs | Riverside</title></head><body><header><p "
                       "class=stage-headline>Weir repairs &ndash; what the council plans</p></header><article>"
                       "<h1>Weir repairs</h1>" BODY "</article></body></html>";
    wn_doc_t *doc = run(html);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Weir repairs \xe2\x80\x93 what the council plans");
    wn_doc_destroy(&doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonld_cdata_and_sequence), cmocka_unit_test(test_jsonld_author_by_id),
        cmocka_unit_test(test_byline_and_date_near_title), cmocka_unit_test(test_dateline_with_name),
        cmocka_unit_test(test_credit_label_byline),
        cmocka_unit_test(test_commenter_not_author),       cmocka_unit_test(test_org_author_gives_way),
        cmocka_unit_test(test_date_from_url),              cmocka_unit_test(test_bare_label),
        cmocka_unit_test(test_author_forms),              cmocka_unit_test(test_utc_to_central_europe),
        cmocka_unit_test(test_title_lone_h1_in_chrome),    cmocka_unit_test(test_title_heading_form),
        cmocka_unit_test(test_title_linked_h1_is_site),    cmocka_unit_test(test_title_dublin_core),
        cmocka_unit_test(test_title_strapline_h1),         cmocka_unit_test(test_title_compound_h1),
        cmocka_unit_test(test_title_motto_h1),             cmocka_unit_test(test_title_h2_ends_metadata),
        cmocka_unit_test(test_title_host_label_cut),       cmocka_unit_test(test_title_h1_ends_with_title),
        cmocka_unit_test(test_title_h1_ends_with_og),      cmocka_unit_test(test_title_date_prefix),
        cmocka_unit_test(test_title_h2_extends_h1),        cmocka_unit_test(test_title_named_div),
        cmocka_unit_test(test_title_named_div_cjk),        cmocka_unit_test(test_title_h2_metadata_wording),
        cmocka_unit_test(test_title_section_part_h1),      cmocka_unit_test(test_title_lead_in_line),
        cmocka_unit_test(test_title_host_named_title),     cmocka_unit_test(test_title_chrome_h1_section_title),
        cmocka_unit_test(test_title_section_h1_of_many),
        cmocka_unit_test(test_title_colon_h2_fragment),
        cmocka_unit_test(test_title_h2_og_wording),
        cmocka_unit_test(test_title_underscore_parts),
        cmocka_unit_test(test_title_bullet_heading),
        cmocka_unit_test(test_title_plain_lead_kept),
        cmocka_unit_test(test_title_nfc_nukta),
        cmocka_unit_test(test_title_hidden_separator),
        cmocka_unit_test(test_title_h1_subject_of_h2s),
        cmocka_unit_test(test_title_repeated_h1),
        cmocka_unit_test(test_title_list_of_posts),
        cmocka_unit_test(test_title_named_element_extends_h1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
