/* test_prescan.c -- unit tests for the pre-scan (winnow/prescan.h).
 *
 * Besides what is kept and dropped, the hostile inputs on which Gumbo 0.10.1
 * is quadratic are generated, pre-scanned and parsed with the arena
 * allocator: the test checks that the flags are set and that the tree Gumbo
 * builds stays about max_depth deep (a functional check; the parse times
 * are printed as TAP comments, not asserted).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <gumbo.h>
#include <jansson.h>

#include "winnow/arena.h"
#include "winnow/buf.h"
#include "winnow/charset.h"
#include "winnow/extract.h"
#include "winnow/inflate.h"
#include "winnow/prescan.h"

#include "html/dom.h"

typedef struct fixture {
    wn_arena_t *a;
    wn_prescan_limits_t lim;
    wn_prescan_out_t out;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    f->a = wn_arena_new(0);
    if (!f->a) return -1;
    wn_prescan_limits_init(&f->lim);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    wn_arena_destroy(&f->a);
    free(f);
    return 0;
}

/* Pre-scans s (n bytes) and returns the reduced HTML. */
static const char *scan(fixture *f, const char *s, size_t n) {
    assert_int_equal(wn_prescan(f->a, s, n, &f->lim, &f->out), WN_OK);
    assert_non_null(f->out.html);
    assert_true(f->out.len <= n + n / 4 + 128);
    assert_int_equal(f->out.html[f->out.len], '\0');
    return f->out.html;
}

static const char *scans(fixture *f, const char *s) { return scan(f, s, strlen(s)); }

static void expect(fixture *f, const char *in, const char *want) {
    const char *got = scans(f, in);
    if (strcmp(got, want) != 0) print_message("# in:   %s\n# want: %s\n# got:  %s\n", in, want, got);
    assert_string_equal(got, want);
}

static void test_drops_bodies(void **state) {
    fixture *f = *state;
    expect(f, "<p>a<!-- x > y -->b</p>", "<p>ab</p>");
    expect(f, "<p>a<!---->b<!-->c<!--->d<!-- x --!>e</p>", "<p>abcde</p>");
    expect(f, "a<script>if (a<b && c>d) x('</scr'+'ipt>');</script>b", "ab");
    expect(f, "a<SCRIPT type=text/javascript>x</ScRiPt >b", "ab");
    expect(f, "a<style>p>b{color:red}</style>b", "ab");
    expect(f, "a<svg><g><svg><title>t</title></svg><text>x</text></svg>b", "ab");
    expect(f, "a<svg/>b<svg viewBox='0 0 1 1'/>c", "abc");
    /* Unclosed svg/object end where the tree builder ends them (the dev
     * set's legrandcontinent.eu and mitvergnuegen.com pages). */
    expect(f, "<div><svg><use href=#i /></div>after", "<div></div>after");
    expect(f, "<span><svg><title/><path d=x /></span>t</svg>u", "<span></span>tu");
    expect(f, "<p>a<svg><path><p>b", "<p>a<p>b");
    expect(f, "<object><param name=x><p>fallback</object>x", "x");
    expect(f, "<div><object><p>y</div>z", "<div>"); /* </div> is out of scope: to the end */
    expect(f, "a<iframe src=x><p>fallback</p></iframe>b<noscript><img src=y></noscript>c", "abc");
    expect(f, "a<template><p>t</p><template>u</template></template>b", "ab");
    expect(f, "a<object><object><embed src=f></object></object>b<canvas>c</canvas>d", "abd");
    expect(f, "<?xml version='1.0'?><!DOCTYPE html><!bogus thing>x", "<!DOCTYPE html>x");
    expect(f, "a</ >b</3>c</>d", "abcd");
    /* Unterminated: to the end of the input, as the parser does. */
    expect(f, "a<script>var x = 1;", "a");
    expect(f, "a<!-- never closed <p>x</p>", "a");
    expect(f, "a<style>p{}", "a");
    expect(f, "a<div class=\"x", "a");
}

/* A large <noscript> in the body is kept as an element (a forum engine's
 * server-rendered thread); a small one, or one in the head, is dropped. */
static void test_big_noscript_kept(void **state) {
    fixture *f = *state;
    char in[4096], want[4096];
    char body[2200];
    memset(body, 'x', sizeof body - 1);
    body[sizeof body - 1] = '\0';
    snprintf(in, sizeof in, "<body>a<noscript><p>%s</p></noscript>b", body);
    snprintf(want, sizeof want, "<body>a<noscript><p>%s</p></noscript>b", body);
    expect(f, in, want);
    snprintf(in, sizeof in, "<head><noscript><p>%s</p></noscript></head><body>b", body);
    expect(f, in, "<head></head><body>b");
    expect(f, "<body>a<noscript><p>Please enable JavaScript.</p></noscript>b", "<body>ab");
}

static void test_jsonld(void **state) {
    fixture *f = *state;
    const char *in = "<head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"x\":\"</p>\"}</script>"
                     "<script>var a;</script><script TYPE=' Application/LD+JSON '>[1]</script></head><p>t</p>";
    const char *got = scans(f, in);
    assert_string_equal(got, "<head></head><p>t</p>");
    assert_int_equal(f->out.n_jsonld, 2);
    assert_string_equal(f->out.jsonld[0].text, "{\"@type\":\"NewsArticle\",\"x\":\"</p>\"}");
    assert_int_equal(f->out.jsonld[0].len, strlen(f->out.jsonld[0].text));
    assert_string_equal(f->out.jsonld[1].text, "[1]");
    /* Unterminated JSON-LD keeps what there is. */
    scans(f, "<script type=application/ld+json>{\"a\":1}");
    assert_int_equal(f->out.n_jsonld, 1);
    assert_string_equal(f->out.jsonld[0].text, "{\"a\":1}");
}

static void test_attributes(void **state) {
    fixture *f = *state;
    expect(f, "<div id=main data-x=\"1\" onclick=\"go()\" class='a b' role=main>x</div>",
           "<div id=main class='a b' role=main>x</div>");
    expect(f, "<a href=\"/x?a>b\" target=_blank rel=author title=\"t > u\">x</a>",
           "<a href=\"/x?a>b\" rel=author title=\"t > u\">x</a>");
    expect(f, "<p style=\"color: red\">a</p><p STYLE=\"Display : None\">b</p><p style='visibility:hidden'>c</p>",
           "<p>a</p><p STYLE=\"Display : None\">b</p><p style='visibility:hidden'>c</p>");
    expect(f, "<input hidden type=text disabled><div aria-hidden=true aria-label=\"Close\" data-testid=x>y</div>",
           "<input hidden type=text><div aria-hidden=true aria-label=\"Close\">y</div>");
    expect(f, "<img src=\"data:image/png;base64,AAAA\" alt=pic><img src=/a.png alt=b/>",
           "<img alt=pic><img src=/a.png alt=b/>");
    /* No whitespace between attributes; '/' as a separator; valueless. */
    expect(f, "<p id=\"a\"class=\"b\"x=\"c\"title=\"d\">t</p>", "<p id=\"a\"class=\"b\" title=\"d\">t</p>");
    expect(f, "<br/><hr class=x /><div/id=y>z</div>", "<br/><hr class=x/><div id=y>z</div>");
    expect(f, "<meta property=\"og:title\" content=\"T\"><meta name=viewport content=x>",
           "<meta property=\"og:title\" content=\"T\"><meta name=viewport content=x>");
    expect(f, "<link rel=stylesheet href=a.css><link rel=\"canonical\" href=\"https://x/\"><link rel=icon href=i>",
           "<link rel=\"canonical\" href=\"https://x/\">");
    expect(f, "<time datetime=\"2024-01-02\" itemprop=datePublished>d</time>",
           "<time datetime=\"2024-01-02\" itemprop=datePublished>d</time>");
    expect(f, "<div itemscope itemtype=\"https://schema.org/Article\" lang=en dir=ltr>x</div>",
           "<div itemscope itemtype=\"https://schema.org/Article\" lang=en dir=ltr>x</div>");
    /* Read by extraction: headings by ARIA level, XHTML's language. */
    expect(f, "<html xml:lang=de><div role=heading aria-level=2 aria-busy=true>h</div>",
           "<html xml:lang=de><div role=heading aria-level=2>h</div>");
    /* End tags lose their (invalid) attributes. */
    expect(f, "<div>x</div class=\"a>b\">y", "<div>x</div>y");
    /* Formatting elements closed by an ancestor get their end tag. */
    expect(f, "<p><b>x<i>y</p><p>z", "<p><b>x<i>y</i></b></p><p>z");
    expect(f, "<ul><li><em>a<li>b</ul>", "<ul><li><em>a</em><li>b</ul>");
}

static void test_text_and_malformed(void **state) {
    fixture *f = *state;
    expect(f, "a < b <3 <<x>> 1<2 <", "a < b <3 <<x>> 1<2 <");
    expect(f, "<title>a <b> &amp; c</title><textarea>\n  <p>x</p>\n</textarea>",
           "<title>a <b> &amp; c</title><textarea>\n  <p>x</p>\n</textarea>");
    expect(f, "<xmp><script>x</script></xmp>", "<xmp><script>x</script></xmp>");
    /* Whitespace runs collapse, except in <pre>. */
    expect(f, "<div>\n    <p>a   b\t\tc</p>\n\n</div>", "<div>\n<p>a b\tc</p>\n</div>");
    expect(f, "<pre>  a\n\n   b  </pre> x  y", "<pre>  a\n\n   b  </pre> x y");
    expect(f, "<div class=highlight><code>if x:\n    y()</code>  z</div>", "<div class=highlight><code>if x:\n    y()</code> z</div>");
    expect(f, "<plaintext><p>  all   text", "<plaintext><p>  all   text");
    expect(f, "", "");
}

static void test_depth_limit(void **state) {
    fixture *f = *state;
    f->lim.max_depth = 8;
    wn_buf_t b;
    wn_buf_init(&b, 1 << 20);
    for (int i = 0; i < 10; i++) assert_int_equal(wn_buf_adds(&b, "<div>"), WN_OK);
    assert_int_equal(wn_buf_adds(&b, "x<span>y</span>"), WN_OK);
    for (int i = 0; i < 10; i++) assert_int_equal(wn_buf_adds(&b, "</div>"), WN_OK);
    assert_int_equal(wn_buf_adds(&b, "<p>after</p>"), WN_OK);
    const char *got = scan(f, b.data, b.len);
    assert_string_equal(got, "<div><div><div><div><div><div><div><div>xy"
                             "</div></div></div></div></div></div></div></div><p>after</p>");
    assert_true(f->out.truncated & WN_TRUNC_DEPTH);
    wn_buf_free(&b);
}

/* Sloppy but ordinary markup must not fill the stack: implicit closes. */
static void test_implicit_closes(void **state) {
    fixture *f = *state;
    f->lim.max_depth = 16;
    wn_buf_t b;
    wn_buf_init(&b, 1 << 24);
    assert_int_equal(wn_buf_adds(&b, "<body><div>"), WN_OK);
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(wn_buf_adds(&b, "<p>para <b>bold</b> <a href=x>link</a>"), WN_OK);
        assert_int_equal(wn_buf_adds(&b, "<ul><li>one<li>two<li><a>a<a>b</ul>"), WN_OK);
        assert_int_equal(wn_buf_adds(&b, "<dl><dt>t<dd>d<dt>u<dd>e</dl>"), WN_OK);
        assert_int_equal(wn_buf_adds(&b, "<table><tr><td>1<td>2<tr><th>3<td>4</table>"), WN_OK);
        assert_int_equal(wn_buf_adds(&b, "<table><td>x</table><select><option>a<option>b<optgroup><option>c</select>"),
                         WN_OK);
        assert_int_equal(wn_buf_adds(&b, "<h2>title<h3>sub</h2><form><input></form><p><font>f</p>"), WN_OK);
    }
    assert_int_equal(wn_buf_adds(&b, "</div>"), WN_OK);
    const char *got = scan(f, b.data, b.len);
    assert_int_equal(f->out.truncated, 0);
    /* Nothing dropped; </font> added where </p> closes the font, </a>
     * where </ul> closes the second <a>. */
    assert_int_equal(f->out.len, b.len + 1000 * strlen("</font></a>"));
    assert_non_null(strstr(got, "<p><font>f</font></p>"));
    wn_buf_free(&b);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Depth of the tree Gumbo built, walked iteratively. */
static unsigned gumbo_depth(GumboNode *root) {
    size_t cap = 1 << 20, sp = 0;
    GumboNode **st = malloc(cap * sizeof *st);
    unsigned *dp = malloc(cap * sizeof *dp), max = 0;
    assert_non_null(st);
    assert_non_null(dp);
    st[sp] = root;
    dp[sp++] = 0;
    while (sp) {
        GumboNode *n = st[--sp];
        unsigned d = dp[sp];
        if (d > max) max = d;
        if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
        GumboVector *ch = n->type == GUMBO_NODE_ELEMENT ? &n->v.element.children : &n->v.document.children;
        for (unsigned i = 0; i < ch->length && sp < cap; i++) {
            st[sp] = ch->data[i];
            dp[sp++] = d + 1;
        }
    }
    free(st);
    free(dp);
    return max;
}

/* Builds head + body*reps + tail, pre-scans, parses; checks the flags and
 * the depth of Gumbo's tree. */
static void hostile(fixture *f, const char *name, const char *head, const char *body, size_t reps, const char *tail,
                    unsigned want_flags) {
    wn_buf_t b;
    wn_buf_init(&b, 256u << 20);
    assert_int_equal(wn_buf_adds(&b, head), WN_OK);
    for (size_t i = 0; i < reps; i++) assert_int_equal(wn_buf_printf(&b, body, i), WN_OK); /* %zu: i */
    assert_int_equal(wn_buf_adds(&b, tail), WN_OK);
    double t0 = now();
    scan(f, b.data, b.len);
    double t1 = now();
    GumboOptions opt = kGumboDefaultOptions;
    opt.allocator = wn_arena_gumbo_alloc;
    opt.deallocator = wn_arena_gumbo_free;
    opt.userdata = f->a;
    opt.max_errors = 0;
    GumboOutput *g = gumbo_parse_with_options(&opt, f->out.html, f->out.len);
    double t2 = now();
    assert_non_null(g);
    unsigned depth = gumbo_depth(g->root);
    print_message("# %s: %.1f MB in, %.2f MB out, prescan %.3f s, gumbo %.3f s, tree depth %u, flags %u\n", name,
                  (double)b.len / 1e6, (double)f->out.len / 1e6, t1 - t0, t2 - t1, depth, f->out.truncated);
    assert_true((f->out.truncated & want_flags) == want_flags);
    /* max_depth elements, reconstructed formatting elements, html/body. */
    assert_true(depth <= f->lim.max_depth + f->lim.max_formatting + 8);
    wn_buf_free(&b);
    wn_arena_reset(f->a);
}

/* Formatting elements left open when their block closes are cloned by the
 * parser into every later block with text; a burst of them must not make
 * each of 50,000 paragraphs carry max_formatting clones. */
static void hostile_burst(fixture *f) {
    wn_buf_t b;
    wn_buf_init(&b, 64u << 20);
    assert_int_equal(wn_buf_adds(&b, "<body><p>"), WN_OK);
    for (int i = 0; i < 200; i++) assert_int_equal(wn_buf_printf(&b, "<b class=c%d>", i), WN_OK);
    assert_int_equal(wn_buf_adds(&b, "x</p>"), WN_OK);
    for (int i = 0; i < 50000; i++) assert_int_equal(wn_buf_adds(&b, "<p>x</p>"), WN_OK);
    double t0 = now();
    scan(f, b.data, b.len);
    GumboOptions opt = kGumboDefaultOptions;
    opt.allocator = wn_arena_gumbo_alloc;
    opt.deallocator = wn_arena_gumbo_free;
    opt.userdata = f->a;
    opt.max_errors = 0;
    GumboOutput *g = gumbo_parse_with_options(&opt, f->out.html, f->out.len);
    assert_non_null(g);
    print_message("# 200 open <b class=N>, then 50,000 <p>x</p>: %.3f s, flags %u\n", now() - t0, f->out.truncated);
    assert_true(f->out.truncated & WN_TRUNC_FORMAT);
    wn_buf_free(&b);
    wn_arena_reset(f->a);
}

static void test_hostile_nesting(void **state) {
    fixture *f = *state;
    hostile(f, "1,000,000 nested divs", "<body>", "<div>", 1000000, "x", WN_TRUNC_DEPTH);
    hostile(f, "100,000 nested table cells", "<body>", "<table><tr><td>", 100000, "x", WN_TRUNC_DEPTH);
    hostile(f, "100,000 unclosed cells", "<body><table><tr>", "<td><div>", 100000, "x", 0);
    hostile(f, "50,000 unclosed <b><i><u><s>", "<body><p>", "<b><i><u><s>x", 50000, "", WN_TRUNC_FORMAT);
    hostile(f, "50,000 <p><b class=N>x</p>", "<body>", "<p><b class=c%zu>x</p>", 50000, "", 0);
    hostile(f, "100,000 <b><div></b>", "<body>", "<b><div></b>x", 100000, "", 0);
    hostile(f, "100,000 <div><table><tr><td></div>", "<body>", "<div><table><tr><td></div>", 100000, "", 0);
    hostile(f, "100,000 <span><div></span>", "<body>", "<span><div></span>", 100000, "", WN_TRUNC_DEPTH);
    hostile(f, "100,000 <form><div></form>", "<body>", "<form><div></form>", 100000, "", 0);
    hostile(f, "100,000 <a><div>", "<body>", "<a href=x><div>", 100000, "", 0);
    hostile(f, "100,000 <li><ul>", "<body><ul>", "<li><ul>", 100000, "", WN_TRUNC_DEPTH);
    hostile_burst(f);
}

static void test_hostile_attributes(void **state) {
    fixture *f = *state;
    wn_buf_t b;
    wn_buf_init(&b, 64u << 20);
    assert_int_equal(wn_buf_adds(&b, "<div"), WN_OK);
    for (int i = 0; i < 100000; i++) assert_int_equal(wn_buf_printf(&b, " id=a%d data-x%d=%d", i, i, i), WN_OK);
    assert_int_equal(wn_buf_adds(&b, ">x</div>"), WN_OK);
    double t0 = now();
    scan(f, b.data, b.len);
    GumboOptions opt = kGumboDefaultOptions;
    opt.allocator = wn_arena_gumbo_alloc;
    opt.deallocator = wn_arena_gumbo_free;
    opt.userdata = f->a;
    GumboOutput *g = gumbo_parse_with_options(&opt, f->out.html, f->out.len);
    assert_non_null(g);
    print_message("# 200,000 attributes: %.2f MB in, %zu bytes out, %.3f s\n", (double)b.len / 1e6, f->out.len,
                  now() - t0);
    assert_true(f->out.truncated & WN_TRUNC_ATTRS);
    assert_true(f->out.len < 1000);
    wn_buf_free(&b);
}

/* Random markup-ish bytes: never crashes, output never outgrows input. */
static void test_garbage(void **state) {
    fixture *f = *state;
    static const char alpha[] = "<<>>/!-=\"' \nabdipstyle/script<!--->svg\x00\xff";
    char buf[512];
    uint32_t x = 99;
    for (int it = 0; it < 20000; it++) {
        x = x * 1103515245u + 12345u;
        size_t n = (x >> 8) % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            buf[i] = alpha[(x >> 16) % (sizeof alpha - 1)];
        }
        f->lim.max_depth = 1 + (unsigned)it % 7;
        f->lim.max_formatting = 1 + (unsigned)it % 3;
        f->lim.max_attrs = (unsigned)(it % 3);
        scan(f, buf, n);
        wn_arena_reset(f->a);
    }
}

/* ---- text by reference (text_runs) ------------------------------------------ */

/* Pre-scans in[0..n) with text_runs off, then on, parses both with Gumbo
 * and flattens them (the second through wn_dom_build_runs): the two trees
 * must be equal node for node -- tag, parent, text bytes. Returns the
 * number of references the second pre-scan made. */
static size_t runs_same_tree(const char *in, size_t n) {
    wn_arena_t *a = wn_arena_new(0);
    assert_non_null(a);
    wn_dom_t d[2];
    size_t refs = 0;
    for (int k = 0; k < 2; k++) {
        wn_prescan_limits_t lim;
        wn_prescan_limits_init(&lim);
        lim.text_runs = (unsigned)k;
        wn_prescan_out_t out;
        assert_int_equal(wn_prescan(a, in, n, &lim, &out), WN_OK);
        if (!k) assert_int_equal(out.n_runs, 0);
        refs = out.n_runs;
        GumboOptions go = kGumboDefaultOptions;
        go.allocator = wn_arena_gumbo_alloc;
        go.deallocator = wn_arena_gumbo_free;
        go.userdata = a;
        go.max_errors = 0;
        GumboOutput *g = gumbo_parse_with_options(&go, out.html, out.len);
        assert_non_null(g);
        assert_int_equal(wn_dom_build_runs(&d[k], a, g->document, 512, 1000000, &out), WN_OK);
    }
    assert_int_equal(d[0].count, d[1].count);
    for (int i = 0; i < d[0].count; i++) {
        const wn_node_t *x = &d[0].n[i], *y = &d[1].n[i];
        assert_int_equal(x->tag, y->tag);
        assert_int_equal(x->parent, y->parent);
        assert_int_equal(x->end, y->end);
        assert_int_equal(x->text_len, y->text_len);
        if (x->text_len) assert_memory_equal(x->text, y->text, x->text_len);
        assert_int_equal(x->tw, y->tw);
        assert_true((x->cls == NULL) == (y->cls == NULL));
        if (x->cls) assert_string_equal(x->cls, y->cls);
        assert_true((x->id == NULL) == (y->id == NULL));
        if (x->id) assert_string_equal(x->id, y->id);
        assert_int_equal(x->toks, y->toks);
        assert_int_equal(x->amask, y->amask);
    }
    wn_arena_destroy(&a);
    return refs;
}

static void test_text_runs(void **state) {
    (void)state;
    static const char *const pages[] = {
        "<p>a long enough stretch of text, then &amp; an entity &eacute;t&eacute; and &#8220;more&#x201D; text</p>",
        "<p>  leading and trailing spaces around a long stretch of text  </p>  <p>\n\n second paragraph here\n</p>",
        "<pre>\nfirst line of code kept verbatim\n    indented   line   with   spaces\r\n\tcrlf above</pre>",
        "<table>stray text in a table gets foster parented<tr><td>cell text long enough to count</td></tr></table>",
        "<table> <tr> <td>x</td> </tr> </table>text after the table that is long enough",
        "<title>a title that is long enough to be a run</title><textarea>\ntextarea text that is long</textarea>",
        "text before any html element at all, long enough<html><head>head text that is long enough</head>",
        "<select><option>an option label long enough to count</option></select>after the select element",
        "<p>a C1 \xc2\x85 control inside a long stretch of text and a \xef\xb7\x90 nonchar</p>",
        "<p>invalid \xff\xfe UTF-8 bytes inside a long stretch \xe2\x82 of text, and a cut one at the end \xe2",
        "<p>the lead character \xef\xa3\xb0 itself in the page: no references at all for this page</p>",
        "<b>bold text long enough <i>bold italic text long enough</b> italic text long enough</i> plain text",
        "<p>one<!-- a comment -->two and three are merged into one text node by the parser</p>",
        "<p>a &notit; b &amp c &#x; d &#99999999; e & f long enough text all around these references</p>",
        "<math><mi>math text long enough to be a run</mi></math><svg><text>svg text is dropped</text></svg>",
        "<frameset><frame>text inside a frameset, long enough to be a run</frameset>",
        "<listing>\nlisting text kept verbatim and long</listing><code>  code   text  kept   verbatim  </code>",
        "<p><b class=\"samecls\">1<b class=\"samecls\">2<b class=\"samecls\">3<b class=\"samecls\">4<b class=\"SameCls\">5</p>",
        "<div><b class=\"samecls\">1<b class=\"samecls\">2<b class=\"samecls\">3<b class=\"samecls\">4</div>x", /* Noah's Ark */
        "<div class=\"a &amp; b entity value\" id=\"with\rcarriage\">x</div><div class='single-quoted-value'>y</div>",
        "<p>\xe4\xb8\xad\xe6\x96\x87\xe6\x96\x87\xe6\x9c\xac\xe4\xb8\xad\xe6\x96\x87\xe6\x96\x87\xe6\x9c\xac \xf0\x9f\x98\x80\xf0\x9f\x98\x80</p>",
    };
    size_t refs = 0;
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) refs += runs_same_tree(pages[i], strlen(pages[i]));
    static const char nul[] = "<p>a NUL \0 inside a long stretch of text, long enough on both sides</p>";
    refs += runs_same_tree(nul, sizeof nul - 1);
    assert_true(refs >= 20);
    /* the lead character anywhere turns references off for the page */
    wn_arena_t *a = wn_arena_new(0);
    wn_prescan_limits_t lim;
    wn_prescan_limits_init(&lim);
    lim.text_runs = 1;
    wn_prescan_out_t out;
    const char *lead = "<p title=\"\xef\xa3\xb0\">a long enough stretch of text to be a run</p>";
    assert_int_equal(wn_prescan(a, lead, strlen(lead), &lim, &out), WN_OK);
    assert_int_equal(out.n_runs, 0);
    assert_non_null(strstr(out.html, "a long enough stretch of text to be a run"));
    wn_arena_destroy(&a);
    /* random pages from a markup-and-text alphabet */
    static const char *const bits[] = {
        "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<table>", "<tr>", "<td>", "</td>", "</table>", "<pre>",
        "</pre>", "<title>", "</title>", "<textarea>", "</textarea>", "<!-- c -->", "<br>", "<li>", "<ul>",
        "</ul>", "<select>", "<option>", "</select>", "<script>x</script>", "&amp;", "&lt;", "&#8212;", "&nbsp;",
        "&", " ", "  ", "\n", "\t", "\r\n", "\r", "\f", "\xc2\xa0", "\xc2\x85", "\xe2\x80\x94", "\xf0\x9f\x98\x80",
        "\xff", "\xe2\x82", "x", "word", "the quick brown fox", "jumps over the lazy dog,", "<a href=x>",
        "</a>", "<div class=c>", "</div>", "<h1>", "</h1>", "<code>", "</code>", "<html>", "<body>", "<head>",
        "</body>", "<math>", "</math>", "<frameset>", "<caption>", "<colgroup>", "<col>", "<tbody>",
        "<b class=\"entry-title\">", "<b class=\"Entry-Title\">", "<i id='main-content-area'>",
        "<a class=\"nav-link active\" id=\"x\">", "<div class=\"post-body &amp; more\">",
        "<span class=\"caf\xc3\xa9-cr\xc3\xa8me\">", "<p class=short>", "<p class=\"tab\tseparated value\">",
        "<font class=\"entry-title\" color=red>", "<em CLASS=\"sidebar-widget\" Id=\"w\">",
    };
    char buf[2048];
    uint32_t x = 2024;
    for (int it = 0; it < 3000; it++) {
        size_t n = 0;
        x = x * 1103515245u + 12345u;
        int parts = 1 + (int)((x >> 8) % 60);
        for (int k = 0; k < parts; k++) {
            x = x * 1103515245u + 12345u;
            const char *b = bits[(x >> 16) % (sizeof bits / sizeof *bits)];
            size_t l = strlen(b);
            if (n + l >= sizeof buf) break;
            memcpy(buf + n, b, l);
            n += l;
        }
        runs_same_tree(buf, n);
    }
}

/* The parse budget: the page is cut before the start tag past max_tags
 * (dropped tags do not count) and in text at a space past max_text, and
 * the cut is flagged. */
static void test_parse_budget(void **state) {
    fixture *f = *state;
    f->lim.max_tags = 3;
    const char *o = scan(f, "<p>one</p><script>x</script><p>two</p><p>three</p><p>four</p>", 62);
    assert_string_equal(o, "<p>one</p><p>two</p><p>three</p>");
    assert_true(f->out.truncated & WN_TRUNC_PAGE);
    wn_arena_reset(f->a);
    o = scan(f, "<p>one</p><p>two</p><p>three</p>", 32);
    assert_false(f->out.truncated & WN_TRUNC_PAGE);
    wn_arena_reset(f->a);
    f->lim.max_tags = 0;
    f->lim.max_text = 12;
    o = scan(f, "<p>alpha beta gamma delta</p><p>more</p>", 40);
    assert_string_equal(o, "<p>alpha beta ");
    assert_true(f->out.truncated & WN_TRUNC_PAGE);
    wn_arena_reset(f->a);
    /* no space near: not inside a reference, nor inside a character */
    o = scan(f, "<p>abcdefghi&amp;xyz</p>", 24);
    assert_string_equal(o, "<p>abcdefghi");
    wn_arena_reset(f->a);
    f->lim.max_text = 11; /* between the two bytes of U+00E9 */
    o = scan(f, "<p>abcdefghij\xc3\xa9xyz</p>", 22);
    assert_string_equal(o, "<p>abcdefghij");
    wn_arena_reset(f->a);
    o = scan(f, "<p>alpha</p><p>beta</p>", 23);
    assert_false(f->out.truncated & WN_TRUNC_PAGE);
}

static void test_arena_exhausted(void **state) {
    (void)state;
    wn_arena_t *a = wn_arena_new(4096);
    char in[8192];
    memset(in, 'x', sizeof in);
    wn_prescan_out_t out;
    assert_int_equal(wn_prescan(a, in, sizeof in, NULL, &out), WN_ENOMEM);
    wn_arena_destroy(&a);
}

/* ---- the dev set ---------------------------------------------------------- */

/* Appends the text under `root` to b, text nodes joined with `sep`;
 * iterative. */
static void dom_text(GumboNode *root, wn_buf_t *b, const char *sep) {
    size_t cap = 1 << 20, sp = 0;
    GumboNode **stack = malloc(sizeof *stack * cap);
    assert_non_null(stack);
    stack[sp++] = root;
    while (sp) {
        GumboNode *nd = stack[--sp];
        if (nd->type == GUMBO_NODE_TEXT || nd->type == GUMBO_NODE_WHITESPACE || nd->type == GUMBO_NODE_CDATA) {
            assert_int_equal(wn_buf_adds(b, nd->v.text.text), WN_OK);
            assert_int_equal(wn_buf_adds(b, sep), WN_OK);
        } else if (nd->type == GUMBO_NODE_ELEMENT || nd->type == GUMBO_NODE_DOCUMENT) {
            if (nd->type == GUMBO_NODE_ELEMENT &&
                (nd->v.element.tag == GUMBO_TAG_SCRIPT || nd->v.element.tag == GUMBO_TAG_STYLE ||
                 nd->v.element.tag == GUMBO_TAG_NOSCRIPT || nd->v.element.tag == GUMBO_TAG_IFRAME ||
                 nd->v.element.tag == GUMBO_TAG_TEMPLATE))
                continue;
            GumboVector *ch = nd->type == GUMBO_NODE_ELEMENT ? &nd->v.element.children : &nd->v.document.children;
            for (unsigned i = ch->length; i-- > 0 && sp < cap;) stack[sp++] = ch->data[i];
        }
    }
    free(stack);
}

/* Removes every whitespace character (and NBSP), in place: the check is
 * that no text is lost, not how text nodes were split or spaced (a comment
 * between "<dt>Name" and its ":" splits a text node that the pre-scan
 * leaves whole). */
static size_t squeeze(char *s, size_t n) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            i++;
            continue;
        }
        s[o++] = (char)c;
    }
    s[o] = '\0';
    return o;
}

/* The visible text of html[0..n) as Gumbo parses it, text nodes joined,
 * whitespace removed. */
static void page_text(wn_arena_t *a, const char *html, size_t n, wn_buf_t *t) {
    GumboOptions opt = kGumboDefaultOptions;
    opt.allocator = wn_arena_gumbo_alloc;
    opt.deallocator = wn_arena_gumbo_free;
    opt.userdata = a;
    opt.max_errors = 0;
    GumboOutput *g = gumbo_parse_with_options(&opt, html, n);
    assert_non_null(g);
    wn_buf_init(t, 256u << 20);
    assert_int_equal(wn_buf_adds(t, ""), WN_OK);
    dom_text(g->root, t, "");
    t->len = squeeze(t->data, t->len);
}

static char *read_gz(const char *path, size_t *n) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    wn_buf_t raw, html;
    wn_buf_init(&raw, 64u << 20);
    wn_buf_init(&html, 256u << 20);
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, fp)) > 0) assert_int_equal(wn_buf_add(&raw, tmp, k), WN_OK);
    fclose(fp);
    assert_int_equal(wn_inflate(raw.data, raw.len, WN_INFLATE_GZIP, &html), WN_OK);
    wn_buf_free(&raw);
    return wn_buf_steal(&html, n);
}

/* Pre-scanning a real page must not lose text: every truth snippet found
 * in the parse of the whole page is found in the parse of the reduced one.
 * Every 8th page of ../shared/eval (all with WINNOW_EVAL_ALL=1); no caps
 * may be hit on real pages. Skips when the dev set is absent. */
static void test_devset_keeps_text(void **state) {
    fixture *f = *state;
    const char *dir = getenv("WINNOW_EVAL") ? getenv("WINNOW_EVAL") : "../shared/eval";
    int all = getenv("WINNOW_EVAL_ALL") != NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/truth.jsonl", dir);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        skip();
        return;
    }
    wn_charset_t *cs = wn_charset_new();
    assert_non_null(cs);
    char *line = NULL;
    size_t cap = 0, in_bytes = 0, out_bytes = 0;
    int no = 0, pages = 0, snippets = 0, lost = 0, truncated = 0, jsonld = 0;
    while (getline(&line, &cap, fp) > 0) {
        if (!all && no++ % 8 != 0) continue;
        json_error_t err;
        json_t *d = json_loads(line, 0, &err);
        assert_non_null(d);
        const char *id = json_string_value(json_object_get(d, "id"));
        json_t *with = json_object_get(d, "with");
        if (!id || !with) {
            json_decref(d);
            continue;
        }
        snprintf(path, sizeof path, "%s/pages/%s.html.gz", dir, id);
        size_t n, hl;
        char *raw = read_gz(path, &n);
        assert_non_null(raw);
        const char *html;
        assert_int_equal(wn_charset_decode(cs, f->a, raw, n, NULL, &html, &hl, NULL), WN_OK);
        scan(f, html, hl);
        pages++;
        in_bytes += hl;
        out_bytes += f->out.len;
        jsonld += f->out.n_jsonld > 0;
        if (f->out.truncated) {
            truncated++;
            print_message("# %s: caps hit (%u)\n", id, f->out.truncated);
        }
        wn_buf_t raw_text, ps_text;
        page_text(f->a, html, hl, &raw_text);
        page_text(f->a, f->out.html, f->out.len, &ps_text);
        json_t *sn;
        size_t i;
        json_array_foreach(with, i, sn) {
            char s[4096];
            snprintf(s, sizeof s, "%s", json_string_value(sn));
            squeeze(s, strlen(s));
            int in_raw = strstr(raw_text.data, s) != NULL;
            int in_ps = strstr(ps_text.data, s) != NULL;
            if (!in_raw) continue;
            snippets++;
            if (!in_ps) {
                lost++;
                print_message("# %s: lost \"%s\"\n", id, s);
            }
        }
        wn_buf_free(&raw_text);
        wn_buf_free(&ps_text);
        free(raw);
        wn_arena_reset(f->a);
        json_decref(d);
    }
    free(line);
    fclose(fp);
    wn_charset_destroy(&cs);
    print_message("# dev set: %d pages, %.1f MB -> %.1f MB (%.1f%%), %d with JSON-LD, %d snippets, %d lost, "
                  "%d hit caps\n",
                  pages, (double)in_bytes / 1e6, (double)out_bytes / 1e6, 100.0 * (double)out_bytes / (double)in_bytes,
                  jsonld, snippets, lost, truncated);
    assert_true(pages > 0);
    assert_int_equal(lost, 0);
    assert_int_equal(truncated, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_drops_bodies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jsonld, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attributes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_and_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_implicit_closes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_nesting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_attributes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
        cmocka_unit_test(test_text_runs),
        cmocka_unit_test_setup_teardown(test_parse_budget, setup, teardown),
        cmocka_unit_test(test_arena_exhausted),
        cmocka_unit_test_setup_teardown(test_big_noscript_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_devset_keeps_text, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
