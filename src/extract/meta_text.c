/* meta_text.c -- the text helpers of the metadata: values cleaned into the
 * arena (blanks collapsed, character references decoded), element and
 * heading texts (kickers left out), word counts and overlaps, the texts
 * near a heading.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/meta.h"

/* Decodes one character reference at s ("&#8222;", "&#x201e;", "&raquo;")
 * into out[0..] as UTF-8, storing its byte count in out[7] (out has room for
 * 8 bytes). Returns the reference's length, or 0 if it is not one. */
static int entity(const char *s, size_t n, char *out) {
    static const struct {
        const char *name;
        unsigned cp;
    } named[] = {{"amp", '&'},     {"quot", '"'},    {"apos", '\''},   {"lt", '<'},        {"gt", '>'},
                 {"nbsp", 0xA0},   {"raquo", 0xBB},  {"laquo", 0xAB},  {"ndash", 0x2013}, {"mdash", 0x2014},
                 {"hellip", 0x2026}, {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C},
                 {"bdquo", 0x201E}, {"aacute", 0xE1}, {"eacute", 0xE9}, {"iacute", 0xED},   {"oacute", 0xF3},
                 {"uacute", 0xFA}, {"ntilde", 0xF1}, {"Aacute", 0xC1}, {"Eacute", 0xC9},   {"Oacute", 0xD3},
                 {"Ntilde", 0xD1}, {"auml", 0xE4},   {"ouml", 0xF6},   {"uuml", 0xFC},     {"Auml", 0xC4},
                 {"Ouml", 0xD6},   {"Uuml", 0xDC},   {"szlig", 0xDF},  {"agrave", 0xE0},   {"egrave", 0xE8},
                 {"ccedil", 0xE7}, {"ecirc", 0xEA}};
    size_t e = 1;
    while (e < n && e < 12 && s[e] != ';') e++;
    if (e >= n || s[e] != ';' || e < 3) return 0;
    unsigned cp = 0;
    if (s[1] == '#') {
        size_t i = 2;
        int hex = s[2] == 'x' || s[2] == 'X';
        if (hex) i++;
        if (i >= e) return 0;
        for (; i < e; i++) {
            int v = isdigit((unsigned char)s[i]) ? s[i] - '0'
                    : hex && isxdigit((unsigned char)s[i]) ? (tolower((unsigned char)s[i]) - 'a' + 10)
                                                            : -1;
            if (v < 0) return 0;
            cp = cp * (hex ? 16u : 10u) + (unsigned)v;
            if (cp > 0x10FFFF) return 0;
        }
    } else {
        for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
            if (strlen(named[k].name) == e - 1 && !strncmp(s + 1, named[k].name, e - 1)) cp = named[k].cp;
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    int len;
    if (cp < 0x80) {
        out[0] = (char)cp;
        len = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        len = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        len = 3;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        len = 4;
    }
    out[7] = (char)len;
    return (int)e + 1;
}

char *wn_m_dup(wn_arena_t *a, const char *s, size_t n) {
    if (!s) return NULL;
    if (n > TXT_MAX) n = TXT_MAX;
    /* trim and collapse whitespace */
    char *o = wn_arena_alloc(a, n + 8);
    if (!o) return NULL;
    size_t k = 0;
    int sp = 1, l;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            if (!sp) o[k++] = ' ';
            sp = 1;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            if (!sp) o[k++] = ' ';
            sp = 1;
            i++;
        } else if (c == '&' && (l = entity(s + i, n - i, o + k)) > 0) {
            /* metadata escaped twice ("&amp;#8222;"): decode the second level */
            k += (size_t)o[k + 7];
            i += (size_t)l - 1;
            sp = 0;
        } else {
            o[k++] = (char)c;
            sp = 0;
        }
    }
    while (k && o[k - 1] == ' ') k--;
    /* do not end inside a UTF-8 sequence: a lead byte the cut left alone
     * (fuzz_extract found one: a 2048-byte description ending in 0xD0),
     * or a lead byte with fewer continuation bytes than it announces */
    if (k && (unsigned char)o[k - 1] >= 0xC0) k--;
    while (k && ((unsigned char)o[k - 1] & 0xC0) == 0x80) {
        size_t j = k - 1;
        while (j && ((unsigned char)o[j] & 0xC0) == 0x80) j--;
        unsigned char lead = (unsigned char)o[j];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (k - j >= need) break;
        k = j;
    }
    o[k] = '\0';
    return k ? o : NULL;
}

char *wn_m_dups(wn_arena_t *a, const char *s) { return s ? wn_m_dup(a, s, strlen(s)) : NULL; }

char *wn_m_node_text(const wn_dom_t *d, wn_arena_t *a, int i) {
    char buf[TXT_MAX + 1];
    size_t n = wn_dom_text(d, i, 0, buf, sizeof buf);
    return wn_m_dup(a, buf, n);
}

/* t after a leading bullet or cut-off separator ("[> Headline", "| Headline";
 * not "[Update] Headline"); a pointer into t (or NULL for NULL). */
char *wn_m_skip_bullet(char *t) {
    if (!t) return NULL;
    size_t lead = strspn(t, "[]<>|*~:/-");
    return lead && t[lead] == ' ' && strlen(t + lead + 1) >= 4 ? t + lead + 1 : t;
}

/* Whether element i is a separator hidden from screen readers
 * ("<span aria-hidden=true> - </span>"): only dashes, bars, colons, dots
 * and blanks. */
static int hidden_sep(const wn_dom_t *d, int i) {
    const char *ah = wn_dom_attr(d, i, "aria-hidden");
    if (!ah || strcasecmp(ah, "true")) return 0;
    char buf[32];
    size_t n = wn_dom_text(d, i, 0, buf, sizeof buf);
    if (n >= sizeof buf - 1) return 0;
    int mark = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)buf[k];
        if (c == '-' || c == '|' || c == ':' || c == '/') mark = 1;
        else if (c == 0xE2 && k + 2 < n && (unsigned char)buf[k + 1] == 0x80 &&
                 ((unsigned char)buf[k + 2] == 0x93 || (unsigned char)buf[k + 2] == 0x94)) {
            mark = 1; /* en or em dash */
            k += 2;
        } else if (c == 0xC2 && k + 1 < n &&
                   ((unsigned char)buf[k + 1] == 0xB7 || (unsigned char)buf[k + 1] == 0xA0)) {
            if ((unsigned char)buf[k + 1] == 0xB7) mark = 1; /* a middle dot; or a no-break space */
            k++;
        } else if (!isspace(c)) {
            return 0;
        }
    }
    return mark;
}

/* The text of heading i without its kicker ("<span class=dachzeile>Interne
 * Unterlagen</span> <span class=headline>Daten ... gehackt</span>"): a child
 * named headline/title wins; children named kicker, dachzeile, toptitle,
 * eyebrow, overline, topline or visually hidden are left out. */
char *wn_m_heading_text(const wn_dom_t *d, wn_arena_t *a, int i) {
    static const char *const kick[] = {"kicker", "dachzeile", "toptitle", "eyebrow", "overline", "topline",
                                       "spitzmarke", "roofline", "hidden", "sr", "visually", "subtitle",
                                       "topic", "label", "h1small", NULL};
    for (int j = i + 1; j < d->n[i].end; j++) {
        if (d->n[j].flags & WN_F_TEXT) continue;
        if (!wn_dom_has_token(d, j, "headline") && !wn_dom_has_token(d, j, "title")) continue;
        int k = 0; /* "entry-title__toptitle" is the kicker */
        while (kick[k] && !wn_dom_has_token(d, j, kick[k])) k++;
        if (kick[k]) continue;
        char *t = wn_m_node_text(d, a, j);
        size_t tl = t ? strlen(t) : 0;
        while (tl && isspace((unsigned char)t[tl - 1])) tl--;
        if (tl && t[tl - 1] != ':') return t; /* "Lead-in:" is only the headline's first line */
        break;
    }
    char buf[TXT_MAX + 1];
    size_t o = 0;
    int seen_text = 0; /* a kicker comes before any text but blanks */
    for (int j = i + 1; j < d->n[i].end && o + 2 < sizeof buf;) {
        const wn_node_t *n = &d->n[j];
        if (!(n->flags & WN_F_TEXT) && (n->tag == GUMBO_TAG_RT || n->tag == GUMBO_TAG_RP)) {
            j = n->end; /* ruby annotations (furigana) are not the title */
            continue;
        }
        if (!(n->flags & WN_F_TEXT) && (n->tag == GUMBO_TAG_SMALL || n->tag == GUMBO_TAG_TIME)) {
            j = n->end; /* a date or category line set small inside the heading */
            continue;
        }
        if (!(n->flags & WN_F_TEXT) && seen_text && hidden_sep(d, j)) {
            o = 0; /* "Kicker<span aria-hidden=true> - </span>Headline" */
            seen_text = 0;
            j = n->end;
            continue;
        }
        if (!(n->flags & WN_F_TEXT)) {
            int skip = 0;
            for (int k = 0; kick[k] && !skip; k++)
                if (wn_dom_has_token(d, j, kick[k])) skip = 1;
            if (skip && !seen_text) {
                j = n->end;
                continue;
            }
            j++;
            continue;
        }
        /* text nodes are joined with a space, except next to CJK text
         * (ruby base characters must stay together) */
        size_t l = n->text_len < sizeof buf - 2 - o ? n->text_len : sizeof buf - 2 - o;
        if (o && l) {
            size_t k = o - 1;
            while (k && ((unsigned char)buf[k] & 0xC0) == 0x80) k--; /* lead byte of the last character */
            if ((unsigned char)buf[k] < 0xE3 && (unsigned char)n->text[0] < 0xE3) buf[o++] = ' ';
        }
        memcpy(buf + o, n->text, l);
        o += l;
        for (size_t k = 0; k < l && !seen_text; k++)
            if (!isspace((unsigned char)n->text[k])) seen_text = 1;
        j++;
    }
    char *t = wn_m_dup(a, buf, o);
    return wn_m_skip_bullet(t ? t : wn_m_node_text(d, a, i));
}

int wn_m_word_count(const char *s) {
    int w = 0, in = 0;
    for (; *s; s++) {
        int sp = isspace((unsigned char)*s);
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

/* Share of the words of `a` (split on spaces and punctuation, compared
 * without case) that also occur in `b`; 0 when either is missing. */
double wn_m_word_overlap(const char *a, const char *b) {
    if (!a || !b) return 0.0;
    int words = 0, found = 0;
    const char *p = a;
    while (*p) {
        while (*p && (isspace((unsigned char)*p) || ispunct((unsigned char)*p))) p++;
        const char *q = p;
        while (*q && !isspace((unsigned char)*q) && !ispunct((unsigned char)*q)) q++;
        if (q > p) {
            words++;
            size_t l = (size_t)(q - p);
            for (const char *r = b; *r; r++) {
                if (!strncasecmp(r, p, l)) {
                    found++;
                    break;
                }
            }
        }
        p = q;
    }
    return words ? (double)found / words : 0.0;
}

/* The non-blank text nodes near heading h, in the order the near-title
 * rules try them: up to `after` of them after h's subtree, then up to
 * `before` before h, nearest first. Stores their indices in out (room for
 * after + before) and returns how many. */
int wn_m_near_texts(const wn_dom_t *d, int h, int after, int before, int *out) {
    int m = 0;
    for (int dir = 0; dir < 2; dir++) {
        int seen = 0, limit = dir == 0 ? after : before;
        for (int j = dir == 0 ? d->n[h].end : h - 1; j > 0 && j < d->count && seen < limit; j += dir == 0 ? 1 : -1) {
            const wn_node_t *n = &d->n[j];
            if (!(n->flags & WN_F_TEXT)) continue;
            size_t k = 0;
            while (k < n->text_len && isspace((unsigned char)n->text[k])) k++;
            if (k == n->text_len) continue;
            seen++;
            out[m++] = j;
        }
    }
    return m;
}

int wn_m_is_url(const char *s) { return s && (!strncmp(s, "http:", 5) || !strncmp(s, "https:", 6) || s[0] == '/'); }
