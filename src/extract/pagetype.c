/* pagetype.c -- the kind of page (see pagetype.h).
 *
 * Three sources of evidence, each a row of `evidence` below:
 *  - the URL's path: "/threads/...", "/products/...", "/collections/...",
 *    "/docs/...", a date in the path, the site's root;
 *  - schema.org: JSON-LD "@type", microdata itemtype, og:type, and the
 *    generator <meta> of forum, documentation and shop engines;
 *  - structure, from one backward sweep over the tree: the page's dominant
 *    group of sibling blocks alike in tag and class (posts that each name
 *    a poster and a time; cards with linked titles; cards with prices), a
 *    purchase control, code blocks, a sidebar tree of links, many sibling
 *    sections with calls to action, a long run of prose.
 * Scores are sums of the weights of the rows found; the article has a
 * prior, so that a page needs real evidence to be read otherwise.
 */
#include "extract/pagetype.h"

#include "base/wordset.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef WN_DEBUG
#include <stdio.h>
#endif

/* ---- names ------------------------------------------------------------- */

static const char *const type_names[WN_PAGE_TYPES] = {"auto",    "article", "forum",         "product",
                                                      "collection", "listing", "documentation", "service"};

const char *wn_page_type_name(wn_page_type_t t) {
    if ((unsigned)t >= WN_PAGE_TYPES) return NULL;
    return type_names[t];
}

wn_status wn_page_type_parse(const char *s, wn_page_type_t *out) {
    if (!s) return WN_EINVAL;
    for (unsigned k = 0; k < WN_PAGE_TYPES; k++)
        if (!strcasecmp(s, type_names[k])) {
            *out = (wn_page_type_t)k;
            return WN_OK;
        }
    return WN_EINVAL;
}

/* ---- the evidence table --------------------------------------------------- */

enum {
    E_URL_FORUM,      /* /threads/, /t/slug/123, /questions/123/, viewtopic.php, /comments/id/ */
    E_URL_FORUM_HOST, /* a host named forum(s), community, discuss, answers, boards */
    E_URL_PRODUCT,    /* /product/, /products/slug, /dp/, /itm/, /p/slug */
    E_URL_COLLECTION, /* /collections/, /category/, /c/, /shop/, /product-category/ */
    E_URL_LISTING,    /* a path ending in an index word: /news, /blog, /events, /jobs, /tag/x, /page/2 */
    E_URL_DOC,        /* /docs/, /reference/, /manual/, /api/; a docs. or developer. host */
    E_URL_SERVICE,    /* /services/, /solutions/, /pricing, /features */
    E_URL_ROOT,       /* the site's home page */
    E_URL_ARTICLE,    /* a date in the path, or a long slug under /blog/, /news/, /article/ */
    E_SCHEMA_FORUM,   /* DiscussionForumPosting, QAPage, SocialMediaPosting */
    E_SCHEMA_COMMENTS, /* two or more microdata Comment / Answer items */
    E_SCHEMA_PRODUCT, /* Product / ProductGroup, og:type product */
    E_SCHEMA_COLLECTION, /* CollectionPage, OfferCatalog, SomeProducts, og:type product.group */
    E_SCHEMA_ITEMLIST, /* ItemList */
    E_SCHEMA_ARTICLE, /* Article, NewsArticle, BlogPosting, og:type article */
    E_SCHEMA_DOC,     /* TechArticle, APIReference */
    E_SCHEMA_SERVICE, /* Service, ProfessionalService, SoftwareApplication, Course, FAQPage */
    E_GEN_FORUM,      /* generator: Discourse, vBulletin, XenForo, phpBB, Flarum, ... */
    E_GEN_DOC,        /* generator: Sphinx, MkDocs, Docusaurus, rustdoc, GitBook, ... */
    E_GEN_SHOP,       /* generator: WooCommerce, Shopify, Magento, PrestaShop, ... */
    E_FORUM_MARKUP,   /* post markup of forum engines: bbWrapper, postbit, postbody, js-post-body, ... */
    E_POSTS,          /* sibling blocks naming a poster and a time, most of the page's text */
    E_POSTS_SOME,     /* such blocks, less of the page */
    E_CARDS,          /* a grid of 5+ cards with linked titles, much of the page's text */
    E_CARDS_PRICED,   /* ... most of them with a price */
    E_CARDS_DOMINANT, /* the cards hold most of the page and no long prose stands beside them */
    E_CART,           /* a purchase control (add to cart / basket / bag) */
    E_PRICES_FEW,     /* 1 to 6 prices on the page, not in a grid */
    E_CODE,           /* two or more code blocks */
    E_CODE_MANY,      /* eight or more */
    E_SIDETREE,       /* a sidebar tree: nested link lists of 25+ links beside the content */
    E_DOC_MARKUP,     /* documentation markup: admonitions, headerlinks, toctrees, doc themes */
    E_SECTIONS,       /* five or more sibling sections or full-width blocks */
    E_CTA,            /* three or more call-to-action buttons in the content */
    E_SERVICE_MARKUP, /* hero, pricing, testimonials, plans, features in class names */
    E_PROSE,          /* a long run of paragraphs: 1,500+ characters under one parent, 30%+ of the page */
    E_NO_PROSE,       /* no run of paragraphs holds 10% of the page's text */
    E_BYLINE,         /* a byline or a publication date near the title */
    E_COUNT
};

typedef struct evidence {
    const char *name;
    wn_page_type_t type;
    int weight;
} evidence_t;

/* Row k is evidence k above. Weights were set on the WCXB development
 * split (tests/pagetype_eval.py prints accuracy and the confusion matrix). */
static const evidence_t evidence[E_COUNT] = {
    [E_URL_FORUM] = {"url-forum", WN_PAGE_FORUM, 6},
    [E_URL_FORUM_HOST] = {"url-forum-host", WN_PAGE_FORUM, 3},
    [E_URL_PRODUCT] = {"url-product", WN_PAGE_PRODUCT, 5},
    [E_URL_COLLECTION] = {"url-collection", WN_PAGE_COLLECTION, 4},
    [E_URL_LISTING] = {"url-listing", WN_PAGE_LISTING, 4},
    [E_URL_DOC] = {"url-doc", WN_PAGE_DOCUMENTATION, 5},
    [E_URL_SERVICE] = {"url-service", WN_PAGE_SERVICE, 4},
    [E_URL_ROOT] = {"url-root", WN_PAGE_SERVICE, 3},
    [E_URL_ARTICLE] = {"url-article", WN_PAGE_ARTICLE, 3},
    [E_SCHEMA_FORUM] = {"schema-forum", WN_PAGE_FORUM, 8},
    [E_SCHEMA_COMMENTS] = {"schema-comments", WN_PAGE_FORUM, 3},
    [E_SCHEMA_PRODUCT] = {"schema-product", WN_PAGE_PRODUCT, 6},
    [E_SCHEMA_COLLECTION] = {"schema-collection", WN_PAGE_COLLECTION, 5},
    [E_SCHEMA_ITEMLIST] = {"schema-itemlist", WN_PAGE_LISTING, 2},
    [E_SCHEMA_ARTICLE] = {"schema-article", WN_PAGE_ARTICLE, 3},
    [E_SCHEMA_DOC] = {"schema-doc", WN_PAGE_DOCUMENTATION, 6},
    [E_SCHEMA_SERVICE] = {"schema-service", WN_PAGE_SERVICE, 3},
    [E_GEN_FORUM] = {"generator-forum", WN_PAGE_FORUM, 8},
    [E_GEN_DOC] = {"generator-doc", WN_PAGE_DOCUMENTATION, 8},
    [E_GEN_SHOP] = {"generator-shop", WN_PAGE_PRODUCT, 2},
    [E_FORUM_MARKUP] = {"forum-markup", WN_PAGE_FORUM, 6},
    [E_POSTS] = {"posts", WN_PAGE_FORUM, 6},
    [E_POSTS_SOME] = {"posts-some", WN_PAGE_FORUM, 2},
    [E_CARDS] = {"cards", WN_PAGE_LISTING, 4},
    [E_CARDS_PRICED] = {"cards-priced", WN_PAGE_COLLECTION, 8},
    [E_CARDS_DOMINANT] = {"cards-dominant", WN_PAGE_LISTING, 3},
    [E_CART] = {"cart", WN_PAGE_PRODUCT, 4},
    [E_PRICES_FEW] = {"prices-few", WN_PAGE_PRODUCT, 2},
    [E_CODE] = {"code", WN_PAGE_DOCUMENTATION, 3},
    [E_CODE_MANY] = {"code-many", WN_PAGE_DOCUMENTATION, 3},
    [E_SIDETREE] = {"sidetree", WN_PAGE_DOCUMENTATION, 1},
    [E_DOC_MARKUP] = {"doc-markup", WN_PAGE_DOCUMENTATION, 4},
    [E_SECTIONS] = {"sections", WN_PAGE_SERVICE, 3},
    [E_CTA] = {"cta", WN_PAGE_SERVICE, 1},
    [E_SERVICE_MARKUP] = {"service-markup", WN_PAGE_SERVICE, 3},
    [E_PROSE] = {"prose", WN_PAGE_ARTICLE, 4},
    [E_NO_PROSE] = {"no-prose", WN_PAGE_ARTICLE, -4},
    [E_BYLINE] = {"byline", WN_PAGE_ARTICLE, 3},
};

/* The article's prior: what another type must outweigh. */
#define ARTICLE_PRIOR 5

const char *wn_pagetype_evidence_name(unsigned k) { return k < E_COUNT ? evidence[k].name : NULL; }

const char *wn_pagetype_evidence(unsigned k, wn_page_type_t *type, int *weight) {
    if (k >= E_COUNT) return NULL;
    *type = evidence[k].type;
    *weight = evidence[k].weight;
    return evidence[k].name;
}

int wn_pagetype_prior(void) { return ARTICLE_PRIOR; }

/* ---- words ---------------------------------------------------------------- */

/* Case-insensitive equality of s[0..n) and the NUL-terminated word w. */
static int word_is(const char *s, size_t n, const char *w) { return strlen(w) == n && !strncasecmp(s, w, n); }

/* Nonzero if s[0..n) is one of the NULL-terminated list's words (any case). */
static int word_in(const char *s, size_t n, const char *const *list) {
    for (size_t k = 0; list[k]; k++)
        if (word_is(s, n, list[k])) return 1;
    return 0;
}

/* ---- URL ------------------------------------------------------------------ */

/* Nonzero if s[0..n) is all digits (n > 0). */
static int all_digits(const char *s, size_t n) {
    if (!n) return 0;
    for (size_t k = 0; k < n; k++)
        if (!isdigit((unsigned char)s[k])) return 0;
    return 1;
}

/* Nonzero if s[0..n) starts with digits followed by '-' or '.' ("2068-types", "783768"). */
static int lead_digits(const char *s, size_t n) {
    size_t k = 0;
    while (k < n && isdigit((unsigned char)s[k])) k++;
    return k > 0 && (k == n || s[k] == '-' || s[k] == '.');
}

#define MAX_SEGS 12

/* Sets the URL evidence of `url` (scheme and host optional) in *fired. */
static void url_evidence(const char *url, uint64_t *fired) {
    if (!url || !*url) return;
    const char *p = strstr(url, "://");
    const char *host = p ? p + 3 : NULL, *path = url;
    size_t hl = 0;
    if (host) {
        hl = strcspn(host, "/?#");
        path = host + hl;
    }
    /* host labels */
    static const char *const forum_hosts[] = {"forum", "forums", "community", "discuss", "discussion", "discussions",
                                              "answers", "boards", "board", "talk", NULL};
    static const char *const doc_hosts[] = {"docs", "doc", "developer", "developers", "devdocs", "readthedocs", "wiki",
                                            "learn", NULL};
    for (size_t i = 0; host && i < hl;) {
        size_t j = i;
        while (j < hl && host[j] != '.' && host[j] != ':') j++;
        if (word_in(host + i, j - i, forum_hosts)) *fired |= 1ull << E_URL_FORUM_HOST;
        if (word_in(host + i, j - i, doc_hosts)) *fired |= 1ull << E_URL_DOC;
        if (j < hl && host[j] == ':') break;
        i = j + 1;
    }
    /* path segments */
    const char *seg[MAX_SEGS];
    size_t sl[MAX_SEGS];
    int ns = 0;
    size_t pl = strcspn(path, "?#");
    for (size_t i = 0; i < pl && ns < MAX_SEGS;) {
        while (i < pl && path[i] == '/') i++;
        size_t j = i;
        while (j < pl && path[j] != '/') j++;
        if (j > i) {
            seg[ns] = path + i;
            sl[ns++] = j - i;
        }
        i = j;
    }
    if (ns == 0 || (ns == 1 && sl[0] <= 5 && (pl < 2 || path[pl - 1] == '/') && !lead_digits(seg[0], sl[0]))) {
        /* "/", "/en/", "/us/": the home page */
        *fired |= 1ull << E_URL_ROOT;
        if (ns == 0) return;
    }
    static const char *const forum_segs[] = {"thread", "threads", "showthread.php", "viewtopic.php", "showtopic.php",
                                             "viewthread.php", "showtopic", "viewthread", "discussion", "discussions",
                                             "forum", "forums", "topic.php", NULL};
    static const char *const product_segs[] = {"product", "products", "dp", "itm", "item", "pdp", "pd", "p", "sku",
                                               "gp", NULL};
    static const char *const collection_segs[] = {"collections", "collection", "category", "categories", "c", "cat",
                                                  "b", "browse", "department", "departments", "product-category",
                                                  "shop", "store", "catalog", "catalogue", "s", "sb0", NULL};
    static const char *const listing_last[] = {"news", "blog", "blogs", "articles", "stories", "latest", "archive",
                                               "archives", "events", "jobs", "courses", "programs", "programmes",
                                               "podcasts", "episodes", "issues", "reviews", "topics", "lists",
                                               "search", "directory", "results", "trending", "newest", "recent",
                                               "new", "top", "best", "popular", "press", "releases", "videos",
                                               "listings", "deals", "offers", "rankings", "awards", "library",
                                               "resources", "publications", "insights", "updates", "coupons", NULL};
    static const char *const listing_parent[] = {"tag", "tags", "topic", "topics", "section", "sections", "list",
                                                 "author", "authors", "page", "series", "genre", "chart", NULL};
    static const char *const doc_segs[] = {"docs", "doc", "documentation", "manual", "manuals", "reference", "api",
                                           "handbook", "userguide", "user-guide", "guide", "guides", "tutorial",
                                           "tutorials", "library", "book", "quickstart", "howto", "sdk", "wiki",
                                           NULL};
    static const char *const service_segs[] = {"services", "service", "solutions", "solution", "pricing", "plans",
                                               "features", "consulting", "agency", "hire", "enterprise", "product",
                                               "platform", "for-business", NULL};
    static const char *const article_parent[] = {"blog", "news", "article", "articles", "post", "posts", "story",
                                                 "stories", "insights", "magazine", NULL};
    for (int k = 0; k < ns; k++) {
        const char *s = seg[k];
        size_t l = sl[k];
        int last = k == ns - 1;
        if (word_in(s, l, forum_segs)) *fired |= 1ull << E_URL_FORUM;
        /* Discourse "/t/slug/123", Flarum "/d/123-slug", Stack Exchange
         * "/questions/123/slug", Reddit-like "/comments/id/slug" */
        if (k + 1 < ns && ((word_is(s, l, "t") && (k + 2 < ns ? lead_digits(seg[k + 2], sl[k + 2]) : 0)) ||
                           (word_is(s, l, "questions") && all_digits(seg[k + 1], sl[k + 1])) ||
                           (word_is(s, l, "d") && lead_digits(seg[k + 1], sl[k + 1])) ||
                           (word_is(s, l, "comments") && k + 2 < ns) ||
                           (word_is(s, l, "topic") && lead_digits(seg[k + 1], sl[k + 1]))))
            *fired |= 1ull << E_URL_FORUM;
        if (!last && word_in(s, l, product_segs))
            *fired |= 1ull << E_URL_PRODUCT;
        if (word_in(s, l, collection_segs) && !(word_is(s, l, "s") && !last)) {
            /* "/shop/x/y/item-name" is a product; "/shop", "/shop/x" a grid */
            if (!(word_in(s, l, (const char *const[]){"shop", "store", NULL}) && ns - k > 2))
                *fired |= 1ull << E_URL_COLLECTION;
        }
        if (last && word_is(s, l, "products")) *fired |= 1ull << E_URL_COLLECTION;
        if (last && word_in(s, l, listing_last)) *fired |= 1ull << E_URL_LISTING;
        if (!last && k + 2 >= ns && word_in(s, l, listing_parent)) *fired |= 1ull << E_URL_LISTING;
        if (word_in(s, l, doc_segs)) *fired |= 1ull << E_URL_DOC;
        if (word_in(s, l, service_segs) && (last || k + 2 >= ns)) *fired |= 1ull << E_URL_SERVICE;
        /* a date in the path: /2024/09/04/slug, /2024/09/slug */
        if (l == 4 && all_digits(s, 4) && (s[0] == '1' || s[0] == '2') && k + 1 < ns && sl[k + 1] <= 2 &&
            all_digits(seg[k + 1], sl[k + 1]))
            *fired |= 1ull << E_URL_ARTICLE;
        /* a long slug under a blog or news path */
        if (k + 1 < ns && word_in(s, l, article_parent)) {
            const char *t = seg[ns - 1];
            size_t tl = sl[ns - 1], dashes = 0;
            for (size_t q = 0; q < tl; q++) dashes += t[q] == '-' || t[q] == '_';
            if (dashes >= 3) *fired |= 1ull << E_URL_ARTICLE;
        }
    }
}

/* ---- schema.org --------------------------------------------------------- */

/* The schema.org type names that speak for a page type. */
static int schema_row(const char *s, size_t n) {
    static const char *const forum[] = {"DiscussionForumPosting", "QAPage", "SocialMediaPosting", NULL};
    static const char *const product[] = {"Product", "ProductGroup", "IndividualProduct", "ProductModel", "Vehicle",
                                          NULL};
    static const char *const collection[] = {"CollectionPage", "OfferCatalog", "SomeProducts", "SearchResultsPage",
                                             NULL};
    static const char *const article[] = {"Article", "NewsArticle", "BlogPosting", "Report", "ReportageNewsArticle",
                                          "OpinionNewsArticle", "AnalysisNewsArticle", "Recipe", "LiveBlogPosting",
                                          "ScholarlyArticle", "HowTo", "Review", NULL};
    static const char *const doc[] = {"TechArticle", "APIReference", NULL};
    static const char *const service[] = {"Service", "ProfessionalService", "SoftwareApplication", "WebApplication",
                                          "Course", "EducationalOccupationalProgram", "FinancialProduct",
                                          "InsuranceAgency", "HomeAndConstructionBusiness", "MovingCompany",
                                          "LegalService", "MedicalBusiness", "Dentist", NULL};
    if (word_in(s, n, forum)) return E_SCHEMA_FORUM;
    if (word_in(s, n, product)) return E_SCHEMA_PRODUCT;
    if (word_in(s, n, collection)) return E_SCHEMA_COLLECTION;
    if (word_is(s, n, "ItemList")) return E_SCHEMA_ITEMLIST;
    if (word_in(s, n, doc)) return E_SCHEMA_DOC;
    if (word_in(s, n, article)) return E_SCHEMA_ARTICLE;
    if (word_in(s, n, service)) return E_SCHEMA_SERVICE;
    return -1;
}

/* Type names counted in JSON-LD and microdata. */
typedef struct schema_count {
    int rows[E_COUNT];
    int comments; /* microdata Comment / Answer items */
    int faq;      /* FAQPage: its Question/Answer pairs are not a thread */
    int question; /* Question outside an FAQPage */
} schema_count_t;

static void schema_name(const char *s, size_t n, schema_count_t *c) {
    /* "http://schema.org/Product", "https://schema.org/Product" */
    for (size_t k = n; k > 0; k--)
        if (s[k - 1] == '/') {
            s += k;
            n -= k;
            break;
        }
    int r = schema_row(s, n);
    if (r >= 0) c->rows[r]++;
    if (word_is(s, n, "FAQPage")) c->faq++;
    if (word_is(s, n, "Question")) c->question++;
}

/* Every "@type" value of one JSON-LD text (a string or an array of
 * strings), found by scanning: the text is not parsed again. */
static void jsonld_types(const char *t, size_t n, schema_count_t *c) {
    const char *e = t + n;
    for (const char *p = t; p < e && (p = memmem(p, (size_t)(e - p), "\"@type\"", 7)) != NULL;) {
        p += 7;
        while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ':')) p++;
        int arr = p < e && *p == '[';
        if (arr) p++;
        for (int k = 0; k < 8 && p < e; k++) {
            while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',')) p++;
            if (p >= e || *p != '"') break;
            const char *q = memchr(p + 1, '"', (size_t)(e - p - 1));
            if (!q) return;
            schema_name(p + 1, (size_t)(q - p - 1), c);
            p = q + 1;
            if (!arr) break;
        }
    }
}

/* Nonzero if the generator <meta> value names one of the engines. */
static int generator_in(const char *v, const char *const *list) {
    for (size_t k = 0; list[k]; k++)
        if (wn_ci_contains(v, list[k])) return 1;
    return 0;
}

/* ---- class and id words ----------------------------------------------------- */

enum {
    W_POSTER = 1u << 0,  /* a poster's name or profile */
    W_TIME = 1u << 1,    /* a date or time */
    W_PRICE = 1u << 2,   /* a price */
    W_CART = 1u << 3,    /* a purchase control */
    W_FORUM = 1u << 4,   /* post markup of a forum engine */
    W_DOC = 1u << 5,     /* documentation markup */
    W_SERVICE = 1u << 6, /* a landing page's blocks */
    W_CTA = 1u << 7,     /* a button */
    W_SIDE = 1u << 8,    /* a sidebar, a table of contents, a menu */
    W_COMMENTS = 1u << 9 /* a comment section */
};

typedef struct word_row {
    const char *w;
    unsigned bits;
} word_row_t;

/* class/id words (split on space, '-' and '_'), any case */
static const word_row_t words[] = {
    {"username", W_POSTER}, {"poster", W_POSTER}, {"postprofile", W_POSTER}, {"userinfo", W_POSTER},
    {"memberinfo", W_POSTER}, {"usertitle", W_POSTER}, {"avatar", W_POSTER}, {"postauthor", W_POSTER},
    {"author", W_POSTER}, {"creator", W_POSTER}, {"user", W_POSTER}, {"member", W_POSTER}, {"joined", W_POSTER},
    {"reputation", W_POSTER}, {"signature", W_POSTER}, {"postcount", W_POSTER}, {"byline", W_POSTER},
    {"date", W_TIME}, {"time", W_TIME}, {"timestamp", W_TIME}, {"datetime", W_TIME}, {"posted", W_TIME},
    {"published", W_TIME}, {"relativetime", W_TIME}, {"ago", W_TIME},
    {"price", W_PRICE}, {"prices", W_PRICE}, {"saleprice", W_PRICE}, {"msrp", W_PRICE}, {"money", W_PRICE},
    {"cart", W_CART}, {"addtocart", W_CART}, {"basket", W_CART}, {"addtobag", W_CART}, {"buybox", W_CART},
    {"buynow", W_CART}, {"checkout", W_CART},
    {"bbwrapper", W_FORUM}, {"postbit", W_FORUM}, {"postbitlegacy", W_FORUM}, {"postbody", W_FORUM},
    {"postcontainer", W_FORUM}, {"answercell", W_FORUM}, {"postcell", W_FORUM}, {"crawler", W_FORUM},
    {"cooked", W_FORUM}, {"messagecontent", W_FORUM}, {"messagebody", W_FORUM}, {"threadbit", W_FORUM},
    {"forumpost", W_FORUM}, {"topicpost", W_FORUM}, {"postmessage", W_FORUM}, {"ipscomment", W_FORUM},
    {"postrow", W_FORUM}, {"post_message", W_FORUM},
    {"admonition", W_DOC}, {"headerlink", W_DOC}, {"toctree", W_DOC}, {"docutils", W_DOC}, {"sphinxsidebar", W_DOC},
    {"rst", W_DOC}, {"docs", W_DOC}, {"documentation", W_DOC}, {"docblock", W_DOC}, {"rustdoc", W_DOC},
    {"docsearch", W_DOC}, {"docusaurus", W_DOC}, {"mkdocs", W_DOC}, {"gitbook", W_DOC}, {"highlight", W_DOC},
    {"sourcecode", W_DOC}, {"apiref", W_DOC}, {"codeblock", W_DOC},
    {"hero", W_SERVICE}, {"pricing", W_SERVICE}, {"testimonial", W_SERVICE}, {"testimonials", W_SERVICE},
    {"plans", W_SERVICE}, {"plan", W_SERVICE}, {"features", W_SERVICE}, {"benefits", W_SERVICE}, {"faq", W_SERVICE},
    {"faqs", W_SERVICE}, {"logos", W_SERVICE}, {"clients", W_SERVICE}, {"usp", W_SERVICE}, {"cta", W_SERVICE},
    {"btn", W_CTA}, {"button", W_CTA}, {"cta", W_CTA},
    {"sidebar", W_SIDE}, {"toc", W_SIDE}, {"sidenav", W_SIDE}, {"menu", W_SIDE}, {"nav", W_SIDE},
    {"navigation", W_SIDE}, {"tree", W_SIDE},
    {"comment", W_COMMENTS}, {"comments", W_COMMENTS}, {"commentlist", W_COMMENTS},
};

/* The words as a hash table (open addressing), made on the stack of each
 * classification: a class word is looked up in a probe or two instead of
 * a scan of the list (the scan was a quarter of wn_extract's time). */
#define WTAB 512 /* slots: a power of two, over 2 x the words */
typedef struct wtab {
    const char *key[WTAB];
    unsigned char len[WTAB];
    unsigned bits[WTAB];
} wtab_t;

static unsigned fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32u : c; }

static uint32_t whash(const char *s, size_t n) {
    uint32_t h = (uint32_t)n * 0x9E3779B1u ^ fold((unsigned char)s[0]) * 0x85EBCA77u ^
                 fold((unsigned char)s[n - 1]) * 0xC2B2AE3Du;
    if (n > 2) h ^= fold((unsigned char)s[1]) * 0x27D4EB2Fu;
    return (h ^ (h >> 15)) & (WTAB - 1);
}

static void wtab_init(wtab_t *t) {
    memset(t->key, 0, sizeof t->key);
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = strlen(words[k].w);
        uint32_t h = whash(words[k].w, n);
        while (t->key[h] && !(t->len[h] == n && !strncasecmp(t->key[h], words[k].w, n))) h = (h + 1) & (WTAB - 1);
        if (!t->key[h]) {
            t->key[h] = words[k].w;
            t->len[h] = (unsigned char)n;
            t->bits[h] = 0;
        }
        t->bits[h] |= words[k].bits; /* a word of two kinds ("cta") */
    }
}

static unsigned word_bits(const wtab_t *t, const char *s, size_t n) {
    if (n == 0 || n > 32) return 0;
    for (uint32_t h = whash(s, n); t->key[h]; h = (h + 1) & (WTAB - 1))
        if (t->len[h] == n && !strncasecmp(t->key[h], s, n)) return t->bits[h];
    return 0;
}

/* The W_* bits of the words of a class or id value (NULL: none). Words
 * glued with '-' or '_' are also tried whole up to the next space
 * ("add-to-cart" as "addtocart" is not tried; "js-post-body" ->
 * "js", "post", "body"). */
static unsigned names_bits(const wtab_t *t, const char *v) {
    unsigned b = 0;
    if (!v) return 0;
    char glued[32];
    size_t gl = 0;
    for (const char *p = v;;) {
        while (*p == '-' || *p == '_') p++;
        const char *q = p;
        while (*q && *q != ' ' && *q != '-' && *q != '_' && *q != '\t' && *q != '\n') q++;
        if (q > p) b |= word_bits(t, p, (size_t)(q - p));
        /* the whole word without its separators: "add-to-cart", "post_message" */
        for (const char *c = p; c < q && gl < sizeof glued; c++) glued[gl++] = *c;
        if (*q != '-' && *q != '_') {
            if (gl > 0 && gl < sizeof glued && (size_t)(q - p) != gl) b |= word_bits(t, glued, gl);
            gl = 0;
        }
        if (!*q) break;
        p = q + 1;
    }
    return b;
}

/* ---- structure ------------------------------------------------------------- */

/* Bits of wn_pt's per-node `has`: what a subtree holds. */
enum {
    H_TIME = 1u << 0,     /* <time>, a date class, itemprop datePublished */
    H_POSTER = 1u << 1,   /* a poster's name or profile */
    H_PRICE = 1u << 2,    /* a price */
    H_LINKHEAD = 1u << 3, /* a heading that is a link (a card's title) */
    H_IMG = 1u << 4,      /* a picture */
    H_LINK = 1u << 5,     /* a link of 10+ characters */
    H_POSTBODY = 1u << 6, /* a post's text: itemprop text/articleBody, forum post markup */
    H_COMMENT = 1u << 7   /* inside: a microdata Comment/Answer item */
};

typedef struct group {
    int parent, members, first;
    uint32_t chars, link_chars;
    int with_time, with_poster, with_price, with_linkhead, with_link, with_body, with_img;
} group_t;

/* Nonzero for elements whose text is never shown. */
static int skip_tag(int t) {
    return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_TEMPLATE ||
           t == GUMBO_TAG_HEAD || t == GUMBO_TAG_SELECT || t == GUMBO_TAG_OPTION || t == GUMBO_TAG_SVG;
}

static int chrome_tag(int t) {
    return t == GUMBO_TAG_NAV || t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_ASIDE;
}

static int is_heading(int t) { return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6; }

/* The first class word of element i as a signature of its kind, with its tag. */
static uint32_t signature(const wn_dom_t *d, int i) {
    uint32_t h = (uint32_t)d->n[i].tag * 2654435761u;
    const char *c = d->n[i].cls;
    if (c) {
        while (*c == ' ') c++;
        for (; *c && *c != ' '; c++) h = (h ^ (unsigned char)*c) * 16777619u;
    }
    return h ? h : 1;
}

#define SIGS 8

/* A group's claim to be the page's repeated unit: its text times the
 * logarithm of its size (members: 3 -> 1.6, 10 -> 3.3, 30 -> 4.9). */
static double group_weight(const group_t *g) {
    if (g->members < 3) return 0;
    double lg = 0;
    for (int m = g->members; m > 1; m >>= 1) lg += 1;
    return (double)g->chars * lg;
}

/* The features of the page's structure. */
typedef struct structure {
    group_t best;     /* the dominant group of alike siblings (most text) */
    uint32_t body_chars, main_chars; /* text of the body; outside chrome */
    int pre, code_in_pre, sections_max, cta, prices, carts, sidetree_links, doc_words, service_words;
    int forum_words, comment_items, times_near_top;
    uint32_t prose_max; /* paragraph text under one parent, the most */
} structure_t;

static void scan_structure(const wn_dom_t *d, wn_arena_t *a, const wtab_t *wt, structure_t *s) {
    memset(s, 0, sizeof *s);
    s->best.parent = -1;
    int cnt = d->count;
    uint32_t *chars = wn_arena_calloc(a, (size_t)cnt * sizeof *chars);
    uint32_t *lchars = wn_arena_calloc(a, (size_t)cnt * sizeof *lchars);
    uint32_t *pchars = wn_arena_calloc(a, (size_t)cnt * sizeof *pchars); /* in <p> children, own level */
    uint16_t *has = wn_arena_calloc(a, (size_t)cnt * sizeof *has);
    uint8_t *state = wn_arena_calloc(a, (size_t)cnt); /* 1 skipped, 2 chrome, 4 in a link */
    uint16_t *wbits = wn_arena_calloc(a, (size_t)cnt * sizeof *wbits); /* W_* of each element's names */
    if (!chars || !lchars || !pchars || !has || !state || !wbits) return;
    int root = d->body ? d->body : 0;
    /* forward: inherited state, and the words of each element */
    for (int i = 0; i < cnt; i++) {
        const wn_node_t *n = &d->n[i];
        uint8_t st = n->parent >= 0 ? state[n->parent] : 0;
        if (n->flags & WN_F_TEXT) {
            state[i] = st;
            continue;
        }
        int t = n->tag;
        if (skip_tag(t) || wn_hidden_attr(d, i)) st |= 1;
        if (chrome_tag(t)) st |= 2;
        const char *role = wn_dom_attr(d, i, "role");
        if (role && (!strcasecmp(role, "navigation") || !strcasecmp(role, "banner") ||
                     !strcasecmp(role, "contentinfo") || !strcasecmp(role, "complementary")))
            st |= 2;
        if (t == GUMBO_TAG_A) st |= 4;
        state[i] = st;
        if (st & 1) continue;
        unsigned wb = names_bits(wt, n->cls) | names_bits(wt, n->id);
        wbits[i] = (uint16_t)wb;
        const char *ip = wn_dom_attr(d, i, "itemprop");
        const char *it = wn_dom_attr(d, i, "itemtype");
        uint16_t h = 0;
        if (t == GUMBO_TAG_TIME || (wb & W_TIME) ||
            (ip && (!strcasecmp(ip, "datePublished") || !strcasecmp(ip, "dateCreated"))))
            h |= H_TIME;
        if ((wb & W_POSTER) || (ip && !strcasecmp(ip, "author"))) h |= H_POSTER;
        if ((wb & W_PRICE) || (ip && (!strcasecmp(ip, "price") || !strcasecmp(ip, "lowPrice")))) {
            h |= H_PRICE;
            if (!(st & 2) && !(wb & W_SERVICE)) s->prices++;
        }
        if (t == GUMBO_TAG_IMG) h |= H_IMG;
        if ((wb & W_FORUM) || (ip && (!strcasecmp(ip, "text") || !strcasecmp(ip, "articleBody"))))
            h |= H_POSTBODY;
        if (it && (strstr(it, "/Comment") || strstr(it, "/Answer") || strstr(it, "/DiscussionForumPosting"))) {
            h |= H_COMMENT;
            s->comment_items++;
        }
        has[i] = h;
        if (wb & W_FORUM) s->forum_words++;
        if (wb & W_DOC) s->doc_words++;
        if ((wb & W_SERVICE) && !(st & 2)) s->service_words++;
        if ((wb & W_CART) && !(st & 2) &&
            (t == GUMBO_TAG_BUTTON || t == GUMBO_TAG_FORM || t == GUMBO_TAG_INPUT || t == GUMBO_TAG_DIV ||
             t == GUMBO_TAG_A))
            s->carts++;
        if ((wb & W_CTA) && !(st & 2) && (t == GUMBO_TAG_A || t == GUMBO_TAG_BUTTON)) s->cta++;
        if (t == GUMBO_TAG_PRE && !(st & 2)) s->pre++;
    }
    /* backward: subtree text, and what each subtree holds */
    for (int i = cnt - 1; i >= 0; i--) {
        const wn_node_t *n = &d->n[i];
        if (state[i] & 1) continue;
        if (n->flags & WN_F_TEXT) {
            chars[i] = n->tw;
            if (state[i] & 4) lchars[i] = n->tw;
        } else {
            int t = n->tag;
            if (is_heading(t) && chars[i] >= 10 && lchars[i] * 2 > chars[i]) has[i] |= H_LINKHEAD;
            if (t == GUMBO_TAG_A && chars[i] >= 10) has[i] |= H_LINK;
        }
        int p = n->parent;
        if (p >= 0) {
            chars[p] += chars[i];
            lchars[p] += lchars[i];
            has[p] |= has[i];
            if (n->tag == GUMBO_TAG_P && lchars[i] * 4 < chars[i]) pchars[p] += chars[i];
        }
    }
    s->body_chars = chars[root];
    /* per element: sibling groups, sections, prose, sidebar trees */
    uint32_t sig[SIGS];
    group_t g[SIGS];
    for (int i = root; i < cnt; i++) {
        const wn_node_t *n = &d->n[i];
        if ((n->flags & WN_F_TEXT) || (state[i] & 1)) continue;
        if (!(state[i] & 2)) {
            if (pchars[i] > s->prose_max) s->prose_max = pchars[i];
        }
        int t = n->tag;
        /* a sidebar tree: nested link lists in chrome or in a box named so */
        if ((t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE || (wbits[i] & W_SIDE)) && lchars[i] > 0) {
            int links = 0, nested = 0;
            for (int j = i + 1; j < n->end; j++) {
                if (d->n[j].tag == GUMBO_TAG_A) links++;
                if ((d->n[j].tag == GUMBO_TAG_UL || d->n[j].tag == GUMBO_TAG_OL) && d->n[j].parent >= 0 &&
                    d->n[d->n[j].parent].tag == GUMBO_TAG_LI)
                    nested++;
            }
            if (nested >= 2 && links > s->sidetree_links) s->sidetree_links = links;
            i = n->end - 1; /* the inner boxes are part of it */
            continue;
        }
        if (state[i] & 2) continue;
        int ng = 0, sections = 0;
        for (int j = i + 1; j < n->end; j = d->n[j].end) {
            const wn_node_t *c = &d->n[j];
            if ((c->flags & WN_F_TEXT) || (state[j] & 1) || chars[j] == 0) continue;
            if (c->tag == GUMBO_TAG_SECTION) sections++;
            uint32_t sg = signature(d, j);
            int k = 0;
            while (k < ng && sig[k] != sg) k++;
            if (k == ng) {
                if (ng == SIGS) continue;
                sig[ng] = sg;
                memset(&g[ng], 0, sizeof g[ng]);
                g[ng].parent = i;
                g[ng].first = j;
                ng++;
            }
            group_t *gr = &g[k];
            gr->members++;
            gr->chars += chars[j];
            gr->link_chars += lchars[j];
            uint16_t h = has[j];
            gr->with_time += (h & H_TIME) != 0;
            gr->with_poster += (h & H_POSTER) != 0;
            gr->with_price += (h & H_PRICE) != 0;
            gr->with_linkhead += (h & (H_LINKHEAD)) != 0;
            gr->with_link += (h & (H_LINKHEAD | H_LINK)) != 0;
            gr->with_body += (h & (H_POSTBODY | H_COMMENT)) != 0;
            gr->with_img += (h & H_IMG) != 0;
        }
        if (sections > s->sections_max) s->sections_max = sections;
        for (int k = 0; k < ng; k++) {
            group_t *gr = &g[k];
            if (gr->members < 3 || gr->chars < (uint32_t)gr->members * 15) continue; /* a menu's items */
            /* more members weigh more: a grid of 30 cards over the page's
             * three wrappers that hold it */
            if (group_weight(gr) > group_weight(&s->best)) s->best = *gr;
        }
    }
    s->main_chars = s->body_chars;
}

int wn_pagetype_same_kind(const wn_dom_t *d, int a, int b) { return signature(d, a) == signature(d, b); }

/* ---- the classifier ----------------------------------------------------------- */

void wn_pagetype_classify(const wn_dom_t *d, wn_arena_t *a, const wn_meta_t *m, const char *url,
                          const char *const *ld, const size_t *ld_len, size_t n_ld, wn_pagetype_result_t *r) {
    memset(r, 0, sizeof *r);
    r->group = r->group_first = -1;
    uint64_t f = 0;
    url_evidence(url && *url ? url : m ? m->canonical_url : NULL, &f);
    /* schema.org: JSON-LD, microdata, og:type, generator */
    schema_count_t sc;
    memset(&sc, 0, sizeof sc);
    for (size_t k = 0; k < n_ld; k++) jsonld_types(ld[k], ld_len[k], &sc);
    int end = d->body > 0 ? d->body : d->count;
    for (int i = 0; i < d->count; i++) {
        const wn_node_t *n = &d->n[i];
        if (n->flags & WN_F_TEXT) continue;
        const char *it = n->amask ? wn_dom_attr(d, i, "itemtype") : NULL;
        if (it) {
            /* "http://schema.org/Product", several types space-separated */
            for (const char *p = it; *p;) {
                while (*p == ' ') p++;
                const char *q = p;
                while (*q && *q != ' ') q++;
                if (q > p) schema_name(p, (size_t)(q - p), &sc);
                p = q;
            }
        }
        if (i >= end || n->tag != GUMBO_TAG_META) continue;
        const char *prop = wn_dom_attr(d, i, "property"), *name = wn_dom_attr(d, i, "name");
        const char *content = wn_dom_attr(d, i, "content");
        if (!content) continue;
        if (prop && !strcasecmp(prop, "og:type")) {
            while (*content == ' ' || *content == '\n') content++;
            if (!strncasecmp(content, "product.group", 13) || !strncasecmp(content, "product:group", 13))
                sc.rows[E_SCHEMA_COLLECTION]++;
            else if (!strncasecmp(content, "product", 7) || strstr(content, ":item") || strstr(content, ":product"))
                sc.rows[E_SCHEMA_PRODUCT]++;
            else if (!strncasecmp(content, "article", 7))
                sc.rows[E_SCHEMA_ARTICLE]++;
        }
        if (name && !strcasecmp(name, "generator")) {
            static const char *const forum[] = {"discourse", "vbulletin", "xenforo", "phpbb", "flarum", "nodebb",
                                                "vanilla", "mybb", "smf", "simple machines", "invision", "discuz",
                                                "lemmy", "lobsters", NULL};
            static const char *const doc[] = {"sphinx", "docutils", "mkdocs", "docusaurus", "rustdoc", "gitbook",
                                              "bookdown", "vuepress", "vitepress", "docsify", "mdbook", "dokuwiki",
                                              "antora", "starlight", "nextra", "docfx", "jsdoc", "doxygen",
                                              "javadoc", "hexo-theme-docs", NULL};
            static const char *const shop[] = {"woocommerce", "shopify", "magento", "prestashop", "opencart",
                                               "bigcommerce", "shopware", "oxid", NULL};
            if (generator_in(content, forum)) f |= 1ull << E_GEN_FORUM;
            if (generator_in(content, doc)) f |= 1ull << E_GEN_DOC;
            if (generator_in(content, shop)) f |= 1ull << E_GEN_SHOP;
        }
    }
    for (int k = 0; k < E_COUNT; k++)
        if (sc.rows[k]) f |= 1ull << k;
    if (sc.question && !sc.faq) f |= 1ull << E_SCHEMA_FORUM; /* a question with its answers: Q&A */
    if (sc.faq) f |= 1ull << E_SCHEMA_SERVICE;
    /* a Product among many is a grid's item, not the page's subject */
    if (sc.rows[E_SCHEMA_PRODUCT] >= 4 && !(f & (1ull << E_URL_PRODUCT))) {
        f &= ~(1ull << E_SCHEMA_PRODUCT);
        f |= 1ull << E_SCHEMA_COLLECTION;
    }
    /* structure */
    structure_t s;
    wtab_t wt;
    wtab_init(&wt);
    scan_structure(d, a, &wt, &s);
    const group_t *g = &s.best;
    /* the group as the items of a listing: cards that show a picture or
     * whose titles link to the item (a run of bare links is a page's
     * navigation or an article's link list as often) */
    if (g->members >= 3 && (g->with_linkhead * 2 >= g->members || g->with_img * 2 >= g->members)) {
        r->group = g->parent;
        r->group_first = g->first;
    }
    if (s.forum_words >= 2) f |= 1ull << E_FORUM_MARKUP;
    if (s.comment_items >= 2) f |= 1ull << E_SCHEMA_COMMENTS;
    uint32_t body = s.body_chars ? s.body_chars : 1;
    if (g->members >= 2) {
        /* posts name a poster and a time; cards (a blog's index) may too,
         * but their titles link to the story */
        int postish = g->with_poster * 2 >= g->members &&
                      (g->with_time * 2 >= g->members || g->with_body * 2 >= g->members) &&
                      g->with_linkhead * 2 < g->members;
        if (postish && g->chars * 10 >= body * 4) f |= 1ull << E_POSTS;
        else if (postish && g->members >= 3) f |= 1ull << E_POSTS_SOME;
        int cardish = g->members >= 5 && g->with_link * 10 >= g->members * 6 && !postish;
        if (cardish && g->chars * 10 >= body * 3) {
            f |= 1ull << E_CARDS;
            /* cards that link without a picture or a linked heading
             * (a title link in a <div>) hold much of the page: items too,
             * when there are 8 or more, short (a card's title and line:
             * under 300 characters each; a document's sections are not
             * cards) and not bare links (a quarter of their text is not
             * the link: a section page's run of story links stays no
             * content) */
            if (r->group < 0 && g->members >= 8 && g->chars < (uint32_t)g->members * 300 &&
                g->link_chars * 4 <= g->chars * 3) {
                r->group = g->parent;
                r->group_first = g->first;
            }
            if (g->with_price * 2 >= g->members) f |= 1ull << E_CARDS_PRICED;
            if (g->chars * 10 >= body * 5 && s.prose_max < 1500) f |= 1ull << E_CARDS_DOMINANT;
        }
    }
    if (s.carts >= 1) f |= 1ull << E_CART;
    if (s.prices >= 1 && s.prices <= 6 && !(f & (1ull << E_CARDS_PRICED))) f |= 1ull << E_PRICES_FEW;
    if (s.pre >= 2) f |= 1ull << E_CODE;
    if (s.pre >= 8) f |= 1ull << E_CODE_MANY;
    if (s.sidetree_links >= 25) f |= 1ull << E_SIDETREE;
    if (s.doc_words >= 3) f |= 1ull << E_DOC_MARKUP;
    if (s.sections_max >= 5) f |= 1ull << E_SECTIONS;
    if (s.cta >= 3) f |= 1ull << E_CTA;
    if (s.service_words >= 4) f |= 1ull << E_SERVICE_MARKUP;
    if (s.prose_max >= 1500 && s.prose_max * 10 >= body * 3) f |= 1ull << E_PROSE;
    if (s.prose_max * 10 < body) f |= 1ull << E_NO_PROSE;
    if (m && m->author && m->date) f |= 1ull << E_BYLINE;
    /* scores */
    r->fired = f;
    r->score[WN_PAGE_ARTICLE] = ARTICLE_PRIOR;
    for (int k = 0; k < E_COUNT; k++)
        if (f & (1ull << k)) r->score[evidence[k].type] += evidence[k].weight;
    wn_page_type_t best = WN_PAGE_ARTICLE;
    for (int t = WN_PAGE_ARTICLE; t < WN_PAGE_TYPES; t++)
        if (r->score[t] > r->score[best]) best = (wn_page_type_t)t;
    /* a tie between the article and the service page, on a page with a
     * service's markup and no byline, goes to the service page: its
     * profile keeps an article's choice that holds the prose
     * (sections-article), and a landing page's sections otherwise */
    if (best == WN_PAGE_ARTICLE && r->score[WN_PAGE_SERVICE] == r->score[WN_PAGE_ARTICLE] &&
        (f & (1ull << E_SERVICE_MARKUP)) && !(f & (1ull << E_BYLINE)))
        best = WN_PAGE_SERVICE;
    r->type = best;
#ifdef WN_DEBUG
    if (getenv("WN_PAGETYPE")) {
        fprintf(stderr, "PAGETYPE {\"type\":\"%s\",\"ev\":[", type_names[best]);
        int first = 1;
        for (int k = 0; k < E_COUNT; k++)
            if (f & (1ull << k)) {
                fprintf(stderr, "%s\"%s\"", first ? "" : ",", evidence[k].name);
                first = 0;
            }
        fprintf(stderr,
                "],\"g\":{\"members\":%d,\"chars\":%u,\"lc\":%u,\"time\":%d,\"poster\":%d,\"price\":%d,\"linkhead\":%d,"
                "\"link\":%d,\"body\":%d,\"img\":%d},\"body\":%u,\"pre\":%d,\"sections\":%d,\"cta\":%d,\"prices\":%d,"
                "\"carts\":%d,\"side\":%d,\"docw\":%d,\"servw\":%d,\"forumw\":%d,\"comments\":%d,\"prose\":%u}\n",
                g->members, g->chars, g->link_chars, g->with_time, g->with_poster, g->with_price, g->with_linkhead,
                g->with_link, g->with_body, g->with_img, s.body_chars, s.pre, s.sections_max, s.cta, s.prices,
                s.carts, s.sidetree_links, s.doc_words, s.service_words, s.forum_words, s.comment_items,
                s.prose_max);
    }
#endif
}
