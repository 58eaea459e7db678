/* lines.h -- private: tests on the text of one line (see lines.c). Every
 * `s` is a block's text as wn_dom_text gives it (blanks collapsed),
 * NUL-terminated at s[n]. */
#ifndef WN_LINES_H
#define WN_LINES_H

#include <stddef.h>

#include "extract/lexicon.h"

/* Equality of two texts with runs of blanks as one blank, ends trimmed. */
int wn_same_text(const char *a, const char *b);

/* Nonzero if `t` is `title`, or one begins with the other (12+ bytes),
 * without case: the heading that carries the page's title. */
int wn_like_title(const char *t, const char *title);

/* Nonzero if s[0..n) is a byline or a dateline: a short line with a date
 * ("12.03.2024", "3 de mayo de 2025", "Mar 8, 2025"), a reading time, a
 * relative date, or a byline lead-in (lexicon.c, WN_LEAD_LINE). Two
 * sentences are text. With `dated_labels`, a short line of a label and a
 * date of the article's subject ("Deadline: 03.11.2025") is text. */
int wn_line_byline(const char *s, size_t n, int dated_labels);

/* Nonzero if s[0..n) has no letter or digit at all ("💡", "* * *"). */
int wn_line_symbols(const char *s, size_t n);

/* Nonzero for a short count with no words: "14", "1.2K", "(3)". */
int wn_line_count(const char *s, size_t n);

/* Nonzero if s[0..n) ends a sentence (. ! ? : ; 。, before quotes and ')'). */
int wn_line_ends_sentence(const char *s, size_t n);

/* Number of blank-separated words in s[0..n). */
int wn_line_words(const char *s, size_t n);

/* Nonzero if s[0..n) is a picture's caption or credit line ("Foto: ...",
 * "© Agency", "Abbildung 4: ..."). `set`: wn_lex_credit_marks as a set, or
 * NULL. */
int wn_line_credit(const char *s, size_t n, const wn_substrset_t *set);

/* Nonzero if s speaks of the site (its comments, newsletter, cookies,
 * legal pages, subscriptions, copyright). `set`: wn_lex_site_words as a
 * case-insensitive set, or NULL. */
int wn_line_about_site(const char *s, const wn_substrset_t *set);

/* Fraction of the words of s[0..n) that are stop words (ASCII-lowercased);
 * the word count goes to *words_out. `stop`: the stop-word set, or NULL. */
double wn_stop_density(const char *s, size_t n, int *words_out, const wn_wordset_t *stop);

#endif
