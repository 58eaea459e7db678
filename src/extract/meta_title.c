/* meta_title.c -- the page's title: headings, metadata titles and
 * <title>, compared with quotes, dashes and case folded (docs/extraction.md
 * section 5 lists the rules and the pages behind them).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/meta.h"

/* Removes a trailing " | Site" / " - Site" (or leading "Site | ") part from a
 * <title>, keeping the longest part; the h1 wins when it equals a part. */
static char *clean_title(wn_arena_t *a, const char *t, const char *h1) {
    if (!t) return NULL;
    static const char *const seps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ", " / ", " : ",
                                       " -- ", " --", "|"};
    size_t tl = strlen(t);
    if (h1 && !strcasecmp(h1, t)) return (char *)t;
    for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
        const char *sep = seps[k];
        size_t sl = strlen(sep);
        const char *first = strstr(t, sep);
        if (!first) continue;
        /* h1 equal to the part before the last separator or after the first */
        if (h1) {
            size_t hl = strlen(h1);
            if (hl < tl && !strncmp(t, h1, hl) && !strncmp(t + hl, sep, sl)) return wn_m_dup(a, h1, hl);
            if (hl < tl && !strcmp(t + tl - hl, h1) && tl - hl >= sl && !strncmp(t + tl - hl - sl, sep, sl))
                return wn_m_dup(a, h1, hl);
        }
        /* "Article - Site", "Site » Blog Archive » Article": the longest
         * part is the article's (ties: the first) */
        const char *best = t, *seg = t;
        size_t best_len = 0;
        for (;;) {
            const char *e = strstr(seg, sep);
            size_t l = e ? (size_t)(e - seg) : strlen(seg);
            if (l > best_len) {
                best = seg;
                best_len = l;
            }
            if (!e) break;
            seg = e + sl;
        }
        return wn_m_dup(a, best, best_len);
    }
    return (char *)t;
}

/* s with the Indic letters that Unicode's normalization form C never
 * composes (the nukta letters among its composition exclusions, U+0958-
 * U+095F, U+09DC ...) written as letter + nukta, as NFC writes them: s
 * itself when it holds none, else an arena copy (s again when out of
 * memory). */
static char *nfc_nukta(wn_arena_t *a, char *s) {
    static const unsigned short ex[][3] = {
        {0x958, 0x915, 0x93C}, {0x959, 0x916, 0x93C}, {0x95A, 0x917, 0x93C}, {0x95B, 0x91C, 0x93C},
        {0x95C, 0x921, 0x93C}, {0x95D, 0x922, 0x93C}, {0x95E, 0x92B, 0x93C}, {0x95F, 0x92F, 0x93C},
        {0x9DC, 0x9A1, 0x9BC}, {0x9DD, 0x9A2, 0x9BC}, {0x9DF, 0x9AF, 0x9BC}, {0xA33, 0xA32, 0xA3C},
        {0xA36, 0xA38, 0xA3C}, {0xA59, 0xA16, 0xA3C}, {0xA5A, 0xA17, 0xA3C}, {0xA5B, 0xA1C, 0xA3C},
        {0xA5E, 0xA2B, 0xA3C}, {0xB5C, 0xB21, 0xB3C}, {0xB5D, 0xB22, 0xB3C}};
    if (!s) return s;
    size_t l = strlen(s), o = 0;
    char *out = NULL;
    for (size_t i = 0; i < l; i++) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t k = sizeof ex / sizeof ex[0];
        if (u[0] == 0xE0 && u[1] >= 0xA5 && u[1] <= 0xAD && u[2]) {
            unsigned cp = ((unsigned)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
            for (k = 0; k < sizeof ex / sizeof ex[0] && ex[k][0] != cp; k++)
                ;
        }
        if (k == sizeof ex / sizeof ex[0]) {
            if (out) out[o++] = s[i];
            continue;
        }
        if (!out) {
            if (!(out = wn_arena_alloc(a, 2 * l + 1))) return s;
            memcpy(out, s, i);
            o = i;
        }
        for (int c = 1; c <= 2; c++) { /* both are U+0800..U+FFFF: three bytes */
            out[o++] = (char)(0xE0 | (ex[k][c] >> 12));
            out[o++] = (char)(0x80 | ((ex[k][c] >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (ex[k][c] & 0x3F));
        }
        i += 2;
    }
    if (!out) return s;
    out[o] = '\0';
    return out;
}

/* Whether s starts with a title separator ("|", "-", "–", "—", "»", "·",
 * "::") followed by a space. */
static int is_sep(const char *s) {
    static const char *const seps[] = {"| ", "- ", "\xe2\x80\x93 ", "\xe2\x80\x94 ", "\xc2\xbb ", "\xc2\xb7 ", ":: "};
    for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++)
        if (!strncmp(s, seps[k], strlen(seps[k]))) return 1;
    return 0;
}

/* Whether t[0..end) ends with " <separator>" (end is the index of the space
 * that follows the separator). */
static int is_sep_end(const char *t, size_t end) {
    for (size_t back = 2; back <= 4 && back <= end; back++)
        if (t[end - back] == ' ' && is_sep(t + end - back + 1) && end - back + 1 + (back - 1) == end) return 1;
    return 0;
}

/* t without a last " - Site" part of at most four words (the part after
 * the last " | ", " - ", " – ", " — ", " » "), or NULL when t has none. */
static char *strip_site(wn_arena_t *a, const char *t) {
    if (!t) return NULL;
    const char *cut = NULL;
    for (const char *q = t; *q; q++)
        if (q[0] == ' ' && is_sep(q + 1)) cut = q;
    if (!cut || cut == t || wn_m_word_count(strchr(cut + 1, ' ') + 1) > 4) return NULL;
    return wn_m_dup(a, t, (size_t)(cut - t));
}

/* s folded for comparing titles: curly quotes and guillemets as straight
 * quotes, en/em dashes as '-', no-break spaces and runs of blanks as one
 * space, ASCII case folded; at most `cap` - 1 bytes are written. */
static void fold_title(const char *s, char *out, size_t cap) {
    if (!s) s = ""; /* an absent title or heading folds to nothing */
    size_t o = 0;
    int sp = 1;
    while (*s && o + 2 < cap) {
        const unsigned char *u = (const unsigned char *)s;
        char c = 0;
        size_t adv = 1;
        if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x98 || u[2] == 0x99)) c = '\'', adv = 3;
        else if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x9C && u[2] <= 0x9E) c = '"', adv = 3;
        else if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94)) c = '-', adv = 3;
        else if (u[0] == 0xC2 && (u[1] == 0xAB || u[1] == 0xBB)) c = '"', adv = 2;
        else if (u[0] == 0xC2 && u[1] == 0xA0) c = ' ', adv = 2;
        else if ((u[0] == 0xC2 && u[1] == 0xAD) || (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x8B && u[2] <= 0x8D)) {
            s += u[0] == 0xC2 ? 2 : 3; /* soft hyphens and zero-width characters */
            continue;
        }
        else if (isspace(u[0])) c = ' ';
        else c = (char)tolower(u[0]);
        s += adv;
        if (c == ' ') {
            if (!sp) out[o++] = ' ';
            sp = 1;
            continue;
        }
        sp = 0;
        out[o++] = c;
    }
    while (o && out[o - 1] == ' ') o--;
    out[o] = '\0';
}

/* Whether two titles differ only in quotes, dashes, blanks or case. */
static int same_title(const char *x, const char *y) {
    if (!x || !y) return 0;
    char bx[512], by[512];
    fold_title(x, bx, sizeof bx);
    fold_title(y, by, sizeof by);
    return bx[0] && !strcmp(bx, by);
}

/* Whether title `hay` contains `needle`, both folded as by fold_title. */
static int title_has(const char *hay, const char *needle) {
    if (!hay || !needle) return 0;
    char bh[1024], bn[512];
    fold_title(hay, bh, sizeof bh);
    fold_title(needle, bn, sizeof bn);
    return bn[0] && strstr(bh, bn) != NULL;
}

/* Whether title t ends with " <separator> " and then s (folded as by
 * fold_title): "Post title | Blog name" ends with the blog's name. */
static int title_tail(const char *t, const char *s) {
    if (!t || !s) return 0;
    char bt[1024], bs[512];
    fold_title(t, bt, sizeof bt);
    fold_title(s, bs, sizeof bs);
    size_t tl = strlen(bt), sl = strlen(bs);
    if (!sl || sl + 3 > tl || strcmp(bt + tl - sl, bs) || bt[tl - sl - 1] != ' ') return 0;
    const char *q = bt + tl - sl - 2; /* the separator's last byte */
    return *q == '|' || *q == '-' || *q == '/' || *q == ':' || (*q == '\xbb' && q[-1] == '\xc2') ||
           (*q == '\xb7' && q[-1] == '\xc2');
}

/* The main label of a URL's host or of a domain-like site name
 * ("https://www.example-shop.de/x" and "example-shop.de" give
 * "example-shop"), into out. */
static void host_label(const char *u, char *out, size_t cap) {
    out[0] = '\0';
    if (!u) return;
    const char *h = strstr(u, "://");
    h = h ? h + 3 : u;
    if (!strncasecmp(h, "www.", 4)) h += 4;
    size_t l = strcspn(h, ".:/ ");
    if (!l || l >= cap || h[l] != '.') return;
    memcpy(out, h, l);
    out[l] = '\0';
}

/* Whether heading `h` ends with title `t` (folded as by fold_title) at a
 * word's start, after other words. */
static int title_ends(const char *h, const char *t) {
    if (!h || !t) return 0;
    char bh[1024], bt[512];
    fold_title(h, bh, sizeof bh);
    fold_title(t, bt, sizeof bt);
    size_t hl = strlen(bh), tl = strlen(bt);
    return tl >= 10 && hl > tl + 1 && !strcmp(bh + hl - tl, bt) && bh[hl - tl - 1] == ' ';
}

/* Whether title `t` starts with `h` (folded as by fold_title) followed by
 * a space and more. */
static int title_starts(const char *t, const char *h) {
    char bt[1024], bh[512];
    fold_title(t, bt, sizeof bt);
    fold_title(h, bh, sizeof bh);
    size_t hl = strlen(bh);
    return hl >= 8 && !strncmp(bt, bh, hl) && bt[hl] == ' ';
}

/* Whether `h` is a whole part of title `t` between separators (" | ",
 * " - ", ...), folded as by fold_title. */
static int is_title_part(const char *t, const char *h) {
    char bt[1024], bh[512];
    fold_title(t, bt, sizeof bt);
    fold_title(h, bh, sizeof bh);
    size_t hl = strlen(bh);
    if (!hl) return 0;
    for (const char *p = strstr(bt, bh); p; p = strstr(p + 1, bh)) {
        int start = p == bt || (p >= bt + 2 && p[-1] == ' ' && strchr("|-:/\"", p[-2]));
        const char *e = p + hl;
        int end = !*e || (e[0] == ' ' && e[1] && strchr("|-:/\"", e[1]));
        if (start && end) return 1;
    }
    return 0;
}

/* Whether a and b are equal without case, blanks and punctuation
 * ("Riverside News" and "riversidenews"). */
static int squeezed_eq(const char *a, const char *b) {
    for (;;) {
        while (*a && (isspace((unsigned char)*a) || ispunct((unsigned char)*a))) a++;
        while (*b && (isspace((unsigned char)*b) || ispunct((unsigned char)*b))) b++;
        if (!*a || !*b) return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
        a++;
        b++;
    }
}

/* Whether a word of `a` of four bytes or more occurs in `b` (without case). */
static int long_word_shared(const char *a, const char *b) {
    if (!a || !b) return 0;
    for (const char *p = a; *p;) {
        while (*p && (isspace((unsigned char)*p) || ispunct((unsigned char)*p))) p++;
        const char *q = p;
        while (*q && !isspace((unsigned char)*q) && !ispunct((unsigned char)*q)) q++;
        size_t l = (size_t)(q - p);
        if (l >= 4)
            for (const char *r = b; *r; r++)
                if (!strncasecmp(r, p, l)) return 1;
        p = q;
    }
    return 0;
}

/* The headings as the title rules see them: a linked heading that ends
 * <title> after a separator is the site's name (linked 2); a linked h1
 * that is most of <title> is a blog's permalinked title, not its logo;
 * the first h1 that is no logo (h1u), and how many such h1s there are. */
static void title_prep(meta_scan_t *s) {
    /* title. The dev set's titles follow the article's <h1> most often: a
     * lone h1 that is not a site logo; else the h1 (or, without one, the h2)
     * that the <title> or og:title contains; then structured metadata that
     * is not just the site's name; then <title> without its " | Site" part. */
    s->site = s->og_site ? s->og_site : s->f.publisher;
    s->h1u = NULL;
    s->n_h1_plain = 0;
    /* a linked h1 is a blog's permalinked title, not its logo, when it is
     * most of the <title> */
    const char *ref = s->title_el ? s->title_el : s->og_title;
    /* ... but a linked heading that ends the <title> after a separator
     * ("Post | Blog name") is the site's name */
    for (int k = 0; k < s->n_heads; k++)
        if (s->heads[k].linked && title_tail(s->title_el, s->heads[k].text)) s->heads[k].linked = 2;
    for (int k = 0; k < s->n_heads; k++)
        if (s->heads[k].linked == 1 && ref && strlen(s->heads[k].text) * 5 >= strlen(ref) * 2 &&
            strcasestr(ref, s->heads[k].text))
            s->heads[k].linked = 0;
    for (int k = 0; k < s->n_heads; k++)
        if (s->heads[k].level == 1 && !s->heads[k].linked) {
            /* the same h1 again (one copy for small screens, one for
             * large) is one h1 */
            if (!s->h1u || strcmp(s->h1u, s->heads[k].text)) s->n_h1_plain++;
            if (!s->h1u) s->h1u = s->heads[k].text;
        }
}

/* The lone h1 as the title, unless it names a section; a dc:title set
 * apart from it; an h2 in the wording of og:title or the headline. */
static void title_from_h1(wn_page_t *pg, meta_scan_t *s) {
    wn_arena_t *a = pg->a;
    wn_meta_t *m = &pg->meta;
    /* a lone h1 of one or two words must share one with <title> or
     * og:title when they exist: test pages put "Lorem" in an h1 */
    /* ... and a short h1 that shares no word of four letters or more with
     * a <title> of three words or more (nor og:title) names a section
     * ("Gardening Help Centre", "About this site"), not the page */
    /* a Dublin Core (or Parse.ly) title set apart from the page's h1, which
     * neither <title> nor og:title repeats: the declared title (not when
     * it holds most of the h1's words: it only words the h1 longer) */
    if (s->dc_title && *s->dc_title && !same_title(s->dc_title, s->site) && s->h1u && wn_m_word_overlap(s->h1u, s->dc_title) < 0.8 &&
        !title_has(s->title_el, s->h1u) && !title_has(s->og_title, s->h1u) && !title_has(s->f.headline, s->h1u))
        m->title = wn_m_dups(a, s->dc_title);
    s->section_h1 = s->n_h1_plain == 1 && s->title_el && wn_m_word_count(s->h1u) <= 4 && wn_m_word_count(s->title_el) >= 3 &&
                     !long_word_shared(s->h1u, s->title_el) && !long_word_shared(s->h1u, s->og_title) &&
                     !long_word_shared(s->title_el, s->h1u);
    /* (unless the article's h2s take up a long word of the h1: it names
     * the page's subject) */
    s->h1_subject = 0; /* (only asked of a short or a section h1) */
    for (int k = 0; k < s->n_heads && s->n_h1_plain == 1 && (s->section_h1 || wn_m_word_count(s->h1u) < 3) && !s->h1_subject; k++)
        if (s->heads[k].level == 2 && long_word_shared(s->h1u, s->heads[k].text)) s->h1_subject = 1;
    if (s->h1_subject) s->section_h1 = 0;
    /* ... as is one that is a middle part of a <title> of 3+ parts
     * ("Site | Section | Topic | Headline") */
    if (s->n_h1_plain == 1 && s->title_el && wn_m_word_count(s->h1u) <= 2 && is_title_part(s->title_el, s->h1u) &&
        !title_starts(s->title_el, s->h1u) && !title_tail(s->title_el, s->h1u))
        s->section_h1 = 2;
    /* (a compound h1 holds a word of <title>: "Vereinsgeschichte", "Geschichte";
     * a <title> that only spells the page's host name says nothing) */
    char hlab[64];
    host_label(s->canonical ? s->canonical : s->og_url, hlab, sizeof hlab);
    int title_is_host = s->title_el && hlab[0] && squeezed_eq(s->title_el, hlab);
    if (!m->title && s->n_h1_plain == 1 && strlen(s->h1u) >= 4 && !same_title(s->h1u, s->site) && !s->section_h1 &&
        ((!s->title_el && !s->og_title) || wn_m_word_overlap(s->h1u, s->title_el) > 0.0 || wn_m_word_overlap(s->h1u, s->og_title) > 0.0 ||
         wn_m_word_count(s->h1u) >= 3 || long_word_shared(s->title_el, s->h1u) || title_is_host || s->h1_subject))
        m->title = (char *)s->h1u;
    /* an h1 title that og:title and the JSON-LD headline both word
     * otherwise, while an h2 shows their wording: that h2 */
    /* (og:title alone will do for an h1 of one to three words) */
    if (m->title && m->title == s->h1u && s->og_title &&
        (s->f.headline ? same_title(s->og_title, s->f.headline) : wn_m_word_count(s->h1u) <= 3) && !same_title(s->h1u, s->og_title))
        for (int k = 0; k < s->n_heads; k++)
            if (s->heads[k].level == 2 && same_title(s->heads[k].text, s->og_title)) {
                m->title = s->heads[k].text;
                break;
            }
    /* a lone h1 that shares no word with <title>, og:title or the JSON-LD
     * headline (a blog's motto) while an h2 is og:title or the headline:
     * that h2 */
    if (m->title && m->title == s->h1u && (s->og_title || s->f.headline) && wn_m_word_overlap(s->h1u, s->title_el) == 0.0 &&
        wn_m_word_overlap(s->h1u, s->og_title) == 0.0 && wn_m_word_overlap(s->h1u, s->f.headline) == 0.0)
        for (int k = 0; k < s->n_heads; k++)
            if (s->heads[k].level == 2 && (same_title(s->heads[k].text, s->og_title) || same_title(s->heads[k].text, s->f.headline))) {
                m->title = s->heads[k].text;
                break;
            }
}

/* No h1: an element named title/headline; else the longest h1 (or,
 * without h1s, h2) that <title> or og:title contains. */
static void title_from_named(wn_page_t *pg, meta_scan_t *s) {
    wn_arena_t *a = pg->a;
    wn_meta_t *m = &pg->meta;
    /* no h1: a short div/span/p named
     * title or headline ("<div id=page-title>") that og:title or the
     * JSON-LD headline is, or that is a part of <title> between
     * separators */
    /* (those equal to og:title or the headline first; a part of <title>
     * that shares a word with the site's name is the site's) */
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < s->n_tcls && !m->title && s->n_h1_plain == 0; k++) {
            const char *c = s->tcls[k];
            if (!c || (wn_m_word_count(c) < 2 && strlen(c) < 12) || same_title(c, s->site)) continue; /* CJK: one "word" */
            if (pass == 0) {
                if (same_title(c, s->og_title) || same_title(c, s->f.headline)) m->title = (char *)c;
                continue;
            }
            if (long_word_shared(c, s->site)) continue;
            if (s->title_el && is_title_part(s->title_el, c)) m->title = (char *)c;
            /* ... or that <title> starts with, right before a '-', '_' or
             * '|' (CJK titles put no spaces around them) */
            if (!m->title && s->title_el && !strncmp(s->title_el, c, strlen(c)) && s->title_el[strlen(c)] &&
                strchr("-_|", s->title_el[strlen(c)]))
                m->title = (char *)c;
        }
    for (int lvl = 1; lvl <= 2 && !m->title; lvl++) {
        if (lvl == 2 && s->n_h1_plain) break;
        /* the longest such heading: a site's name is contained too */
        size_t best = 0;
        for (int k = 0; k < s->n_heads; k++) {
            const char *h = s->heads[k].text;
            size_t hl = strlen(h);
            if (s->heads[k].level != lvl || hl < 8 || hl <= best || same_title(h, s->site)) continue;
            if (s->section_h1 == 2 && h == s->h1u) continue;
            if (h[hl - 1] == ':') continue; /* "Lead-in:" is a fragment, not the page's name */
            if (s->heads[k].linked == 2 || (s->heads[k].linked && wn_m_word_count(h) < 4))
                continue; /* a logo, not a permalinked title */
            if (title_has(s->title_el, h) || title_has(s->og_title, h)) {
                m->title = (char *)h;
                best = hl;
            }
        }
        /* a one- or two-word h1 inside <title> ("Site - News » Post
         * title") while an h2 is a whole part of it of 3+ words: the h1
         * names the section, the h2 the page */
        if (lvl == 1 && m->title && wn_m_word_count(m->title) <= 2 && is_title_part(s->title_el, m->title) &&
            !title_starts(s->title_el, m->title))
            for (int k = 0; k < s->n_heads; k++)
                if (s->heads[k].level == 2 && !s->heads[k].linked && wn_m_word_count(s->heads[k].text) >= 3 &&
                    is_title_part(s->title_el, s->heads[k].text)) {
                    m->title = s->heads[k].text;
                    break;
                }
        /* a heading hyphenated with soft hyphens that the metadata title
         * names without them: the metadata's spelling */
        if (m->title && strstr(m->title, "\xc2\xad")) {
            char *u = wn_m_dups(a, m->title);
            size_t o = 0;
            for (size_t q = 0; u && u[q]; q++) {
                if ((unsigned char)u[q] == 0xC2 && (unsigned char)u[q + 1] == 0xAD) {
                    q++;
                    continue;
                }
                u[o++] = u[q];
            }
            if (u) {
                u[o] = '\0';
                if ((s->title_el && strcasestr(s->title_el, u)) || (s->og_title && strcasestr(s->og_title, u))) m->title = u;
            }
        }
    }
}

/* The only h1 even inside chrome; an h1 that an h2 or the headline
 * extends; a kicker before the headline cut off. */
static void title_kicker(wn_page_t *pg, meta_scan_t *s) {
    const wn_dom_t *d = pg->d;
    wn_arena_t *a = pg->a;
    wn_meta_t *m = &pg->meta;
    /* no h1 outside chrome and no h2 the <title> names: the page's only h1
     * with text, inside a container that reads as chrome, when it is no
     * link (a logo), not the site's name, and shares a long word with
     * <title>, og:title or the structured headline */
    if (!m->title && s->n_h1_plain == 0 && s->n_raw_all == 1) {
        for (int k = 0; k < s->n_raw_h1; k++) {
            const char *r = s->raw_h1[k];
            if (!r || wn_m_word_count(r) < 2 || s->raw_h1_linked[k] || same_title(r, s->site)) continue;
            if (wn_dom_has_token(d, s->raw_h1_idx[k], "logo")) continue;
            /* (or <title> is "Section - Site" with a section of two words
             * at most: it names no article) */
            const char *sec = strip_site(a, s->title_el);
            if (long_word_shared(r, s->title_el) || long_word_shared(r, s->og_title) || long_word_shared(r, s->f.headline) ||
                (sec && wn_m_word_count(sec) <= 2 && wn_m_word_count(r) >= 3 && !long_word_shared(r, s->site)))
                m->title = (char *)r;
            break;
        }
    }
    /* a lone h1 that an h2 or the JSON-LD headline repeats and extends
     * ("Weir to be rebuilt" / "Weir to be rebuilt - the plans for the fish
     * pass"): the h1 was cut short */
    int h1_title = m->title && m->title == s->h1u;
    for (int k = 0; k < s->n_raw_h1 && m->title; k++)
        if (m->title == s->raw_h1[k]) h1_title = 1;
    s->ext = NULL;
    if (h1_title) {
        int n_ext = 0; /* only one: several h2s that start alike are sections */
        /* (or an element named title/headline: "<p class=stage-headline>") */
        for (int k = 0; k <= s->n_heads + s->n_tcls; k++) {
            const char *c = k < s->n_heads    ? (s->heads[k].level == 2 ? s->heads[k].text : NULL)
                            : k == s->n_heads ? s->f.headline
                                           : s->tcls[k - s->n_heads - 1];
            if (c && title_starts(c, m->title) && wn_m_word_count(c) >= wn_m_word_count(m->title) + 2 &&
                !(s->ext && !strcmp(s->ext, c))) {
                s->ext = c;
                n_ext++;
            }
        }
        if (n_ext == 1) m->title = (char *)s->ext;
        else s->ext = NULL;
    }
    /* an h1 that wraps the headline with a kicker or a site name
     * ("Tunesien Große Aufgaben ...", "Headline | Site"): the headline */
    /* ... unless og:title or <title> repeats the h1 as it is: then the
     * page names itself by the whole h1 */
    int h1_agreed = m->title && ((s->og_title && !strcasecmp(s->og_title, m->title)) ||
                                 (s->title_el && !strcasecmp(s->title_el, m->title)));
    /* (a heading that is one run of text holds no kicker element) */
    int one_text = 0;
    for (int k = 0; k < s->n_heads && m->title; k++)
        if (s->heads[k].text == m->title) {
            one_text = 1;
            for (int j = s->heads[k].idx + 1; j < d->n[s->heads[k].idx].end; j++)
                if (!(d->n[j].flags & WN_F_TEXT)) one_text = 0;
            break;
        }
    if (m->title && !h1_agreed) {
        /* og:title and <title> without a last " - Site" part count too,
         * as a headline that ends the h1 only */
        const char *hl[5] = {s->f.headline, s->og_title, strip_site(a, s->og_title), strip_site(a, s->title_el), s->title_el};
        for (int k = 0; k < 5; k++) {
            if (!hl[k] || strlen(hl[k]) < 10 || strlen(hl[k]) >= strlen(m->title)) continue;
            const char *at = strcasestr(m->title, hl[k]);
            /* at a word's start: "Geschichte" does not end "Vereinsgeschichte" */
            if (!at || (at > m->title && !isspace((unsigned char)at[-1]) && !ispunct((unsigned char)at[-1])))
                continue;
            /* the headline ends the h1 (a kicker before it), or starts it
             * followed by a separator (a site name after it); not a
             * headline cut short by a broken attribute */
            const char *rest = at + strlen(hl[k]);
            int ends = *rest == '\0';
            int sep = rest[0] == ' ' && (rest[1] == '|' || rest[1] == '-' || !strncmp(rest + 1, "\xe2\x80", 2));
            if ((ends && !one_text) || (at == m->title && sep && k < 2)) {
                m->title = wn_m_dups(a, hl[k]);
                break;
            }
        }
    }
}

/* Metadata titles (the one a heading shows first), then <title> without
 * its site part; "H1 - Site" forms of a heading; the heading's own
 * spelling of a metadata title. */
static void title_from_metadata(wn_page_t *pg, meta_scan_t *s) {
    wn_arena_t *a = pg->a;
    wn_meta_t *m = &pg->meta;
    const char *cands[4] = {s->f.headline, s->og_title, s->dc_title, s->tw_title};
    /* metadata titles that disagree: the one the page shows as a heading */
    for (int k = 0; k < 4 && !m->title; k++)
        for (int h = 0; h < s->n_heads && cands[k] && !m->title; h++)
            if (same_title(s->heads[h].text, cands[k]) && !same_title(cands[k], s->site))
                m->title = wn_m_dups(a, cands[k]);
    for (int k = 0; k < 4 && !m->title; k++)
        if (cands[k] && *cands[k] && !same_title(cands[k], s->site)) {
            m->title = wn_m_dups(a, cands[k]);
            /* several h1s, none of them the headline: the one that opens
             * the article may be it (unless an h1 ends with this title:
             * a kicker before it) */
            if (s->n_h1_plain > 1) m->title_weak = 2;
            for (int h = 0; h < s->n_heads && m->title_weak; h++)
                if (s->heads[h].level == 1 && title_ends(s->heads[h].text, m->title)) m->title_weak = 0;
        }
    if (!m->title && s->title_el) {
        m->title = clean_title(a, s->title_el, s->h1u);
        m->title_weak = s->n_h1_plain == 0; /* no heading confirmed it */
    }
    if (m->title && !s->ext && s->h1u && strlen(s->h1u) > 8 && !strncasecmp(m->title, s->h1u, strlen(s->h1u)))
        m->title = (char *)s->h1u;
    /* a title from metadata that ends with " | Site" for the site's name
     * (og:site_name, or the main label of the page's host): without it */
    if (m->title) {
        char lab[64], lab2[64];
        host_label(s->canonical ? s->canonical : s->og_url, lab, sizeof lab);
        host_label(s->site, lab2, sizeof lab2);
        const char *names[3] = {s->site, lab, lab2};
        for (int k = 0; k < 3; k++)
            if (names[k] && names[k][0] && title_tail(m->title, names[k])) {
                char *cut = strip_site(a, m->title);
                if (cut && wn_m_word_count(cut) >= 2) m->title = cut;
                break;
            }
    }
    /* a title from metadata or <title> that is "H1 - Site" or "Site | H1"
     * for an h1 the heading rules passed over (one inside a widget/chrome
     * container): the h1 */
    int from_head = s->ext && m->title == s->ext; /* the h1 extended: not "H1 - Site" */
    for (int k = 0; k < s->n_heads && m->title; k++)
        if (!strcmp(s->heads[k].text, m->title)) from_head = 1;
    /* ... or for one of the first h2s */
    for (int k = 0; k < s->n_raw_h1 + s->n_raw_h2 && m->title && !from_head; k++) {
        const char *r = k < s->n_raw_h1 ? s->raw_h1[k] : s->raw_h2[k - s->n_raw_h1];
        size_t rl = r ? strlen(r) : 0, tl = strlen(m->title);
        if (rl < 4 || rl + 3 > tl) continue;
        const char *q = m->title + rl; /* after a prefix equal to the h1 */
        int pre = !strncasecmp(m->title, r, rl) && q[0] == ' ' && is_sep(q + 1);
        int suf = !strcasecmp(m->title + tl - rl, r) && m->title[tl - rl - 1] == ' ' &&
                  is_sep_end(m->title, tl - rl - 1);
        if (pre || suf) {
            m->title = (char *)r;
            break;
        }
    }
    /* a title taken from metadata that a heading shows with other quotes
     * or dashes ("Weir - the plan" for "Weir – the plan"): the
     * heading's form */
    for (int k = 0; k < s->n_heads && m->title; k++)
        if (strcmp(s->heads[k].text, m->title) && same_title(s->heads[k].text, m->title) &&
            !strstr(s->heads[k].text, "\xc2\xad")) {
            m->title = s->heads[k].text;
            break;
        }
    for (int k = 0; k < s->n_raw_h1 && m->title; k++)
        if (s->raw_h1[k] && strcmp(s->raw_h1[k], m->title) && same_title(s->raw_h1[k], m->title) &&
            !strstr(s->raw_h1[k], "\xc2\xad")) {
            m->title = s->raw_h1[k];
            break;
        }
    if (!m->title && s->h1) m->title = s->h1;
}

/* A list of posts under a blog's name: the first post; <title> joined with
 * underscores kept whole; a cut-off separator and bullets trimmed; a date
 * line before the headline cut. Returns the heading that gave the title,
 * else the first h1, else -1. */
static int title_finish(wn_page_t *pg, meta_scan_t *s) {
    wn_arena_t *a = pg->a;
    wn_meta_t *m = &pg->meta;
    /* a list of posts (two or more h2s that are all link, permalinks)
     * under an h1 that is the blog's name (a link the whole <title>
     * repeats) or shares no long word with <title> but for its last
     * " | Blog" part: the first post */
    int n_posts = 0, first_post = -1;
    for (int k = 0; k < s->n_heads; k++)
        if (s->heads[k].level == 2 && s->heads[k].was_linked && wn_m_word_count(s->heads[k].text) >= 2) {
            if (first_post < 0) first_post = k;
            n_posts++;
        }
    for (int k = 0; k < s->n_heads && m->title && n_posts >= 2; k++)
        if (s->heads[k].level == 1 && s->heads[k].text == m->title) {
            const char *title_nosite = strip_site(a, s->title_el); /* "Post | Blog" without "Blog" */
            if (!title_nosite) title_nosite = s->title_el;
            if ((s->heads[k].was_linked && s->title_el && same_title(m->title, s->title_el)) ||
                (title_nosite && !long_word_shared(m->title, title_nosite)))
                m->title = s->heads[first_post].text;
            break;
        }
    /* a <title> that joins the title and its channel and site names with
     * bare underscores ("Headline_Channel_Site", CJK portals) is kept
     * whole: '_' is no separator with spaces around it */
    if (m->title && s->title_el) {
        size_t l = strlen(m->title);
        const char *q = s->title_el + l;
        if (strlen(s->title_el) > l && !strncasecmp(s->title_el, m->title, l) &&
            (q[0] == '_' || (q[0] == ' ' && q[1] == '_')))
            m->title = s->title_el;
    }
    if (m->title) {
        /* "Headline -", "Headline :" (a site name was cut off) */
        size_t tl = strlen(m->title);
        while (tl > 2 && (m->title[tl - 1] == '-' || m->title[tl - 1] == '|' || m->title[tl - 1] == ':') &&
               m->title[tl - 2] == ' ')
            tl -= 2;
        if (tl != strlen(m->title)) m->title = wn_m_dup(a, m->title, tl);
        m->title = wn_m_skip_bullet(m->title);
    }

    /* the heading that gave the title, else the first h1 */
    int th = -1;
    for (int k = 0; k < s->n_heads && th < 0; k++)
        if (m->title && !strcmp(s->heads[k].text, m->title)) th = s->heads[k].idx;
    for (int k = 0; k < s->n_heads && th < 0; k++)
        if (s->heads[k].level == 1) th = s->heads[k].idx;
    if (m->title) {
        /* "23.01.2022 - Headline", "2022/01/23 | Headline": a date line
         * before the headline (cut after the title's heading is known) */
        const char *q = m->title;
        int marks = 0;
        for (; isdigit((unsigned char)*q) || *q == '.' || *q == '/' || *q == '-'; q++)
            marks += !isdigit((unsigned char)*q);
        if (q - m->title >= 8 && marks >= 2 && q[0] == ' ' && is_sep(q + 1) && wn_m_word_count(q) >= 4) {
            q += 1 + strcspn(q + 1, " ");
            while (*q == ' ') q++;
            m->title = wn_m_dups(a, q);
        }
    }
    return th;
}

int wn_m_title(wn_page_t *pg, meta_scan_t *s) {
    title_prep(s);
    title_from_h1(pg, s);
    title_from_named(pg, s);
    title_kicker(pg, s);
    title_from_metadata(pg, s);
    int th = title_finish(pg, s);
    pg->meta.title = nfc_nukta(pg->a, pg->meta.title);
    return th;
}
