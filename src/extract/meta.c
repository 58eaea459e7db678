/* meta.c -- page metadata: title, author, date, site name, language,
 * description, canonical URL, and JSON-LD articleBody.
 *
 * Sources, most trusted first: JSON-LD (schema.org Article types), Open
 * Graph / article:* meta, plain <meta name=...>, microdata (itemprop), then
 * the document itself (<title>, <h1>, <time>, rel=author, byline classes).
 * JSON-LD is parsed with jansson, tolerating @graph, arrays and bad JSON;
 * its nesting is walked with an explicit, bounded stack.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/page.h"

#define TXT_MAX 2048 /* longest metadata value kept */

typedef struct ld_found {
    char *headline, *author, *date, *publisher, *description;
    int rank; /* how article-like the object that gave headline is */
    int author_org; /* the author is an Organization, not a Person */
    char *author_ref; /* the author is only {"@id": ...}: its id */
    struct {
        char *id, *name;
    } person[8]; /* Person objects with an @id (Yoast's @graph) */
    int n_person;
} ld_found_t;

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

static char *adup(wn_arena_t *a, const char *s, size_t n) {
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

static char *adups(wn_arena_t *a, const char *s) { return s ? adup(a, s, strlen(s)) : NULL; }

static char *node_text(const wn_dom_t *d, wn_arena_t *a, int i);

/* t after a leading bullet or cut-off separator ("[> Headline", "| Headline";
 * not "[Update] Headline"); a pointer into t (or NULL for NULL). */
static char *skip_bullet(char *t) {
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
static char *heading_text(const wn_dom_t *d, wn_arena_t *a, int i) {
    static const char *const kick[] = {"kicker", "dachzeile", "toptitle", "eyebrow", "overline", "topline",
                                       "spitzmarke", "roofline", "hidden", "sr", "visually", "subtitle",
                                       "topic", "label", "h1small", NULL};
    for (int j = i + 1; j < d->n[i].end; j++) {
        if (d->n[j].flags & WN_F_TEXT) continue;
        if (!wn_dom_has_token(d, j, "headline") && !wn_dom_has_token(d, j, "title")) continue;
        int k = 0; /* "entry-title__toptitle" is the kicker */
        while (kick[k] && !wn_dom_has_token(d, j, kick[k])) k++;
        if (kick[k]) continue;
        char *t = node_text(d, a, j);
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
    char *t = adup(a, buf, o);
    return skip_bullet(t ? t : node_text(d, a, i));
}

static char *node_text(const wn_dom_t *d, wn_arena_t *a, int i) {
    char buf[TXT_MAX + 1];
    size_t n = wn_dom_text(d, i, 0, buf, sizeof buf);
    return adup(a, buf, n);
}

/* ---- dates ---- */

static int num(const char *s, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* The month a word names (lexicon.c, WN_MONTH_DATE), or 0. Longest
 * prefix wins ("juil" over "jul"). */
static int month_of(const char *s, int l) {
    int best = 0;
    size_t bl = 0;
    for (const wn_month_t *m = wn_lex_months; m->prefix; m++) {
        if (!(m->use & WN_MONTH_DATE)) continue;
        size_t ml = strlen(m->prefix);
        if ((size_t)l >= ml && ml > bl && !strncasecmp(s, m->prefix, ml)) {
            best = m->month;
            bl = ml;
        }
    }
    /* "juin"/"juil" vs "jun"/"jul": French words need their 4th letter */
    return best;
}

/* Days in month m (1-12) of year y. */
static int month_days(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* Normalises a date as found in metadata to ISO 8601 (YYYY-MM-DD, with
 * THH:MM:SS and offset when given). Returns an arena string or NULL. */
static char *norm_date(wn_arena_t *a, const char *s) {
    if (!s) return NULL;
    while (*s == ' ' || *s == '\n' || *s == '\t') s++;
    int y, mo, d;
    char out[40];
    size_t len = strlen(s);
    if (len >= 10 && num(s, 4, &y) && (s[4] == '-' || s[4] == '/' || s[4] == '.') && num(s + 5, 2, &mo) &&
        s[7] == s[4] && num(s + 8, 2, &d)) {
        if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return NULL;
        int hh, mm, ss = 0;
        if (len >= 16 && (s[10] == 'T' || s[10] == ' ') && num(s + 11, 2, &hh) && s[13] == ':' &&
            num(s + 14, 2, &mm)) {
            const char *p = s + 16;
            if (*p == ':' && num(p + 1, 2, &ss)) p += 3;
            if (*p == '.')
                for (p++; isdigit((unsigned char)*p); p++) {
                }
            char tz[8] = "";
            int th, tm;
            if (*p == 'Z' || *p == 'z') {
                memcpy(tz, "+00:00", 7);
            } else if ((*p == '+' || *p == '-') && num(p + 1, 2, &th)) {
                tm = 0;
                if (p[3] == ':' && num(p + 4, 2, &tm)) {
                } else if (num(p + 3, 2, &tm)) {
                } else {
                    tm = 0;
                }
                tz[0] = *p;
                tz[1] = (char)('0' + th / 10 % 10);
                tz[2] = (char)('0' + th % 10);
                tz[3] = ':';
                tz[4] = (char)('0' + tm / 10 % 10);
                tz[5] = (char)('0' + tm % 10);
                tz[6] = '\0';
            }
            if (hh > 23 || mm > 59 || ss > 60) hh = mm = ss = 0;
            snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, hh, mm, ss, tz);
        } else {
            snprintf(out, sizeof out, "%04d-%02d-%02d", y, mo, d);
        }
        return adups(a, out);
    }
    /* "5.3.2019", "05/03/2019" (day first unless the second is > 12) */
    {
        const char *p = s;
        while (*p && !isdigit((unsigned char)*p)) p++;
        int a1, a2, a3;
        const char *q = p;
        int l1 = 0, l2 = 0, l3 = 0;
        while (isdigit((unsigned char)q[l1])) l1++;
        if (l1 >= 1 && l1 <= 2 && (q[l1] == '.' || q[l1] == '/') && num(q, l1, &a1)) {
            char sep = q[l1];
            q += l1 + 1;
            while (isdigit((unsigned char)q[l2])) l2++;
            if (l2 >= 1 && l2 <= 2 && q[l2] == sep && num(q, l2, &a2)) {
                q += l2 + 1;
                while (isdigit((unsigned char)q[l3])) l3++;
                if (l3 == 4 && num(q, 4, &a3) && a3 >= 1900 && a3 <= 2100) {
                    int dd = a1, mm = a2;
                    if (mm > 12 && dd <= 12) {
                        dd = a2;
                        mm = a1;
                    }
                    if (mm >= 1 && mm <= 12 && dd >= 1 && dd <= month_days(a3, mm)) {
                        snprintf(out, sizeof out, "%04d-%02d-%02d", a3, mm, dd);
                        return adups(a, out);
                    }
                }
            }
        }
    }
    /* "March 5, 2019", "5. März 2019", "3 de mayo de 2025", "Mar. 5 2019" */
    const char *p = s;
    d = mo = y = 0;
    for (int guard = 0; *p && guard < 12; guard++) {
        while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80) p++;
        const char *q = p;
        while (*q && (isalnum((unsigned char)*q) || (unsigned char)*q >= 0x80)) q++;
        int l = (int)(q - p);
        if (l == 0) break;
        int v;
        if (!isdigit((unsigned char)*p) && l >= 3 && !mo) {
            mo = month_of(p, l);
        } else if (l == 4 && num(p, 4, &v) && !y) {
            y = v;
        } else if (l <= 2 && num(p, l, &v) && !d) {
            d = v;
        } else if (l >= 3 && l <= 4 && isdigit((unsigned char)*p) && !d) {
            /* "5th" */
            if (num(p, 1, &v)) d = v;
            if (l >= 2 && isdigit((unsigned char)p[1])) d = (p[0] - '0') * 10 + (p[1] - '0');
        }
        p = q;
    }
    if (y >= 1900 && y <= 2100 && mo && d >= 1 && d <= month_days(y, mo)) {
        snprintf(out, sizeof out, "%04d-%02d-%02d", y, mo, d);
        return adups(a, out);
    }
    return NULL;
}

/* ---- JSON-LD ---- */

static int type_rank(json_t *o) {
    json_t *t = json_object_get(o, "@type");
    const char *names[8];
    size_t n = 0;
    if (json_is_string(t)) names[n++] = json_string_value(t);
    else if (json_is_array(t))
        for (size_t i = 0; i < json_array_size(t) && n < 8; i++)
            if (json_is_string(json_array_get(t, i))) names[n++] = json_string_value(json_array_get(t, i));
    int best = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = names[i];
        int r = 0;
        if (strstr(s, "Article") || strstr(s, "BlogPosting") || strstr(s, "Report") || !strcmp(s, "Recipe") ||
            strstr(s, "Posting") || !strcmp(s, "Review"))
            r = 3;
        else if (strstr(s, "WebPage") || !strcmp(s, "CreativeWork"))
            r = 1;
        if (r > best) best = r;
    }
    return best;
}

/* Whether a JSON-LD object's @type names an Organization (any kind). */
static int is_org(json_t *o) {
    json_t *t = json_object_get(o, "@type");
    return json_is_string(t) && strstr(json_string_value(t), "Organization");
}

/* The names of the author value `v` (a string, an object with "name" or an
 * array of them), joined with ", "; an arena string or NULL. Notes in `f`
 * whether all of them are organizations, and the @id of an author given
 * only by reference. */
static char *ld_names(wn_arena_t *a, json_t *v, ld_found_t *f) {
    char buf[512];
    size_t k = 0;
    json_t *items[16];
    size_t n = 0, orgs = 0, names = 0;
    if (json_is_array(v))
        for (size_t i = 0; i < json_array_size(v) && n < 16; i++) items[n++] = json_array_get(v, i);
    else
        items[n++] = v;
    for (size_t i = 0; i < n; i++) {
        json_t *it = items[i];
        const char *s = NULL;
        if (json_is_string(it)) s = json_string_value(it);
        else if (json_is_object(it) && json_is_string(json_object_get(it, "name")))
            s = json_string_value(json_object_get(it, "name"));
        else if (json_is_object(it) && json_is_string(json_object_get(it, "@id")) && !f->author_ref)
            f->author_ref = adups(a, json_string_value(json_object_get(it, "@id")));
        if (!s || !*s) continue;
        orgs += json_is_object(it) && is_org(it);
        names++;
        if (!strncmp(s, "http", 4)) continue;
        size_t l = strlen(s);
        if (k + l + 3 >= sizeof buf) break;
        if (k) {
            memcpy(buf + k, ", ", 2);
            k += 2;
        }
        memcpy(buf + k, s, l);
        k += l;
    }
    buf[k] = '\0';
    if (k) f->author_org = orgs == names;
    return k ? adup(a, buf, k) : NULL;
}

static void ld_object(wn_arena_t *a, json_t *o, ld_found_t *f) {
    json_t *v, *t = json_object_get(o, "@type");
    if (json_is_string(t) && !strcmp(json_string_value(t), "Person") && f->n_person < 8 &&
        json_is_string(json_object_get(o, "@id")) && json_is_string(v = json_object_get(o, "name"))) {
        f->person[f->n_person].id = adups(a, json_string_value(json_object_get(o, "@id")));
        f->person[f->n_person].name = adups(a, json_string_value(v));
        if (f->person[f->n_person].id && f->person[f->n_person].name) f->n_person++;
    }
    int rank = type_rank(o);
    if (rank == 0) return;
    if ((v = json_object_get(o, "headline")) && json_is_string(v) && rank >= f->rank) {
        f->headline = adups(a, json_string_value(v));
        f->rank = rank;
    } else if ((v = json_object_get(o, "name")) && json_is_string(v) && rank > f->rank && rank >= 3) {
        f->headline = adups(a, json_string_value(v));
        f->rank = rank;
    }
    if (!f->author && (v = json_object_get(o, "author"))) f->author = ld_names(a, v, f);
    if (!f->author && (v = json_object_get(o, "creator"))) f->author = ld_names(a, v, f);
    if (!f->date && (v = json_object_get(o, "datePublished")) && json_is_string(v))
        f->date = norm_date(a, json_string_value(v));
    if (!f->date && (v = json_object_get(o, "dateCreated")) && json_is_string(v))
        f->date = norm_date(a, json_string_value(v));
    if (!f->publisher && (v = json_object_get(o, "publisher"))) {
        if (json_is_object(v) && json_is_string(json_object_get(v, "name")))
            f->publisher = adups(a, json_string_value(json_object_get(v, "name")));
    }
    if (!f->description && (v = json_object_get(o, "description")) && json_is_string(v))
        f->description = adups(a, json_string_value(v));
}

/* Visits every object of a JSON-LD block (bounded, no recursion). A block
 * may wrap its JSON in "<![CDATA[ ... ]]>" or hold several values in a row
 * ("{...},\n{...}"): up to 8 are read, one after the other. */
static void ld_scan(wn_arena_t *a, const char *text, size_t len, ld_found_t *f) {
    size_t off = 0;
    for (int nval = 0; nval < 8 && off < len; nval++) {
        while (off < len && (isspace((unsigned char)text[off]) || text[off] == ',' || text[off] == ';')) off++;
        if (len - off >= 4 && !memcmp(text + off, "//<!", 4)) off += 2;
        if (len - off >= 9 && !memcmp(text + off, "<![CDATA[", 9)) {
            off += 9;
            continue;
        }
        if (off >= len || (text[off] != '{' && text[off] != '[')) return;
        json_error_t err;
        json_t *root = json_loadb(text + off, len - off, JSON_DISABLE_EOF_CHECK, &err);
        if (!root) return;
        /* with JSON_DISABLE_EOF_CHECK, err.position is the bytes read */
        off += err.position > 0 ? (size_t)err.position : len;
        json_t *stack[64];
        int sp = 0, visited = 0;
        stack[sp++] = root;
        while (sp && visited < 2000) {
            json_t *v = stack[--sp];
            visited++;
            if (json_is_array(v)) {
                for (size_t i = json_array_size(v); i-- > 0 && sp < 64;) stack[sp++] = json_array_get(v, i);
            } else if (json_is_object(v)) {
                ld_object(a, v, f);
                json_t *g = json_object_get(v, "@graph");
                if (g && sp < 64) stack[sp++] = g;
                json_t *me = json_object_get(v, "mainEntity");
                if (me && sp < 64) stack[sp++] = me;
            }
        }
        json_decref(root);
    }
}

/* ---- document ---- */

static int is_url(const char *s) { return s && (!strncmp(s, "http:", 5) || !strncmp(s, "https:", 6) || s[0] == '/'); }

/* Length of a credit label of two or three credit words joined by "und",
 * "and", "&" or "," and ending in ':' ("Text und Fotos:", "Words & pictures:")
 * that starts s, or 0. One word alone is in byline_lead's list. */
static size_t credit_label(const char *s) {
    static const char *const word[] = {"text", "texte", "interview", "fotos", "foto", "photos", "photo",
                                       "pictures", "words", "bilder", "recherche", "reporting", NULL};
    static const char *const join[] = {" und ", " and ", " & ", ", ", NULL};
    const char *p = s;
    for (int words = 0; words < 3; words++) {
        size_t l = 0;
        for (int k = 0; word[k] && !l; k++) {
            size_t wl = strlen(word[k]);
            if (!strncasecmp(p, word[k], wl) && (p[wl] == ' ' || p[wl] == ':' || p[wl] == ',')) l = wl;
        }
        if (!l) return 0;
        p += l;
        if (*p == ':') return words ? (size_t)(p - s) : 0;
        for (int k = 0; join[k] && l; k++) {
            size_t jl = strlen(join[k]);
            if (!strncmp(p, join[k], jl)) {
                p += jl;
                l = 0;
            }
        }
        if (l) return 0; /* no joiner: not a credit label */
    }
    return 0;
}

/* Length of the byline lead-in ("By", "Von", "Posted by", "Autor:") that
 * starts s, or 0. A lead-in is followed by a space, a colon, or (when text
 * nodes were joined without a space: "Veröffentlicht vonChris") a capital. */
static size_t byline_lead(const char *s) {
    for (const wn_lead_t *ld = wn_lex_leads; ld->text; ld++) {
        if (!(ld->use & WN_LEAD_NAME)) continue;
        size_t l = strlen(ld->text);
        if (strncasecmp(s, ld->text, l)) continue;
        unsigned char c = (unsigned char)s[l];
        if (c == ' ' || c == ':' || c == '\0' || (c == 0xC2 && (unsigned char)s[l + 1] == 0xA0)) return l;
        if (l > 4 && c >= 'A' && c <= 'Z') return l;
    }
    return credit_label(s);
}

/* Cleans a byline in place: strips lead-ins ("By ", "Von ", "Posted by")
 * and what follows the name (" | ...", " - date", " am 3. Mai", " · 12
 * min", digits). Returns s advanced, or NULL when what is left is a label
 * or a commenter ("Name (erforderlich)", "Anna says:"), not a name. */
static char *clean_byline(char *s) {
    if (!s) return NULL;
    for (int again = 0; again < 2; again++) {
        size_t l = byline_lead(s);
        if (!l) break;
        s += l;
        while (*s == ' ' || *s == ':') s++;
        if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) s += 2;
    }
    while (*s == ' ' || *s == ':' || *s == '|') s++;
    size_t n = strlen(s);
    static const char *const tail[] = {" am ", " on ", " le ", " el ", " il ", " vor ", " — ", " – ", " Alle ",
                                       " alle ", " Stand", " Kontakt", " Mitglied ", " Games Editor", " Staff",
                                       " Redakteur", " Redakteurin", " Alles ", " @", " \xc2\xbb", " Illustration", " Foto", " Photo", " Bild", "\xe2\x80\xa2", " |", " (", ", dpa"};
    for (size_t k = 0; k < sizeof tail / sizeof tail[0]; k++) {
        const char *t = strstr(s, tail[k]);
        if (t && t - s >= 3 && (size_t)(t - s) < n) n = (size_t)(t - s);
    }
    for (size_t i = 0; i < n; i++) {
        if ((s[i] == '|' || s[i] == '\n' || isdigit((unsigned char)s[i]) ||
             (i + 2 < n && s[i] == ' ' && (s[i + 1] == '-' || s[i + 1] == '/') && s[i + 2] == ' ') ||
             (i + 2 < n && !strncmp(s + i, "\xc2\xb7", 2))) &&
            i >= 3) {
            n = i;
            break;
        }
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == '-')) n--;
    s[n] = '\0';
    if (n < 2 || n > 100) return NULL;
    /* a label, not a name: "Name *", "Publiziert am", "Author" */
    if (strchr(s, '*') || strchr(s, '@') || strstr(s, "http") || strchr(s, '(') || s[n - 1] == ':') return NULL;
    size_t last = n;
    while (last && s[last - 1] != ' ') last--;
    static const char *const label[] = {"am", "on", "le", "el", "says", "sagt", "Sagt", "said", "schreibt",
                                        "dice", "dit", "Posted", "Follow", "link", "Autor", "Author"};
    for (size_t k = 0; k < sizeof label / sizeof label[0]; k++)
        if (!strcmp(s + last, label[k])) return NULL;
    if (strstr(s, " said") || strstr(s, " says")) return NULL;
    return s;
}

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
            if (hl < tl && !strncmp(t, h1, hl) && !strncmp(t + hl, sep, sl)) return adup(a, h1, hl);
            if (hl < tl && !strcmp(t + tl - hl, h1) && tl - hl >= sl && !strncmp(t + tl - hl - sl, sep, sl))
                return adup(a, h1, hl);
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
        return adup(a, best, best_len);
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

static int word_count(const char *s) {
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
static double word_overlap(const char *a, const char *b) {
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
static int near_texts(const wn_dom_t *d, int h, int after, int before, int *out) {
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

/* A date written in a short text near the title's heading `h` (a dateline
 * above or below it, "<p>March 3, 2019</p>", "Stand: 12.05.2021"):
 * the first of the 12 short texts after the heading, else of the 4 before
 * it. Long texts are prose, whose dates are not the page's. */
static char *date_near(const wn_dom_t *d, wn_arena_t *a, int h) {
    if (h <= 0) return NULL;
    int near[12 + 4];
    int m = near_texts(d, h, 12, 4, near);
    for (int q = 0; q < m; q++) {
        const wn_node_t *n = &d->n[near[q]];
        if (n->text_len > 100) continue;
        char buf[104];
        memcpy(buf, n->text, n->text_len);
        buf[n->text_len] = '\0';
        char *t = norm_date(a, buf);
        if (t) return t;
    }
    return NULL;
}

static int name_like(const char *s);
static int not_person(const char *au, const char *site, const char *pub);

/* A byline near the title's heading `h`: among the 16 texts after it (or
 * the 6 before it), the first that starts with a lead-in ("By", "Von",
 * "Autor:"), read with its short parent ("VON <a>A. Name</a> am 21.
 * April") or, for a bare label ("Autor:"), with the next text; or a dateline
 * that ends with a name ("12.05.2021 | 09:30 Uhr | Jana Beispiel").
 * Returns an arena string or NULL. */
static char *byline_near(const wn_dom_t *d, wn_arena_t *a, int h, const char *site, const char *pub) {
    if (h <= 0) return NULL;
    char *site_byline = NULL;
    int near[16 + 6];
    int m = near_texts(d, h, 16, 6, near);
    for (int q0 = 0; q0 < m; q0++) {
        int j = near[q0];
        const wn_node_t *n = &d->n[j];
        size_t k = 0;
        while (k < n->text_len && isspace((unsigned char)n->text[k])) k++;
        if (n->text_len - k > 120) continue;
        char buf[128];
        memcpy(buf, n->text + k, n->text_len - k);
        buf[n->text_len - k] = '\0';
        size_t ll = byline_lead(buf);
        if (!ll) {
            /* "date | time | Name", "date - Name" */
            const char *sep = NULL;
            for (const char *q = buf; *q; q++)
                if (q[0] == ' ' && (q[1] == '|' || q[1] == '-') && q[2] == ' ') sep = q + 3;
            if (!sep || !isdigit((unsigned char)buf[0])) continue;
            char *t = adups(a, sep);
            if (t && name_like(t) && !not_person(t, site, pub) && norm_date(a, buf)) return t;
            continue;
        }
        /* the parent's text from the lead-in on */
        int p = n->parent;
        char *t = NULL;
        if (p >= 0 && d->n[p].chars <= 150) {
            char *pt = node_text(d, a, p), *at = NULL;
            char lead[48];
            if (pt && ll < sizeof lead) {
                memcpy(lead, buf, ll);
                lead[ll] = '\0';
                at = strcasestr(pt, lead);
            }
            t = at ? clean_byline(at) : NULL;
        }
        if (t && word_count(t) <= 8) {
            if (!not_person(t, site, pub)) return t;
            if (!site_byline) site_byline = t; /* unless a person comes */
        }
        /* a bare label: the name is the next text */
        size_t rest = ll;
        while (buf[rest] == ' ' || buf[rest] == ':') rest++;
        if (buf[rest]) continue;
        for (int q = j + 1; q < d->count && q < j + 8; q++) {
            const wn_node_t *nq = &d->n[q];
            if (!(nq->flags & WN_F_TEXT)) continue;
            char *u = adup(a, nq->text, nq->text_len);
            if (!u) continue;
            u = clean_byline(u);
            if (u && name_like(u) && !not_person(u, site, pub)) return u;
            break;
        }
    }
    return site_byline;
}

/* A bare byline label anywhere outside comments ("<h4>Autor</h4><p><a>A.
 * Name</a>", "Auteur: <a>Name</a>"): the name-like text that follows it.
 * Returns an arena string or NULL. */
static char *byline_label(const wn_dom_t *d, wn_arena_t *a, const char *site, const char *pub) {
    static const char *const label[] = {"autor", "autorin", "autoren", "author", "auteur", "von", "by",
                                        "written by", "text", "verfasst von", "geschrieben von"};
    for (int j = 0; j < d->count; j++) {
        const wn_node_t *n = &d->n[j];
        if (!(n->flags & WN_F_TEXT) || n->text_len > 40) continue;
        size_t b = 0, e = n->text_len;
        while (b < e && isspace((unsigned char)n->text[b])) b++;
        while (e > b && (isspace((unsigned char)n->text[e - 1]) || n->text[e - 1] == ':')) e--;
        int hit = 0;
        unsigned char c0 = (unsigned char)tolower((unsigned char)n->text[b]);
        for (size_t k = 0; k < sizeof label / sizeof label[0] && !hit && b < e; k++)
            if ((unsigned char)label[k][0] == c0 && strlen(label[k]) == e - b &&
                !strncasecmp(n->text + b, label[k], e - b))
                hit = 1;
        if (!hit) continue;
        /* not in a comment section */
        int cm = 0;
        for (int p = n->parent, up = 0; p >= 0 && up < 64 && !cm; p = d->n[p].parent, up++)
            cm = wn_dom_has_token(d, p, "comment") || wn_dom_has_token(d, p, "comments") ||
                 d->n[p].tag == GUMBO_TAG_FORM;
        if (cm) continue;
        for (int q = j + 1; q < d->count && q < j + 12; q++) {
            const wn_node_t *nq = &d->n[q];
            if (!(nq->flags & WN_F_TEXT)) continue;
            size_t k = 0;
            while (k < nq->text_len && isspace((unsigned char)nq->text[k])) k++;
            if (k == nq->text_len) continue;
            char *u = adup(a, nq->text, nq->text_len);
            u = u ? clean_byline(u) : NULL;
            if (u && name_like(u) && !not_person(u, site, pub)) return u;
            break;
        }
    }
    return NULL;
}

/* A date after a label anywhere outside comments: a text that is the label
 * ("Datum:", "Mise en ligne") followed by a text holding the date, or one
 * that starts with the label and holds it ("Erschienen am: 12.05.2021").
 * Returns an arena string or NULL. */
static char *date_label(const wn_dom_t *d, wn_arena_t *a) {
    static const char *const label[] = {"datum", "date", "published", "veröffentlicht", "veröffentlicht am",
                                        "erschienen am", "erstellt am", "publiziert am", "publié le",
                                        "mise en ligne", "fecha", "publicado", "data publikacji", "опубликовано"};
    for (int j = 0; j < d->count; j++) {
        const wn_node_t *n = &d->n[j];
        if (!(n->flags & WN_F_TEXT) || n->text_len > 60) continue;
        size_t b = 0;
        while (b < n->text_len && isspace((unsigned char)n->text[b])) b++;
        size_t hit = 0;
        unsigned char c0 = b < n->text_len ? (unsigned char)tolower((unsigned char)n->text[b]) : 0;
        for (size_t k = 0; k < sizeof label / sizeof label[0] && !hit; k++) {
            size_t l = strlen(label[k]);
            if ((unsigned char)label[k][0] == c0 && b + l <= n->text_len && !strncasecmp(n->text + b, label[k], l) &&
                (b + l == n->text_len || n->text[b + l] == ':' || isspace((unsigned char)n->text[b + l])))
                hit = l;
        }
        if (!hit) continue;
        int cm = 0;
        for (int p = n->parent, up = 0; p >= 0 && up < 64 && !cm; p = d->n[p].parent, up++)
            cm = wn_dom_has_token(d, p, "comment") || wn_dom_has_token(d, p, "comments");
        if (cm) continue;
        char buf[64];
        memcpy(buf, n->text, n->text_len);
        buf[n->text_len] = '\0';
        char *t = norm_date(a, buf);
        if (t) return t;
        /* a bare label: the next text */
        for (int q = j + 1; q < d->count && q < j + 8; q++) {
            const wn_node_t *nq = &d->n[q];
            if (!(nq->flags & WN_F_TEXT)) continue;
            size_t k = 0;
            while (k < nq->text_len && isspace((unsigned char)nq->text[k])) k++;
            if (k == nq->text_len) continue;
            if (nq->text_len <= 60) {
                memcpy(buf, nq->text, nq->text_len);
                buf[nq->text_len] = '\0';
                if ((t = norm_date(a, buf))) return t;
            }
            break;
        }
    }
    return NULL;
}

/* A date in a URL's path: "/2019/05/12/", "/2019-05-12-slug". */
static char *url_date(wn_arena_t *a, const char *u) {
    if (!u) return NULL;
    for (const char *p = strchr(u, '/'); p && *p; p = strchr(p + 1, '/')) {
        int y, mo, dd;
        if (!num(p + 1, 4, &y) || y < 1990 || y > 2100) continue;
        char sep = p[5];
        if ((sep != '/' && sep != '-') || !num(p + 6, 2, &mo) || p[8] != sep || !num(p + 9, 2, &dd)) continue;
        if (isdigit((unsigned char)p[11]) || mo < 1 || mo > 12 || dd < 1 || dd > 31) continue;
        char out[16];
        snprintf(out, sizeof out, "%04d-%02d-%02d", y, mo, dd);
        return adups(a, out);
    }
    return NULL;
}

/* Whether an author value names the site rather than a person: equal to
 * the site name or the publisher, or a part of it, or a domain name
 * ("24horas.cl"). */
static int not_person(const char *au, const char *site, const char *pub) {
    if (!au) return 1;
    const char *names[2] = {site, pub};
    for (int k = 0; k < 2; k++)
        if (names[k] && strlen(au) >= 2 && strcasestr(names[k], au)) return 1;
    const char *dot = strrchr(au, '.');
    if (dot && dot > au && isalpha((unsigned char)dot[-1]) && strlen(dot + 1) >= 2 && strlen(dot + 1) <= 3 &&
        isalpha((unsigned char)dot[1]) && isalpha((unsigned char)dot[2]))
        return 1;
    return 0;
}

/* Whether s reads as a person's name: 2 to 5 words, each capitalised or a
 * name particle ("von", "de", "van", "und", "and"), no label colon. */
static int name_like(const char *s) {
    static const char *const particle[] = {"von", "van", "de", "der", "den", "la", "le", "del", "da", "di",
                                           "du", "und", "and", "y", "et", "zu"};
    int words = 0;
    for (const char *p = s; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *q = p;
        while (*q && *q != ' ') q++;
        words++;
        unsigned char c = (unsigned char)*p;
        int ok = (c >= 'A' && c <= 'Z') || c >= 0xC3; /* capital ASCII, or a non-ASCII letter */
        for (size_t k = 0; !ok && k < sizeof particle / sizeof particle[0]; k++)
            if ((size_t)(q - p) == strlen(particle[k]) && !strncmp(p, particle[k], (size_t)(q - p))) ok = 1;
        if (!ok || memchr(p, ':', (size_t)(q - p))) return 0;
        p = q;
    }
    return words >= 2 && words <= 5;
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
    if (!cut || cut == t || word_count(strchr(cut + 1, ' ') + 1) > 4) return NULL;
    return adup(a, t, (size_t)(cut - t));
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

/* Rewrites a UTC timestamp ("...T23:00:00+00:00") as the same instant in
 * central European time (+01:00, +02:00 from April to October) when the
 * page's language is one of central Europe's (de, fr, it, nl, pl, ...), so
 * that the date is the local day of publication (a page of 7 November
 * stamped 2022-11-06T23:00:00Z). Other dates, and a midnight that stands
 * for a date without time, are returned unchanged. US and Brazilian zones
 * were tried: as many dev pages lost as gained. */
static char *utc_local(wn_arena_t *a, char *date, const char *lang) {
    static const char *const cet[] = {"de", "fr", "it", "nl", "pl", "cs", "da", "sv", "nb", "no", "hu", "sk", "sl",
                                      "hr", "lb"};
    int y, mo, d, hh, mm, ss;
    if (!date || !lang || strlen(date) != 25 || strcmp(date + 19, "+00:00") || !num(date, 4, &y) ||
        !num(date + 5, 2, &mo) || !num(date + 8, 2, &d) || !num(date + 11, 2, &hh) || !num(date + 14, 2, &mm) ||
        !num(date + 17, 2, &ss))
        return date;
    int summer = mo >= 4 && mo <= 10, off = 0;
    for (size_t k = 0; k < sizeof cet / sizeof cet[0] && !off; k++)
        if (!strncasecmp(lang, cet[k], 2) && (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'))
            off = summer ? 2 : 1;
    if (!off || (hh == 0 && mm == 0 && ss == 0)) return date; /* midnight: a date-only value */
    hh += off;
    if (hh >= 24) {
        hh -= 24;
        if (++d > month_days(y, mo)) {
            d = 1;
            if (++mo > 12) {
                mo = 1;
                y++;
            }
        }
    } else if (hh < 0) {
        hh += 24;
        if (--d < 1) {
            if (--mo < 1) {
                mo = 12;
                y--;
            }
            d = month_days(y, mo);
        }
    }
    char out[40];
    snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:00", y, mo, d, hh, mm, ss, off < 0 ? '-' : '+',
             off < 0 ? -off : off);
    char *r = adups(a, out);
    return r ? r : date;
}

void wn_meta_read(wn_page_t *pg, const char *const *ld, const size_t *ld_len, size_t n_ld) {
    const wn_dom_t *d = pg->d;
    wn_arena_t *a = pg->a;
    const wn_lexicon_t *lx = pg->lex;
    wn_meta_t *m = &pg->meta;
    memset(m, 0, sizeof *m);
    ld_found_t f;
    memset(&f, 0, sizeof f);
    for (size_t i = 0; i < n_ld; i++) ld_scan(a, ld[i], ld_len[i], &f);
    for (int k = 0; k < f.n_person && !f.author && f.author_ref; k++)
        if (!strcmp(f.person[k].id, f.author_ref)) f.author = f.person[k].name;

    const char *og_title = NULL, *tw_title = NULL, *dc_title = NULL, *meta_author = NULL, *art_author = NULL,
               *dc_creator = NULL, *og_site = NULL, *desc = NULL, *og_desc = NULL, *pub_time = NULL,
               *meta_date = NULL, *og_url = NULL, *content_lang = NULL, *canonical = NULL;
    struct {
        char *text;
        int level;
        int linked; /* all link: a site logo, or a blog's permalinked title; 2: surely a logo */
        int was_linked; /* all link, before the rules below judged it */
        int idx;    /* its node */
    } heads[16];
    int n_heads = 0;
    char *text_date = NULL; /* a date written in a date-ish element */
    char *title_el = NULL, *h1 = NULL, *time_dt = NULL, *ip_author = NULL, *ip_date = NULL, *rel_author = NULL,
         *byline = NULL;
    int n_h1 = 0;
    char *byline_link = NULL; /* the first link of a long byline box */
    char *raw_h1[4]; /* the first h1s, in chrome or not */
    int raw_h1_linked[4] = {0, 0, 0, 0}, raw_h1_idx[4] = {0, 0, 0, 0};
    int n_raw_h1 = 0, n_raw_all = 0;
    char *raw_h2[6]; /* the first h2s, in chrome or not */
    int n_raw_h2 = 0;
    char *tcls[8]; /* the first short div/span/p named title or headline */
    int n_tcls = 0;
    int cm_end = 0; /* nodes before this index are in a comment section or a form */
    for (int i = 0; i < d->count; i++) {
        const wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) continue;
        if (i >= cm_end && n->tag != GUMBO_TAG_BODY && n->tag != GUMBO_TAG_HTML && n->tag != GUMBO_TAG_A &&
            (n->tag == GUMBO_TAG_FORM || wn_dom_has_token(d, i, "comment") ||
                            wn_dom_has_token(d, i, "comments") || wn_dom_has_token(d, i, "respond") ||
                            wn_dom_has_token(d, i, "kommentare") || wn_dom_has_token(d, i, "commentlist")))
            cm_end = n->end;
        int in_cm = i < cm_end; /* commenters are not the author */
        switch (n->tag) {
        case GUMBO_TAG_TITLE:
            if (!title_el) title_el = node_text(d, a, i);
            break;
        case GUMBO_TAG_META: {
            const char *c = wn_dom_attr(d, i, "content");
            if (!c || !*c) break;
            const char *k = wn_dom_attr(d, i, "property");
            const char *nm = wn_dom_attr(d, i, "name");
            const char *he = wn_dom_attr(d, i, "http-equiv");
            const char *ip = wn_dom_attr(d, i, "itemprop");
            for (int pass = 0; pass < 3; pass++) {
                const char *key = pass == 0 ? k : pass == 1 ? nm : ip;
                if (!key) continue;
                /* property may hold several space-separated names */
                char kb[128];
                size_t kl = strlen(key);
                if (kl >= sizeof kb) continue;
                memcpy(kb, key, kl + 1);
                for (char *tok = kb; *tok;) {
                    while (*tok == ' ') tok++;
                    char *e = tok;
                    while (*e && *e != ' ') e++;
                    char save = *e;
                    *e = '\0';
                    if (!strcasecmp(tok, "og:title") && !og_title) og_title = c;
                    else if (!strcasecmp(tok, "twitter:title") && !tw_title) tw_title = c;
                    else if ((!strcasecmp(tok, "dc.title") || !strcasecmp(tok, "dcterms.title") ||
                              !strcasecmp(tok, "dc:title") || !strcasecmp(tok, "dcterms:title") ||
                              !strcasecmp(tok, "dcterm:title") || !strcasecmp(tok, "parsely-title")) &&
                             (!dc_title || strchr(tok, ':')))
                        dc_title = c; /* a dc:title property after a DC.title name wins */
                    else if ((!strcasecmp(tok, "author") || !strcasecmp(tok, "byl") ||
                              !strcasecmp(tok, "sailthru.author") || !strcasecmp(tok, "parsely-author")) &&
                             !meta_author)
                        meta_author = c;
                    else if (!strcasecmp(tok, "article:author") && !art_author && !is_url(c)) art_author = c;
                    else if ((!strcasecmp(tok, "dc.creator") || !strcasecmp(tok, "dcterms.creator")) &&
                             !dc_creator)
                        dc_creator = c;
                    else if (!strcasecmp(tok, "og:site_name") && !og_site) og_site = c;
                    else if (!strcasecmp(tok, "description") && !desc) desc = c;
                    else if ((!strcasecmp(tok, "og:description") || !strcasecmp(tok, "twitter:description")) &&
                             !og_desc)
                        og_desc = c;
                    else if ((!strcasecmp(tok, "article:published_time") ||
                              !strcasecmp(tok, "datePublished")) &&
                             !pub_time)
                        pub_time = c;
                    else if ((!strcasecmp(tok, "date") || !strcasecmp(tok, "pubdate") ||
                              !strcasecmp(tok, "publishdate") || !strcasecmp(tok, "publish-date") ||
                              !strcasecmp(tok, "publication_date") || !strcasecmp(tok, "dc.date") ||
                              !strcasecmp(tok, "dc.date.issued") || !strcasecmp(tok, "dcterms.date") ||
                              !strcasecmp(tok, "dcterms.created") || !strcasecmp(tok, "sailthru.date") ||
                              !strcasecmp(tok, "parsely-pub-date") || !strcasecmp(tok, "og:published_time") ||
                              !strcasecmp(tok, "article.published") || !strcasecmp(tok, "created")) &&
                             !meta_date)
                        meta_date = c;
                    else if (!strcasecmp(tok, "og:url") && !og_url) og_url = c;
                    *e = save;
                    tok = e;
                }
            }
            if (he && !strcasecmp(he, "content-language") && !content_lang) content_lang = c;
            break;
        }
        case GUMBO_TAG_LINK: {
            const char *rel = wn_dom_attr(d, i, "rel");
            const char *href = wn_dom_attr(d, i, "href");
            if (rel && href && !strcasecmp(rel, "canonical") && !canonical) canonical = href;
            break;
        }
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2: {
            /* a heading that is all link is a site logo ("<h1><a href=/>Blog
             * name</a></h1>"), not the article's title */
            int linked = 0, plain = 0;
            for (int j = i + 1; j < n->end; j++) {
                if (!(d->n[j].flags & WN_F_TEXT) || !d->n[j].text_len) continue;
                int in_a = 0;
                for (int p = d->n[j].parent; p > i; p = d->n[p].parent)
                    if (d->n[p].tag == GUMBO_TAG_A) in_a = 1;
                int blank = 1;
                for (size_t k = 0; k < d->n[j].text_len; k++)
                    if (!isspace((unsigned char)d->n[j].text[k])) blank = 0;
                if (blank) continue;
                if (in_a) linked = 1;
                else plain = 1;
            }
            /* a heading named as a kicker ("<h1 class=strapline>") is not
             * the title */
            if (wn_dom_has_token(d, i, "strapline") || wn_dom_has_token(d, i, "kicker") ||
                wn_dom_has_token(d, i, "overline") || wn_dom_has_token(d, i, "eyebrow") ||
                wn_dom_has_token(d, i, "dachzeile") || wn_dom_has_token(d, i, "topline") ||
                wn_dom_has_token(d, i, "roofline") || wn_dom_has_token(d, i, "spitzmarke"))
                break;
            if (n->tag == GUMBO_TAG_H1 && !h1) h1 = node_text(d, a, i);
            if (n->tag == GUMBO_TAG_H2 && n_raw_h2 < 6) raw_h2[n_raw_h2++] = heading_text(d, a, i);
            if (n->tag == GUMBO_TAG_H1 && n_raw_h1 < 4) {
                raw_h1_linked[n_raw_h1] = linked && !plain;
                raw_h1_idx[n_raw_h1] = i;
                raw_h1[n_raw_h1++] = heading_text(d, a, i);
            }
            if (n->tag == GUMBO_TAG_H1 && (linked || plain)) n_raw_all++;
            if (n->tag == GUMBO_TAG_H1) n_h1++;
            if (n_heads < 16 && !wn_in_chrome(d, i, lx)) {
                heads[n_heads].text = heading_text(d, a, i);
                /* a template's placeholder ("{{ headline }}") is no heading */
                if (heads[n_heads].text && strstr(heads[n_heads].text, "{{")) break;
                heads[n_heads].level = n->tag == GUMBO_TAG_H1 ? 1 : 2;
                heads[n_heads].linked = heads[n_heads].was_linked = linked && !plain;
                heads[n_heads].idx = i;
                if (heads[n_heads].text) n_heads++;
            }
            break;
        }
        case GUMBO_TAG_TIME:
            if (!time_dt) {
                const char *dt = wn_dom_attr(d, i, "datetime");
                if (dt) time_dt = norm_date(a, dt);
            }
            break;
        default:
            break;
        }
        const char *ip = wn_dom_attr(d, i, "itemprop");
        if (ip && n->tag != GUMBO_TAG_META) {
            if (!ip_author && !in_cm && !strcasecmp(ip, "author")) {
                /* the name may be a nested itemprop=name */
                int found = 0;
                for (int j = i + 1; j < n->end; j++) {
                    const char *ipn = wn_dom_attr(d, j, "itemprop");
                    if (ipn && !strcasecmp(ipn, "name")) {
                        const char *c = wn_dom_attr(d, j, "content");
                        ip_author = c ? adups(a, c) : node_text(d, a, j);
                        found = 1;
                        break;
                    }
                }
                if (!found) ip_author = node_text(d, a, i);
                if (ip_author) ip_author = clean_byline(ip_author);
            }
            if (!ip_date && (!strcasecmp(ip, "datePublished") || !strcasecmp(ip, "dateCreated"))) {
                const char *c = wn_dom_attr(d, i, "datetime");
                if (!c) c = wn_dom_attr(d, i, "content");
                if (c) ip_date = norm_date(a, c);
                else {
                    char *t = node_text(d, a, i);
                    ip_date = norm_date(a, t);
                }
            }
        }
        if (n_tcls < 8 && n->end - i <= 8 && /* a few nodes: n->chars is not counted yet here */
            (n->tag == GUMBO_TAG_DIV || n->tag == GUMBO_TAG_SPAN || n->tag == GUMBO_TAG_P) &&
            (wn_dom_has_token(d, i, "title") || wn_dom_has_token(d, i, "headline")))
        {
            char *t = node_text(d, a, i);
            if (t && strlen(t) >= 4 && strlen(t) < 200) tcls[n_tcls++] = t;
        }
        if (!text_date && n->chars < 120 && n->tag != GUMBO_TAG_BODY && n->tag != GUMBO_TAG_HTML &&
            (wn_dom_has_token(d, i, "date") || wn_dom_has_token(d, i, "time") || wn_dom_has_token(d, i, "datum") ||
             wn_dom_has_token(d, i, "published") || wn_dom_has_token(d, i, "posted") ||
             wn_dom_has_token(d, i, "pubdate") || wn_dom_has_token(d, i, "timestamp") ||
             wn_dom_has_token(d, i, "fecha") || wn_dom_has_token(d, i, "data") || wn_dom_has_token(d, i, "meta") ||
             wn_dom_has_token(d, i, "byline") || wn_dom_has_token(d, i, "dateline"))) {
            char *t = node_text(d, a, i);
            if (t && strlen(t) < 120) text_date = norm_date(a, t);
        }
        if (n->tag == GUMBO_TAG_A && !rel_author && !in_cm) {
            const char *rel = wn_dom_attr(d, i, "rel");
            if (rel && !strcasecmp(rel, "author")) rel_author = clean_byline(node_text(d, a, i));
        }
        if (!byline && !in_cm && (wn_dom_has_token(d, i, "byline") || wn_dom_has_token(d, i, "author")) &&
            n->tag != GUMBO_TAG_BODY && n->tag != GUMBO_TAG_HTML && n->chars < 300) {
            char *t = n->chars < 100 ? node_text(d, a, i) : NULL;
            if (t && strlen(t) < 80) byline = clean_byline(t);
            else {
                /* a byline box that also holds a date, a rating, a bio:
                 * its first link, if that reads as a name */
                for (int j = i + 1; j < n->end && !byline_link; j++)
                    if (!(d->n[j].flags & WN_F_TEXT) && d->n[j].tag == GUMBO_TAG_A) {
                        char *u = clean_byline(node_text(d, a, j));
                        if (u && name_like(u)) byline_link = u;
                        break;
                    }
            }
        }
    }

    /* title. The dev set's titles follow the article's <h1> most often: a
     * lone h1 that is not a site logo; else the h1 (or, without one, the h2)
     * that the <title> or og:title contains; then structured metadata that
     * is not just the site's name; then <title> without its " | Site" part. */
    const char *site = og_site ? og_site : f.publisher;
    const char *h1u = NULL;
    int n_h1_plain = 0;
    /* a linked h1 is a blog's permalinked title, not its logo, when it is
     * most of the <title> */
    const char *ref = title_el ? title_el : og_title;
    /* ... but a linked heading that ends the <title> after a separator
     * ("Post | Blog name") is the site's name */
    for (int k = 0; k < n_heads; k++)
        if (heads[k].linked && title_tail(title_el, heads[k].text)) heads[k].linked = 2;
    for (int k = 0; k < n_heads; k++)
        if (heads[k].linked == 1 && ref && strlen(heads[k].text) * 5 >= strlen(ref) * 2 &&
            strcasestr(ref, heads[k].text))
            heads[k].linked = 0;
    for (int k = 0; k < n_heads; k++)
        if (heads[k].level == 1 && !heads[k].linked) {
            /* the same h1 again (one copy for small screens, one for
             * large) is one h1 */
            if (!h1u || strcmp(h1u, heads[k].text)) n_h1_plain++;
            if (!h1u) h1u = heads[k].text;
        }
    /* a lone h1 of one or two words must share one with <title> or
     * og:title when they exist: test pages put "Lorem" in an h1 */
    /* ... and a short h1 that shares no word of four letters or more with
     * a <title> of three words or more (nor og:title) names a section
     * ("Gardening Help Centre", "About this site"), not the page */
    /* a Dublin Core (or Parse.ly) title set apart from the page's h1, which
     * neither <title> nor og:title repeats: the declared title (not when
     * it holds most of the h1's words: it only words the h1 longer) */
    if (dc_title && *dc_title && !same_title(dc_title, site) && h1u && word_overlap(h1u, dc_title) < 0.8 &&
        !title_has(title_el, h1u) && !title_has(og_title, h1u) && !title_has(f.headline, h1u))
        m->title = adups(a, dc_title);
    int section_h1 = n_h1_plain == 1 && title_el && word_count(h1u) <= 4 && word_count(title_el) >= 3 &&
                     !long_word_shared(h1u, title_el) && !long_word_shared(h1u, og_title) &&
                     !long_word_shared(title_el, h1u);
    /* (unless the article's h2s take up a long word of the h1: it names
     * the page's subject) */
    int h1_subject = 0; /* (only asked of a short or a section h1) */
    for (int k = 0; k < n_heads && n_h1_plain == 1 && (section_h1 || word_count(h1u) < 3) && !h1_subject; k++)
        if (heads[k].level == 2 && long_word_shared(h1u, heads[k].text)) h1_subject = 1;
    if (h1_subject) section_h1 = 0;
    /* ... as is one that is a middle part of a <title> of 3+ parts
     * ("Site | Section | Topic | Headline") */
    if (n_h1_plain == 1 && title_el && word_count(h1u) <= 2 && is_title_part(title_el, h1u) &&
        !title_starts(title_el, h1u) && !title_tail(title_el, h1u))
        section_h1 = 2;
    /* (a compound h1 holds a word of <title>: "Vereinsgeschichte", "Geschichte";
     * a <title> that only spells the page's host name says nothing) */
    char hlab[64];
    host_label(canonical ? canonical : og_url, hlab, sizeof hlab);
    int title_is_host = title_el && hlab[0] && squeezed_eq(title_el, hlab);
    if (!m->title && n_h1_plain == 1 && strlen(h1u) >= 4 && !same_title(h1u, site) && !section_h1 &&
        ((!title_el && !og_title) || word_overlap(h1u, title_el) > 0.0 || word_overlap(h1u, og_title) > 0.0 ||
         word_count(h1u) >= 3 || long_word_shared(title_el, h1u) || title_is_host || h1_subject))
        m->title = (char *)h1u;
    /* an h1 title that og:title and the JSON-LD headline both word
     * otherwise, while an h2 shows their wording: that h2 */
    /* (og:title alone will do for an h1 of one to three words) */
    if (m->title && m->title == h1u && og_title &&
        (f.headline ? same_title(og_title, f.headline) : word_count(h1u) <= 3) && !same_title(h1u, og_title))
        for (int k = 0; k < n_heads; k++)
            if (heads[k].level == 2 && same_title(heads[k].text, og_title)) {
                m->title = heads[k].text;
                break;
            }
    /* a lone h1 that shares no word with <title>, og:title or the JSON-LD
     * headline (a blog's motto) while an h2 is og:title or the headline:
     * that h2 */
    if (m->title && m->title == h1u && (og_title || f.headline) && word_overlap(h1u, title_el) == 0.0 &&
        word_overlap(h1u, og_title) == 0.0 && word_overlap(h1u, f.headline) == 0.0)
        for (int k = 0; k < n_heads; k++)
            if (heads[k].level == 2 && (same_title(heads[k].text, og_title) || same_title(heads[k].text, f.headline))) {
                m->title = heads[k].text;
                break;
            }
    /* no h1: a short div/span/p named
     * title or headline ("<div id=page-title>") that og:title or the
     * JSON-LD headline is, or that is a part of <title> between
     * separators */
    /* (those equal to og:title or the headline first; a part of <title>
     * that shares a word with the site's name is the site's) */
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < n_tcls && !m->title && n_h1_plain == 0; k++) {
            const char *c = tcls[k];
            if (!c || (word_count(c) < 2 && strlen(c) < 12) || same_title(c, site)) continue; /* CJK: one "word" */
            if (pass == 0) {
                if (same_title(c, og_title) || same_title(c, f.headline)) m->title = (char *)c;
                continue;
            }
            if (long_word_shared(c, site)) continue;
            if (title_el && is_title_part(title_el, c)) m->title = (char *)c;
            /* ... or that <title> starts with, right before a '-', '_' or
             * '|' (CJK titles put no spaces around them) */
            if (!m->title && title_el && !strncmp(title_el, c, strlen(c)) && title_el[strlen(c)] &&
                strchr("-_|", title_el[strlen(c)]))
                m->title = (char *)c;
        }
    for (int lvl = 1; lvl <= 2 && !m->title; lvl++) {
        if (lvl == 2 && n_h1_plain) break;
        /* the longest such heading: a site's name is contained too */
        size_t best = 0;
        for (int k = 0; k < n_heads; k++) {
            const char *h = heads[k].text;
            size_t hl = strlen(h);
            if (heads[k].level != lvl || hl < 8 || hl <= best || same_title(h, site)) continue;
            if (section_h1 == 2 && h == h1u) continue;
            if (h[hl - 1] == ':') continue; /* "Lead-in:" is a fragment, not the page's name */
            if (heads[k].linked == 2 || (heads[k].linked && word_count(h) < 4))
                continue; /* a logo, not a permalinked title */
            if (title_has(title_el, h) || title_has(og_title, h)) {
                m->title = (char *)h;
                best = hl;
            }
        }
        /* a one- or two-word h1 inside <title> ("Site - News » Post
         * title") while an h2 is a whole part of it of 3+ words: the h1
         * names the section, the h2 the page */
        if (lvl == 1 && m->title && word_count(m->title) <= 2 && is_title_part(title_el, m->title) &&
            !title_starts(title_el, m->title))
            for (int k = 0; k < n_heads; k++)
                if (heads[k].level == 2 && !heads[k].linked && word_count(heads[k].text) >= 3 &&
                    is_title_part(title_el, heads[k].text)) {
                    m->title = heads[k].text;
                    break;
                }
        /* a heading hyphenated with soft hyphens that the metadata title
         * names without them: the metadata's spelling */
        if (m->title && strstr(m->title, "\xc2\xad")) {
            char *u = adups(a, m->title);
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
                if ((title_el && strcasestr(title_el, u)) || (og_title && strcasestr(og_title, u))) m->title = u;
            }
        }
    }
    /* no h1 outside chrome and no h2 the <title> names: the page's only h1
     * with text, inside a container that reads as chrome, when it is no
     * link (a logo), not the site's name, and shares a long word with
     * <title>, og:title or the structured headline */
    if (!m->title && n_h1_plain == 0 && n_raw_all == 1) {
        for (int k = 0; k < n_raw_h1; k++) {
            const char *r = raw_h1[k];
            if (!r || word_count(r) < 2 || raw_h1_linked[k] || same_title(r, site)) continue;
            if (wn_dom_has_token(d, raw_h1_idx[k], "logo")) continue;
            /* (or <title> is "Section - Site" with a section of two words
             * at most: it names no article) */
            const char *sec = strip_site(a, title_el);
            if (long_word_shared(r, title_el) || long_word_shared(r, og_title) || long_word_shared(r, f.headline) ||
                (sec && word_count(sec) <= 2 && word_count(r) >= 3 && !long_word_shared(r, site)))
                m->title = (char *)r;
            break;
        }
    }
    /* a lone h1 that an h2 or the JSON-LD headline repeats and extends
     * ("Weir to be rebuilt" / "Weir to be rebuilt - the plans for the fish
     * pass"): the h1 was cut short */
    int h1_title = m->title && m->title == h1u;
    for (int k = 0; k < n_raw_h1 && m->title; k++)
        if (m->title == raw_h1[k]) h1_title = 1;
    const char *ext = NULL;
    if (h1_title) {
        int n_ext = 0; /* only one: several h2s that start alike are sections */
        /* (or an element named title/headline: "<p class=stage-headline>") */
        for (int k = 0; k <= n_heads + n_tcls; k++) {
            const char *c = k < n_heads    ? (heads[k].level == 2 ? heads[k].text : NULL)
                            : k == n_heads ? f.headline
                                           : tcls[k - n_heads - 1];
            if (c && title_starts(c, m->title) && word_count(c) >= word_count(m->title) + 2 &&
                !(ext && !strcmp(ext, c))) {
                ext = c;
                n_ext++;
            }
        }
        if (n_ext == 1) m->title = (char *)ext;
        else ext = NULL;
    }
    /* an h1 that wraps the headline with a kicker or a site name
     * ("Tunesien Große Aufgaben ...", "Headline | Site"): the headline */
    /* ... unless og:title or <title> repeats the h1 as it is: then the
     * page names itself by the whole h1 */
    int h1_agreed = m->title && ((og_title && !strcasecmp(og_title, m->title)) ||
                                 (title_el && !strcasecmp(title_el, m->title)));
    /* (a heading that is one run of text holds no kicker element) */
    int one_text = 0;
    for (int k = 0; k < n_heads && m->title; k++)
        if (heads[k].text == m->title) {
            one_text = 1;
            for (int j = heads[k].idx + 1; j < d->n[heads[k].idx].end; j++)
                if (!(d->n[j].flags & WN_F_TEXT)) one_text = 0;
            break;
        }
    if (m->title && !h1_agreed) {
        /* og:title and <title> without a last " - Site" part count too,
         * as a headline that ends the h1 only */
        const char *hl[5] = {f.headline, og_title, strip_site(a, og_title), strip_site(a, title_el), title_el};
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
                m->title = adups(a, hl[k]);
                break;
            }
        }
    }
    const char *cands[4] = {f.headline, og_title, dc_title, tw_title};
    /* metadata titles that disagree: the one the page shows as a heading */
    for (int k = 0; k < 4 && !m->title; k++)
        for (int h = 0; h < n_heads && cands[k] && !m->title; h++)
            if (same_title(heads[h].text, cands[k]) && !same_title(cands[k], site))
                m->title = adups(a, cands[k]);
    for (int k = 0; k < 4 && !m->title; k++)
        if (cands[k] && *cands[k] && !same_title(cands[k], site)) {
            m->title = adups(a, cands[k]);
            /* several h1s, none of them the headline: the one that opens
             * the article may be it (unless an h1 ends with this title:
             * a kicker before it) */
            if (n_h1_plain > 1) m->title_weak = 2;
            for (int h = 0; h < n_heads && m->title_weak; h++)
                if (heads[h].level == 1 && title_ends(heads[h].text, m->title)) m->title_weak = 0;
        }
    if (!m->title && title_el) {
        m->title = clean_title(a, title_el, h1u);
        m->title_weak = n_h1_plain == 0; /* no heading confirmed it */
    }
    if (m->title && !ext && h1u && strlen(h1u) > 8 && !strncasecmp(m->title, h1u, strlen(h1u)))
        m->title = (char *)h1u;
    /* a title from metadata that ends with " | Site" for the site's name
     * (og:site_name, or the main label of the page's host): without it */
    if (m->title) {
        char lab[64], lab2[64];
        host_label(canonical ? canonical : og_url, lab, sizeof lab);
        host_label(site, lab2, sizeof lab2);
        const char *names[3] = {site, lab, lab2};
        for (int k = 0; k < 3; k++)
            if (names[k] && names[k][0] && title_tail(m->title, names[k])) {
                char *cut = strip_site(a, m->title);
                if (cut && word_count(cut) >= 2) m->title = cut;
                break;
            }
    }
    /* a title from metadata or <title> that is "H1 - Site" or "Site | H1"
     * for an h1 the heading rules passed over (one inside a widget/chrome
     * container): the h1 */
    int from_head = ext && m->title == ext; /* the h1 extended: not "H1 - Site" */
    for (int k = 0; k < n_heads && m->title; k++)
        if (!strcmp(heads[k].text, m->title)) from_head = 1;
    /* ... or for one of the first h2s */
    for (int k = 0; k < n_raw_h1 + n_raw_h2 && m->title && !from_head; k++) {
        const char *r = k < n_raw_h1 ? raw_h1[k] : raw_h2[k - n_raw_h1];
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
    for (int k = 0; k < n_heads && m->title; k++)
        if (strcmp(heads[k].text, m->title) && same_title(heads[k].text, m->title) &&
            !strstr(heads[k].text, "\xc2\xad")) {
            m->title = heads[k].text;
            break;
        }
    for (int k = 0; k < n_raw_h1 && m->title; k++)
        if (raw_h1[k] && strcmp(raw_h1[k], m->title) && same_title(raw_h1[k], m->title) &&
            !strstr(raw_h1[k], "\xc2\xad")) {
            m->title = raw_h1[k];
            break;
        }
    if (!m->title && h1) m->title = h1;
    /* a list of posts (two or more h2s that are all link, permalinks)
     * under an h1 that is the blog's name (a link the whole <title>
     * repeats) or shares no long word with <title> but for its last
     * " | Blog" part: the first post */
    int n_posts = 0, first_post = -1;
    for (int k = 0; k < n_heads; k++)
        if (heads[k].level == 2 && heads[k].was_linked && word_count(heads[k].text) >= 2) {
            if (first_post < 0) first_post = k;
            n_posts++;
        }
    for (int k = 0; k < n_heads && m->title && n_posts >= 2; k++)
        if (heads[k].level == 1 && heads[k].text == m->title) {
            const char *title_nosite = strip_site(a, title_el); /* "Post | Blog" without "Blog" */
            if (!title_nosite) title_nosite = title_el;
            if ((heads[k].was_linked && title_el && same_title(m->title, title_el)) ||
                (title_nosite && !long_word_shared(m->title, title_nosite)))
                m->title = heads[first_post].text;
            break;
        }
    /* a <title> that joins the title and its channel and site names with
     * bare underscores ("Headline_Channel_Site", CJK portals) is kept
     * whole: '_' is no separator with spaces around it */
    if (m->title && title_el) {
        size_t l = strlen(m->title);
        const char *q = title_el + l;
        if (strlen(title_el) > l && !strncasecmp(title_el, m->title, l) &&
            (q[0] == '_' || (q[0] == ' ' && q[1] == '_')))
            m->title = title_el;
    }
    if (m->title) {
        /* "Headline -", "Headline :" (a site name was cut off) */
        size_t tl = strlen(m->title);
        while (tl > 2 && (m->title[tl - 1] == '-' || m->title[tl - 1] == '|' || m->title[tl - 1] == ':') &&
               m->title[tl - 2] == ' ')
            tl -= 2;
        if (tl != strlen(m->title)) m->title = adup(a, m->title, tl);
        m->title = skip_bullet(m->title);
    }
    (void)n_h1;

    /* the heading that gave the title, else the first h1 */
    int th = -1;
    for (int k = 0; k < n_heads && th < 0; k++)
        if (m->title && !strcmp(heads[k].text, m->title)) th = heads[k].idx;
    for (int k = 0; k < n_heads && th < 0; k++)
        if (heads[k].level == 1) th = heads[k].idx;
    if (m->title) {
        /* "23.01.2022 - Headline", "2022/01/23 | Headline": a date line
         * before the headline (cut after the title's heading is known) */
        const char *q = m->title;
        int marks = 0;
        for (; isdigit((unsigned char)*q) || *q == '.' || *q == '/' || *q == '-'; q++)
            marks += !isdigit((unsigned char)*q);
        if (q - m->title >= 8 && marks >= 2 && q[0] == ' ' && is_sep(q + 1) && word_count(q) >= 4) {
            q += 1 + strcspn(q + 1, " ");
            while (*q == ' ') q++;
            m->title = adups(a, q);
        }
    }

    m->title = nfc_nukta(a, m->title);

    /* author; a site's name or a domain is not one */
    if (meta_author && site && !strcasecmp(meta_author, site)) meta_author = NULL;
    if (meta_author && (strstr(meta_author, ".de") || strstr(meta_author, ".com") || strchr(meta_author, '@')))
        meta_author = NULL;
    if (f.author) m->author = f.author;
    else if (meta_author && !is_url(meta_author)) m->author = adups(a, meta_author);
    else if (art_author) m->author = adups(a, art_author);
    else if (dc_creator) m->author = adups(a, dc_creator);
    else if (ip_author) m->author = adups(a, ip_author);
    else if (rel_author) m->author = adups(a, rel_author);
    else if (byline) m->author = adups(a, byline);
    char *near = byline_near(d, a, th, site, f.publisher);
    if (!m->author) m->author = near;
    if (!m->author) m->author = byline_link;
    if (!m->author) m->author = byline_label(d, a, site, f.publisher);
    /* structured metadata often names the publisher as the author ("LAOLA1.at",
     * an Organization): a person's byline on the page wins over it; a first
     * name alone gives way to the byline's full name */
    if (m->author) {
        const char *alt[4] = {ip_author, rel_author, byline, near};
        int org = (m->author == f.author && f.author_org) || not_person(m->author, site, f.publisher);
        int first_only = !strchr(m->author, ' ');
        for (int k = 0; k < 4 && (org || first_only); k++) {
            if (!alt[k] || alt[k] == m->author || !name_like(alt[k]) || not_person(alt[k], site, f.publisher))
                continue;
            size_t al = strlen(m->author);
            if (org || (!strncasecmp(alt[k], m->author, al) && alt[k][al] == ' ' && word_count(alt[k]) <= 4)) {
                m->author = adups(a, alt[k]);
                break;
            }
        }
        /* several names joined with ", " where the page's byline joins them
         * with "und"/"and"/"&": the byline's form */
        if (strstr(m->author, ", ")) {
            const char *vis[3] = {byline, near, rel_author};
            for (int k = 0; k < 3; k++) {
                if (!vis[k] || !(strstr(vis[k], " und ") || strstr(vis[k], " and ") || strstr(vis[k], " & ")))
                    continue;
                char buf[256];
                size_t o = 0;
                for (const char *q = vis[k]; *q && o + 3 < sizeof buf; q++) {
                    if (!strncmp(q, " und ", 5) || !strncmp(q, " and ", 5)) {
                        memcpy(buf + o, ", ", 2);
                        o += 2;
                        q += 4;
                    } else if (!strncmp(q, " & ", 3)) {
                        memcpy(buf + o, ", ", 2);
                        o += 2;
                        q += 2;
                    } else {
                        buf[o++] = *q;
                    }
                }
                buf[o] = '\0';
                if (!strcasecmp(buf, m->author)) {
                    m->author = adups(a, vis[k]);
                    break;
                }
            }
        }
        /* "Ann Example, Daily Example", "Ben Example CityNews": the site's name
         * after the person's */
        const char *sn[2] = {site, f.publisher};
        for (int k = 0; k < 2 && m->author; k++) {
            if (!sn[k]) continue;
            size_t al = strlen(m->author), sl = strlen(sn[k]);
            if (sl < 2 || al <= sl + 3 || strcasecmp(m->author + al - sl, sn[k])) continue;
            size_t e = al - sl;
            if (m->author[e - 1] != ' ') continue;
            while (e && (m->author[e - 1] == ' ' || m->author[e - 1] == ',' || m->author[e - 1] == '-' ||
                         m->author[e - 1] == '|'))
                e--;
            if (e >= 3) m->author = adup(a, m->author, e);
        }
        /* "ann.van.example": a user name for "Ann Van Example" */
        if (m->author && !strchr(m->author, ' ') && strchr(m->author, '.') && !not_person(m->author, NULL, NULL)) {
            char *u = adups(a, m->author);
            int ok = u != NULL;
            for (char *q = u; ok && *q; q++) {
                if (*q == '.') *q = ' ';
                else if (!islower((unsigned char)*q)) ok = 0;
                else if (q == u || q[-1] == ' ') *q = (char)toupper((unsigned char)*q);
            }
            if (ok) m->author = u;
        }
        /* "Von Clara Beispiel" in metadata too */
        size_t ll = m->author ? byline_lead(m->author) : 0;
        if (ll && m->author[ll] == ' ' && word_count(m->author) >= 3) m->author += ll + 1;
    }

    /* date */
    if (f.date) m->date = f.date;
    else if (pub_time && (m->date = norm_date(a, pub_time))) {
    } else if (meta_date && (m->date = norm_date(a, meta_date))) {
    } else if (ip_date) m->date = ip_date;
    else if (time_dt) m->date = time_dt;
    else if (text_date) m->date = text_date;
    if (!m->date) m->date = date_near(d, a, th);
    if (!m->date) m->date = date_label(d, a);
    if (!m->date) m->date = url_date(a, canonical ? canonical : og_url);

    m->site_name = og_site ? adups(a, og_site) : f.publisher;
    const char *lang = d->html ? wn_dom_attr(d, d->html, "lang") : NULL;
    if (!lang || !*lang) lang = d->html ? wn_dom_attr(d, d->html, "xml:lang") : NULL;
    if ((!lang || !*lang) && content_lang) lang = content_lang;
    m->lang = adups(a, lang);
    m->date = utc_local(a, m->date, m->lang);
    m->description = desc ? adups(a, desc) : og_desc ? adups(a, og_desc) : f.description;
    m->canonical_url = canonical ? adups(a, canonical) : og_url ? adups(a, og_url) : NULL;
}
