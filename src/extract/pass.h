/* pass.h -- private: the named passes of the extraction core.
 *
 * Every rule of the core has one name, listed once below (WN_PASSES). The
 * name is the pass's row in docs/extraction.md, its drop reason (the
 * "decided by" of a node, wn_page_t.decided) and its switch: a pass listed
 * in wn_options_t.skip_passes (`winnow extract --skip-pass NAME`), or
 * switched off by the tuning (bias) or the page-type profile, does not run.
 *
 * Kinds: "page" passes run once over the page (stage order below); "node"
 * rules are tried on every element by the pruning walk, in order, the
 * first that decides wins; "block" rules likewise on every block of the
 * chosen content; "guard" entries are exceptions another pass consults
 * (skipping a guard lets that pass decide where the guard held it back).
 */
#ifndef WN_PASS_H
#define WN_PASS_H

#include <stdint.h>

/* X(ID, "name", kind, "what it does: the docs row's first words") */
#define WN_PASSES(X)                                                                                       \
    /* 1. pruning: the whole page, before scoring */                                                      \
    X(HIDDEN, "hidden", NODE, "never-visible tags and hidden elements")                                   \
    X(ROLE, "role", NODE, "ARIA roles of chrome")                                                         \
    X(CHROME_TAGS, "chrome-tags", NODE, "nav, aside, footer")                                             \
    X(INPUT_BOX, "input-box", NODE, "a small box around a visible input field")                           \
    X(FORM, "form", NODE, "forms, unless they wrap most of the page or hold prose")                       \
    X(CLASS_HINTS, "class-hints", NODE, "content and boilerplate class words weigh in the score")         \
    X(COMMENTS, "comments", NODE, "comment sections (also Q&A answers)")                                  \
    X(PAGE_HEADER, "page-header", NODE, "<header> without a lead paragraph")                              \
    X(HIDDEN_CLASS, "hidden-class", NODE, "whole class names of hidden boxes")                            \
    X(TEASER_LEAD, "teaser-lead", GUARD, "a box named teaser with almost no links is a lead")             \
    X(BOILERPLATE, "boilerplate", NODE, "class/id vocabulary of chrome")                                  \
    X(INLINE_WORDS, "inline-words", GUARD, "an inline element inside a sentence keeps its words")         \
    X(SMALL_CONTENT, "small-content", GUARD, "chrome words win over content words on small boxes")        \
    X(PROSE_GUARD, "prose-guard", GUARD, "prose guards a box from its name")                              \
    X(FORM_WORDS, "form-words", GUARD, "a box named for its form holding prose is prose")                 \
    X(BIG_GALLERY, "big-gallery", GUARD, "a gallery holding 30%+ of the page loses the guards")          \
    X(HEADING_ANCHORS, "heading-anchors", NODE, "symbol-only links (heading anchors)")                    \
    X(HEADER_CLASS, "header-class", NODE, "link-heavy or tiny boxes named header")                        \
    X(LOGIN_WALL, "login-wall", PAGE, "a password field outside chrome and no prose: no content")         \
    X(FORUM, "forum", PAGE, "sibling posts naming their posters: the first is the text")                  \
    X(COMMENT_META, "comment-meta", PAGE, "inside comments: poster names, dates, reply links")             \
    /* 2. scoring and choice */                                                                           \
    X(SCORE, "score", PAGE, "readability-style scores of blocks, the top candidate")                      \
    X(SEMANTIC, "semantic", PAGE, "semantic containers compete with the top candidate")                   \
    X(TINY_PAGE, "tiny-page", PAGE, "nothing scored: a small page is its own text")                       \
    X(CLIMB_WRAPPERS, "climb-wrappers", PAGE, "wrappers with the same text as the choice")                \
    X(TABLE_UP, "table-up", PAGE, "a chosen data table climbs to its parent")                             \
    X(NESTED_SECTIONS, "nested-sections", PAGE, "nested sections of one class: the outermost")            \
    X(SIBLINGS, "siblings", PAGE, "siblings of the choice that look like it")                             \
    X(SIBLING_HEADINGS, "sibling-headings", PAGE, "a heading box between two chosen siblings")            \
    X(GOOD_CLIMB, "good-climb", PAGE, "the choice's ancestor holding 80% of the good text")                \
    X(GOOD_FALLBACK, "good-fallback", PAGE, "the smallest element holding 95% of the good text")          \
    X(NAMED_BODY, "named-body", GUARD, "a top candidate named as the body keeps its place")               \
    X(NO_GOOD_TEXT, "no-good-text", PAGE, "no good text and almost no chosen text: none")                 \
    X(LEAD, "lead", PAGE, "the lead between the title heading and the choice")                           \
    X(NAMED_LEAD, "named-lead", PAGE, "without a title heading: a block named as a lead")                 \
    X(STANDFIRST, "standfirst", PAGE, "the block that is the meta description, put back first")           \
    /* 3. residual cleaning inside the choice */                                                          \
    X(BEFORE_TITLE, "before-title", PAGE, "everything before the title <h1>")                             \
    X(DEKS, "deks", PAGE, "non-paragraph blocks between the title and the first paragraph")               \
    X(UNNAMED_LEADS, "unnamed-leads", GUARD, "unnamed blocks of 40+ characters there stay")                \
    X(LINK_LISTS, "link-lists", BLOCK, "lists, divs and tables that are mostly links")                     \
    X(LINK_LINES, "link-lines", BLOCK, "short lines that are mostly links (\"Read more: ...\")")            \
    X(ADDRESS_LINKS, "address-links", GUARD, "links spelling out an address count as text")               \
    X(BYLINES, "bylines", BLOCK, "bylines and datelines")                                                 \
    X(DATED_LABELS, "dated-labels", GUARD, "a label and a date of the subject is text")                   \
    X(SYMBOLS, "symbols", BLOCK, "symbol-only blocks and bare counts")                                    \
    X(CREDITS, "credits", BLOCK, "picture credits and numbered figure labels")                            \
    X(MENU_LINES, "menu-lines", BLOCK, "a short run of four or more short links and nothing else: a menu")    \
    X(SITE_LINES, "site-lines", BLOCK, "short lines about the site (comments, newsletter, cookies)")      \
    X(DESC_STANDFIRST, "desc-standfirst", BLOCK, "a header block equal to the description, named so")     \
    X(CAPTIONS, "captions", BLOCK, "a short block sharing a wrapper with only an image")                  \
    X(ORPHAN_LABELS, "orphan-labels", PAGE, "a label whose following siblings were all pruned")           \
    X(LABEL_LINKS, "label-links", GUARD, "a short line of links right after a label goes with it")         \
    X(EDGES, "edges", PAGE, "blocks at the edges of the article")                                         \
    X(SOURCE_LINK, "source-link", GUARD, "a trailing <br><a>Source link</a>")                             \
    X(EDGE_BYLINES, "edge-bylines", GUARD, "bylines and credits at the edges")                            \
    X(SIGNATURES, "signatures", GUARD, "a short unpunctuated line last")                                  \
    X(KICKERS, "kickers", GUARD, "a short unpunctuated line first")                                       \
    X(EDGE_LABELS, "edge-labels", GUARD, "a label ending in ':' last")                                    \
    X(SITE_PROMO, "site-promo", GUARD, "the site speaking of itself at the end")                           \
    X(REPEATS, "repeats", PAGE, "a block saying word for word what a block before it said")               \
    X(INDEX_PAGE, "index-page", PAGE, "four or more linked <article> cards: no main content")              \
    X(ITEMS, "items", PAGE, "a listing or collection: its dominant group of alike boxes is the content")  \
    X(ITEMS_PROSE, "items-prose", GUARD, "300+ characters of prose chosen beside the items: an article")    \
    X(ITEMS_APART, "items-apart", GUARD, "a choice apart from the items, below them or a title below them") \
    X(ITEMS_KEEP, "items-keep", GUARD, "what the choice found beside the items stays")                     \
    X(ITEMS_WRAPPER, "items-wrapper", GUARD, "items in a box pruned by its name (\"search-results\") are taken") \
    X(SECTIONS, "sections", PAGE, "a service page: every content section, vocabulary-pruned boxes back")    \
    X(SECTIONS_ARTICLE, "sections-article", GUARD, "the article's choice holding most of the prose stays") \
    X(SECTIONS_HIDDEN, "sections-hidden", GUARD, "a hidden panel of text (a tab, an FAQ answer) is a section's") \
    X(POSTS, "posts", PAGE, "a thread: every post in page order, with its poster and time")                \
    X(PRODUCT, "product", PAGE, "a product page: its product box, vocabulary-pruned boxes back")            \
    X(PRODUCT_ARTICLE, "product-article", GUARD, "an article choice of 800+ characters stays")            \
    X(DOCS, "docs", PAGE, "documentation: the sections chosen apart climb to the page holding them")      \
    X(DOCS_TABS, "docs-tabs", GUARD, "documentation: hidden tab panels (languages, platforms) are content")  \
    X(PRODUCT_HIDDEN, "product-hidden", GUARD, "a hidden panel of text (a tab, an accordion) is the product's") \
    X(PRODUCT_OTHERS, "product-others", PAGE, "three or more alike short boxes with a price or links: other products") \
    X(PRODUCT_LD, "product-ld", PAGE, "the JSON-LD Product description the text lacks is added")

typedef enum wn_pass_id {
#define WN_PASS_ENUM(id, name, kind, what) WN_PASS_##id,
    WN_PASSES(WN_PASS_ENUM)
#undef WN_PASS_ENUM
    WN_PASS_COUNT
} wn_pass_id;

typedef enum wn_pass_kind { WN_KIND_PAGE, WN_KIND_NODE, WN_KIND_BLOCK, WN_KIND_GUARD } wn_pass_kind;

typedef struct wn_pass_info {
    const char *name;
    wn_pass_kind kind;
    const char *what;
} wn_pass_info_t;

/* The passes by id (WN_PASS_COUNT entries). */
extern const wn_pass_info_t wn_pass_info[WN_PASS_COUNT];

/* A set of passes: bit id of w[id / 64]. */
typedef struct wn_passset {
    uint64_t w[2];
} wn_passset_t;

_Static_assert(WN_PASS_COUNT <= 128, "wn_passset_t holds 128 passes");

static inline int wn_passset_has(const wn_passset_t *s, int id) { return (int)((s->w[id >> 6] >> (id & 63)) & 1u); }
static inline void wn_passset_add(wn_passset_t *s, int id) { s->w[id >> 6] |= (uint64_t)1 << (id & 63); }

/* The id of the pass named name[0..n), or -1. */
int wn_pass_find(const char *name, size_t n);

/* Parses a comma- or space-separated list of pass names into *out (added
 * to what it holds). Returns 0, or -1 at the first unknown name, whose
 * offset in `list` goes to *bad. */
int wn_passset_parse(const char *list, wn_passset_t *out, size_t *bad);

#endif
