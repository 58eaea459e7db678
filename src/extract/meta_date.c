/* meta_date.c -- the page's date: metadata values and dates written in
 * the page (near the title, after a label, in the URL), normalised to ISO
 * 8601; month names from lexicon.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/meta.h"

int wn_m_num(const char *s, int n, int *out) {
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
int wn_m_month_days(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* Normalises a date as found in metadata to ISO 8601 (YYYY-MM-DD, with
 * THH:MM:SS and offset when given). Returns an arena string or NULL. */
char *wn_m_norm_date(wn_arena_t *a, const char *s) {
    if (!s) return NULL;
    while (*s == ' ' || *s == '\n' || *s == '\t') s++;
    int y, mo, d;
    char out[40];
    size_t len = strlen(s);
    if (len >= 10 && wn_m_num(s, 4, &y) && (s[4] == '-' || s[4] == '/' || s[4] == '.') && wn_m_num(s + 5, 2, &mo) &&
        s[7] == s[4] && wn_m_num(s + 8, 2, &d)) {
        if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return NULL;
        int hh, mm, ss = 0;
        if (len >= 16 && (s[10] == 'T' || s[10] == ' ') && wn_m_num(s + 11, 2, &hh) && s[13] == ':' &&
            wn_m_num(s + 14, 2, &mm)) {
            const char *p = s + 16;
            if (*p == ':' && wn_m_num(p + 1, 2, &ss)) p += 3;
            if (*p == '.')
                for (p++; isdigit((unsigned char)*p); p++) {
                }
            char tz[8] = "";
            int th, tm;
            if (*p == 'Z' || *p == 'z') {
                memcpy(tz, "+00:00", 7);
            } else if ((*p == '+' || *p == '-') && wn_m_num(p + 1, 2, &th)) {
                tm = 0;
                if (p[3] == ':' && wn_m_num(p + 4, 2, &tm)) {
                } else if (wn_m_num(p + 3, 2, &tm)) {
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
        return wn_m_dups(a, out);
    }
    /* "5.3.2019", "05/03/2019" (day first unless the second is > 12) */
    {
        const char *p = s;
        while (*p && !isdigit((unsigned char)*p)) p++;
        int a1, a2, a3;
        const char *q = p;
        int l1 = 0, l2 = 0, l3 = 0;
        while (isdigit((unsigned char)q[l1])) l1++;
        if (l1 >= 1 && l1 <= 2 && (q[l1] == '.' || q[l1] == '/') && wn_m_num(q, l1, &a1)) {
            char sep = q[l1];
            q += l1 + 1;
            while (isdigit((unsigned char)q[l2])) l2++;
            if (l2 >= 1 && l2 <= 2 && q[l2] == sep && wn_m_num(q, l2, &a2)) {
                q += l2 + 1;
                while (isdigit((unsigned char)q[l3])) l3++;
                if (l3 == 4 && wn_m_num(q, 4, &a3) && a3 >= 1900 && a3 <= 2100) {
                    int dd = a1, mm = a2;
                    if (mm > 12 && dd <= 12) {
                        dd = a2;
                        mm = a1;
                    }
                    if (mm >= 1 && mm <= 12 && dd >= 1 && dd <= wn_m_month_days(a3, mm)) {
                        snprintf(out, sizeof out, "%04d-%02d-%02d", a3, mm, dd);
                        return wn_m_dups(a, out);
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
        } else if (l == 4 && wn_m_num(p, 4, &v) && !y) {
            y = v;
        } else if (l <= 2 && wn_m_num(p, l, &v) && !d) {
            d = v;
        } else if (l >= 3 && l <= 4 && isdigit((unsigned char)*p) && !d) {
            /* "5th" */
            if (wn_m_num(p, 1, &v)) d = v;
            if (l >= 2 && isdigit((unsigned char)p[1])) d = (p[0] - '0') * 10 + (p[1] - '0');
        }
        p = q;
    }
    if (y >= 1900 && y <= 2100 && mo && d >= 1 && d <= wn_m_month_days(y, mo)) {
        snprintf(out, sizeof out, "%04d-%02d-%02d", y, mo, d);
        return wn_m_dups(a, out);
    }
    return NULL;
}

/* A date written in a short text near the title's heading `h` (a dateline
 * above or below it, "<p>March 3, 2019</p>", "Stand: 12.05.2021"):
 * the first of the 12 short texts after the heading, else of the 4 before
 * it. Long texts are prose, whose dates are not the page's. */
static char *date_near(const wn_dom_t *d, wn_arena_t *a, int h) {
    if (h <= 0) return NULL;
    int near[12 + 4];
    int m = wn_m_near_texts(d, h, 12, 4, near);
    for (int q = 0; q < m; q++) {
        const wn_node_t *n = &d->n[near[q]];
        if (n->text_len > 100) continue;
        char buf[104];
        memcpy(buf, n->text, n->text_len);
        buf[n->text_len] = '\0';
        char *t = wn_m_norm_date(a, buf);
        if (t) return t;
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
        char *t = wn_m_norm_date(a, buf);
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
                if ((t = wn_m_norm_date(a, buf))) return t;
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
        if (!wn_m_num(p + 1, 4, &y) || y < 1990 || y > 2100) continue;
        char sep = p[5];
        if ((sep != '/' && sep != '-') || !wn_m_num(p + 6, 2, &mo) || p[8] != sep || !wn_m_num(p + 9, 2, &dd)) continue;
        if (isdigit((unsigned char)p[11]) || mo < 1 || mo > 12 || dd < 1 || dd > 31) continue;
        char out[16];
        snprintf(out, sizeof out, "%04d-%02d-%02d", y, mo, dd);
        return wn_m_dups(a, out);
    }
    return NULL;
}

/* Rewrites a UTC timestamp ("...T23:00:00+00:00") as the same instant in
 * central European time (+01:00, +02:00 from April to October) when the
 * page's language is one of central Europe's (de, fr, it, nl, pl, ...), so
 * that the date is the local day of publication (a page of 7 November
 * stamped 2022-11-06T23:00:00Z). Other dates, and a midnight that stands
 * for a date without time, are returned unchanged. US and Brazilian zones
 * were tried: as many dev pages lost as gained. */
char *wn_m_utc_local(wn_arena_t *a, char *date, const char *lang) {
    static const char *const cet[] = {"de", "fr", "it", "nl", "pl", "cs", "da", "sv", "nb", "no", "hu", "sk", "sl",
                                      "hr", "lb"};
    int y, mo, d, hh, mm, ss;
    if (!date || !lang || strlen(date) != 25 || strcmp(date + 19, "+00:00") || !wn_m_num(date, 4, &y) ||
        !wn_m_num(date + 5, 2, &mo) || !wn_m_num(date + 8, 2, &d) || !wn_m_num(date + 11, 2, &hh) || !wn_m_num(date + 14, 2, &mm) ||
        !wn_m_num(date + 17, 2, &ss))
        return date;
    int summer = mo >= 4 && mo <= 10, off = 0;
    for (size_t k = 0; k < sizeof cet / sizeof cet[0] && !off; k++)
        if (!strncasecmp(lang, cet[k], 2) && (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'))
            off = summer ? 2 : 1;
    if (!off || (hh == 0 && mm == 0 && ss == 0)) return date; /* midnight: a date-only value */
    hh += off;
    if (hh >= 24) {
        hh -= 24;
        if (++d > wn_m_month_days(y, mo)) {
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
            d = wn_m_month_days(y, mo);
        }
    }
    char out[40];
    snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:00", y, mo, d, hh, mm, ss, off < 0 ? '-' : '+',
             off < 0 ? -off : off);
    char *r = wn_m_dups(a, out);
    return r ? r : date;
}

/* Metadata dates (JSON-LD, article:published_time, meta names, itemprop,
 * <time>), a date-ish element's text, a date near the title, after a
 * label, in the URL. */
void wn_m_date(wn_page_t *pg, meta_scan_t *s, int th) {
    const wn_dom_t *d = pg->d;
    wn_arena_t *a = pg->a;
    wn_meta_t *m = &pg->meta;
    /* date */
    if (s->f.date) m->date = s->f.date;
    else if (s->pub_time && (m->date = wn_m_norm_date(a, s->pub_time))) {
    } else if (s->meta_date && (m->date = wn_m_norm_date(a, s->meta_date))) {
    } else if (s->ip_date) m->date = s->ip_date;
    else if (s->time_dt) m->date = s->time_dt;
    else if (s->text_date) m->date = s->text_date;
    if (!m->date) m->date = date_near(d, a, th);
    if (!m->date) m->date = date_label(d, a);
    if (!m->date) m->date = url_date(a, s->canonical ? s->canonical : s->og_url);
}
