/* winnow/extract.h -- main-content extraction from one raw HTML page.
 *
 * Given the bytes of a page as saved or fetched (any charset, optionally
 * gzip-compressed), plus optionally its URL and HTTP Content-Type, returns
 * the article as clean text (or Markdown) with its metadata, the site chrome
 * left out. One wn_extractor_t per thread: it owns the per-page arena and is
 * re-entrant across extractors (no global mutable state).
 *
 *     wn_options_t opt;
 *     wn_options_init(&opt);
 *     wn_extractor_t *x = wn_extractor_new(&opt);
 *     wn_doc_t *doc = NULL;
 *     wn_status st = wn_extract(x, bytes, len, url, content_type, &doc);
 *     if (st == WN_OK) puts(doc->text); else puts(doc ? doc->error : wn_strerror(st));
 *     wn_doc_destroy(&doc);
 *     wn_extractor_destroy(&x);
 */
#ifndef WINNOW_EXTRACT_H
#define WINNOW_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "winnow/status.h"

typedef enum wn_format {
    WN_FORMAT_TEXT = 0,     /* plain text: one block per line, "- " list items, " | " table cells */
    WN_FORMAT_MARKDOWN = 1, /* Markdown: #, -, >, ``` fences, tables, [links](url) when links on */
    WN_FORMAT_JSON = 2      /* text as in WN_FORMAT_TEXT; the caller serialises with wn_doc_to_json */
} wn_format_t;

/* The kind of page, as WCXB (the Web Content eXtraction Benchmark) names
 * them; each has its extraction profile (docs/extraction.md, "Page types").
 * Numbers never change; new kinds are appended. */
typedef enum wn_page_type {
    WN_PAGE_AUTO = 0,          /* options only: classify the page (default) */
    WN_PAGE_ARTICLE = 1,       /* one text: news, blog post, essay, how-to, recipe */
    WN_PAGE_FORUM = 2,         /* a thread or a Q&A page: every post is content */
    WN_PAGE_PRODUCT = 3,       /* one thing for sale: name, description, specifications */
    WN_PAGE_COLLECTION = 4,    /* a shop's grid of products (a category page) */
    WN_PAGE_LISTING = 5,       /* an index of items that are not for sale: stories, courses, jobs */
    WN_PAGE_DOCUMENTATION = 6, /* a page of software or technical documentation */
    WN_PAGE_SERVICE = 7        /* a page that offers a service: landing, features, pricing */
} wn_page_type_t;
#define WN_PAGE_TYPES 8 /* one past the last wn_page_type_t */

/* The stable name of a page type ("article", "forum", "product",
 * "collection", "listing", "documentation", "service"; "auto" for
 * WN_PAGE_AUTO), as in JSON records and on the command line, or NULL for an
 * unknown value. The string is static. */
WN_EXPORT const char *wn_page_type_name(wn_page_type_t t);

/* The page type named `s` (a name of wn_page_type_name, any case) into
 * *out. Returns WN_OK, or WN_EINVAL for an unknown name (*out untouched). */
WN_EXPORT WN_MUST_CHECK wn_status wn_page_type_parse(const char *s, wn_page_type_t *out);

/* Everything that changes extraction. Initialise with wn_options_init() and
 * then set fields; new fields are only appended. */
typedef struct wn_options {
    wn_format_t format;
    bool tables;   /* keep tables (default true) */
    bool comments; /* extract user comments into doc->comments (default false) */
    bool links;    /* keep link targets (Markdown [text](url)) (default false) */
    bool images;   /* keep image alt text as "[image: alt]" / ![alt](src) (default false) */
    int bias;      /* -1 favour precision, 0 balanced (default), +1 favour recall */
    size_t max_page_bytes;     /* raw page cap, default 16 MiB */
    size_t max_inflated_bytes; /* after gzip decoding, default 64 MiB */
    unsigned max_depth;        /* DOM nesting kept, deeper content flattened; default 512 */
    size_t max_text_bytes;     /* output text cap, default 4 MiB */
    size_t max_arena_bytes;    /* per-page working memory cap, default 256 MiB */
    wn_page_type_t page_type;  /* WN_PAGE_AUTO (default): classify each page; else read every
                                * page as this type */
    const char *skip_passes;   /* passes not to run, comma-separated names (wn_pass_name; docs/extraction.md),
                                * default NULL: all. Read by wn_extractor_new only; an unknown name makes it
                                * fail. For finding which rule decided a page, not for production. */
    char langs[64];            /* languages to keep, ISO 639-1 codes separated by commas ("en,fr");
                                * a page detected in another language (or in none) is returned
                                * with doc->skipped set and no text. "" (default): keep all */
    bool explain;              /* record why each block was kept or dropped in doc->explain
                                * (winnow/explain.h); default false: nothing recorded, no cost */
} wn_options_t;

/* Fills `opt` with the defaults listed above. */
WN_EXPORT void wn_options_init(wn_options_t *opt);

/* The name of extraction pass i (0, 1, ... until NULL): the names
 * wn_options_t.skip_passes takes, the rows of docs/extraction.md. The
 * string is static. */
WN_EXPORT const char *wn_pass_name(unsigned i);

/* Bits of wn_doc_t.truncated: what the extractor had to bound. */
enum {
    WN_TRUNC_DEPTH = 1u << 0,  /* nesting deeper than max_depth was flattened */
    WN_TRUNC_ATTRS = 1u << 1,  /* an element's attribute list was cut */
    WN_TRUNC_TEXT = 1u << 2,   /* output text reached max_text_bytes */
    WN_TRUNC_FORMAT = 1u << 3, /* unclosed formatting elements were bounded */
    WN_TRUNC_CHARSET = 1u << 4, /* invalid byte sequences were replaced with U+FFFD */
    WN_TRUNC_PAGE = 1u << 5,    /* the parse budget was reached: the rest of the page was not read */
    WN_TRUNC_BODY = 1u << 6     /* the body as received was cut short (a chunked transfer without its last chunk) */
};

/* Returns the stable name of one WN_TRUNC_* bit ("depth", "attrs", "text",
 * "format", "charset", "page") as used in JSON records and on the wire, or NULL for
 * an unknown bit. The string is static. */
WN_EXPORT const char *wn_trunc_name(unsigned bit);

/* One post of a thread (a forum or Q&A page): strings owned by the doc,
 * NULL when not found. `date` is the <time> element's datetime when it has
 * one, else the text shown. */
typedef struct wn_post {
    char *author;
    char *date;
    char *text; /* the post's text, in the doc's format */
} wn_post_t;

/* The result of extracting one page. Every string is UTF-8, NUL-terminated,
 * and owned by the doc: valid until wn_doc_destroy(). Metadata fields that
 * were not found are NULL. */
typedef struct wn_doc {
    char *text;          /* main content in the requested format ("" if none) */
    size_t text_len;
    char *comments;      /* user comments, when opt.comments; else NULL */
    char *title;
    char *author;
    char *date;          /* ISO 8601: YYYY-MM-DD, or with time if known */
    char *site_name;
    char *lang;          /* BCP 47 tag as declared, e.g. "en", "pt-BR" */
    char *description;
    char *canonical_url;
    char *url;           /* the URL passed in, if any */
    char *charset;       /* charset the page was decoded from, e.g. "windows-1251" */
    char *error;         /* when wn_extract failed: a reason a user can act on */
    unsigned truncated;  /* WN_TRUNC_* bits */
    int text_from_description; /* 1: the page's main content was shorter than its meta
                                * description, and text is that description */
    size_t in_bytes;     /* bytes of the page: those given, or what a gzip
                          * page inflates to (docs/record.md) */
    size_t html_bytes;   /* UTF-8 HTML bytes after decoding */
    double ms;           /* wall time spent in wn_extract */
    wn_page_type_t page_type; /* the type the page was read as (never WN_PAGE_AUTO once a
                               * page was parsed; WN_PAGE_AUTO on errors before that) */
    wn_post_t *posts;    /* a thread's posts in page order (forum pages whose posts were
                          * found; text holds them all too), else NULL */
    size_t n_posts;
    char *lang_detected;      /* ISO 639-1 code (or a BCP 47 tag like "zh-Hant") of the language
                               * the text is written in, detected from the text by CLD2; NULL
                               * when the text is too short or the detector is unsure */
    double lang_confidence;   /* share of the text (0..1) in lang_detected; 0 without it */
    char *skipped;            /* set when opt.langs left the page out: the reason ("language de
                               * not in --lang en,fr"); text is then "" */
    struct wn_explain *explain; /* with opt.explain, once the page was parsed: why each block was
                                 * kept or dropped (winnow/explain.h); else NULL */
} wn_doc_t;

typedef struct wn_extractor wn_extractor_t;

/* Creates an extractor with a copy of `opt` (NULL means defaults). Returns
 * NULL on allocation failure or when opt->skip_passes names a pass that
 * does not exist (check the names with wn_pass_name). The caller owns it;
 * wn_extractor_destroy frees. */
WN_EXPORT wn_extractor_t *wn_extractor_new(const wn_options_t *opt);

/* Frees the extractor; sets *self to NULL. Accepts NULL. */
WN_EXPORT void wn_extractor_destroy(wn_extractor_t **self);

/* Extracts one page. `page`/`len` are borrowed for the call only; `url` and
 * `content_type` (the HTTP header value, e.g. "text/html; charset=utf-8")
 * may be NULL. On return *out is a new doc owned by the caller (free with
 * wn_doc_destroy), also on most errors, where doc->error says why; *out is
 * NULL only when even that could not be allocated (WN_ENOMEM).
 * Returns WN_OK, or WN_EEMPTY, WN_ETOOBIG, WN_ENOTHTML, WN_ECORRUPT,
 * WN_ETRUNCATED (bad gzip), WN_EPARSE, WN_ENOMEM. */
WN_EXPORT WN_MUST_CHECK wn_status wn_extract(wn_extractor_t *x, const void *page, size_t len, const char *url,
                                             const char *content_type, wn_doc_t **out);

/* Frees a doc and sets *doc to NULL. Accepts NULL. */
WN_EXPORT void wn_doc_destroy(wn_doc_t **doc);

/* Serialises `doc` as its record (winnow/record.h, docs/record.md): one
 * JSON object, no trailing newline, with the keys of wn_record_keys() in
 * order; provenance and pipeline-only keys are null. `id` may be NULL.
 * Returns a malloc'd string the caller frees, or NULL on allocation
 * failure. wn_record_json() takes provenance too. */
WN_EXPORT char *wn_doc_to_json(const wn_doc_t *doc, const char *id);

#endif
