/* profile.c -- page-type profiles: what a kind of page changes in the
 * extraction (docs/extraction.md, "Page types and profiles").
 *
 * A profile switches passes off (off) or on (on: passes that are off by
 * default), and may bring its own tuning (three instances, one per bias).
 * The article profile is the extractor's behaviour for every page: it
 * switches nothing and uses the standard tuning. The other types take the
 * article profile until they get their own (forum threads, listings,
 * collections, service, product and documentation pages have one).
 */
#include "extract/page.h"

static const wn_profile_t article = {
    .name = "article",
    .type = WN_PAGE_ARTICLE,
    .off = {{0, 0}},
    .on = {{0, 0}},
    .tuning = NULL,
};

#define BIT(id) ((uint64_t)1 << ((id) & 63))
#define SET1(id) {{(id) < 64 ? BIT(id) : 0, (id) >= 64 ? BIT(id) : 0}}
#define SET3(a, b, c) {{((a) < 64 ? BIT(a) : 0) | ((b) < 64 ? BIT(b) : 0) | ((c) < 64 ? BIT(c) : 0), ((a) >= 64 ? BIT(a) : 0) | ((b) >= 64 ? BIT(b) : 0) | ((c) >= 64 ? BIT(c) : 0)}}
#define SET2(a, b) {{((a) < 64 ? BIT(a) : 0) | ((b) < 64 ? BIT(b) : 0), ((a) >= 64 ? BIT(a) : 0) | ((b) >= 64 ? BIT(b) : 0)}}
#define SET3(a, b, c) {{((a) < 64 ? BIT(a) : 0) | ((b) < 64 ? BIT(b) : 0) | ((c) < 64 ? BIT(c) : 0), ((a) >= 64 ? BIT(a) : 0) | ((b) >= 64 ? BIT(b) : 0) | ((c) >= 64 ? BIT(c) : 0)}}

/* A thread (a forum or a Q&A page): the answers and replies are content,
 * not comments -- every post in page order (posts), none pruned as a
 * comment section (comments) nor as a reply to the first post (forum),
 * nor as a form (form: a reply shown inside its own edit form). */
static const wn_profile_t forum = {
    .name = "forum",
    .type = WN_PAGE_FORUM,
    .off = SET3(WN_PASS_COMMENTS, WN_PASS_FORUM, WN_PASS_FORM),
    .on = SET2(WN_PASS_POSTS, WN_PASS_REPEATS),
    .tuning = NULL,
};

/* A listing (stories, courses, jobs) or a collection (a shop's grid): the
 * page's dominant group of alike boxes is the content, after the title
 * heading and its introduction (items); the rules that would prune inside
 * the items only mark what they prune. */
static const wn_profile_t listing = {
    .name = "listing",
    .type = WN_PAGE_LISTING,
    .off = {{0, 0}},
    .on = SET3(WN_PASS_ITEMS, WN_PASS_SECTIONS, WN_PASS_REPEATS),
    .tuning = NULL,
};

static const wn_profile_t collection = {
    .name = "collection",
    .type = WN_PAGE_COLLECTION,
    .off = {{0, 0}},
    .on = SET3(WN_PASS_ITEMS, WN_PASS_SECTIONS, WN_PASS_REPEATS),
    .tuning = NULL,
};

/* A page that sells a service (landing, features, pricing): every content
 * section (sections), the vocabulary's boxes only marked, as for items. */
static const wn_profile_t service = {
    .name = "service",
    .type = WN_PAGE_SERVICE,
    .off = {{0, 0}},
    .on = SET2(WN_PASS_SECTIONS, WN_PASS_REPEATS),
    .tuning = NULL,
};

/* A product page: the article's choice when it holds enough text, else
 * the product's box (product), with what the vocabulary pruned brought
 * back as for a service page; its customer reviews are the product's, not
 * comments (comments). */
static const wn_profile_t product = {
    .name = "product",
    .type = WN_PAGE_PRODUCT,
    .off = SET1(WN_PASS_COMMENTS),
    .on = SET2(WN_PASS_PRODUCT, WN_PASS_REPEATS),
    .tuning = NULL,
};

/* Documentation: the page's sections together (docs); its sidebar tree,
 * on-page contents, "edit this page" and prev/next links are chrome to the
 * article's rules already, its code blocks and admonitions content. */
static const wn_profile_t documentation = {
    .name = "documentation",
    .type = WN_PAGE_DOCUMENTATION,
    .off = {{0, 0}},
    .on = SET1(WN_PASS_DOCS),
    .tuning = NULL,
};

const wn_profile_t *wn_profile_of(wn_page_type_t t) {
    switch (t) {
    case WN_PAGE_FORUM:
        return &forum;
    case WN_PAGE_LISTING:
        return &listing;
    case WN_PAGE_COLLECTION:
        return &collection;
    case WN_PAGE_SERVICE:
        return &service;
    case WN_PAGE_PRODUCT:
        return &product;
    case WN_PAGE_DOCUMENTATION:
        return &documentation;
    case WN_PAGE_ARTICLE:
    default:
        return &article;
    }
}
