/* lexicon.c -- the extractor's vocabulary (see lexicon.h).
 *
 * The lists say why a word is in them where the reason is not plain; the
 * rules that read them are named in docs/extraction.md.
 */
#include "extract/lexicon.h"

#include <stdlib.h>
#include <strings.h>

/* ---- tag properties ---- */

#define D WN_TAG_DROP
#define S WN_TAG_SKIP
#define B WN_TAG_BLOCK
#define SB WN_TAG_SBLOCK
#define P WN_TAG_PARA
#define H WN_TAG_HEADING
#define T WN_TAG_TABLE
#define I WN_TAG_INLINE
#define C WN_TAG_CHROME
#define TAG(t, f, w) [GUMBO_TAG_##t] = {(uint16_t)(f), (int8_t)(w)}

/* One row per tag that has a property. Where the columns differ, the
 * difference is deliberate: <figcaption>, <label>, <menu> and <option> are
 * pruned as chrome but render as blocks when a caller keeps them; ruby
 * annotations (<rt>, <rp>) are scored with the text they annotate but never
 * rendered; <br>, <hr>, <summary>, <caption>, <tfoot>, <legend> break lines
 * without owning text for scoring. */
const wn_tag_info_t wn_tag_table[GUMBO_TAG_LAST + 1] = {
    TAG(HTML, B | SB, 0),
    TAG(HEAD, D | S, 0),
    TAG(TITLE, D | S, 0),
    TAG(BODY, B | SB, 0),
    TAG(ARTICLE, B | SB, 5),
    TAG(SECTION, B | SB, 0),
    TAG(NAV, B | SB | C, 0),
    TAG(ASIDE, B | SB | C, 0),
    TAG(H1, B | SB | P | H, -5),
    TAG(H2, B | SB | P | H, -5),
    TAG(H3, B | SB | P | H, -5),
    TAG(H4, B | SB | P | H, -5),
    TAG(H5, B | SB | P | H, -5),
    TAG(H6, B | SB | P | H, -5),
    TAG(HEADER, B | SB, 0),
    TAG(FOOTER, B | SB | C, 0),
    TAG(ADDRESS, B | SB, -3),
    TAG(P, B | SB | P, 0),
    TAG(HR, B, 0),
    TAG(PRE, B | SB | P, 3),
    TAG(BLOCKQUOTE, B | SB | P, 3),
    TAG(OL, B | SB, -3),
    TAG(UL, B | SB, -3),
    TAG(LI, B | SB | P, -3),
    TAG(DL, B | SB, -3),
    TAG(DT, B | SB, -3),
    TAG(DD, B | SB | P, -3),
    TAG(FIGURE, B | SB, 0),
    TAG(FIGCAPTION, D | B, 0),
    TAG(MAIN, B | SB, 5),
    TAG(DIV, B | SB, 5),
    TAG(A, I, 0),
    TAG(EM, I, 0),
    TAG(STRONG, I, 0),
    TAG(B, I, 0),
    TAG(I, I, 0),
    TAG(ABBR, I, 0),
    TAG(MARK, I, 0),
    TAG(SPAN, I, 0),
    TAG(RT, S, 0),
    TAG(RP, S, 0),
    TAG(BR, B, 0),
    TAG(IFRAME, D | S, 0),
    TAG(EMBED, D | S, 0),
    TAG(OBJECT, D | S, 0),
    TAG(VIDEO, D | S, 0),
    TAG(AUDIO, D | S, 0),
    TAG(CANVAS, D | S, 0),
    TAG(MAP, D | S, 0),
    TAG(SVG, D | S, 0),
    TAG(MATH, D | S, 0),
    TAG(TABLE, B | SB, 0),
    TAG(CAPTION, B, 0),
    TAG(TBODY, B | SB | T, 0),
    TAG(THEAD, B | SB | T, 0),
    TAG(TFOOT, B | T, 0),
    TAG(TR, B | SB | T, 0),
    TAG(TD, B | SB | P | T, 3),
    TAG(TH, B | SB | T, -5),
    TAG(FORM, B | SB, -3),
    TAG(FIELDSET, B | SB, 0),
    TAG(LEGEND, B, 0),
    TAG(LABEL, D, 0),
    TAG(INPUT, D | S, 0),
    TAG(BUTTON, D | S, 0),
    TAG(SELECT, D | S, 0),
    TAG(OPTION, D | B, 0),
    TAG(TEXTAREA, D | S, 0),
    TAG(DETAILS, B | SB, 0),
    TAG(SUMMARY, B, 0),
    TAG(MENU, D, 0),
    TAG(SCRIPT, D | S, 0),
    TAG(NOSCRIPT, D | S, 0),
    TAG(TEMPLATE, D | S, 0),
    TAG(STYLE, D | S, 0),
    TAG(CENTER, B | SB, 0),
};

#undef D
#undef S
#undef B
#undef SB
#undef P
#undef H
#undef T
#undef I
#undef C
#undef TAG

/* ---- class/id vocabulary ---- */

const char *const wn_lex_boiler[] = {
    "nav", "navbar", "navigation", "menu", "menus", "submenu", "sidebar", "widget", "widgets", "footer",
    "breadcrumb", "breadcrumbs", "pagination", "pager", "share", "sharing", "sharebar", "social", "socials",
    "related", "recommended", "recommendations", "popular", "trending", "mostread", "cookie", "cookies",
    "consent", "gdpr", "newsletter", "subscribe", "subscription", "signup", "advert", "advertisement", "ads",
    "ad", "adslot", "adsense", "sponsor", "sponsored", "promo", "promotion", "tags", "tagcloud", "taglist",
    "byline", "modal", "overlay", "popup", "skip", "banner", "masthead", "toolbar", "outbrain", "taboola",
    "disqus", "login", "signin", "rss", "feedback",
    "copyright", "legal", "crumbs", "topbar", "bottombar", "sitemap", "announcement", "alert", "paywall",
    "offcanvas", "dropdown", "tooltip", "author", "bio", "avatar", "meta", "postmeta", "entrymeta", "sharethis",
    "addthis", "utility", "utilities", "tools", "ticker", "next", "prev",
    "previous", "pagenav", "jump", "lightbox", "carousel", "slider", "gallery", "caption", "credit",
    "credits", "subnav", "secondary", "tertiary", "links", "follow", "donate",
    "donation", "partner", "partners", "rail", "aside", "timestamp", "shop", "cart", "search",
    /* standfirsts, kickers and bylines are not article text (corpus/README) */
    "kicker", "standfirst", "dek", "strapline", "toc", "tableofcontents", "autor", "headerlink",
    "permalink", "filename", "button", "btn", "figcaption", "wp-caption", "signature", "membership",
    "support", "cta", "error", "affiliate", "disclosure", "prompt", "legend", "disclaimer", "postmetadata",
    "metadata", "contactbox", "contact", "notice", "rating", "ratings", "imagedescription", "werbung", "anzeige",
    "publicidad", "publicite",
    /* a recipe card's fields around its ingredients and steps */
    "times", "servings", "yield",
    /* a shop's purchase box beside a product description */
    "buy", "delivery", "shipping", "checkout", "basket",
    /* a page's license line; teasers of other stories (a lead named
     * "teaser" has no links: see the pruning rules) */
    "license", "licence", "teaser", "teasers",
    /* a forum post's quote expander and reactions bar (XenForo-style markup) */
    "expandlink", "shrinklink", "reactionsbar", NULL};

const char *const wn_lex_boiler_subs[] = {
    "screen-reader", "sr-only", "visually-hidden", "visuallyhidden", "most-read", "skip-link", "ad-slot",
    "adslot", "advert", "sidebar", "newsletter", "cookie", "social", "share", "related", "comment-form",
    "respond", "navbar", "breadcrumb", "pagination", "popular", "recommend", "subscribe", "sponsor",
    "footer", "banner", "widget", "promo", "read-more", "readmore", "more-stories", "author-info",
    "author-box", "authorbox", "about-author", "post-nav", "postnav", "tag-list", "tags-list", "taglist",
    "print-only", "noprint", "no-print", "img-desc", "image-desc", "photo-desc", "caption", "portlet", "werbung",
    "membership",
    /* legal boilerplate under press releases and investor news */
    "forward-looking", "forward_looking", "forwardlooking", "safe-harbor", "safe_harbor", "safeharbor",
    "call-to-action", "calltoaction", NULL};

/* whole class names (not split on '-'/'_'): "field-label-hidden" is a
 * visible Drupal field, "hidden" alone is not */
const char *const wn_lex_hidden[] = {"hidden", "hide", "invisible", "d-none", "is-hidden", "noscript",
                                     "element-invisible", "screen-reader-text", "text-hide", "hide-text",
                                     "offscreen", "u-hidden", "a11y-hidden", "screenreader", "u-sronly", NULL};

const char *const wn_lex_comment[] = {"comment", "comments", "commentlist", "discussion", "replies",
                                      "disqus", "respond", "comentarios", "commentaires", "kommentare",
                                      "komentarze", "commenti", "reacties", "answers", NULL};

const char *const wn_lex_content[] = {"content", "article", "post", "entry", "story", "body", "text",
                                      "main", "blog", "hentry", "articlebody", "postbody", "entrycontent",
                                      "storycontent", "prose", "rte", "richtext", NULL};

/* "post-author", "entry-tags", "article-related" */
const char *const wn_lex_strong[] = {"related", "author", "bio", "tags", "share", "sharing", "social",
                                     "newsletter", "subscribe", "recommended", "popular", "breadcrumb",
                                     "breadcrumbs", "pagination", "pager", "navigation", "nav", "byline", NULL};

/* a box so named with paragraphs and no links is prose */
const char *const wn_lex_form[] = {"links", "widget", "widgets", "gallery", "tools",
                                   "utility", "secondary", "tertiary", NULL};

const char *const wn_lex_media[] = {"gallery", "slideshow", "carousel", NULL};

/* "non-paywall", "no-sidebar", "has-sharing", "with-sidebar": what a box
 * holds or lacks, not what it is */
const char *const wn_lex_negation[] = {"non", "no", "without", "has", "with", NULL};

/* class-name parts that name a forum post's poster (a blog's "author" is not one) */
const char *const wn_lex_poster[] = {"username", "postprofile", "poster", "user-info", "userinfo", "user_info",
                                     "postauthor", "post-author", "memberinfo", "user-details", NULL};

/* inside a comment section: poster names, dates, "Reply" links, votes */
const char *const wn_lex_comment_meta[] = {
    "meta", "author", "vcard", "avatar", "says", "reply", "date", "time",
    "metadata", "byline", "permalink", "edit", "actions", "vote", "votes",
    "score", "user", "username", "timestamp", "postprofile", "profile",
    "signature", "flair", "reputation", "header", "footer", "title", "info",
    "details", "links", "menu", "buttons", "rightside", "back2top", "note", "notes", NULL};

/* between the title and the first paragraph */
const char *const wn_lex_dek[] = {"subtitle", "subtitulo", "sottotitolo", "subline", "subheadline",
                                  "subhead", "dek", "deck", "standfirst", "strapline", "tagline",
                                  "untertitel", "chapeau", "summary", "excerpt", "byline", "meta",
                                  "author", "date", "disclosure", "affiliate", NULL};

const char *const wn_lex_lead[] = {"lead", "intro", "vorspann", "abstract", "chapo", "chapeau", "entradilla",
                                   "bajada", "lede", "leadin", "teaser", NULL};

/* navigation, menus, footers, cookie notices, share bars, search, login:
 * what a listing's item or a service page's section never is */
const char *const wn_lex_site_chrome[] = {"nav", "navbar", "navigation", "menu", "menus", "submenu", "breadcrumb",
                                          "breadcrumbs", "pagination", "pager", "footer", "sidebar", "cookie",
                                          "cookies", "consent", "social", "share", "sharing", "skip", "topbar",
                                          "toolbar", "search", "login", "signin", "modal", "popup", "overlay",
                                          "dropdown", "offcanvas", "sitemap", "newsletter", "subscribe", "dialog", "lightbox", NULL};

/* ---- ARIA roles ---- */

const wn_role_t wn_lex_roles[] = {
    {"navigation", WN_ROLE_PRUNE | WN_ROLE_CHROME},
    {"banner", WN_ROLE_PRUNE | WN_ROLE_CHROME},
    {"contentinfo", WN_ROLE_PRUNE | WN_ROLE_CHROME},
    {"complementary", WN_ROLE_PRUNE | WN_ROLE_CHROME},
    {"dialog", WN_ROLE_PRUNE | WN_ROLE_CHROME},
    {"search", WN_ROLE_PRUNE},
    {"menu", WN_ROLE_PRUNE},
    {"menubar", WN_ROLE_PRUNE},
    {"alert", WN_ROLE_PRUNE},
    {"toolbar", WN_ROLE_PRUNE},
    {"button", WN_ROLE_PRUNE}, /* "👍 Yes" feedback buttons */
    {"main", WN_ROLE_CONTENT},
    {"article", WN_ROLE_CONTENT},
    {NULL, 0}};

unsigned wn_role(const char *role) {
    if (!role) return 0;
    for (int k = 0; wn_lex_roles[k].name; k++)
        if (!strcasecmp(role, wn_lex_roles[k].name)) return wn_lex_roles[k].flags;
    return 0;
}

/* ---- text vocabulary ---- */

const char *const wn_lex_stopwords[] = {
    /* en */ "the", "of", "and", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as", "are",
    "be", "this", "by", "at", "from", "have", "has", "not", "but", "or", "an", "they", "we", "which", "their",
    "you", "he", "she", "his", "her", "were", "been", "will", "would", "can", "there", "more", "when", "what",
    "a", "i",
    /* de */ "der", "die", "das", "und", "ist", "nicht", "mit", "sich", "auf", "für", "den", "dem", "ein",
    "eine", "zu", "von", "auch", "es", "im", "wie", "als", "werden", "wird", "sind", "bei", "nach", "aus",
    /* fr */ "le", "la", "les", "et", "des", "du", "un", "une", "est", "que", "qui", "pour", "dans", "pas",
    "sur", "au", "avec", "ce", "il", "elle", "sont", "par", "plus",
    /* es / pt / it */ "el", "los", "las", "y", "en", "del", "que", "por", "con", "una", "para", "es", "se",
    "lo", "al", "como", "su", "o", "em", "os", "da", "do", "uma", "não", "il", "di", "che", "è", "per",
    "della", "non", "sono", "gli",
    /* nl */ "het", "een", "van", "en", "op", "dat", "zijn", "niet", "voor", "met", "ook", "wordt",
    /* pl */ "się", "nie", "jest", "na", "że", "do", "jak", "to", "z", "w",
    /* ru */ "и", "в", "не", "на", "что", "с", "по", "как", "это", "он", "она", "из", "за", "но", "к", "от",
    "для", "так",
    /* more of the most frequent words of each language */
    /* en */ "all", "if", "so", "about", "one", "its", "our", "your", "who", "them", "then", "than", "also",
    "into", "no", "only", "had", "do", "my", "me", "him", "us", "these", "those", "some", "other", "after",
    /* de */ "er", "sie", "ich", "wir", "oder", "aber", "nur", "noch", "so", "wenn", "an", "am", "um", "über",
    "dass", "des", "einem", "einer", "eines", "hat", "haben", "war", "kann", "zum", "zur", "vor", "bis", "durch",
    "unter", "sehr", "schon", "man", "was", "mehr", "diese", "dieser", "werden",
    /* fr */ "ne", "se", "en", "son", "sa", "ses", "mais", "ou", "nous", "vous", "ils", "été", "aux", "leur",
    "cette", "comme", "tout", "fait", "être", "sont", "ont",
    /* es / pt / it */ "más", "pero", "sus", "ha", "son", "está", "fue", "este", "esta", "mais", "na", "no",
    "ao", "foi", "com", "seu", "sua", "mas", "nel", "nella", "anche", "ma", "si", "ci", "dei", "delle", "alla",
    "come", "più",
    /* nl */ "de", "te", "er", "maar", "om", "aan", "bij", "ze", "ook", "als", "nog", "naar", "dan", "heeft",
    /* pl */ "od", "po", "za", "ale", "jak", "co", "tak", "już", "przez", "jego", "są", "oraz",
    /* ru */ "я", "а", "у", "бы", "же", "его", "но", "был", "все", "о", "при", "ещё", "мы", "они", NULL};

#define MB WN_MONTH_BYLINE
#define MD WN_MONTH_DATE
/* The dev set's languages (en, de, fr, es, it, pt, nl, ru, pl). The byline
 * test has not learnt the Russian and Polish names, nor "maa", "jän",
 * "juin", "juil" and "out" (Portuguese: a word of English text too); the
 * date parser has not learnt Dutch "mrt" nor the longer French forms
 * (their three-letter stems do the work there). */
const wn_month_t wn_lex_months[] = {
    {"jan", 1, MB | MD},   {"jän", 1, MD},       {"ene", 1, MB | MD},   {"gen", 1, MB | MD},
    {"janv", 1, MB},       {"feb", 2, MB | MD},  {"fév", 2, MB | MD},   {"fev", 2, MB | MD},
    {"févr", 2, MB},       {"mar", 3, MB | MD},  {"mär", 3, MB | MD},   {"maa", 3, MD},
    {"mrt", 3, MB},        {"apr", 4, MB | MD},  {"avr", 4, MB | MD},   {"abr", 4, MB | MD},
    {"may", 5, MB | MD},   {"mai", 5, MB | MD},  {"mag", 5, MB | MD},   {"mei", 5, MB | MD},
    {"jun", 6, MB | MD},   {"juin", 6, MD},      {"giu", 6, MB | MD},   {"jul", 7, MB | MD},
    {"juil", 7, MD},       {"lug", 7, MB | MD},  {"aug", 8, MB | MD},   {"aoû", 8, MB | MD},
    {"ago", 8, MB | MD},   {"sep", 9, MB | MD},  {"set", 9, MB | MD},   {"oct", 10, MB | MD},
    {"okt", 10, MB | MD},  {"ott", 10, MB | MD}, {"out", 10, MD},       {"nov", 11, MB | MD},
    {"dec", 12, MB | MD},  {"dez", 12, MB | MD}, {"déc", 12, MB | MD},  {"dic", 12, MB | MD},
    /* Russian (genitive forms share the stems) and Polish */
    {"янв", 1, MD},  {"фев", 2, MD},  {"мар", 3, MD},  {"апр", 4, MD},  {"мая", 5, MD},  {"май", 5, MD},
    {"июн", 6, MD},  {"июл", 7, MD},  {"авг", 8, MD},  {"сен", 9, MD},  {"окт", 10, MD}, {"ноя", 11, MD},
    {"дек", 12, MD}, {"sty", 1, MD},  {"lut", 2, MD},  {"kwi", 4, MD},  {"maj", 5, MD},  {"cze", 6, MD},
    {"lip", 7, MD},  {"sie", 8, MD},  {"wrz", 9, MD},  {"paź", 10, MD}, {"lis", 11, MD}, {"gru", 12, MD},
    {NULL, 0, 0}};
#undef MB
#undef MD

#define LL WN_LEAD_LINE
#define LN WN_LEAD_NAME
/* The line openers are those of news templates in every language of the
 * corpus (bylines, credits, update stamps); the name lead-ins are read
 * before the name of a byline, longer forms first ("autorin" before
 * "autor"). */
const wn_lead_t wn_lex_leads[] = {
    {"By ", LL},  {"by ", LL},  {"BY ", LL},  {"Von ", LL}, {"Par ", LL}, {"par ", LL}, {"Por ", LL},
    {"Escrito por", LL}, {"Written by", LL}, {"Posted by", LL}, {"Posted on", LL}, {"Publié", LL},
    {"Publicado", LL}, {"Veröffentlicht", LL}, {"Author:", LL}, {"Autor:", LL}, {"Door ", LL}, {"Di ", LL},
    {"Автор", LL}, {"Материал подготовил", LL}, {"Текст:", LL}, {"Источник:", LL}, {"Фото:", LL},
    {"Text:", LL}, {"Texte :", LL}, {"Texte:", LL}, {"Quelle:", LL}, {"Fuente:", LL}, {"Source:", LL},
    {"Sources :", LL}, {"Foto:", LL}, {"Photo:", LL}, {"Bild:", LL}, {"Stand:", LL}, {"Redaktion:", LL},
    {"Updated", LL}, {"Aktualisiert", LL}, {"Mis à jour", LL}, {"Actualizado", LL}, {"Last updated", LL},
    {"Last walked", LL}, {"【", LL}, {"责任编辑", LL}, {"（责任编辑", LL}, {"(责任编辑", LL},
    {"post author", LN}, {"posted by", LN}, {"written by", LN}, {"words by", LN}, {"text by", LN},
    {"story by", LN}, {"view all posts by", LN}, {"all posts by", LN}, {"posts by", LN},
    {"geschrieben von", LN}, {"eingestellt von", LN}, {"veröffentlicht von", LN}, {"erstellt von", LN},
    {"gespeichert von", LN}, {"verfasst von", LN}, {"ein beitrag von", LN}, {"beitrag von", LN},
    {"beitragvon", LN}, {"ein artikel von", LN}, {"artikel von", LN}, {"zeige alle beiträge von", LN},
    {"alle beiträge von", LN}, {"zeige alle artikel von", LN}, {"publié par", LN}, {"publicado por", LN},
    {"escrito por", LN}, {"scritto da", LN}, {"redaktion:", LN}, {"autorin", LN}, {"autoren", LN},
    {"autor", LN}, {"author", LN}, {"auteur", LN}, {"interview:", LN}, {"text:", LN}, {"by", LN},
    {"von", LN}, {"vom", LN}, {"par", LN}, {"por", LN}, {"di", LN}, {"door", LN}, {"av", LN}, {"af", LN},
    {NULL, 0}};
#undef LL
#undef LN

const char *const wn_lex_credit_marks[] = {"Foto:", "Fotos:", "FOTO:", "Bild:", "Photo:", "Photos:", "photo:",
                                           "Credit:", "Credits:", "Imagen:", "Fotografía:", NULL};

const char *const wn_lex_figure[] = {"Abbildung ", "Abb. ", "Figure ", "Fig. ", NULL};

/* The singular English "comment" is left out: "declined to comment" is news text. */
const char *const wn_lex_site_words[] = {"comments", "kommentar", "kommentier", "commentaire", "comentario",
                                         "komentarz", "commenti", "newsletter", "cookie", "datenschutz", "impressum",
                                         "privacy", "subscribe", "abonnier", "suscr", "copyright",
                                         "all rights reserved", "alle rechte", NULL};

const char *const wn_lex_currency[] = {"$", "\xe2\x82\xac" /* euro */, "\xc2\xa3" /* pound */, "\xc2\xa5" /* yen */,
                                       "\xe2\x82\xb9" /* rupee */, "\xe2\x82\xbd" /* rouble */, "\xe2\x82\xa9" /* won */,
                                       "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "JPY", "SEK", "NOK", "DKK",
                                       "PLN", "kr", "z\xc5\x82", "R$", NULL};

const char *const wn_lex_read_time[] = {"min read", "Lesezeit", "minutes de lecture", "min de lectura", NULL};

const char *const wn_lex_own_date[] = {"date", "datum", "fecha", "data", "published", "publiziert", "posted",
                                       "updated", "stand", "erstellt", "aktualisiert", "bild", "foto", "photo",
                                       "beitragsbild", "titelbild", "image", "credit", "credits", "quelle",
                                       "source", NULL};

/* ---- the sets ---- */

wn_lexicon_t *wn_lexicon_new(void) {
    wn_lexicon_t *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->arena = wn_arena_new(0);
    wn_arena_t *a = l->arena;
    if (!a) goto fail;
    l->boiler = wn_wordset_new(a, wn_lex_boiler);
    l->comment = wn_wordset_new(a, wn_lex_comment);
    l->content = wn_wordset_new(a, wn_lex_content);
    l->hidden = wn_wordset_new(a, wn_lex_hidden);
    l->stop = wn_wordset_new(a, wn_lex_stopwords);
    l->boiler_subs = wn_substrset_new(a, wn_lex_boiler_subs, 0);
    l->poster = wn_substrset_new(a, wn_lex_poster, 1);
    l->site_words = wn_substrset_new(a, wn_lex_site_words, 1);
    l->credit_marks = wn_substrset_new(a, wn_lex_credit_marks, 0);
    if (!l->boiler || !l->comment || !l->content || !l->hidden || !l->stop || !l->boiler_subs || !l->poster ||
        !l->site_words || !l->credit_marks)
        goto fail;
    return l;
fail:
    wn_lexicon_destroy(&l);
    return NULL;
}

void wn_lexicon_destroy(wn_lexicon_t **self) {
    if (!self || !*self) return;
    wn_arena_destroy(&(*self)->arena);
    free(*self);
    *self = NULL;
}
