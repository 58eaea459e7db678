/* lexicon.h -- private: the extractor's vocabulary, in one place.
 *
 * Every word list a rule reads lives in lexicon.c: the properties of HTML
 * tags (one table read by pruning, scoring and rendering), class/id words,
 * ARIA roles, month names, byline lead-ins, stop words and the short marks
 * of credits, captions and site lines. The lists are plain arrays of
 * string literals, easy to read and to edit; the ones looked up per token
 * are also hash sets (base/wordset.h), built once per extractor by
 * wn_lexicon_new -- never per page.
 *
 * Where two rules read a list differently (the month names a byline test
 * knows and the ones a date parser knows), the table says so in a column
 * rather than keeping two lists that drift apart.
 */
#ifndef WN_LEXICON_H
#define WN_LEXICON_H

#include <gumbo.h>
#include <stdint.h>

#include "base/wordset.h"

/* ---- tag properties ---- */

enum {
    WN_TAG_DROP = 1u << 0,    /* never visible: pruned before scoring (script, form controls, figcaption) */
    WN_TAG_SKIP = 1u << 1,    /* never rendered, even inside kept content (script, ruby rt/rp) */
    WN_TAG_BLOCK = 1u << 2,   /* rendering: starts a new block (a line) */
    WN_TAG_SBLOCK = 1u << 3,  /* scoring: a block that owns its inline text */
    WN_TAG_PARA = 1u << 4,    /* scoring: a paragraph-like block, its score goes to its parent */
    WN_TAG_HEADING = 1u << 5, /* h1-h6 */
    WN_TAG_TABLE = 1u << 6,   /* a table part below <table> (tr, td, th, thead, tbody, tfoot) */
    WN_TAG_INLINE = 1u << 7,  /* an inline element that may carry words of a sentence (a, span, em, ...) */
    WN_TAG_CHROME = 1u << 8   /* site chrome by its tag: nav, aside, footer */
};

typedef struct wn_tag_info {
    uint16_t flags; /* WN_TAG_* */
    int8_t weight;  /* readability's initial score of a candidate of this tag */
} wn_tag_info_t;

/* Indexed by GumboTag (0 .. GUMBO_TAG_LAST). */
extern const wn_tag_info_t wn_tag_table[GUMBO_TAG_LAST + 1];

/* The WN_TAG_* flags of tag t (a GumboTag, or -1 for text: none). */
static inline unsigned wn_tag(int t) {
    return t >= 0 && t <= GUMBO_TAG_LAST ? wn_tag_table[t].flags : 0u;
}

static inline int wn_tag_is(int t, unsigned flag) { return (wn_tag(t) & flag) != 0; }

/* ---- class/id vocabulary (split on space, '-', '_'; lower-cased) ---- */

extern const char *const wn_lex_boiler[];      /* words of boilerplate boxes */
extern const char *const wn_lex_boiler_subs[]; /* substrings of boilerplate names */
extern const char *const wn_lex_hidden[];      /* whole class names of hidden boxes */
extern const char *const wn_lex_comment[];     /* words of comment sections */
extern const char *const wn_lex_content[];     /* words of the article itself */
extern const char *const wn_lex_strong[];      /* chrome words that win over a content word before them */
extern const char *const wn_lex_form[];        /* words of a box's form, not its purpose ("links", "widget") */
extern const char *const wn_lex_media[];       /* picture galleries and slideshows */
extern const char *const wn_lex_negation[];    /* "non-", "no-", "has-": the next word does not count */
extern const char *const wn_lex_poster[];      /* substrings naming a forum post's poster */
extern const char *const wn_lex_comment_meta[]; /* words of what is about a comment, not its text */
extern const char *const wn_lex_dek[];          /* words of deks, bylines and disclosures under a title */
extern const char *const wn_lex_lead[];         /* words of a lead paragraph ("lead", "intro", "chapo") */
extern const char *const wn_lex_site_chrome[];  /* words of the site's own chrome (never an item or a section) */

/* ---- ARIA roles ---- */

enum {
    WN_ROLE_PRUNE = 1u << 0,   /* pruned as chrome (unless it holds half the page) */
    WN_ROLE_CHROME = 1u << 1,  /* marks chrome for the metadata's heading test (wn_in_chrome) */
    WN_ROLE_CONTENT = 1u << 2  /* marks the main content */
};

typedef struct wn_role {
    const char *name;
    unsigned flags; /* WN_ROLE_* */
} wn_role_t;

extern const wn_role_t wn_lex_roles[]; /* ends with {NULL, 0} */

/* The WN_ROLE_* flags of a role attribute value (case-insensitive; NULL: 0). */
unsigned wn_role(const char *role);

/* ---- text vocabulary ---- */

extern const char *const wn_lex_stopwords[]; /* en de fr es pt it nl pl ru function words */

/* Month names as prefixes of a word: WN_MONTH_BYLINE ones make a short line
 * with a day and a year a dateline; WN_MONTH_DATE ones are read by the
 * date parser (longest prefix wins). */
enum { WN_MONTH_BYLINE = 1u << 0, WN_MONTH_DATE = 1u << 1 };

typedef struct wn_month {
    const char *prefix;
    int month; /* 1-12 */
    unsigned use; /* WN_MONTH_* */
} wn_month_t;

extern const wn_month_t wn_lex_months[]; /* ends with {NULL, 0, 0} */

/* Byline lead-ins. WN_LEAD_LINE: a line starting with the text (case as
 * written, blanks included) is a byline, a credit or a dateline; WN_LEAD_NAME:
 * a person's name follows the text (any case, then a blank, ':' or, after a
 * long lead-in, a capital), in the order of the table: longer forms first. */
enum { WN_LEAD_LINE = 1u << 0, WN_LEAD_NAME = 1u << 1 };

typedef struct wn_lead {
    const char *text;
    unsigned use; /* WN_LEAD_* */
} wn_lead_t;

extern const wn_lead_t wn_lex_leads[]; /* ends with {NULL, 0} */

extern const char *const wn_lex_credit_marks[]; /* "Foto:", "Credit:": a picture's credit */
extern const char *const wn_lex_figure[];       /* "Abbildung ", "Fig. ": a numbered figure label */
extern const char *const wn_lex_site_words[];   /* a line about the site: comments, newsletter, cookies */
extern const char *const wn_lex_read_time[];    /* "min read", "Lesezeit" */
extern const char *const wn_lex_own_date[];     /* labels that date or credit the page ("Datum:", "Foto:") */
extern const char *const wn_lex_currency[];     /* currency signs and codes: next to a digit, a price */

/* ---- the sets, built once per extractor ---- */

typedef struct wn_lexicon {
    wn_wordset_t *boiler, *comment, *content, *hidden, *stop;
    wn_substrset_t *boiler_subs, *poster, *site_words, *credit_marks;
    wn_arena_t *arena; /* holds the sets */
} wn_lexicon_t;

/* Builds the sets of the lexicon. Returns NULL on allocation failure. The
 * caller owns it; wn_lexicon_destroy frees. */
wn_lexicon_t *wn_lexicon_new(void);

/* Frees the lexicon and sets *self to NULL. Accepts NULL. */
void wn_lexicon_destroy(wn_lexicon_t **self);

#endif
