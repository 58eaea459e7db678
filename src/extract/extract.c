/* extract.c -- wn_extract: one raw page in, the article and its metadata out.
 *
 * Pipeline: size cap -> gzip (bounded inflate) -> not-HTML sniff -> charset
 * decode to UTF-8 -> pre-scan -> Gumbo parse into the per-page arena ->
 * flattened tree (dom.c) -> metadata (meta.c) -> pruning and choice of the
 * main content (score.c) -> text / Markdown (render.c) -> a wn_doc_t.
 */
#include "winnow/extract.h"

#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "extract/page.h"
#include "extract/pagetype.h"
#include "extract/posts.h"
#include "html/dom.h"
#include "winnow/arena.h"
#include "winnow/buf.h"
#include "winnow/charset.h"
#include "winnow/inflate.h"
#include "winnow/lang.h"
#include "winnow/prescan.h"

#define WN_MAX_NODES 4000000u /* flattened tree nodes per page */
#define WN_MAX_JSONLD 16

struct wn_extractor {
    wn_options_t opt;
    wn_arena_t *arena;
    wn_lexicon_t *lex;  /* the vocabulary's sets, built once here */
    wn_passset_t skip;  /* opt.skip_passes, parsed */
    wn_charset_t *cs;
};

void wn_options_init(wn_options_t *opt) {
    memset(opt, 0, sizeof *opt);
    opt->format = WN_FORMAT_TEXT;
    opt->tables = true;
    opt->comments = false;
    opt->links = false;
    opt->images = false;
    opt->bias = 0;
    opt->max_page_bytes = (size_t)16 << 20;
    opt->max_inflated_bytes = (size_t)64 << 20;
    opt->max_depth = 512;
    opt->max_text_bytes = (size_t)4 << 20;
    opt->max_arena_bytes = (size_t)256 << 20;
    opt->skip_passes = NULL;
}

/* A page whose main content is shorter than its own description (a
 * paywall's teaser, an article its scripts build, a page of pictures)
 * gives the description instead, whitespace collapsed: it is the page's
 * best text. Short chosen text only (< TEASER_MAX bytes), so a real
 * article never gives way. `text` is the rendered text, rewritten in
 * place; `desc` is borrowed; *used is set to 1 when the description was
 * taken. Returns WN_OK or the buffer's error. */
#define TEASER_MAX 300
static wn_status teaser_fallback(wn_buf_t *text, const char *desc, int *used) {
    size_t dl = 0, words = 0;
    for (const char *p = desc; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') continue;
        dl++;
        if (p == desc || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r') words++;
    }
    if (text->len >= TEASER_MAX || dl <= text->len || words < 8 || dl + words > text->max) return WN_OK;
    *used = 1;
    wn_buf_reset(text);
    int space = 0;
    for (const char *p = desc; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = text->len > 0;
            continue;
        }
        if (space) {
            wn_status st = wn_buf_addc(text, ' ');
            if (st != WN_OK) return st;
            space = 0;
        }
        wn_status st = wn_buf_addc(text, *p);
        if (st != WN_OK) return st;
    }
    return WN_OK;
}

static char *dup_or_null(const char *s, int *oom);

/* The text of element i of `d`, collapsed, as a malloc'd string (NULL when
 * i < 0 or empty); the datetime of a <time> when `datetime` and it has
 * one. Sets *oom on allocation failure. */
static char *node_string(const wn_dom_t *d, int i, int datetime, int *oom) {
    if (i < 0) return NULL;
    if (datetime && d->n[i].tag == GUMBO_TAG_TIME) {
        const char *dt = wn_dom_attr(d, i, "datetime");
        if (dt && *dt) return dup_or_null(dt, oom);
    }
    char b[256];
    /* the poster's name itself when it is marked ("<span itemprop=name>") */
    for (int j = i + 1; j < d->n[i].end && !datetime; j++) {
        const char *ip = wn_dom_attr(d, j, "itemprop");
        if (ip && !strcasecmp(ip, "name") && wn_dom_text(d, j, 1, b, sizeof b) > 0) return dup_or_null(b, oom);
    }
    /* ... else its first link (a profile link beside a reputation score) */
    for (int j = i; j < d->n[i].end && !datetime; j++)
        if (d->n[j].tag == GUMBO_TAG_A && wn_dom_text(d, j, 1, b, sizeof b) > 0) return dup_or_null(b, oom);
    if (wn_dom_text(d, i, 1, b, sizeof b) == 0) return NULL;
    return dup_or_null(b, oom);
}

/* doc->posts from the posts the choice found: each post's poster, time
 * and text (rendered in the doc's format). Returns WN_OK or WN_ENOMEM. */
static wn_status posts_out(wn_doc_t *doc, const wn_dom_t *d, const wn_post_ref_t *p, int n,
                           const wn_options_t *opt) {
    doc->posts = calloc((size_t)n, sizeof *doc->posts);
    if (!doc->posts) return WN_ENOMEM;
    doc->n_posts = (size_t)n;
    int oom = 0;
    wn_buf_t b;
    wn_buf_init(&b, opt->max_text_bytes);
    for (int k = 0; k < n && !oom; k++) {
        doc->posts[k].author = node_string(d, p[k].author, 0, &oom);
        doc->posts[k].date = node_string(d, p[k].date, 1, &oom);
        wn_buf_reset(&b);
        wn_status st = wn_render(d, &p[k].body, 1, opt, NULL, doc->url, &b);
        if (st == WN_ETOOBIG) doc->truncated |= WN_TRUNC_TEXT;
        else if (st != WN_OK) oom = 1;
        doc->posts[k].text = strdup(b.data ? b.data : "");
        if (!doc->posts[k].text) oom = 1;
    }
    wn_buf_free(&b);
    return oom ? WN_ENOMEM : WN_OK;
}

wn_extractor_t *wn_extractor_new(const wn_options_t *opt) {
    wn_extractor_t *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    if (opt) x->opt = *opt;
    else wn_options_init(&x->opt);
    if (x->opt.max_depth == 0) x->opt.max_depth = 512;
    if (x->opt.max_depth > 100000) x->opt.max_depth = 100000;
    if (wn_passset_parse(x->opt.skip_passes, &x->skip, NULL) != 0) {
        free(x);
        return NULL;
    }
    x->opt.skip_passes = NULL; /* parsed: the caller's string is not kept */
    x->arena = wn_arena_new(x->opt.max_arena_bytes);
    x->lex = wn_lexicon_new();
    x->cs = wn_charset_new();
    if (!x->arena || !x->lex || !x->cs) {
        wn_extractor_destroy(&x);
        return NULL;
    }
    return x;
}

void wn_extractor_destroy(wn_extractor_t **self) {
    if (!self || !*self) return;
    wn_extractor_t *x = *self;
    wn_arena_destroy(&x->arena);
    wn_lexicon_destroy(&x->lex);
    wn_charset_destroy(&x->cs);
    free(x);
    *self = NULL;
}

void wn_doc_destroy(wn_doc_t **doc) {
    if (!doc || !*doc) return;
    wn_doc_t *d = *doc;
    free(d->text);
    free(d->comments);
    free(d->title);
    free(d->author);
    free(d->date);
    free(d->site_name);
    free(d->lang);
    free(d->description);
    free(d->canonical_url);
    free(d->url);
    free(d->charset);
    free(d->error);
    free(d->lang_detected);
    free(d->skipped);
    for (size_t k = 0; k < d->n_posts; k++) {
        free(d->posts[k].author);
        free(d->posts[k].date);
        free(d->posts[k].text);
    }
    free(d->posts);
    wn_explain_free(d->explain);
    free(d);
    *doc = NULL;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* A malloc'd copy of s (NULL stays NULL). Sets *oom on failure. */
static char *dup_or_null(const char *s, int *oom) {
    if (!s) return NULL;
    char *c = strdup(s);
    if (!c) *oom = 1;
    return c;
}

static wn_status fail(wn_doc_t *doc, wn_status st, const char *msg) {
    free(doc->error);
    doc->error = strdup(msg ? msg : wn_strerror(st));
    return st;
}

/* Recognises payloads that are plainly not HTML. Returns a reason or NULL. */
static const char *sniff_not_html(const unsigned char *p, size_t n) {
    if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) return "payload is a PNG image, not HTML";
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return "payload is a JPEG image, not HTML";
    if (n >= 6 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6))) return "payload is a GIF image, not HTML";
    if (n >= 5 && !memcmp(p, "%PDF-", 5)) return "payload is a PDF document, not HTML";
    if (n >= 4 && !memcmp(p, "PK\x03\x04", 4)) return "payload is a ZIP archive, not HTML";
    if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4)) return "payload is a WebP image, not HTML";
    /* mostly control bytes in the first KiB: binary */
    size_t m = n < 1024 ? n : 1024, bad = 0;
    for (size_t i = 0; i < m; i++) {
        unsigned char c = p[i];
        if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b)) bad++;
    }
    /* UTF-16 pages have many NULs but a BOM */
    if (m >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) return NULL;
    if (m && bad * 10 > m) return "payload is binary data, not HTML";
    return NULL;
}

/* Collects the JSON-LD script bodies still in the tree (when the pre-scan
 * did not set them aside). */
static size_t jsonld_from_dom(const wn_dom_t *d, const char **ld, size_t *ld_len, size_t max) {
    size_t k = 0;
    for (int i = 0; i < d->count && k < max; i++) {
        const wn_node_t *n = &d->n[i];
        if (n->tag != GUMBO_TAG_SCRIPT) continue;
        const char *t = wn_dom_attr(d, i, "type");
        if (!t || strncasecmp(t, "application/ld+json", 19)) continue;
        if (i + 1 < n->end && (d->n[i + 1].flags & WN_F_TEXT)) {
            ld[k] = d->n[i + 1].text;
            ld_len[k] = d->n[i + 1].text_len;
            k++;
        }
    }
    return k;
}

/* The page's bytes to UTF-8 HTML: the size cap, gzip (bounded inflate),
 * the not-HTML sniff, the charset, the pre-scan (JSON-LD set aside into
 * ld[0..n_ld)). On WN_OK ps->html is the pre-scanned page (arena); else
 * doc->error says why. */
static wn_status load_page(wn_extractor_t *x, const unsigned char *bytes, size_t n, const char *content_type,
                           wn_doc_t *doc, wn_buf_t *inflated, wn_prescan_out_t *ps, const char **ld, size_t *ld_len,
                           size_t *n_ld, int *oom) {
    const wn_options_t *opt = &x->opt;
    char msg[256];
    wn_status st;
    if (n == 0) return fail(doc, WN_EEMPTY, "empty page");
    if (n > opt->max_page_bytes) {
        snprintf(msg, sizeof msg, "page is %zu bytes, over the %zu-byte cap (max_page_bytes)", n, opt->max_page_bytes);
        return fail(doc, WN_ETOOBIG, msg);
    }
    if (wn_is_gzip(bytes, n)) {
        st = wn_inflate(bytes, n, WN_INFLATE_GZIP, inflated);
        if (st == WN_ETOOBIG) {
            snprintf(msg, sizeof msg, "page inflates to over %zu bytes (max_inflated_bytes)", opt->max_inflated_bytes);
            return fail(doc, st, msg);
        }
        if (st == WN_ETRUNCATED) return fail(doc, st, "truncated gzip data: the compressed page ends early");
        if (st != WN_OK)
            return fail(doc, st == WN_ENOMEM ? st : WN_ECORRUPT,
                        st == WN_ENOMEM ? "out of memory inflating the page" : "corrupt gzip data");
        bytes = (const unsigned char *)(inflated->data ? inflated->data : "");
        n = inflated->len;
        doc->in_bytes = n; /* the page's bytes, as a worker that inflates the body gives them */
        if (n == 0) return fail(doc, WN_EEMPTY, "empty page (gzip data inflates to nothing)");
    }
    const char *why = sniff_not_html(bytes, n);
    if (why) return fail(doc, WN_ENOTHTML, why);

    const char *html;
    size_t html_len;
    wn_charset_info_t ci;
    memset(&ci, 0, sizeof ci);
    st = wn_charset_decode(x->cs, x->arena, (const char *)bytes, n, content_type, &html, &html_len, &ci);
    if (st != WN_OK)
        return fail(doc, st,
                    st == WN_ENOMEM ? "out of memory decoding the page's charset" : "could not decode the page's charset");
    doc->charset = dup_or_null(ci.name[0] ? ci.name : "utf-8", oom);
    if (ci.replaced) doc->truncated |= WN_TRUNC_CHARSET;
    doc->html_bytes = html_len;

    wn_prescan_limits_t lim;
    wn_prescan_limits_init(&lim);
    lim.max_depth = opt->max_depth;
    lim.short_hrefs = !opt->links; /* link targets are only read for Markdown links */
    lim.no_images = !opt->images;  /* alt/src only for image text */
    lim.no_unread = 1;             /* title, aria-label, dir, itemscope: nothing reads them */
    lim.text_runs = 1;             /* long text by reference: Gumbo tokenizes a character at a time */
    /* Parse budget at the page cap (docs/hardening.md): a start tag per
     * 2 KiB of max_arena_bytes (Gumbo's and our nodes take ~300 bytes each,
     * a tag makes a few), twice max_text_bytes of text (the output holds
     * half of that at most). */
    lim.max_tags = opt->max_arena_bytes / 2048;
    lim.max_text = opt->max_text_bytes <= SIZE_MAX / 2 ? opt->max_text_bytes * 2 : 0;
    memset(ps, 0, sizeof *ps);
    st = wn_prescan(x->arena, html, html_len, &lim, ps);
    if (st != WN_OK) return fail(doc, WN_ENOMEM, "out of memory (max_arena_bytes) pre-scanning the page");
    doc->truncated |= ps->truncated;
    *n_ld = 0;
    for (size_t i = 0; i < ps->n_jsonld && *n_ld < WN_MAX_JSONLD; i++) {
        ld[*n_ld] = ps->jsonld[i].text;
        ld_len[(*n_ld)++] = ps->jsonld[i].len;
    }
    return WN_OK;
}

/* Copies the extraction's results (arena) into the doc (malloc). */
static void fill_doc(wn_doc_t *doc, const wn_meta_t *m, wn_buf_t *text, wn_buf_t *comments, int want_comments,
                     int *oom) {
    if (want_comments) {
        doc->comments = comments->data ? wn_buf_steal(comments, NULL) : strdup("");
        if (!doc->comments) *oom = 1;
    }
    size_t tl = 0;
    doc->text = wn_buf_steal(text, &tl);
    if (!doc->text) doc->text = strdup("");
    if (!doc->text) *oom = 1;
    doc->text_len = tl;
    doc->title = dup_or_null(m->title, oom);
    doc->author = dup_or_null(m->author, oom);
    doc->date = dup_or_null(m->date, oom);
    doc->site_name = dup_or_null(m->site_name, oom);
    doc->lang = dup_or_null(m->lang, oom);
    doc->description = dup_or_null(m->description, oom);
    doc->canonical_url = dup_or_null(m->canonical_url, oom);
}

/* The title was only <title>: the heading that opens the article names it
 * better ("Site - Section" titles). */
static void weak_title(wn_page_t *pg) {
    wn_meta_t *m = &pg->meta;
    if (!m->title_weak) return;
    int h = wn_first_heading(pg->d, pg->ch.roots, pg->ch.n_roots);
    if (h >= 0 && (m->title_weak == 1 || pg->d->n[h].tag == GUMBO_TAG_H1)) {
        char hb[512];
        size_t hl = wn_dom_text(pg->d, h, 1, hb, sizeof hb);
        if (hl >= 8 && hl < 200) {
            char *t = wn_arena_strndup(pg->a, hb, hl);
            if (t) m->title = t;
            if (t && pg->from) pg->from->title = "the first heading of the chosen content";
        }
    }
}

/* The core on a pre-scanned page: parse, tree, metadata, page type,
 * choice (the passes of the type's profile), render.
 * `see` (may be NULL) is shown the page context, with the pass that
 * decided each node (pg->decided), before the arena is reset. */
static wn_status extract_core(wn_extractor_t *x, const char *url, const char *html, size_t html_len,
                              const wn_prescan_out_t *ps,
                              const char **ld, size_t *ld_len, size_t n_ld, wn_doc_t *doc, wn_buf_t *text,
                              wn_buf_t *comments, wn_extract_see_fn see, void *ud) {
    const wn_options_t *opt = &x->opt;
    GumboOptions go = kGumboDefaultOptions;
    go.allocator = wn_arena_gumbo_alloc;
    go.deallocator = wn_arena_gumbo_free;
    go.userdata = x->arena;
    go.max_errors = 0;
    GumboOutput *g = gumbo_parse_with_options(&go, html, html_len);
    if (!g || wn_arena_failed(x->arena)) return fail(doc, WN_ENOMEM, "out of memory (max_arena_bytes) parsing the page");
    wn_dom_t dom;
    wn_status st = wn_dom_build_runs(&dom, x->arena, g->document, opt->max_depth, WN_MAX_NODES, ps);
    if (st != WN_OK)
        return fail(doc, st, st == WN_ETOOBIG ? "page has too many elements" : "out of memory building the tree");
    doc->truncated |= dom.truncated;
    if (n_ld == 0) n_ld = jsonld_from_dom(&dom, ld, ld_len, WN_MAX_JSONLD);

    wn_page_t pg;
    wn_page_init(&pg, &dom, x->arena, opt, x->lex, &x->skip, WN_PAGE_AUTO);
    if (see || opt->explain) {
        pg.decided = wn_arena_calloc(x->arena, (size_t)dom.count);
        pg.from = wn_arena_calloc(x->arena, sizeof *pg.from);
        pg.rendered = wn_arena_calloc(x->arena, (size_t)dom.count);
        if (!pg.decided || !pg.from || !pg.rendered)
            return fail(doc, WN_ENOMEM, "out of memory (max_arena_bytes) explaining the page");
    }
    wn_meta_read(&pg, ld, ld_len, n_ld);
    wn_pagetype_result_t pt;
    wn_pagetype_classify(&dom, x->arena, &pg.meta, url, ld, ld_len, n_ld, &pt);
    pg.pt = &pt;
    doc->page_type = opt->page_type > WN_PAGE_AUTO && opt->page_type < WN_PAGE_TYPES ? opt->page_type : pt.type;
    wn_page_set_type(&pg, doc->page_type, pt.group);
    if (wn_choose(&pg) != WN_OK) return fail(doc, WN_ENOMEM, "out of memory (max_arena_bytes) scoring the page");
    weak_title(&pg);
    st = pg.rendered ? wn_render_marked(&dom, pg.ch.roots, pg.ch.n_roots, opt, pg.meta.title, url, text, pg.rendered)
                     : wn_render(&dom, pg.ch.roots, pg.ch.n_roots, opt, pg.meta.title, url, text);
    if (st == WN_ETOOBIG) {
        doc->truncated |= WN_TRUNC_TEXT;
        st = WN_OK;
    } else if (st != WN_OK) {
        return fail(doc, st, "out of memory rendering the text");
    }
    if (pg.meta.description && !pg.ch.none) st = teaser_fallback(text, pg.meta.description, &doc->text_from_description);
    if (st == WN_OK) st = wn_product_ld(&pg, text);
    if (st != WN_OK) return fail(doc, st, "out of memory rendering the text");
    if (opt->comments && wn_render(&dom, pg.ch.comments, pg.ch.n_comments, opt, NULL, url, comments) == WN_ETOOBIG)
        doc->truncated |= WN_TRUNC_TEXT;
    if (pg.ch.n_posts > 0 && posts_out(doc, &dom, pg.ch.posts, pg.ch.n_posts, opt) != WN_OK)
        return fail(doc, WN_ENOMEM, "out of memory rendering the posts");
    int oom = 0;
    fill_doc(doc, &pg.meta, text, comments, opt->comments, &oom);
    if (opt->explain && !oom && wn_explain_build(&pg, doc) != WN_OK)
        return fail(doc, WN_ENOMEM, "out of memory (max_arena_bytes) explaining the page");
    if (see) see(&pg, ud);
    if (oom) return fail(doc, WN_ENOMEM, "out of memory");
    return WN_OK;
}

/* Below this many bytes of text, the title and the description are read
 * too: CLD2 is seldom sure of a line or two. */
#define LANG_SHORT_TEXT 400

/* Sets doc->lang_detected and lang_confidence from the text (with the
 * title and description when the text is short), then applies opt->langs:
 * a page in another language (or in none) gets doc->skipped and loses its
 * text. Returns WN_OK or WN_ENOMEM (doc->error set). */
static wn_status detect_language(wn_doc_t *doc, const wn_options_t *opt) {
    char code[WN_LANG_CODE_MAX];
    double share = 0;
    int found;
    if (doc->text_len >= LANG_SHORT_TEXT || (!doc->title && !doc->description)) {
        found = wn_lang_detect(doc->text, doc->text_len, code, &share);
    } else {
        size_t tl = doc->title ? strlen(doc->title) : 0, dl = doc->description ? strlen(doc->description) : 0;
        char *all = malloc(tl + dl + doc->text_len + 3);
        if (!all) return fail(doc, WN_ENOMEM, "out of memory");
        size_t k = 0;
        if (tl) memcpy(all + k, doc->title, tl), k += tl, all[k++] = '\n';
        if (dl) memcpy(all + k, doc->description, dl), k += dl, all[k++] = '\n';
        memcpy(all + k, doc->text, doc->text_len);
        k += doc->text_len;
        found = wn_lang_detect(all, k, code, &share);
        free(all);
    }
    if (found) {
        if (!(doc->lang_detected = strdup(code))) return fail(doc, WN_ENOMEM, "out of memory");
        doc->lang_confidence = share;
    }
    if (opt->langs[0] && !wn_lang_in(doc->lang_detected, opt->langs)) {
        char why[160];
        if (found)
            snprintf(why, sizeof why, "language %s is not one of those kept (%.64s)", code, opt->langs);
        else
            snprintf(why, sizeof why, "language not detected; only %.64s are kept", opt->langs);
        char *t = strdup("");
        if (!t || !(doc->skipped = strdup(why))) {
            free(t);
            return fail(doc, WN_ENOMEM, "out of memory");
        }
        free(doc->text);
        doc->text = t;
        doc->text_len = 0;
        free(doc->comments);
        doc->comments = NULL;
    }
    return WN_OK;
}

wn_status wn_extract_see(wn_extractor_t *x, const void *page, size_t len, const char *url, const char *content_type,
                         wn_doc_t **out, wn_extract_see_fn see, void *ud) {
    double t0 = now_ms();
    wn_status st = WN_OK;
    if (!out) return WN_EINVAL;
    wn_doc_t *doc = calloc(1, sizeof *doc);
    *out = doc;
    if (!doc) return WN_ENOMEM;
    wn_buf_t inflated, text, comments;
    wn_buf_init(&inflated, x ? x->opt.max_inflated_bytes : 0);
    wn_buf_init(&text, x ? x->opt.max_text_bytes : 0);
    wn_buf_init(&comments, x ? x->opt.max_text_bytes : 0);
    int oom = 0;
    doc->url = dup_or_null(url, &oom);
    doc->in_bytes = len;
    if (!x || (!page && len)) {
        st = fail(doc, WN_EINVAL, "no extractor or no page");
        goto out;
    }
    wn_arena_reset(x->arena);
    const char *ld[WN_MAX_JSONLD];
    size_t ld_len[WN_MAX_JSONLD], n_ld = 0;
    wn_prescan_out_t ps;
    st = load_page(x, page, len, content_type, doc, &inflated, &ps, ld, ld_len, &n_ld, &oom);
    if (st == WN_OK) st = extract_core(x, url, ps.html, ps.len, &ps, ld, ld_len, n_ld, doc, &text, &comments, see, ud);
    if (st == WN_OK && (oom || wn_arena_failed(x->arena))) st = fail(doc, WN_ENOMEM, "out of memory");
    if (st == WN_OK) st = detect_language(doc, &x->opt);
out:
    wn_buf_free(&inflated);
    wn_buf_free(&text);
    wn_buf_free(&comments);
    if (x) wn_arena_reset(x->arena);
    doc->ms = now_ms() - t0;
    return st;
}

wn_status wn_extract(wn_extractor_t *x, const void *page, size_t len, const char *url, const char *content_type,
                     wn_doc_t **out) {
    return wn_extract_see(x, page, len, url, content_type, out, NULL, NULL);
}
