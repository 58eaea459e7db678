/* meta_author.c -- the page's author: metadata values and bylines in the
 * page (lead-ins from lexicon.c), cleaned of lead-ins, dates and labels;
 * a site's name gives way to a person's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/meta.h"

static int not_person(const char *au, const char *site, const char *pub);

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
size_t wn_m_byline_lead(const char *s) {
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
char *wn_m_clean_byline(char *s) {
    if (!s) return NULL;
    for (int again = 0; again < 2; again++) {
        size_t l = wn_m_byline_lead(s);
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
    int m = wn_m_near_texts(d, h, 16, 6, near);
    for (int q0 = 0; q0 < m; q0++) {
        int j = near[q0];
        const wn_node_t *n = &d->n[j];
        size_t k = 0;
        while (k < n->text_len && isspace((unsigned char)n->text[k])) k++;
        if (n->text_len - k > 120) continue;
        char buf[128];
        memcpy(buf, n->text + k, n->text_len - k);
        buf[n->text_len - k] = '\0';
        size_t ll = wn_m_byline_lead(buf);
        if (!ll) {
            /* "date | time | Name", "date - Name" */
            const char *sep = NULL;
            for (const char *q = buf; *q; q++)
                if (q[0] == ' ' && (q[1] == '|' || q[1] == '-') && q[2] == ' ') sep = q + 3;
            if (!sep || !isdigit((unsigned char)buf[0])) continue;
            char *t = wn_m_dups(a, sep);
            if (t && wn_m_name_like(t) && !not_person(t, site, pub) && wn_m_norm_date(a, buf)) return t;
            continue;
        }
        /* the parent's text from the lead-in on */
        int p = n->parent;
        char *t = NULL;
        if (p >= 0 && d->n[p].chars <= 150) {
            char *pt = wn_m_node_text(d, a, p), *at = NULL;
            char lead[48];
            if (pt && ll < sizeof lead) {
                memcpy(lead, buf, ll);
                lead[ll] = '\0';
                at = strcasestr(pt, lead);
            }
            t = at ? wn_m_clean_byline(at) : NULL;
        }
        if (t && wn_m_word_count(t) <= 8) {
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
            char *u = wn_m_dup(a, nq->text, nq->text_len);
            if (!u) continue;
            u = wn_m_clean_byline(u);
            if (u && wn_m_name_like(u) && !not_person(u, site, pub)) return u;
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
            char *u = wn_m_dup(a, nq->text, nq->text_len);
            u = u ? wn_m_clean_byline(u) : NULL;
            if (u && wn_m_name_like(u) && !not_person(u, site, pub)) return u;
            break;
        }
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
int wn_m_name_like(const char *s) {
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

/* Metadata authors first (not a site's name or a domain), then itemprop,
 * rel=author, byline classes, a byline near the title, a byline box's
 * first link, a bare label. Returns the byline near the title (or NULL). */
static char *author_pick(wn_page_t *pg, meta_scan_t *s, int th) {
    const wn_dom_t *d = pg->d;
    wn_arena_t *a = pg->a;
    wn_meta_t *m = &pg->meta;
    /* author; a site's name or a domain is not one */
    if (s->meta_author && s->site && !strcasecmp(s->meta_author, s->site)) s->meta_author = NULL;
    if (s->meta_author && (strstr(s->meta_author, ".de") || strstr(s->meta_author, ".com") || strchr(s->meta_author, '@')))
        s->meta_author = NULL;
    if (s->f.author) m->author = s->f.author;
    else if (s->meta_author && !wn_m_is_url(s->meta_author)) m->author = wn_m_dups(a, s->meta_author);
    else if (s->art_author) m->author = wn_m_dups(a, s->art_author);
    else if (s->dc_creator) m->author = wn_m_dups(a, s->dc_creator);
    else if (s->ip_author) m->author = wn_m_dups(a, s->ip_author);
    else if (s->rel_author) m->author = wn_m_dups(a, s->rel_author);
    else if (s->byline) m->author = wn_m_dups(a, s->byline);
    char *near = byline_near(d, a, th, s->site, s->f.publisher);
    if (!m->author) m->author = near;
    if (!m->author) m->author = s->byline_link;
    if (!m->author) m->author = byline_label(d, a, s->site, s->f.publisher);
    return near;
}

/* A site's name or a first name gives way to a person's byline; names
 * joined as the byline joins them; the site's name after the person's
 * cut; a dotted user name as words; a lead-in in metadata cut. */
static void author_refine(wn_page_t *pg, meta_scan_t *s, const char *near) {
    wn_arena_t *a = pg->a;
    wn_meta_t *m = &pg->meta;
    /* structured metadata often names the publisher as the author ("LAOLA1.at",
     * an Organization): a person's byline on the page wins over it; a first
     * name alone gives way to the byline's full name */
    if (m->author) {
        const char *alt[4] = {s->ip_author, s->rel_author, s->byline, near};
        int org = (m->author == s->f.author && s->f.author_org) || not_person(m->author, s->site, s->f.publisher);
        int first_only = !strchr(m->author, ' ');
        for (int k = 0; k < 4 && (org || first_only); k++) {
            if (!alt[k] || alt[k] == m->author || !wn_m_name_like(alt[k]) || not_person(alt[k], s->site, s->f.publisher))
                continue;
            size_t al = strlen(m->author);
            if (org || (!strncasecmp(alt[k], m->author, al) && alt[k][al] == ' ' && wn_m_word_count(alt[k]) <= 4)) {
                m->author = wn_m_dups(a, alt[k]);
                break;
            }
        }
        /* several names joined with ", " where the page's byline joins them
         * with "und"/"and"/"&": the byline's form */
        if (strstr(m->author, ", ")) {
            const char *vis[3] = {s->byline, near, s->rel_author};
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
                    m->author = wn_m_dups(a, vis[k]);
                    break;
                }
            }
        }
        /* "Ann Example, Daily Example", "Ben Example CityNews": the site's name
         * after the person's */
        const char *sn[2] = {s->site, s->f.publisher};
        for (int k = 0; k < 2 && m->author; k++) {
            if (!sn[k]) continue;
            size_t al = strlen(m->author), sl = strlen(sn[k]);
            if (sl < 2 || al <= sl + 3 || strcasecmp(m->author + al - sl, sn[k])) continue;
            size_t e = al - sl;
            if (m->author[e - 1] != ' ') continue;
            while (e && (m->author[e - 1] == ' ' || m->author[e - 1] == ',' || m->author[e - 1] == '-' ||
                         m->author[e - 1] == '|'))
                e--;
            if (e >= 3) m->author = wn_m_dup(a, m->author, e);
        }
        /* "ann.van.example": a user name for "Ann Van Example" */
        if (m->author && !strchr(m->author, ' ') && strchr(m->author, '.') && !not_person(m->author, NULL, NULL)) {
            char *u = wn_m_dups(a, m->author);
            int ok = u != NULL;
            for (char *q = u; ok && *q; q++) {
                if (*q == '.') *q = ' ';
                else if (!islower((unsigned char)*q)) ok = 0;
                else if (q == u || q[-1] == ' ') *q = (char)toupper((unsigned char)*q);
            }
            if (ok) m->author = u;
        }
        /* "Von Clara Beispiel" in metadata too */
        size_t ll = m->author ? wn_m_byline_lead(m->author) : 0;
        if (ll && m->author[ll] == ' ' && wn_m_word_count(m->author) >= 3) m->author += ll + 1;
    }
}

void wn_m_author(wn_page_t *pg, meta_scan_t *s, int th) {
    const char *near = author_pick(pg, s, th);
    author_refine(pg, s, near);
}
