/* posts.h -- private: the posts of a thread (forum and Q&A pages).
 *
 * On a forum thread or a Q&A page every post is main content: the
 * question, the answers, the replies, in page order. A post is found by
 * its text's container -- the body markup of forum engines and Q&A sites
 * (itemprop="text" of a schema.org Comment, Answer, Question or
 * DiscussionForumPosting; class names such as bbWrapper, post-body,
 * message-content, cooked) -- and reaches up to the largest box that holds
 * no other post's text: its header names the poster and the time. What
 * stands around the body in that box (vote counts, badges, join dates,
 * signatures, "Quote" and "Reply" buttons) is left out: only the poster,
 * the time and the body are kept.
 */
#ifndef WN_POSTS_H
#define WN_POSTS_H

#include "html/dom.h"
#include "winnow/arena.h"

/* One post: node indexes into the tree, -1 when absent. */
typedef struct wn_post_ref {
    int post;   /* the post's box */
    int author; /* the element naming the poster */
    int date;   /* the element holding the time (a <time>, or one named for a date) */
    int body;   /* the post's text */
    int card;   /* the poster's card the name was taken from (its rank, join date, counts left out), or -1 */
} wn_post_ref_t;

/* Finds the posts of the thread in `d` (nodes marked WN_F_DEAD are left
 * out). Returns the number found (0 or 1: not a thread this finder knows;
 * at most `max`) and sets *out to an array in `a` in page order. */
int wn_posts_find(const wn_dom_t *d, wn_arena_t *a, int max, wn_post_ref_t **out);

#endif
