/* score.c -- pruning and main-content choice.
 *
 * 1. prune: hidden elements, chrome tags (nav, aside, footer, forms, ...),
 *    and class/id/role vocabularies of boilerplate, each guarded so that a
 *    wrapper holding most of the page's text is never pruned;
 * 2. score: a readability-style content score from every paragraph-like
 *    block (characters, not words, so CJK counts; commas; link density) given
 *    to its parent and grandparent; semantic containers (<article>, <main>,
 *    itemprop=articleBody, content-ish class names) compete with the top
 *    readability candidate;
 * 3. siblings of the chosen container that look like it are added;
 * 4. residual boilerplate inside the container (link lists, share rows) is
 *    pruned; a jusText-like page-level pass over all blocks replaces the
 *    choice when the choice is much poorer than the page's good blocks.
 * All passes are loops over the flattened tree (dom.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/pagetype.h"
#include "extract/posts.h"
#include "html/dom.h"
#include "base/wordset.h"
#include "extract/lexicon.h"
#ifdef WN_DEBUG
#include <stdio.h>
#endif

/* The vocabularies are in lexicon.c, their sets built once per extractor
 * (wn_lexicon_new). Where a set is NULL the lists are scanned, with the
 * same answers. */
static const wn_lexicon_t no_sets; /* all NULL */

typedef struct cls {
    int boiler, comment, good, header;
    int sub; /* of boiler: matches inside a word ("...BannerPlaceHolder") */
    int hidden; /* a visibility class ("text-hide", "sr-only") */
    int teaser; /* of boiler: "teaser" words */
    int weak;   /* of boiler: words of a box's form, not its purpose ("links", "widget") */
    int media;  /* of boiler: a picture gallery or slideshow */
} cls_t;

static void scan_tokens(const char *s, cls_t *c, const wn_lexicon_t *v) {
    if (!s) return;
    char low[256];
    size_t n = strlen(s);
    if (n >= sizeof low) n = sizeof low - 1;
    /* lower-cased, without script hooks ("js-slider-toggle", "js_readmore":
     * what a script does with the element, not what it is) */
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        int ws = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';
        if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n') && !ws && i + 3 <= n &&
            (s[i] | 0x20) == 'j' && (s[i + 1] | 0x20) == 's' && (s[i + 2] == '-' || s[i + 2] == '_')) {
            while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') i++;
            continue;
        }
        low[k++] = (char)tolower((unsigned char)s[i++]);
    }
    low[k] = '\0';
    const char *p = low;
    int negated = 0; /* "non-paywall", "no-sidebar": the next word does not count */
    /* page builders call every block a widget ("elementor-widget-text-editor") */
    int builder = strstr(low, "elementor") != NULL;
    /* chrome words that win over a content word before them in the same
     * class word: "post-author", "entry-tags", "article-related" */
    int word_good = 0; /* content words so far in this class word */
    /* words that say how a box looks or what it holds, not that it is
     * chrome (wn_lex_form): a box so named with paragraphs and no links is
     * prose */
    while (*p) {
        if (*p == ' ' || *p == '\t' || *p == '\n') negated = word_good = 0;
        while (*p == ' ' || *p == '-' || *p == '_' || *p == '\t' || *p == '\n') {
            if (*p == ' ' || *p == '\t' || *p == '\n') negated = word_good = 0;
            p++;
        }
        const char *q = p;
        while (*q && *q != ' ' && *q != '-' && *q != '_' && *q != '\t' && *q != '\n') q++;
        size_t l = (size_t)(q - p);
        /* a BEM modifier ("TestReport__Section--Ads") says what a block
         * holds or how it looks, not what it is */
        if (p >= low + 2 && p[-1] == '-' && p[-2] == '-') {
            while (*q && *q != ' ' && *q != '\t' && *q != '\n') q++; /* the modifier runs to the word's end */
            p = q;
            continue;
        }
        if (l) {
            /* "non-paywall", "has-sharing", "with-sidebar": what a box lacks
             * or holds, not what it is */
            if (wn_wordset_in(NULL, wn_lex_negation, p, l)) {
                negated = 1;
                p = q;
                continue;
            }
            if (negated) {
                negated = 0;
                p = q;
                continue;
            }
            if (wn_wordset_in(v->boiler, wn_lex_boiler, p, l) && !(builder && l == 6 && !strncmp(p, "widget", 6))) {
                c->boiler++;
                if (l >= 6 && !strncmp(p, "teaser", 6)) c->teaser++;
                if (wn_wordset_in(NULL, wn_lex_form, p, l)) c->weak++;
                if (wn_wordset_in(NULL, wn_lex_media, p, l)) c->media++;
                if (word_good && wn_wordset_in(NULL, wn_lex_strong, p, l)) {
                    c->good -= word_good;
                    word_good = 0;
                }
            }
            if (wn_wordset_in(v->comment, wn_lex_comment, p, l)) c->comment++;
            /* "comments18", "commentform", "nocomments" */
            else if ((l > 7 && !strncmp(p, "comment", 7) && strncmp(p, "commentary", 10) &&
                      strncmp(p, "commentaire", 11)) ||
                     (l > 8 && !strncmp(p + l - 8, "comments", 8)))
                c->comment++;
            if (wn_wordset_in(v->content, wn_lex_content, p, l)) {
                c->good++;
                word_good++;
            }
            if (l == 6 && !strncmp(p, "header", 6)) c->header++;
        }
        p = q;
    }
    if (wn_substrset_in(v->boiler_subs, wn_lex_boiler_subs, low)) {
        c->boiler++;
        c->sub++;
    }
    for (p = low; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n') p++;
        const char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n') q++;
        if (q > p && wn_wordset_in(v->hidden, wn_lex_hidden, p, (size_t)(q - p))) {
            c->boiler++;
            c->hidden++;
        }
        p = q;
    }
}

static int is_heading(int t) { return wn_tag_is(t, WN_TAG_HEADING); }

/* Appends to out[*k..max) the slug of s: ASCII letters and digits
 * lower-cased, every other run of bytes one '-' (none at the start).
 * Returns 0 once out is full. */
static int slug_add(const char *s, char *out, size_t *k, size_t max) {
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x80 && isalnum(ch)) {
            if (*k + 1 >= max) return 0;
            out[(*k)++] = (char)tolower(ch);
        } else if (*k && out[*k - 1] != '-') {
            if (*k + 1 >= max) return 0;
            out[(*k)++] = '-';
        }
    }
    return 1;
}

/* Nonzero if id names the element after its first heading: documentation
 * generators and wikis make section ids from heading text
 * ("sharing-with-a-single-developer" over "Sharing with a single
 * developer"), so its words are the author's, not the template's. Only
 * long slugs (20+ characters, 3+ words) count; the heading is looked for
 * among the element's first 16 nodes. */
static int id_is_heading_slug(const wn_dom_t *d, int i, const char *id) {
    char text[256], a[256], b[256];
    int h = -1;
    for (int j = i + 1; j < d->n[i].end && j <= i + 16; j++)
        if (is_heading(d->n[j].tag)) {
            h = j;
            break;
        }
    if (h < 0) return 0;
    wn_dom_text(d, h, 0, text, sizeof text);
    size_t ka = 0, kb = 0;
    if (!slug_add(id, a, &ka, sizeof a) || !slug_add(text, b, &kb, sizeof b)) return 0;
    while (ka && a[ka - 1] == '-') ka--;
    while (kb && b[kb - 1] == '-') kb--;
    /* (a repeated heading's id may carry a number: "setting-up-1") */
    while (ka > kb && (isdigit((unsigned char)a[ka - 1]) || a[ka - 1] == '-')) ka--;
    if (ka != kb || memcmp(a, b, ka)) return 0;
    /* a long slug of three words or more: a template's id over its own
     * heading is short ("comments" over "Comments", "related-posts") */
    int words = 1;
    for (size_t k = 0; k < kb; k++) words += b[k] == '-';
    return kb >= 20 && words >= 3;
}

static cls_t classify(const wn_dom_t *d, int i, const wn_lexicon_t *v) {
    cls_t c = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    if (!v) v = &no_sets;
    scan_tokens(wn_dom_attr(d, i, "class"), &c, v);
    const char *id = wn_dom_attr(d, i, "id");
    if (id) {
        cls_t ci = {0, 0, 0, 0, 0, 0, 0, 0, 0};
        scan_tokens(id, &ci, v);
        if ((ci.boiler || ci.comment) && id_is_heading_slug(d, i, id)) return c;
        c.boiler += ci.boiler;
        c.comment += ci.comment;
        c.good += ci.good;
        c.header += ci.header;
        c.sub += ci.sub;
        c.hidden += ci.hidden;
        c.teaser += ci.teaser;
        c.weak += ci.weak;
        c.media += ci.media;
    }
    return c;
}



/* Tag properties: lexicon.c's table. */
static int is_blockish(int t) { return wn_tag_is(t, WN_TAG_SBLOCK); }
static int always_drop_tag(int t) { return wn_tag_is(t, WN_TAG_DROP); }

static int is_hidden(const wn_dom_t *d, int i) {
    if (wn_dom_attr(d, i, "hidden")) return 1;
    const char *ah = wn_dom_attr(d, i, "aria-hidden");
    if (ah && !strcasecmp(ah, "true")) return 1;
    const char *st = wn_dom_attr(d, i, "style");
    if (st) {
        char low[256];
        size_t k = 0;
        for (size_t j = 0; st[j] && k + 1 < sizeof low; j++)
            if (st[j] != ' ') low[k++] = (char)tolower((unsigned char)st[j]);
        low[k] = '\0';
        if (strstr(low, "display:none") || strstr(low, "visibility:hidden")) return 1;
    }
    return 0;
}

/* ---- aggregates ---- */

/* Recomputes the subtree aggregates (chars, link chars, commas) over the
 * nodes not pruned. One backwards sweep: children follow their parents. */
static void aggregate(wn_dom_t *d) {
    for (int i = 0; i < d->count; i++) {
        wn_node_t *n = &d->n[i];
        n->chars = n->link_chars = n->commas = n->paras = n->para_chars = 0;
    }
    for (int i = d->count - 1; i >= 0; i--) {
        wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) {
            n->chars = n->tw; /* wn_text_weight, measured by wn_dom_build */
            n->commas = n->tc;
            if (n->flags & WN_F_LINK) n->link_chars = n->chars;
        } else if (n->tag == GUMBO_TAG_P || n->tag == GUMBO_TAG_PRE) {
            if (n->chars > 0) {
                n->paras++;
                n->para_chars += n->chars - n->link_chars;
            }
        }
        if (n->parent >= 0 && !(n->flags & WN_F_DROP)) {
            wn_node_t *p = &d->n[n->parent];
            p->chars += n->chars;
            p->link_chars += n->link_chars;
            p->commas += n->commas;
            p->paras += n->paras;
            p->para_chars += n->para_chars;
        }
    }
}

static double link_density(const wn_node_t *n) { return n->chars ? (double)n->link_chars / n->chars : 0.0; }

/* ---- stop words (jusText-like block classification) ---- */

/* Fraction of the words of s[0..n) that are stop words (ASCII-lowercased). */
static double stop_density(const char *s, size_t n, int *words_out, const wn_wordset_t *stop) {
    int words = 0, stops = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (isspace((unsigned char)s[i]) || (ispunct((unsigned char)s[i])))) i++;
        size_t j = i;
        while (j < n && !isspace((unsigned char)s[j]) && !ispunct((unsigned char)s[j])) j++;
        if (j > i) {
            words++;
            char w[32];
            size_t l = j - i;
            if (l < sizeof w) {
                for (size_t k = 0; k < l; k++) w[k] = (char)tolower((unsigned char)s[i + k]);
                w[l] = '\0';
                if (wn_wordset_in(stop, wn_lex_stopwords, w, l)) stops++;
            }
        }
        i = j;
    }
    *words_out = words;
    return words ? (double)stops / words : 0.0;
}

/* ---- choice ---- */

#define MAX_ROOTS 4096
/* A listing's items give way to an article chosen beside them with this
 * much prose (good blocks) outside them. */
#define ITEMS_PROSE_MAX 300
/* A service page's sections give way to the article's choice holding this
 * many tenths of the page's good text. */
#define SECTIONS_CHOSEN_MAX 8
#define SECTIONS_ARTICLE_MIN 1000 /* ... and at least this much of it */
/* The page-level check: when the chosen content holds less than FB_TRIGGER
 * of the text of the page's good blocks, the smallest element holding
 * FB_COVER of it is taken instead (tuned on the dev set). */
#define FB_TRIGGER 0.5
#define FB_COVER 0.95
/* When the choice holds less than CLIMB_TRIGGER of the good text, its
 * lowest ancestor holding 80% of it is tried first. */
#define CLIMB_TRIGGER 0.6

#ifdef WN_DEBUG
#define DROPWHY(r)                                                                                               \
    do {                                                                                                         \
        char tb_[8192];                                                                                           \
        wn_dom_text(d, i, 0, tb_, sizeof tb_);                                                                   \
        fprintf(stderr, "DROP %s <%s class=%s id=%s> [paras=%u pc=%u chars=%u ld=%.2f] %s\n", r,                  \
                gumbo_normalized_tagname((GumboTag)n->tag), wn_dom_attr(d, i, "class"), wn_dom_attr(d, i, "id"),   \
                n->paras, n->para_chars, n->chars, link_density(n), tb_);                                         \
    } while (0)
#else
#define DROPWHY(r)
#endif

#ifdef WN_DEBUG
#define OFF(name) (getenv(name) != NULL)
#else
#define OFF(name) 0
#endif

static int is_ancestor(const wn_dom_t *d, int a, int b) { return a <= b && b < d->n[a].end; }

/* The content score of paragraph-like blocks, given to ancestors. */
static void score_blocks(wn_dom_t *d, const int *blk, const uint32_t *own, const uint32_t *own_link,
                         const uint32_t *own_commas) {
    for (int i = 0; i < d->count; i++) d->n[i].score = 0;
    for (int i = 0; i < d->count; i++) {
        wn_node_t *n = &d->n[i];
        if ((n->flags & (WN_F_TEXT | WN_F_DEAD)) || !own[i]) continue;
        (void)blk;
        if (own[i] < 25) continue;
        if (own_link[i] * 2 > own[i]) continue; /* a link list, not prose */
        double s = 1.0 + own_commas[i] + (own[i] / 100 > 3 ? 3 : own[i] / 100);
        int p = n->parent, level = 0;
        /* a div with its own text counts like a <p> inside it */
        if (!wn_tag_is(n->tag, WN_TAG_PARA)) p = i;
        while (p >= 0 && level < 3) {
            wn_node_t *pn = &d->n[p];
            double div = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
            pn->score += (float)(s / div);
            p = pn->parent;
            level++;
        }
    }
}

/* Readability's initial score of a candidate: its tag's weight (lexicon.c:
 * +5 div/article/main, +3 pre/td/blockquote, -3 lists and forms, -5
 * headings and th) and its class words. */
static double initial_score(const wn_dom_t *d, int i) {
    const wn_node_t *n = &d->n[i];
    double s = n->tag >= 0 ? wn_tag_table[n->tag].weight : 0;
    return s + n->class_weight;
}

/* Nonzero if subtree i has an element whose class names a forum poster
 * ("username", "postprofile", "user-info"); a blog's "author" is not one.
 * `set`: wn_lex_poster as a case-insensitive wn_substrset_t, or NULL. */
static int has_poster(const wn_dom_t *d, int i, const wn_substrset_t *set) {
    const char *const *subs = wn_lex_poster;
    for (int j = i + 1; j < d->n[i].end && j < i + 400; j++) {
        if (d->n[j].flags & WN_F_TEXT) continue;
        const char *c = wn_dom_attr(d, j, "class");
        if (!c) continue;
        if (set) {
            if (wn_substrset_in(set, subs, c)) return 1;
            continue;
        }
        for (int k = 0; subs[k]; k++)
            if (wn_ci_contains(c, subs[k])) return 1;
    }
    return 0;
}

/* Inside comment sections: drop what is about a comment rather than its
 * text -- poster names, dates, "Reply" links, vote counts, headings like
 * "4 comments on ...", forms. */
static void prune_comment_meta(wn_dom_t *d, int root) {
    for (int j = root + 1; j < d->n[root].end; j++) {
        wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_TEXT) continue;
        if (n->flags & WN_F_DROP) {
            j = n->end - 1;
            continue;
        }
        int t = n->tag, drop = 0;
        if (t == GUMBO_TAG_TIME || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_HEADER || is_heading(t) ||
            t == GUMBO_TAG_FORM || t == GUMBO_TAG_CITE || t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE)
            drop = 1;
        const char *cl = wn_dom_attr(d, j, "class");
        const char *id = wn_dom_attr(d, j, "id");
        /* (a whole comment may be named "comment-author-x bypostauthor":
         * names only count on boxes without paragraphs) */
        if (!drop && (cl || id) && n->paras <= (t == GUMBO_TAG_P ? 1u : 0u))
            for (int k = 0; wn_lex_comment_meta[k] && !drop; k++)
                if (wn_dom_has_token(d, j, wn_lex_comment_meta[k])) drop = 1;
        if (!drop && n->chars > 0 && n->chars < 120 && link_density(n) > 0.5) drop = 1;
        if (!drop && t == GUMBO_TAG_A && n->chars < 30) drop = 1;
        if (drop) {
            n->flags |= WN_F_DROP;
            j = n->end - 1;
        }
    }
}

/* A forum thread: sibling posts with the same class, each naming its poster.
 * The first is the article, the replies are comments (corpus/README). */
static int mark_forum_replies(wn_dom_t *d, const uint32_t *raw, const wn_substrset_t *poster) {
    for (int p = 0; p < d->count; p++) {
        wn_node_t *pn = &d->n[p];
        if ((pn->flags & (WN_F_TEXT | WN_F_DEAD)) || pn->end - p < 4) continue;
        int first = -1, n_posts = 0;
        for (int j = p + 1; j < pn->end; j = d->n[j].end) {
            wn_node_t *c = &d->n[j];
            if ((c->flags & (WN_F_TEXT | WN_F_DEAD)) || raw[j] < 40) continue;
            if (!wn_dom_has_token(d, j, "post") || !has_poster(d, j, poster)) continue;
            if (first < 0) first = j;
            n_posts++;
        }
        if (n_posts < 2) continue;
        d->n[first].flags |= WN_F_GOODHINT;
        d->n[first].class_weight += 25;
        prune_comment_meta(d, first);
        for (int j = p + 1; j < pn->end; j = d->n[j].end) {
            if (j == first || (d->n[j].flags & (WN_F_TEXT | WN_F_DEAD)) || raw[j] < 40) continue;
            if (wn_dom_has_token(d, j, "post") && has_poster(d, j, poster))
                d->n[j].flags |= WN_F_DROP | WN_F_DEAD | WN_F_COMMENTS;
        }
        return first;
    }
    return -1;
}

/* Normalised equality of two texts (whitespace runs are one space). */
static int same_text(const char *a, const char *b) {
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    while (*a && *b) {
        if (*a == ' ' || *b == ' ') {
            if (*a != ' ' || *b != ' ') return 0;
            while (*a == ' ') a++;
            while (*b == ' ') b++;
            continue;
        }
        if (*a != *b) return 0;
        a++;
        b++;
    }
    while (*a == ' ') a++;
    while (*b == ' ') b++;
    return !*a && !*b;
}

/* Nonzero if node j has a <header> ancestor below root r. */
static int in_header(const wn_dom_t *d, int r, int j) {
    for (int p = d->n[j].parent; p > r; p = d->n[p].parent)
        if (d->n[p].tag == GUMBO_TAG_HEADER) return 1;
    return 0;
}

/* Nonzero if `t` is the title or the title begins with it (or vice versa),
 * compared without case. */
static int like_title(const char *t, const char *title) {
    if (!title || !*title || !*t) return 0;
    size_t a = strlen(t), b = strlen(title);
    if (a == b) return !strcasecmp(t, title);
    if (a > b) return b >= 12 && !strncasecmp(t, title, b);
    return a >= 12 && !strncasecmp(t, title, a);
}

/* Nonzero if the word w[0..l) starts with a month name the byline test
 * knows (lexicon.c, WN_MONTH_BYLINE). */
static int month_word(const char *w, size_t l) {
    if (l < 3) return 0;
    for (const wn_month_t *m = wn_lex_months; m->prefix; m++) {
        if (!(m->use & WN_MONTH_BYLINE)) continue;
        if (((unsigned char)m->prefix[0] | 0x20) != ((unsigned char)w[0] | 0x20)) continue; /* cheap first test */
        size_t ml = strlen(m->prefix);
        if (l >= ml && !strncasecmp(w, m->prefix, ml)) return 1;
    }
    return 0;
}

/* Nonzero if w[0..l) is a numeric date: day.month.year, month/day/year or
 * year-month-day (1-2 digit day and month, 2 or 4 digit year), maybe
 * followed by punctuation or an ISO time ("2019-05-12T09:30"), maybe after
 * a label without a blank; or a span of years ("2001-2024"). A phone
 * number ("158-23-2012") or a postcode is not one. */
static int numeric_date(const char *w, size_t l) {
    size_t g[3] = {0, 0, 0}, k = 0, i = 0;
    char sep = 0;
    while (i < l && !isdigit((unsigned char)w[i])) i++; /* a label glued on: "时间：2017-03-10" */
    while (i < l && k < 3) {
        size_t st = i;
        while (i < l && isdigit((unsigned char)w[i])) i++;
        g[k++] = i - st;
        if (i - st == 0) return 0;
        if (k == 3 || i >= l) break;
        if ((w[i] != '.' && w[i] != '/' && w[i] != '-') || i + 1 >= l || !isdigit((unsigned char)w[i + 1]))
            break;
        if (sep && w[i] != sep) return 0;
        sep = w[i++];
    }
    if (k == 2 && g[0] == 4 && g[1] == 4 && sep == '-') return 1; /* a span of years: "2001-2024" */
    if (k != 3) return 0;
    if (i < l && w[i] != 'T' && isalnum((unsigned char)w[i])) return 0;
    return (g[0] <= 2 && g[1] <= 2 && (g[2] == 2 || g[2] == 4)) || (g[0] == 4 && g[1] <= 2 && g[2] <= 2);
}

/* A byline or dateline: a short line with a date ("12.03.2024", "3 de mayo
 * de 2025", "Mar 8, 2025") or a "By ..." lead-in. News pages put one above
 * or below nearly every article; it is metadata, not text. */
static int looks_like_byline(const char *s, size_t n) {
    if (n == 0 || n > 320) return 0;
    /* reading time: "5 min read", "Lesezeit 4 Minuten" */
    if (n < 80)
        for (int k = 0; wn_lex_read_time[k]; k++)
            if (memmem(s, n, wn_lex_read_time[k], strlen(wn_lex_read_time[k]))) return 1;
    /* "记者 林涛" (a reporter's name alone), "김민수 기자 minsu@...", "2024年2月15日" */
    if (n < 40 && (!strncmp(s, "记者", 6) || !strncmp(s, "記者", 6))) return 1;
    if (memmem(s, n, "\xea\xb8\xb0\xec\x9e\x90", 6) && memchr(s, '@', n)) return 1;
    if (memmem(s, n, "\xe5\xb9\xb4", 3) && memmem(s, n, "\xe6\x9c\x88", 3) && n < 80) {
        int dig = 0;
        for (size_t k = 0; k < n; k++)
            if (isdigit((unsigned char)s[k])) dig++;
        if (dig >= 4) return 1;
    }
    int words = 0, year = 0, numdate = 0, month = 0, day = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t j = i;
        while (j < n && s[j] != ' ') j++;
        if (j > i) {
            words++;
            if (words > 16) return 0; /* the answer below for so many words */
            const char *w = s + i;
            size_t l = j - i;
            size_t digits = 0;
            for (size_t k = 0; k < l; k++)
                if (isdigit((unsigned char)w[k])) digits++;
            if (digits == 4 && l <= 5 && (!strncmp(w, "19", 2) || !strncmp(w, "20", 2))) year = 1;
            else if (digits >= 1 && digits <= 2 && l <= 4) day = 1;
            if (digits >= 6 && numeric_date(w, l)) {
                numdate = 1;
                year = 1;
            }
            if (isalpha((unsigned char)w[0]) || (unsigned char)w[0] >= 0x80)
                if (month_word(w, l)) month = 1;
        }
        i = j;
    }
    /* relative dates and view counters: "Asked 8 months ago", "Viewed 2k times" */
    if (n < 40) {
        int digit = 0;
        for (size_t k = 0; k < n; k++)
            if (isdigit((unsigned char)s[k])) digit = 1;
        if (digit && (memmem(s, n, " ago", 4) || memmem(s, n, " times", 6) || memmem(s, n, " views", 6) ||
                      memmem(s, n, "Aufrufe", 7)))
            return 1;
    }
    /* a dateline on its own: "Brussels CNN —", "WASHINGTON (AP) -" */
    {
        size_t e = n;
        while (e && (s[e - 1] == ' ' || (e >= 2 && (unsigned char)s[e - 2] == 0xC2 && (unsigned char)s[e - 1] == 0xA0)))
            e -= s[e - 1] == ' ' ? 1 : 2;
        int dash = (e >= 3 && (!memcmp(s + e - 3, "\xe2\x80\x94", 3) || !memcmp(s + e - 3, "\xe2\x80\x93", 3))) ||
                   (e >= 1 && s[e - 1] == '-');
        if (dash && words <= 5 && e < 40) return 1;
    }
    if (words > 16) return 0;
    if (words >= 8 && s[n - 1] == '.' && !memmem(s, n, "\xc2\xa9", 2)) {
        /* two sentences are text, not a dateline ("Am 5. November 2021 wird
         * sie 100 Jahre alt. Herzlichen Glückwunsch."); a copyright line is not */
        for (size_t k = 2; k + 1 < n; k++)
            if ((s[k] == '.' || s[k] == '!') && s[k + 1] == ' ' && isalpha((unsigned char)s[k - 1]) &&
                isalpha((unsigned char)s[k - 2]))
                return 0;
    }
    /* "Deadline: 03.11.2019", "Termin: 29.02.2020, 19 Uhr": a short line of
     * a label and a date of the article's subject (the byline labels are
     * lead-ins below) */
    int labelled = 0;
    if (!OFF("R_DLABEL")) {
        /* labels that do date or credit the page itself */
        size_t k = 0;
        while (k < n && k < 24 && (isalpha((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80)) k++;
        labelled = k >= 3 && k < n && s[k] == ':' && words <= 5 && !memchr(s, '|', n);
        for (int w = 0; labelled && wn_lex_own_date[w]; w++)
            if (strlen(wn_lex_own_date[w]) == k && !strncasecmp(s, wn_lex_own_date[w], k)) labelled = 0;
    }
    if (words <= 14 && (numdate || (year && month && day)) && !labelled) return 1;
    for (const wn_lead_t *ld = wn_lex_leads; ld->text; ld++)
        if ((ld->use & WN_LEAD_LINE) && (!ld->text[0] || ld->text[0] == s[0]) &&
            !strncmp(s, ld->text, strlen(ld->text)) && words <= 16)
            return 1;
    return 0;
}

/* Nonzero if s[0..n) has no letter or digit at all ("💡", "* * *"). */
static int symbols_only(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c)) return 0;
        /* non-ASCII below the symbol blocks (U+2000) counts as a letter */
        if (c >= 0xC2 && c < 0xE2) return 0;
        if (c >= 0xE3 && c <= 0xED) return 0; /* CJK, hangul, ... */
    }
    return 1;
}

/* Nonzero for a short count with no words: "14", "1.2K", "(3)" -- votes,
 * claps, share counts. */
static int count_only(const char *s, size_t n) {
    if (n == 0 || n > 12) return 0;
    int digits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isdigit(c)) digits++;
        else if (isalpha(c) && !(i == n - 1 && (c == 'K' || c == 'k' || c == 'M'))) return 0;
        else if (c >= 0x80) return 0;
    }
    return digits > 0;
}

static int ends_sentence(const char *s, size_t n) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == ')')) n--;
    if (!n) return 0;
    char c = s[n - 1];
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') return 1;
    return n >= 3 && ((unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
                      (unsigned char)s[n - 1] == 0x82); /* 。 */
}

/* Number of blank-separated words in s[0..n). */
static int count_words(const char *s, size_t n) {
    int w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' ')) w++;
    return w;
}

/* Nonzero if s[0..n) is a picture's caption or credit line: it names a
 * photographer or an image source ("Foto: A. Example", "(Credit: ...)",
 * "© Agency") or numbers a figure ("Abbildung 4: ...", "Fig. 2:"). */
/* `set`: wn_lex_credit_marks as a wn_substrset_t, or NULL; s is NUL-terminated. */
static int credit_line(const char *s, size_t n, const wn_substrset_t *set) {
    if (n == 0 || n >= 300) return 0;
    if (memchr(s, ':', n) && wn_substrset_in(set, wn_lex_credit_marks, s)) return 1;
    /* "©" opening a word: "© Agency", "(© Agency)"; not "manifesto™©" */
    for (const char *c = s; (c = memmem(c, n - (size_t)(c - s), "\xc2\xa9", 2)) != NULL; c += 2)
        if (c == s || c[-1] == ' ' || c[-1] == '(' || c[-1] == ',') return 1;
    const char *const *fig = wn_lex_figure;
    for (int k = 0; fig[k]; k++) {
        size_t fl = strlen(fig[k]);
        if (n > fl + 2 && !strncmp(s, fig[k], fl) && isdigit((unsigned char)s[fl])) {
            size_t e = fl;
            while (e < n && isdigit((unsigned char)s[e])) e++;
            if (e < n && s[e] == ':') return 1;
        }
    }
    return 0;
}

/* Nonzero if s (NUL-terminated) speaks of the site rather than of the
 * article's subject: its comments ("Leave a comment", "Kommentar
 * verfassen", "3 commentaires"), newsletter, cookies, privacy or legal
 * pages, subscriptions, copyright. The singular English "comment" is left
 * out: "declined to comment" is news text. Callers keep to short lines (14
 * words at most): a sentence about these is text. */
/* `set`: wn_lex_site_words as a case-insensitive wn_substrset_t, or NULL. */
static int about_site(const char *s, const wn_substrset_t *set) {
    if (set) return wn_substrset_in(set, wn_lex_site_words, s);
    for (int k = 0; wn_lex_site_words[k]; k++)
        if (wn_ci_contains(s, wn_lex_site_words[k])) return 1;
    return 0;
}

static int is_img_only(const wn_dom_t *d, int i) {
    const wn_node_t *n = &d->n[i];
    if (n->tag == GUMBO_TAG_IMG) return 1;
    if (n->chars > 0) return 0;
    for (int j = i + 1; j < n->end; j++)
        if (d->n[j].tag == GUMBO_TAG_IMG) return 1;
    return 0;
}

/* A list whose items say something besides their links ("<a>A guide to
 * X</a>, with <a>live demos</a> of the common mistakes."): a reading list
 * in the article, not navigation. Items average 15+ characters of plain text. */
static int annotated_list(const wn_dom_t *d, int i) {
    const wn_node_t *n = &d->n[i];
    if (n->tag != GUMBO_TAG_UL && n->tag != GUMBO_TAG_OL) return 0;
    int items = 0;
    for (int j = i + 1; j < n->end; j = d->n[j].end)
        if (d->n[j].tag == GUMBO_TAG_LI) items++;
    return items > 0 && (n->chars - n->link_chars) >= (uint32_t)items * 15;
}

/* A caption: a short block sharing a wrapper with nothing but an image. */
static int is_caption(const wn_dom_t *d, int i) {
    const wn_node_t *n = &d->n[i];
    if (n->chars == 0 || n->chars > 200 || n->parent < 0 || n->paras > (n->tag == GUMBO_TAG_P ? 1u : 0u)) return 0;
    for (int j = i + 1; j < n->end; j++)
        if (d->n[j].tag == GUMBO_TAG_P || d->n[j].tag == GUMBO_TAG_DIV) return 0;
    /* Stops at the first sibling that is neither the image nor pruned: on a
     * page of 50,000 sibling paragraphs a full scan per block is quadratic. */
    int p = n->parent, img = 0;
    for (int j = p + 1; j < d->n[p].end; j = d->n[j].end) {
        const wn_node_t *c = &d->n[j];
        if (j == i) continue;
        if (c->flags & WN_F_TEXT) {
            if (c->chars > 0) return 0;
            continue;
        }
        if (c->flags & WN_F_DROP) continue;
        if (is_img_only(d, j) && j < i) {
            if (++img > 1) return 0;
        } else {
            return 0;
        }
    }
    return img == 1;
}

/* Prunes residual boilerplate inside the chosen subtrees: link lists,
 * "Read more: <link>" lines and link-only teasers, kickers and labels above
 * the article's title, bylines and datelines, image captions. (A block equal
 * to the meta description is NOT dropped: sites often copy their first
 * paragraph there; that rule cost 2% of snippet recall on the dev set.) */
/* Nonzero if block b is a label: a heading, a line ending in ':' or '?',
 * or a line that is all <strong>/<b>. */
static int is_label(const wn_dom_t *d, int b, const char *txt, size_t l) {
    if (is_heading(d->n[b].tag)) return 1;
    if (l && (txt[l - 1] == ':' || txt[l - 1] == '?')) return 1;
    int strong = 0, plain = 0;
    for (int j = b + 1; j < d->n[b].end; j++) {
        const wn_node_t *n = &d->n[j];
        if (!(n->flags & WN_F_TEXT) || n->chars == 0) continue;
        int in_b = 0;
        for (int p = n->parent; p > b; p = d->n[p].parent)
            if (d->n[p].tag == GUMBO_TAG_STRONG || d->n[p].tag == GUMBO_TAG_B) in_b = 1;
        if (in_b) strong = 1;
        else plain = 1;
    }
    return strong && !plain;
}

/* A label whose following siblings were all pruned introduced what was
 * pruned: "Mehr zum Thema:" before a related-links list, "Auch interessant"
 * before teasers. (A label with no following sibling at all is left: it may
 * be the article's last line.) */
static void prune_orphan_labels(wn_dom_t *d, const int *roots, int n_roots) {
    char buf[256];
    for (int k = 0; k < n_roots; k++) {
        int r = roots[k];
        for (int j = r + 1; j < d->n[r].end; j++) {
            wn_node_t *n = &d->n[j];
            if (n->flags & WN_F_TEXT) continue;
            if (n->flags & WN_F_DROP) {
                j = n->end - 1;
                continue;
            }
            int t = n->tag;
            if (!(t == GUMBO_TAG_P || t == GUMBO_TAG_DIV || is_heading(t)) || n->chars == 0 || n->chars > 80)
                continue;
            int p = n->parent, following = 0, alive = 0, link_line = -1;
            for (int s = n->end; p >= 0 && s < d->n[p].end; s = d->n[s].end) {
                const wn_node_t *sn = &d->n[s];
                if ((sn->flags & WN_F_TEXT) && sn->chars == 0) continue;
                following++;
                if (!(sn->flags & WN_F_DROP) && sn->chars > 0) {
                    /* a short line of links right after a label is what it
                     * introduces ("Schon gelesen?" <a>...</a>): both go */
                    if (!(sn->flags & WN_F_TEXT) && sn->chars < 300 && sn->link_chars * 10 > sn->chars * 8 &&
                        !OFF("R_LABELLINK"))
                        link_line = s;
                    else
                        alive = 1;
                    break; /* stop here: a full scan per block is quadratic */
                }
            }
            if (!following || alive) continue;
            size_t l = wn_dom_text(d, j, 1, buf, sizeof buf);
            if (!is_label(d, j, buf, l)) continue;
            if (link_line >= 0) d->n[link_line].flags |= WN_F_DROP;
#ifdef WN_DEBUG
            fprintf(stderr, "LDROP %s\n", buf);
#endif
            n->flags |= WN_F_DROP;
            j = n->end - 1;
        }
    }
}

/* Nonzero if node j (inside root r) or one of its ancestors below r is pruned. */
static int dropped_within(const wn_dom_t *d, int r, int j) {
    for (int p = j; p >= r && p >= 0; p = d->n[p].parent)
        if (d->n[p].flags & WN_F_DROP) return 1;
    return 0;
}

/* The blocks at the edges of the article: a byline or credit first or last
 * ("Publié le ... par", "Материал подготовила ...", "【责任编辑：...】"), and
 * at the end a signature ("Mrs J. Whitfield / Headteacher"). Walks inwards from each end and stops
 * at the first block that is article text. */
static void prune_edges(wn_dom_t *d, const int *roots, int n_roots, const uint32_t *own, const wn_meta_t *m) {
    char buf[512];
    /* the site's own name (og:site_name, else the canonical host's main
     * label: "example" of www.example.com), for self-promotion at the end */
    char site[64], host[64];
    size_t sl = 0, hl = 0;
    if (m && m->site_name) {
        sl = strlen(m->site_name);
        if (sl >= sizeof site || sl < 4) sl = 0;
        else memcpy(site, m->site_name, sl + 1);
    }
    if (m && m->canonical_url) {
        const char *h = strstr(m->canonical_url, "://");
        h = h ? h + 3 : m->canonical_url;
        if (!strncasecmp(h, "www.", 4)) h += 4;
        size_t e = strcspn(h, ".:/");
        if (h[e] == '.' && e >= 4 && e < sizeof host) {
            memcpy(host, h, e);
            host[e] = '\0';
            hl = e;
        }
    }
    if (n_roots <= 0) return;
    /* a page of one or two blocks has no edges to trim */
    int blocks = 0;
    for (int k = 0; k < n_roots && blocks < 3; k++)
        for (int j = roots[k]; j < d->n[roots[k]].end && blocks < 3; j++)
            if (!(d->n[j].flags & WN_F_TEXT) && own[j] > 0 && !dropped_within(d, roots[k], j)) blocks++;
    if (blocks < 3) return;
    uint32_t total = 0;
    for (int k = 0; k < n_roots; k++) total += d->n[roots[k]].chars;
    /* a trailing "<br><a>Source link</a>": the last text of the article is
     * a short link set off by a line break */
    {
        int r = roots[n_roots - 1], last = -1;
        for (int j = d->n[r].end - 1; j > r; j--)
            if ((d->n[j].flags & WN_F_TEXT) && d->n[j].chars > 0 && !dropped_within(d, r, j)) {
                last = j;
                break;
            }
        int a = last >= 0 ? d->n[last].parent : -1;
        if (a > r && d->n[a].tag == GUMBO_TAG_A && d->n[a].chars < 40 && total >= 500) {
            int prev = -1;
            for (int j = d->n[a].parent + 1; j < a; j = d->n[j].end)
                if (!(d->n[j].flags & WN_F_TEXT) || d->n[j].chars > 0) prev = j;
            if (prev >= 0 && d->n[prev].tag == GUMBO_TAG_BR) d->n[a].flags |= WN_F_DROP;
        }
    }
    for (int side = 0; side < 2; side++) {
        int seen = 0, site_seen = 0; /* after a site line, only site lines and bylines go */
        for (int k = side ? n_roots - 1 : 0; side ? k >= 0 : k < n_roots; k += side ? -1 : 1) {
            int r = roots[k];
            int first = r, last = d->n[r].end - 1;
            for (int j = side ? last : first; side ? j >= first : j <= last; j += side ? -1 : 1) {
                wn_node_t *n = &d->n[j];
                if ((n->flags & WN_F_TEXT) || own[j] == 0 || dropped_within(d, r, j)) continue;
                int t = n->tag;
                if (t == GUMBO_TAG_H1) continue; /* the title: rendered or not, it is not the edge */
                size_t l = wn_dom_text(d, j, 1, buf, sizeof buf);
                if (l == 0) continue;
                int drop = (!OFF("R_EBY") && looks_like_byline(buf, l)) || symbols_only(buf, l);
                if (!drop && side == 1 && total >= 500 && !site_seen && !is_heading(t) && t != GUMBO_TAG_LI && t != GUMBO_TAG_TD &&
                    t != GUMBO_TAG_TH && t != GUMBO_TAG_PRE) {
                    /* (dropping fully emphasised closing lines cost recall on the dev set) */
                    if (n->chars < 40 && !OFF("R_SIG") && !ends_sentence(buf, l)) drop = 1;
                    else if (n->chars < 60 && buf[l - 1] == '?') drop = 1; /* "Was this article helpful?" */
                }
                /* a short unpunctuated line opening the article: a kicker, a
                 * section label, a name over it */
                if (!drop && side == 0 && total >= 500 && !is_heading(t) && t != GUMBO_TAG_LI && t != GUMBO_TAG_TD &&
                    t != GUMBO_TAG_TH && t != GUMBO_TAG_PRE && n->chars < 40 && !OFF("R_SSIG") && !ends_sentence(buf, l) &&
                    buf[l - 1] != ',') /* (a salutation opens a letter) */
                    drop = 1;
                /* a label that ends the article introduces what was pruned
                 * after it ("More on this:") */
                if (!drop && side == 1 && total >= 500 && n->chars < 100 && buf[l - 1] == ':' && !OFF("R_ELABEL"))
                    drop = 1;
                /* the site speaking of itself after the article: "Follow
                 * <site> on ...", "<site> is ...", copyright lines */
                if (!drop && side == 1 && total >= 500 && n->chars < 300 && !is_heading(t) && !OFF("R_ESITE") &&
                    ((sl && strcasestr(buf, site)) || (hl && strcasestr(buf, host))) &&
                    (n->link_chars > 0 || memchr(buf, '@', l) || strstr(buf, "\xc2\xa9")) &&
                    !(m->author && strlen(m->author) >= 4 && strcasestr(buf, m->author))) {
                    drop = 1;
                    site_seen = 1;
                }
                if (!drop) {
                    seen = 99; /* article text: this edge is done */
                    break;
                }
#ifdef WN_DEBUG
                fprintf(stderr, "EDROP %s\n", buf);
#endif
                n->flags |= WN_F_DROP;
                if (++seen >= 4) break;
            }
            if (seen >= 4) break;
        }
    }
}

/* Nonzero if the next sibling of node j with text (or an element) is a
 * <p> with text. */
static int next_is_para(const wn_dom_t *d, int j) {
    int p = d->n[j].parent;
    if (p < 0) return 0;
    for (int s = d->n[j].end; s < d->n[p].end; s = d->n[s].end) {
        const wn_node_t *sn = &d->n[s];
        if (sn->flags & WN_F_TEXT) {
            if (sn->chars == 0) continue;
            return 0;
        }
        if (sn->flags & WN_F_DROP) continue;
        return sn->tag == GUMBO_TAG_P && sn->chars > 0;
    }
    return 0;
}

/* Nonzero if paragraph j stands apart from the body: no later sibling is
 * a paragraph, and a later sibling holds two or more. A summary above the
 * story's container is a standfirst; a first paragraph that the site also
 * copied into the description has the rest of the story beside it. */
static int outside_body(const wn_dom_t *d, int j) {
    int p = d->n[j].parent;
    if (p < 0 || d->n[j].tag != GUMBO_TAG_P) return 0;
    int body = 0;
    for (int s = d->n[j].end, k = 0; s < d->n[p].end && k < 64; s = d->n[s].end, k++) {
        const wn_node_t *sn = &d->n[s];
        if ((sn->flags & (WN_F_TEXT | WN_F_DROP)) || sn->chars == 0) continue;
        if (sn->tag == GUMBO_TAG_P) return 0;
        if (sn->paras >= 2) body = 1;
    }
    return body;
}

/* Characters of the links in subtree i whose text is an address: a URL
 * ("https://...", "www.example.org/x") or an e-mail address. */
static uint32_t address_link_chars(const wn_dom_t *d, int i) {
    char t[256];
    uint32_t sum = 0;
    for (int j = i + 1; j < d->n[i].end; j++) {
        const wn_node_t *a = &d->n[j];
        if (a->tag != GUMBO_TAG_A || (a->flags & WN_F_DROP)) continue;
        size_t l = wn_dom_text(d, j, 1, t, sizeof t);
        while (l && t[l - 1] == ' ') l--;
        size_t b = 0;
        while (b < l && t[b] == ' ') b++;
        if (l - b < 6 || memchr(t + b, ' ', l - b)) {
            j = a->end - 1;
            continue;
        }
        if (memmem(t + b, l - b, "://", 3) || !strncasecmp(t + b, "www.", 4) || memchr(t + b, '@', l - b))
            sum += a->chars;
        j = a->end - 1;
    }
    return sum;
}

/* `bias` (wn_options_t.bias) moves the thresholds: -1 (precision) prunes
 * link-dense blocks sooner; +1 (recall) prunes them later and keeps the
 * article's edges, labels and captions. */
static void prune_residual(wn_dom_t *d, const int *roots, int n_roots, const wn_meta_t *m, const uint32_t *own,
                           int bias, const wn_lexicon_t *v) {
    char buf[512];
    double list_ld = bias < 0 ? 0.45 : bias > 0 ? 0.8 : 0.6;  /* link lists */
    double teaser_ld = bias < 0 ? 0.35 : bias > 0 ? 0.7 : 0.5; /* "Read more: <link>" lines */
    /* the article's title heading: what precedes it in the content is a
     * kicker, a breadcrumb or a label ("Member-only story") */
    int h1 = -1;
    for (int k = 0; k < n_roots && h1 < 0; k++) {
        int r = roots[k];
        for (int j = r; j < d->n[r].end; j++) {
            wn_node_t *n = &d->n[j];
            if (n->flags & WN_F_DROP) {
                j = n->end - 1;
                continue;
            }
            if (n->flags & WN_F_TEXT) continue;
            const char *role = wn_dom_attr(d, j, "role");
            const char *lvl = wn_dom_attr(d, j, "aria-level");
            int aria_h1 = role && !strcasecmp(role, "heading") && lvl && !strcmp(lvl, "1");
            if (n->tag != GUMBO_TAG_H1 && !aria_h1) continue;
            wn_dom_text(d, j, 1, buf, sizeof buf);
            if (m && like_title(buf, m->title)) {
                h1 = j;
                if (aria_h1) n->flags |= WN_F_DROP; /* the title is metadata */
            }
            break;
        }
    }
    for (int k = 0; k < n_roots; k++) {
        int r = roots[k];
        if (h1 >= 0 && r < h1 && h1 < d->n[r].end && !OFF("R_TITLE")) {
            for (int j = r + 1; j < h1;) {
                if (j < h1 && h1 < d->n[j].end) {
                    j++; /* an ancestor of the title */
                    continue;
                }
                if (!(d->n[j].flags & WN_F_TEXT) || d->n[j].chars) {
                    d->n[j].flags |= WN_F_DROP;
#ifdef WN_DEBUG
                    wn_dom_text(d, j, 1, buf, sizeof buf);
                    fprintf(stderr, "TDROP %s\n", buf);
#endif
                }
                j = d->n[j].end;
            }
        }
        if (h1 >= 0 && r <= h1 && h1 < d->n[r].end && !OFF("R_DEK")) {
            /* between the title and the first paragraph: a dek, a byline
             * box, a disclosure -- blocks that are not paragraphs */
            for (int j = d->n[h1].end; j < d->n[r].end; j++) {
                wn_node_t *n = &d->n[j];
                if (n->flags & WN_F_TEXT) continue;
                if (n->flags & WN_F_DROP) {
                    j = n->end - 1;
                    continue;
                }
                if (own[j] == 0) continue;
                int t = n->tag;
                if (t == GUMBO_TAG_P || t == GUMBO_TAG_LI || t == GUMBO_TAG_PRE || t == GUMBO_TAG_BLOCKQUOTE ||
                    t == GUMBO_TAG_TD || t == GUMBO_TAG_TH || own[j] >= 150 || n->chars >= 300)
                    break;
                if (is_heading(t) && n->chars < 50 && next_is_para(d, j)) {
                    /* a short heading over the first paragraph opens the
                     * body ("Description" on a product page); a dek is a
                     * sentence, followed by a byline */
                    break;
                }
                {
                    /* unnamed blocks of 40+ characters there are the dev
                     * truth's lead as often as a dek: only named deks,
                     * bylines and short lines go */
                    int named = 0;
                    for (int q = j, lv = 0; q >= 0 && lv < 2 && !named; q = d->n[q].parent, lv++)
                        for (int w = 0; wn_lex_dek[w] && !named; w++)
                            if (wn_dom_has_token(d, q, wn_lex_dek[w])) named = 1;
                    size_t bl = wn_dom_text(d, j, 1, buf, sizeof buf);
                    if (!named && n->chars >= 40 && !OFF("R_DEKALL") && !looks_like_byline(buf, bl)) {
                        j = n->end - 1;
                        continue;
                    }
                }
                n->flags |= WN_F_DROP;
#ifdef WN_DEBUG
                wn_dom_text(d, j, 1, buf, sizeof buf);
                fprintf(stderr, "DEKDROP %s\n", buf);
#endif
                j = n->end - 1;
            }
        }
        for (int j = r + 1; j < d->n[r].end; j++) {
            wn_node_t *n = &d->n[j];
            if (n->flags & WN_F_TEXT) continue;
            if (n->flags & WN_F_DROP) {
                j = n->end - 1;
                continue;
            }
            int t = n->tag;
            double ld = link_density(n);
            if ((t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION ||
                 t == GUMBO_TAG_TABLE || t == GUMBO_TAG_DL) &&
                n->chars > 0 && ld > list_ld && n->para_chars < 200 && !annotated_list(d, j)) {
#ifdef WN_DEBUG
                wn_dom_text(d, j, 1, buf, sizeof buf);
                fprintf(stderr, "LLDROP %s\n", buf);
#endif
                n->flags |= WN_F_DROP;
                j = n->end - 1;
                continue;
            }
            /* "Read more: <link>" lines, link-only teasers inside the article
             * (a link that spells out an address -- a URL, an e-mail -- is
             * written for the reader to see: text) */
            if ((t == GUMBO_TAG_P || t == GUMBO_TAG_DIV) && n->chars > 0 && n->chars < 200 && ld > teaser_ld &&
                (OFF("R_ADDRLINK") ||
                 (double)(n->link_chars - address_link_chars(d, j)) / n->chars > teaser_ld)) {
#ifdef WN_DEBUG
                wn_dom_text(d, j, 1, buf, sizeof buf);
                fprintf(stderr, "TLDROP %s\n", buf);
#endif
                n->flags |= WN_F_DROP;
                j = n->end - 1;
                continue;
            }
            if ((t == GUMBO_TAG_P || t == GUMBO_TAG_DIV || t == GUMBO_TAG_ADDRESS || t == GUMBO_TAG_TIME ||
                 t == GUMBO_TAG_SMALL || t == GUMBO_TAG_SPAN || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3) &&
                n->chars > 0 && n->chars < 400) {
                size_t l = wn_dom_text(d, j, 1, buf, sizeof buf);
                int drop = 0;
                if (t != GUMBO_TAG_SPAN && !OFF("R_BYLINE") && looks_like_byline(buf, l)) drop = 1;
                else if (t != GUMBO_TAG_SPAN && (symbols_only(buf, l) || count_only(buf, l))) drop = 4;
                else if (t != GUMBO_TAG_SPAN && !OFF("R_CREDIT") && credit_line(buf, l, v->credit_marks))
                    drop = 6; /* a caption outside <figcaption>, a credit */
                else if (t != GUMBO_TAG_SPAN && l < 160 && !OFF("R_CPROMPT") && about_site(buf, v->site_words) &&
                         count_words(buf, l) <= 14)
                    drop = 5; /* a prompt to comment or subscribe, a legal line */
                else if (!OFF("R_DESC") && m && m->description && l >= 30 && t != GUMBO_TAG_SPAN &&
                         same_text(buf, m->description) &&
                         ((in_header(d, r, j) && (wn_dom_has_token(d, j, "excerpt") || wn_dom_has_token(d, j, "summary"))) ||
                          (outside_body(d, j) && wn_dom_has_token(d, j, "summary"))))
                    drop = 2; /* a standfirst named excerpt/summary, in the article's header
                              * (unnamed ones: the dev truth keeps them, 5 snippets) */
                else if (bias <= 0 && t != GUMBO_TAG_H2 && t != GUMBO_TAG_H3 && !OFF("R_CAP") && is_caption(d, j))
                    drop = 3;
                if (drop) {
#ifdef WN_DEBUG
                    fprintf(stderr, "RDROP %d %s\n", drop, buf);
#endif
                    n->flags |= WN_F_DROP;
                    j = n->end - 1;
                    continue;
                }
            }
        }
    }
    if (bias > 0) return;
    if (!OFF("R_LABEL")) prune_orphan_labels(d, roots, n_roots);
    if (!OFF("R_EDGE")) prune_edges(d, roots, n_roots, own, m);
}

int wn_in_chrome(const wn_dom_t *d, int i, const wn_lexicon_t *lx) {
    if (is_hidden(d, i) || classify(d, i, lx).hidden) return 1;
    for (int p = d->n[i].parent, k = 0; p >= 0 && k < 64; p = d->n[p].parent, k++) {
        int t = d->n[p].tag;
        if (t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN) return 0;
        if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_FORM ||
            is_hidden(d, p))
            return 1;
        const char *role = wn_dom_attr(d, p, "role");
        unsigned rf = wn_role(role);
        if (rf & WN_ROLE_CONTENT) return 0;
        if (rf & WN_ROLE_CHROME) return 1;
        if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML) return 0;
        cls_t c = classify(d, p, lx);
        if (c.good) return 0;
        if (c.boiler || c.comment) return 1;
    }
    return 0;
}

int wn_first_heading(const wn_dom_t *d, const int *roots, int n_roots) {
    for (int k = 0; k < n_roots; k++) {
        int r = roots[k];
        for (int j = r; j < d->n[r].end; j++) {
            const wn_node_t *n = &d->n[j];
            if (n->flags & WN_F_TEXT) continue;
            if (n->flags & WN_F_DROP) {
                j = n->end - 1;
                continue;
            }
            if ((n->tag == GUMBO_TAG_H1 || n->tag == GUMBO_TAG_H2 || n->tag == GUMBO_TAG_H3) && n->chars >= 4) return j;
            if (n->tag == GUMBO_TAG_P && n->chars > 0) return -1; /* text before any heading */
        }
    }
    return -1;
}

/* Nonzero if element i is named for the site's own chrome (navigation,
 * menus, footers, cookie notices, share bars, search, login): what an
 * item's or a section's spared box never is. */
static int site_chrome(const wn_dom_t *d, int i) {
    static const char *const words[] = {"nav", "navbar", "navigation", "menu", "menus", "submenu", "breadcrumb",
                                        "breadcrumbs", "pagination", "pager", "footer", "sidebar", "cookie",
                                        "cookies", "consent", "social", "share", "sharing", "skip", "topbar",
                                        "toolbar", "search", "login", "signin", "modal", "popup", "overlay",
                                        "dropdown", "offcanvas", "sitemap", "newsletter", "subscribe", NULL};
    for (int k = 0; words[k]; k++)
        if (wn_dom_has_token(d, i, words[k])) return 1;
    return 0;
}

/* Nonzero if subtree i holds text that is not pruned. */
static int has_text(const wn_dom_t *d, int i) {
    for (int j = i + 1; j < d->n[i].end; j++) {
        if (d->n[j].flags & WN_F_DROP) {
            j = d->n[j].end - 1;
            continue;
        }
        if ((d->n[j].flags & WN_F_TEXT) && d->n[j].tw > 0) return 1;
    }
    return 0;
}

/* Removes the chosen subtrees that the residual rules pruned whole (a
 * sibling that was only a dateline). */
static void drop_pruned_roots(const wn_dom_t *d, wn_choice_t *out) {
    int k = 0;
    for (int i = 0; i < out->n_roots; i++)
        if (!(d->n[out->roots[i]].flags & WN_F_DROP)) out->roots[k++] = out->roots[i];
    out->n_roots = k;
}

/* The lead: news templates put the first paragraph (a "lead", a hero
 * text) between the title <h1> and the body's container, so the choice
 * misses it. Blocks of prose there (80+ characters of their own text, few
 * links, the stop-word density of text) are added before the choice. Only
 * a stretch of LEAD_SPAN nodes after the title is looked at. */
#define LEAD_SPAN 1000
static void add_lead(const wn_dom_t *d, wn_choice_t *out, const wn_meta_t *m, const uint32_t *own,
                     const uint32_t *own_link, const wn_wordset_t *stop) {
    char buf[2048];
    if (!m || !m->title || out->n_roots >= MAX_ROOTS - 4) return;
    int first = out->roots[0], h1 = -1;
    for (int j = 0; j < first; j++) {
        const wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_DEAD) {
            j = n->end - 1;
            continue;
        }
        if (n->tag != GUMBO_TAG_H1 && n->tag != GUMBO_TAG_H2) continue;
        wn_dom_text(d, j, 1, buf, sizeof buf);
        if (like_title(buf, m->title)) {
            h1 = j; /* the title's heading (an <h2> on some templates): another
                     * <h1> may come first (a logo) */
            break;
        }
    }
    if (h1 < 0) {
        /* no title heading: a block named as a lead (80-1500 chars, under
         * 20% links) right before the choice, or before one of its two
         * nearest ancestors. One pass over each parent's children: linear. */
        int at = first;
        for (int lv = 0; lv < 3 && at >= 0 && !OFF("R_LEADNAMED"); lv++, at = d->n[at].parent) {
            int p = d->n[at].parent, prev = -1;
            if (p < 0) break;
            for (int c = p + 1; c < at; c = d->n[c].end)
                if (!(d->n[c].flags & (WN_F_TEXT | WN_F_DEAD | WN_F_DROP)) && d->n[c].chars > 0) prev = c;
            if (prev < 0) continue;
            const wn_node_t *pn = &d->n[prev];
            if (pn->chars < 80 || pn->chars > 1500 || pn->link_chars * 5 > pn->chars) continue;
            int named = 0;
            for (int w = 0; wn_lex_lead[w] && !named; w++)
                if (wn_dom_has_token(d, prev, wn_lex_lead[w])) named = 1;
            if (!named) continue;
            memmove(out->roots + 1, out->roots, (size_t)out->n_roots * sizeof *out->roots);
            out->roots[0] = prev;
            out->n_roots++;
            break;
        }
        return;
    }
    if (first - d->n[h1].end > LEAD_SPAN) return;
    int lead[3], nl = 0;
    for (int j = d->n[h1].end; j < first && nl < 3; j++) {
        const wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_TEXT) continue;
        if (n->flags & (WN_F_DEAD | WN_F_DROP)) {
            j = n->end - 1;
            continue;
        }
        if (is_ancestor(d, j, first)) continue;
        /* (a heading of 80+ characters there is a dek, which the dev truth keeps) */
        if (own[j] < 80 || own_link[j] * 5 > own[j] || n->tag == GUMBO_TAG_LI) continue;
        size_t l = wn_dom_text(d, j, 1, buf, sizeof buf);
        int words;
        double sd = stop_density(buf, l, &words, stop);
        int cjk = own[j] > (uint32_t)l / 2 && words < 5;
        if (sd < 0.25 && !cjk) continue;
        lead[nl++] = j;
        j = n->end - 1;
    }
    if (!nl) return;
    memmove(out->roots + nl, out->roots, (size_t)out->n_roots * sizeof *out->roots);
    for (int k = 0; k < nl; k++) out->roots[k] = lead[k];
    out->n_roots += nl;
#ifdef WN_DEBUG
    for (int k = 0; k < nl; k++) fprintf(stderr, "lead: %d\n", lead[k]);
#endif
}

/* The standfirst: a block before the choice whose text is the page's
 * meta description (60+ bytes) was pruned as a dek or missed by the
 * choice; the dev truth counts it as the article's lead, so it is put
 * back first. Hidden blocks stay out. Only blocks of about the
 * description's length are read. */
static void add_desc_lead(wn_dom_t *d, wn_choice_t *out, const wn_meta_t *m, int root) {
    char buf[2048];
    if (!m || !m->description || out->n_roots >= MAX_ROOTS - 1) return;
    size_t dl = strlen(m->description);
    if (dl < 60 || dl >= sizeof buf) return;
    int first = out->roots[0];
    for (int j = root; j < first; j++) {
        const wn_node_t *n = &d->n[j];
        if ((n->flags & WN_F_TEXT) || is_ancestor(d, j, first)) continue;
        if (is_hidden(d, j) || always_drop_tag(n->tag)) {
            j = n->end - 1;
            continue;
        }
        if (!is_blockish(n->tag) || n->chars * 4 < dl || n->chars > dl * 2) continue;
        wn_dom_text(d, j, 0, buf, sizeof buf);
        if (!same_text(buf, m->description)) continue;
        for (int p = n->parent, k = 0; p >= 0 && k < 512; p = d->n[p].parent, k++)
            if (is_hidden(d, p)) return;
        for (int q = j; q < n->end; q++) d->n[q].flags &= ~(unsigned)(WN_F_DROP | WN_F_DEAD);
        memmove(out->roots + 1, out->roots, (size_t)out->n_roots * sizeof *out->roots);
        out->roots[0] = j;
        out->n_roots++;
        return;
    }
}

wn_status wn_choose(wn_dom_t *d, wn_arena_t *a, const wn_options_t *opt, const wn_meta_t *m,
                    const wn_lexicon_t *lx, wn_page_type_t type, int group, wn_choice_t *out) {
    /* a thread: its answers and replies are content, not comments */
    int thread = type == WN_PAGE_FORUM;
    /* a listing or a collection: its items are the content, whatever their
     * class names, links or forms say (the items' box is spared the
     * vocabulary, form and input-box rules) */
    int items = (type == WN_PAGE_LISTING || type == WN_PAGE_COLLECTION) && group >= 0 && !OFF("R_ITEMS");
    int spare_from = items ? group : -1, spare_to = items ? d->n[group].end : -1;
    /* a service page: every content section, whatever its class names say
     * (the vocabulary rules only mark what they prune, as for items) */
    int sections = type == WN_PAGE_SERVICE && !OFF("R_SECTIONS");
    if (sections) {
        spare_from = 0;
        spare_to = d->count;
    }
    uint32_t page_good = 0, chosen_good = 0; /* the page-level check's good text: all, chosen */
    uint32_t prose_beside = 0; /* prose of the article's choice outside the items */
    memset(out, 0, sizeof *out);
    int cnt = d->count;
    out->roots = wn_arena_alloc(a, MAX_ROOTS * sizeof(int));
    out->comments = wn_arena_alloc(a, 64 * sizeof(int));
    uint32_t *own = wn_arena_calloc(a, (size_t)cnt * sizeof *own);
    uint32_t *own_link = wn_arena_calloc(a, (size_t)cnt * sizeof *own_link);
    uint32_t *own_commas = wn_arena_calloc(a, (size_t)cnt * sizeof *own_commas);
    int *blk = wn_arena_alloc(a, (size_t)cnt * sizeof *blk);
    uint32_t *raw = wn_arena_alloc(a, (size_t)cnt * sizeof *raw);
    if (!out->roots || !out->comments || !own || !own_link || !own_commas || !blk || !raw) return WN_ENOMEM;
    int has_password = 0, pw[8]; /* password fields (the first 8) */
    const wn_lexicon_t *voc = lx;

    int root = d->body ? d->body : 0;
    /* inherited flags: links, pre */
    for (int i = 0; i < cnt; i++) {
        wn_node_t *n = &d->n[i];
        unsigned inh = n->parent >= 0 ? d->n[n->parent].flags & (WN_F_LINK | WN_F_PRE) : 0;
        n->flags |= inh;
        if (n->tag == GUMBO_TAG_A) {
            const char *href = wn_dom_attr(d, i, "href");
            if (href && strncasecmp(href, "javascript:", 11)) n->flags |= WN_F_LINK;
        }
        if (n->tag == GUMBO_TAG_PRE) n->flags |= WN_F_PRE;
    }
    /* raw text per subtree, before pruning (guards the vocabulary rules);
     * scripts, styles and other never-visible elements do not count */
    for (int i = 0; i < cnt; i++) {
        if ((d->n[i].flags & WN_F_TEXT) || !always_drop_tag(d->n[i].tag)) continue;
        d->n[i].flags |= WN_F_DROP | WN_F_DEAD;
        if (d->n[i].tag == GUMBO_TAG_INPUT) {
            const char *ty = wn_dom_attr(d, i, "type");
            if (ty && !strcasecmp(ty, "password") && has_password < 8) pw[has_password++] = i;
            if (ty && !strcasecmp(ty, "hidden")) continue;
            /* mark the ancestors: a small box around an input field is a
             * newsletter or search widget */
            for (int p = d->n[i].parent, k = 0; p >= 0 && k < 64; p = d->n[p].parent, k++)
                d->n[p].flags |= WN_F_INPUT;
        }
    }
    aggregate(d);
    for (int i = 0; i < cnt; i++) raw[i] = d->n[i].chars;
    uint32_t total = raw[root] ? raw[root] : 1;

    /* 1. prune */
    int n_articles = 0;
    for (int i = 0; i < cnt; i++) {
        wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) {
            if (n->parent >= 0 && (d->n[n->parent].flags & WN_F_DEAD)) n->flags |= WN_F_DEAD;
            continue;
        }
        if (n->tag == GUMBO_TAG_ARTICLE) n_articles++;
        if (n->flags & WN_F_DROP) continue;
        if (n->parent >= 0 && (d->n[n->parent].flags & WN_F_DEAD)) {
            /* inside a pruned subtree: nothing to decide */
            n->flags |= WN_F_DEAD;
            continue;
        }
        int t = n->tag;
        if (t == GUMBO_TAG_HTML || t == GUMBO_TAG_BODY) continue;
        double share = (double)raw[i] / total;
        if (always_drop_tag(t) || is_hidden(d, i)) {
            n->flags |= WN_F_DROP | WN_F_DEAD; DROPWHY("hidden");
            continue;
        }
        const char *role = wn_dom_attr(d, i, "role");
        if ((wn_role(role) & WN_ROLE_PRUNE) && share < 0.5) {
            n->flags |= WN_F_DROP | WN_F_DEAD; DROPWHY("role");
            continue;
        }
        if (wn_tag_is(t, WN_TAG_CHROME) && share < 0.5) {
            /* an <aside> named content that holds the prose is misused
             * markup for the article itself */
            cls_t ca = classify(d, i, voc);
            int prose_aside = t == GUMBO_TAG_ASIDE && ca.good && !ca.boiler && n->paras >= 2 &&
                              n->para_chars >= 400 && link_density(n) < 0.25;
            if (!prose_aside) {
                n->flags |= WN_F_DROP | WN_F_DEAD; DROPWHY("navtag");
                continue;
            }
        }
        /* inside a listing's items, what the vocabulary, form, input-box,
         * comment and header rules prune is marked: the items path brings
         * it back (the article's path reads the page as before) */
        unsigned spared = i >= spare_from && i < spare_to ? (unsigned)WN_F_SPARED : 0u;
        if ((n->flags & WN_F_INPUT) && raw[i] < 300 && t != GUMBO_TAG_ARTICLE && t != GUMBO_TAG_MAIN) {
            n->flags |= WN_F_DROP | WN_F_DEAD | spared;
            DROPWHY("input");
            continue;
        }
        if (t == GUMBO_TAG_FORM && share < 0.5 && !(n->paras >= 2 && n->para_chars >= 400 && link_density(n) < 0.25)) {
            /* (a shop's product form holding the description is kept) */
            n->flags |= WN_F_DROP | WN_F_DEAD | spared; DROPWHY("form");
            continue;
        }
        int in_table = wn_tag_is(t, WN_TAG_TABLE);
        cls_t c = classify(d, i, voc);
        if (in_table) c.header = 0; /* "govuk-table__header" is a table's head row */
        const char *ip = wn_dom_attr(d, i, "itemprop");
        int good = c.good > 0 || (ip && (!strcasecmp(ip, "articleBody") || !strcasecmp(ip, "text"))) ||
                   (wn_role(role) & WN_ROLE_CONTENT);
        n->class_weight = (c.good ? 25 : 0) - (c.boiler || c.comment ? 25 : 0);
        if (good) n->flags |= WN_F_GOODHINT;
        if (ip && (!strcasecmp(ip, "acceptedAnswer") || !strcasecmp(ip, "suggestedAnswer") ||
                   !strcasecmp(ip, "comment")))
            c.comment++; /* Q&A answers are comments (corpus/README) */
        if (c.comment && !c.good && share < 0.5 && !thread) {
            n->flags |= WN_F_DROP | WN_F_DEAD | WN_F_COMMENTS | spared; DROPWHY("comment");
            continue;
        }
        double raw_ld = link_density(n); /* before pruning: aggregates are still raw */
        if (c.teaser && raw_ld < 0.1) c.boiler -= c.teaser; /* a lead named teaser, not links to stories */
        if (t == GUMBO_TAG_HEADER && share < 0.3 &&
            (raw_ld > 0.3 || (n->para_chars < 60 && n->chars - n->link_chars < 150))) {
            /* the page header is chrome; an article's header with a lead
             * paragraph (news sites put the standfirst there, in a <p> or
             * not: 150+ characters of text that is not links) is kept */
            n->flags |= WN_F_DROP | WN_F_DEAD; DROPWHY("header");
            continue;
        }
        if (c.hidden && share < 0.3) {
            n->flags |= WN_F_DROP | WN_F_DEAD; DROPWHY("hiddencls");
            continue;
        }
        /* a picture gallery's captions are not the article even when they
         * outweigh it: for a gallery holding 30%+ of the page, the guards
         * hold only when little prose (< 1500 chars) is left outside it */
        int media_out = c.media && !c.good && share >= 0.3 && !OFF("R_MEDIA") &&
                        d->n[root].para_chars >= n->para_chars + 1500;
        /* boilerplate words win over content words on small elements
         * ("content__button") */
        /* ... and prose guards a box from its name: chrome does not hold
         * three paragraphs of 800+ characters with few links, when only a
         * part of a name matched (an article inside
         * "PageWideBannerPlaceHolder") or the paragraphs average 300+
         * characters (teasers in a "widget_popular" are shorter); a box
         * named only for its form ("links", "widget") with 2+ paragraphs
         * and no links is prose too */
        int prose = raw_ld < 0.25 && !OFF("R_PROSE") &&
                    ((c.boiler == c.sub && n->paras >= 2 && n->para_chars >= 400) ||
                     (n->paras >= 3 && n->para_chars >= 800 && n->para_chars >= n->paras * 300) ||
                     (c.boiler - c.sub == c.weak && !c.hidden && !media_out && raw_ld < 0.05 && n->paras >= 2 &&
                      n->para_chars >= 400 && n->para_chars >= n->paras * 100 && !OFF("R_NOLINKPROSE")));
        /* an inline element inside running text ("a <a class=popup>rather
         * elderly</a> man": text on both sides) is words of the sentence,
         * whatever its name */
        int in_text = 0;
        if (wn_tag_is(t, WN_TAG_INLINE)) {
            int nx = n->end;
            if (i > 0 && d->n[i - 1].parent == n->parent && (d->n[i - 1].flags & WN_F_TEXT) && d->n[i - 1].tw >= 2 &&
                nx < cnt && d->n[nx].parent == n->parent && (d->n[nx].flags & WN_F_TEXT) && d->n[nx].tw >= 2)
                in_text = 1;
        }
        if (c.boiler && !in_text && (!c.good || (raw[i] < 200 && !OFF("R_SMALL"))) &&
            (share < 0.3 || media_out) && !is_heading(t) &&
            t != GUMBO_TAG_ARTICLE && t != GUMBO_TAG_MAIN && !prose) {
            n->flags |= WN_F_DROP | WN_F_DEAD | (c.hidden || site_chrome(d, i) ? 0u : spared); DROPWHY("boiler");
            continue;
        }
        if (t == GUMBO_TAG_A && raw[i] <= 2) {
            /* "¶", "#" heading anchors */
            char sym[16];
            size_t l = wn_dom_text(d, i, 0, sym, sizeof sym);
            int alnum = 0;
            for (size_t k = 0; k < l; k++)
                if (isalnum((unsigned char)sym[k])) alnum = 1;
            if (l && !alnum) {
                n->flags |= WN_F_DROP | WN_F_DEAD;
                continue;
            }
        }
        if (c.header && !c.good && share < 0.2 && !is_heading(t) && (raw_ld > 0.4 || n->chars < 15)) {
            n->flags |= WN_F_DROP | WN_F_DEAD | spared; DROPWHY("headercls");
            continue;
        }
    }
    (void)n_articles;
    {
        /* a password field in the site's chrome (a header's sign-in
         * dropdown, a login box in a menu) does not make the page a login
         * wall; a wall's form stands in the page's main area */
        int walls = 0;
        for (int k = 0; k < has_password; k++) {
            int chrome = 0;
            for (int p = d->n[pw[k]].parent, g = 0; p >= 0 && g < 64 && !chrome; p = d->n[p].parent, g++) {
                int t = d->n[p].tag;
                if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML) break;
                if (t == GUMBO_TAG_HEADER || t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_FOOTER) chrome = 1;
                cls_t c = classify(d, p, voc);
                if ((c.boiler && !c.good) || c.hidden) chrome = 1;
            }
            if (!chrome) walls++;
        }
        has_password = walls;
    }
    int forum_post = thread ? -1 : mark_forum_replies(d, raw, voc->poster);
#ifdef WN_DEBUG
    if (forum_post >= 0) fprintf(stderr, "FORUM %d\n", forum_post);
#endif
#ifdef WN_DEBUG_DROPS
    for (int i = 0; i < cnt; i++)
        if ((d->n[i].flags & WN_F_DROP) && raw[i] > 300)
            fprintf(stderr, "drop %d <%s class=%s id=%s> raw=%u share=%.2f\n", i,
                    gumbo_normalized_tagname((GumboTag)d->n[i].tag), wn_dom_attr(d, i, "class"),
                    wn_dom_attr(d, i, "id"), raw[i], (double)raw[i] / total);
#endif
    aggregate(d);

    /* nearest block ancestor-or-self; own (inline) text of each block */
    for (int i = 0; i < cnt; i++) {
        wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) {
            blk[i] = n->parent >= 0 ? blk[n->parent] : 0;
            if (n->flags & WN_F_DEAD) continue;
            int b = blk[i];
            if (b >= 0 && !(d->n[b].flags & WN_F_DEAD)) {
                uint32_t w = n->tw;
                own[b] += w;
                if (n->flags & WN_F_LINK) own_link[b] += w;
                own_commas[b] += n->tc;
            }
        } else {
            blk[i] = (is_blockish(n->tag) || n->parent < 0) ? i : blk[n->parent];
        }
    }

    /* 2. score */
    score_blocks(d, blk, own, own_link, own_commas);
    int best = -1;
    double best_s = 0;
    for (int i = 0; i < cnt; i++) {
        wn_node_t *n = &d->n[i];
        if ((n->flags & (WN_F_TEXT | WN_F_DEAD)) || n->score <= 0) continue;
        if (n->tag == GUMBO_TAG_HTML) continue;
        double s = (n->score + initial_score(d, i)) * (1.0 - link_density(n));
        n->score = (float)s;
        if (s > best_s) {
            best_s = s;
            best = i;
        }
    }
    /* semantic containers compete: the one with most paragraph text */
    int sem = -1;
    uint32_t sem_chars = 0;
    for (int i = 0; i < cnt; i++) {
        wn_node_t *n = &d->n[i];
        if (n->flags & (WN_F_TEXT | WN_F_DEAD)) continue;
        int t = n->tag;
        const char *ip = wn_dom_attr(d, i, "itemprop");
        int strong = t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN ||
                     (ip && !strcasecmp(ip, "articleBody")) || (n->flags & WN_F_GOODHINT);
        if (!strong) continue;
        if (t == GUMBO_TAG_TABLE || t == GUMBO_TAG_TBODY || t == GUMBO_TAG_TR || t == GUMBO_TAG_TD)
            continue; /* a layout table named "main" holds the sidebars too */
        if (link_density(n) > 0.5) continue;
        uint32_t pc = n->para_chars;
        if (pc > sem_chars) {
            sem_chars = pc;
            sem = i;
        }
    }
#ifdef WN_DEBUG
#define DBG(lbl, i)                                                                                              \
    if ((i) >= 0)                                                                                                \
    fprintf(stderr, "%s: %d <%s class=%s id=%s> score=%.1f chars=%u link=%u para=%u\n", lbl, i,                  \
            gumbo_normalized_tagname((GumboTag)d->n[i].tag), wn_dom_attr(d, i, "class"), wn_dom_attr(d, i, "id"),  \
            (double)d->n[i].score, d->n[i].chars, d->n[i].link_chars, d->n[i].para_chars)
    DBG("best", best);
    DBG("sem", sem);
    if (getenv("SCORES"))
        for (int i = 0; i < cnt; i++)
            if (!(d->n[i].flags & (WN_F_TEXT | WN_F_DEAD)) && d->n[i].score > 2) DBG("cand", i);
#else
#define DBG(lbl, i)
#endif
    int choice = best;
#ifdef WN_DEBUG
    fprintf(stderr, "sem=%d best=%d\n", sem, best);
#endif
    if (best < 0) choice = sem;
    else if (sem >= 0 && sem != best) {
        uint32_t bc = d->n[best].para_chars;
        if (is_ancestor(d, sem, best)) {
            /* the semantic container holds the top candidate: take it unless
             * it is much larger (then it is a page wrapper) */
            if (sem_chars <= bc + bc / 4 + 100 && d->n[sem].chars <= d->n[best].chars + d->n[best].chars / 2 + 200 &&
                link_density(&d->n[sem]) < 0.35)
                choice = sem;
        } else if (is_ancestor(d, best, sem)) {
            if (sem_chars * 10 >= bc * 8) choice = sem;
        }
    }
    if (forum_post >= 0) {
        /* a forum thread: the first post is the article */
        out->roots[0] = forum_post;
        out->n_roots = 1;
        prune_residual(d, out->roots, out->n_roots, m, own, opt ? opt->bias : 0, voc);
        drop_pruned_roots(d, out);
        goto comments;
    }
    if (choice < 0) {
        /* nothing scored: a tiny page ("<body>Test</body>") is its own
         * text; a page of links (an index) has none */
        if (d->n[root].chars > 0 && d->n[root].chars < 400 && link_density(&d->n[root]) < 0.5 && !has_password) {
            out->roots[0] = root;
            out->n_roots = 1;
            prune_residual(d, out->roots, out->n_roots, m, own, opt ? opt->bias : 0, voc);
            drop_pruned_roots(d, out);
        } else {
            out->n_roots = 0;
            out->none = has_password; /* a login wall */
        }
        goto comments;
    }
    /* climb while the parent holds little more than the choice (wrappers) */
    for (int guard = 0; guard < 8; guard++) {
        int p = d->n[choice].parent;
        if (p < 0 || p == root || d->n[p].tag == GUMBO_TAG_HTML) break;
        wn_node_t *pn = &d->n[p];
        if (pn->chars - d->n[choice].chars <= 0 && pn->chars == d->n[choice].chars) {
#ifdef WN_DEBUG
            fprintf(stderr, "climb %d -> %d (%u %u)\n", choice, p, pn->chars, d->n[choice].chars);
#endif
            choice = p;
            continue;
        }
        break;
    }

    /* a data table is rarely the whole article: a list page's table sits
     * between its introduction and its notes */
    if (!OFF("R_TABLEUP")) {
        int c = choice;
        if (d->n[c].tag == GUMBO_TAG_TBODY && d->n[c].parent >= 0) c = d->n[c].parent;
        int p = d->n[c].parent;
        if (d->n[c].tag == GUMBO_TAG_TABLE && p >= 0 && p != root && d->n[p].tag != GUMBO_TAG_TD &&
            link_density(&d->n[p]) < 0.35) {
#ifdef WN_DEBUG
            fprintf(stderr, "tableup %d -> %d\n", choice, p);
#endif
            choice = p;
        }
    }
    /* nested sections of one class (a document of section > section): the
     * outermost one that is not link-heavy */
    for (int guard = 0; guard < 8 && !OFF("R_NEST"); guard++) {
        int p = d->n[choice].parent;
        if (p < 0 || p == root) break;
        const char *cc = wn_dom_attr(d, choice, "class"), *pc = wn_dom_attr(d, p, "class");
        if (!cc || !pc || !*cc || strcmp(cc, pc) || d->n[p].tag != d->n[choice].tag || link_density(&d->n[p]) > 0.2)
            break;
        choice = p;
    }
#ifdef WN_DEBUG
    DBG("choice", choice);
#endif
    /* 3. siblings like the choice */
    int nr = 0;
    {
        int par = d->n[choice].parent;
        if (par >= 0 && choice != root) {
            double top = d->n[choice].score > 0 ? d->n[choice].score : 1;
            double thr = top * 0.2 > 10 ? top * 0.2 : 10;
            const char *ccls = wn_dom_attr(d, choice, "class");
            for (int j = par + 1; j < d->n[par].end && nr < MAX_ROOTS; j = d->n[j].end) {
                wn_node_t *s = &d->n[j];
                if (j == choice) {
                    out->roots[nr++] = j;
                    continue;
                }
                if (s->flags & (WN_F_DEAD | WN_F_TEXT)) continue;
                double bonus = 0;
                const char *sc = wn_dom_attr(d, j, "class");
                if (ccls && sc && *ccls && !strcmp(ccls, sc)) bonus = top * 0.2;
                int add = 0;
                if (s->score + bonus >= thr && link_density(s) < 0.3) add = 1;
                else if (s->tag == GUMBO_TAG_P) {
                    double ld = link_density(s);
                    if (s->chars > 80 && ld < 0.25) add = 1;
                    else if (s->chars > 0 && s->chars <= 80 && ld == 0) add = 1;
                }
                if (add) out->roots[nr++] = j;
            }
            if (nr >= 2 && !OFF("R_SANDWICH")) {
                /* a box holding a heading between two of the chosen
                 * siblings heads the next one (page builders' "headline"
                 * boxes): taken along, in document order. (Bare headings
                 * there stay out, as in Readability, whose output is the
                 * truth of the text pages.) */
                int *keep = wn_arena_alloc(a, (size_t)MAX_ROOTS * sizeof *keep), nk = 0, k = 0;
                if (keep) {
                    for (int j = out->roots[0]; j <= out->roots[nr - 1] && nk < MAX_ROOTS; j = d->n[j].end) {
                        if (k < nr && out->roots[k] == j) {
                            keep[nk++] = j;
                            k++;
                            continue;
                        }
                        const wn_node_t *sn = &d->n[j];
                        if ((sn->flags & (WN_F_DEAD | WN_F_TEXT)) || sn->chars == 0 || sn->chars >= 200 ||
                            link_density(sn) > 0.2)
                            continue;
                        int h = 0;
                        for (int q = j + 1; q < sn->end && q < j + 8 && !h; q++) h = is_heading(d->n[q].tag);
                        if (h) keep[nk++] = j;
                    }
                    if (k == nr) {
                        memcpy(out->roots, keep, (size_t)nk * sizeof *keep);
                        nr = nk;
                    }
                }
            }
        } else {
            out->roots[nr++] = choice;
        }
    }
    out->n_roots = nr;

    /* 5. page-level check: good blocks of the page versus the choice */
    {
        uint32_t good_page = 0, good_in = 0;
        uint32_t *goodc = raw; /* reused: good text per subtree */
        memset(goodc, 0, (size_t)cnt * sizeof *goodc);
        for (int i = 0; i < cnt; i++) {
            wn_node_t *n = &d->n[i];
            if ((n->flags & (WN_F_TEXT)) || own[i] < 70) continue;
            if (own_link[i] * 5 > own[i]) continue;
            if (n->flags & WN_F_DEAD) continue;
            char buf[2048];
            size_t l = wn_dom_text(d, i, 1, buf, sizeof buf);
            int words;
            double sd = stop_density(buf, l, &words, voc->stop);
            int cjk = own[i] > (uint32_t)l / 2 && words < 5;
#ifdef WN_DEBUG
            if (getenv("GOOD"))
                fprintf(stderr, "goodq %d own=%u sd=%.2f words=%d %.80s\n", i, own[i], sd, words, buf);
#endif
            if (!(sd >= 0.25 || cjk || words < 3)) continue;
            good_page += own[i];
            for (int p = i; p >= 0; p = d->n[p].parent) goodc[p] += own[i];
            for (int k = 0; k < nr; k++)
                if (is_ancestor(d, out->roots[k], i)) {
                    good_in += own[i];
                    if (!(i > spare_from && i < spare_to)) prose_beside += own[i];
                    break;
                }
        }
#ifdef WN_DEBUG
        if (getenv("SELQ")) {
            double alpha = atof(getenv("SELQ"));
            int bq = -1;
            double bv = 0;
            for (int i = 0; i < cnt; i++) {
                wn_node_t *n = &d->n[i];
                if (n->flags & (WN_F_TEXT | WN_F_DEAD)) continue;
                double q = (double)goodc[i] - alpha * (double)(n->chars - (goodc[i] < n->chars ? goodc[i] : n->chars));
                if (q > bv || (q == bv && bq >= 0 && is_ancestor(d, bq, i))) {
                    bv = q;
                    bq = i;
                }
            }
            if (bq >= 0) {
                out->roots[0] = bq;
                out->n_roots = nr = 1;
                good_in = goodc[bq];
            }
        }
#endif
#ifdef WN_DEBUG
        fprintf(stderr, "good_page=%u good_in=%u\n", good_page, good_in);
        for (int k = 0; k < nr; k++) DBG("root", out->roots[k]);
#endif
        page_good = good_page;
        chosen_good = good_in;
        int climbed = 0;
        /* a top candidate named as the article body, with a real article's
         * worth of paragraphs, is not second-guessed by the page's other
         * prose (a live ticker beside a story) */
        int named_body = best >= 0 && (d->n[best].flags & WN_F_GOODHINT) && d->n[best].para_chars >= 1500 &&
                         is_ancestor(d, choice, best) && !OFF("R_NAMEDBODY");
        if (good_page > 400 && good_in < good_page * CLIMB_TRIGGER && nr > 0 && !OFF("R_CLIMB")) {
            /* the choice holds part of the prose (one section of a long
             * document): its lowest ancestor holding 80% of the good text,
             * if that ancestor is not link-heavy */
            int anc = d->n[out->roots[0]].parent;
            while (anc >= 0 && (double)goodc[anc] < good_page * 0.8) anc = d->n[anc].parent;
            if (anc >= 0 && anc != root && link_density(&d->n[anc]) < (named_body ? 0.1 : 0.35)) {
                out->roots[0] = anc;
                out->n_roots = 1;
                climbed = 1;
            }
        }
        if (!climbed && !named_body && good_page > 400 && good_in < good_page * FB_TRIGGER) {
            /* the choice missed most of the prose: take the smallest
             * element holding 95% of the page's good blocks */
            int fb = root;
            for (int i = 0; i < cnt; i++)
                if (!(d->n[i].flags & (WN_F_TEXT | WN_F_DEAD)) && (double)goodc[i] >= good_page * FB_COVER &&
                    d->n[i].depth > d->n[fb].depth)
                    fb = i;
            out->roots[0] = fb;
            out->n_roots = 1;
        }
        if (good_page == 0 && nr > 0) {
            uint32_t c = 0;
            for (int k = 0; k < nr; k++) c += d->n[out->roots[k]].chars;
            if (c < 50) out->n_roots = 0;
        }
    }

    if (out->n_roots > 0 && !OFF("R_LEAD")) add_lead(d, out, m, own, own_link, voc->stop);
    if (out->n_roots > 0 && !OFF("R_DESCLEAD")) add_desc_lead(d, out, m, root);
#ifdef WN_DEBUG
    if (getenv("ALLBODY")) {
        out->roots[0] = root;
        out->n_roots = 1;
    }
#endif
    prune_residual(d, out->roots, out->n_roots, m, own, opt ? opt->bias : 0, voc);
    drop_pruned_roots(d, out);
    if (!OFF("R_INDEX")) {
        /* an index page: four or more <article> cards with linked titles and
         * no paragraph longer than a teaser has no main content (a live
         * blog's entries have no linked titles) */
        int cards = 0;
        uint32_t longest = 0;
        for (int k = 0; k < out->n_roots; k++)
            for (int j = out->roots[k]; j < d->n[out->roots[k]].end; j++) {
                const wn_node_t *nj = &d->n[j];
                if (nj->flags & WN_F_TEXT) continue;
                if (nj->flags & WN_F_DROP) {
                    j = nj->end - 1;
                    continue;
                }
                if (nj->tag == GUMBO_TAG_ARTICLE && j != out->roots[k]) {
                    /* a card: its title is a link to the story */
                    for (int h = j + 1; h < nj->end; h++)
                        if (is_heading(d->n[h].tag) && d->n[h].chars > 0 && d->n[h].link_chars * 2 > d->n[h].chars) {
                            cards++;
                            break;
                        }
                }
                if (own[j] > longest) longest = own[j];
            }
        if (cards >= 4 && longest < 300) {
            out->n_roots = 0;
            out->none = 1;
        }
    }
    if (has_password) {
        /* a login wall: a password field and no real paragraph of prose */
        uint32_t longest = 0;
        for (int k = 0; k < out->n_roots; k++)
            for (int j = out->roots[k]; j < d->n[out->roots[k]].end; j++) {
                if (d->n[j].flags & WN_F_DROP) {
                    j = d->n[j].end - 1;
                    continue;
                }
                if (!(d->n[j].flags & WN_F_TEXT) && own[j] > longest) longest = own[j];
            }
        if (longest < 150) {
            out->n_roots = 0;
            out->none = 1;
        }
    }
comments:
    /* an article with a grid of related items below it stays an article:
     * 300+ characters of prose chosen outside the items */
    if (items && prose_beside >= ITEMS_PROSE_MAX && !OFF("R_ITEMSPROSE")) items = 0;
    if (items && !OFF("R_ITEMSAPART")) {
        /* ... and so does one chosen apart from the items, holding half as
         * much text as they do */
        uint32_t apart = 0;
        int after = out->n_roots > 0;
        for (int k = 0; k < out->n_roots; k++) {
            int r = out->roots[k];
            if (is_ancestor(d, r, group) || is_ancestor(d, group, r)) after = 0;
            else apart += d->n[r].para_chars;
            if (r < d->n[group].end) after = 0;
        }
        /* paragraphs of 600+ characters chosen apart from the items: an
         * article (in a language without stop words here) */
        if (apart >= 2 * ITEMS_PROSE_MAX) items = 0;
        /* the article's choice all below the alike boxes: they are a menu */
        if (after) items = 0;
        /* boxes alike above the page's title are its menu, not its items */
        for (int j = d->n[group].end; j < cnt && items; j++) {
            if (d->n[j].flags & WN_F_DEAD) {
                j = d->n[j].end - 1;
                continue;
            }
            if (d->n[j].tag == GUMBO_TAG_H1 && d->n[j].chars > 0) items = 0;
        }
    }
    int *old_roots = items ? wn_arena_alloc(a, (size_t)(out->n_roots + 1) * sizeof *old_roots) : NULL, n_old = 0;
    if (items && !old_roots) items = 0;
#ifdef WN_DEBUG
    if (getenv("ITEMS")) fprintf(stderr, "ITEMS items=%d group=%d prose_beside=%u dead=%d\n", items, group, prose_beside, group >= 0 ? (int)(d->n[group].flags & WN_F_DEAD) : -1);
#endif
    if (items) {
        memcpy(old_roots, out->roots, (size_t)out->n_roots * sizeof *old_roots);
        n_old = out->n_roots;
    }
    if (items) {
        /* the items in page order, after the page's title heading and the
         * short introduction between it and them */
        int nit = 0, h1 = -1;
        for (int j = root; j < group && h1 < 0; j++) {
            if (d->n[j].flags & WN_F_DEAD) {
                j = d->n[j].end - 1;
                continue;
            }
            if (d->n[j].tag == GUMBO_TAG_H1 && d->n[j].chars > 0) h1 = j;
        }
        if (h1 >= 0 && !is_ancestor(d, h1, group)) {
            out->roots[nit++] = h1;
            for (int j = d->n[h1].end; j < group && nit < 4; j++) {
                const wn_node_t *nj = &d->n[j];
                if (nj->flags & WN_F_TEXT) continue;
                if (nj->flags & WN_F_DEAD) {
                    j = nj->end - 1;
                    continue;
                }
                if (is_ancestor(d, j, group)) continue;
                if (nj->tag == GUMBO_TAG_P && nj->chars >= 40 && link_density(nj) < 0.3) {
                    out->roots[nit++] = j;
                    j = nj->end - 1;
                }
            }
        }
        /* the items are spared the rules the article's path pruned with */
        for (int j = group; j < d->n[group].end; j++) {
            wn_node_t *nj = &d->n[j];
            if (nj->flags & WN_F_SPARED) nj->flags &= ~(unsigned)(WN_F_DROP | WN_F_DEAD | WN_F_SPARED);
            int p = nj->parent;
            if (nj->flags & WN_F_DROP) nj->flags |= WN_F_DEAD;
            else if (p >= 0 && (d->n[p].flags & WN_F_DEAD)) nj->flags |= WN_F_DEAD;
            else nj->flags &= ~(unsigned)WN_F_DEAD;
        }
        int first = -1;
        for (int j = group + 1; j < d->n[group].end && nit < MAX_ROOTS; j = d->n[j].end) {
            const wn_node_t *nj = &d->n[j];
            if ((nj->flags & (WN_F_TEXT | WN_F_DEAD)) || !has_text(d, j)) continue;
            if (first < 0) {
                /* the first member of the dominant kind */
                for (int q = j; q < d->n[group].end; q = d->n[q].end)
                    if (!(d->n[q].flags & WN_F_TEXT)) {
                        int alike = 0;
                        for (int r = d->n[q].end; r < d->n[group].end && !alike; r = d->n[r].end)
                            alike = !(d->n[r].flags & WN_F_TEXT) && wn_pagetype_same_kind(d, q, r);
                        if (alike) {
                            first = q;
                            break;
                        }
                    }
                if (first < 0) break;
            }
            if (wn_pagetype_same_kind(d, first, j)) out->roots[nit++] = j;
        }
#ifdef WN_DEBUG
        if (getenv("ITEMS")) fprintf(stderr, "ITEMS first=%d nit=%d\n", first, nit);
#endif
        if (first >= 0 && nit >= 3) {
            /* what the article's choice found beside the items stays (an
             * article misread as a listing keeps its text): its roots
             * that neither hold the items nor sit in them */
            for (int k = 0; k < n_old && nit < MAX_ROOTS && !OFF("R_ITEMSKEEP"); k++) {
                int r = old_roots[k], dup = 0;
                if (is_ancestor(d, r, group) || is_ancestor(d, group, r)) continue;
                for (int q = 0; q < nit && !dup; q++)
                    dup = is_ancestor(d, out->roots[q], r) || is_ancestor(d, r, out->roots[q]);
                if (!dup) out->roots[nit++] = r;
            }
            for (int x = 1; x < nit; x++) /* page order */
                for (int y = x; y > 0 && out->roots[y - 1] > out->roots[y]; y--) {
                    int t = out->roots[y];
                    out->roots[y] = out->roots[y - 1];
                    out->roots[y - 1] = t;
                }
            out->n_roots = nit;
            out->none = 0;
        }
    }
    if (sections && out->n_roots > 0 && chosen_good >= SECTIONS_ARTICLE_MIN &&
        chosen_good * 10 >= page_good * SECTIONS_CHOSEN_MAX)
        sections = 0; /* the article's choice holds most of the page's prose: an article */
    if (sections) {
        /* every content section: the page's <main> (or role=main) when it
         * holds half the text, else the body, with what the vocabulary
         * rules pruned brought back (a hero named banner, a carousel of
         * testimonials, a pricing box named promo) */
        int mainel = -1;
        for (int j = root; j < cnt && mainel < 0; j++)
            if ((d->n[j].tag == GUMBO_TAG_MAIN || (wn_role(wn_dom_attr(d, j, "role")) & WN_ROLE_CONTENT)) &&
                !(d->n[j].flags & WN_F_DEAD) && d->n[j].chars * 2 > d->n[root].chars)
                mainel = j;
        for (int j = root; j < cnt; j++) {
            wn_node_t *nj = &d->n[j];
            if (nj->flags & WN_F_SPARED) nj->flags &= ~(unsigned)(WN_F_DROP | WN_F_DEAD | WN_F_SPARED);
            int p = nj->parent;
            if (nj->flags & WN_F_DROP) nj->flags |= WN_F_DEAD;
            else if (p >= 0 && (d->n[p].flags & WN_F_DEAD)) nj->flags |= WN_F_DEAD;
            else nj->flags &= ~(unsigned)WN_F_DEAD;
        }
        out->roots[0] = mainel >= 0 ? mainel : root;
        out->n_roots = 1;
        out->none = 0;
    }
    if (thread && !OFF("R_POSTS")) {
        /* every post in page order: its poster, its time, its text */
        wn_post_ref_t *posts = NULL;
        int np = wn_posts_find(d, a, MAX_ROOTS / 3, &posts);
        if (np >= 2) {
            int npr = 0;
            for (int k = 0; k < np; k++) {
                int parts[3] = {posts[k].author, posts[k].date, posts[k].body}, sorted[3], ns = 0;
                for (int q = 0; q < 3; q++)
                    if (parts[q] >= 0 && !(d->n[parts[q]].flags & WN_F_DEAD)) sorted[ns++] = parts[q];
                /* a heading in the post that repeats the thread's title
                 * ("Re: <title>") is not its text */
                for (int j = posts[k].body + 1; j < d->n[posts[k].body].end && m && m->title; j++) {
                    if (!is_heading(d->n[j].tag)) continue;
                    char hb[512];
                    wn_dom_text(d, j, 1, hb, sizeof hb);
                    const char *h = hb;
                    if (!strncasecmp(h, "re:", 3)) h += 3;
                    while (*h == ' ') h++;
                    if (like_title(h, m->title)) d->n[j].flags |= WN_F_DROP;
                    j = d->n[j].end - 1;
                }
                for (int x = 1; x < ns; x++)
                    for (int y = x; y > 0 && sorted[y - 1] > sorted[y]; y--) {
                        int t = sorted[y];
                        sorted[y] = sorted[y - 1];
                        sorted[y - 1] = t;
                    }
                for (int q = 0; q < ns; q++) out->roots[npr++] = sorted[q];
            }
            out->n_roots = npr;
            out->none = 0;
            out->posts = posts;
            out->n_posts = np;
        }
    }
    if (opt->comments) {
        for (int i = 0; i < cnt && out->n_comments < 64; i++) {
            wn_node_t *n = &d->n[i];
            if (!(n->flags & WN_F_COMMENTS)) continue;
            prune_comment_meta(d, i);
            out->comments[out->n_comments++] = i;
            i = n->end - 1;
        }
    }
    return WN_OK;
}
