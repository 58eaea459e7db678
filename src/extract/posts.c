/* posts.c -- the posts of a thread (see posts.h). */
#include "extract/posts.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/wordset.h"
#include "extract/lines.h"
#include "extract/page.h"

/* Class-name parts that mark a post's text in forum engines and Q&A sites
 * (XenForo bbWrapper, phpBB/vBulletin postbody and postcontent, Discourse
 * cooked, Stack Exchange js-post-body, Reddit usertext-body, and the
 * generic post/message body and content; Invision Community's is marked
 * data-role="commentContent", is_body). Comment bodies are not posts: on
 * a Q&A page they are the remarks under a question or an answer. */
static const char *const body_parts[] = {"bbwrapper", "postbody", "post-body", "post_body", "postcontent",
                                         "post-content", "post_content", "postmessage", "post-message",
                                         "post_message", "message-body", "messagebody", "message-content",
                                         "messagecontent", "message_content", "cooked", "reply-content",
                                         "answer-body", "usertext-body", "post-text", "posttext", "topic-content",
                                         "forum-post-body", NULL};

/* Class-name parts of the element that names a post's author. */
static const char *const author_parts[] = {"username", "user-name", "poster", "author", "creator", "member-name",
                                           "display-name", "displayname", "nickname", "user-link", "user-details",
                                           NULL};

/* Class words of an element holding a post's time. */
static const char *const date_words[] = {"date", "time", "timestamp", "datetime", "posted", "published", "ago",
                                         "relativetime", NULL};

#define POST_CLIMB 6 /* levels a post's box may reach above its text */

static int class_has(const char *c, const char *const *parts) {
    if (!c) return 0;
    for (size_t k = 0; parts[k]; k++)
        if (wn_ci_contains(c, parts[k])) return 1;
    return 0;
}

/* Nonzero if element i is a post's text. */
static int is_body(const wn_dom_t *d, int i) {
    const wn_node_t *n = &d->n[i];
    if (n->flags & WN_F_TEXT) return 0;
    const char *ip = wn_dom_attr(d, i, "itemprop");
    if (ip && (!strcasecmp(ip, "text") || !strcasecmp(ip, "commentText"))) {
        /* the text of a remark under a post ("comment-copy" in a box named
         * comment) is not a post */
        for (int p = i, k = 0; p >= 0 && k < 4; p = d->n[p].parent, k++)
            if (wn_dom_has_token(d, p, "comment") || wn_dom_has_token(d, p, "comments")) return 0;
        return 1;
    }
    /* Invision Community marks a post's text data-role="commentContent" */
    const char *dr = wn_dom_attr(d, i, "data-role");
    if (dr && !strcasecmp(dr, "commentContent")) return 1;
    return class_has(n->cls, body_parts);
}

/* Nonzero if the class or id of element i has one of the words (split on
 * space, '-' and '_'). */
static int has_word(const wn_dom_t *d, int i, const char *const *words) {
    for (size_t k = 0; words[k]; k++)
        if (wn_dom_has_token(d, i, words[k])) return 1;
    return 0;
}

/* Nonzero if s holds a digit. */
static int has_digit(const wn_dom_t *d, int i) {
    for (int j = i + 1; j < d->n[i].end; j++) {
        const wn_node_t *t = &d->n[j];
        if (!(t->flags & WN_F_TEXT)) continue;
        for (size_t k = 0; k < t->text_len; k++)
            if (isdigit((unsigned char)t->text[k])) return 1;
    }
    return 0;
}

/* The text weight of subtree i, counted up to `cap` (pruned or not). */
static uint32_t text_weight(const wn_dom_t *d, int i, uint32_t cap) {
    uint32_t w = 0;
    for (int j = i + 1; j < d->n[i].end && w < cap; j++)
        if (d->n[j].flags & WN_F_TEXT) w += d->n[j].tw;
    return w;
}

/* A date element in subtree q (outside body b), or -1. */
static int date_in(const wn_dom_t *d, int q, int b) {
    for (int j = q; j < d->n[q].end; j++) {
        const wn_node_t *n = &d->n[j];
        if (j == b) {
            j = d->n[b].end - 1;
            continue;
        }
        if (n->flags & WN_F_TEXT) continue;
        uint32_t tw = text_weight(d, j, 60);
        if (tw > 0 && tw < 60 && (n->tag == GUMBO_TAG_TIME || (has_word(d, j, date_words) && has_digit(d, j))))
            return j;
    }
    return -1;
}

/* The element naming the poster inside the poster's card a (a forum's
 * user box marked itemprop=author also holds the poster's rank, location,
 * join date and message count): its itemprop=name, else its element named
 * for a user name, else its first link with text; a itself when none
 * holds less text than it. */
static int poster_name(const wn_dom_t *d, int a) {
    uint32_t all = text_weight(d, a, 80);
    int named = -1, link = -1;
    for (int j = a + 1; j < d->n[a].end; j++) {
        const wn_node_t *n = &d->n[j];
        if (n->flags & WN_F_TEXT) continue;
        uint32_t tw = text_weight(d, j, 80);
        if (tw == 0 || tw >= all) continue;
        const char *ip = wn_dom_attr(d, j, "itemprop");
        if (ip && !strcasecmp(ip, "name")) return j;
        if (named < 0 && class_has(n->cls, author_parts)) named = j;
        if (link < 0 && n->tag == GUMBO_TAG_A) link = j;
    }
    return named >= 0 ? named : link >= 0 ? link : a;
}

/* The poster and the time of post p, outside its body b. The poster
 * marked itemprop=author wins over a name in an earlier signature (a Q&A
 * post shows its last editor's card before its poster's), and the time
 * is then looked for in the poster's own card first (up to 3 levels up).
 * A card without a time gives only the poster's name (poster_name). */
static void post_meta(const wn_dom_t *d, wn_post_ref_t *r) {
    int p = r->post, b = r->body;
    for (int j = p + 1; j < d->n[p].end && r->author < 0; j++) {
        if (j == b) {
            j = d->n[b].end - 1;
            continue;
        }
        if (d->n[j].flags & WN_F_TEXT) continue;
        const char *ip = wn_dom_attr(d, j, "itemprop");
        uint32_t tw = ip && !strcasecmp(ip, "author") ? text_weight(d, j, 80) : 0;
        if (tw > 0 && tw < 80) r->author = j;
    }
    for (int q = r->author >= 0 ? d->n[r->author].parent : -1, lv = 0; q > p && lv < 3 && r->date < 0;
         q = d->n[q].parent, lv++)
        if (!wn_is_ancestor(d, q, b)) r->date = date_in(d, q, b);
    for (int j = p; j < d->n[p].end && (r->author < 0 || r->date < 0); j++) {
        const wn_node_t *n = &d->n[j];
        if (j == b) {
            j = d->n[b].end - 1;
            continue;
        }
        if (n->flags & WN_F_TEXT) continue;
        /* (pruned boxes too: a poster's name in a box named "signature") */
        uint32_t tw = text_weight(d, j, 80);
        if (r->author < 0 && tw > 0 && tw < 80) {
            const char *ip = wn_dom_attr(d, j, "itemprop");
            if ((ip && !strcasecmp(ip, "author")) || class_has(n->cls, author_parts)) {
                r->author = j;
                j = n->end - 1;
                continue;
            }
        }
        if (r->date < 0 && tw > 0 && tw < 60 &&
            (n->tag == GUMBO_TAG_TIME || (has_word(d, j, date_words) && has_digit(d, j)))) {
            r->date = j;
            j = n->end - 1;
        }
    }
    /* (a card holding a time too is the post's header: it stays whole) */
    if (r->author >= 0 && date_in(d, r->author, b) < 0) {
        int name = poster_name(d, r->author);
        if (name != r->author) r->card = r->author;
        r->author = name;
    }
}

int wn_posts_find(const wn_dom_t *d, wn_arena_t *a, int max, wn_post_ref_t **out) {
    *out = NULL;
    int root = d->body ? d->body : 0, n = 0, cap = 0;
    int *body = NULL;
    for (int i = root; i < d->count; i++) {
        const wn_node_t *nd = &d->n[i];
        if (nd->flags & WN_F_TEXT) continue;
        if (nd->flags & WN_F_DEAD) {
            i = nd->end - 1;
            continue;
        }
        if (!is_body(d, i) || nd->chars == 0) continue;
        if (n == cap) {
            int nc = cap ? cap * 2 : 64;
            if (nc > max) nc = max;
            if (nc <= cap) break;
            int *nb = wn_arena_alloc(a, (size_t)nc * sizeof *nb);
            if (!nb) return 0;
            if (n) memcpy(nb, body, (size_t)n * sizeof *nb);
            body = nb;
            cap = nc;
        }
        body[n++] = i;
        i = nd->end - 1; /* the outermost body: a quote inside is part of it */
    }
    if (n < 2) return 0;
    wn_post_ref_t *r = wn_arena_alloc(a, (size_t)n * sizeof *r);
    if (!r) return 0;
    for (int k = 0; k < n; k++) {
        int p = body[k];
        /* up to the largest box that holds no other post's text */
        for (int lv = 0; lv < POST_CLIMB; lv++) {
            int q = d->n[p].parent;
            if (q <= root || q < 0) break;
            if (k > 0 && body[k - 1] >= q) break;
            if (k + 1 < n && body[k + 1] < d->n[q].end) break;
            p = q;
        }
        r[k] = (wn_post_ref_t){p, -1, -1, body[k], -1};
        post_meta(d, &r[k]);
    }
    *out = r;
    return n;
}

/* The posts pass (forum profile): every post of the thread in page order,
 * as the chosen roots -- its poster, its time and its text, in the order
 * they stand -- and in pg->ch.posts. A heading in a post that repeats the
 * thread's title ("Re: <title>") is not its text. Fewer than two posts:
 * the choice stays as it is. */
void wn_pass_posts(wn_page_t *pg) {
    wn_dom_t *d = pg->d;
    wn_choice_t *out = &pg->ch;
    const char *title = pg->meta.title;
    wn_post_ref_t *posts = NULL;
    int np = wn_posts_find(d, pg->a, WN_MAX_ROOTS / 3, &posts);
    if (np < 2) return;
    int npr = 0;
    for (int k = 0; k < np; k++) {
        int parts[3] = {posts[k].author, posts[k].date, posts[k].body}, sorted[3], ns = 0;
        for (int q = 0; q < 3; q++)
            if (parts[q] >= 0 && !(d->n[parts[q]].flags & WN_F_DEAD)) sorted[ns++] = parts[q];
        for (int j = posts[k].body + 1; j < d->n[posts[k].body].end && title; j++) {
            if (!wn_tag_is(d->n[j].tag, WN_TAG_HEADING)) continue;
            char hb[512];
            wn_dom_text(d, j, 1, hb, sizeof hb);
            const char *h = hb;
            if (!strncasecmp(h, "re:", 3)) h += 3;
            while (*h == ' ') h++;
            if (wn_like_title(h, title)) wn_drop(pg, j, WN_F_DROP, WN_PASS_POSTS);
            j = d->n[j].end - 1;
        }
        for (int x = 1; x < ns; x++)
            for (int y = x; y > 0 && sorted[y - 1] > sorted[y]; y--) {
                int t = sorted[y];
                sorted[y] = sorted[y - 1];
                sorted[y - 1] = t;
            }
        if (posts[k].card >= 0) wn_decide(pg, posts[k].card, WN_PASS_POSTS); /* left out but the name */
        for (int q = 0; q < ns; q++) {
            out->roots[npr++] = sorted[q];
            wn_decide(pg, sorted[q], WN_PASS_POSTS);
        }
    }
    out->n_roots = npr;
    out->none = 0;
    out->posts = posts;
    out->n_posts = np;
}
