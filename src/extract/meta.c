/* meta.c -- page metadata: title, author, date, site name, language,
 * description, canonical URL (meta.h lists the parts).
 *
 * Sources, most trusted first: JSON-LD (schema.org Article types), Open
 * Graph / article:* meta, plain <meta name=...>, microdata (itemprop), then
 * the document itself (<title>, <h1>, <time>, rel=author, byline classes).
 * One walk over the tree gathers the evidence (meta_scan_t); the title,
 * author and date rules then read it.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "extract/meta.h"

/* One name of a <meta> element's property/name/itemprop, with its content c. */
static void meta_key(meta_scan_t *s, const char *tok, const char *c) {
    if (!strcasecmp(tok, "og:title") && !s->og_title) s->og_title = c;
    else if (!strcasecmp(tok, "twitter:title") && !s->tw_title) s->tw_title = c;
    else if ((!strcasecmp(tok, "dc.title") || !strcasecmp(tok, "dcterms.title") ||
              !strcasecmp(tok, "dc:title") || !strcasecmp(tok, "dcterms:title") ||
              !strcasecmp(tok, "dcterm:title") || !strcasecmp(tok, "parsely-title")) &&
             (!s->dc_title || strchr(tok, ':')))
        s->dc_title = c; /* a dc:title property after a DC.title name wins */
    else if ((!strcasecmp(tok, "author") || !strcasecmp(tok, "byl") ||
              !strcasecmp(tok, "sailthru.author") || !strcasecmp(tok, "parsely-author")) &&
             !s->meta_author)
        s->meta_author = c;
    else if (!strcasecmp(tok, "article:author") && !s->art_author && !wn_m_is_url(c)) s->art_author = c;
    else if ((!strcasecmp(tok, "dc.creator") || !strcasecmp(tok, "dcterms.creator")) &&
             !s->dc_creator)
        s->dc_creator = c;
    else if (!strcasecmp(tok, "og:site_name") && !s->og_site) s->og_site = c;
    else if (!strcasecmp(tok, "description") && !s->desc) s->desc = c;
    else if ((!strcasecmp(tok, "og:description") || !strcasecmp(tok, "twitter:description")) &&
             !s->og_desc)
        s->og_desc = c;
    else if ((!strcasecmp(tok, "article:published_time") ||
              !strcasecmp(tok, "datePublished")) &&
             !s->pub_time)
        s->pub_time = c;
    else if ((!strcasecmp(tok, "date") || !strcasecmp(tok, "pubdate") ||
              !strcasecmp(tok, "publishdate") || !strcasecmp(tok, "publish-date") ||
              !strcasecmp(tok, "publication_date") || !strcasecmp(tok, "dc.date") ||
              !strcasecmp(tok, "dc.date.issued") || !strcasecmp(tok, "dcterms.date") ||
              !strcasecmp(tok, "dcterms.created") || !strcasecmp(tok, "sailthru.date") ||
              !strcasecmp(tok, "parsely-pub-date") || !strcasecmp(tok, "og:published_time") ||
              !strcasecmp(tok, "article.published") || !strcasecmp(tok, "created")) &&
             !s->meta_date)
        s->meta_date = c;
    else if (!strcasecmp(tok, "og:url") && !s->og_url) s->og_url = c;
}

/* A <meta> element: its names (a property may hold several, space-separated)
 * and http-equiv content-language. */
static void scan_meta(meta_scan_t *s, const wn_dom_t *d, int i) {
    const char *c = wn_dom_attr(d, i, "content");
    if (!c || !*c) return;
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
            meta_key(s, tok, c);
            *e = save;
            tok = e;
        }
    }
    if (he && !strcasecmp(he, "content-language") && !s->content_lang) s->content_lang = c;
}

/* An h1 or h2: its text without kickers, whether it is all link (a site
 * logo: "<h1><a href=/>Blog name</a></h1>"), and whether it is in chrome. */
static void scan_heading(wn_page_t *pg, meta_scan_t *s, int i) {
    const wn_dom_t *d = pg->d;
    const wn_lexicon_t *lx = pg->lex;
    wn_arena_t *a = pg->a;
    const wn_node_t *n = &d->n[i];
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
        return;
    if (n->tag == GUMBO_TAG_H1 && !s->h1) s->h1 = wn_m_node_text(d, a, i);
    if (n->tag == GUMBO_TAG_H2 && s->n_raw_h2 < 6) s->raw_h2[s->n_raw_h2++] = wn_m_heading_text(d, a, i);
    if (n->tag == GUMBO_TAG_H1 && s->n_raw_h1 < 4) {
        s->raw_h1_linked[s->n_raw_h1] = linked && !plain;
        s->raw_h1_idx[s->n_raw_h1] = i;
        s->raw_h1[s->n_raw_h1++] = wn_m_heading_text(d, a, i);
    }
    if (n->tag == GUMBO_TAG_H1 && (linked || plain)) s->n_raw_all++;
    if (s->n_heads < 16 && !wn_in_chrome(d, i, lx)) {
        s->heads[s->n_heads].text = wn_m_heading_text(d, a, i);
        /* a template's placeholder ("{{ headline }}") is no heading */
        if (s->heads[s->n_heads].text && strstr(s->heads[s->n_heads].text, "{{")) return;
        s->heads[s->n_heads].level = n->tag == GUMBO_TAG_H1 ? 1 : 2;
        s->heads[s->n_heads].linked = s->heads[s->n_heads].was_linked = linked && !plain;
        s->heads[s->n_heads].idx = i;
        if (s->heads[s->n_heads].text) s->n_heads++;
    }
}

/* Microdata (itemprop author and datePublished), elements named title or
 * headline, date-ish elements, rel=author, byline boxes. `in_cm`: inside a
 * comment section or a form (commenters are not the author). */
static void scan_element(wn_page_t *pg, meta_scan_t *s, int i, int in_cm) {
    const wn_dom_t *d = pg->d;
    wn_arena_t *a = pg->a;
    const wn_node_t *n = &d->n[i];
    const char *ip = wn_dom_attr(d, i, "itemprop");
    if (ip && n->tag != GUMBO_TAG_META) {
        if (!s->ip_author && !in_cm && !strcasecmp(ip, "author")) {
            /* the name may be a nested itemprop=name */
            int found = 0;
            for (int j = i + 1; j < n->end; j++) {
                const char *ipn = wn_dom_attr(d, j, "itemprop");
                if (ipn && !strcasecmp(ipn, "name")) {
                    const char *c = wn_dom_attr(d, j, "content");
                    s->ip_author = c ? wn_m_dups(a, c) : wn_m_node_text(d, a, j);
                    found = 1;
                    break;
                }
            }
            if (!found) s->ip_author = wn_m_node_text(d, a, i);
            if (s->ip_author) s->ip_author = wn_m_clean_byline(s->ip_author);
        }
        if (!s->ip_date && (!strcasecmp(ip, "datePublished") || !strcasecmp(ip, "dateCreated"))) {
            const char *c = wn_dom_attr(d, i, "datetime");
            if (!c) c = wn_dom_attr(d, i, "content");
            if (c) s->ip_date = wn_m_norm_date(a, c);
            else {
                char *t = wn_m_node_text(d, a, i);
                s->ip_date = wn_m_norm_date(a, t);
            }
        }
    }
    if (s->n_tcls < 8 && n->end - i <= 8 && /* a few nodes: n->chars is not counted yet here */
        (n->tag == GUMBO_TAG_DIV || n->tag == GUMBO_TAG_SPAN || n->tag == GUMBO_TAG_P) &&
        (wn_dom_has_token(d, i, "title") || wn_dom_has_token(d, i, "headline")))
    {
        char *t = wn_m_node_text(d, a, i);
        if (t && strlen(t) >= 4 && strlen(t) < 200) s->tcls[s->n_tcls++] = t;
    }
    if (!s->text_date && n->chars < 120 && n->tag != GUMBO_TAG_BODY && n->tag != GUMBO_TAG_HTML &&
        (wn_dom_has_token(d, i, "date") || wn_dom_has_token(d, i, "time") || wn_dom_has_token(d, i, "datum") ||
         wn_dom_has_token(d, i, "published") || wn_dom_has_token(d, i, "posted") ||
         wn_dom_has_token(d, i, "pubdate") || wn_dom_has_token(d, i, "timestamp") ||
         wn_dom_has_token(d, i, "fecha") || wn_dom_has_token(d, i, "data") || wn_dom_has_token(d, i, "meta") ||
         wn_dom_has_token(d, i, "byline") || wn_dom_has_token(d, i, "dateline"))) {
        char *t = wn_m_node_text(d, a, i);
        if (t && strlen(t) < 120) s->text_date = wn_m_norm_date(a, t);
    }
    if (n->tag == GUMBO_TAG_A && !s->rel_author && !in_cm) {
        const char *rel = wn_dom_attr(d, i, "rel");
        if (rel && !strcasecmp(rel, "author")) s->rel_author = wn_m_clean_byline(wn_m_node_text(d, a, i));
    }
    if (!s->byline && !in_cm && (wn_dom_has_token(d, i, "byline") || wn_dom_has_token(d, i, "author")) &&
        n->tag != GUMBO_TAG_BODY && n->tag != GUMBO_TAG_HTML && n->chars < 300) {
        char *t = n->chars < 100 ? wn_m_node_text(d, a, i) : NULL;
        if (t && strlen(t) < 80) s->byline = wn_m_clean_byline(t);
        else {
            /* a byline box that also holds a date, a rating, a bio:
             * its first link, if that reads as a name */
            for (int j = i + 1; j < n->end && !s->byline_link; j++)
                if (!(d->n[j].flags & WN_F_TEXT) && d->n[j].tag == GUMBO_TAG_A) {
                    char *u = wn_m_clean_byline(wn_m_node_text(d, a, j));
                    if (u && wn_m_name_like(u)) s->byline_link = u;
                    break;
                }
        }
    }
}

/* The evidence: one walk over the elements. */
static void scan_document(wn_page_t *pg, meta_scan_t *s) {
    const wn_dom_t *d = pg->d;
    for (int i = 0; i < d->count; i++) {
        const wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) continue;
        if (i >= s->cm_end && n->tag != GUMBO_TAG_BODY && n->tag != GUMBO_TAG_HTML && n->tag != GUMBO_TAG_A &&
            (n->tag == GUMBO_TAG_FORM || wn_dom_has_token(d, i, "comment") || wn_dom_has_token(d, i, "comments") ||
             wn_dom_has_token(d, i, "respond") || wn_dom_has_token(d, i, "kommentare") ||
             wn_dom_has_token(d, i, "commentlist")))
            s->cm_end = n->end;
        switch (n->tag) {
        case GUMBO_TAG_TITLE:
            if (!s->title_el) s->title_el = wn_m_node_text(d, pg->a, i);
            break;
        case GUMBO_TAG_META:
            scan_meta(s, d, i);
            break;
        case GUMBO_TAG_LINK: {
            const char *rel = wn_dom_attr(d, i, "rel");
            const char *href = wn_dom_attr(d, i, "href");
            if (rel && href && !strcasecmp(rel, "canonical") && !s->canonical) s->canonical = href;
            break;
        }
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
            scan_heading(pg, s, i);
            break;
        case GUMBO_TAG_TIME:
            if (!s->time_dt) {
                const char *dt = wn_dom_attr(d, i, "datetime");
                if (dt) s->time_dt = wn_m_norm_date(pg->a, dt);
            }
            break;
        default:
            break;
        }
        scan_element(pg, s, i, i < s->cm_end);
    }
}

/* ---- where each field came from (a watched extraction only) ---- */

/* Nonzero if a and b are the same text: ASCII case and blanks aside. */
static int same_norm(const char *a, const char *b) {
    if (!a || !b) return 0;
    for (;;) {
        while (isspace((unsigned char)*a)) a++;
        while (isspace((unsigned char)*b)) b++;
        if (!*a || !*b) return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
        a++;
        b++;
    }
}

/* Nonzero if the value v (4+ bytes) is a part of the source text s. */
static int part_of(const char *v, const char *s) { return v && s && strlen(v) >= 4 && strcasestr(s, v) != NULL; }

/* The first source whose text is the value, else the first it is part of. */
typedef struct from_row {
    const char *what, *text;
} from_row_t;

static const char *from_rows(const char *v, const from_row_t *rows, size_t n, const char *otherwise) {
    if (!v) return NULL;
    for (size_t k = 0; k < n; k++)
        if (same_norm(v, rows[k].text)) return rows[k].what;
    for (size_t k = 0; k < n; k++)
        if (part_of(v, rows[k].text)) return rows[k].what;
    return otherwise;
}

/* Fills pg->from: the evidence each rule's winner is found in. The rules
 * (meta_title.c, meta_author.c, meta_date.c) combine their sources and
 * clean what they take, so the value is looked for in each source, most
 * trusted first: equal, else contained. Values found in none came from
 * the page's text near the title (a byline, a dateline) or a label. */
static void meta_from(wn_page_t *pg, const meta_scan_t *s) {
    wn_meta_from_t *f = pg->from;
    const wn_meta_t *m = &pg->meta;
    from_row_t title[32];
    size_t nt = 0;
    title[nt++] = (from_row_t){"JSON-LD headline", s->f.headline};
    title[nt++] = (from_row_t){"og:title", s->og_title};
    title[nt++] = (from_row_t){"twitter:title", s->tw_title};
    title[nt++] = (from_row_t){"dc:title", s->dc_title};
    for (int k = 0; k < s->n_heads && nt < 20; k++)
        title[nt++] = (from_row_t){s->heads[k].level == 1 ? "<h1>" : "<h2>", s->heads[k].text};
    for (int k = 0; k < s->n_raw_h1 && nt < 24; k++) title[nt++] = (from_row_t){"<h1>", s->raw_h1[k]};
    for (int k = 0; k < s->n_raw_h2 && nt < 30; k++) title[nt++] = (from_row_t){"<h2>", s->raw_h2[k]};
    title[nt++] = (from_row_t){"<title>", s->title_el};
    f->title = from_rows(m->title, title, nt, "the page's headings");
    for (int k = 0; k < s->n_tcls && !f->title; k++)
        if (same_norm(m->title, s->tcls[k])) f->title = "an element named title or headline";
    const from_row_t author[] = {
        {"JSON-LD author", s->f.author},         {"<meta name=author>", s->meta_author},
        {"article:author", s->art_author},       {"dc.creator", s->dc_creator},
        {"microdata itemprop=author", s->ip_author}, {"rel=author link", s->rel_author},
        {"byline (class byline/author)", s->byline}, {"byline link", s->byline_link},
    };
    f->author = from_rows(m->author, author, sizeof author / sizeof author[0], "byline text near the title");
    if (m->date) {
        const char *pub = s->pub_time ? wn_m_norm_date(pg->a, s->pub_time) : NULL;
        const char *md = s->meta_date ? wn_m_norm_date(pg->a, s->meta_date) : NULL;
        const from_row_t date[] = {
            {"JSON-LD datePublished", s->f.date},      {"article:published_time", pub},
            {"<meta> date", md},                       {"microdata itemprop=datePublished", s->ip_date},
            {"<time datetime>", s->time_dt},           {"element named date/time", s->text_date},
        };
        f->date = "a date near the title, a label or the URL";
        for (size_t k = 0; k < sizeof date / sizeof date[0]; k++)
            if (date[k].text && !strncmp(date[k].text, m->date, 10)) {
                f->date = date[k].what;
                break;
            }
    }
    f->site_name = m->site_name ? (s->og_site ? "og:site_name" : "JSON-LD publisher") : NULL;
    f->description = m->description ? (s->desc ? "<meta name=description>" : s->og_desc ? "og:description"
                                                                                        : "JSON-LD description")
                                     : NULL;
    f->canonical_url = m->canonical_url ? (s->canonical ? "<link rel=canonical>" : "og:url") : NULL;
}

void wn_meta_read(wn_page_t *pg, const char *const *ld, const size_t *ld_len, size_t n_ld) {
    const wn_dom_t *d = pg->d;
    wn_arena_t *a = pg->a;
    wn_meta_t *m = &pg->meta;
    memset(m, 0, sizeof *m);
    meta_scan_t scan, *s = &scan;
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < n_ld; i++) wn_m_ld_scan(a, ld[i], ld_len[i], &s->f);
    for (int k = 0; k < s->f.n_person && !s->f.author && s->f.author_ref; k++)
        if (!strcmp(s->f.person[k].id, s->f.author_ref)) s->f.author = s->f.person[k].name;
    scan_document(pg, s);
    int th = wn_m_title(pg, s);
    wn_m_author(pg, s, th);
    wn_m_date(pg, s, th);
    m->site_name = s->og_site ? wn_m_dups(a, s->og_site) : s->f.publisher;
    const char *lang = d->html ? wn_dom_attr(d, d->html, "lang") : NULL, *lang_from = "<html lang>";
    if (!lang || !*lang) {
        lang = d->html ? wn_dom_attr(d, d->html, "xml:lang") : NULL;
        lang_from = "<html xml:lang>";
    }
    if ((!lang || !*lang) && s->content_lang) {
        lang = s->content_lang;
        lang_from = "Content-Language <meta>";
    }
    m->lang = wn_m_dups(a, lang);
    m->date = wn_m_utc_local(a, m->date, m->lang);
    m->description = s->desc ? wn_m_dups(a, s->desc) : s->og_desc ? wn_m_dups(a, s->og_desc) : s->f.description;
    m->product_desc = s->f.product_desc;
    m->canonical_url = s->canonical ? wn_m_dups(a, s->canonical) : s->og_url ? wn_m_dups(a, s->og_url) : NULL;
    if (pg->from) {
        meta_from(pg, s);
        pg->from->lang = m->lang ? lang_from : NULL;
    }
}
