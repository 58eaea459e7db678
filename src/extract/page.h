/* page.h -- private: the page context the extraction core's passes share.
 *
 * One wn_page_t per page, on the stack of wn_extract: the flattened tree,
 * the arena, the options, the lexicon, the tuning and the page-type
 * profile, the metadata, the per-node arrays of the choice, and the choice
 * itself. Passes (pass.h) take the page, not a list of arrays.
 *
 *   wn_meta_read(pg)    metadata (meta*.c)
 *   wn_choose(pg)       pruning, scoring, choice, residual cleaning
 *                       (prune.c, choose.c, residual.c; passes.c runs them)
 *   wn_render(...)      text / Markdown (render.c)
 *
 * The tuning (the numbers of the rules, one instance per bias) and the
 * profile (which passes a page type runs, with its own tuning) are const
 * data: tuning.c, profile.c.
 */
#ifndef WN_PAGE_H
#define WN_PAGE_H

#include <stdint.h>

#include "extract/lexicon.h"
#include "extract/pass.h"
#include "html/dom.h"
#include "winnow/arena.h"
#include "winnow/buf.h"
#include "winnow/extract.h"

/* ---- tuning: every threshold of the rules, by name ---- */

typedef struct wn_tuning {
    const char *name; /* "precision", "balanced", "recall" */
    wn_passset_t off; /* passes this bias switches off */
    /* pruning */
    double chrome_share;      /* role, chrome tags, forms, comments: pruned below this share of the page's text */
    double header_share;      /* <header> pruned below this share */
    double hidden_share;      /* hidden class names: pruned below this share */
    double boiler_share;      /* class vocabulary: pruned below this share */
    double header_class_share; /* "header" class word: pruned below this share */
    double header_link_density; /* a <header> this link-heavy is chrome */
    uint32_t header_lead_para; /* a <header> with this many paragraph characters holds a lead */
    uint32_t header_lead_text; /* ... or this many characters that are not links */
    uint32_t input_box_chars;  /* a box around an input field under this is a widget */
    uint32_t prose_paras;      /* an aside/form/box with this many paragraphs ... */
    uint32_t prose_chars;      /* ... of this many characters ... */
    double prose_link_density; /* ... and fewer links than this is prose */
    uint32_t long_paras;       /* three paragraphs ... */
    uint32_t long_chars;       /* ... of 800+ characters ... */
    uint32_t long_avg;         /* ... averaging 300+: prose whatever the box's name */
    double form_link_density;  /* a box named for its form with fewer links than this ... */
    uint32_t form_avg;         /* ... and paragraphs averaging this is prose */
    uint32_t small_content;    /* content words do not protect a box smaller than this */
    double media_share;        /* a gallery holding this share of the page ... */
    uint32_t media_outside;    /* ... with this much paragraph text outside it loses the guards */
    double teaser_link_density; /* a "teaser" box with fewer links is a lead */
    double header_class_links; /* a box named header this link-heavy ... */
    uint32_t header_class_chars; /* ... or this small is chrome */
    uint32_t forum_post_chars; /* a forum post holds at least this much text */
    /* scoring and choice */
    uint32_t block_chars;        /* a block scores with this much own text */
    double semantic_links;       /* a semantic container above this link density does not compete */
    double semantic_wrapper_links; /* a container holding the top candidate is taken below this link density */
    double sibling_share;        /* siblings scoring this share of the top are added */
    double sibling_min;          /* ... and at least this */
    double sibling_links;        /* ... under this link density */
    uint32_t sibling_para_chars; /* a paragraph sibling longer than this ... */
    double sibling_para_links;   /* ... with fewer links than this is added */
    uint32_t sandwich_chars;     /* a heading box between siblings is shorter than this ... */
    double sandwich_links;       /* ... with fewer links than this */
    double table_up_links;       /* a table climbs to a parent with fewer links than this */
    double nested_links;         /* nested sections climb to a parent with fewer links than this */
    uint32_t good_chars;         /* a good block has this much own text ... */
    double good_stop_density;    /* ... and this stop-word density */
    uint32_t good_page_min;      /* the page check runs with this much good text */
    double climb_trigger;        /* the choice holding less of the good text than this climbs ... */
    double climb_cover;          /* ... to the ancestor holding this share */
    double climb_links;          /* ... when it has fewer links than this */
    double climb_links_named;    /* ... (a named body: than this) */
    double fallback_trigger;     /* the choice holding less than this gives way ... */
    double fallback_cover;       /* ... to the smallest element holding this share */
    uint32_t named_body_chars;   /* a body named as such with this much paragraph text is not replaced */
    uint32_t no_text_chars;      /* with no good text, a choice shorter than this is none */
    uint32_t tiny_page_chars;    /* nothing scored: a page shorter than this is its own text */
    int lead_span;               /* nodes after the title heading looked at for a lead */
    uint32_t lead_chars;         /* a lead block has this much own text */
    uint32_t named_lead_max;     /* a named lead is at most this long */
    uint32_t standfirst_chars;   /* the description is at least this long to be looked for */
    /* residual cleaning */
    double link_list_density;    /* a list or box with more links than this ... */
    uint32_t link_list_para;     /* ... and less paragraph text than this is a link list */
    double link_line_density;    /* a short line with more links than this ... */
    uint32_t link_line_chars;    /* ... shorter than this is a link line */
    uint32_t text_block_chars;   /* the text rules read blocks shorter than this */
    uint32_t edge_article_chars; /* the edge rules need an article this long */
    /* page-type passes */
    uint32_t menu_chars, menu_links, menu_link_chars; /* menu-lines: a block under menu_chars, menu_links links of under menu_link_chars each on average */
    uint32_t items_prose;        /* a listing's items give way to an article with this much prose beside them */
    uint32_t sections_chosen;    /* a service page's sections give way to an article choice holding this
                                  * many tenths of the good text ... */
    uint32_t sections_article;   /* ... and at least this much of it */
    uint32_t product_article;    /* a product page's article choice this long stays */
    double docs_spread;          /* a documentation page's chosen sections climb to their common ancestor
                                  * holding at most this many times their text ... */
    double docs_links;           /* ... with fewer links than this */
    double items_share;           /* items holding under this share of the main part's text give way to it */
    double sections_links;        /* a listing's main part with this share of link text stays no content */
    uint32_t repeats_chars;       /* repeats: leaf blocks of this many characters or more */
    uint32_t sections_hidden;     /* a service page's hidden panel holding this much text ... */
    double sections_hidden_links; /* ... with fewer links than this comes back with the sections */
    uint32_t product_hidden;     /* a product page's hidden panel holding this much text ... */
    double product_hidden_links; /* ... with fewer links than this comes back with its box */
    uint32_t product_cards;      /* this many alike boxes with a link each ... */
    uint32_t product_card_chars; /* ... each shorter than this ... */
    double product_card_links;   /* ... and this much links are other products ... */
    double product_cards_share;  /* ... when they hold less than this share of the product's box */
    uint32_t product_ld_chars;   /* a JSON-LD Product description this long the text lacks is added */
} wn_tuning_t;

/* The three instances, indexed by wn_options_t.bias + 1. */
extern const wn_tuning_t wn_tuning[3];

/* ---- page types and their profiles ---- */

/* (The page types are public: wn_page_type_t, winnow/extract.h.) */

/* What a page type changes: which passes run (on top of the passes every
 * profile runs: off removes, on adds passes that are off by default) and
 * the numbers they run with (one tuning per bias; NULL: the standard
 * wn_tuning). */
typedef struct wn_profile {
    const char *name;
    wn_page_type_t type;
    wn_passset_t off;
    wn_passset_t on;
    const wn_tuning_t *tuning; /* 3 instances (precision, balanced, recall), or NULL */
} wn_profile_t;

/* The profile of page type t (every type has one; the article profile is
 * the extractor's behaviour before page types, and WN_PAGE_AUTO's). */
const wn_profile_t *wn_profile_of(wn_page_type_t t);

/* ---- what the passes produce ---- */

#define WN_MAX_ROOTS 4096 /* chosen subtrees kept */

typedef struct wn_meta {
    char *title, *author, *date, *site_name, *lang, *description, *canonical_url;
    char *product_desc; /* JSON-LD: a Product's description (not output; wn_product_ld) */
    int title_weak; /* 1: title is only the <title> text, 2: metadata while the page has
                     * several h1s; the heading that opens the content may be better */
} wn_meta_t;

/* Where each metadata field came from ("og:title", "JSON-LD headline",
 * "<title>", ...; static strings, NULL when the field is not set): filled
 * only for a watched extraction (wn_page_t.from), for the explanation. */
typedef struct wn_meta_from {
    const char *title, *author, *date, *site_name, *lang, *description, *canonical_url;
} wn_meta_from_t;

typedef struct wn_choice {
    int *roots; /* subtrees to render, in document order (arena) */
    int n_roots;
    int *comments; /* comment sections, when opt->comments (arena) */
    int n_comments;
    int none; /* 1: judged to have no main content (an index, a login wall) */
    struct wn_post_ref *posts; /* forum pages: the thread's posts, in order (arena; posts.h) */
    int n_posts;
} wn_choice_t;

/* Which branch of the choice a page took. */
typedef enum wn_path { WN_PATH_MAIN = 0, WN_PATH_FORUM, WN_PATH_TINY, WN_PATH_NONE } wn_path_t;

/* ---- the page context ---- */

typedef struct wn_page {
    wn_dom_t *d;
    wn_arena_t *a;
    const wn_options_t *opt;
    const wn_lexicon_t *lex;
    const wn_tuning_t *tune;
    const wn_profile_t *profile;
    wn_page_type_t type;
    int group;          /* the classifier's dominant group of alike boxes (its parent), or -1 */
    int items;          /* the items pass may take the group: a listing or collection with one */
    int items_taken;    /* the items pass took the group as the content */
    int sections_taken; /* the sections pass took the page's main part */
    int spare_from, spare_to; /* [from, to): the group, whose boxes some rules only mark (WN_F_SPARED) */
    uint32_t prose_beside; /* good text chosen outside the group (page check) */
    uint32_t page_good, chosen_good; /* the page check's good text: all of it, chosen */
    const wn_passset_t *skip; /* the caller's skip_passes (may be NULL) */
    wn_passset_t off; /* passes that do not run: options, tuning and profile together */
    wn_meta_t meta;
    /* per node (arena, d->count entries) */
    uint32_t *raw;        /* text weight per subtree before pruning (then reused: good text) */
    uint32_t *own;        /* a block's own inline text weight */
    uint32_t *own_link;   /* ... of which in links */
    uint32_t *own_commas; /* ... its commas */
    int *blk;             /* nearest block ancestor-or-self */
    uint8_t *decided;     /* NULL, or the pass (id + 1) that last dropped or chose node i */
    wn_meta_from_t *from; /* NULL, or where each metadata field came from (set with decided) */
    uint8_t *rendered;    /* NULL, or 1 for each text node the renderer wrote (set with decided) */
    const struct wn_pagetype_result *pt; /* the classifier's evidence (NULL before it ran) */
    /* the choice in progress */
    int root;           /* <body>, else the document */
    uint32_t total;     /* raw text of the root, at least 1 */
    int pw[8], n_pw;    /* password fields (the first 8); after login-wall: those outside chrome */
    int forum_post;     /* the first post of a forum thread, or -1 */
    int best;           /* readability's top candidate, or -1 */
    int sem;            /* the semantic container with most paragraph text, or -1 */
    uint32_t sem_chars;
    int choice;         /* the chosen container, or -1 */
    int named_body;     /* the top candidate is named as the body, with an article's prose */
    int none_by;        /* the pass (id + 1) that judged the page to have no main content, or 0 */
    wn_path_t path;
    wn_choice_t ch;
} wn_page_t;

/* Nonzero if pass `id` runs on this page. */
static inline int wn_on(const wn_page_t *pg, int id) { return !wn_passset_has(&pg->off, id); }

/* Records that pass `id` decided node i (dropped it, or chose it): a no-op
 * unless the caller asked for the record (pg->decided). */
static inline void wn_decide(wn_page_t *pg, int i, int id) {
    if (pg->decided) pg->decided[i] = (uint8_t)(id + 1);
}

/* Sets `flags` on node i as pass `id`'s decision. */
static inline void wn_drop(wn_page_t *pg, int i, unsigned flags, int id) {
    pg->d->n[i].flags |= flags;
    wn_decide(pg, i, id);
}

/* Prepares `pg` for a page (borrowing all but the page itself from the
 * extractor), read as a page of `type` (wn_page_set_type). */
void wn_page_init(wn_page_t *pg, wn_dom_t *d, wn_arena_t *a, const wn_options_t *opt, const wn_lexicon_t *lex,
                  const wn_passset_t *skip, wn_page_type_t type);

/* Reads the page as a page of `type` (once it is known: the classifier
 * reads the metadata): its profile, the tuning for the options' bias, and
 * the passes switched off (the tuning's, the profile's, the caller's).
 * `group`: the parent of the page's dominant group of alike boxes that
 * look like items (the classifier's), or -1. */
void wn_page_set_type(wn_page_t *pg, wn_page_type_t type, int group);

/* ---- the stages ---- */

/* Reads the metadata of the page and of the JSON-LD blocks
 * `ld[0..n_ld)` into pg->meta; strings from pg->a. */
void wn_meta_read(wn_page_t *pg, const char *const *ld, const size_t *ld_len, size_t n_ld);

/* Prunes boilerplate and chooses the main content of the page into pg->ch
 * (index arrays from pg->a): runs the passes in their order. pg->meta's
 * title marks where the article starts and its description finds the
 * standfirst. Returns WN_OK or WN_ENOMEM. */
WN_MUST_CHECK wn_status wn_choose(wn_page_t *pg);

/* The first heading (h1-h3) of the chosen subtrees when it comes before any
 * paragraph, or -1. */
int wn_first_heading(const wn_dom_t *d, const int *roots, int n_roots);

/* Renders the chosen subtrees into `out` in opt->format. `title` (may be
 * NULL) is the page title: a leading heading equal to it is left out.
 * `url` (may be NULL) is the page URL that Markdown link and image targets
 * are resolved against (with the page's <base href>).
 * Returns WN_OK, WN_ETOOBIG (text cap: partial text kept) or WN_ENOMEM. */
WN_MUST_CHECK wn_status wn_render(const wn_dom_t *d, const int *roots, int n_roots, const wn_options_t *opt,
                                  const char *title, const char *url, wn_buf_t *out);

/* wn_render, also setting mark[j] = 1 (mark: d->count entries) for every
 * text node j it writes into the text -- before the title and headings
 * nothing follows are left out of it (for the explanation). */
WN_MUST_CHECK wn_status wn_render_marked(const wn_dom_t *d, const int *roots, int n_roots, const wn_options_t *opt,
                                         const char *title, const char *url, wn_buf_t *out, uint8_t *mark);

/* ---- the passes (pass.h), run in order by wn_choose (passes.c) ---- */

/* Each takes the page and changes it: flags of nodes (pruned, chosen),
 * pg->choice, pg->ch. Those that decide a node say so with wn_drop /
 * wn_decide. */
void wn_pass_prepare(wn_page_t *pg);         /* prune.c */
void wn_pass_prune(wn_page_t *pg);           /* prune.c: the node rules */
void wn_pass_login_fields(wn_page_t *pg);    /* prune.c */
void wn_pass_forum(wn_page_t *pg);           /* prune.c */
void wn_pass_own_text(wn_page_t *pg);        /* prune.c */
void wn_pass_score(wn_page_t *pg);           /* choose.c */
void wn_pass_semantic(wn_page_t *pg);        /* choose.c */
void wn_pass_path(wn_page_t *pg);            /* choose.c (tiny-page) */
void wn_pass_climb_wrappers(wn_page_t *pg);  /* choose.c */
void wn_pass_table_up(wn_page_t *pg);        /* choose.c */
void wn_pass_nested_sections(wn_page_t *pg); /* choose.c */
void wn_pass_siblings(wn_page_t *pg);        /* choose.c (sibling-headings) */
void wn_pass_page_check(wn_page_t *pg);      /* choose.c (good-climb, good-fallback, named-body, no-good-text) */
void wn_pass_lead(wn_page_t *pg);            /* choose.c (named-lead) */
void wn_pass_standfirst(wn_page_t *pg);      /* choose.c */
void wn_pass_residual(wn_page_t *pg);        /* residual.c: the residual passes */
void wn_pass_index_page(wn_page_t *pg);      /* choose.c */
void wn_pass_login_wall(wn_page_t *pg);      /* choose.c */
void wn_pass_items(wn_page_t *pg);           /* items.c (items-prose, items-apart, items-keep) */
void wn_pass_repeats(wn_page_t *pg);         /* residual.c */
void wn_pass_sections_lines(wn_page_t *pg); /* residual.c: site-lines and desc-standfirst after sections */
void wn_pass_sections(wn_page_t *pg);        /* items.c (sections-article) */
void wn_pass_product(wn_page_t *pg);         /* items.c (product-article) */
/* items.c (product-ld): a product page's text gets its JSON-LD Product
 * description when the text lacks it. */
wn_status wn_product_ld(const wn_page_t *pg, wn_buf_t *text);
void wn_pass_posts(wn_page_t *pg);           /* posts.c */
void wn_pass_docs(wn_page_t *pg);            /* choose.c */
void wn_pass_comments(wn_page_t *pg);        /* choose.c (comment-meta) */
wn_status wn_choice_alloc(wn_page_t *pg);    /* choose.c */


/* Inside a comment section (subtree `root`): prunes what is about a
 * comment rather than its text -- poster names, dates, "Reply" links, vote
 * counts, headings like "4 comments on ...", forms (comment-meta). */
void wn_prune_comment_meta(wn_page_t *pg, int root);

/* ---- the whole extraction, watched ---- */

/* Shown the page context once a page is extracted (before the arena is
 * reset: every pointer in `pg` is valid only during the call). */
typedef void (*wn_extract_see_fn)(const wn_page_t *pg, void *ud);

/* wn_extract, recording in pg->decided the pass that dropped or chose each
 * node, and calling `see` (may be NULL: then exactly wn_extract, at no
 * cost) with the page before returning. For tests of the passes and for a
 * per-block account of the choice. */
WN_MUST_CHECK wn_status wn_extract_see(wn_extractor_t *x, const void *page, size_t len, const char *url,
                                       const char *content_type, wn_doc_t **out, wn_extract_see_fn see, void *ud);

/* ---- the explanation (explain.c; winnow/explain.h) ---- */

/* Builds doc->explain from the page context of a watched extraction
 * (pg->decided and pg->from set), once doc holds the text and the
 * metadata. Scratch memory from pg->a; the explanation is malloc'd, owned
 * by the doc. Returns WN_OK or WN_ENOMEM. */
WN_MUST_CHECK wn_status wn_explain_build(const wn_page_t *pg, wn_doc_t *doc);

/* Frees an explanation (NULL: nothing). */
void wn_explain_free(struct wn_explain *e);

/* ---- class and id words (classify.c), shared by pruning and metadata ---- */

typedef struct wn_cls {
    int boiler, comment, good, header;
    int sub;    /* of boiler: matches inside a word ("...BannerPlaceHolder") */
    int hidden; /* a visibility class ("text-hide", "sr-only") */
    int teaser; /* of boiler: "teaser" words */
    int weak;   /* of boiler: words of a box's form, not its purpose ("links", "widget") */
    int media;  /* of boiler: a picture gallery or slideshow */
} wn_cls_t;

/* What the class and id of element i say (lexicon.c's class words). An id
 * that is the slug of the element's first heading says nothing. `lx` may
 * be NULL (the lists are scanned). */
wn_cls_t wn_classify(const wn_dom_t *d, int i, const wn_lexicon_t *lx);

/* The class and id words of element i that the lexicon knows, as
 * "kind:word" (boilerplate, comment, content, hidden, boilerplate-part)
 * separated by blanks, into out[0..cap) (NUL-terminated; words that do not
 * fit are left out). For the explanation: the counts the rules read come
 * from wn_classify. Returns the length. */
size_t wn_classify_words(const wn_dom_t *d, int i, const wn_lexicon_t *lx, char *out, size_t cap);

/* Nonzero if element i is hidden: the hidden attribute, aria-hidden=true,
 * display:none or visibility:hidden in its style. */
int wn_is_hidden(const wn_dom_t *d, int i);

/* Nonzero if element i has the hidden attribute and is hidden by it (not
 * a streamed React boundary, <div hidden id="S:n">, which a script shows). */
int wn_hidden_attr(const wn_dom_t *d, int i);

/* Nonzero if node i sits in page chrome: nav, aside, footer, a form, a
 * hidden box, an ARIA chrome role, or an element named like boilerplate --
 * and not inside <article>/<main>, a content role or a content-named
 * element first. */
int wn_in_chrome(const wn_dom_t *d, int i, const wn_lexicon_t *lx);

/* Link characters over characters of a node's subtree (0 when empty). */
static inline double wn_link_density(const wn_node_t *n) {
    return n->chars ? (double)n->link_chars / n->chars : 0.0;
}

/* Nonzero if a is b or an ancestor of b. */
static inline int wn_is_ancestor(const wn_dom_t *d, int a, int b) { return a <= b && b < d->n[a].end; }

#endif
