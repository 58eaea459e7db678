/* winnow/explain.h -- why each block of a page was kept or dropped.
 *
 * With wn_options_t.explain set, wn_extract also records, for every block
 * of the page in page order, whether it reached the text and which
 * extraction pass decided it (docs/extraction.md, "The passes"), with the
 * figures that pass read; the chosen containers; the page type and the
 * evidence that chose it; and where each metadata field came from. The
 * record hangs off the result (wn_doc_t.explain) and is freed with it.
 * Off (the default), nothing is recorded and extraction costs the same.
 *
 *     opt.explain = true;
 *     wn_extractor_t *x = wn_extractor_new(&opt);
 *     wn_status st = wn_extract(x, bytes, len, url, NULL, &doc);
 *     for (size_t k = 0; st == WN_OK && k < doc->explain->n_blocks; k++) {
 *         const wn_explain_block_t *b = &doc->explain->blocks[k];
 *         if (b->state != WN_BLOCK_KEPT) printf("%s: %s\n", b->pass, b->text);
 *     }
 *     char *html = wn_explain_to_html(doc, NULL);   (or wn_explain_to_json)
 *
 * `winnow explain` (docs/winnow-explain.1) writes the HTML report or the
 * JSON. Every string below is UTF-8, owned by the doc, valid until
 * wn_doc_destroy(); the static ones (pass and tag names, sources) live as
 * long as the program.
 */
#ifndef WINNOW_EXPLAIN_H
#define WINNOW_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "winnow/extract.h"

/* What became of a block. Numbers never change. */
typedef enum wn_block_state {
    WN_BLOCK_KEPT = 0,    /* in the text */
    WN_BLOCK_DROPPED = 1, /* left out: outside the chosen content, or removed from it by a pass */
    WN_BLOCK_CHROME = 2,  /* pruned as page chrome before scoring (navigation, sidebars, hidden boxes, ...) */
    WN_BLOCK_COMMENT = 3, /* in a comment section (in doc->comments when opt.comments) */
    WN_BLOCK_POST = 4     /* in the text, as part of a post of a thread (forum pages) */
} wn_block_state_t;

/* The stable name of a state ("kept", "dropped", "chrome", "comment",
 * "post"), or NULL for an unknown value. Static. */
WN_EXPORT const char *wn_block_state_name(wn_block_state_t s);

/* A longest block text kept in the explanation (longer ones are cut at a
 * character boundary, text_cut set). */
#define WN_EXPLAIN_TEXT_MAX 65536
/* Most blocks recorded for one page (the rest are counted in blocks_omitted). */
#define WN_EXPLAIN_MAX_BLOCKS 50000

/* One block: a run of text whose nearest block-level element (p, li, td,
 * h1-h6, div, ...) is the same. An element whose text is split by child
 * blocks gives one block per run ("<div>a<p>b</p>c</div>": div, p, div). */
typedef struct wn_explain_block {
    int node;               /* the block element: its index in the page's elements in document order */
    const char *tag;        /* its tag name ("p", "li", "div", ...; "unknown" for a custom element) */
    char *element;          /* the element as tag#id.class, the tag as written (id and class cut at
                             * 80 bytes) */
    char *text;             /* its own text, blanks collapsed */
    int text_cut;           /* 1: text was cut at WN_EXPLAIN_TEXT_MAX bytes */
    wn_block_state_t state;
    const char *pass;       /* the pass that decided the block (wn_pass_name), or a rule of the
                             * renderer: "render:title", "render:orphan-heading" (kept headings
                             * the text leaves out; looked for in the text formats, not in
                             * Markdown), "render:no-tables" (opt.tables off), "render:skipped"
                             * (a tag the renderer never writes); never NULL */
    const char *why;        /* what that pass did, in a few words (static) */
    int decider;            /* the element the pass decided: the block, an ancestor (a pruned
                             * sidebar, the chosen container), or -1 (the page: none chosen) */
    char *decider_element;  /* it as tag#id.class, or NULL */
    int container;          /* index in wn_explain_t.containers of the chosen subtree holding the
                             * block, or -1 */
    int post;               /* index in doc->posts of the post holding the block, or -1 */
    /* the figures */
    uint32_t chars;         /* the block's text weight (characters; CJK count double) */
    uint32_t link_chars;    /* ... of which inside links */
    double score;           /* the block element's content score (0: not a candidate) */
    uint32_t decider_chars; /* the decider's text weight (whole subtree, pruned parts included) */
    double decider_links;   /* its link density (link characters over characters) */
    double decider_score;   /* its content score */
    double decider_share;   /* its share of the page's text */
    char *words;            /* class/id words of the decider the lexicon knows, space-separated
                             * "kind:word" (kinds: boilerplate, comment, content, hidden,
                             * boilerplate-part), or NULL */
} wn_explain_block_t;

/* A chosen subtree, in the order of the text. */
typedef struct wn_explain_container {
    int node;
    char *element;       /* tag#id.class */
    const char *pass;    /* the pass that chose it */
    uint32_t chars;      /* its text weight after pruning */
    double links;        /* its link density */
    double score;        /* its content score */
} wn_explain_container_t;

/* A piece of page-type evidence that was found. */
typedef struct wn_explain_signal {
    const char *name;     /* "url-forum", "schema-product", "posts", "prose", ... */
    wn_page_type_t type;  /* the type it speaks for */
    int weight;           /* what it adds to that type's score (may be negative) */
} wn_explain_signal_t;

/* A metadata field and where it came from. */
typedef struct wn_explain_field {
    const char *name;   /* "title", "author", "date", "site_name", "lang", "description", "canonical_url" */
    char *value;        /* as in the doc, or NULL when not found */
    const char *source; /* "og:title", "JSON-LD headline", "<title>", "<h1>", ... or NULL */
} wn_explain_field_t;

#define WN_EXPLAIN_FIELDS 7

/* The explanation of one page. */
typedef struct wn_explain {
    wn_page_type_t page_type;
    int page_type_forced;          /* 1: given by opt.page_type, not the classifier's */
    wn_page_type_t classified;     /* what the classifier said (also when the type was given) */
    int type_score[WN_PAGE_TYPES]; /* the classifier's score of each type (article: its prior + evidence) */
    wn_explain_signal_t *signals;  /* the evidence found */
    size_t n_signals;
    const char *profile;           /* the extraction profile the page ran with */
    const char *tuning;            /* "precision", "balanced" or "recall" */
    const char **passes_off;       /* passes that did not run on this page (profile, tuning, skip_passes) */
    size_t n_passes_off;
    const char *path;              /* the branch of the choice: "main" (a container), "forum" (a
                                    * thread's first post), "posts" (every post of a thread), "tiny"
                                    * (a small page is its own text) or "none" */
    const char *none_pass;         /* the pass that judged the page to have no main content, or NULL */
    wn_explain_container_t *containers;
    size_t n_containers;
    wn_explain_block_t *blocks;    /* in page order */
    size_t n_blocks;
    size_t blocks_omitted;         /* blocks past WN_EXPLAIN_MAX_BLOCKS, not recorded */
    size_t count[5];               /* blocks per wn_block_state_t */
    wn_explain_field_t fields[WN_EXPLAIN_FIELDS];
} wn_explain_t;

/* The explanation of `doc` (extracted with opt.explain) as one JSON object
 * (no trailing newline): id (`id`, may be NULL), url, status, error, title,
 * page_type {type, forced, classified, profile, scores, signals [{name, type,
 * weight}]}, tuning, passes_off, path, none_pass, text_source, skipped
 * (doc->skipped: the page was left out by opt.langs and its text is empty;
 * else null), metadata [{field, value, source}], containers [{node,
 * element, pass, chars, links, score}], counts {kept, dropped, chrome,
 * comment, post}, blocks_omitted, blocks [{i, node, tag, element, state,
 * pass, why, decider, decider_element, container, post, chars,
 * link_chars, link_density, score, decider_chars, decider_links,
 * decider_score, decider_share, words, text, text_cut}], text (the
 * extracted text).
 * docs/winnow-explain.1 describes each key. A doc without an explanation
 * (an error before parsing, or opt.explain off) gives the object with
 * blocks null. Returns a malloc'd string the caller frees, or NULL on
 * allocation failure. */
WN_EXPORT char *wn_explain_to_json(const wn_doc_t *doc, const char *id);

/* The explanation of `doc` as a self-contained HTML page (inline style,
 * no script, no external resource): the page type and its evidence, the
 * metadata and their sources, the chosen containers, then every block in
 * page order marked kept / dropped / chrome / comment / post with the pass
 * that decided it and its figures; blocks not in the text are shown
 * dimmed and struck through. `id` (may be NULL) names the page in the
 * heading. Returns a malloc'd string the caller frees, or NULL on
 * allocation failure. */
WN_EXPORT char *wn_explain_to_html(const wn_doc_t *doc, const char *id);

#endif
