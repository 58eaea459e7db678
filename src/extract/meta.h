/* meta.h -- private: the metadata stage's parts (meta*.c).
 *
 *   meta.c         wn_meta_read: the evidence (one walk over the tree), then
 *                  title, author, date, site name, language, description, URL
 *   meta_ld.c      JSON-LD
 *   meta_title.c   the title
 *   meta_author.c  the author
 *   meta_date.c    the date
 *   meta_text.c    text helpers
 *
 * Every string is allocated from the page's arena.
 */
#ifndef WN_META_H
#define WN_META_H

#include "extract/page.h"

#define TXT_MAX 2048 /* longest metadata value kept */

/* What the JSON-LD blocks say (meta_ld.c). */
typedef struct ld_found {
    char *headline, *author, *date, *publisher, *description;
    char *product_desc; /* the longest description of a Product (ProductGroup, ...) */
    int rank;         /* how article-like the object that gave headline is */
    int author_org;   /* the author is an Organization, not a Person */
    char *author_ref; /* the author is only {"@id": ...}: its id */
    struct {
        char *id, *name;
    } person[8]; /* Person objects with an @id (Yoast's @graph) */
    int n_person;
} ld_found_t;

/* A heading (h1, h2) outside chrome, as the title rules see it. */
typedef struct meta_head {
    char *text;
    int level;
    int linked;     /* all link: a site logo, or a blog's permalinked title; 2: surely a logo */
    int was_linked; /* all link, before the title rules judged it */
    int idx;        /* its node */
} meta_head_t;

/* The evidence: everything the metadata rules read, gathered by one walk
 * over the tree (meta.c), and what the title rules pass on to each other. */
typedef struct meta_scan {
    ld_found_t f;
    /* <meta> values (borrowed from the tree) */
    const char *og_title, *tw_title, *dc_title, *meta_author, *art_author, *dc_creator, *og_site, *desc, *og_desc,
        *pub_time, *meta_date, *og_url, *content_lang, *canonical;
    meta_head_t heads[16];
    int n_heads;
    char *title_el;    /* <title> */
    char *h1;          /* the first h1's text */
    char *raw_h1[4];   /* the first h1s, in chrome or not */
    int raw_h1_linked[4], raw_h1_idx[4];
    int n_raw_h1, n_raw_all;
    char *raw_h2[6]; /* the first h2s, in chrome or not */
    int n_raw_h2;
    char *tcls[8]; /* the first short div/span/p named title or headline */
    int n_tcls;
    char *text_date;   /* a date written in a date-ish element */
    char *time_dt;     /* the first <time datetime> */
    char *ip_author, *ip_date, *rel_author, *byline;
    char *byline_link; /* the first link of a long byline box */
    int cm_end;        /* nodes before this index are in a comment section or a form */
    /* passed between the title rules */
    const char *site;  /* og:site_name, else the JSON-LD publisher */
    const char *h1u;   /* the first h1 outside chrome that is no logo */
    int n_h1_plain;    /* such h1s (the same one twice counts once) */
    int section_h1;    /* the lone h1 names a section (2: a middle part of <title>) */
    int h1_subject;    /* the h2s take up a long word of the h1 */
    const char *ext;   /* a heading or headline that repeats and extends the h1 title */
} meta_scan_t;

/* meta_ld.c: adds what the JSON-LD block text[0..len) says to *f. */
void wn_m_ld_scan(wn_arena_t *a, const char *text, size_t len, ld_found_t *f);

/* meta_title.c: sets pg->meta.title (and title_weak); returns the heading
 * that gave it, else the first h1, else -1. */
int wn_m_title(wn_page_t *pg, meta_scan_t *s);

/* meta_author.c: sets pg->meta.author; th is the title's heading. */
void wn_m_author(wn_page_t *pg, meta_scan_t *s, int th);

/* meta_date.c: sets pg->meta.date (before the language is known: see
 * wn_m_utc_local). */
void wn_m_date(wn_page_t *pg, meta_scan_t *s, int th);

/* ---- meta_text.c ---- */

/* s[0..n) with blanks collapsed and trimmed, character references decoded
 * (metadata escaped twice), cut at TXT_MAX on a character boundary; NULL
 * for NULL, empty, or out of memory. */
char *wn_m_dup(wn_arena_t *a, const char *s, size_t n);
char *wn_m_dups(wn_arena_t *a, const char *s);

/* The text of node i, as wn_m_dup cleans it. */
char *wn_m_node_text(const wn_dom_t *d, wn_arena_t *a, int i);

/* t after a leading bullet or cut-off separator ("[> Headline", "| Headline"). */
char *wn_m_skip_bullet(char *t);

/* The text of heading i without its kicker (a child named headline/title
 * wins; kicker-named children, small date lines, ruby annotations out). */
char *wn_m_heading_text(const wn_dom_t *d, wn_arena_t *a, int i);

/* Words of s (runs of non-blanks). */
int wn_m_word_count(const char *s);

/* Share of the words of a (split on blanks and punctuation) that occur in
 * b, without case; 0 when either is missing. */
double wn_m_word_overlap(const char *a, const char *b);

/* The non-blank text nodes near heading h: up to `after` after it, then
 * up to `before` before it, nearest first, into out; returns how many. */
int wn_m_near_texts(const wn_dom_t *d, int h, int after, int before, int *out);

/* Nonzero if s is a URL or an absolute path. */
int wn_m_is_url(const char *s);

/* ---- meta_date.c ---- */

/* Nonzero if s[0..n) is all digits; their value in *out. */
int wn_m_num(const char *s, int n, int *out);

/* Days in month m (1-12) of year y. */
int wn_m_month_days(int y, int m);

/* A date as found in metadata or text, in ISO 8601 (YYYY-MM-DD, with
 * THH:MM:SS and offset when given), or NULL. */
char *wn_m_norm_date(wn_arena_t *a, const char *s);

/* A UTC timestamp on a central European page as the local instant. */
char *wn_m_utc_local(wn_arena_t *a, char *date, const char *lang);

/* ---- meta_author.c ---- */

/* Length of the byline lead-in that starts s ("By", "Von", "Autor:"), or 0. */
size_t wn_m_byline_lead(const char *s);

/* A byline cleaned in place of lead-ins and what follows the name; NULL
 * when what is left is a label or a commenter. */
char *wn_m_clean_byline(char *s);

/* Nonzero if s reads as a person's name: 2-5 capitalised words or particles. */
int wn_m_name_like(const char *s);

#endif
